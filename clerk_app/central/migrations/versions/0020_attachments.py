"""attachments: content-addressed blobs and the files captured for a case's checklist lines

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_blobs"),
    )
    op.create_table(
        "case_attachments",
        sa.Column("upload_id", sa.String(36), nullable=False),
        sa.Column("hall_code", sa.String(16), nullable=False),
        sa.Column("case_number", sa.String(40), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("material_code", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(40), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("captured_by", sa.String(64), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["hall_code"], ["halls.code"], name="fk_case_attachments_hall_code_halls"
        ),
        sa.ForeignKeyConstraint(
            ["case_number"], ["cases.number"], name="fk_case_attachments_case_number_cases"
        ),
        sa.PrimaryKeyConstraint("upload_id", name="pk_case_attachments"),
    )
    op.create_index("ix_case_attachments_case", "case_attachments", ["case_number", "line_no"])
    op.create_index("ix_case_attachments_sha256", "case_attachments", ["sha256"])


def downgrade() -> None:
    op.drop_index("ix_case_attachments_sha256", table_name="case_attachments")
    op.drop_index("ix_case_attachments_case", table_name="case_attachments")
    op.drop_table("case_attachments")
    op.drop_table("blobs")

"""materials: purged_at of a file removed by retention, the audited views, the hall's settings

Revision ID: 0024
Revises: 0023
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case_attachments") as batch:
        batch.add_column(sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "attachment_views",
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("audited_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username", "subject", name="pk_attachment_views"),
    )
    op.create_table(
        "hall_material_settings",
        sa.Column("hall_code", sa.String(16), nullable=False),
        sa.Column("missing_ecopy_blocks", sa.Boolean(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=True),
        sa.Column("library_shared_with", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["hall_code"], ["halls.code"], name="fk_hall_material_settings_hall_code_halls"
        ),
        sa.PrimaryKeyConstraint("hall_code", name="pk_hall_material_settings"),
    )


def downgrade() -> None:
    op.drop_table("hall_material_settings")
    op.drop_table("attachment_views")
    with op.batch_alter_table("case_attachments") as batch:
        batch.drop_column("purged_at")

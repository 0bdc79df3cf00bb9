"""library: the shared materials library (一号匹配 / 免提交), its uses, and what a captured
material's upload says of the document (valid until, issuer)

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "library_entries",
        sa.Column("entry_id", sa.String(36), nullable=False),
        sa.Column("hall_code", sa.String(16), nullable=False),
        sa.Column("id_kind", sa.String(32), nullable=False),
        sa.Column("nationality", sa.String(3), nullable=False),
        sa.Column("id_number", sa.String(32), nullable=False),
        sa.Column("material_code", sa.String(64), nullable=False),
        sa.Column("material_name", sa.String(300), nullable=False),
        sa.Column("issuer", sa.String(120), nullable=False),
        sa.Column("document_number", sa.String(64), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("source_case", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_by", sa.String(64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(
            ["hall_code"], ["halls.code"], name="fk_library_entries_hall_code_halls"
        ),
        sa.PrimaryKeyConstraint("entry_id", name="pk_library_entries"),
        sa.UniqueConstraint(
            "hall_code",
            "id_kind",
            "nationality",
            "id_number",
            "material_code",
            "sha256",
            name="uq_library_entries_blob",
        ),
    )
    op.create_index(
        "ix_library_entries_applicant",
        "library_entries",
        ["hall_code", "id_kind", "nationality", "id_number"],
    )
    op.create_index("ix_library_entries_sha256", "library_entries", ["sha256"])
    op.create_table(
        "library_uses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(36), nullable=False),
        sa.Column("hall_code", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("used_by", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("case_number", sa.String(40), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["library_entries.entry_id"],
            name="fk_library_uses_entry_id_library_entries",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_library_uses"),
    )
    op.create_index("ix_library_uses_entry_id", "library_uses", ["entry_id"])
    op.create_index("ix_library_uses_case", "library_uses", ["case_number", "line_no"])
    with op.batch_alter_table("case_attachments") as batch:
        batch.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("issuer", sa.String(120), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("case_attachments") as batch:
        batch.drop_column("issuer")
        batch.drop_column("valid_until")
    op.drop_index("ix_library_uses_case", table_name="library_uses")
    op.drop_index("ix_library_uses_entry_id", table_name="library_uses")
    op.drop_table("library_uses")
    op.drop_index("ix_library_entries_sha256", table_name="library_entries")
    op.drop_index("ix_library_entries_applicant", table_name="library_entries")
    op.drop_table("library_entries")

"""library cache: the shared materials library's entries this PC saw per applicant (issue 14)

Entry rows only (no file); ``library_lookups`` notes when the server last answered about an
applicant, so an offline window can say how old what it offers is.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "library_lookups",
        sa.Column("id_kind", sa.String(), nullable=False),
        sa.Column("nationality", sa.String(), nullable=False),
        sa.Column("id_number", sa.String(), nullable=False),
        sa.Column("seen_at", sa.String(), nullable=False),
        sa.Column("as_of", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id_kind", "nationality", "id_number", name="pk_library_lookups"),
    )
    op.create_index("ix_library_lookups_seen_at", "library_lookups", ["seen_at"])
    op.create_table(
        "library_cache",
        sa.Column("entry_id", sa.String(), nullable=False),
        sa.Column("id_kind", sa.String(), nullable=False),
        sa.Column("nationality", sa.String(), nullable=False),
        sa.Column("id_number", sa.String(), nullable=False),
        sa.Column("material_code", sa.String(), nullable=False),
        sa.Column("material_name", sa.String(), nullable=False),
        sa.Column("issuer", sa.String(), nullable=False),
        sa.Column("document_number", sa.String(), nullable=False),
        sa.Column("valid_until", sa.String(), nullable=True),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("source_case", sa.String(), nullable=False),
        sa.Column("hall_code", sa.String(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("filed_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", name="pk_library_cache"),
    )
    op.create_index(
        "ix_library_cache_id_kind_nationality_id_number",
        "library_cache",
        ["id_kind", "nationality", "id_number"],
    )


def downgrade() -> None:
    op.drop_index("ix_library_cache_id_kind_nationality_id_number", table_name="library_cache")
    op.drop_table("library_cache")
    op.drop_index("ix_library_lookups_seen_at", table_name="library_lookups")
    op.drop_table("library_lookups")

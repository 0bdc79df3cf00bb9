"""library: drop ix_library_entries_applicant, a copy of uq_library_entries_blob's leading columns

The unique constraint's index (hall, kind, country, number, code, sha256) already serves the
lookup by applicant (hall, kind, country, number): the second index only cost every filing a
write and the planner a choice.

Revision ID: 0026
Revises: 0025
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_library_entries_applicant", table_name="library_entries")


def downgrade() -> None:
    op.create_index(
        "ix_library_entries_applicant",
        "library_entries",
        ["hall_code", "id_kind", "nationality", "id_number"],
    )

"""cases: the supervisor's deadline alerts by hall, status and promised date

The running cases due soon are a few thousand among a year's million: an index led by the
status finds them without reading the decided cases' promised dates (replaces the
hall-and-date index of 0016).

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_cases_hall_promised", table_name="cases")
    op.create_index(
        "ix_cases_hall_status_promised", "cases", ["hall_code", "status", "promised_date"]
    )


def downgrade() -> None:
    op.drop_index("ix_cases_hall_status_promised", table_name="cases")
    op.create_index("ix_cases_hall_promised", "cases", ["hall_code", "promised_date"])

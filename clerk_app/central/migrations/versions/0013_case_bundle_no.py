"""cases: the bundle number (一件事编号) linking the item cases of one bundle application

Nullable: a single item's case belongs to no bundle. Indexed: case search and hand-out find the
cases of one bundle by it. Cases stored before carry no link (their JSON has no ``bundle``).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("bundle_no", sa.String(length=48), nullable=True))
        batch.create_index(op.f("ix_cases_bundle_no"), ["bundle_no"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index(op.f("ix_cases_bundle_no"))
        batch.drop_column("bundle_no")

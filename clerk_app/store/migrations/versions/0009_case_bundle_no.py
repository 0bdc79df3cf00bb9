"""cases: the bundle number (一件事编号) linking the item cases of one bundle application

Filled from the stored case's JSON where it holds a bundle link; empty for a single item.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a plain column in place: no table rebuild under the events' foreign key
    op.add_column("cases", sa.Column("bundle_no", sa.String(), nullable=True))
    op.execute("UPDATE cases SET bundle_no = json_extract(data, '$.bundle.number')")
    op.create_index(op.f("ix_cases_bundle_no"), "cases", ["bundle_no"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_bundle_no"), table_name="cases")
    op.execute("ALTER TABLE cases DROP COLUMN bundle_no")

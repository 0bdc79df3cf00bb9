"""departments: review_body and court (where the department's decisions are challenged),
credit_code (统一社会信用代码) and level (省/市/县/乡/村)

The notices print the department's review body and court, the hall's where they are empty.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (("review_body", 200), ("court", 200), ("credit_code", 18), ("level", 4))


def upgrade() -> None:
    with op.batch_alter_table("departments") as batch:
        for name, length in _COLUMNS:
            batch.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            )


def downgrade() -> None:
    with op.batch_alter_table("departments") as batch:
        for name, _length in reversed(_COLUMNS):
            batch.drop_column(name)

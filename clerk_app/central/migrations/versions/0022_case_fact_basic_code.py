"""statistics: case facts keep the item's 基本编码 (the 基本事项 grouping)

GB/T 39554: one item has the same 基本编码 in every department and county; the statistics can
count it as one. Cases stored before are filled from their item as it was received.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case_facts") as batch:
        batch.add_column(sa.Column("basic_code", sa.String(64), nullable=False, server_default=""))
    bind = op.get_bind()
    cases = sa.table("cases", sa.column("number", sa.String), sa.column("data", sa.Text))
    facts = sa.table("case_facts", sa.column("number", sa.String), sa.column("basic_code"))
    rows = bind.execute(sa.select(cases.c.number, cases.c.data)).all()
    for number, data in rows:
        document = json.loads(data) if isinstance(data, str) else (data or {})
        code = str((document.get("item") or {}).get("basic_code") or "")[:64]
        if code:
            bind.execute(sa.update(facts).where(facts.c.number == number).values(basic_code=code))


def downgrade() -> None:
    with op.batch_alter_table("case_facts") as batch:
        batch.drop_column("basic_code")

"""queue: a ticket may carry the help desk's pre-check number (帮办预审)

The column is nullable: most tickets come without a pre-check. On PostgreSQL the queue functions
are created again from ``services/queue/calling.sql``: they return whole ``queue_tickets`` rows,
and recreating them after the table changes keeps no session on the old row shape.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clerk_app.central.services.queue import calling_pg

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("queue_tickets") as batch:
        batch.add_column(sa.Column("precheck_no", sa.String(length=40), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        calling_pg.create_functions(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("queue_tickets") as batch:
        batch.drop_column("precheck_no")
    if op.get_bind().dialect.name == "postgresql":
        calling_pg.create_functions(op.get_bind())

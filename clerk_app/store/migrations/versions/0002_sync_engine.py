"""sync engine bookkeeping: case base/server versions, outbox results

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("base_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("server_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("server_data", sa.Text(), nullable=True))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("refusal", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("result_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("changed", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("done_at", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        for name in ("done_at", "changed", "result_version", "refusal", "attempts"):
            batch_op.drop_column(name)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        for name in ("server_data", "server_version", "base_version"):
            batch_op.drop_column(name)

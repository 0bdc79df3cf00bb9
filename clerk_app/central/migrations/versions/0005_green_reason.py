"""queue_tickets.green_reason: why a green-channel ticket was issued (老年人, 残疾人 …)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("queue_tickets") as batch:
        batch.add_column(sa.Column("green_reason", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("queue_tickets") as batch:
        batch.drop_column("green_reason")

"""attachment refusals: when the server refused a file, and who acknowledged it (已知悉)

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("refused_at", sa.String(), nullable=True))
        batch.add_column(sa.Column("acknowledged_by", sa.String(), nullable=True))
        batch.add_column(sa.Column("acknowledged_at", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("acknowledged_at")
        batch.drop_column("acknowledged_by")
        batch.drop_column("refused_at")

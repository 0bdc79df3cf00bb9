"""prechecks: the help desk's pre-checks this PC made or pulled

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prechecks",
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("ticket_no", sa.String(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("server_version", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_prechecks")),
    )
    op.create_index(op.f("ix_prechecks_ticket_no"), "prechecks", ["ticket_no"])


def downgrade() -> None:
    op.drop_index(op.f("ix_prechecks_ticket_no"), table_name="prechecks")
    op.drop_table("prechecks")

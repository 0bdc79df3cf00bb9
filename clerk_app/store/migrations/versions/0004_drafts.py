"""drafts: the acceptance in progress at a window, saved as the clerk types

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("hall", sa.String(), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("hall", "window", "username", name=op.f("pk_drafts")),
    )


def downgrade() -> None:
    op.drop_table("drafts")

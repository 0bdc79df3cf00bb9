"""capture lines: what the window read off a captured document (有效期至, 发证机关) before saving

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capture_lines",
        sa.Column("hall", sa.String(), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("line", sa.String(), nullable=False),
        sa.Column("valid_until", sa.String(), nullable=True),
        sa.Column("issuer", sa.String(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("hall", "window", "username", "line", name="pk_capture_lines"),
    )


def downgrade() -> None:
    op.drop_table("capture_lines")

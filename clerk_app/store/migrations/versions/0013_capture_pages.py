"""capture pages: a line's pages kept during acceptance; attachments' validity and issuer

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capture_pages",
        sa.Column("hall", sa.String(), nullable=False),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("line", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("media_type", sa.String(), nullable=False),
        sa.Column("rotation", sa.Integer(), server_default="0", nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("captured_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint(
            "hall", "window", "username", "line", "position", name="pk_capture_pages"
        ),
    )
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("valid_until", sa.String(), nullable=True))
        batch.add_column(sa.Column("issuer", sa.String(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("issuer")
        batch.drop_column("valid_until")
    op.drop_table("capture_pages")

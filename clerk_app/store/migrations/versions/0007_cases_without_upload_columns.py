"""cases: drop revision, uploaded, uploaded_at and upload_error

The outbox says what of a case waits to be pushed and why the server refused it; these
columns served a plain case upload that no longer exists and were written, never read.

Revision ID: 0007
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = ("revision", "uploaded", "uploaded_at", "upload_error")


def upgrade() -> None:
    op.drop_index("ix_cases_uploaded", table_name="cases")
    for column in _COLUMNS:
        # SQLite drops a plain column in place: no table rebuild under the events' foreign key
        op.execute(f"ALTER TABLE cases DROP COLUMN {column}")


def downgrade() -> None:
    op.add_column("cases", sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("cases", sa.Column("uploaded", sa.Boolean(), nullable=False, server_default="0"))
    op.add_column("cases", sa.Column("uploaded_at", sa.String(), nullable=True))
    op.add_column("cases", sa.Column("upload_error", sa.Text(), nullable=True))
    op.create_index("ix_cases_uploaded", "cases", ["uploaded"], unique=False)

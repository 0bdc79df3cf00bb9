"""queue: call-next and finish find their window through one function (queue_window_of)

The two PostgreSQL functions of ``services/queue/calling.sql`` began with the same window
lookup; it is now one function both call. The file's functions are created again.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from clerk_app.central.services.queue import calling_pg

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        calling_pg.create_functions(op.get_bind())


def downgrade() -> None:
    # Nothing to undo: the functions as they are now work on the schema of 0020 (0004's
    # downgrade drops all three).
    pass

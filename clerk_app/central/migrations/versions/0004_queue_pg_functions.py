"""queue: call-next and finish as PostgreSQL functions (one round trip each); count index

The functions are the statements of ``services/queue/calling.sql``, the one place their rules
are written for PostgreSQL (``services/queue/calling.py`` states them for SQLite). A rule change
edits that file and adds a migration that runs ``calling_pg.create_functions`` again (as 0011
does); this migration always creates the file's current functions.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from clerk_app.central.services.queue import calling_pg

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_queue_tickets_counts",
        "queue_tickets",
        ["queue_id", "service_date", "status", "issued_at"],
        unique=False,
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    calling_pg.create_functions(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS queue_finish(text, int, text, json, timestamptz)")
        op.execute("DROP FUNCTION IF EXISTS queue_window_of(text, int)")
        op.execute(
            "DROP FUNCTION IF EXISTS"
            " queue_call_next(text, int, text, text, text, timestamptz, date)"
        )
    op.drop_index("ix_queue_tickets_counts", table_name="queue_tickets")

"""Alembic environment of the counter's local store.

``LocalStore`` builds the Alembic ``Config`` in code and hands over its open connection in
``config.attributes["connection"]``; no alembic.ini ships with the app.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from clerk_app.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("the local store runs its migrations on its own connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things: batch mode rebuilds tables
)
with context.begin_transaction():
    context.run_migrations()

"""Call-next and finish on PostgreSQL: one statement each, committed inside the server.

The rules live in the functions of ``calling.sql`` (``queue_call_next``, ``queue_finish``),
which the migrations create with ``create_functions``; SQLite runs the Python path of
``calling.py``, and both run the same tests.

Why a function and not the ORM: every call-next appends to the hall's event log, whose counter
row is locked until the commit. Issued statement by statement from Python, that lock was held
across round trips and GIL waits, and every window of the hall queued behind it. Run with
autocommit, the function's own commit releases it without a round trip in between.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, TextualSelect, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from clerk_app.central.models import Queue, Window
from clerk_app.central.queue_models import Ticket
from clerk_app.central.services.errors import Conflict, Forbidden, NotFound, ServiceError
from clerk_app.central.services.events import mark_events_pending
from clerk_app.central.services.queue.access import WindowCall

FUNCTIONS_SQL = Path(__file__).with_name("calling.sql")
_STATEMENT_SEPARATOR = "\n-- ;;\n"

_ERRORS: dict[str, type[ServiceError]] = {"QC403": Forbidden, "QC404": NotFound, "QC409": Conflict}


class _Rows:
    """One entity's share of a joined row: its attribute keys, in the order of its columns."""

    def __init__(self, entity: type[Any]) -> None:
        mapper = sa_inspect(entity)
        self.entity = entity
        self.columns = tuple(mapper.local_table.c)
        self.keys = tuple(mapper.get_property_by_column(c).key for c in self.columns)

    def load(self, session: Session, values: Sequence[Any]) -> Any:
        """The object of these column values, as the ORM would load it but without building
        its row processors on every call (that was most of this module's CPU). An object of
        the same identity the session already holds is refreshed in place, as
        ``populate_existing`` would."""
        if values[0] is None:
            return None  # the outer join found nothing
        key = identity_key(self.entity, values[0])
        obj = session.identity_map.get(key)
        if obj is None:
            obj = sa_inspect(self.entity).class_manager.new_instance()
        for name, value in zip(self.keys, values, strict=True):
            set_committed_value(obj, name, value)
        return obj


_TICKET, _QUEUE, _WINDOW = _Rows(Ticket), _Rows(Queue), _Rows(Window)


def _with_queue_and_window(function_call: str) -> TextualSelect:
    """The ticket a queue function returns, with its queue and window joined in the same
    statement: the answer names both, and a query of their own was a second round trip on
    every call. The columns are typed and matched by position: the three tables share column
    names (id, hall_id, ...)."""
    parts = (("t", _TICKET), ("q", _QUEUE), ("w", _WINDOW))
    names = ", ".join(f"{alias}.{column.name}" for alias, rows in parts for column in rows.columns)
    return text(
        f"SELECT {names} FROM {function_call} AS t"
        " JOIN queues AS q ON q.id = t.queue_id LEFT JOIN windows AS w ON w.id = t.window_id"
    ).columns(*(column for _alias, rows in parts for column in rows.columns))


_CALL_NEXT = _with_queue_and_window(
    "queue_call_next(:hall, :window_no, :request_id, :clerk, :clerk_name, :now, :day)"
)
_FINISH = _with_queue_and_window(
    "queue_finish(:hall, :window_no, :outcome, CAST(:cases AS json), :now)"
)


def _ticket_of(session: Session, row: Sequence[Any]) -> Ticket:
    """The ticket of a joined row, its queue and window set (no lazy load will be needed)."""
    queue_at = len(_TICKET.columns)
    window_at = queue_at + len(_QUEUE.columns)
    ticket: Ticket = _TICKET.load(session, row[:queue_at])
    set_committed_value(ticket, "queue", _QUEUE.load(session, row[queue_at:window_at]))
    set_committed_value(ticket, "window", _WINDOW.load(session, row[window_at:]))
    return ticket


def function_statements() -> list[str]:
    """The statements of ``calling.sql``, in order."""
    text_ = FUNCTIONS_SQL.read_text(encoding="utf-8")
    return [part for part in text_.split(_STATEMENT_SEPARATOR) if part.strip()]


def create_functions(connection: Connection) -> None:
    """Create (or replace) the queue functions: what a migration runs after a rule change."""
    for statement in function_statements():
        connection.execute(text(statement))


def uses_functions(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _run(session: Session, statement: TextualSelect, params: dict[str, Any]) -> Ticket | None:
    """Run one queue function as its own transaction; the ticket it returns, if any."""
    if session.in_transaction():
        connection = session.connection()
    else:
        # Autocommit: the function's changes commit as it returns, in the same round trip.
        connection = session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    try:
        row = connection.execute(statement, params).one_or_none()
    except DBAPIError as exc:
        session.rollback()
        error = _ERRORS.get(getattr(exc.orig, "sqlstate", None) or "")
        if error is None:
            raise
        diag = getattr(exc.orig, "diag", None)
        raise error(getattr(diag, "message_primary", None) or str(exc.orig)) from None
    ticket: Ticket | None = None
    if row is not None:
        ticket = _ticket_of(session, row)
        mark_events_pending(session, params["hall"])  # wakes this process's streams at once
    session.commit()
    return ticket


def call_next(at: WindowCall, request_id: str, day: date) -> Ticket | None:
    params = {
        "hall": at.hall_code,
        "window_no": at.window_no,
        "request_id": request_id,
        "clerk": at.user.username,
        "clerk_name": at.user.display_name,
        "now": at.now,
        "day": day,
    }
    return _run(at.session, _CALL_NEXT, params)


def finish(at: WindowCall, outcome: str, case_numbers: list[str]) -> Ticket:
    params = {
        "hall": at.hall_code,
        "window_no": at.window_no,
        "outcome": outcome,
        "cases": json.dumps(case_numbers, ensure_ascii=False),
        "now": at.now,
    }
    ticket = _run(at.session, _FINISH, params)
    assert ticket is not None  # the function raises when there is nothing to finish
    return ticket

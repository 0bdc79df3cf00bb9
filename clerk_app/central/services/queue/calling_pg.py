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
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from clerk_app.central.models import Queue, Window
from clerk_app.central.queue_models import Ticket
from clerk_app.central.services.errors import Conflict, Forbidden, NotFound, ServiceError
from clerk_app.central.services.events import mark_events_pending

FUNCTIONS_SQL = Path(__file__).with_name("calling.sql")
_STATEMENT_SEPARATOR = "\n-- ;;\n"

_ERRORS: dict[str, type[ServiceError]] = {"QC403": Forbidden, "QC404": NotFound, "QC409": Conflict}


def _with_queue_and_window(function_call: str) -> Any:
    """The ticket a queue function returns, with its queue and window joined in the same
    statement: the answer names both, and a query of their own was a second round trip (and a
    third of the server's work on the PostgreSQL side) on every call. The columns are matched
    by position, as the three tables share column names (id, hall_id, ...)."""
    tables = (("t", Ticket.__table__), ("q", Queue.__table__), ("w", Window.__table__))
    names = ", ".join(f"{alias}.{column.name}" for alias, table in tables for column in table.c)
    statement = text(
        f"SELECT {names} FROM {function_call} AS t"
        " JOIN queues AS q ON q.id = t.queue_id LEFT JOIN windows AS w ON w.id = t.window_id"
    ).columns(*(column for _alias, table in tables for column in table.c))
    return (
        select(Ticket, Queue, Window)
        .from_statement(statement)
        .execution_options(populate_existing=True)
    )


_CALL_NEXT = _with_queue_and_window(
    "queue_call_next(:hall, :window_no, :request_id, :clerk, :clerk_name, :now, :day)"
)
_FINISH = _with_queue_and_window(
    "queue_finish(:hall, :window_no, :outcome, CAST(:cases AS json), :now)"
)


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


def _run(session: Session, statement: Any, params: dict[str, Any]) -> Ticket | None:
    """Run one queue function as its own transaction; the ticket it returns, if any."""
    if not session.in_transaction():
        # Autocommit: the function's changes commit as it returns, in the same round trip.
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    try:
        row = session.execute(statement, params).one_or_none()
    except DBAPIError as exc:
        session.rollback()
        error = _ERRORS.get(getattr(exc.orig, "sqlstate", None) or "")
        if error is None:
            raise
        diag = getattr(exc.orig, "diag", None)
        raise error(getattr(diag, "message_primary", None) or str(exc.orig)) from None
    ticket: Ticket | None = None
    if row is not None:
        ticket, queue, window = row
        set_committed_value(ticket, "queue", queue)
        set_committed_value(ticket, "window", window)
        mark_events_pending(session, params["hall"])  # wakes this process's streams at once
    session.commit()
    return ticket


def call_next(
    session: Session,
    hall_code: str,
    window_no: int,
    request_id: str,
    clerk: str,
    clerk_name: str,
    now: datetime,
    day: date,
) -> Ticket | None:
    params = {
        "hall": hall_code,
        "window_no": window_no,
        "request_id": request_id,
        "clerk": clerk,
        "clerk_name": clerk_name,
        "now": now,
        "day": day,
    }
    return _run(session, _CALL_NEXT, params)


def finish(
    session: Session,
    hall_code: str,
    window_no: int,
    outcome: str,
    case_numbers: list[str],
    now: datetime,
) -> Ticket:
    params = {
        "hall": hall_code,
        "window_no": window_no,
        "outcome": outcome,
        "cases": json.dumps(case_numbers, ensure_ascii=False),
        "now": now,
    }
    ticket = _run(session, _FINISH, params)
    assert ticket is not None  # the function raises when there is nothing to finish
    return ticket

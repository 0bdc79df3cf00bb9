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

_CALL_NEXT = (
    select(Ticket)
    .from_statement(
        text(
            "SELECT * FROM queue_call_next(:hall, :window_no, :request_id, :clerk, :clerk_name,"
            " :now, :day)"
        )
    )
    .execution_options(populate_existing=True)
)
_FINISH = (
    select(Ticket)
    .from_statement(
        text("SELECT * FROM queue_finish(:hall, :window_no, :outcome, CAST(:cases AS json), :now)")
    )
    .execution_options(populate_existing=True)
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
        ticket = session.scalars(statement, params).one_or_none()
    except DBAPIError as exc:
        session.rollback()
        error = _ERRORS.get(getattr(exc.orig, "sqlstate", None) or "")
        if error is None:
            raise
        diag = getattr(exc.orig, "diag", None)
        raise error(getattr(diag, "message_primary", None) or str(exc.orig)) from None
    if ticket is not None:
        _load_queue_and_window(session, ticket)
        mark_events_pending(session, params["hall"])  # wakes this process's streams at once
    session.commit()
    return ticket


def _load_queue_and_window(session: Session, ticket: Ticket) -> None:
    """The answer names the queue and the window: load both now, on the same connection, in
    one query (lazy loads later would each take a pooled connection again)."""
    row = session.execute(
        select(Queue, Window)
        .join(Window, Window.id == ticket.window_id)  # two rows by key: no real join
        .where(Queue.id == ticket.queue_id)
    ).one_or_none()
    if row is not None:
        set_committed_value(ticket, "queue", row[0])
        set_committed_value(ticket, "window", row[1])


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

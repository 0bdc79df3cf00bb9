"""Case rows inside an open transaction: shared by the case, print, outbox and pull repositories.

A case is stored twice over: its columns (for search and lists) with ``Case.to_dict()`` as
JSON, and its events one row each (the audit trail). These functions keep the two in step.
Driver SQL where a pull of a thousand changes passes: building statements would cost more
than running them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from clerk_app.domain.cases import Case, CaseEvent
from clerk_app.store import schema as t
from clerk_app.store.database import dumps


def normalize_id(id_number: str) -> str:
    return id_number.strip().upper()


def case_columns(case: Case) -> dict[str, Any]:
    assert case.received_at is not None
    return {
        "status": case.status.value,
        "applicant_name": case.applicant.name,
        "applicant_id": normalize_id(case.applicant.id_number),
        "item_code": case.item.code,
        "item_name": case.item.name,
        "clerk": case.clerk,
        "received_at": case.received_at.isoformat(),
        "promised_date": case.promised_date.isoformat() if case.promised_date else None,
        "bundle_no": case.bundle_no or None,
        "data": dumps(case.to_dict()),
    }


def load_case(conn: Connection, number: str) -> Case | None:
    data = conn.scalar(select(t.cases.c.data).where(t.cases.c.number == number))
    return None if data is None else Case.from_dict(json.loads(data))


def insert_case(
    conn: Connection,
    number: str,
    place: tuple[str, int, date, int],
    case: Case,
    server_version: int | None = None,
) -> None:
    """A new case row and its events. ``place`` is what the number says: hall, window, day and
    sequence; ``server_version`` is given when the case came from the server."""
    hall, window_no, day, seq = place
    conn.execute(
        insert(t.cases).values(
            **case_columns(case),
            number=number,
            hall=hall,
            window=window_no,
            day=day.isoformat(),
            seq=seq,
            base_version=server_version,
            server_version=server_version,
        )
    )
    insert_events(conn, number, case.events)


def insert_events(
    conn: Connection, number: str, events: Iterable[CaseEvent], first_position: int = 0
) -> None:
    rows = [
        (
            number,
            position,
            ev.at.isoformat(),
            ev.actor,
            ev.window,
            ev.action,
            ev.status.value if ev.status else None,
            ev.detail,
        )
        for position, ev in enumerate(events, start=first_position)
    ]
    if rows:
        conn.exec_driver_sql(
            "INSERT INTO case_events (case_number, position, at, actor, window, action, "
            "status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def _rewrite(conn: Connection, case: Case, extra_sets: str, extra: tuple[Any, ...]) -> None:
    cols = case_columns(case)
    sets = ", ".join(f"{name} = ?" for name in cols)
    conn.exec_driver_sql(
        f"UPDATE cases SET {sets}{extra_sets} WHERE number = ?",
        (*cols.values(), *extra, case.number),
    )
    conn.exec_driver_sql("DELETE FROM case_events WHERE case_number = ?", (case.number,))
    insert_events(conn, case.number, case.events)


def rewrite_local_case(conn: Connection, case: Case) -> None:
    """Replace the stored case and its events by this window's version (still to push)."""
    _rewrite(conn, case, "", ())


def rewrite_server_case(conn: Connection, case: Case, version: int | None) -> None:
    """Replace the stored case and its events by the server's ``version`` of it: the case is
    now based on that version, and a server copy kept beside it is dropped."""
    _rewrite(
        conn,
        case,
        ", base_version = ?, server_version = ?, server_data = NULL",
        (version, version),
    )


def next_sequence(conn: Connection, hall: str, window_no: int, day: date) -> int:
    s = t.case_number_seq
    stmt = sqlite_insert(s).values(hall=hall, window=window_no, day=day.isoformat(), last_seq=1)
    upsert = stmt.on_conflict_do_update(
        index_elements=["hall", "window", "day"], set_={"last_seq": s.c.last_seq + 1}
    ).returning(s.c.last_seq)
    return int(conn.execute(upsert).scalar_one())


def bump_sequence(conn: Connection, hall: str, window_no: int, day: date, seq: int) -> None:
    """Make sure a number given from outside is never handed out again."""
    s = t.case_number_seq
    stmt = sqlite_insert(s).values(hall=hall, window=window_no, day=day.isoformat(), last_seq=seq)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["hall", "window", "day"],
            set_={"last_seq": func.max(s.c.last_seq, seq)},
        )
    )

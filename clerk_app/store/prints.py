"""The print log of this PC's cases, and the notices closed unprinted that must still go out.

A print is part of the case's audit trail: each one appends an event to its case and is
synced like any other change of the case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select

from clerk_app.contract.sync import OpKind
from clerk_app.domain.cases import CaseEvent
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.notices import NOTICE_UNPRINTED, unprinted_detail
from clerk_app.store import schema as t
from clerk_app.store.cases import append_event, stored_case
from clerk_app.store.database import Database


@dataclass(frozen=True)
class PrintRecord:
    number: str
    doc_type: str
    printed_by: str
    printed_at: datetime
    reprint: bool


class Prints:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, number: str, doc_type: str, printed_by: str, at: datetime) -> PrintRecord:
        """Log a printed document and append a "printed" event to its case (one transaction).

        ``reprint`` is true when this document of this case was printed before.
        """
        number = number.strip().upper()
        p = t.print_log.c
        with self._db.write() as conn:
            stored = stored_case(conn, number)
            before = conn.scalar(
                select(func.count()).where(p.case_number == number, p.doc_type == doc_type)
            )
            reprint = bool(before)
            conn.execute(
                insert(t.print_log).values(
                    case_number=number,
                    doc_type=doc_type,
                    printed_by=printed_by,
                    printed_at=at.isoformat(),
                    reprint=reprint,
                )
            )
            ev = CaseEvent(
                at=at,
                actor=printed_by,
                window=str(stored.window_no),
                action="printed",
                status=None,
                detail=f"{'补打' if reprint else '打印'} {doc_type}",
            )
            append_event(conn, stored, stored, ev, OpKind.CASE_PRINT, hall_now())
            u = t.unprinted_notices.c
            conn.execute(
                delete(t.unprinted_notices).where(u.case_number == number, u.doc_type == doc_type)
            )
        return PrintRecord(number, doc_type, printed_by, at, reprint)

    def flag_unprinted(self, number: str, doc_type: str, by: str, at: datetime) -> bool:
        """A notice that must be handed over was closed unprinted: flag the case (an event in
        its audit trail, synced like a print). False when it was flagged already."""
        number = number.strip().upper()
        u = t.unprinted_notices.c
        with self._db.write() as conn:
            stored = stored_case(conn, number)
            if conn.scalar(
                select(func.count()).where(u.case_number == number, u.doc_type == doc_type)
            ):
                return False
            conn.execute(
                insert(t.unprinted_notices).values(
                    case_number=number, doc_type=doc_type, flagged_by=by, flagged_at=at.isoformat()
                )
            )
            ev = CaseEvent(
                at=at,
                actor=by,
                window=str(stored.window_no),
                action=NOTICE_UNPRINTED,
                status=None,
                detail=unprinted_detail(doc_type),
            )
            append_event(conn, stored, stored, ev, OpKind.CASE_PRINT, hall_now())
        return True

    def unprinted(self, numbers: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Case number -> the flagged notices (document types) still to print and hand over."""
        u = t.unprinted_notices.c
        query = select(u.case_number, u.doc_type).order_by(u.flagged_at)
        if numbers is not None:
            query = query.where(u.case_number.in_(list(numbers)))
        with self._db.read() as conn:
            rows = conn.execute(query).all()
        result: dict[str, list[str]] = {}
        for number, doc_type in rows:
            result.setdefault(number, []).append(doc_type)
        return result

    def printed(self, doc_type: str, numbers: Iterable[str]) -> bool:
        """Whether ``doc_type`` was printed for any of the cases already (a print now is a
        reprint)."""
        wanted = [n.strip().upper() for n in numbers]
        p = t.print_log.c
        with self._db.read() as conn:
            found = conn.execute(
                select(p.id).where(p.doc_type == doc_type, p.case_number.in_(wanted)).limit(1)
            ).first()
        return found is not None

    def log(self, number: str) -> list[PrintRecord]:
        """Every print of the case, oldest first."""
        p = t.print_log.c
        with self._db.read() as conn:
            rows = conn.execute(
                select(p.case_number, p.doc_type, p.printed_by, p.printed_at, p.reprint)
                .where(p.case_number == number.strip().upper())
                .order_by(p.id)
            ).all()
        return [
            PrintRecord(r[0], r[1], r[2], datetime.fromisoformat(r[3]), bool(r[4])) for r in rows
        ]

"""The statistics facts of a case (``statistics_models``), written with every case write.

``record`` runs inside the writer's transaction (``case_writes._log``), so the facts never
disagree with the case. ``rebuild`` fills them for cases stored before the table existed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from clerk_app.central.models import CaseRecord, Hall
from clerk_app.central.queue_models import Ticket
from clerk_app.central.statistics_models import CaseFact, CaseFactMaterial
from clerk_app.domain.cases import (
    Case,
    CaseStatus,
    DecisionKind,
    MaterialState,
    missing_or_defective,
)
from clerk_app.domain.gaps import SUPPLY_ACTION
from clerk_app.domain.hall_time import hall_today, in_hall_time

# The first of these statuses ends the promised time limit (办结).
_DONE = frozenset(
    {CaseStatus.APPROVED, CaseStatus.DENIED, CaseStatus.COMPLETED, CaseStatus.RESULT_READY}
)
_BROKEN = frozenset({CaseStatus.TERMINATED, CaseStatus.DENIED})
_FACTS = CaseFact.metadata.tables[CaseFact.__tablename__]
_MATERIALS = CaseFactMaterial.metadata.tables[CaseFactMaterial.__tablename__]


def _day(moment: datetime) -> date:
    return in_hall_time(moment).date()


def _done_day(case: Case) -> date | None:
    for event in case.events:
        if event.status in _DONE:
            return _day(event.at)
    return None


def _gap_state(case: Case) -> str:
    """open / kept / late / broken for a 容缺 case; "" for any other."""
    decision = case.decision
    if decision is None or decision.kind is not DecisionKind.ACCEPT_WITH_GAPS:
        return ""
    still_missing = [
        c for c in case.checks if c.material.required and c.state is MaterialState.MISSING
    ]
    if any(e.status is CaseStatus.TERMINATED for e in case.events):
        return "broken"
    if still_missing:
        return "broken" if case.status in _BROKEN else "open"
    supplied = [_day(e.at) for e in case.events if e.action == SUPPLY_ACTION]
    deadline = decision.commitment_deadline
    if supplied and deadline is not None and max(supplied) > deadline:
        return "late"
    return "kept"


def fact_values(case: Case, ticket_id: int | None) -> dict[str, Any]:
    received = case.received_at or (case.events[0].at if case.events else None)
    decision = case.decision
    return {
        "number": case.number,
        "hall_code": case.hall_code,
        "received_day": _day(received) if received else hall_today(),
        "window_no": case.window_no,
        "clerk": case.clerk,
        "department_code": case.item.department_code or case.item.department,
        "item_code": case.item.code,
        "item_name": case.item.name,
        "basic_code": case.item.basic_code,
        "zone": case.item.zone,
        "ticket_id": ticket_id,
        "decision": decision.kind.value if decision else "",
        "notice_given": (decision is not None and decision.kind is DecisionKind.MISSING_NOTICE)
        or any(e.status is CaseStatus.MISSING_NOTICE for e in case.events),
        "promised_date": case.promised_date,
        "done_day": _done_day(case),
        "gap_deadline": decision.commitment_deadline if decision else None,
        "gap_state": _gap_state(case),
    }


def _listed_materials(case: Case) -> dict[str, bool]:
    """Material name → defective, for a notice or a 容缺 decision (else nothing)."""
    if case.decision is None or case.decision.kind not in (
        DecisionKind.MISSING_NOTICE,
        DecisionKind.ACCEPT_WITH_GAPS,
    ):
        return {}
    return {
        c.material.name[:300]: c.state is MaterialState.DEFECTIVE
        for c in missing_or_defective(case.checks)
    }


def _ticket_id(conn: Connection, case: Case, received_day: date) -> int | None:
    if not case.ticket_no:
        return None
    found = conn.execute(
        select(Ticket.id)
        .join(Hall, Hall.id == Ticket.hall_id)
        .where(
            Hall.code == case.hall_code,
            Ticket.service_date == received_day,
            Ticket.number == case.ticket_no,
        )
        .limit(1)
    ).scalar()
    return int(found) if found is not None else None


def record_on(conn: Connection, case: Case) -> None:
    values = fact_values(case, None)
    values["ticket_id"] = _ticket_id(conn, case, values["received_day"])
    changed = conn.execute(
        update(_FACTS).where(_FACTS.c.number == case.number).values(values)
    ).rowcount
    if not changed:
        conn.execute(insert(_FACTS).values(values))
    known = set(
        conn.scalars(select(_MATERIALS.c.material_name).where(_MATERIALS.c.number == case.number))
    )
    new = [
        {
            "number": case.number,
            "material_name": name,
            "hall_code": case.hall_code,
            "received_day": values["received_day"],
            "defective": defective,
        }
        for name, defective in _listed_materials(case).items()
        if name not in known
    ]
    if new:
        conn.execute(insert(_MATERIALS), new)


def record(session: Session, case: Case) -> None:
    """Keep ``case``'s facts in the session's transaction (the case row is written already)."""
    record_on(session.connection(), case)


def _stored_cases(conn: Connection, numbers: Iterable[str]) -> Iterable[Case]:
    for number in numbers:
        data = conn.scalar(select(CaseRecord.data).where(CaseRecord.number == number))
        try:
            yield Case.from_dict(dict(data or {}))
        except (KeyError, TypeError, ValueError):
            continue  # an unreadable old document: no facts rather than no migration


def rebuild(conn: Connection) -> int:
    """Facts for every stored case that has none (the migration that adds the tables)."""
    missing = conn.scalars(
        select(CaseRecord.number).where(
            CaseRecord.number.not_in(select(_FACTS.c.number).scalar_subquery())
        )
    ).all()
    count = 0
    for case in _stored_cases(conn, missing):
        record_on(conn, case)
        count += 1
    return count

"""Cases of this PC: accepting, changing, finding. Each write queues its outbox operation in
the same transaction, so the server hears of every change exactly as it was stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy import case as sql_case

from clerk_app.contract.sync import OpKind
from clerk_app.domain.bundle_link import BundleLink, make_bundle_number
from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    check_transition,
    make_case_number,
    parse_case_number,
)
from clerk_app.domain.gaps import supply as gap_supply
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.identifiers import mask_id
from clerk_app.store import schema as t
from clerk_app.store.case_rows import (
    bump_sequence,
    case_columns,
    insert_case,
    insert_events,
    load_case,
    next_sequence,
)
from clerk_app.store.database import Database
from clerk_app.store.outbox import case_payload, queue_operation


class CaseNotFound(LookupError):
    """No case with that number in the local store."""


class ItemWithdrawn(ValueError):
    """The item was withdrawn from the catalog: no new case may be accepted under it."""


class DuplicateCase(ValueError):
    """A case with that number is already stored."""


@dataclass(frozen=True)
class CaseSummary:
    number: str
    applicant_name: str
    applicant_id_masked: str
    item_code: str
    item_name: str
    status: CaseStatus
    received_at: datetime
    promised_date: date | None
    window_no: int
    clerk: str
    gap_due: date | None = None  # 容缺: the commitment date while a material is still missing
    bundle_no: str = ""  # 一件事编号 of a bundle's item case
    department: str = ""  # the item's 实施主体, where the case is handled
    bundle_name: str = ""  # the bundle's name (企业开办一件事), for a bundle's item case


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with the wildcards of ``text`` escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def stored_case(conn: Connection, number: str) -> Case:
    """The stored case, or ``CaseNotFound`` (with the message the clerk sees)."""
    case = load_case(conn, number)
    if case is None:
        raise CaseNotFound(f"找不到案件 {number}")
    return case


def append_event(
    conn: Connection,
    stored: Case,
    changed: Case,
    ev: CaseEvent,
    kind: OpKind,
    now: datetime,
    *,
    extra: dict[str, Any] | None = None,
) -> Case:
    """Write ``changed`` with ``ev`` appended to the stored events; one outbox row."""
    new = replace(
        changed,
        number=stored.number,
        hall_code=stored.hall_code,
        window_no=stored.window_no,
        received_at=changed.received_at or stored.received_at,
        events=(*stored.events, ev),
    )
    conn.execute(
        update(t.cases).where(t.cases.c.number == stored.number).values(**case_columns(new))
    )
    insert_events(conn, stored.number, [ev], first_position=len(new.events) - 1)
    queue_operation(conn, kind, stored.number, {**case_payload(new), **(extra or {})}, now)
    return new


# Before the department's decision a 容缺 case still waits for its missing materials.
_GAP_WATCHED = (
    CaseStatus.ACCEPTED_WITH_GAPS.value,
    CaseStatus.ACCEPTED.value,
    CaseStatus.IN_REVIEW.value,
    CaseStatus.SUSPENDED.value,
)


def _gap_due_column() -> Any:
    """The 容缺 commitment date of a case with a required material still missing (SQLite's
    JSON functions on the stored case: no column to keep in step)."""
    c = t.cases.c
    checks = func.json_each(c.data, "$.checks").table_valued("value").alias("gap_check")
    value: Any = literal_column("gap_check.value")
    missing = exists(
        select(1)
        .select_from(checks)
        .where(
            func.json_extract(value, "$.state") == "missing",
            func.json_extract(value, "$.material.required") == 1,
        )
    )
    gap_case = and_(
        c.status.in_(_GAP_WATCHED),
        func.json_extract(c.data, "$.decision.kind") == "accept_with_gaps",
        missing,
    )
    due = func.json_extract(c.data, "$.decision.commitment_deadline")
    return sql_case((gap_case, due), else_=None).label("gap_due")


def _search_conditions(
    text: str,
    status: CaseStatus | None,
    date_from: date | None,
    date_to: date | None,
    window_no: int | None,
) -> list[Any]:
    c = t.cases.c
    conditions: list[Any] = []
    text = text.strip()
    if text:
        pattern = _like(text)
        columns = (
            c.number,
            c.applicant_name,
            c.applicant_id,
            c.item_name,
            c.item_code,
            c.bundle_no,
        )
        conditions.append(or_(*(col.like(pattern, escape="\\") for col in columns)))
    if status is not None:
        conditions.append(c.status == status.value)
    if date_from is not None:
        conditions.append(c.day >= date_from.isoformat())
    if date_to is not None:
        conditions.append(c.day <= date_to.isoformat())
    if window_no is not None:
        conditions.append(c.window == window_no)
    return conditions


class Cases:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save_new(self, case: Case) -> Case:
        """Store a new case; give it a number when it has none. Returns the stored case.

        The number's sequence is taken in the same IMMEDIATE transaction as the case, its
        events and its outbox row, so it is unique on this PC without the network and a
        crash never burns or repeats a number. A case without events gets a "created" one.
        """
        with self._db.write() as conn:
            return self._insert_new(conn, case, hall_now())

    def save_bundle(self, cases: Sequence[Case], link: BundleLink) -> list[Case]:
        """Store the item cases of one bundle application in one transaction: all of them or
        none. Each case gets its number and ``link`` with the bundle number, made from the
        first case's number (``link.number`` is ignored)."""
        if not cases:
            raise ValueError("一件事至少有一个事项")
        stored: list[Case] = []
        with self._db.write() as conn:
            now = hall_now()
            for case in cases:
                if stored:
                    case = replace(case, bundle=stored[0].bundle)
                    stored.append(self._insert_new(conn, case, now))
                    continue
                number, place = self._number_for(conn, case, now)
                bundle = replace(link, number=make_bundle_number(number))
                case = replace(case, number=number, bundle=bundle)
                stored.append(self._insert_new(conn, case, now, place))
        return stored

    def _number_for(
        self, conn: Connection, case: Case, now: datetime
    ) -> tuple[str, tuple[str, int, date, int]]:
        """The case's number (its own, checked, or the window's next) and what it says."""
        if case.number:
            return self._take_given_number(conn, case.number)
        hall = case.hall_code.upper()
        day = (case.received_at or now).date()
        seq = next_sequence(conn, hall, case.window_no, day)
        return make_case_number(hall, case.window_no, day, seq), (hall, case.window_no, day, seq)

    def _insert_new(
        self,
        conn: Connection,
        case: Case,
        now: datetime,
        numbered: tuple[str, int, date, int] | None = None,
    ) -> Case:
        """Insert a new case and its outbox row; ``numbered``: the place of the number the
        caller already took for it."""
        withdrawn = conn.scalar(
            select(t.catalog_items.c.withdrawn).where(t.catalog_items.c.code == case.item.code)
        )
        if withdrawn:
            raise ItemWithdrawn(f"事项“{case.item.name}”已停止办理，不能再受理新件")
        if numbered is None:
            number, place = self._number_for(conn, case, now)
        else:
            number, place = case.number, numbered
        received_at = case.received_at or now
        events = case.events or (
            CaseEvent(received_at, case.clerk, str(place[1]), "created", case.status, "收件"),
        )
        stored = replace(
            case, number=number, hall_code=place[0], received_at=received_at, events=events
        )
        insert_case(conn, number, place, stored)
        queue_operation(conn, OpKind.CASE_CREATE, number, case_payload(stored), now)
        return stored

    @staticmethod
    def _take_given_number(conn: Connection, number: str) -> tuple[str, tuple[str, int, date, int]]:
        """The given number, checked, normalised and never to be handed out again."""
        parsed = parse_case_number(number)
        if parsed is None:
            raise ValueError(f"案件编号格式不正确：{number}")
        hall, window_no, day, seq = parsed
        number = number.strip().upper()
        if conn.scalar(select(t.cases.c.number).where(t.cases.c.number == number)):
            raise DuplicateCase(f"案件 {number} 已存在")
        bump_sequence(conn, hall, window_no, day, seq)
        return number, parsed

    def update(self, case: Case, event: CaseEvent) -> None:
        """Store a changed case and the event that explains the change, in one transaction.

        Events already stored are kept whatever ``case.events`` holds (a print recorded
        meanwhile is not lost); ``event`` is appended. A status change must be a legal
        transition (``InvalidTransition`` otherwise, with the reason in Chinese).
        """
        with self._db.write() as conn:
            stored = stored_case(conn, case.number)
            if case.status is not stored.status:
                check_transition(stored.status, case.status)
            append_event(conn, stored, case, event, OpKind.CASE_UPDATE, hall_now())

    def supply_gaps(
        self, number: str, material_codes: Sequence[str], *, actor: str, where: str, note: str = ""
    ) -> Case:
        """补齐 at this window: the 容缺 materials received, the event, and a ``case.supply``
        operation for the server (which records it on its latest version of the case).
        Raises ``GapError`` (the clerk's sentence) when a material is not an open gap."""
        with self._db.write() as conn:
            stored = stored_case(conn, number.strip().upper())
            now = hall_now()
            supplied = gap_supply(
                stored, material_codes, at=now, actor=actor, where=where, note=note
            )
            new = append_event(
                conn,
                stored,
                supplied,
                supplied.events[-1],
                OpKind.CASE_SUPPLY,
                now,
                extra={"materials": list(material_codes), "note": note},
            )
        return new

    def get(self, number: str) -> Case | None:
        with self._db.read() as conn:
            return load_case(conn, number.strip().upper())

    def of_bundle(self, bundle_no: str) -> list[Case]:
        """The item cases of one bundle application (一件事编号), in the bundle's item order;
        empty for an unknown number."""
        key = bundle_no.strip().upper()
        if not key:
            return []
        query = select(t.cases.c.number).where(t.cases.c.bundle_no == key)
        with self._db.read() as conn:
            loaded = [load_case(conn, number) for number in conn.scalars(query)]
        cases = [case for case in loaded if case is not None]
        order = cases[0].bundle.item_codes if cases and cases[0].bundle else ()
        rank = {code: position for position, code in enumerate(order)}
        return sorted(cases, key=lambda c: (rank.get(c.item.code, len(rank)), c.number))

    def search(
        self,
        *,
        text: str = "",
        status: CaseStatus | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        window_no: int | None = None,
        bundle_nos: Sequence[str] | None = None,
        limit: int = 200,
    ) -> list[CaseSummary]:
        """Newest first. ``text`` matches number, applicant name or ID, item name or code, or
        the bundle number; ``bundle_nos``: only the item cases of these bundles."""
        c = t.cases.c
        stmt = (
            select(
                c.number,
                c.applicant_name,
                c.applicant_id,
                c.item_code,
                c.item_name,
                c.status,
                c.received_at,
                c.promised_date,
                c.window,
                c.clerk,
                c.bundle_no,
                func.json_extract(c.data, "$.item.department").label("department"),
                func.json_extract(c.data, "$.bundle.name").label("bundle_name"),
                _gap_due_column(),
            )
            .where(*_search_conditions(text, status, date_from, date_to, window_no))
            .where(*([c.bundle_no.in_(list(bundle_nos))] if bundle_nos is not None else []))
            .order_by(c.received_at.desc(), c.number.desc())
            .limit(limit)
        )
        with self._db.read() as conn:
            rows = conn.execute(stmt).all()
        return [
            CaseSummary(
                number=r.number,
                applicant_name=r.applicant_name,
                applicant_id_masked=mask_id(r.applicant_id),
                item_code=r.item_code,
                item_name=r.item_name,
                status=CaseStatus(r.status),
                received_at=datetime.fromisoformat(r.received_at),
                promised_date=date.fromisoformat(r.promised_date) if r.promised_date else None,
                window_no=r.window,
                clerk=r.clerk,
                gap_due=date.fromisoformat(r.gap_due) if r.gap_due else None,
                bundle_no=r.bundle_no or "",
                department=r.department or "",
                bundle_name=r.bundle_name or "",
            )
            for r in rows
        ]

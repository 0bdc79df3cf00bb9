"""Help-desk pre-checks (帮办预审) on the server: the one writer, the reads, today's counts.

Every save is checked against the pre-check's moves (``domain/precheck.py``: the help desk
opens, updates, hands over and closes; the window accepts or sends back), the caller's hall and
the version the caller last saw. What a window may change is limited to the status, the case it
became and the note: the findings are the help desk's record. The server keeps its own clock,
the author and the open-until date, writes the audit entry and logs the change the hall's PCs
pull, in the caller's transaction.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from clerk_app.central.models import CatalogItem, Hall
from clerk_app.central.precheck_models import PrecheckRecord
from clerk_app.central.services import audit, privacy
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.change_log import record_change
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.contract.precheck import MissingCount, PrecheckDayStats, PrecheckIn, PrecheckOut
from clerk_app.domain.cases import parse_case_number
from clerk_app.domain.catalog import Item
from clerk_app.domain.hall_time import HALL_TZ, in_hall_time
from clerk_app.domain.precheck import (
    Finding,
    FindingMaterials,
    MaterialFinding,
    PrecheckStatus,
    move_exists,
    move_refusal,
    parse_precheck_number,
)

MOST_MISSING = 5  # how many of the most often missing materials the supervisor sees
WINDOW_ROLES = frozenset({"clerk"})  # a window changes the outcome, not the help desk's record


def _hall(session: Session, user: AuthUser) -> Hall:
    hall = session.scalars(select(Hall).where(Hall.code == user.hall_code)).one_or_none()
    if hall is None:
        raise NotFound(f"大厅{user.hall_code}不存在")
    return hall


def _check_number(user: AuthUser, number: str) -> None:
    parsed = parse_precheck_number(number)
    if parsed is None:
        raise Invalid(f"预审编号格式不对：{number}（应如 YS-HS01-03-20261207-0012）")
    if parsed[0] != user.hall_code:
        raise Forbidden(f"预审 {number} 不属于本大厅")


def _check_move(user: AuthUser, record: PrecheckRecord | None, body: PrecheckIn) -> None:
    current = PrecheckStatus(record.status) if record is not None else None
    refusal = move_refusal(current, body.status, user.role)
    if refusal is not None:
        raise (Forbidden if move_exists(current, body.status) else Conflict)(refusal)
    if record is not None and body.base_version != record.version:
        raise Conflict(
            f"预审 {record.number} 已被 {record.checked_by} 等人更新为第 {record.version} 版"
            f"（本机看到的是第 {body.base_version} 版），请重新打开后再保存"
        )
    if body.status is PrecheckStatus.ACCEPTED:
        parsed = parse_case_number(body.case_number or "")
        if parsed is None or parsed[0] != user.hall_code:
            raise Invalid("预审转为已受理时须写明本大厅的案件编号")


def _write_fields(record: PrecheckRecord, user: AuthUser, body: PrecheckIn) -> None:
    record.status = body.status.value
    record.note = body.note
    if body.case_number:
        record.case_number = body.case_number
    if user.role in WINDOW_ROLES:
        return
    record.item_refs = [ref.model_dump() for ref in body.item_refs]
    record.scenario_code = body.scenario_code
    record.bundle_code = body.bundle_code
    record.findings = [f.model_dump(mode="json") for f in body.findings]
    record.applicant_kind = body.applicant_kind
    record.applicant_id = body.applicant_id
    record.agent_authorisation = body.agent_authorisation
    record.ticket_no = body.ticket_no or record.ticket_no


def save(session: Session, user: AuthUser, body: PrecheckIn, now: datetime) -> PrecheckOut:
    """Create, update or move a pre-check; the caller commits."""
    _check_number(user, body.number)
    record = session.get(PrecheckRecord, body.number, with_for_update=True)
    if record is not None and record.hall_code != user.hall_code:
        raise Forbidden(f"预审 {body.number} 不属于本大厅")
    _check_move(user, record, body)
    if record is None:
        hall = _hall(session, user)
        record = PrecheckRecord(
            number=body.number,
            hall_code=user.hall_code,
            checked_by=user.username,
            created_at=now,
            open_until=in_hall_time(now).date() + timedelta(days=hall.precheck_open_days),
            version=0,
            agent_authorisation="",
            note="",
        )
        session.add(record)
    _write_fields(record, user, body)
    record.updated_at = now
    record.version += 1
    session.flush()
    out = _out(record)
    audit.record_by(
        session,
        user,
        f"precheck.{record.status}",
        record.number,
        {"version": record.version, "case": record.case_number, "ticket": record.ticket_no},
        now=now,
    )
    record_change(
        session,
        "precheck",
        record.number,
        out.model_dump(mode="json"),
        version=record.version,
        hall_code=record.hall_code,
        now=now,
    )
    return out


def _out(record: PrecheckRecord, role: str = "clerk") -> PrecheckOut:
    data: dict[str, Any] = {
        column.key: getattr(record, column.key) for column in PrecheckRecord.__table__.columns
    }
    return PrecheckOut.model_validate(privacy.precheck_for(role, data) or data)


def get(session: Session, user: AuthUser, number: str) -> PrecheckOut:
    record = session.get(PrecheckRecord, number.strip().upper())
    if record is None or record.hall_code != user.hall_code:
        raise NotFound(f"本大厅没有预审 {number}")
    return _out(record, user.role)


def search(session: Session, user: AuthUser, q: str, limit: int) -> list[PrecheckOut]:
    """Pre-checks of the user's hall by number, ticket, case number or applicant ID."""
    query = select(PrecheckRecord).where(PrecheckRecord.hall_code == user.hall_code)
    text = q.strip().upper()
    if text:
        like = f"%{text}%"
        query = query.where(
            or_(
                PrecheckRecord.number.like(like),
                PrecheckRecord.ticket_no == text,
                PrecheckRecord.case_number == text,
                PrecheckRecord.applicant_id == text,
            )
        )
    records = session.scalars(query.order_by(PrecheckRecord.created_at.desc()).limit(limit))
    return [_out(r, user.role) for r in records]


class _MaterialNames:
    """The materials a pre-check found missing or faulty (``finding_materials``), with the
    catalog's items read once per call."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._items: dict[str, Item | None] = {}
        # A day's pre-checks are mostly of a few items: their checklists are made once.
        self._checklists: dict[tuple[tuple[str, ...], str | None], FindingMaterials] = {}

    def _item(self, code: str) -> Item | None:
        if code not in self._items:
            data = self._session.scalar(select(CatalogItem.data).where(CatalogItem.code == code))
            self._items[code] = Item.from_dict(data) if data else None
        return self._items[code]

    def missing(
        self, item_refs: list[dict[str, Any]], scenario_code: str | None, findings: list[Any]
    ) -> dict[str, tuple[str, str]]:
        """The materials this pre-check found missing or faulty: the same material of several
        items (``Material.merge_key``) once, as (its name, its code)."""
        codes = tuple(str(r["code"]) for r in item_refs)
        checklist = self._checklists.get((codes, scenario_code))
        if checklist is None:
            items = [i for i in (self._item(code) for code in codes) if i is not None]
            checklist = FindingMaterials.of(items, scenario_code)
            self._checklists[(codes, scenario_code)] = checklist
        recorded = [
            MaterialFinding(str(f["material_code"]), Finding(f["finding"])) for f in findings
        ]
        lacking: dict[str, tuple[str, str]] = {}
        for found, material in checklist.resolve(recorded):
            if not found.finding.needs_action:
                continue
            code = found.material_code
            if material is None:
                lacking.setdefault(f"unknown:{code}", (code, code))
            else:
                lacking.setdefault(material.merge_key, (material.name, code))
        return lacking


def day_stats(session: Session, user: AuthUser, day: date) -> PrecheckDayStats:
    """Today's pre-checks: how many, how many were ready, became cases, the most missing.

    The counts are one SQL aggregate. The most missing materials are counted here, once per
    pre-check and material (its standard code, else its name: several items' codes for one
    material count together): telling which material a finding is about needs the catalog's
    checklist of the pre-check's items (``_MaterialNames``), which no JSON function of SQLite
    or PostgreSQL gives. One hall's day is a few hundred pre-checks (Enshi: 20 help desks),
    read as three columns.
    """
    # In UTC: SQLite keeps the stored UTC wall time and compares text, so a bound in hall
    # time would shift the day by 8 hours (the pre-checks of 00:00-08:00 fell out of it).
    start = datetime.combine(day, datetime.min.time(), HALL_TZ).astimezone(UTC)
    in_day = (
        PrecheckRecord.hall_code == user.hall_code,
        PrecheckRecord.created_at >= start,
        PrecheckRecord.created_at < start + timedelta(days=1),
    )
    counts = dict(
        session.execute(
            select(PrecheckRecord.status, func.count())
            .where(*in_day)
            .group_by(PrecheckRecord.status)
        ).all()
    )
    names = _MaterialNames(session)
    missing: Counter[str] = Counter()
    shown: dict[str, tuple[str, str]] = {}  # merge key -> (name, code) first seen
    rows = session.execute(
        select(PrecheckRecord.item_refs, PrecheckRecord.scenario_code, PrecheckRecord.findings)
        .where(*in_day)
        .order_by(PrecheckRecord.created_at)
    )
    for item_refs, scenario_code, findings in rows:
        lacking = names.missing(item_refs, scenario_code, findings)
        missing.update(lacking.keys())  # once per pre-check
        for key, name_code in lacking.items():
            shown.setdefault(key, name_code)
    ranked = sorted(missing.items(), key=lambda kv: (-kv[1], shown[kv[0]]))[:MOST_MISSING]
    accepted = counts.get(PrecheckStatus.ACCEPTED.value, 0)
    return PrecheckDayStats(
        day=day,
        total=sum(counts.values()),
        ready=counts.get(PrecheckStatus.HANDED_OVER.value, 0) + accepted,
        became_cases=accepted,
        still_open=counts.get(PrecheckStatus.OPEN.value, 0),
        most_missing=tuple(
            MissingCount(material_code=shown[key][1], name=shown[key][0], count=n)
            for key, n in ranked
        ),
    )

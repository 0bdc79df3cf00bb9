"""后台分类审批: a department takes the cases routed to it, suspends, extends and decides them.

Every change goes through ``case_writes.department_write``: it checks the transition
(``clerk_app.domain.cases.check_transition``), appends an event (who, when, which department,
why) to the case, bumps ``CaseRecord.version``, logs the change for every window's pull and
appends to the hall's audit chain, in the same transaction.

A department user (role ``department``) sees only the cases whose item belongs to its
``department_code``. What the back office adds to a case (suspension, extensions, the result,
the notice that is due) is kept in ``CaseRecord.data["backoffice"]``; the domain ``Case``
ignores that key, and the events tell the window the same in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clerk_app.central.models import CaseRecord, CatalogItem, Department
from clerk_app.central.services import case_writes, library
from clerk_app.central.services.auth import CHINA_TZ, AuthUser, as_utc
from clerk_app.central.services.calendar import current_calendar, joint_limit, legal_limit
from clerk_app.central.services.cases import headline
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.contract.backoffice import DepartmentCaseOut, GapOut
from clerk_app.domain.cases import (
    Case,
    CaseStatus,
)
from clerk_app.domain.deadlines import (
    DEFAULT_YELLOW_DAYS,
    RUNNING,
    case_deadline_level,
    working_days_left,
)
from clerk_app.domain.department_docs import DepartmentDocKind, DepartmentDocument
from clerk_app.domain.gaps import (
    TERMINATE_ACTION,
    commitment_date,
    gap_deadline_level,
    open_gaps,
    termination_detail,
    termination_refusal,
)
from clerk_app.domain.workdays import WorkdayCalendar

BACKOFFICE_KEY = "backoffice"
MAX_TEXT = 500

# What each list view of the department shows.
STATES: dict[str, frozenset[CaseStatus]] = {
    "new": frozenset({CaseStatus.ACCEPTED, CaseStatus.ACCEPTED_WITH_GAPS}),
    "active": frozenset({CaseStatus.IN_REVIEW, CaseStatus.SUSPENDED}),
    "ready": frozenset({CaseStatus.RESULT_READY}),
    "done": frozenset({CaseStatus.DELIVERED, CaseStatus.MAILED}),
}
STATES["open"] = STATES["new"] | STATES["active"]
STATES["all"] = STATES["open"] | STATES["ready"] | STATES["done"]
STATE_LABELS = {
    "open": "待办",
    "new": "新收案件",
    "active": "审批中/暂停",
    "ready": "待领取",
    "done": "已送达",
    "all": "全部",
}


@dataclass(frozen=True, slots=True)
class ResultInfo:
    """The result of a decision: its name (证照/批文), number and validity."""

    name: str
    number: str
    validity: str = ""  # e.g. "2031-11-22" or "长期有效"

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "number": self.number, "validity": self.validity}


@dataclass(slots=True)
class BackofficeOptions:
    """Server-wide settings: the working-day calendar and the yellow threshold."""

    calendar: WorkdayCalendar = field(default_factory=current_calendar)
    yellow_days: int = DEFAULT_YELLOW_DAYS


DEFAULT_OPTIONS = BackofficeOptions()


def china_day(moment: datetime) -> date:
    return as_utc(moment).astimezone(CHINA_TZ).date()


def _text(value: str, what: str, *, required: bool) -> str:
    text = " ".join(str(value).split())
    if required and not text:
        raise Invalid(f"请填写{what}")
    if len(text) > MAX_TEXT:
        raise Invalid(f"{what}过长（最多{MAX_TEXT}字）")
    return text


def _require_department(user: AuthUser) -> str:
    if user.role != "department" or not user.department_code:
        raise Forbidden("只有部门审批账号可以办理后台审批")
    return user.department_code


def department_of(session: Session, record: CaseRecord) -> str:
    """The department that decides the case: the catalog's, else the one the case was accepted
    under (an item no longer in the catalog still has its old cases)."""
    code = session.scalar(
        select(CatalogItem.department_code).where(CatalogItem.code == record.item_code)
    )
    if code:
        return code
    item = record.data.get("item") if isinstance(record.data, dict) else None
    return str(item.get("department_code", "")) if isinstance(item, dict) else ""


def department_name(session: Session, code: str) -> str:
    department = session.get(Department, code)
    return department.name if department is not None else code


def _load(session: Session, user: AuthUser, number: str, *, lock: bool) -> CaseRecord:
    code = _require_department(user)
    key = number.strip().upper()
    record = session.get(CaseRecord, key, with_for_update=lock)
    # Another department's or hall's case answers like a missing one: no probing of numbers.
    if (
        record is None
        or record.hall_code != user.hall_code
        or department_of(session, record) != code
    ):
        raise NotFound(f"本部门没有编号为{key}的案件")
    return record


def _backoffice(record: CaseRecord) -> dict[str, Any]:
    data = record.data.get(BACKOFFICE_KEY) if isinstance(record.data, dict) else None
    return dict(data) if isinstance(data, dict) else {}


def _case(record: CaseRecord) -> Case:
    try:
        return Case.from_dict(record.data)
    except (KeyError, TypeError, ValueError) as exc:
        raise Conflict(f"案件{record.number}的数据不完整，无法办理：{exc}") from exc


def _finished_on(case: Case) -> date | None:
    for event in reversed(case.events):
        if event.status is CaseStatus.RESULT_READY:
            return china_day(event.at)
    return None


def case_view(
    session: Session,
    record: CaseRecord,
    now: datetime,
    options: BackofficeOptions = DEFAULT_OPTIONS,
) -> DepartmentCaseOut:
    """What the department sees of one case: summary, deadline warning, back-office record."""
    case = _case(record)
    today = china_day(now)
    status = CaseStatus(record.status)
    bo, joint = _backoffice(record), joint_limit(session, case)
    level = case_deadline_level(
        status,
        case.promised_date,
        today,
        options.calendar,
        finished_on=_finished_on(case),
        yellow_days=options.yellow_days,
    )
    gap_level = gap_deadline_level(case, today, options.calendar, yellow_days=options.yellow_days)
    left = (
        working_days_left(case.promised_date, today, options.calendar)
        if case.promised_date is not None and status in RUNNING
        else None
    )
    return DepartmentCaseOut(
        **headline(record, status),
        version=record.version,
        promised_date=case.promised_date,
        deadline=level,
        deadline_label=level.label,
        working_days_left=left,
        legal_days=case.item.legal_days,
        promised_days=case.item.promised_days,
        legal_unit=case.item.legal_unit,
        promised_unit=case.item.promised_unit,
        legal_limit_date=(
            legal_limit(case, china_day(case.received_at), bo, options.calendar, joint=joint)
            if case.received_at
            else None
        ),
        joint=joint is not None,
        backoffice=bo,
        events=[e.to_dict() for e in case.events],
        documents=[d.to_dict() for d in case.department_documents],
        gaps=[GapOut(code=c.material.code, name=c.material.name) for c in open_gaps(case)],
        commitment_date=commitment_date(case),
        gap_deadline=gap_level,
        gap_deadline_label=gap_level.label,
    )


def list_cases(
    session: Session,
    user: AuthUser,
    now: datetime,
    *,
    state: str = "open",
    q: str = "",
    limit: int = 100,
    options: BackofficeOptions = DEFAULT_OPTIONS,
) -> list[DepartmentCaseOut]:
    """The department's cases in ``state`` (new, active, open, ready, done, all); the most
    urgent first (earliest promised date), then by number."""
    code = _require_department(user)
    if state not in STATES:
        raise Invalid(f"未知的列表：{state}；可选：{'、'.join(STATES)}")
    items = select(CatalogItem.code).where(CatalogItem.department_code == code)
    stmt = select(CaseRecord).where(
        CaseRecord.hall_code == user.hall_code,
        CaseRecord.item_code.in_(items),
        CaseRecord.status.in_(sorted(s.value for s in STATES[state])),
    )
    text = q.strip()
    if text:
        stmt = stmt.where(
            or_(
                CaseRecord.number.contains(text.upper(), autoescape=True),
                CaseRecord.applicant_name.contains(text, autoescape=True),
                CaseRecord.item_name.contains(text, autoescape=True),
            )
        )
    stmt = stmt.order_by(CaseRecord.received_at.asc().nulls_last(), CaseRecord.number).limit(limit)
    views = [case_view(session, record, now, options) for record in session.scalars(stmt)]
    far = date.max
    views.sort(key=lambda v: (v.promised_date or far, v.number))
    return views


def get_case(
    session: Session,
    user: AuthUser,
    number: str,
    now: datetime,
    options: BackofficeOptions = DEFAULT_OPTIONS,
) -> DepartmentCaseOut:
    return case_view(session, _load(session, user, number, lock=False), now, options)


# ----------------------------------------------------------------------------- changes


def _check_version(record: CaseRecord, expected: int | None) -> None:
    if expected is not None and expected != record.version:
        raise Conflict(
            f"案件{record.number}已被他人修改（当前版本{record.version}，"
            f"你看到的是版本{expected}），请刷新后重试"
        )


@dataclass(frozen=True)
class CaseAction:
    """One department action on one case: the session, who acts, on which case, when, the
    version the user saw (None: as it is now) and the rules its answer is shown with. Every
    action (take, suspend, decide, extend …) starts from these; the route gathers them once."""

    session: Session
    user: AuthUser
    number: str
    now: datetime
    expected_version: int | None = None
    options: BackofficeOptions = field(default_factory=lambda: DEFAULT_OPTIONS)

    def for_write(self) -> tuple[CaseRecord, Case]:
        """The case the action changes: locked, at the version the user saw."""
        record = _load(self.session, self.user, self.number, lock=True)
        _check_version(record, self.expected_version)
        return record, _case(record)

    def save(
        self,
        record: CaseRecord,
        case: Case,
        steps: Sequence[tuple[CaseStatus | None, str, str]],
        backoffice: dict[str, Any],
        action: str,
    ) -> None:
        """Apply ``steps`` (new status or None, action, why) through the one writer of cases."""
        case_writes.department_write(
            self.session,
            self.user,
            record,
            case,
            steps,
            {BACKOFFICE_KEY: backoffice},
            self.now,
            where=self.where,
            action=action,
        )

    @property
    def where(self) -> str:
        return department_name(self.session, self.user.department_code or "")

    @property
    def today(self) -> date:
        return china_day(self.now)

    def view(self, record: CaseRecord) -> DepartmentCaseOut:
        """The case as the department sees it now (the answer of every action)."""
        return case_view(self.session, record, self.now, self.options)


def take(on: CaseAction, *, note: str = "") -> DepartmentCaseOut:
    """Take a new case into review (审批中)."""
    note = _text(note, "说明", required=False)
    user, now = on.user, on.now
    record, case = on.for_write()
    bo = _backoffice(record)
    bo.update(
        department_code=user.department_code,
        taken_by=user.username,
        taken_at=as_utc(now).isoformat(),
    )
    detail = f"{user.display_name}接件审批" + (f"：{note}" if note else "")
    steps = [(CaseStatus.IN_REVIEW, "status", detail)]
    on.save(record, case, steps, bo, "case.take")
    return on.view(record)


def suspend(on: CaseAction, reason: str) -> DepartmentCaseOut:
    """Suspend the review (暂停/挂起, e.g. 现场核查、专家评审、听证): the clock stops."""
    reason = _text(reason, "暂停理由", required=True)
    record, case = on.for_write()
    bo = _backoffice(record)
    bo["suspended_on"] = on.today.isoformat()
    bo["suspend_reason"] = reason
    steps = [(CaseStatus.SUSPENDED, "status", f"暂停审批：{reason}")]
    on.save(record, case, steps, bo, "case.suspend")
    return on.view(record)


def _with_denial(on: CaseAction, case: Case, number: str, reason: str) -> Case:
    """The case with the 不予许可决定书 of its denial: number, reasons, department, who."""
    code = on.user.department_code or ""
    document = DepartmentDocument(
        kind=DepartmentDocKind.DENIAL,
        number=number,
        reason=reason,
        department=case.item.department or department_name(on.session, code),
        department_code=code,
        issued_at=as_utc(on.now),
        issued_by=on.user.display_name or on.user.username,
    )
    return replace(case, department_documents=(*case.department_documents, document))


def decide(
    on: CaseAction,
    *,
    approve: bool,
    result: ResultInfo,
    reason: str = "",
    issued: library.IssuedResult | None = None,
) -> DepartmentCaseOut:
    """Approve (准予) or deny (不予许可) with the result; the result is then ready at the
    window and a notice to the applicant is due. An approved result enters the shared
    materials library (``issued``: its code, validity, issuer, file; see
    ``library.file_issued``) in the same transaction."""
    reason = _text(reason, "不予许可的理由" if not approve else "说明", required=not approve)
    user, now = on.user, on.now
    record, case = on.for_write()
    name = _text(result.name, "结果名称", required=False) or (
        case.item.result_name or case.item.name if approve else "不予行政许可决定书"
    )
    result_number = _text(result.number, "结果文号/证照编号", required=True)
    validity = _text(result.validity, "有效期", required=False)
    bo = _backoffice(record)
    bo["result"] = {
        "decision": "approved" if approve else "denied",
        "name": name,
        "number": result_number,
        "validity": validity,
        "reason": reason,
        "decided_by": user.username,
        "decided_at": as_utc(now).isoformat(),
    }
    bo["notice"] = {"due": True, "since": as_utc(now).isoformat(), "channel": "sms"}
    described = f"《{name}》编号{result_number}" + (f"，有效期{validity}" if validity else "")
    if approve:
        first = (
            CaseStatus.APPROVED,
            "status",
            f"准予：{described}" + (f"；{reason}" if reason else ""),
        )
    else:
        first = (CaseStatus.DENIED, "status", f"不予许可：{reason}；{described}")
    ready = (
        CaseStatus.RESULT_READY,
        "status",
        f"办理结果已送达窗口待领取：{described}；待通知申请人",
    )
    action = "case.approve" if approve else "case.deny"
    if not approve:  # the written 不予许可决定书 (Art. 38 ¶2) the window prints
        case = _with_denial(on, case, result_number, reason)
    else:
        entry = library.file_issued(
            on.session,
            user,
            case,
            issued or library.IssuedResult(),
            document_number=result_number,
            validity=validity,
            default_issuer=case.item.department or on.where,
            now=now,
        )
        if entry is not None:
            bo["result"]["library_entry"] = entry.entry_id
    on.save(record, case, [first, ready], bo, action)
    return on.view(record)


def supply(on: CaseAction, material_codes: Sequence[str], *, note: str = "") -> DepartmentCaseOut:
    """补齐 recorded by the department: the applicant sent the missing 容缺 materials to it."""
    note = _text(note, "说明", required=False)
    record, _ = on.for_write()
    case_writes.record_supply(
        on.session, on.user, record.number, material_codes, on.now, where=on.where, note=note
    )
    on.session.commit()
    on.session.refresh(record)
    return on.view(record)


TERMINATION_NOTICE = "终止办理通知书"


def terminate(on: CaseAction, reason: str) -> DepartmentCaseOut:
    """终止办理: the 容缺 commitment date passed with a material still missing; the notice
    then waits at the window like a result and the applicant is told."""
    reason = _text(reason, "终止办理的理由", required=True)
    user, now = on.user, on.now
    record, case = on.for_write()
    refusal = termination_refusal(replace(case, status=CaseStatus(record.status)), on.today, reason)
    if refusal:
        raise Conflict(refusal)
    bo = _backoffice(record)
    bo["result"] = {
        "decision": "terminated",
        "name": TERMINATION_NOTICE,
        "number": record.number,
        "validity": "",
        "reason": reason,
        "missing": [c.material.name for c in open_gaps(case)],
        "decided_by": user.username,
        "decided_at": as_utc(now).isoformat(),
    }
    bo["notice"] = {"due": True, "since": as_utc(now).isoformat(), "channel": "sms"}
    steps = [
        (CaseStatus.TERMINATED, TERMINATE_ACTION, termination_detail(reason, open_gaps(case))),
        (
            CaseStatus.RESULT_READY,
            "status",
            f"《{TERMINATION_NOTICE}》已送达窗口待领取；待通知申请人",
        ),
    ]
    on.save(record, case, steps, bo, "case.terminate")
    return on.view(record)

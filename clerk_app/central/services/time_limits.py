"""The back office's time: resuming a suspension, extending within the legal limit, and the
行政许可法 Art. 42 extension approved by the agency's head (domain/extensions.py).

Every write goes through ``CaseAction.save`` (``case_writes.department_write``): the event, the
version, the change log and the audit entry in one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from clerk_app.central.models import Staff
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.backoffice import (
    CaseAction,
    _backoffice,
    _text,
    china_day,
)
from clerk_app.central.services.calendar import (
    CALENDAR_DAYS_SUSPENDED,
    EXTENSION_KEY,
    WORKING_DAYS_SUSPENDED,
    approved_extension_days,
    joint_limit,
    legal_limit,
    legal_terms,
    suspended_days,
)
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid
from clerk_app.contract.backoffice import DepartmentCaseOut
from clerk_app.domain.cases import Case, CaseStatus
from clerk_app.domain.deadlines import (
    extend_promised,
    promised_after_suspension,
    suspended_working_days,
)
from clerk_app.domain.extensions import EXTENSION_ACTION, approve_extension, extension_detail


def resume(on: CaseAction, *, note: str = "") -> DepartmentCaseOut:
    """Resume a suspended review; the promised date moves by the working days suspended."""
    note = _text(note, "说明", required=False)
    options = on.options
    record, case = on.for_write()
    if CaseStatus(record.status) is not CaseStatus.SUSPENDED:
        raise Conflict(f"案件当前状态为「{CaseStatus(record.status).label}」，不是暂停状态")
    bo = _backoffice(record)
    today = on.today
    try:
        since = date.fromisoformat(str(bo.get("suspended_on")))
    except ValueError:
        since = today  # a suspension recorded elsewhere without its day: nothing to add
    lost = 0
    unit = case.item.promised_unit
    if case.promised_date is not None:
        moved, lost = promised_after_suspension(
            case.promised_date, since, today, options.calendar, unit
        )
        case = _replace_promised(case, moved)
    # The legal limit moves by the days suspended too, counted in each unit.
    bo[WORKING_DAYS_SUSPENDED] = int(bo.get(WORKING_DAYS_SUSPENDED, 0)) + (
        suspended_working_days(since, today, options.calendar)
    )
    bo[CALENDAR_DAYS_SUSPENDED] = int(bo.get(CALENDAR_DAYS_SUSPENDED, 0)) + max(
        (today - since).days, 0
    )
    bo.pop("suspended_on", None)
    bo.setdefault("suspensions", []).append(
        {
            "from": since.isoformat(),
            "to": today.isoformat(),
            "working_days": lost,
            "reason": bo.pop("suspend_reason", ""),
        }
    )
    detail = f"恢复审批，暂停{unit.days(lost)}"
    if case.promised_date is not None:
        detail += f"，承诺办结日期顺延至{case.promised_date.isoformat()}"
    if note:
        detail += f"：{note}"
    steps = [(CaseStatus.IN_REVIEW, "status", detail)]
    on.save(record, case, steps, bo, "case.resume")
    return on.view(record)


def _replace_promised(case: Case, promised: date) -> Case:
    return replace(case, promised_date=promised)


def extend(on: CaseAction, reason: str, extra_days: int) -> DepartmentCaseOut:
    """Extend the time limit by ``extra_days`` working days, never past the legal limit (which
    an approved Art. 42 extension moves later)."""
    reason = _text(reason, "延长理由", required=True)
    session, user, now, options = on.session, on.user, on.now, on.options
    record, case = on.for_write()
    status = CaseStatus(record.status)
    if status is not CaseStatus.IN_REVIEW:
        raise Conflict(f"只有审批中的案件可以延长期限，当前状态为「{status.label}」")
    if case.promised_date is None:
        raise Conflict("案件没有承诺办结日期，无法延长")
    bo = _backoffice(record)
    received = china_day(case.received_at) if case.received_at else on.today
    legal_days, legal_unit = legal_terms(case, joint_limit(session, case))
    try:
        extension = extend_promised(
            case.promised_date,
            extra_days,
            received=received,
            legal_days=legal_days,
            calendar=options.calendar,
            suspended_days=suspended_days(bo, legal_unit),
            legal_unit=legal_unit,
            approved_extension_days=approved_extension_days(bo),
        )
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    old = case.promised_date
    case = _replace_promised(case, extension.new_promised)
    bo.setdefault("extensions", []).append(
        {
            "working_days": extra_days,
            "reason": reason,
            "from": old.isoformat(),
            "to": extension.new_promised.isoformat(),
            "by": user.username,
            "at": as_utc(now).isoformat(),
        }
    )
    detail = (
        f"延长办理期限{extra_days}个工作日（{reason}），承诺办结日期由{old.isoformat()}"
        f"改为{extension.new_promised.isoformat()}；法定期限至{extension.limit.isoformat()}"
    )
    on.save(record, case, [(None, "updated", detail)], bo, "case.extend")
    return on.view(record)


def is_department_head(session: Session, user: AuthUser) -> bool:
    staff = session.get(Staff, user.staff_id)
    return bool(staff is not None and staff.department_head and not staff.disabled)


def approve_art42_extension(on: CaseAction, reason: str, working_days: int) -> DepartmentCaseOut:
    """延期: the department head approves an Art. 42 extension of the legal limit (10 working
    days, 15 for a bundle's joint handling), once, before the limit passes; the promised
    date becomes the new limit and the applicant is told the reason (延期通知书)."""
    reason = _text(reason, "延期理由", required=True)
    session, user, now, options = on.session, on.user, on.now, on.options
    if not is_department_head(session, user):
        raise Forbidden(
            "只有本机关负责人可以批准延期（行政许可法第四十二条），请由部门负责人账号办理"
        )
    record, case = on.for_write()
    status = CaseStatus(record.status)
    if status is not CaseStatus.IN_REVIEW:
        raise Conflict(f"只有审批中的案件可以批准延期，当前状态为「{status.label}」")
    bo = _backoffice(record)
    received = china_day(case.received_at) if case.received_at else on.today
    joint = joint_limit(session, case)
    limit_before = legal_limit(case, received, bo, options.calendar, joint=joint)
    try:
        approved = approve_extension(
            today=on.today,
            working_days=working_days,
            reason=reason,
            approved_by=user.display_name,
            joint=joint is not None,
            limit_before=limit_before,
            most_days=joint.extension_days if joint else None,
            calendar=options.calendar,
            already_extended=approved_extension_days(bo) > 0,
        )
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    old = case.promised_date
    new_promised = max(old, approved.limit_after) if old else approved.limit_after
    case = _replace_promised(case, new_promised)
    bo[EXTENSION_KEY] = {
        "working_days": approved.working_days,
        "reason": approved.reason,
        "joint": joint is not None,
        "approved_by": user.username,
        "approved_by_name": user.display_name,
        "approved_at": as_utc(now).isoformat(),
        "approved_on": on.today.isoformat(),  # the hall's day, as the notice dates it
        "limit_before": approved.limit_before.isoformat(),
        "limit_after": approved.limit_after.isoformat(),
        "promised_before": old.isoformat() if old else None,
    }
    steps = [(None, EXTENSION_ACTION, extension_detail(approved))]
    on.save(record, case, steps, bo, "case.extension_approve")
    return on.view(record)

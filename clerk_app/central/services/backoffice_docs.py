"""The 补正 request of a department's review: it returns a case for correction, listing
everything to correct and by when (the 不予许可决定书 of a denial is made by
``backoffice.decide``). Both are kept on the case (``Case.department_documents``) so the window
shows and prints them; every write goes through the back office's ``CaseAction`` (``for_write``:
role, scope and version; ``save``: state, event, change log and audit in one transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from clerk_app.central.services import backoffice
from clerk_app.central.services.auth import as_utc
from clerk_app.central.services.errors import Conflict, Invalid
from clerk_app.contract.backoffice import DepartmentCaseOut
from clerk_app.domain.cases import CaseStatus
from clerk_app.domain.department_docs import (
    MAX_CORRECTIONS,
    CorrectionLine,
    DepartmentDocKind,
    DepartmentDocument,
)

CORRECTION_ACTION = "correction"  # the event of a 退回补正
MAX_CORRECTION_DAYS = 60


def _corrections(lines: Sequence[CorrectionLine]) -> tuple[CorrectionLine, ...]:
    if not lines:
        raise Invalid("请写明需要补正的材料和内容")
    if len(lines) > MAX_CORRECTIONS:
        raise Invalid(f"一次最多告知{MAX_CORRECTIONS}项补正内容")
    return tuple(
        CorrectionLine(
            backoffice._text(line.material, "补正的材料", required=True),
            backoffice._text(line.requirement, "补正的内容", required=True),
        )
        for line in lines
    )


def request_correction(
    on: backoffice.CaseAction,
    lines: Sequence[CorrectionLine],
    working_days: int,
    *,
    note: str = "",
) -> DepartmentCaseOut:
    """退回补正: the review stops (the case is suspended, the clock with it) until the
    department resumes it; the applicant is told, once, everything to correct and by when."""
    corrections = _corrections(lines)
    note = backoffice._text(note, "说明", required=False)
    if not 1 <= working_days <= MAX_CORRECTION_DAYS:
        raise Invalid(f"补正期限应为1至{MAX_CORRECTION_DAYS}个工作日")
    session, user, now, options = on.session, on.user, on.now, on.options
    record, case = on.for_write()
    status = CaseStatus(record.status)
    if status is not CaseStatus.IN_REVIEW:
        raise Conflict(f"只有审批中的案件可以退回补正，当前状态为「{status.label}」")
    today: date = backoffice.china_day(now)
    due = options.calendar.add_working_days(today, working_days)
    issued = sum(1 for d in case.department_documents if d.kind is DepartmentDocKind.CORRECTION)
    document = DepartmentDocument(
        kind=DepartmentDocKind.CORRECTION,
        number=f"{record.number}-BZ{issued + 1}",
        reason=note,
        department=case.item.department
        or backoffice.department_name(session, user.department_code or ""),
        department_code=user.department_code or "",
        issued_at=as_utc(now),
        issued_by=user.display_name or user.username,
        corrections=corrections,
        due=due,
    )
    case = replace(case, department_documents=(*case.department_documents, document))
    bo = backoffice._backoffice(record)
    bo["suspended_on"] = today.isoformat()
    bo["suspend_reason"] = f"退回补正（补正期限{due.isoformat()}）"
    listed = "；".join(f"{c.material}：{c.requirement}" for c in corrections)
    detail = f"退回补正，请于{due.isoformat()}前补正：{listed}" + (f"（{note}）" if note else "")
    steps = [(CaseStatus.SUSPENDED, CORRECTION_ACTION, detail)]
    on.save(record, case, steps, bo, "case.correction")
    return on.view(record)

"""容缺 follow-up (DESIGN.md §3 "Bundles and 容缺 follow-up"): a case accepted with gaps is
待补齐 until every missing material is supplied.

The open gaps of a case are the required materials still missing under its 容缺受理
decision. They are supplied (补齐) at any window of the hall or by the department; each supply
is an event (who, when, where, which materials). While a gap is open the department cannot
approve and no window can hand the result out. When the commitment date has passed with a gap
still open, the department may terminate the case (终止办理) with a reason; a case denied or
terminated has no open gaps any more: nothing is pursued towards an approval.

Pure rules: the server's one writer of cases and the window's pages ask them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from clerk_app.domain.cases import (
    TRANSITIONS,
    Case,
    CaseEvent,
    CaseStatus,
    DecisionKind,
    MaterialCheck,
    MaterialState,
)
from clerk_app.domain.deadlines import DEFAULT_YELLOW_DAYS, DeadlineLevel, deadline_level
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.domain.workdays import WorkdayCalendar

SUPPLY_ACTION = "gap_supplied"  # the event of a 补齐
TERMINATE_ACTION = "terminated"  # the event of a 终止办理
# A case that ended in one of these is no longer pursued towards an approval.
_ENDED = frozenset({CaseStatus.DENIED, CaseStatus.TERMINATED})
MAX_REASON = 500


class GapError(ValueError):
    """A 补齐 or 终止办理 that cannot be recorded; the message is the clerk's sentence."""


def _ended(case: Case) -> bool:
    return case.status in _ENDED or any(e.status in _ENDED for e in case.events)


def open_gaps(case: Case) -> list[MaterialCheck]:
    """The materials still missing under the case's 容缺 commitment (empty for any other case)."""
    if case.decision is None or case.decision.kind is not DecisionKind.ACCEPT_WITH_GAPS:
        return []
    if _ended(case):
        return []
    return [c for c in case.checks if c.material.required and c.state is MaterialState.MISSING]


def commitment_date(case: Case) -> date | None:
    """The date the applicant committed to supply the missing materials by, if any."""
    if case.decision is None or case.decision.kind is not DecisionKind.ACCEPT_WITH_GAPS:
        return None
    return case.decision.commitment_deadline


def _names(checks: Sequence[MaterialCheck]) -> str:
    return "、".join(f"「{c.material.name}」" for c in checks)


def gap_summary(case: Case) -> str:
    """ "待补齐：「A」、「B」（承诺期限2026-12-10）", or empty when no gap is open."""
    gaps = open_gaps(case)
    if not gaps:
        return ""
    due = commitment_date(case)
    return f"待补齐：{_names(gaps)}" + (f"（承诺期限{due.isoformat()}）" if due else "")


def _wanted(case: Case, material_codes: Sequence[str]) -> list[MaterialCheck]:
    """The open gaps named by ``material_codes``, or GapError saying what is wrong."""
    wanted = list(dict.fromkeys(code.strip() for code in material_codes if code.strip()))
    if not wanted:
        raise GapError("请选择申请人补齐的材料")
    gaps = {c.material.code: c for c in open_gaps(case)}
    if not gaps:
        raise GapError(f"案件{case.number}没有待补齐的容缺材料")
    unknown = [code for code in wanted if code not in gaps]
    if unknown:
        raise GapError(f"材料{'、'.join(unknown)}不是案件{case.number}待补齐的材料（可能已补齐）")
    return [gaps[code] for code in wanted]


def supply(
    case: Case,
    material_codes: Sequence[str],
    *,
    at: datetime,
    actor: str,
    where: str,
    note: str = "",
) -> Case:
    """The case with the materials ``material_codes`` received (补齐) and the event saying so.

    Raises :class:`GapError` when nothing is named, or a material is not an open gap of the
    case (already supplied, never missing, or of another case)."""
    supplied = _wanted(case, material_codes)
    codes = {c.material.code for c in supplied}
    day = at.astimezone(HALL_TZ).date() if at.tzinfo else at.date()
    checks = tuple(
        replace(
            c,
            state=MaterialState.RECEIVED,
            copies_received=c.material.copies,
            note=f"{day.isoformat()}补齐",
        )
        if c.material.code in codes and c.state is MaterialState.MISSING
        else c
        for c in case.checks
    )
    done = replace(case, checks=checks)
    left = open_gaps(done)
    detail = f"补齐材料：{_names(supplied)}"
    detail += f"；尚缺{_names(left)}" if left else "；容缺材料已全部补齐"
    if note.strip():
        detail += f"；{' '.join(note.split())[:MAX_REASON]}"
    return done.with_event(CaseEvent(at, actor, where, SUPPLY_ACTION, case.status, detail))


# The statuses of a decision that says the materials are complete.
_COMPLETE_DECISIONS = {CaseStatus.ACCEPTED: "受理", CaseStatus.COMPLETED: "当场办结"}


def decision_refusal(case: Case) -> str:
    """Why a window may not give ``case`` its status: 受理 and 当场办结 need every required
    material received and none to correct. A 容缺 case becomes complete by 补齐 only, never by
    a window changing its decision to 受理 (the gap would vanish unsupplied). Empty when it may."""
    verb = _COMPLETE_DECISIONS.get(case.status)
    if verb is None:
        return ""
    lacking = [
        c
        for c in case.checks
        if c.state is MaterialState.DEFECTIVE
        or (c.material.required and c.state is MaterialState.MISSING)
    ]
    if not lacking:
        return ""
    return f"材料{_names(lacking)}未收齐或需补正，不能{verb}（容缺材料请登记补齐）"


def approval_refusal(case: Case) -> str:
    """Why the department cannot approve ``case`` now; empty when no gap stands in the way."""
    gaps = open_gaps(case)
    if not gaps:
        return ""
    return f"容缺材料{_names(gaps)}尚未补齐，不能作出准予决定（请先登记补齐，或逾期后终止办理）"


def handout_refusal(case: Case) -> str:
    """Why the result of ``case`` cannot go out while a gap is open; empty when it can."""
    gaps = open_gaps(case)
    if not gaps:
        return ""
    return f"案件{case.number}的容缺材料{_names(gaps)}尚未补齐，不能出件（请先办理补齐）"


def termination_refusal(case: Case, today: date, reason: str) -> str:
    """Why the department cannot terminate ``case`` (终止办理) today; empty when it can: an
    open gap, its commitment date passed, a reason given and the case not yet decided."""
    if CaseStatus.TERMINATED not in TRANSITIONS[case.status]:
        return f"案件当前状态为「{case.status.label}」，不能终止办理"
    if not open_gaps(case):
        return "只有容缺材料逾期未补齐的案件可以终止办理"
    due = commitment_date(case)
    if due is None:
        return "案件没有容缺承诺期限，不能以逾期未补齐为由终止办理"
    if today <= due:
        return f"承诺期限{due.isoformat()}尚未届满，不能终止办理"
    if not reason.strip():
        return "请填写终止办理的理由"
    if len(reason) > MAX_REASON:
        return f"终止办理的理由过长（最多{MAX_REASON}字）"
    return ""


def gap_deadline_level(
    case: Case,
    today: date,
    calendar: WorkdayCalendar,
    *,
    yellow_days: int = DEFAULT_YELLOW_DAYS,
) -> DeadlineLevel:
    """Yellow when the 容缺 commitment date is near, red when it passed with a gap still open;
    none for a case without an open gap."""
    if not open_gaps(case):
        return DeadlineLevel.NONE
    return deadline_level(commitment_date(case), today, calendar, yellow_days=yellow_days)


def transition_refusal(case: Case, new: CaseStatus, today: date, *, reason: str = "") -> str:
    """What the 容缺 rules say against moving ``case`` to ``new`` (the lifecycle's own table
    is checked elsewhere): no approval and no hand-out while a gap is open, termination only
    when the commitment is broken. Empty when nothing stands in the way."""
    if new is CaseStatus.APPROVED:
        return approval_refusal(case)
    if new in (CaseStatus.DELIVERED, CaseStatus.MAILED):
        return handout_refusal(case)
    if new is CaseStatus.TERMINATED:
        return termination_refusal(case, today, reason)
    return ""


_TERMINATION_PREFIX = "终止办理："


def termination_detail(reason: str, missing: Sequence[MaterialCheck]) -> str:
    """The text of the 终止办理 event: the reason, then the materials never supplied."""
    return f"{_TERMINATION_PREFIX}{reason}（逾期未补齐{_names(missing)}）"


def missing_at_end(case: Case) -> list[MaterialCheck]:
    """The required materials still missing (a terminated case's broken commitment)."""
    return [c for c in case.checks if c.material.required and c.state is MaterialState.MISSING]


def termination_of(case: Case) -> tuple[CaseEvent, str] | None:
    """The 终止办理 event of ``case`` and the reason it gave, if the case was terminated."""
    for event in reversed(case.events):
        if event.status is CaseStatus.TERMINATED:
            reason = event.detail.removeprefix(_TERMINATION_PREFIX)
            return event, reason.split("（逾期未补齐", 1)[0].strip()
    return None

"""A bundle (一件事) after acceptance: its item cases seen together at 待领取, 案件查询 and 出件.

Each item's case goes to its own department and comes back ready on its own day. The window
hands the results out all at once when every one still owed is ready, or part by part: only
the ready ones go, each case's delivery is its own event, the rest stays 待领取 for a later
visit. A case with an open 容缺 gap never goes out (``gaps.handout_refusal``).

Pure rules over the cases of one bundle; the pages ask them and show the answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from clerk_app.domain.cases import Case, CaseStatus
from clerk_app.domain.gaps import gap_summary, handout_refusal, open_gaps
from clerk_app.domain.handover import refusal_for_status


class MemberState(StrEnum):
    """Where one item case of a bundle stands for the hand-out."""

    READY = "ready"  # its result can go out now
    GAP = "gap"  # a 容缺 material is still missing: nothing goes out before 补齐
    PENDING = "pending"  # the department has not finished (or not yet taken it)
    HANDED = "handed"  # already collected or mailed
    NONE = "none"  # nothing to hand out: 不予受理, 一次性告知, 当场办结

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    MemberState.READY: "可领取",
    MemberState.GAP: "待补齐",
    MemberState.PENDING: "办理中",
    MemberState.HANDED: "已出件",
    MemberState.NONE: "无需出件",
}
_HANDED = frozenset({CaseStatus.DELIVERED, CaseStatus.MAILED})
# Decided at the window: no department result will come back to hand out.
_NOTHING_OWED = frozenset({CaseStatus.REFUSED, CaseStatus.MISSING_NOTICE, CaseStatus.COMPLETED})


def state_for(status: CaseStatus, gap_open: bool) -> MemberState:
    """Where a case in ``status`` stands for the hand-out (``gap_open``: a 容缺 material is
    still missing)."""
    if status in _HANDED:
        return MemberState.HANDED
    if status in _NOTHING_OWED:
        return MemberState.NONE
    if gap_open:
        return MemberState.GAP
    if status is CaseStatus.RESULT_READY:
        return MemberState.READY
    return MemberState.PENDING


def member_state(case: Case) -> MemberState:
    return state_for(case.status, bool(open_gaps(case)))


def summary_of(states: Iterable[MemberState]) -> str:
    """ "3项中2项可领取，1项办理中（待补齐1项）": the parts that are not zero."""
    counts = Counter(states)
    owed = sum(n for state, n in counts.items() if state is not MemberState.NONE)
    text = f"{owed}项中{counts[MemberState.READY]}项可领取"
    waiting = counts[MemberState.PENDING] + counts[MemberState.GAP]
    if waiting:
        text += f"，{waiting}项办理中"
        if counts[MemberState.GAP]:
            text += f"（待补齐{counts[MemberState.GAP]}项）"
    if counts[MemberState.HANDED]:
        text += f"，{counts[MemberState.HANDED]}项已出件"
    return text


def member_note(case: Case) -> str:
    """What stands between the case and its hand-out, as the clerk reads it: the missing
    material and its commitment date, the status, or that it can go out."""
    state = member_state(case)
    if state is MemberState.GAP:
        return gap_summary(case)
    if state is MemberState.READY:
        return state.label
    return case.status.label


@dataclass(frozen=True, slots=True)
class BundleHandout:
    """The item cases of one bundle application, in the order given (the bundle's order)."""

    cases: tuple[Case, ...]

    @classmethod
    def of(cls, cases: Iterable[Case]) -> BundleHandout:
        return cls(tuple(cases))

    @property
    def ready(self) -> list[Case]:
        return [c for c in self.cases if member_state(c) is MemberState.READY]

    @property
    def waiting(self) -> list[Case]:
        """Cases whose result is still owed and not ready (pending, or held by a gap)."""
        return [c for c in self.cases if member_state(c) in (MemberState.PENDING, MemberState.GAP)]

    @property
    def all_ready(self) -> bool:
        """Every result still owed is ready: the whole bundle can go out in one hand-out."""
        return bool(self.ready) and not self.waiting

    def summary(self) -> str:
        """ "3项中2项可领取，1项办理中（待补齐1项）", the parts that are not zero."""
        return summary_of(member_state(c) for c in self.cases)

    def refusals(self, numbers: Sequence[str]) -> list[str]:
        """Why the chosen cases cannot all go out now (one sentence per case that cannot);
        empty when every one of them is ready. A number not of this bundle is refused too."""
        by_number = {c.number: c for c in self.cases}
        if not numbers:
            return ["请选择要发放的事项"]
        reasons = []
        for number in dict.fromkeys(numbers):
            case = by_number.get(number)
            if case is None:
                reasons.append(f"案件{number}不属于本一件事")
                continue
            # the open gap first: it is what the applicant can do something about
            refusal = handout_refusal(case) or refusal_for_status(case)
            if refusal:
                reasons.append(refusal)
        return reasons

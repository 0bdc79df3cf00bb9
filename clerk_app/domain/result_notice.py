"""When a case's result became ready, and whether the applicant still has to be told (the
待领取 list shows both; the clerk records the notice as a ``notified`` event on the case)."""

from __future__ import annotations

from datetime import date

from clerk_app.domain.cases import Case, CaseStatus
from clerk_app.domain.hall_time import HALL_TZ

NOTIFIED_ACTION = "notified"


def ready_on(case: Case) -> date | None:
    """The day the result became ready (the RESULT_READY event), in hall time."""
    for event in reversed(case.events):
        if event.status is CaseStatus.RESULT_READY and event.action != NOTIFIED_ACTION:
            return event.at.astimezone(HALL_TZ).date()
    return None


def notice_due(case: Case) -> bool:
    """A ready result whose applicant has not been told since it became ready."""
    if case.status is not CaseStatus.RESULT_READY:
        return False
    became_ready = max(
        (
            i
            for i, e in enumerate(case.events)
            if e.status is CaseStatus.RESULT_READY and e.action != NOTIFIED_ACTION
        ),
        default=-1,
    )
    return not any(e.action == NOTIFIED_ACTION for e in case.events[became_ready + 1 :])

"""When a result became ready and whether the applicant still has to be told (待领取)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from clerk_app.domain.cases import Case, CaseEvent, CaseStatus, IdKind, Person
from clerk_app.domain.catalog import Item
from clerk_app.domain.result_notice import NOTIFIED_ACTION, notice_due, ready_on

ITEM = Item("X001", "测试事项", "测试部门")
APPLICANT = Person(IdKind.RESIDENT_ID, "42280119900307123X", "王小明")
READY, REVIEW = CaseStatus.RESULT_READY, CaseStatus.IN_REVIEW


def event(day: int, action: str, status: CaseStatus | None, hour: int = 3) -> CaseEvent:
    return CaseEvent(datetime(2026, 11, day, hour, tzinfo=UTC), "dept01", "", action, status)


def case(status: CaseStatus, *events: CaseEvent) -> Case:
    return Case("C1", "HS01", 5, ITEM, APPLICANT, status=status, events=events)


RECEIVED = event(20, "created", CaseStatus.RECEIVED)
DECIDED = event(23, "status", READY)
TOLD = event(24, NOTIFIED_ACTION, READY)
REOPENED = event(25, "status", REVIEW)
READY_AGAIN = event(26, "status", READY)

CASES = [
    ("not ready", case(REVIEW, RECEIVED), None, False),
    ("ready, nobody told", case(READY, RECEIVED, DECIDED), date(2026, 11, 23), True),
    ("ready and told", case(READY, RECEIVED, DECIDED, TOLD), date(2026, 11, 23), False),
    (
        "ready again after being told",
        case(READY, RECEIVED, DECIDED, TOLD, REOPENED, READY_AGAIN),
        date(2026, 11, 26),
        True,
    ),
    ("reopened after being told", case(REVIEW, DECIDED, TOLD, REOPENED), date(2026, 11, 23), False),
    # 17:00 UTC is the next morning in the hall (UTC+8): the hall's day counts.
    (
        "ready late in the UTC day",
        case(READY, event(23, "status", READY, 17)),
        date(2026, 11, 24),
        True,
    ),
    ("ready without its event", case(READY, RECEIVED), None, True),
]


@pytest.mark.parametrize(
    ("name", "given", "day", "due"), CASES, ids=[name for name, *_rest in CASES]
)
def test_ready_on_and_notice_due(name: str, given: Case, day: date | None, due: bool) -> None:
    assert (ready_on(given), notice_due(given)) == (day, due), name

"""What the acceptance page holds before it is a case (AcceptanceDraft): the stored draft's JSON
reads back to the same thing, old or partial drafts read with defaults, and its summary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from clerk_app.domain.acceptance_draft import (
    AcceptanceDraft,
    EnteredApplicant,
    EnteredCheck,
    EnteredDecision,
    EnteredDocument,
    EnteredSubject,
)
from clerk_app.domain.cases import DecisionKind, MaterialState

STORED: dict[str, Any] = {
    "version": 1,
    "ticket_no": "A007",
    "applicant": {
        "type": "person",
        "id_kind": "resident_id",
        "number": "420202199003071238",
        "number_valid": True,
        "nationality": "",
        "name": "陈晓东",
        "mobile": "13871234567",
        "address": "黄石港区花湖路 8 号",
        "no_phone": False,
        "no_phone_reason": "",
    },
    "agent": {
        "on": True,
        "id_kind": "resident_id",
        "number": "42020219850101002",
        "number_valid": False,
        "nationality": "",
        "name": "刘芳",
        "mobile": "13907140000",
    },
    "subject": {"item": "420200-XK-0301-01"},
    "scenarios": {"420200-XK-0301-01": "RENT"},
    "checks": [
        {"name": "入学通知书", "state": "received", "copies": 2, "note": "", "defect": ""},
        {"name": "身份证", "state": "defective", "copies": 0, "note": "", "defect": "复印件不清晰"},
    ],
    "decision": {
        "kind": "refuse",
        "signed": False,
        "deadline": "2026-11-30",
        "reason": "户籍不在本辖区",
        "agency": "黄石港区公安分局",
        "delivery": "window",
        "mail_address": "",
    },
}


def test_a_draft_stored_before_issue_13_still_reads() -> None:
    """Drafts saved before passports had a country and contacts a no-phone reason."""
    old = {**STORED, "applicant": dict(STORED["applicant"]), "agent": dict(STORED["agent"])}
    for key in ("nationality", "no_phone", "no_phone_reason"):
        old["applicant"].pop(key)
    old["agent"].pop("nationality")
    assert AcceptanceDraft.from_dict(old) == AcceptanceDraft.from_dict(STORED)


def test_a_passport_and_a_missing_phone_are_kept_in_the_draft() -> None:
    data = {
        **STORED,
        "applicant": {
            **STORED["applicant"],
            "id_kind": "passport",
            "number": "E12345678",
            "nationality": "USA",
            "mobile": "",
            "no_phone": True,
            "no_phone_reason": "由代办人转告",
        },
    }
    draft = AcceptanceDraft.from_dict(data)
    assert draft.applicant.document.nationality == "USA"
    assert draft.applicant.no_phone and draft.applicant.no_phone_reason == "由代办人转告"
    assert draft.to_dict() == data


def test_a_stored_draft_reads_back_unchanged() -> None:
    draft = AcceptanceDraft.from_dict(STORED)
    assert draft.to_dict() == STORED
    assert draft.applicant.document == EnteredDocument("resident_id", "420202199003071238", True)
    assert draft.agent.document.number_valid is False  # put back as text, checked again
    assert draft.checks[1] == EnteredCheck("身份证", MaterialState.DEFECTIVE, 0, "", "复印件不清晰")
    assert draft.decision.kind is DecisionKind.REFUSE
    assert draft.decision.deadline == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("subject", "entered"),
    [
        ({}, EnteredSubject()),
        ({"item": "X"}, EnteredSubject(item="X")),
        ({"bundle": "B", "items": ["X", "Y"]}, EnteredSubject(bundle="B", bundle_items=("X", "Y"))),
    ],
)
def test_subjects(subject: dict[str, Any], entered: EnteredSubject) -> None:
    assert EnteredSubject.from_dict(subject) == entered
    assert entered.to_dict() == subject


def test_a_partial_draft_reads_with_defaults() -> None:
    draft = AcceptanceDraft.from_dict(
        {"applicant": {"name": "陈晓东"}, "checks": [{"name": " 表 "}]}
    )
    assert draft.applicant == EnteredApplicant(name="陈晓东")
    assert draft.checks == (EnteredCheck("表"),)
    assert draft.decision == EnteredDecision()
    assert draft.subject == EnteredSubject()
    assert AcceptanceDraft.from_dict({}) == AcceptanceDraft()


@pytest.mark.parametrize(
    ("data", "saved_at", "expected"),
    [
        ({}, None, "申请人 （未填姓名），事项 未选事项"),
        (
            STORED,
            datetime(2026, 11, 23, 9, 5),
            "申请人 陈晓东（4202**********1238），事项 420200-XK-0301-01，号 A007，"
            "保存于 11-23 09:05",
        ),
        (
            {"applicant": {"name": " 黄石某公司 "}, "subject": {"bundle": "KB", "items": []}},
            None,
            "申请人 黄石某公司，事项 KB",
        ),
    ],
)
def test_summary(data: dict[str, Any], saved_at: datetime | None, expected: str) -> None:
    assert AcceptanceDraft.from_dict(data).summary(saved_at) == expected

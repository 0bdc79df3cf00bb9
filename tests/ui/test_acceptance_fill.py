"""One way into a filled acceptance page: ``AcceptancePage.fill(AcceptanceDraft)``. A draft
left by a crash uses it, and so will anything else that prepares an application (a help-desk
pre-check): built in code here, not read from a stored draft."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pytestqt.qtbot import QtBot

from clerk_app.domain.acceptance_draft import (
    AcceptanceDraft,
    EnteredAgent,
    EnteredApplicant,
    EnteredCheck,
    EnteredDecision,
    EnteredDocument,
    EnteredSubject,
)
from clerk_app.domain.cases import DecisionKind, IdKind, MaterialState
from clerk_app.domain.material_checks import materials_shown
from clerk_app.ui.acceptance.page import AcceptancePage
from tests.ui.draft_writer import APPLICANT_ID, ITEM

NOW = datetime(2026, 11, 23, 9, 30)


def new_page(qtbot: QtBot, context: Any) -> AcceptancePage:
    page = AcceptancePage(context, now=lambda: NOW)
    qtbot.addWidget(page)
    page.show()
    return page


def test_a_prepared_application_fills_every_panel(qtbot: QtBot, context: Any) -> None:
    page = new_page(qtbot, context)
    item = context.store.catalog.item(ITEM)
    first, second = (m.name for m in materials_shown(item, "RENT")[:2])
    entered = AcceptanceDraft(
        ticket_no="A012",
        applicant=EnteredApplicant(
            "person",
            EnteredDocument(IdKind.RESIDENT_ID.value, APPLICANT_ID.lower(), True),
            "陈晓东",
            "13871234567",
            "黄石港区花湖路 8 号",
        ),
        agent=EnteredAgent(),
        subject=EnteredSubject(item=ITEM),
        scenarios={ITEM: "RENT"},
        checks=(
            EnteredCheck(first, MaterialState.RECEIVED, 1),
            EnteredCheck(second, MaterialState.DEFECTIVE, defect="复印件不清晰"),
        ),
        decision=EnteredDecision(DecisionKind.MISSING_NOTICE),
    )
    assert page.fill(entered) == []

    applicant = page.applicant_panel.applicant()
    assert applicant is not None and applicant.id_number == APPLICANT_ID  # checked again
    assert page.ticket_no == "A012"
    assert page.checklist_panel.scenario_for(ITEM) == "RENT"
    states = {c.material.name: c.state for c in page.checklist_panel.checks()}
    assert states[first] is MaterialState.RECEIVED
    assert states[second] is MaterialState.DEFECTIVE
    assert page.decision_panel.kind() is DecisionKind.MISSING_NOTICE
    assert page.entered().checks[1].defect == "复印件不清晰"
    assert page.entered().decision.deadline is not None


def test_what_the_catalog_no_longer_has_is_said_not_guessed(qtbot: QtBot, context: Any) -> None:
    page = new_page(qtbot, context)
    problems = page.fill(
        AcceptanceDraft(
            subject=EnteredSubject(item="NO-SUCH-ITEM"),
            scenarios={"NO-SUCH-ITEM": "RENT"},
            decision=EnteredDecision(DecisionKind.ACCEPT, deadline=date(2026, 11, 30)),
        )
    )
    assert problems == ["事项 NO-SUCH-ITEM 已不在事项目录中", "情形 RENT 已不在事项目录中"]
    assert page.checklist_panel.items() == []
    assert not page.has_unsaved_work()

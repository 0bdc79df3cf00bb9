"""Keyboard gaps of the acceptance page (issue 9 point 8): every Tab stop is a control the clerk
can see and use, Tab never gets stuck in a table, the rarer decisions (容缺 commitment,
refusal reason) have their own Alt+key shown in the label, and the 容缺 deadline offered is a
few working days, not the promised completion date."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QWidget
from pytestqt.qtbot import QtBot

from clerk_app.domain.cases import DecisionKind
from clerk_app.store.local import LocalStore
from clerk_app.ui.acceptance import AcceptancePage, DecisionPanel
from clerk_app.ui.context import WindowContext
from tests.ui.test_acceptance import (
    ESTATE,
    ESTATE_TAX,
    HOUSE_BUNDLE,
    HUKOU,
    NOW,
    RESIDENCE,
    choose_item,
    fill_applicant,
    show_active,
    window_five,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def context() -> Iterator[WindowContext]:
    """Window 5 of the test hall with test_acceptance's small catalog."""
    store = LocalStore(":memory:")
    store.catalog.replace("test-1", [HUKOU, RESIDENCE, ESTATE, ESTATE_TAX], [HOUSE_BUNDLE])
    yield window_five(store)
    store.close()


def tab_stops(qtbot: QtBot, start: QWidget) -> list[QWidget]:
    """Press Tab from ``start`` until the focus comes back to it: every widget reached."""
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    reached: list[QWidget] = []
    for _ in range(60):
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        if now is start:
            return reached
        if now is widget and not isinstance(now, QAbstractItemView):
            continue  # a date edit's Tab walks its year, month and day sections
        reached.append(now)
    raise AssertionError(
        "Tab never came back to the start; stuck in: "
        + ", ".join(describe(w) for w in reached[-5:])
    )


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__}#{widget.objectName() or '?'}"


def shows_nothing(widget: QWidget) -> bool:
    """A Tab stop the clerk cannot see: hidden, disabled, clipped away, or a bare scroll
    container (a frameless area draws no focus; its fields are the stops)."""
    if not (widget.isVisible() and widget.isEnabled()) or widget.visibleRegion().isEmpty():
        return True
    return isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QAbstractItemView)


@pytest.mark.parametrize(
    "kind", [None, DecisionKind.ACCEPT, DecisionKind.ACCEPT_WITH_GAPS, DecisionKind.REFUSE]
)
def test_every_tab_stop_is_visible_and_enabled(
    qtbot: QtBot, context: WindowContext, kind: DecisionKind | None
) -> None:
    page = AcceptancePage(context, now=lambda: NOW)
    show_active(qtbot, page)
    page.start_new()
    if kind is not None:
        fill_applicant(qtbot, page.applicant_panel)
        choose_item(page, "HS-GA-001")
        page.decision_panel.choose(kind)
    stops = tab_stops(qtbot, page.applicant_panel.number_edit)
    names = [w.objectName() for w in stops]
    assert "checklistView" in names and "confirmDecisionButton" in names
    unseen = [describe(w) for w in stops if shows_nothing(w)]
    assert unseen == [], f"Tab stops the clerk cannot see: {unseen}"
    if kind is DecisionKind.ACCEPT_WITH_GAPS:
        assert "commitmentSignedCheck" in names and "commitmentDeadlineEdit" in names
    if kind is DecisionKind.REFUSE:
        assert "refuseReasonEdit" in names


def test_alt_keys_of_the_rarer_decisions(qtbot: QtBot, context: WindowContext) -> None:
    page = AcceptancePage(context, now=lambda: NOW)
    show_active(qtbot, page)
    page.start_new()
    fill_applicant(qtbot, page.applicant_panel)
    choose_item(page, "HS-GA-001")
    panel = page.decision_panel
    assert "(&S)" in panel.signed_check.text()  # shown as 承诺书(S) with S underlined

    panel.choose(DecisionKind.ACCEPT_WITH_GAPS)
    assert not panel.signed_check.isChecked()
    qtbot.keyClick(page.applicant_panel.number_edit, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(panel.signed_check.isChecked)  # a mnemonic animates the click
    qtbot.keyClick(panel.signed_check, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is panel.deadline_edit

    panel.choose(DecisionKind.REFUSE)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is panel.reason_edit
    qtbot.keyClicks(panel.reason_edit, "bu shu yu")
    assert panel.decision() is not None and panel.decision().reason == "bu shu yu"  # type: ignore[union-attr]


def test_commitment_deadline_defaults_to_a_few_working_days(
    qtbot: QtBot, context: WindowContext
) -> None:
    panel = DecisionPanel(context)
    qtbot.addWidget(panel)
    monday = NOW.date()  # 2026-11-23
    panel.set_subject([replace(HUKOU, promised_days=20)], monday)
    assert panel.promised_date() == date(2026, 12, 21)
    assert panel.deadline_edit.date().toPython() == date(2026, 11, 30)  # 5 working days
    panel.set_subject([ESTATE], monday)  # promised in 3 working days: the limit caps it
    assert panel.deadline_edit.date().toPython() == date(2026, 11, 26) == panel.promised_date()

"""A bundle decided item by item at the window, on the demo catalog: one key decides every
item, only the item that differs needs attention (its own key in the bundle's list), each item
keeps its own date and department; optional items are the citizen's choice and the checklist
follows it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from clerk_app.domain.cases import Case, CaseStatus, DecisionKind, MaterialState
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.ui.acceptance import AcceptancePage
from clerk_app.ui.context import WindowContext
from tests.ui.test_acceptance import NOW, fill_applicant, show_active

ENTERPRISE = "420200-YJS-0001"
HOUSE = "420200-YJS-0002"
MARRIAGE = "卖方婚姻状况证明"


def _bundle(context: WindowContext, code: str) -> tuple[Bundle, list[Item]]:
    bundle = next(b for b in context.store.catalog.bundles() if b.code == code)
    items = [context.store.catalog.item(c) for c in bundle.item_codes]
    return bundle, [i for i in items if i is not None]


def _page(qtbot: QtBot, context: WindowContext, code: str) -> tuple[AcceptancePage, list[Item]]:
    page = AcceptancePage(context, now=lambda: NOW)
    show_active(qtbot, page)
    page.start_new()
    fill_applicant(qtbot, page.applicant_panel)
    bundle, items = _bundle(context, code)
    page.set_bundle(bundle, items)
    return page, items


def _confirm(qtbot: QtBot, page: AcceptancePage) -> list[Case]:
    saved: list[Case] = []
    page.casesSaved.connect(saved.extend)
    with qtbot.waitSignal(page.casesSaved):
        qtbot.keyClick(
            page.decision_panel.confirm_button,
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier,
        )
    return saved


def test_house_bundle_three_accepted_and_one_with_gaps_on_its_own_date(
    qtbot: QtBot, context: WindowContext
) -> None:
    page, items = _page(qtbot, context, HOUSE)
    model = page.checklist_panel.model
    model.mark_required_received()
    marriage = next(n for n, r in enumerate(model.rows) if r.check.material.name == MARRIAGE)
    model.toggle_received(marriage)  # the seller's marriage certificate is missing (容缺)
    assert model.check(marriage).state is MaterialState.MISSING
    panel = page.decision_panel
    qtbot.keyClick(page, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # all items: 受理
    assert [panel.item_kind(i.code) for i in items] == [DecisionKind.ACCEPT] * 4
    assert not panel.confirm()
    assert f"必要材料「{MARRIAGE}」未收，不能受理（涉及：不动产转移登记（二手房买卖））" in (
        panel.errors_text()
    )
    # Shift+F9: the bundle's list, on the item that needs attention; 2 = 容缺受理 for it alone
    qtbot.keyClick(page, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    view = page.bundle_items.view
    assert QApplication.focusWidget() is view
    register = items[2]
    assert view.currentIndex().row() == 2
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert [panel.item_kind(i.code) for i in items] == [
        DecisionKind.ACCEPT,
        DecisionKind.ACCEPT,
        DecisionKind.ACCEPT_WITH_GAPS,
        DecisionKind.ACCEPT,
    ]
    assert panel.kind() is None  # the radios: no decision shared by all
    own = panel.promised_date_of(register.code)
    assert own is not None and own > NOW.date()  # its own 5 working days, not today
    assert panel.deadline_edit.maximumDate().toPython() == own
    panel.signed_check.setChecked(True)
    cases = _confirm(qtbot, page)

    assert [c.status for c in cases] == [
        CaseStatus.ACCEPTED,
        CaseStatus.ACCEPTED,
        CaseStatus.ACCEPTED_WITH_GAPS,
        CaseStatus.ACCEPTED,
    ]
    gap = cases[2]
    assert gap.decision is not None and gap.decision.commitment_signed
    deadline = gap.decision.commitment_deadline
    assert deadline is not None and NOW.date() < deadline <= own == gap.promised_date
    assert [c.material.name for c in gap.gaps()] == [MARRIAGE]
    assert all(c.decision is not None and c.decision.kind is DecisionKind.ACCEPT for c in cases[:2])
    # each item keeps its own date and department; the bundle's date is its last item's
    assert cases[0].promised_date == cases[1].promised_date == NOW.date()
    assert cases[3].promised_date == own  # 水电气 waits for the registration's receipt
    assert len({c.item.department_code for c in cases}) == 4
    link = cases[0].bundle
    assert link is not None and link.promised_date == own
    assert "容缺受理 1" in page.saved_label.text() and "受理 3" in page.saved_label.text()


def test_enterprise_bundle_optional_items_chosen_by_the_citizen(
    qtbot: QtBot, context: WindowContext
) -> None:
    page, items = _page(qtbot, context, ENTERPRISE)
    checklist = page.checklist_panel
    checklist.model.toggle_received(0)
    bank = items[5]  # 企业银行账户开户预约: optional, the citizen does not want it
    assert any(bank.name in r.serves for r in checklist.model.rows)
    view = page.bundle_items.view
    view.setFocus()
    view.selectRow(5)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert page.bundle_items.chosen() == [i.code for i in items[:5]]
    assert [i.code for i in checklist.items()] == [i.code for i in items[:5]]
    assert not any(bank.name in r.serves for r in checklist.model.rows)
    assert checklist.model.check(0).state is MaterialState.RECEIVED  # ticks are kept
    assert len(checklist.checks()) <= 6
    qtbot.keyClick(view, Qt.Key.Key_Space)  # taken again, and left out again
    assert bank.code in page.bundle_items.chosen()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Space)  # a required item cannot be left out
    assert items[0].code in page.bundle_items.chosen()

    checklist.model.mark_required_received()
    qtbot.keyClick(page, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    cases = _confirm(qtbot, page)
    assert [c.item.code for c in cases] == [i.code for i in items[:5]]
    assert all(c.status is CaseStatus.ACCEPTED for c in cases)
    assert len({c.item.department_code for c in cases}) == 5
    # the items after 设立登记 wait for its licence: their date is its date
    first = cases[0].promised_date
    assert first is not None and first > NOW.date()
    assert {c.promised_date for c in cases} == {first}
    assert cases[0].bundle is not None and cases[0].bundle.item_codes == tuple(
        i.code for i in items[:5]
    )


def test_a_draft_keeps_each_items_decision_and_the_choice(
    qtbot: QtBot, context: WindowContext
) -> None:
    page, items = _page(qtbot, context, ENTERPRISE)
    page.bundle_items.toggle(5)
    page.decision_panel.choose(DecisionKind.ACCEPT)
    page.decision_panel.set_item_kind(items[1].code, DecisionKind.MISSING_NOTICE)
    entered = page.entered()
    assert entered.subject.bundle_items == tuple(i.code for i in items[:5])
    again = AcceptancePage(context, now=lambda: NOW)
    show_active(qtbot, again)
    assert again.fill(entered) == []
    assert again.bundle_items.chosen() == [i.code for i in items[:5]]
    assert again.decision_panel.item_kind(items[1].code) is DecisionKind.MISSING_NOTICE
    assert again.decision_panel.item_kind(items[0].code) is DecisionKind.ACCEPT

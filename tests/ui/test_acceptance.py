"""The acceptance page with the real LocalStore (SQLite in memory) and the real domain rules."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from stdnum.cn import ric

from clerk_app.domain.cases import (
    Case,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    MaterialState,
    Person,
)
from clerk_app.domain.catalog import (
    Bundle,
    DeliveryMode,
    HandlingKind,
    Item,
    Material,
    MaterialForm,
    Scenario,
)
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.store.local import LocalStore
from clerk_app.store.logins import CachedUser
from clerk_app.sync.client import CentralClient
from clerk_app.ui.acceptance import (
    AcceptancePage,
    ApplicantPanel,
    ChecklistModel,
    ChecklistPanel,
    DecisionPanel,
    DefectReasonDialog,
    DiscardWorkDialog,
    ItemHitModel,
    ItemSearchPanel,
)
from clerk_app.ui.acceptance._common import BackgroundCaller
from clerk_app.ui.context import WindowContext

# The headless "offscreen" platform cannot size native windows; that is not our warning.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

CASE_NUMBER = re.compile(r"^HS01-05-\d{8}-\d{4}$")
NOW = datetime(2026, 11, 23, 10, 30).astimezone()  # a Monday


def resident_id(first17: str) -> str:
    """A resident ID with the right check character."""
    return first17 + ric.calc_check_digit(first17 + "0")


VALID_ID = resident_id("42020219900307123")  # 黄石港区, born 1990-03-07
UNKNOWN_REGION_ID = resident_id("42999919900307123")  # checksum fine, a code that never existed
NO_COUNTY_ID = resident_id("11019919900307123")  # stdnum raises KeyError for this region
AGENT_ID = resident_id("11010119851120456")


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like the clerk: ASCII as key presses, Chinese as the input method commits it
    (QTest cannot press keys for non-ASCII characters; real Chinese input arrives this way)."""
    for chunk in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def wrong_checksum(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("0" if last != "0" else "1")


# ------------------------------------------------------------------ a small catalog

HUKOU = Item(
    code="HS-GA-001",
    name="户口迁移（子女入学随迁）",
    department="黄石市公安局",
    handling=HandlingKind.PROMISED,
    promised_days=5,
    gap_allowed=True,
    zone="POLICE",
    delivery_modes=(DeliveryMode.WINDOW, DeliveryMode.MAIL),
    materials=(
        Material("M1", "户口迁移申请表", MaterialForm.ORIGINAL_KEPT),
        Material("M2", "监护人居民身份证", MaterialForm.ORIGINAL_CHECKED),
        Material("M3", "入学通知书", MaterialForm.COPY, gap_allowed=True),
        Material("M4", "不动产权证书", MaterialForm.COPY, scenarios=("BUY",)),
        Material("M5", "房屋租赁合同", MaterialForm.COPY, copies=2, scenarios=("RENT",)),
        Material("M6", "居住证", MaterialForm.COPY, required=False, scenarios=("RENT",)),
    ),
    scenarios=(Scenario("BUY", "购房迁入"), Scenario("RENT", "租房迁入")),
)
RESIDENCE = Item(
    code="HS-GA-002",
    name="居住证签注",
    department="黄石市公安局",
    handling=HandlingKind.IMMEDIATE,
    promised_days=0,
    zone="POLICE",
    materials=(Material("R1", "居住证", MaterialForm.ORIGINAL_CHECKED),),
)
ESTATE = Item(
    code="HS-BDC-001",
    name="不动产登记（二手房转移）",
    department="黄石市自然资源和规划局",
    promised_days=3,
    gap_allowed=True,
    zone="ESTATE",
    materials=(
        Material("E1", "不动产登记申请书", MaterialForm.ORIGINAL_KEPT),
        Material("E2", "居民身份证", MaterialForm.ORIGINAL_CHECKED),
        Material("E3", "房屋买卖合同", MaterialForm.COPY, gap_allowed=True),
    ),
)
ESTATE_TAX = Item(
    code="HS-SW-001",
    name="二手房交易契税申报",
    department="国家税务总局黄石市税务局",
    promised_days=1,
    zone="ESTATE",
    materials=(
        Material("T1", "居民身份证", MaterialForm.COPY, copies=2),
        Material("T2", "房屋买卖合同", MaterialForm.ORIGINAL_CHECKED),
    ),
)
WITHDRAWN = Item(
    code="HS-GA-999",
    name="户口本遗失补办（旧）",
    department="黄石市公安局",
    withdrawn=True,
    materials=(Material("W1", "居民身份证"),),
)
HOUSE_BUNDLE = Bundle("BD-ESTATE", "二手房转移登记一件事", ("HS-BDC-001", "HS-SW-001"))


@pytest.fixture
def store() -> Iterator[LocalStore]:
    s = LocalStore(":memory:")
    s.catalog.replace("test-1", [HUKOU, RESIDENCE, ESTATE, ESTATE_TAX, WITHDRAWN], [HOUSE_BUNDLE])
    yield s
    s.close()


@pytest.fixture
def context(store: LocalStore) -> WindowContext:
    return window_five(store)


def window_five(store: LocalStore) -> WindowContext:
    """Window 5 of the test hall, clerk 张敏, on ``store``."""
    user = CachedUser("clerk01", "张敏", "clerk", "HS01", "黄石市民之家", 5, None)
    return WindowContext(
        store=store,
        client=None,
        user=user,
        hall_code="HS01",
        hall_name="黄石市民之家",
        window_no=5,
        window_label="5号窗口",
        calendar=WorkdayCalendar(),
    )


def show_active(qtbot: QtBot, widget: QWidget) -> None:
    """Show the widget as the active window so focus and shortcuts behave as at the counter."""
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


@pytest.fixture
def page(qtbot: QtBot, context: WindowContext) -> AcceptancePage:
    p = AcceptancePage(context, now=lambda: NOW)
    show_active(qtbot, p)
    p.start_new()
    return p


def type_number(qtbot: QtBot, panel: ApplicantPanel, number: str) -> None:
    panel.focus_number()
    qtbot.keyClicks(panel.number_edit, number)


def fill_applicant(qtbot: QtBot, panel: ApplicantPanel, number: str = VALID_ID) -> None:
    type_number(qtbot, panel, number)
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    panel.name_edit.setText("李秀英")
    panel.mobile_edit.setText("13972001234")


def choose_item(page: AcceptancePage, code: str) -> Item:
    item = page._context.store.catalog.item(code)
    assert item is not None
    page.set_item(item)
    return item


def names(model: ChecklistModel) -> list[str]:
    return [c.material.name for c in model.checks()]


def row_of(model: ChecklistModel, name: str) -> int:
    return names(model).index(name)


# ------------------------------------------------------------------ applicant


def test_wrong_checksum_shows_error_keeps_focus_and_stores_nothing(
    qtbot: QtBot, page: AcceptancePage
) -> None:
    panel = page.applicant_panel
    bad = wrong_checksum(VALID_ID)
    type_number(qtbot, panel, bad)
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Tab)  # the clerk tries to move on
    qtbot.waitUntil(lambda: panel.number_edit.hasFocus())
    qtbot.wait(20)  # the focus is pulled back after the event loop turns
    assert panel.number_edit.hasFocus()
    assert panel.id_error_label.isVisible()
    assert "校验位不正确" in panel.id_error_label.text()
    assert panel.number_edit.selectedText() == bad  # selected: typing again replaces it
    panel.name_edit.setText("李秀英")
    panel.mobile_edit.setText("13972001234")
    assert panel.applicant() is None
    assert any("校验位" in e for e in panel.errors())

    # Enter asks again too; then the right number is accepted and the error goes away.
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    assert panel.number_edit.hasFocus()
    qtbot.keyClicks(panel.number_edit, VALID_ID)  # replaces the selected text
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    assert not panel.id_error_label.isVisible()
    applicant = panel.applicant()
    assert applicant is not None and applicant.id_number == VALID_ID


def test_wrong_number_lets_the_clerk_fix_the_document_kind(
    qtbot: QtBot, page: AcceptancePage
) -> None:
    panel = page.applicant_panel
    type_number(qtbot, panel, "E12345678")  # a passport number with the ID kind chosen
    panel.kind_combo.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.wait(20)
    assert panel.kind_combo.hasFocus()  # not pulled back: changing the kind is the fix
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData(IdKind.PASSPORT.value))
    assert panel.document.valid_number() == "E12345678"
    assert not panel.id_error_label.isVisible()


@pytest.mark.parametrize("number", [UNKNOWN_REGION_ID, NO_COUNTY_ID])
def test_valid_id_with_unknown_region_is_accepted_with_a_warning(
    qtbot: QtBot, page: AcceptancePage, number: str
) -> None:
    panel = page.applicant_panel
    fill_applicant(qtbot, panel, number)
    assert not panel.id_error_label.isVisible()
    assert panel.id_warning_label.isVisible()
    assert "地区码" in panel.id_warning_label.text()
    assert panel.name_edit.hasFocus()  # Enter moved on: the warning does not block
    applicant = panel.applicant()
    assert applicant is not None and applicant.id_number == number


def test_returning_applicant_is_filled_in(
    qtbot: QtBot, page: AcceptancePage, store: LocalStore
) -> None:
    store.applicants.save(
        Person(IdKind.RESIDENT_ID, VALID_ID, "王建国", "13800138000", "黄石市下陆区团城山 1 号")
    )
    panel = page.applicant_panel
    type_number(qtbot, panel, VALID_ID.lower())  # a lower-case x would be normalised too
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    assert panel.name_edit.text() == "王建国"
    assert panel.mobile_edit.text() == "138 0013 8000"  # shown formatted
    assert panel.address_edit.text() == "黄石市下陆区团城山 1 号"
    assert "老用户" in panel.lookup_label.text()
    assert VALID_ID not in panel.lookup_label.text()  # the number is masked on screen
    assert panel.applicant() == Person(
        IdKind.RESIDENT_ID, VALID_ID, "王建国", "+8613800138000", "黄石市下陆区团城山 1 号"
    )


def test_mobile_required_for_persons_optional_for_organisations(
    qtbot: QtBot, page: AcceptancePage
) -> None:
    panel = page.applicant_panel
    fill_applicant(qtbot, panel)
    panel.mobile_edit.setText("")
    assert panel.applicant() is None
    assert any("联系电话" in e and "固定电话" in e for e in panel.errors())
    panel.mobile_edit.setText("1234567")
    assert any("联系电话" in e and "11位" in e for e in panel.errors())

    panel.type_combo.setCurrentIndex(1)  # 单位: only the credit code is offered
    assert panel.kind_combo.count() == 1
    assert panel.document.valid_number() is None  # the person's number does not carry over
    panel.document.set_number("91420200MA4F0XXX0X")
    assert panel.id_error_label.isVisible()
    panel.document.set_number("91350100M000100Y43")
    assert panel.document.valid_number() == "91350100M000100Y43"
    panel.name_edit.setText("黄石市某某商贸有限公司")
    panel.mobile_edit.setText("")
    organisation = panel.applicant()
    assert organisation is not None and organisation.is_organisation


def test_agent_needs_a_valid_document(qtbot: QtBot, page: AcceptancePage) -> None:
    panel = page.applicant_panel
    fill_applicant(qtbot, panel)
    qtbot.keyClick(panel.agent_check, Qt.Key.Key_Space)
    assert panel.agent_box.isVisible()
    assert panel.agent_number_edit.hasFocus()
    qtbot.keyClicks(panel.agent_number_edit, wrong_checksum(AGENT_ID))
    qtbot.keyClick(panel.agent_number_edit, Qt.Key.Key_Return)
    assert panel.agent_error_label.isVisible()
    assert panel.agent() is None
    assert any(e.startswith("代办人证件号码") for e in panel.errors())
    panel.agent_number_edit.clear()
    qtbot.keyClicks(panel.agent_number_edit, AGENT_ID)
    qtbot.keyClick(panel.agent_number_edit, Qt.Key.Key_Return)
    panel.agent_name_edit.setText("赵六")
    panel.agent_mobile_edit.setText("13600001111")
    assert panel.errors() == []
    assert panel.agent() == Person(IdKind.RESIDENT_ID, AGENT_ID, "赵六", "+8613600001111")


def test_background_caller_does_not_block_and_reports_errors(qtbot: QtBot) -> None:
    caller = BackgroundCaller()
    results: list[tuple[Any, BaseException | None, bool]] = []
    gui_thread = threading.get_ident()

    release = threading.Event()

    def slow() -> str:
        # Waits for the test to go on: a blocking call() would leave it waiting in vain.
        return "done" if release.wait(5) else "call() blocked the GUI thread"

    def fail() -> None:
        raise ConnectionError("offline")

    def record(result: Any, exc: BaseException | None) -> None:
        results.append((result, exc, threading.get_ident() == gui_thread))

    caller.call(slow, record)
    caller.call(fail, record)
    release.set()  # reached only if both calls returned at once
    qtbot.waitUntil(lambda: len(results) == 2, timeout=3000)
    by_result = {r[0]: r for r in results}
    assert by_result["done"][1] is None
    assert isinstance(by_result[None][1], ConnectionError)
    assert all(r[2] for r in results)  # callbacks run in the GUI thread


# ------------------------------------------------------------------ item search


def test_search_by_one_character_and_pinyin_initials(qtbot: QtBot, page: AcceptancePage) -> None:
    panel = page.item_panel
    panel.focus_search()
    type_text(qtbot, panel.search_edit, "户")
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    found = [panel.model.hit(r) for r in range(panel.model.rowCount())]
    assert [h.code for h in found if h is not None] == ["HS-GA-001"]  # withdrawn not offered

    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "bdcdj")
    qtbot.waitUntil(
        lambda: any(
            getattr(panel.model.hit(r), "code", "") == "HS-BDC-001"
            for r in range(panel.model.rowCount())
        )
    )


def test_search_lists_matching_bundles_and_emits_bundle(qtbot: QtBot, page: AcceptancePage) -> None:
    panel = page.item_panel
    panel.focus_search()
    type_text(qtbot, panel.search_edit, "二手房")
    panel.refresh()
    first = panel.model.hit(0)
    assert isinstance(first, Bundle) and first.code == "BD-ESTATE"
    with qtbot.waitSignal(panel.bundleChosen) as blocker:
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    bundle, items = blocker.args[0]
    assert bundle == HOUSE_BUNDLE
    assert [i.code for i in items] == ["HS-BDC-001", "HS-SW-001"]


def test_down_arrow_enters_results_and_enter_picks(qtbot: QtBot, page: AcceptancePage) -> None:
    panel = page.item_panel
    panel.focus_search()
    type_text(qtbot, panel.search_edit, "黄石市公安局")
    panel.refresh()
    assert panel.model.rowCount() == 2
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)
    assert panel.view.hasFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    second = panel.model.hit(1)
    assert second is not None and not isinstance(second, Bundle)
    with qtbot.waitSignal(panel.itemChosen) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert blocker.args[0].code == second.code


def test_frequent_items_come_first_with_a_star(
    qtbot: QtBot, context: WindowContext, store: LocalStore
) -> None:
    store.catalog.note_used(5, "HS-GA-002")
    panel = ItemSearchPanel(context)
    qtbot.addWidget(panel)
    panel.refresh()  # empty query: this window's frequent items
    assert panel.model.rowCount() == 1
    index = panel.model.index(0, ItemHitModel.NAME)
    assert panel.model.data(index) == "★ 居住证签注"


def test_withdrawn_item_is_refused_if_picked(qtbot: QtBot, context: WindowContext) -> None:
    panel = ItemSearchPanel(context)
    qtbot.addWidget(panel)
    bundle = Bundle("BD-X", "含停办事项的一件事", ("HS-GA-999", "HS-GA-002"))
    panel.model.set_results([], [bundle])
    with qtbot.assertNotEmitted(panel.bundleChosen):
        assert panel.choose_row(0) is False
    assert "HS-GA-999" in panel.error_label.text()


def test_item_hit_model_passes_modeltester(
    qtbot: QtBot, qtmodeltester: Any, store: LocalStore
) -> None:
    model = ItemHitModel()
    model.set_results(store.catalog.search("黄石", window_no=5), [HOUSE_BUNDLE])
    assert model.rowCount() >= 3
    qtmodeltester.check(model)
    model.set_results([], [])
    qtmodeltester.check(model)


# ------------------------------------------------------------------ checklist


def test_scenario_filters_the_checklist_and_keeps_ticks(
    qtbot: QtBot, context: WindowContext
) -> None:
    panel = ChecklistPanel(context)
    qtbot.addWidget(panel)
    panel.set_item(HUKOU)
    assert not panel.scenario_box.isHidden()
    # No scenario yet: only what every scenario needs, and an error until one is chosen.
    assert names(panel.model) == ["户口迁移申请表", "监护人居民身份证", "入学通知书"]
    assert any("情形" in e for e in panel.errors())
    panel.model.toggle_received(0)

    panel.set_scenario("HS-GA-001", "BUY")
    assert names(panel.model) == [
        "户口迁移申请表",
        "监护人居民身份证",
        "入学通知书",
        "不动产权证书",
    ]
    panel.set_scenario("HS-GA-001", "RENT")
    assert names(panel.model) == [
        "户口迁移申请表",
        "监护人居民身份证",
        "入学通知书",
        "房屋租赁合同",
        "居住证",
    ]
    assert panel.model.check(0).state is MaterialState.RECEIVED  # kept across scenarios
    assert panel.errors() == []

    panel.set_item(RESIDENCE)  # no scenarios: the combo is hidden
    assert panel.scenario_box.isHidden()
    assert panel.model.check(0).state is MaterialState.MISSING  # a new item starts afresh


def test_space_d_digits_and_ctrl_a_keys(
    qtbot: QtBot, context: WindowContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = ChecklistPanel(context)
    show_active(qtbot, panel)
    panel.set_item(HUKOU)
    panel.set_scenario("HS-GA-001", "RENT")
    model, view = panel.model, panel.view
    panel.focus_checklist()
    assert view.hasFocus()

    qtbot.keyClick(view, Qt.Key.Key_Space)  # row 0 received, cursor moves down
    assert model.check(0).state is MaterialState.RECEIVED
    assert model.check(0).copies_received == 1
    assert view.currentIndex().row() == 1

    asked: list[str] = []

    def ask(_parent: object, material_name: str) -> str:
        asked.append(material_name)
        return "复印件不清晰"

    monkeypatch.setattr(DefectReasonDialog, "ask", classmethod(lambda cls, p, n: ask(p, n)))
    qtbot.keyClick(view, Qt.Key.Key_D)
    assert asked == ["监护人居民身份证"]
    assert model.check(1).state is MaterialState.DEFECTIVE
    assert model.check(1).defect_reason == "复印件不清晰"
    state_index = model.index(1, ChecklistModel.STATE)
    assert "需补正" in model.data(state_index)

    # Cancelled dialog changes nothing.
    monkeypatch.setattr(DefectReasonDialog, "ask", classmethod(lambda cls, p, n: None))
    view.setCurrentIndex(model.index(2, 0))
    qtbot.keyClick(view, Qt.Key.Key_D)
    assert model.check(2).state is MaterialState.MISSING

    rent = row_of(model, "房屋租赁合同")
    view.setCurrentIndex(model.index(rent, 0))
    qtbot.keyClick(view, Qt.Key.Key_1)  # one of two copies
    assert model.check(rent).copies_received == 1
    assert model.check(rent).state is MaterialState.RECEIVED

    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    states = {c.material.name: c.state for c in model.checks()}
    assert states["入学通知书"] is MaterialState.RECEIVED
    assert states["监护人居民身份证"] is MaterialState.DEFECTIVE  # needs 补正, left alone
    assert states["居住证"] is MaterialState.MISSING  # optional: not ticked blindly

    qtbot.keyClick(view, Qt.Key.Key_Space)  # toggles back to 未收
    assert model.check(view.currentIndex().row() - 1).state is MaterialState.MISSING


def test_state_cells_are_coloured(context: WindowContext) -> None:
    model = ChecklistModel()
    model.set_materials(list(HUKOU.checklist("RENT")))
    colour = lambda row: model.data(  # noqa: E731
        model.index(row, ChecklistModel.STATE), Qt.ItemDataRole.BackgroundRole
    )
    optional = row_of(model, "居住证")
    assert colour(0).color().name() == "#f6cfd2"  # required and missing: red
    assert colour(optional) is None  # optional and missing: plain
    model.toggle_received(0)
    assert colour(0).color().name() == "#cfead6"  # green
    model.mark_defective(1, "缺少签名")
    assert colour(1).color().name() == "#ffdca8"  # orange


def test_editing_copies_and_note(context: WindowContext) -> None:
    model = ChecklistModel()
    model.set_materials(list(HUKOU.checklist("RENT")))
    copies = model.index(0, ChecklistModel.RECEIVED)
    assert model.flags(copies) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, ChecklistModel.NAME)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(copies, 2)
    assert model.check(0).state is MaterialState.RECEIVED
    assert not model.setData(copies, "两份")  # not a number: refused, nothing lost
    assert not model.setData(copies, -1)
    assert model.check(0).copies_received == 2
    assert model.setData(copies, 0)
    assert model.check(0).state is MaterialState.MISSING
    assert model.setData(model.index(0, ChecklistModel.NOTE), " 已核对原件 ")
    assert model.check(0).note == "已核对原件"
    tip = model.data(model.index(0, ChecklistModel.NAME), Qt.ItemDataRole.ToolTipRole)
    assert "来源：申请人自备" in tip


def test_bundle_shows_merged_checklist_with_items_served(
    qtbot: QtBot, qtmodeltester: Any, context: WindowContext
) -> None:
    panel = ChecklistPanel(context)
    qtbot.addWidget(panel)
    panel.set_bundle(HOUSE_BUNDLE, [ESTATE, ESTATE_TAX])
    model = panel.model
    assert names(model) == ["不动产登记申请书", "居民身份证", "房屋买卖合同"]
    assert not panel.view.isColumnHidden(ChecklistModel.SERVES)
    serves = model.data(model.index(row_of(model, "居民身份证"), ChecklistModel.SERVES))
    assert serves == "不动产登记（二手房转移）、二手房交易契税申报"
    contract = model.check(row_of(model, "房屋买卖合同")).material
    assert contract.form is MaterialForm.ORIGINAL_CHECKED  # strictest form
    assert not contract.gap_allowed  # 容缺 only if every item allows it

    model.toggle_received(row_of(model, "居民身份证"))
    tax_checks = panel.checks_for("HS-SW-001")
    id_check = next(c for c in tax_checks if c.material.name == "居民身份证")
    assert id_check.state is MaterialState.RECEIVED
    assert id_check.material.code == "T1"  # each case keeps its own item's material
    qtmodeltester.check(model)


def test_checklist_model_passes_modeltester(qtmodeltester: Any) -> None:
    model = ChecklistModel()
    model.set_materials(list(HUKOU.checklist("RENT")))
    model.toggle_received(0)
    model.mark_defective(1, "份数不足")
    qtmodeltester.check(model)


# ------------------------------------------------------------------ decision


def ready_page(qtbot: QtBot, page: AcceptancePage, code: str = "HS-GA-001") -> Item:
    fill_applicant(qtbot, page.applicant_panel)
    item = choose_item(page, code)
    if item.scenarios:
        page.checklist_panel.set_scenario(code, "BUY")
    return item


def test_accept_with_required_material_missing_is_refused(
    qtbot: QtBot, page: AcceptancePage, store: LocalStore
) -> None:
    ready_page(qtbot, page)
    model = page.checklist_panel.model
    model.mark_required_received()
    model.toggle_received(row_of(model, "监护人居民身份证"))  # back to 未收
    page.decision_panel.choose(DecisionKind.ACCEPT)
    with qtbot.assertNotEmitted(page.caseSaved):
        assert page.decision_panel.confirm() is False
    message = page.decision_panel.errors_text()
    assert "必要材料「监护人居民身份证」未收，不能受理" in message
    assert page.decision_panel.message_label.isVisible()
    assert store.cases.search() == []
    assert page.applicant_panel.name_edit.text() == "李秀英"  # nothing lost


def test_missing_applicant_and_scenario_are_reported_together(
    qtbot: QtBot, page: AcceptancePage
) -> None:
    choose_item(page, "HS-GA-001")
    page.decision_panel.choose(DecisionKind.ACCEPT)
    page.decision_panel.confirm()
    message = page.decision_panel.errors_text()
    assert "请输入证件号码" in message
    assert "请选择“户口迁移（子女入学随迁）”的办理情形" in message
    assert "未收，不能受理" in message


def test_gap_acceptance_with_non_gap_material_missing_is_refused(
    qtbot: QtBot, page: AcceptancePage, store: LocalStore
) -> None:
    ready_page(qtbot, page)
    model = page.checklist_panel.model
    model.toggle_received(row_of(model, "户口迁移申请表"))
    model.toggle_received(row_of(model, "监护人居民身份证"))
    # 入学通知书 (容缺) and 不动产权证书 (not 容缺) are missing
    panel = page.decision_panel
    panel.choose(DecisionKind.ACCEPT_WITH_GAPS)
    assert panel.gap_box.isVisible()
    assert "不动产权证书" in panel.gaps_label.text()
    panel.signed_check.setChecked(True)
    assert panel.confirm() is False
    assert "必要材料「不动产权证书」不可容缺，不能容缺受理" in panel.errors_text()
    assert "入学通知书" not in panel.errors_text()
    assert store.cases.search() == []


def test_gap_deadline_cannot_pass_the_promised_date(
    qtbot: QtBot, page: AcceptancePage, context: WindowContext
) -> None:
    ready_page(qtbot, page)
    panel = page.decision_panel
    promised = context.calendar.add_working_days(NOW.date(), HUKOU.promised_days)
    assert panel.promised_date() == promised
    assert promised.isoformat() in panel.promised_label.text()
    panel.choose(DecisionKind.ACCEPT_WITH_GAPS)
    assert panel.deadline_edit.date().toPython() == promised  # default = promised date
    later = promised + timedelta(days=3)
    panel.deadline_edit.setDate(QDate(later.year, later.month, later.day))
    assert panel.deadline_edit.date().toPython() == promised  # the editor stops at the limit
    late = Decision(
        DecisionKind.ACCEPT_WITH_GAPS,
        commitment_deadline=promised + timedelta(days=1),
        commitment_signed=True,
    )
    assert f"承诺期限不能晚于承诺办结日期 {promised.isoformat()}" in panel.check(late)


def test_valid_gap_acceptance_saves_the_commitment(
    qtbot: QtBot, page: AcceptancePage, store: LocalStore
) -> None:
    ready_page(qtbot, page)
    model = page.checklist_panel.model
    model.mark_required_received()
    model.toggle_received(row_of(model, "入学通知书"))  # the 容缺 material is missing
    panel = page.decision_panel
    panel.choose(DecisionKind.ACCEPT_WITH_GAPS)
    panel.signed_check.setChecked(True)
    with qtbot.waitSignal(page.caseSaved) as blocker:
        assert panel.confirm()
    case: Case = blocker.args[0]
    assert case.status is CaseStatus.ACCEPTED_WITH_GAPS
    assert case.decision is not None and case.decision.commitment_signed
    assert case.decision.commitment_deadline == case.promised_date
    assert [c.material.name for c in case.gaps()] == ["入学通知书"]
    assert "入学通知书" in case.events[-1].detail


def test_refusal_needs_a_reason(qtbot: QtBot, page: AcceptancePage, store: LocalStore) -> None:
    ready_page(qtbot, page)
    panel = page.decision_panel
    panel.choose(DecisionKind.REFUSE)
    assert panel.refuse_box.isVisible()
    assert not panel.confirm()
    assert "请填写不予受理的理由" in panel.errors_text()
    panel.reason_edit.setText("申请事项依法不需要取得行政许可")
    panel.agency_edit.setText("黄石市教育局")
    with qtbot.waitSignal(page.caseSaved) as blocker:
        assert panel.confirm()
    case: Case = blocker.args[0]
    assert case.status is CaseStatus.REFUSED
    assert case.promised_date is None
    assert case.decision is not None and case.decision.competent_agency == "黄石市教育局"


def test_complete_on_spot_only_for_immediate_items(qtbot: QtBot, page: AcceptancePage) -> None:
    ready_page(qtbot, page)
    complete = page.decision_panel.radios[DecisionKind.COMPLETE_ON_SPOT]
    assert not complete.isEnabled()
    choose_item(page, "HS-GA-002")
    assert complete.isEnabled()
    assert page.decision_panel.promised_date() == NOW.date()
    assert "即办件" in page.decision_panel.promised_label.text()
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.COMPLETE_ON_SPOT)
    with qtbot.waitSignal(page.caseSaved) as blocker:
        assert page.decision_panel.confirm()
    assert blocker.args[0].status is CaseStatus.COMPLETED
    assert blocker.args[0].promised_date == NOW.date()


def test_valid_accept_saves_exactly_one_case(
    qtbot: QtBot, page: AcceptancePage, store: LocalStore
) -> None:
    item = ready_page(qtbot, page)
    page.set_ticket("D012")
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    saved: list[Case] = []
    page.caseSaved.connect(saved.append)
    with qtbot.waitSignal(page.casesSaved) as blocker:
        assert page.decision_panel.confirm()
    assert len(saved) == 1 and blocker.args[0] == saved
    case = saved[0]
    assert CASE_NUMBER.match(case.number), case.number
    assert case.number == f"HS01-05-{NOW:%Y%m%d}-0001"
    assert store.cases.get(case.number) == case
    assert len(store.cases.search()) == 1
    assert case.status is CaseStatus.ACCEPTED
    assert case.applicant.id_number == VALID_ID
    assert case.scenario_code == "BUY"
    assert case.ticket_no == "D012"
    assert (case.hall_code, case.window_no, case.clerk, case.clerk_name) == (
        "HS01",
        5,
        "clerk01",
        "张敏",
    )
    assert case.received_at == NOW
    assert case.promised_date == WorkdayCalendar().add_working_days(NOW.date(), 5)
    assert [e.action for e in case.events] == ["created", "decided"]
    assert case.events[1].status is CaseStatus.ACCEPTED
    assert case.events[1].window == "5号窗口" and case.events[1].actor == "clerk01"
    assert {c.material.name for c in case.received()} == {
        m.name for m in item.checklist("BUY") if m.required
    }
    # The item counts as frequent for this window; the applicant is remembered.
    assert store.catalog.search("", window_no=5)[0].code == item.code
    assert store.applicants.find(IdKind.RESIDENT_ID, VALID_ID) is not None
    # Reset for the next applicant, the case number shown.
    assert case.number in page.saved_label.text()
    assert page.applicant_panel.number_edit.text() == ""
    assert page.checklist_panel.items() == []
    assert page.applicant_panel.number_edit.hasFocus()


def test_bundle_creates_one_case_per_item(
    qtbot: QtBot, page: AcceptancePage, store: LocalStore
) -> None:
    fill_applicant(qtbot, page.applicant_panel)
    page.set_bundle(HOUSE_BUNDLE, [ESTATE, ESTATE_TAX])
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    saved: list[Case] = []
    page.caseSaved.connect(saved.append)
    with qtbot.waitSignal(page.casesSaved) as blocker:
        assert page.decision_panel.confirm()
    assert [c.item.code for c in saved] == ["HS-BDC-001", "HS-SW-001"]
    assert blocker.args[0] == saved
    assert [c.number[-4:] for c in saved] == ["0001", "0002"]
    assert saved[1].promised_date == WorkdayCalendar().add_working_days(NOW.date(), 1)
    assert "二手房转移登记一件事" in saved[0].events[-1].detail
    assert len(store.cases.search()) == 2


def test_escape_keeps_the_work_and_new_applicant_asks_first(
    qtbot: QtBot, page: AcceptancePage, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready_page(qtbot, page)
    page.checklist_panel.model.toggle_received(0)
    for widget in (page.applicant_panel.name_edit, page.checklist_panel.view, page):
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert page.applicant_panel.name_edit.text() == "李秀英"
    assert page.checklist_panel.model.check(0).state is MaterialState.RECEIVED

    monkeypatch.setattr(DiscardWorkDialog, "ask", classmethod(lambda cls, parent: False))
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.applicant_panel.name_edit.text() == "李秀英"
    monkeypatch.setattr(DiscardWorkDialog, "ask", classmethod(lambda cls, parent: True))
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.applicant_panel.name_edit.text() == ""
    assert page.applicant_panel.number_edit.hasFocus()


def test_decision_panel_alone_needs_a_choice(qtbot: QtBot, context: WindowContext) -> None:
    panel = DecisionPanel(context)
    qtbot.addWidget(panel)
    panel.set_subject([HUKOU], date(2026, 11, 23))
    assert not panel.confirm()
    assert "请选择受理决定" in panel.errors_text()


# ------------------------------------------------------------------ keyboard only


def test_whole_flow_with_the_keyboard_only(
    qtbot: QtBot, page: AcceptancePage, store: LocalStore
) -> None:
    focused = QApplication.focusWidget
    applicant = page.applicant_panel

    qtbot.keyClick(page, Qt.Key.Key_F2)
    assert focused() is applicant.number_edit
    qtbot.keyClicks(applicant.number_edit, VALID_ID)
    qtbot.keyClick(applicant.number_edit, Qt.Key.Key_Return)  # the scanner's Enter
    assert focused() is applicant.name_edit
    type_text(qtbot, applicant.name_edit, "李秀英")
    qtbot.keyClick(applicant.name_edit, Qt.Key.Key_Return)
    assert focused() is applicant.mobile_edit
    qtbot.keyClicks(applicant.mobile_edit, "13972001234")
    qtbot.keyClick(applicant.mobile_edit, Qt.Key.Key_Return)
    assert focused() is applicant.address_edit
    type_text(qtbot, applicant.address_edit, "黄石市黄石港区湖滨大道88号")
    qtbot.keyClick(applicant.address_edit, Qt.Key.Key_Return)

    search = page.item_panel.search_edit
    assert focused() is search
    qtbot.keyClicks(search, "hkqy")  # 户口迁移 by pinyin initials
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert focused() is page.item_panel.view
    qtbot.keyClick(page.item_panel.view, Qt.Key.Key_Return)

    combo = page.checklist_panel.scenario_combos()[0]
    assert focused() is combo
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # 购房迁入
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    view = page.checklist_panel.view
    assert focused() is view
    assert "不动产权证书" in names(page.checklist_panel.model)
    for _ in range(page.checklist_panel.model.rowCount()):
        qtbot.keyClick(view, Qt.Key.Key_Space)

    qtbot.keyClick(view, Qt.Key.Key_F9)
    qtbot.keyClick(focused(), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert page.decision_panel.kind() is DecisionKind.ACCEPT
    with qtbot.waitSignal(page.caseSaved) as blocker:
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    case: Case = blocker.args[0]
    assert CASE_NUMBER.match(case.number)
    assert case.applicant.address == "黄石市黄石港区湖滨大道88号"
    assert case.status is CaseStatus.ACCEPTED
    assert len(store.cases.search()) == 1
    assert focused() is applicant.number_edit  # ready for the next applicant


def test_changing_the_item_while_gaps_are_listed(qtbot: QtBot, page: AcceptancePage) -> None:
    ready_page(qtbot, page)
    page.decision_panel.choose(DecisionKind.ACCEPT_WITH_GAPS)
    assert "不动产权证书" in page.decision_panel.gaps_label.text()
    page.set_bundle(HOUSE_BUNDLE, [ESTATE, ESTATE_TAX])  # no error from the old item's codes
    gaps = page.decision_panel.gaps_label.text()
    assert "不动产权证书" not in gaps and "房屋买卖合同" in gaps
    errors = page.decision_panel.check(page.decision_panel.decision())
    assert "事项「二手房交易契税申报」不允许容缺受理（涉及：二手房交易契税申报）" in errors


def test_focus_first_goes_where_the_work_is(qtbot: QtBot, page: AcceptancePage) -> None:
    page.item_panel.focus_search()
    page.focus_first()
    assert page.applicant_panel.number_edit.hasFocus()
    fill_applicant(qtbot, page.applicant_panel)
    page.focus_first()
    assert page.item_panel.search_edit.hasFocus()
    choose_item(page, "HS-GA-002")
    page.item_panel.focus_search()
    page.focus_first()
    assert page.checklist_panel.view.hasFocus()


# ------------------------------------------------------------------ online look-up


@pytest.fixture(scope="module")
def central_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real central server (uvicorn, SQLite, demo hall and staff)."""
    from clerk_app.central.embedded import start_embedded

    db_url = f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.db'}"
    server = start_embedded(db_url, init_demo=True)
    yield server.base_url
    server.stop()


def online_page(qtbot: QtBot, context: WindowContext, client: CentralClient) -> AcceptancePage:
    online = replace(context, client=client)
    p = AcceptancePage(online, now=lambda: NOW)
    show_active(qtbot, p)
    p.start_new()
    return p


@pytest.mark.slow  # the demo hall hashes every staff password on start
def test_returning_applicant_from_the_server_fills_in_off_the_gui_thread(
    qtbot: QtBot, context: WindowContext, central_url: str
) -> None:
    client = CentralClient(central_url)
    client.login("clerk01", "Demo@2026", 5)
    person = Person(IdKind.RESIDENT_ID, AGENT_ID, "周建华", "13677778888", "黄石市西塞山区")
    client.save_applicant(person)
    page = online_page(qtbot, context, client)
    panel = page.applicant_panel
    assert context.store.applicants.find(IdKind.RESIDENT_ID, AGENT_ID) is None  # server only
    type_number(qtbot, panel, AGENT_ID)
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    assert panel.name_edit.hasFocus()  # Enter moved on at once, the look-up runs meanwhile
    qtbot.waitUntil(lambda: panel.name_edit.text() == "周建华", timeout=10_000)
    assert panel.mobile_edit.text() == "136 7777 8888"
    assert "已从本大厅申请人库填入" in panel.lookup_label.text()  # the hall's own library
    panel.wait_for_lookups()

    # A number the server does not know: the clerk is told to fill in by hand.
    panel.clear()
    type_number(qtbot, panel, VALID_ID)
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "新申请人" in panel.lookup_label.text(), timeout=10_000)
    assert panel.name_edit.text() == ""
    panel.wait_for_lookups()


def test_unreachable_server_leaves_the_clerk_to_fill_in(
    qtbot: QtBot, context: WindowContext
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    page = online_page(qtbot, context, CentralClient(f"http://127.0.0.1:{port}", timeout=2))
    panel = page.applicant_panel
    type_number(qtbot, panel, VALID_ID)
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    assert panel.name_edit.hasFocus()
    qtbot.waitUntil(lambda: "联网查询失败" in panel.lookup_label.text(), timeout=15_000)
    panel.wait_for_lookups()
    panel.name_edit.setText("李秀英")
    panel.mobile_edit.setText("13972001234")
    assert panel.applicant() is not None  # the clerk goes on offline


def test_id_card_reader_fills_the_applicant(qtbot: QtBot, page: AcceptancePage) -> None:
    panel = page.applicant_panel
    card = Person(IdKind.RESIDENT_ID, VALID_ID, "李秀英", address="黄石市黄石港区湖滨大道88号")
    assert panel.read_card(card)
    assert panel.mobile_edit.hasFocus()  # the card has no mobile: ask for it next
    qtbot.keyClicks(panel.mobile_edit, "13972001234")
    assert panel.applicant() == replace(card, mobile="+8613972001234")
    assert not panel.read_card(replace(card, id_number=wrong_checksum(VALID_ID)))
    assert panel.id_error_label.isVisible()
    assert panel.applicant() is None

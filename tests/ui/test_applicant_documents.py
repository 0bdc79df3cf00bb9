"""Issue 13 at the window, driven with the keyboard: a foreigner (永久居留身份证 typed while
居民身份证 was chosen; a passport with its country; a Hong Kong number) and an elderly applicant
with a landline (a wrong number asks again and loses nothing) or no telephone at all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from clerk_app.domain.cases import CaseStatus, DecisionKind, IdKind, Person
from clerk_app.store.local import LocalStore
from clerk_app.ui.acceptance import AcceptancePage
from tests.ui.conftest import type_chinese
from tests.ui.test_acceptance import HUKOU, NOW, choose_item, show_active, window_five
from tests.unit.test_identifiers import make_foreign_pr

FOREIGN_PR = make_foreign_pr("42", "840", date(1975, 6, 1), 7)  # issued in 湖北, nationality USA
ELDERLY_ID = "420281196001010011"  # issue 13: 大冶市 (created 1994), born 1960


@pytest.fixture
def counter_store() -> Iterator[LocalStore]:
    store = LocalStore(":memory:")
    store.catalog.replace("test-1", [HUKOU], [])
    yield store
    store.close()


@pytest.fixture
def desk(qtbot: QtBot, counter_store: LocalStore) -> AcceptancePage:
    """The acceptance page of window 5, as test_acceptance.py shows it."""
    page = AcceptancePage(window_five(counter_store), now=lambda: NOW)
    show_active(qtbot, page)
    page.start_new()
    return page


def focused() -> object:
    return QApplication.focusWidget()


def enter(qtbot: QtBot, widget: object) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)  # type: ignore[arg-type]


def test_a_foreigners_permanent_residence_id_is_recognised_from_its_number(
    qtbot: QtBot, desk: AcceptancePage
) -> None:
    panel = desk.applicant_panel
    assert panel.document.kind() is IdKind.RESIDENT_ID  # the default the clerk left
    panel.focus_number()
    qtbot.keyClicks(panel.number_edit, FOREIGN_PR)
    enter(qtbot, panel.number_edit)
    assert panel.document.kind() is IdKind.FOREIGN_PERMANENT_RESIDENT
    assert panel.kind_combo.currentText() == "外国人永久居留身份证"
    assert not panel.id_error_label.isVisible()
    assert "已按号码识别为外国人永久居留身份证" in panel.id_warning_label.text()
    assert "地区码" not in panel.id_warning_label.text()
    assert not panel.nationality.combo.isVisible()  # the number carries the nationality
    assert focused() is panel.name_edit
    qtbot.keyClicks(panel.name_edit, "John Smith")
    enter(qtbot, panel.name_edit)
    qtbot.keyClicks(panel.mobile_edit, "+852 91234567")
    enter(qtbot, panel.mobile_edit)
    assert focused() is panel.address_edit
    assert panel.mobile_edit.text() == "+852 9123 4567"
    assert panel.errors() == []
    assert panel.applicant() == Person(
        IdKind.FOREIGN_PERMANENT_RESIDENT,
        FOREIGN_PR,
        "John Smith",
        "+85291234567",
        nationality="USA",
    )


def test_a_passport_is_taken_with_its_country(
    qtbot: QtBot, desk: AcceptancePage, counter_store: LocalStore
) -> None:
    panel = desk.applicant_panel
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData(IdKind.PASSPORT.value))
    assert panel.nationality.combo.isVisible() and panel.nationality.label.isVisible()
    panel.focus_number()
    qtbot.keyClicks(panel.number_edit, "e12345678")
    enter(qtbot, panel.number_edit)
    panel.name_edit.setText("John Smith")
    panel.mobile_edit.setText("+1 650 253 0000")
    assert panel.applicant() is None
    assert any("国籍" in e for e in panel.errors())
    line = panel.nationality.combo.lineEdit()
    assert line is not None
    line.setText("USA")  # typed (the completer popup needs a real screen)
    assert panel.nationality.code() == "USA"
    person = panel.applicant()
    assert person is not None and person.nationality == "USA"
    assert person.document_label == "护照（美国）"
    assert person.mobile == "+16502530000"
    # Chosen by its Chinese name as well; an unknown name is not a country.
    panel.nationality.combo.setEditText("德国")
    assert panel.nationality.code() == "DEU"
    panel.nationality.combo.setEditText("香港")
    assert panel.nationality.code() == ""
    # A passport of this number from another country is another person's record.
    counter_store.applicants.save(
        Person(IdKind.PASSPORT, "E12345678", "Hans Müller", nationality="DEU")
    )
    panel.name_edit.clear()
    panel.nationality.set_code("USA")
    assert panel.name_edit.text() == ""
    panel.nationality.set_code("DEU")
    assert panel.name_edit.text() == "Hans Müller"


def test_an_elderly_applicant_with_a_landline_is_accepted(
    qtbot: QtBot, desk: AcceptancePage, counter_store: LocalStore
) -> None:
    panel = desk.applicant_panel
    panel.focus_number()
    qtbot.keyClicks(panel.number_edit, ELDERLY_ID)
    enter(qtbot, panel.number_edit)
    assert not panel.id_error_label.isVisible()
    assert not panel.id_warning_label.isVisible()  # 大冶市 existed: no region warning
    type_chinese(panel.name_edit, "刘桂英")
    enter(qtbot, panel.name_edit)
    # The number without its area code: said, and the clerk stays with the text kept.
    qtbot.keyClicks(panel.mobile_edit, "6221234")
    enter(qtbot, panel.mobile_edit)
    assert focused() is panel.mobile_edit
    assert panel.mobile_edit.text() == "6221234"
    assert panel.mobile_error_label.isVisible()
    assert "区号" in panel.mobile_error_label.text()
    assert panel.applicant() is None
    qtbot.keyClicks(panel.mobile_edit, "0714-6221234")  # the selected text is replaced
    enter(qtbot, panel.mobile_edit)
    assert not panel.mobile_error_label.isVisible()
    assert panel.mobile_edit.text() == "0714 622 1234"
    assert focused() is panel.address_edit

    item = choose_item(desk, "HS-GA-001")
    desk.checklist_panel.set_scenario(item.code, "BUY")
    desk.checklist_panel.model.mark_required_received()
    desk.decision_panel.choose(DecisionKind.ACCEPT)
    with qtbot.waitSignal(desk.casesSaved) as saved:
        assert desk.decision_panel.confirm()
    case = saved.args[0][0]
    assert case.status is CaseStatus.ACCEPTED
    assert case.applicant.mobile == "+867146221234"
    remembered = counter_store.applicants.find(IdKind.RESIDENT_ID, ELDERLY_ID)
    assert remembered is not None and remembered.mobile == "+867146221234"


def test_no_telephone_needs_the_reason_written_down(qtbot: QtBot, desk: AcceptancePage) -> None:
    panel = desk.applicant_panel
    panel.focus_number()
    qtbot.keyClicks(panel.number_edit, ELDERLY_ID)
    enter(qtbot, panel.number_edit)
    panel.name_edit.setText("刘桂英")
    assert any("联系电话" in e for e in panel.errors())
    qtbot.mouseClick(panel.no_phone_check, Qt.MouseButton.LeftButton)
    assert not panel.mobile_edit.isEnabled()
    assert panel.no_phone_reason_edit.isVisible() and panel.no_phone_reason_edit.hasFocus()
    assert any("无电话的原因" in e for e in panel.errors())
    type_chinese(panel.no_phone_reason_edit, "无电话，由代办人（其子）转告")
    assert panel.errors() == []
    person = panel.applicant()
    assert person is not None
    assert (person.mobile, person.contact_note) == ("", "无电话，由代办人（其子）转告")


def test_a_first_generation_id_is_refused_saying_what_to_bring(
    qtbot: QtBot, desk: AcceptancePage
) -> None:
    panel = desk.applicant_panel
    panel.focus_number()
    qtbot.keyClicks(panel.number_edit, "420202600101001")
    enter(qtbot, panel.number_edit)
    assert focused() is panel.number_edit  # asked again
    text = panel.id_error_label.text()
    assert "2013年1月1日" in text and "临时居民身份证" in text and "户口簿" in text
    assert panel.document.valid_number() is None

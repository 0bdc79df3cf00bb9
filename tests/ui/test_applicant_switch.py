"""Issue 9 point 2: a new ID number after a known applicant was filled in does not keep the
previous person's name, phone and address (what the clerk typed stays)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from clerk_app.domain.cases import IdKind, Person
from clerk_app.domain.phones import format_phone
from clerk_app.ui.acceptance.applicant import ApplicantPanel
from tests.ui.conftest import APPLICANTS

KNOWN = APPLICANTS[1]  # 刘芳, a returning applicant of this PC
NEW_NUMBER = "420202199003071238"  # valid, nobody's


def panel_for(qtbot: Any, context: Any) -> ApplicantPanel:
    context.store.applicants.save(KNOWN)
    panel = ApplicantPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_typing_a_new_number_clears_the_previous_persons_data(qtbot: Any, context: Any) -> None:
    panel = panel_for(qtbot, context)
    panel.document.set_number(KNOWN.id_number)
    assert panel.name_edit.text() == KNOWN.name
    assert panel.mobile_edit.text() == format_phone(KNOWN.mobile)
    assert panel.address_edit.text() == KNOWN.address
    panel.address_edit.setText("黄石港区花湖路1号")  # the clerk corrects the address

    panel.number_edit.setFocus()
    panel.number_edit.selectAll()
    qtbot.keyClicks(panel.number_edit, NEW_NUMBER)
    # Gone while the new number is typed, not only once it is checked.
    assert panel.name_edit.text() == ""
    assert panel.mobile_edit.text() == ""
    assert panel.address_edit.text() == "黄石港区花湖路1号"
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    assert panel.document.valid_number() == NEW_NUMBER
    assert panel.name_edit.text() == "" and panel.mobile_edit.text() == ""
    assert "老用户" not in panel.lookup_label.text()


def test_a_card_read_after_a_known_applicant_does_not_keep_the_phone(
    qtbot: Any, context: Any
) -> None:
    panel = panel_for(qtbot, context)
    panel.document.set_number(KNOWN.id_number)
    assert panel.mobile_edit.text() == format_phone(KNOWN.mobile)
    assert panel.read_card(Person(IdKind.RESIDENT_ID, NEW_NUMBER, "王五", "", "黄石港区"))
    assert panel.name_edit.text() == "王五"
    assert panel.mobile_edit.text() == ""  # the card has no phone; 刘芳's is not his


def test_what_the_clerk_typed_before_the_number_stays(qtbot: Any, context: Any) -> None:
    panel = panel_for(qtbot, context)
    panel.name_edit.setText("刘芳芳")
    panel.document.set_number(KNOWN.id_number)
    assert panel.name_edit.text() == "刘芳芳"  # typed: kept
    assert panel.mobile_edit.text() == format_phone(KNOWN.mobile)  # filled in
    panel.number_edit.selectAll()
    qtbot.keyClicks(panel.number_edit, NEW_NUMBER)
    assert panel.name_edit.text() == "刘芳芳"
    assert panel.mobile_edit.text() == ""

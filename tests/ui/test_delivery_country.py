"""出件 of a result to a passport holder (pytest-qt, the real 出件 page): the passport's issuing
country, read off the document presented, must be the nationality recorded at acceptance."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from clerk_app.domain.cases import CaseStatus, IdKind, Person
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.ui.delivery import DeliveryPage
from tests.ui.conftest import type_chinese
from tests.ui.test_delivery import ready_case, scan

PASSPORT_HOLDER = Person(
    IdKind.PASSPORT, "E12345678", "John Smith", "+12025550123", "黄石港区", nationality="USA"
)
MISMATCH = "证件签发国家/地区与登记不符，不能领取"


@pytest.fixture
def items(demo_catalog: tuple[str, list[Item], list[Bundle]]) -> list[Item]:
    return [i for i in demo_catalog[1] if not i.scenarios and not i.withdrawn]


@pytest.fixture
def page(qtbot: Any, context: Any, runner: Any) -> DeliveryPage:
    widget = DeliveryPage(context, runner=runner)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


def choose_country(page: DeliveryPage, code: str) -> None:
    combo = page.identity.country.combo
    combo.setCurrentIndex(combo.findData(code))


def present(qtbot: Any, page: DeliveryPage, number: str) -> None:
    page.id_number.clear()
    QTest.keyClicks(page.id_number, number)
    QTest.keyClick(page.id_number, Qt.Key.Key_Return)


def test_a_passport_from_another_country_is_refused_the_right_one_collects(
    qtbot: Any, page: DeliveryPage, context: Any, items: list[Item]
) -> None:
    case = ready_case(context, items[0], PASSPORT_HOLDER)
    scan(qtbot, page, case.number)
    country = page.findChild(type(page.identity.country.combo), "delivery_country")
    assert country is page.identity.country.combo
    # the applicant's passport is expected: its country is asked, and never filled in
    assert page.identity.id_kind() is IdKind.PASSPORT
    assert country.isVisible() and page.identity.country.code() == ""
    present(qtbot, page, PASSPORT_HOLDER.id_number)
    assert "请选择护照的签发国家/地区" in page.message.text()
    # by keyboard: the country after the kind, Enter on it goes on to the number
    page.id_kind.setFocus()
    QTest.keyClick(page.id_kind, Qt.Key.Key_Tab)
    assert country.hasFocus()
    line = country.lineEdit()
    assert line is not None
    line.setText("CAN")  # typed (the completer popup needs a real screen)
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert page.id_number.hasFocus() and page.identity.country.code() == "CAN"
    present(qtbot, page, PASSPORT_HOLDER.id_number)
    assert MISMATCH in page.message.text()
    assert page.message.property("role") == "error" and page.message.isVisible()
    assert context.store.cases.get(case.number).status is CaseStatus.RESULT_READY

    choose_country(page, "USA")
    with qtbot.waitSignal(page.previewOpened, timeout=10_000):
        present(qtbot, page, PASSPORT_HOLDER.id_number)
    stored = context.store.cases.get(case.number)
    assert stored.status is CaseStatus.DELIVERED
    assert "护照（美国）" in stored.events[-1].detail


def test_the_country_shows_only_for_a_passport(
    qtbot: Any, page: DeliveryPage, context: Any, items: list[Item]
) -> None:
    case = ready_case(context, items[0], PASSPORT_HOLDER)
    scan(qtbot, page, case.number)
    kinds = page.id_kind
    for index in range(kinds.count()):
        kinds.setCurrentIndex(index)
        passport = kinds.currentData() == IdKind.PASSPORT.value
        assert page.identity.country.combo.isVisible() is passport
        assert page.identity.country.label.isVisible() is passport


def test_a_passport_recorded_without_country_needs_the_clerks_confirmation(
    qtbot: Any,
    page: DeliveryPage,
    context: Any,
    items: list[Item],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = ready_case(context, items[0], replace(PASSPORT_HOLDER, nationality=""))
    asked: list[str] = []
    answer = [False]

    def confirm(why: str) -> bool:
        asked.append(why)
        return answer[0]

    monkeypatch.setattr(page, "confirm_unrecorded_country", confirm)
    scan(qtbot, page, case.number)
    choose_country(page, "GBR")
    present(qtbot, page, PASSPORT_HOLDER.id_number)
    assert asked and "受理时未登记" in asked[0]
    assert context.store.cases.get(case.number).status is CaseStatus.RESULT_READY
    answer[0] = True
    with qtbot.waitSignal(page.previewOpened, timeout=10_000):
        present(qtbot, page, PASSPORT_HOLDER.id_number)
    stored = context.store.cases.get(case.number)
    assert stored.status is CaseStatus.DELIVERED
    assert "护照（英国）" in stored.events[-1].detail
    assert "核对确认为英国" in stored.events[-1].detail


def test_a_new_agent_with_a_passport_gives_its_country(
    qtbot: Any, page: DeliveryPage, context: Any, items: list[Item]
) -> None:
    case = ready_case(context, items[0], PASSPORT_HOLDER)
    scan(qtbot, page, case.number)
    page.collector_new.setChecked(True)
    page.id_kind.setCurrentIndex(page.id_kind.findData(IdKind.PASSPORT.value))
    type_chinese(page.agent_name, "Ann Lee")
    type_chinese(page.agent_note, "委托书2026年11月30日签署，委托代为领取")
    present(qtbot, page, "G1234567")
    assert "请选择护照的签发国家/地区" in page.message.text()
    choose_country(page, "SGP")
    with qtbot.waitSignal(page.previewOpened, timeout=10_000):
        present(qtbot, page, "G1234567")
    stored = context.store.cases.get(case.number)
    assert stored.status is CaseStatus.DELIVERED
    assert "护照（新加坡）" in stored.events[-1].detail

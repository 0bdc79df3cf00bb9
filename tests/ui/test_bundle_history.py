"""案件查询 with a bundle (一件事): found by its bundle number; its item cases listed together
under the heading with each item's status, department and promised date; scanning any one
case number of the bundle lists the whole bundle with that case selected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from clerk_app.domain.catalog import Bundle, Item
from clerk_app.store.cases import CaseSummary
from clerk_app.ui.bundle_rows import BundleHeading
from clerk_app.ui.history import CaseDetailDialog, HistoryPage
from tests.ui.bundle_cases import housing_bundle
from tests.ui.conftest import APPLICANTS, make_case


def _page(qtbot: Any, context: Any) -> HistoryPage:
    page = HistoryPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    return page


def _cell(page: HistoryPage, line: int, column: int) -> Any:
    return page.model.data(page.model.index(line, column))


def test_found_by_bundle_number_with_each_items_status_department_and_date(
    qtbot: Any,
    qtmodeltester: Any,
    context: Any,
    demo_catalog: tuple[str, list[Item], list[Bundle]],
) -> None:
    cases = housing_bundle(context, demo_catalog, ready=1, gap_due_in=3)
    _v, items, _b = demo_catalog
    context.store.cases.save_new(make_case(items[0], APPLICANTS[1]))
    page = _page(qtbot, context)
    page.search.setText(cases[0].bundle_no.lower())  # typed, not scanned
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    qtmodeltester.check(page.model)
    rows = page.model.rows
    assert isinstance(rows[0], BundleHeading) and rows[0].number == cases[0].bundle_no
    assert "二手房交易一件事" in rows[0].text and "3项中1项可领取" in rows[0].text
    assert [r.number for r in rows[1:] if isinstance(r, CaseSummary)] == [c.number for c in cases]
    assert len(rows) == 4 and "共 3 件" in page.count_label.text()
    assert page.table.columnSpan(0, 0) == page.model.columnCount()
    model = page.model
    for line, case in enumerate(cases, 1):
        assert _cell(page, line, model.ITEM_COLUMN) == case.item.name
        assert _cell(page, line, model.DEPARTMENT_COLUMN) == case.item.department
        assert _cell(page, line, model.PROMISED_COLUMN) == case.promised_date.isoformat()  # type: ignore[union-attr]
    assert [_cell(page, line, model.STATUS_COLUMN) for line in (1, 2, 3)] == [
        "待领取",
        "审批中",
        "审批中 · 待补齐",
    ]
    assert len({c.item.department for c in cases}) == 3  # three departments, one bundle
    # the first case is selected; a heading is not a case: Enter on it moves to the case
    assert page.table.currentIndex().row() == 1
    page.table.selectRow(0)
    page.open_selected()
    assert page.table.currentIndex().row() == 1


def test_scanning_one_case_of_a_bundle_lists_the_whole_bundle(
    qtbot: Any, context: Any, demo_catalog: tuple[str, list[Item], list[Bundle]]
) -> None:
    first, second, third = housing_bundle(context, demo_catalog, ready=2)
    page = _page(qtbot, context)
    opened: list[Any] = []
    page.caseOpened.connect(opened.append)
    page.status_combo.setCurrentIndex(page.status_combo.findText("待领取"))  # a filter...
    qtbot.keyClicks(page.search, second.number)
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    # ...the bundle still shows whole: the scanned case and the two others, no dialog yet
    numbers = [r.number for r in page.model.summaries(page.model.rows)]
    assert numbers == [first.number, second.number, third.number] and not opened
    current = page.model.row_at(page.table.currentIndex().row())
    assert isinstance(current, CaseSummary) and current.number == second.number
    page.open_selected()
    [dialog] = opened
    assert isinstance(dialog, CaseDetailDialog) and dialog.case.number == second.number
    texts = [w.text() for w in dialog.summary.findChildren(type(dialog.unprinted_label))]
    assert f"{second.bundle_no}（二手房交易一件事）" in texts
    dialog.close()

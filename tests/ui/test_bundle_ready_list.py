"""待领取 with a bundle (一件事): its item cases together under a heading row that names the
bundle number and how many items are ready; the item still in review or 待补齐 is listed with
its state and does not open; the heading opens the 出件 page on the bundle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from clerk_app.domain.bundle_handout import MemberState
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.ui.bundle_rows import BundleHeading
from clerk_app.ui.ready_list import RED_BACKGROUND, ReadyListPage, ReadyRow
from tests.ui.bundle_cases import housing_bundle
from tests.ui.conftest import APPLICANTS
from tests.ui.test_delivery import ready_case


def _page(qtbot: Any, context: Any) -> ReadyListPage:
    page = ReadyListPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    return page


def test_a_bundles_cases_are_grouped_under_its_number(
    qtbot: Any, context: Any, demo_catalog: tuple[str, list[Item], list[Bundle]]
) -> None:
    _v, items, _b = demo_catalog
    single = ready_case(context, next(i for i in items if not i.scenarios), APPLICANTS[1])
    first, second, third = housing_bundle(context, demo_catalog, ready=2, gap_due_in=-1)
    page = _page(qtbot, context)
    rows = page.model.rows
    heading = next(r for r in rows if isinstance(r, BundleHeading))
    at = rows.index(heading)
    assert heading.number == first.bundle_no == third.bundle_no
    members = rows[at + 1 : at + 4]
    assert [m.number for m in members if isinstance(m, ReadyRow)] == [
        first.number,
        second.number,
        third.number,
    ]
    assert "二手房交易一件事" in heading.text and "3项中2项可领取" in heading.text
    assert "待补齐1项" in heading.text
    # the heading spans the table; the single case stays a row of its own
    assert page.table.columnSpan(at, 0) == page.model.columnCount()
    assert page.model.data(page.model.index(at, 0)) == heading.text
    assert page.model.data(page.model.index(at, 3)) == ""
    assert any(isinstance(r, ReadyRow) and r.number == single.number for r in rows)
    # only the ready results count as 待领取
    assert "待领取 3 件" in page.count_label.text()
    # the item with the open gap: 待补齐 with its passed date, red, and not opened
    gap_row = at + 3
    gap = page.model.row_at(gap_row)
    assert isinstance(gap, ReadyRow) and gap.state is MemberState.GAP
    cell = page.model.index(gap_row, page.model.DEADLINE_COLUMN)
    assert page.model.data(cell).startswith("待补齐（承诺")
    assert page.model.data(cell, Qt.ItemDataRole.BackgroundRole).color() == RED_BACKGROUND
    page.table.selectRow(gap_row)
    with qtbot.assertNotEmitted(page.openCase):
        page.open_selected()
    assert "尚未补齐，不能出件" in page.message.text()
    # the heading opens the hand-out on the bundle's first ready case
    page.table.selectRow(at)
    with qtbot.waitSignal(page.openCase, timeout=2_000) as opened:
        page.open_selected()
    assert opened.args == [first.number]
    # 已通知申请人 on the heading: both ready results of the bundle at once
    assert page.mark_notified()
    assert "其中待通知 1 件" in page.count_label.text()  # the single case is left


def test_a_bundle_item_in_review_is_listed_but_not_opened(
    qtbot: Any, context: Any, demo_catalog: tuple[str, list[Item], list[Bundle]]
) -> None:
    _first, _second, third = housing_bundle(context, demo_catalog, ready=2)
    page = _page(qtbot, context)
    [row] = [r for r in page.model.case_rows() if r.number == third.number]
    assert row.state is MemberState.PENDING
    line = page.model.rows.index(row)
    assert page.model.data(page.model.index(line, page.model.DEADLINE_COLUMN)) == "审批中"
    # no result yet: the item's kind of result is not shown as if it were issued
    assert page.model.data(page.model.index(line, page.model.RESULT_COLUMN)) == ""
    page.table.selectRow(line)
    with qtbot.assertNotEmitted(page.openCase):
        page.open_selected()
    assert "办理结果尚未送达窗口" in page.message.text()


def test_the_ready_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, context: Any, demo_catalog: tuple[str, list[Item], list[Bundle]]
) -> None:
    housing_bundle(context, demo_catalog, ready=1, gap_due_in=2)
    page = _page(qtbot, context)
    assert any(isinstance(r, BundleHeading) for r in page.model.rows)
    qtmodeltester.check(page.model)

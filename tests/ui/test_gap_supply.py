"""补齐 at the window: scanning the notice of a 容缺 case on the 出件 page offers 登记补齐,
records it (queued as a case.supply operation) and prints the 材料接收凭证; a result with an
open gap is not handed out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    MaterialCheck,
)
from clerk_app.domain.catalog import Item
from clerk_app.domain.gaps import open_gaps
from clerk_app.domain.hall_time import hall_today
from clerk_app.printing import DocType
from clerk_app.ui.delivery import DeliveryPage
from clerk_app.ui.gap_supply import GapSupplyDialog
from tests.ui.conftest import APPLICANTS, make_case
from tests.ui.test_delivery import items, page, scan  # noqa: F401  (fixtures)


def gap_case(context: Any, item: Item, *, ready: bool = False, due_in: int = 3) -> Case:
    """A case accepted at this window with its first material missing under a commitment."""
    base = make_case(item, APPLICANTS[0], status=CaseStatus.ACCEPTED_WITH_GAPS)
    first = base.checks[0]
    gap = MaterialCheck(replace(first.material, required=True, gap_allowed=True))
    due = hall_today() + timedelta(days=due_in)
    base = replace(
        base,
        checks=(gap, *base.checks[1:]),
        decision=Decision(
            DecisionKind.ACCEPT_WITH_GAPS, commitment_deadline=due, commitment_signed=True
        ),
    )
    case = context.store.cases.save_new(base)
    if ready:  # as a pull of a case decided before the rule would leave it
        now = datetime.now().astimezone()
        for status in (CaseStatus.IN_REVIEW, CaseStatus.APPROVED, CaseStatus.RESULT_READY):
            case = replace(case, status=status)
            context.store.cases.update(case, CaseEvent(now, "d", "局", "status", status))
    stored: Case = context.store.cases.get(case.number)
    return stored


def test_scan_offers_supply_records_it_and_prints_the_receipt(
    qtbot: Any,
    page: DeliveryPage,  # noqa: F811
    context: Any,
    items: list[Item],  # noqa: F811
) -> None:
    case = gap_case(context, items[0])
    code = case.checks[0].material.code
    scan(qtbot, page, case.number)
    assert "待补齐：" in page.message.text() and "登记补齐" in page.message.text()
    assert page.supply_button.isVisible() and not page.deliver_button.isEnabled()
    page.ask_supply = lambda c: None  # type: ignore[method-assign]
    assert page.supply_gaps() is None and open_gaps(context.store.cases.get(case.number))
    page.ask_supply = lambda c: ([code], "原件已核验")  # type: ignore[method-assign]
    dialog = page.supply_gaps()
    assert dialog is not None and dialog.doc_type is DocType.MATERIAL_RECEIPT
    stored = context.store.cases.get(case.number)
    assert open_gaps(stored) == [] and stored.events[-1].action == "gap_supplied"
    assert "容缺材料已全部补齐" in page.message.text()
    assert not page.supply_button.isVisible()
    [op] = [o for o in context.store.outbox.pending(500) if o.kind == "case.supply"]
    assert op.payload["materials"] == [code] and op.payload["note"] == "原件已核验"
    assert op.payload["case"]["number"] == case.number
    dialog.close()


def test_a_result_with_an_open_gap_is_not_handed_out(
    qtbot: Any,
    page: DeliveryPage,  # noqa: F811
    context: Any,
    items: list[Item],  # noqa: F811
) -> None:
    case = gap_case(context, items[0], ready=True)
    assert not page.open_case(case.number)
    assert "待补齐" in page.message.text() and not page.deliver_button.isEnabled()
    assert not page.deliver()


def test_the_dialog_lists_the_open_gaps(qtbot: Any, context: Any, items: list[Item]) -> None:  # noqa: F811
    case = gap_case(context, items[0])
    dialog = GapSupplyDialog(case)
    qtbot.addWidget(dialog)
    assert len(dialog.boxes) == 1 and dialog.boxes[0].isChecked()
    assert dialog.chosen() == [case.checks[0].material.code]
    dialog.boxes[0].setChecked(False)
    assert dialog.chosen() == []


def test_the_case_list_flags_open_commitments(
    qtbot: Any,
    context: Any,
    items: list[Item],  # noqa: F811
) -> None:
    from PySide6.QtCore import Qt

    from clerk_app.domain.deadlines import DeadlineLevel
    from clerk_app.domain.workdays import WorkdayCalendar
    from clerk_app.ui.case_list import CaseSummaryModel

    late = gap_case(context, items[0], due_in=-3)
    soon = gap_case(context, items[0], due_in=0)
    plain = context.store.cases.save_new(make_case(items[0], APPLICANTS[1]))
    rows = {r.number: r for r in context.store.cases.search()}
    assert rows[late.number].gap_due == late.decision.commitment_deadline  # type: ignore[union-attr]
    assert rows[plain.number].gap_due is None
    model = CaseSummaryModel(calendar=WorkdayCalendar())
    model.set_rows(list(rows.values()))
    assert model.warning(rows[late.number]) is DeadlineLevel.RED
    assert model.warning(rows[soon.number]) is DeadlineLevel.YELLOW
    [line] = [i for i, r in enumerate(model.rows) if r.number == late.number]
    status = model.index(line, model.STATUS_COLUMN)
    assert model.data(status) == "容缺受理 · 待补齐"
    assert "承诺期限" in model.data(status, Qt.ItemDataRole.ToolTipRole)
    context.store.cases.supply_gaps(
        late.number, [late.checks[0].material.code], actor="clerk01", where="1号窗口"
    )
    again = {r.number: r for r in context.store.cases.search()}
    assert again[late.number].gap_due is None


def test_a_terminated_case_goes_out_with_its_notice(
    qtbot: Any,
    page: DeliveryPage,  # noqa: F811
    context: Any,
    items: list[Item],  # noqa: F811
) -> None:
    from clerk_app.domain.gaps import missing_at_end, termination_detail

    case = gap_case(context, items[0], due_in=-2)
    now = datetime.now().astimezone()
    detail = termination_detail("逾期未补齐", missing_at_end(case))
    for status, action, text in (
        (CaseStatus.TERMINATED, "terminated", detail),
        (CaseStatus.RESULT_READY, "status", "《终止办理通知书》已送达窗口待领取"),
    ):
        case = replace(case, status=status)
        context.store.cases.update(case, CaseEvent(now, "d", "局", action, status, text))
    assert page.open_case(case.number)
    assert page.deliver_button.isEnabled() and page.termination_button.isVisible()
    assert not page.supply_button.isVisible()
    assert "终止办理通知书" in page.fields["result"].text()
    dialog = page.print_termination()
    assert dialog is not None and dialog.doc_type.value == "termination_notice"
    qtbot.waitUntil(lambda: bool(dialog.pdf), timeout=30_000)
    dialog.close()


def test_the_ready_list_marks_a_result_held_by_a_gap_and_does_not_open_it(
    qtbot: Any,
    context: Any,
    items: list[Item],  # noqa: F811
) -> None:
    from PySide6.QtCore import Qt

    from clerk_app.domain.deadlines import DeadlineLevel
    from clerk_app.ui.ready_list import RED_BACKGROUND, YELLOW_BACKGROUND, ReadyListPage

    soon = gap_case(context, items[0], ready=True, due_in=0)
    late = gap_case(context, items[1], ready=True, due_in=-3)
    ready = ReadyListPage(context)
    qtbot.addWidget(ready)
    model = ready.model
    rows = {model.row_at(r).number: r for r in range(model.rowCount())}
    for case, level, colour in (
        (soon, DeadlineLevel.YELLOW, YELLOW_BACKGROUND),
        (late, DeadlineLevel.RED, RED_BACKGROUND),
    ):
        row = model.row_at(rows[case.number])
        assert row.warning is level
        cell = model.index(rows[case.number], model.DEADLINE_COLUMN)
        due = case.decision.commitment_deadline  # type: ignore[union-attr]
        assert model.data(cell) == f"待补齐（承诺{due.isoformat()}）"
        assert model.data(cell, Qt.ItemDataRole.BackgroundRole).color() == colour
        assert model.data(model.index(rows[case.number], model.NOTICE_COLUMN)) == ""
    ready.table.selectRow(rows[late.number])
    with qtbot.assertNotEmitted(ready.openCase):
        ready.open_selected()
    assert "尚未补齐，不能出件" in ready.message.text() and "登记补齐" in ready.message.text()
    assert not ready.mark_notified() and "尚未补齐" in ready.message.text()
    # supplied: the same row is an ordinary ready result again, and it opens
    context.store.cases.supply_gaps(
        late.number, [late.checks[0].material.code], actor="clerk01", where="1号窗口"
    )
    ready.refresh()
    rows = {model.row_at(r).number: r for r in range(model.rowCount())}
    assert model.data(model.index(rows[late.number], model.DEADLINE_COLUMN)) == "按期办结"
    ready.table.selectRow(rows[late.number])
    with qtbot.waitSignal(ready.openCase, timeout=2_000) as opened:
        ready.open_selected()
    assert opened.args == [late.number]

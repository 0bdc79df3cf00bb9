"""出件 of a bundle (一件事): scanning the bundle's notice or any of its cases shows every item
case; the ready ones go out together (each case its own event, outbox operation and 送达回证
in one print), or part by part; an item in review or with an open 容缺 gap cannot be ticked,
and 登记补齐 is offered for the gap."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from clerk_app.domain.cases import CaseEvent, CaseStatus
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.domain.gaps import open_gaps
from clerk_app.printing.delivery import DeliveryDoc
from clerk_app.ui.delivery import DeliveryPage
from clerk_app.ui.delivery_print import DeliveriesPreviewDialog
from clerk_app.ui.print_preview import PdfPreviewDialog
from tests.ui.bundle_cases import READY, housing_bundle
from tests.ui.conftest import APPLICANTS
from tests.ui.test_delivery import page, pdf_text, scan  # noqa: F401  (fixtures)

Catalog = tuple[str, list[Item], list[Bundle]]


def _statuses(context: Any, numbers: list[str]) -> list[CaseStatus]:
    return [context.store.cases.get(n).status for n in numbers]


def _collect(qtbot: Any, page: DeliveryPage) -> Any:  # noqa: F811
    with qtbot.waitSignal(page.previewOpened, timeout=10_000) as opened:
        QTest.keyClicks(page.id_number, APPLICANTS[0].id_number)
        QTest.keyClick(page.id_number, Qt.Key.Key_Return)
    return opened.args[0]


def test_two_of_three_ready_go_out_now_the_third_later(
    qtbot: Any,
    page: DeliveryPage,  # noqa: F811
    context: Any,
    demo_catalog: Catalog,
    monkeypatch: Any,
    tmp_path: Path,
) -> None:
    first, second, third = housing_bundle(context, demo_catalog, ready=2)
    numbers = [first.number, second.number, third.number]
    scan(qtbot, page, third.number)  # the one still in review: the bundle shows whole
    assert page.bundle.box.isVisible() and first.bundle_no in page.bundle.box.title()
    model = page.bundle.model
    assert [c.number for c in model.rows] == numbers
    assert page.bundle.chosen() == [first.number, second.number]
    assert "3项中2项可领取，1项办理中" in page.message.text()
    assert "其余事项办结后再来领取" in page.message.text()
    assert page.deliver_button.isEnabled() and "2 项" in page.deliver_button.text()
    note = model.data(model.index(2, model.NOTE_COLUMN))
    assert note == "审批中" and model.data(model.index(2, model.DEPARTMENT_COLUMN))
    # an item not ready cannot be ticked
    third_tick = model.index(2, model.CHECK_COLUMN)
    assert not model.flags(third_tick) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(third_tick, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    ops_before = len(context.store.outbox.pending(500))
    dialog = _collect(qtbot, page)
    assert _statuses(context, numbers) == [
        CaseStatus.DELIVERED,
        CaseStatus.DELIVERED,
        CaseStatus.IN_REVIEW,
    ]
    # each case's delivery is its own event and its own operation for the server
    for number in numbers[:2]:
        last = context.store.cases.get(number).events[-1]
        assert last.status is CaseStatus.DELIVERED and "申请人本人" in last.detail
    ops = context.store.outbox.pending(500)[ops_before:]
    assert sorted(op.payload["case"]["number"] for op in ops) == sorted(numbers[:2])
    assert "其余 1 项办结后再来领取" in page.message.text()
    # one preview of both 送达回证, logged on each case
    assert isinstance(dialog, DeliveriesPreviewDialog) and dialog.numbers == numbers[:2]
    target = tmp_path / "both.pdf"
    monkeypatch.setattr(
        PdfPreviewDialog, "ask_save_path", classmethod(lambda cls, p, suggested: target)
    )
    qtbot.waitUntil(lambda: bool(dialog.pdf), timeout=30_000)
    with qtbot.waitSignal(dialog.printed, timeout=10_000):
        dialog.save_as_pdf()
    text = pdf_text(target)
    assert text.count("送达回证") >= 2 and first.number in text and second.number in text
    for number in numbers[:2]:
        assert [r.doc_type for r in context.store.prints.log(number)] == [
            DeliveryDoc.DELIVERY_RECEIPT.value
        ]
    # the third result comes back later; the bundle's notice (its number) opens it
    now = datetime.now().astimezone()
    case = context.store.cases.get(third.number)
    for status in READY[1:]:
        case = replace(case, status=status)
        context.store.cases.update(case, CaseEvent(now, "d", "局", "status", status, "部门"))
    scan(qtbot, page, first.bundle_no)
    assert page.case is not None and page.case.number == third.number
    assert page.bundle.chosen() == [third.number]
    assert "3项中1项可领取，2项已出件" in page.bundle.summary.text()
    later = _collect(qtbot, page)
    assert _statuses(context, numbers) == [CaseStatus.DELIVERED] * 3
    later.close()
    dialog.close()


def test_part_by_part_and_an_open_gap(
    qtbot: Any,
    page: DeliveryPage,  # noqa: F811
    context: Any,
    demo_catalog: Catalog,
) -> None:
    first, second, third = housing_bundle(context, demo_catalog, ready=2, gap_due_in=-1)
    scan(qtbot, page, third.number)  # the item with the gap
    assert "待补齐" in page.message.text() and "登记补齐" in page.message.text()
    # the bundle's box stands in the case box's place, with its buttons
    assert not page.case_box.isVisible() and page.form.delivery_bundle_supply.isVisible()
    model = page.bundle.model
    gap_line = 2
    assert model.data(model.index(gap_line, model.NOTE_COLUMN)).startswith("待补齐：")
    assert model.data(model.index(gap_line, 1), Qt.ItemDataRole.BackgroundRole) is not None
    # the applicant takes only the first result today: Space on the second unticks it
    page.bundle.table.setFocus()
    page.bundle.table.setCurrentIndex(model.index(1, model.CHECK_COLUMN))
    QTest.keyClick(page.bundle.table, Qt.Key.Key_Space)
    assert page.bundle.chosen() == [first.number] and "1 项" in page.deliver_button.text()
    page.print_document = lambda *a, **k: None  # type: ignore[method-assign,assignment,return-value]
    QTest.keyClicks(page.id_number, APPLICANTS[0].id_number)
    assert page.deliver()
    assert _statuses(context, [first.number, second.number]) == [
        CaseStatus.DELIVERED,
        CaseStatus.RESULT_READY,
    ]
    # nothing ticked: nothing goes out, and the page says so
    model.setData(
        model.index(1, model.CHECK_COLUMN), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    assert not page.deliver_button.isEnabled()
    assert not page.deliver() and "请选择要发放的事项" in page.message.text()
    # the gap's row shows that case, with 登记补齐
    page.bundle.table.clicked.emit(model.index(gap_line, 1))
    assert page.case is not None and page.case.number == third.number
    assert page.form.delivery_bundle_supply.isVisible()
    page.ask_supply = lambda c: ([c.checks[0].material.code], "原件已核验")  # type: ignore[method-assign]
    receipt = page.supply_gaps()
    assert receipt is not None and not open_gaps(context.store.cases.get(third.number))
    assert not page.form.delivery_bundle_supply.isVisible()
    receipt.close()


def test_a_bundles_ready_results_mailed_in_one_envelope(
    qtbot: Any,
    page: DeliveryPage,  # noqa: F811
    context: Any,
    demo_catalog: Catalog,
) -> None:
    first, second, third = housing_bundle(context, demo_catalog, ready=3)
    scan(qtbot, page, second.number)
    assert "一件事的 3 项结果均可领取" in page.message.text()
    page.modes.setCurrentIndex(1)
    page.mail_address.setText("黄石市下陆区杭州西路88号")
    page.waybill.setText("SF1234567890")
    with qtbot.waitSignal(page.previewOpened, timeout=10_000) as opened:
        assert page.mail()
    numbers = [first.number, second.number, third.number]
    assert _statuses(context, numbers) == [CaseStatus.MAILED] * 3
    for number in numbers:
        assert "SF1234567890" in context.store.cases.get(number).events[-1].detail
    dialog = opened.args[0]
    assert isinstance(dialog, DeliveriesPreviewDialog) and dialog.doc_type is DeliveryDoc.MAIL_SLIP
    dialog.close()

"""出件 page and ready list (pytest-qt): scan, identity check, delivered, mailed, printed."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from clerk_app.domain.cases import Case, CaseEvent, CaseStatus, IdKind, Person
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.domain.hall_time import hall_today
from clerk_app.domain.handover import Collector, check_identity
from clerk_app.domain.result_notice import notice_due
from clerk_app.printing.delivery import DeliveryDoc
from clerk_app.ui.delivery import DeliveryPage
from clerk_app.ui.print_preview import PrintPreviewDialog
from clerk_app.ui.ready_list import ReadyListPage
from tests.ui.conftest import APPLICANTS, make_case, type_chinese

OTHER_ID = "11010519491231002X"  # valid, but nobody's on these cases
AGENT_ID = "420204199203150029"


def ready_case(
    context: Any,
    item: Item,
    applicant: Person,
    *,
    late: bool = False,
    agent: Person | None = None,
    mail_address: str = "",
) -> Case:
    """A case accepted at this window and decided by the department (as a pull leaves it)."""
    base = make_case(item, applicant)
    base = replace(
        base,
        agent=agent,
        promised_date=hall_today() - timedelta(days=3) if late else base.promised_date,
        delivery_mode="mail" if mail_address else "window",
        mail_address=mail_address,
    )
    case = context.store.cases.save_new(base)
    now = datetime.now().astimezone()
    for status, detail in (
        (CaseStatus.IN_REVIEW, "接件审批"),
        (CaseStatus.APPROVED, "准予：《准予许可决定书》编号HS-2026-0042，有效期长期有效"),
        (CaseStatus.RESULT_READY, "办理结果已送达窗口待领取：待通知申请人"),
    ):
        case = replace(case, status=status)
        context.store.cases.update(
            case, CaseEvent(now, "gahz01", "黄石市公安局", "status", status, detail)
        )
    stored: Case = context.store.cases.get(case.number)
    return stored


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


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(
        PrintPreviewDialog, "ask_save_path", classmethod(lambda cls, p, suggested: target)
    )
    return target


def scan(qtbot: Any, page: DeliveryPage, number: str) -> None:
    page.scan_edit.clear()
    QTest.keyClicks(page.scan_edit, number)
    QTest.keyClick(page.scan_edit, Qt.Key.Key_Return)


def save_preview(qtbot: Any, dialog: PrintPreviewDialog) -> None:
    qtbot.waitUntil(lambda: bool(dialog.pdf), timeout=30_000)
    with qtbot.waitSignal(dialog.printed, timeout=10_000):
        dialog.save_as_pdf()


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_identity_mismatch_is_refused_and_nothing_changes(
    qtbot: Any, page: DeliveryPage, context: Any, items: list[Item]
) -> None:
    case = ready_case(context, items[0], APPLICANTS[0])
    scan(qtbot, page, case.number)
    assert page.case is not None and page.case.number == case.number
    assert "HS-2026-0042" in page.fields["result"].text()
    QTest.keyClicks(page.id_number, OTHER_ID)
    QTest.keyClick(page.id_number, Qt.Key.Key_Return)
    assert "证件与申请人不一致" in page.message.text()
    assert context.store.cases.get(case.number).status is CaseStatus.RESULT_READY
    # No recorded agent: that choice is off; a new agent needs a name and a note.
    assert not page.collector_agent.isEnabled()
    page.collector_new.setChecked(True)
    assert not page.deliver()
    assert "代理人姓名" in page.message.text()
    type_chinese(page.agent_name, "王五")
    assert not page.deliver()
    assert "委托情况" in page.message.text()
    assert context.store.cases.get(case.number).status is CaseStatus.RESULT_READY


def test_applicant_collects_and_the_delivery_receipt_prints(
    qtbot: Any, page: DeliveryPage, context: Any, items: list[Item], save_to: Path
) -> None:
    case = ready_case(context, items[0], APPLICANTS[0])
    pending_before = context.store.outbox.sync_counts()[0]
    scan(qtbot, page, case.number.lower())  # a scanner in lower case still finds it
    with qtbot.waitSignal(page.previewOpened, timeout=10_000) as opened:
        QTest.keyClicks(page.id_number, APPLICANTS[0].id_number)
        QTest.keyClick(page.id_number, Qt.Key.Key_Return)
    stored = context.store.cases.get(case.number)
    assert stored.status is CaseStatus.DELIVERED
    last = stored.events[-1]
    assert last.actor == "clerk01" and "申请人本人" in last.detail
    assert APPLICANTS[0].id_number not in last.detail  # masked in the audit trail too
    assert context.store.outbox.sync_counts()[0] == pending_before + 1  # queued for the server
    dialog = opened.args[0]
    save_preview(qtbot, dialog)
    text = pdf_text(save_to)
    assert "送达回证" in text and case.number in text and "HS-2026-0042" in text
    assert APPLICANTS[0].id_number not in text
    assert [r.doc_type for r in context.store.prints.log(case.number)] == [
        DeliveryDoc.DELIVERY_RECEIPT.value
    ]
    # Scanning it again: already delivered, refused.
    scan(qtbot, page, case.number)
    assert "已领取" in page.message.text() and "不能重复出件" in page.message.text()
    assert not page.deliver_button.isEnabled()


def test_recorded_and_new_agents(
    qtbot: Any, page: DeliveryPage, context: Any, items: list[Item], save_to: Path
) -> None:
    agent = Person(IdKind.RESIDENT_ID, AGENT_ID, "陈晓燕", "15927561234")
    with_agent = ready_case(context, items[0], APPLICANTS[1], agent=agent)
    assert (
        check_identity(with_agent, Collector.RECORDED_AGENT, IdKind.RESIDENT_ID, OTHER_ID).ok
        is False
    )
    page.open_case(with_agent.number)
    page.collector_agent.setChecked(True)
    QTest.keyClicks(page.id_number, AGENT_ID.lower())  # x typed in lower case
    with qtbot.waitSignal(page.previewOpened, timeout=10_000):
        assert page.deliver()
    assert context.store.cases.get(with_agent.number).status is CaseStatus.DELIVERED

    organisation = ready_case(context, items[1], APPLICANTS[2])
    page.open_case(organisation.number)
    QTest.keyClicks(page.id_number, OTHER_ID)
    assert not page.deliver()
    assert "申请人是单位" in page.message.text()
    page.collector_new.setChecked(True)
    type_chinese(page.agent_name, "赵经办")
    type_chinese(page.agent_note, "单位授权委托书2026年11月20日，代为领取")
    with qtbot.waitSignal(page.previewOpened, timeout=10_000) as opened:
        assert page.deliver()
    save_preview(qtbot, opened.args[0])
    text = pdf_text(save_to)
    assert "赵经办（委托代理人（新委托））" in text and "单位授权委托书" in text
    events = context.store.cases.get(organisation.number).events
    delivered = [e for e in events if e.status is CaseStatus.DELIVERED]
    assert len(delivered) == 1 and "委托情况：单位授权委托书" in delivered[0].detail


def test_mail_with_waybill(
    qtbot: Any, page: DeliveryPage, context: Any, items: list[Item], save_to: Path
) -> None:
    case = ready_case(context, items[0], APPLICANTS[0], mail_address="黄石市下陆区杭州西路88号")
    assert page.open_case(case.number)
    assert page.modes.currentIndex() == 1  # mail chosen at acceptance
    assert page.mail_address.text() == "黄石市下陆区杭州西路88号"
    assert not page.mail()
    assert "请扫描或输入运单号" in page.message.text()
    QTest.keyClicks(page.waybill, "EA1234-5678-9CN")
    with qtbot.waitSignal(page.previewOpened, timeout=10_000) as opened:
        assert page.mail()
    stored = context.store.cases.get(case.number)
    assert stored.status is CaseStatus.MAILED and stored.mail_address == "黄石市下陆区杭州西路88号"
    assert (
        "运单号EA12345678" in next(e for e in stored.events if e.status is CaseStatus.MAILED).detail
    )
    save_preview(qtbot, opened.args[0])
    text = pdf_text(save_to)
    assert "免费邮寄单" in text and "EA12345678" in text
    assert [r.doc_type for r in context.store.prints.log(case.number)] == ["mail_slip"]
    assert page.reprint_button.isEnabled()


def test_address_typed_at_delivery(
    qtbot: Any, page: DeliveryPage, context: Any, items: list[Item]
) -> None:
    case = ready_case(context, items[0], replace(APPLICANTS[0], address=""))
    page.open_case(case.number)
    page.modes.setCurrentIndex(1)
    assert page.mail_address.text() == ""
    page.waybill.setText("SF0001")
    assert not page.mail() and "请填写邮寄地址" in page.message.text()
    type_chinese(page.mail_address, "黄石港区湖滨大道118号")
    with qtbot.waitSignal(page.previewOpened, timeout=10_000):
        assert page.mail()
    assert context.store.cases.get(case.number).mail_address == "黄石港区湖滨大道118号"


def test_cases_not_ready_or_unknown_are_refused(
    qtbot: Any, page: DeliveryPage, context: Any, items: list[Item]
) -> None:
    accepted = context.store.cases.save_new(make_case(items[0], APPLICANTS[0]))
    scan(qtbot, page, accepted.number)
    assert "当前状态为「已受理」" in page.message.text()
    assert not page.modes.isEnabled()
    scan(qtbot, page, "HS01-01-20200101-9999")
    assert "本机没有案件" in page.message.text()
    scan(qtbot, page, "hello")
    assert "不是案件编号" in page.message.text()


def test_ready_list_colours_notice_and_open(qtbot: Any, context: Any, items: list[Item]) -> None:
    on_time = ready_case(context, items[0], APPLICANTS[0])
    late = ready_case(context, items[1], APPLICANTS[1], late=True)
    page = ReadyListPage(context)
    qtbot.addWidget(page)
    model = page.model
    assert model.rowCount() == 2
    assert "待领取 2 件，其中待通知 2 件" in page.count_label.text()
    rows = {model.row_at(r).number: r for r in range(model.rowCount())}
    late_index = model.index(rows[late.number], model.DEADLINE_COLUMN)
    assert model.data(late_index) == "逾期办结"
    assert model.data(late_index, Qt.ItemDataRole.BackgroundRole) is not None
    ok_index = model.index(rows[on_time.number], model.DEADLINE_COLUMN)
    assert model.data(ok_index) == "按期办结"
    page.table.selectRow(rows[late.number])
    assert page.mark_notified()
    assert not notice_due(context.store.cases.get(late.number))
    assert "其中待通知 1 件" in page.count_label.text()
    rows = {model.row_at(r).number: r for r in range(model.rowCount())}
    assert model.data(model.index(rows[late.number], model.NOTICE_COLUMN)) == "已通知"
    page.table.selectRow(rows[on_time.number])
    with qtbot.waitSignal(page.openCase, timeout=2_000) as opened:
        page.open_selected()
    assert opened.args == [on_time.number]

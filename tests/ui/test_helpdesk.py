"""The help desk's pre-check page (issue 11), driven from the keyboard as a 帮办 works it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clerk_app.contract.queue import Ticket
from clerk_app.domain.precheck import Finding, PrecheckStatus, open_qr, qr_hall
from clerk_app.printing.preparation_list import HallInfo
from clerk_app.sync.prechecks import PrecheckDesk
from clerk_app.ui.helpdesk.page import PrecheckPage
from tests.unit.test_ticket_slip import qr_texts, slip_text

HUKOU = "420200-XK-0301-01"  # 户口迁移（子女入学随迁）, queue POLICE
SECRET = "demo-hall-secret"
VALID_ID = "42020219880506123X"


class Issued:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str, str | None]] = []

    def __call__(self, queue: str, kind: str, precheck_no: str, reason: str | None) -> Ticket:
        self.calls.append((queue, kind, precheck_no, reason))
        return Ticket.model_validate(
            {
                "id": 12,
                "number": "D012",
                "queue": queue,
                "queue_name": "户籍",
                "kind": kind,
                "priority": "green" if kind == "green" else "normal",
                "issued_at": "2026-12-07T09:31:05+08:00",
                "sort_at": "2026-12-07T09:31:05+08:00",
                "status": "waiting",
                "waiting_ahead": 3,
                "check_url": "http://hall.example/api/v1/tickets/12/position",
                "precheck_no": precheck_no,
            }
        )


@pytest.fixture
def issued() -> Issued:
    return Issued()


@pytest.fixture
def page(qtbot: QtBot, context: Any, issued: Issued) -> PrecheckPage:
    user = replace(context.user, username="helpdesk01", display_name="赵雪梅", role="helpdesk")
    help_context = replace(context, user=user, window_no=3, progress_secret=SECRET)
    desk = PrecheckDesk(
        help_context.store,
        hall_code="HS01",
        desk="H03",
        secret=SECRET,
        hall=HallInfo("黄石市民之家", "团城山", "9:00-17:00", "0714-6251234"),
        printed_by="赵雪梅",
        open_days=30,
        issue=issued,
    )
    widget = PrecheckPage(help_context, desk)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    return widget


def choose(qtbot: QtBot, page: PrecheckPage) -> None:
    qtbot.keyClicks(page.item_panel.search_edit, "hkqy")
    qtbot.waitUntil(lambda: page.item_panel.model.rowCount() > 0)
    item = page._context.store.catalog.item(HUKOU)
    rows = [page.item_panel.model.hit(r) for r in range(page.item_panel.model.rowCount())]
    codes = [getattr(getattr(hit, "item", hit), "code", "") for hit in rows]
    page.item_panel.choose_row(codes.index(HUKOU)) if HUKOU in codes else page.choose_item(item)
    assert page.model.rowCount() > 0


def test_not_ready_prints_the_list_and_the_pre_check_stays_open(
    qtbot: QtBot, page: PrecheckPage
) -> None:
    choose(qtbot, page)
    page.focus_checklist()
    qtbot.keyClick(page.checklist, Qt.Key.Key_Space)  # first material brought
    assert page.model.row_at(0).finding is Finding.BROUGHT
    assert "还缺" in page.status_label.text()
    assert not page.ticket_button.isEnabled()
    qtbot.keyClick(page.checklist, Qt.Key.Key_E)  # the second one has expired
    assert page.model.row_at(1).finding is Finding.EXPIRED

    qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert page.preview is not None
    qtbot.waitUntil(lambda: bool(page.preview and page.preview.pdf), timeout=20_000)
    number = page._current.number if page._current else ""
    assert number.startswith("YS-HS01-H03-")
    stored = page._context.store.prechecks.get(number)
    assert stored is not None and stored.status is PrecheckStatus.OPEN
    assert stored.finding_for(page.model.row_at(1).code).finding is Finding.EXPIRED
    assert stored.checked_by == "helpdesk01"
    kinds = [op.kind for op in page._context.store.outbox.pending()]
    assert kinds == ["precheck.save"]
    page.preview.reject()


def test_the_list_s_qr_reopens_the_pre_check_with_what_was_checked(
    qtbot: QtBot, page: PrecheckPage
) -> None:
    choose(qtbot, page)
    page.focus_checklist()
    qtbot.keyClick(page.checklist, Qt.Key.Key_Space)
    page.id_edit.setText(VALID_ID)
    page.print_list()
    assert page.preview is not None
    page.preview.reject()
    saved = page._current
    assert saved is not None and saved.applicant_id == VALID_ID
    qr = page._desk.qr_text(saved)

    page.start_new()
    assert page.model.rowCount() == 0
    qtbot.keyClicks(page.open_edit, qr)
    qtbot.keyClick(page.open_edit, Qt.Key.Key_Return)
    assert page._current is not None and page._current.number == saved.number
    assert page.model.row_at(0).finding is Finding.BROUGHT
    assert page.id_edit.text() == VALID_ID
    assert "只需核对未带齐的材料" in page.message_label.text()

    # a tampered QR or another hall's number: said, and nothing is lost
    page.open_edit.setText(qr[:-3] + ("AAA" if not qr.endswith("AAA") else "BBB"))
    qtbot.keyClick(page.open_edit, Qt.Key.Key_Return)
    assert "损坏或被改动" in page.message_label.text()
    assert page._current is not None and page._current.number == saved.number
    page.open_edit.setText("YS-HS02-H01-20261207-0001")
    qtbot.keyClick(page.open_edit, Qt.Key.Key_Return)
    assert "其他大厅" in page.message_label.text()


def test_ready_takes_a_ticket_linked_to_the_pre_check(
    qtbot: QtBot, page: PrecheckPage, issued: Issued
) -> None:
    choose(qtbot, page)
    page.focus_checklist()
    qtbot.keyClick(page.checklist, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert "必要材料已带齐" in page.status_label.text()
    assert page.ticket_button.isEnabled()
    qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "D012" in page.message_label.text(), timeout=10_000)
    number = issued.calls[0][2]
    assert issued.calls == [("POLICE", "normal", number, None)]
    stored = page._context.store.prechecks.get(number)
    assert stored is not None
    assert stored.status is PrecheckStatus.HANDED_OVER and stored.ticket_no == "D012"

    # The slip to hand over opens in the preview: ticket, pre-check number, the sealed QR.
    assert page.slip_preview is not None
    qtbot.waitUntil(lambda: bool(page.slip_preview and page.slip_preview.pdf), timeout=20_000)
    text = slip_text(page.slip_preview.pdf)
    assert "D012" in text and f"预审编号：{number}" in text
    (sealed,) = [code for code in qr_texts(page.slip_preview.pdf) if qr_hall(code)]
    assert open_qr(sealed, "HS01", SECRET).number == number
    page.slip_preview.reject()


def test_green_channel_needs_the_agent_s_authorisation(
    qtbot: QtBot, page: PrecheckPage, issued: Issued
) -> None:
    choose(qtbot, page)
    assert not page.green_button.isEnabled()
    page.agent_check.setChecked(True)
    page.take_green_ticket()
    assert "授权方式" in page.message_label.text() and not issued.calls
    page.agent_edit.setText("本人口头授权")
    qtbot.keyClick(page, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(issued.calls), timeout=10_000)
    assert issued.calls[0][1] == "green" and "本人口头授权" in (issued.calls[0][3] or "")
    # the slip's preview renders on a pool thread: let it finish before the page goes
    qtbot.waitUntil(lambda: bool(page.slip_preview and page.slip_preview.pdf), timeout=20_000)
    assert page.slip_preview is not None
    page.slip_preview.reject()


def test_a_wrong_id_asks_again_and_saves_nothing(qtbot: QtBot, page: PrecheckPage) -> None:
    choose(qtbot, page)
    page.id_edit.setText(VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1"))
    page.print_list()
    assert page.id_error.text()
    assert page.preview is None
    assert page._context.store.outbox.pending() == []


def test_the_window_starts_the_acceptance_from_the_qr_alone(
    qtbot: QtBot, context: Any, runner: Any, tmp_path: Any
) -> None:
    """The help desk's PC never reached the server; the citizen brings the list to a window."""
    from clerk_app.domain.cases import MaterialState
    from clerk_app.domain.hall_time import hall_now
    from clerk_app.domain.precheck import ItemRef, MaterialFinding, Precheck
    from clerk_app.domain.precheck_acceptance import PRECHECKED
    from clerk_app.store.local import LocalStore
    from clerk_app.ui.acceptance import AcceptancePage
    from clerk_app.ui.helpdesk.at_window import PrecheckAtWindow

    item = context.store.catalog.item(HUKOU)
    required = [m for m in item.checklist(None) if m.required]
    help_store = LocalStore(tmp_path / "helpdesk.db")
    try:
        help_desk = PrecheckDesk(
            help_store,
            hall_code="HS01",
            desk="H01",
            secret=SECRET,
            hall=HallInfo("黄石市民之家"),
            printed_by="赵雪梅",
            open_days=30,
        )
        now = hall_now()
        saved = help_desk.save(
            Precheck(
                number=help_desk.new_number(),
                hall_code="HS01",
                item_refs=(ItemRef(item.code, item.version),),
                scenario_code=None,
                findings=(
                    MaterialFinding(required[0].code, Finding.BROUGHT),
                    MaterialFinding(required[1].code, Finding.DEFECTIVE, "未签名"),
                ),
                checked_by="helpdesk01",
                created_at=now,
                open_until=now.date(),
                applicant_kind="resident_id",
                applicant_id=VALID_ID,
            )
        )
        qr = help_desk.qr_text(saved)
    finally:
        help_store.close()

    window_context = replace(context, progress_secret=SECRET)
    page = AcceptancePage(window_context)
    qtbot.addWidget(page)
    page.show()
    page.start_new()
    window_desk = PrecheckDesk(
        window_context.store,
        hall_code="HS01",
        desk="W01",
        secret=SECRET,
        hall=HallInfo("黄石市民之家"),
        printed_by="张敏",
        open_days=30,
    )
    at_window = PrecheckAtWindow(window_context, window_desk, page, runner)
    messages: list[str] = []
    at_window.message.connect(messages.append)
    at_window.open(qr, ticket_no="D012")
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert "已按帮办预审" in messages[0], messages
    assert at_window.current is not None and at_window.current.number == saved.number
    assert page.applicant_panel.number_edit.text() == VALID_ID
    checks = {c.material.code: c for c in page.checklist_panel.model.checks()}
    assert checks[required[0].code].state is MaterialState.RECEIVED
    assert checks[required[0].code].note.startswith(PRECHECKED)
    assert checks[required[1].code].state is MaterialState.DEFECTIVE
    assert checks[required[2].code].state is MaterialState.MISSING  # the window checks it


def test_a_bundle_never_asks_what_one_of_its_items_produces(page: PrecheckPage) -> None:
    """企业开办: the 营业执照 is the result of its first item, not something to bring."""
    store = page._context.store
    bundle = next(b for b in store.catalog.bundles() if "企业开办" in b.name)
    items = [store.catalog.item(code) for code in bundle.item_codes]
    page.choose_bundle((bundle, [i for i in items if i is not None]))
    names = [page.model.row_at(r).line.material.name for r in range(page.model.rowCount())]
    assert names and not any("营业执照" in name for name in names)
    assert len(names) == len(set(names))  # each material once


def test_the_case_records_the_pre_check_it_came_from(
    qtbot: QtBot, context: Any, runner: Any
) -> None:
    from clerk_app.domain.cases import IdKind, Person
    from clerk_app.domain.hall_time import hall_now
    from clerk_app.domain.precheck import ItemRef, Precheck
    from clerk_app.ui.helpdesk.at_window import PRECHECK_EVENT, PrecheckAtWindow
    from tests.ui.conftest import make_case

    item = context.store.catalog.item(HUKOU)
    desk = PrecheckDesk(
        context.store,
        hall_code="HS01",
        desk="W01",
        secret=SECRET,
        hall=HallInfo("黄石市民之家"),
        printed_by="张敏",
        open_days=30,
    )
    from PySide6.QtWidgets import QWidget

    page = QWidget()  # the acceptance page is not needed: the case is saved directly
    qtbot.addWidget(page)
    at_window = PrecheckAtWindow(context, desk, page, runner)
    now = hall_now()
    at_window.current = Precheck(
        number="YS-HS01-H01-20261207-0001",
        hall_code="HS01",
        item_refs=(ItemRef(item.code, item.version),),
        scenario_code=None,
        findings=(),
        checked_by="helpdesk01",
        created_at=now,
        open_until=now.date(),
        status=PrecheckStatus.HANDED_OVER,
    )
    case = context.store.cases.save_new(
        make_case(item, Person(IdKind.RESIDENT_ID, VALID_ID, "李明华", "13872345678"))
    )
    at_window.case_saved(case)
    stored = context.store.cases.get(case.number)
    assert stored is not None
    noted = [e for e in stored.events if e.action == PRECHECK_EVENT]
    assert noted and "YS-HS01-H01-20261207-0001" in noted[0].detail
    outcome = context.store.prechecks.get("YS-HS01-H01-20261207-0001")
    assert outcome is not None and outcome.status is PrecheckStatus.ACCEPTED
    assert outcome.case_number == case.number

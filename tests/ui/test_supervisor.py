"""The supervisor's 大厅管理 page and the help desk's green channel, against the real central
server (embedded, SQLite, demo hall: 12 windows, 6 queues).

The page's own requests and its live events go to the server; the kiosk and the clerks that
make things happen in the hall are plain QueueClients. Each test uses its own windows and
queues so they share one server.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from clerk_app.contract.queue import QueueInfo, Ticket
from clerk_app.sync.client import ApiError, CentralClient, OfflineError
from clerk_app.sync.queue_client import QueueClient
from clerk_app.ui.supervisor.dialogs import ProfileDialog, SlipPreviewDialog
from clerk_app.ui.supervisor.models import WAIT_LEVEL_ROLE, HallQueuesModel
from clerk_app.ui.supervisor.page import SupervisorPage
from tests.ui.conftest import DEMO_PASSWORD
from tests.ui.test_shell_i18n import english  # noqa: F401 - the compiled English fixture

DEMO_QUEUES = [
    ("SOCIAL", "社会事务"),
    ("ENTERPRISE", "企业事务"),
    ("ESTATE", "不动产交易"),
    ("POLICE", "公安"),
    ("TAX", "税务"),
    ("FUND", "公积金"),
]


@pytest.fixture(scope="module")
def hall_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("supervisor") / "central.sqlite3"
    server = start_embedded(f"sqlite:///{db}", init_demo=True)
    server.db_file = db  # type: ignore[attr-defined]  # for the tests that look inside
    yield server
    server.stop()


def login(base_url: str, username: str, window_no: int | None = None) -> QueueClient:
    client = CentralClient(base_url, timeout=5.0)
    client.login(username, DEMO_PASSWORD, window_no)
    return QueueClient(client, "HS01")


@pytest.fixture(scope="module")
def kiosk(hall_server: Any) -> QueueClient:
    return login(hall_server.base_url, "kiosk01")


def staff_context(context: Any, base_url: str, username: str, window_no: int = 3) -> Any:
    """``username`` logged in online at ``window_no`` (the role comes from the server)."""
    client = CentralClient(base_url, timeout=5.0)
    result = client.login(username, DEMO_PASSWORD, window_no)
    return replace(
        context,
        client=client,
        user=result.user,
        window_no=window_no,
        window_label=f"{window_no}号窗口",
    )


def page_client(context: Any) -> QueueClient:
    """The page's own QueueClient (own HTTP session), as the main window makes it."""
    from clerk_app.ui.queue.panel import queue_client_for

    client = queue_client_for(context)
    assert client is not None
    return client


@pytest.fixture
def make_page(qtbot: Any) -> Iterator[Any]:
    pages: list[SupervisorPage] = []

    def make(context: Any, queue_client: Any = None, **kwargs: Any) -> SupervisorPage:
        client = page_client(context) if queue_client is None else queue_client
        page = SupervisorPage(context, client, **kwargs)
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.shutdown()


def wait_loaded(qtbot: Any, page: SupervisorPage) -> None:
    qtbot.waitUntil(lambda: page.windows_model.rowCount() > 0 or page.green_queue_combo.count())
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)


def cell(model: Any, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return model.index(row, column).data(role)


def window_row(page: SupervisorPage, number: int) -> list[str]:
    row = page.windows_model.row_of(number)
    assert row >= 0
    return [cell(page.windows_model, row, c) for c in range(page.windows_model.columnCount())]


def queue_row(page: SupervisorPage, code: str) -> list[str]:
    model = page.queues_model
    row = next(i for i, r in enumerate(model.rows) if r.code == code)
    return [cell(model, row, c) for c in range(model.columnCount())]


# --------------------------------------------------------------------------- the hall, live


def test_supervisor_watches_windows_and_queues_live(
    qtbot: Any,
    qtmodeltester: Any,
    context: Any,
    hall_server: Any,
    kiosk: QueueClient,
    make_page: Any,
) -> None:
    page = make_page(staff_context(context, hall_server.base_url, "supervisor01"))
    assert page.manage and page.windows_box.isVisible() and page.queues_box.isVisible()
    wait_loaded(qtbot, page)
    model = page.windows_model
    assert model.rowCount() == 12
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "窗口",
        "状态",
        "工作人员",
        "当前号码",
        "服务队列",
    ]
    assert window_row(page, 5) == ["5号窗口", "未开", "—", "—", "社会事务 → 公积金"]
    assert "按优先顺序" in cell(model, model.row_of(5), 4, Qt.ItemDataRole.ToolTipRole)
    assert [r.code for r in page.queues_model.rows] == [c for c, _n in DEMO_QUEUES]
    assert "实时" in page.connection_label.text()

    # The kiosk's tickets reach the queue table by the pushed events.
    kiosk.issue_ticket("ESTATE")
    kiosk.issue_ticket("ESTATE")
    qtbot.waitUntil(lambda: queue_row(page, "ESTATE")[1] == "2", timeout=10_000)

    # A clerk calls one: the window turns 服务中 with the number and the clerk's name. The
    # supervisor's selection stays where it was: the rows change in place.
    page.select_window(9)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    clerk = login(hall_server.base_url, "clerk04", 9)
    called = clerk.call_next(9)
    assert called is not None
    qtbot.waitUntil(lambda: window_row(page, 9)[1] == "服务中", timeout=10_000)
    assert window_row(page, 9) == ["9号窗口", "服务中", "刘洋", called.number, "不动产交易"]
    selected = page.selected_window()
    assert selected is not None and selected.number == 9 and not resets
    qtbot.waitUntil(lambda: queue_row(page, "ESTATE")[1] == "1", timeout=10_000)
    clerk.finish(9, "已办结")
    qtbot.waitUntil(lambda: window_row(page, 9)[1] == "空闲", timeout=10_000)

    qtmodeltester.check(page.windows_model)
    qtmodeltester.check(page.queues_model)


def test_the_board_names_who_is_really_logged_in_at_each_window(
    qtbot: Any, context: Any, hall_server: Any, make_page: Any
) -> None:
    """Issue 9 point 7: the board named the staff table's person, not who was logged in."""
    page = make_page(staff_context(context, hall_server.base_url, "supervisor01", 3))
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: window_row(page, 3)[2] == "吴建华", timeout=10_000)
    li = login(hall_server.base_url, "clerk02", 4)  # 李静, whose home window is 2
    qtbot.waitUntil(lambda: window_row(page, 4)[2] == "李静", timeout=10_000)
    assert window_row(page, 2)[2] == "—"
    zhang = login(hall_server.base_url, "clerk01", 4)  # 张敏 sits down at window 4's PC too
    qtbot.waitUntil(lambda: window_row(page, 4)[2] == "张敏", timeout=10_000)
    # One account, one window: 张敏 logging in at window 6 ends her session at window 4.
    login(hall_server.base_url, "clerk01", 6)
    qtbot.waitUntil(lambda: window_row(page, 6)[2] == "张敏", timeout=10_000)
    qtbot.waitUntil(lambda: window_row(page, 4)[2] == "李静", timeout=10_000)
    with pytest.raises(ApiError):
        zhang.call_next(4)
    li.central.logout()
    page.refresh()
    qtbot.waitUntil(lambda: window_row(page, 4)[2] == "—", timeout=10_000)


def test_long_waits_turn_amber_then_red(qtmodeltester: Any) -> None:
    now = [1000.0]
    model = HallQueuesModel(clock=lambda: now[0])

    def queue(code: str, waiting: int, minutes: float) -> QueueInfo:
        return QueueInfo.model_validate(
            {
                "code": code,
                "name": code,
                "prefix": code[0],
                "waiting": waiting,
                "longest_wait_s": int(minutes * 60),
                "missed": 0,
            }
        )

    model.set_rows([queue("A", 3, 29.5), queue("B", 1, 45), queue("C", 2, 75), queue("D", 0, 0)])
    levels = [cell(model, r, 2, WAIT_LEVEL_ROLE) for r in range(4)]
    assert levels == ["ok", "amber", "red", "ok"]
    assert [cell(model, r, 2) for r in range(4)] == ["29 分钟", "45 分钟", "75 分钟", "—"]
    assert cell(model, 0, 2, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(model, 1, 2, Qt.ItemDataRole.BackgroundRole).color().name() == "#ffd68a"
    assert cell(model, 2, 2, Qt.ItemDataRole.BackgroundRole).color().name() == "#f3a19b"
    # The wait counts on between the server's answers: a minute later A is amber too.
    changed: list[tuple[QModelIndex, QModelIndex]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a, b)))
    now[0] += 60
    model.tick()
    assert changed and cell(model, 0, 2, WAIT_LEVEL_ROLE) == "amber"
    # A pushed update of one queue keeps the others' clocks running.
    now[0] += 15 * 60
    model.merge_rows([queue("C", 1, 5)], add_new=False)
    assert [cell(model, r, 2, WAIT_LEVEL_ROLE) for r in range(4)] == ["amber", "red", "ok", "ok"]
    assert cell(model, 0, 2) == "45 分钟"
    assert cell(model, 1, 2, Qt.ItemDataRole.ToolTipRole) == "已等候超过60分钟"
    # The hall's own threshold (its alert setting, 20 minutes): amber from 20, red from 40.
    model.set_wait_threshold(20)
    assert [cell(model, r, 2, WAIT_LEVEL_ROLE) for r in range(4)] == ["red", "red", "ok", "ok"]
    model.set_rows([queue("A", 1, 25)])
    assert cell(model, 0, 2, WAIT_LEVEL_ROLE) == "amber"
    assert cell(model, 0, 2, Qt.ItemDataRole.ToolTipRole) == "已等候超过20分钟"
    qtmodeltester.check(model)


# --------------------------------------------------------------------------- work profiles


def test_profile_dialog_checks_and_orders_the_queues(qtbot: Any) -> None:
    dialog = ProfileDialog("5号窗口", DEMO_QUEUES, ["SOCIAL", "FUND"])
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # shortcuts reach the active window only
        dialog.show()
        dialog.activateWindow()
    listed = [dialog.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(6)]
    assert listed[:2] == ["SOCIAL", "FUND"]  # the profile first, in its order
    assert dialog.chosen() == ["SOCIAL", "FUND"]
    assert not dialog.up_button.isEnabled()  # the first row is current
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen() == ["FUND", "SOCIAL"]
    assert dialog.list.currentRow() == 0
    # Alt+Down moves it back down.
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert dialog.chosen() == ["SOCIAL", "FUND"]
    save = dialog.findChild(QPushButton, "profileSaveButton")
    assert save is not None and save.isEnabled()
    for row in range(dialog.list.count()):
        dialog.list.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert not save.isEnabled() and dialog.warning.text() == "请至少选择一个服务队列"
    dialog.list.item(4).setCheckState(Qt.CheckState.Checked)  # 社会事务, 公积金, 企业, 不动产, 公安
    assert save.isEnabled() and dialog.chosen() == ["POLICE"]


def test_supervisor_changes_a_windows_queues_and_sees_a_refusal(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, context: Any, hall_server: Any, make_page: Any
) -> None:
    page = make_page(staff_context(context, hall_server.base_url, "supervisor01"))
    wait_loaded(qtbot, page)
    assert not page.profile_button.isEnabled()  # no window chosen yet
    assert page.select_window(8)
    assert page.profile_button.isEnabled()

    seen: dict[str, Any] = {}

    def drive(
        cls: type[ProfileDialog], parent: Any, label: str, queues: Any, selected: Any
    ) -> list[str] | None:
        dialog = cls(label, queues, selected, parent)
        qtbot.addWidget(dialog)
        seen["title"] = dialog.windowTitle()
        dialog.list.setCurrentRow(1)  # 税务 first, then 企业事务, and 公积金 as well
        dialog.move_current(-1)
        fund = next(
            dialog.list.item(r)
            for r in range(dialog.list.count())
            if dialog.list.item(r).data(Qt.ItemDataRole.UserRole) == "FUND"
        )
        fund.setCheckState(Qt.CheckState.Checked)
        return dialog.chosen()

    monkeypatch.setattr(ProfileDialog, "ask", classmethod(drive))
    with qtbot.waitSignal(page.profileSaved, timeout=10_000) as saved:
        qtbot.mouseClick(page.profile_button, Qt.MouseButton.LeftButton)
    assert seen["title"] == "调整服务队列：8号窗口"
    assert saved.args == [8, ["TAX", "ENTERPRISE", "FUND"]]
    qtbot.waitUntil(lambda: window_row(page, 8)[4] == "税务 → 企业事务 → 公积金", timeout=10_000)
    assert "8号窗口 的服务队列已改为" in page.message_label.text()
    assert page.selected_window() is not None and page.selected_window().number == 8
    # The server has it: the window's calls now follow this order.
    supervisor = login(hall_server.base_url, "supervisor01")
    assert [q.code for q in supervisor.window_state(8).queues] == ["TAX", "ENTERPRISE", "FUND"]

    # A queue the hall no longer has (removed since the list was loaded): the server says no.
    monkeypatch.setattr(
        ProfileDialog, "ask", classmethod(lambda cls, parent, label, q, s: ["TAX", "GONE"])
    )
    with qtbot.waitSignal(page.requestRefused, timeout=10_000) as refused:
        page.edit_profile()
    assert refused.args == ["本大厅没有队列GONE"]
    assert page.message_label.text() == "本大厅没有队列GONE"
    assert page.message_label.property("role") == "error"
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    assert window_row(page, 8)[4] == "税务 → 企业事务 → 公积金"  # unchanged


# --------------------------------------------------------------------------- pause / resume


def test_supervisor_pauses_with_a_reason_and_resumes_seen_on_the_hall_display(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, context: Any, hall_server: Any, make_page: Any
) -> None:
    from clerk_app.ui.hall_display import HallDisplay
    from clerk_app.ui.live_events import LiveEvents, event_stream_factory
    from clerk_app.ui.queue.dialogs import PauseDialog

    display_client = login(hall_server.base_url, "kiosk01")
    events = LiveEvents(
        event_stream_factory(hall_server.base_url, "HS01", display_client.central.token)
    )
    board = HallDisplay("黄石市民之家", events=events, status_loader=display_client.queue_status)
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: events.connected, timeout=10_000)

    page = make_page(staff_context(context, hall_server.base_url, "supervisor01"))
    wait_loaded(qtbot, page)
    page.select_window(6)
    assert page.pause_button.isEnabled() and not page.resume_button.isEnabled()

    # Cancelled or without a reason: nothing happens.
    asked: list[Any] = []
    monkeypatch.setattr(
        PauseDialog, "ask", classmethod(lambda cls, parent, label=None: asked.append(label))
    )
    page.pause_window()
    assert asked == ["6号窗口"] and not page.busy

    # The real dialog refuses an empty reason; a typed one is taken.
    dialog = PauseDialog(page, "6号窗口")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "暂停服务：6号窗口"
    dialog.reason_combo.setEditText("  ")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() != PauseDialog.DialogCode.Accepted

    monkeypatch.setattr(
        PauseDialog, "ask", classmethod(lambda cls, parent, label=None: "参加业务培训")
    )
    with qtbot.waitSignal(page.windowStateChanged, timeout=10_000) as changed:
        qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    assert changed.args == [6, "paused"]
    qtbot.waitUntil(lambda: window_row(page, 6)[1] == "暂停：参加业务培训", timeout=10_000)
    assert page.resume_button.isEnabled() and not page.pause_button.isEnabled()
    # The hall sees it by the pushed event, without the reason.
    qtbot.waitUntil(lambda: board.paused_label.text() == "6号窗口 暂停服务", timeout=10_000)

    with qtbot.waitSignal(page.windowStateChanged, timeout=10_000) as changed:
        qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    assert changed.args == [6, "open"]
    qtbot.waitUntil(lambda: window_row(page, 6)[1] in ("空闲", "服务中"), timeout=10_000)
    qtbot.waitUntil(lambda: board.paused_label.isHidden(), timeout=10_000)
    assert "6号窗口 已恢复服务" in page.message_label.text()
    board.shutdown()


# --------------------------------------------------------------------------- green channel


def test_help_desk_issues_a_green_ticket_and_saves_its_slip(
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    context: Any,
    hall_server: Any,
    kiosk: QueueClient,
    make_page: Any,
) -> None:
    page = make_page(staff_context(context, hall_server.base_url, "helpdesk01"))
    assert not page.manage
    assert page.windows_box.isHidden() and page.queues_box.isHidden()
    assert page.green_box.isVisible()
    qtbot.waitUntil(lambda: page.green_queue_combo.count() == 6, timeout=10_000)
    assert page.green_queue_combo.itemText(0) == "社会事务（SOCIAL）"
    assert not page.issue_button.isEnabled()  # a reason is chosen for every citizen
    page.green_queue_combo.setCurrentIndex(page.green_queue_combo.findData("POLICE"))
    page.green_reason_combo.setCurrentIndex(page.green_reason_combo.findText("孕妇"))
    assert page.issue_button.isEnabled() and page.issue_button.text() == "发放绿色通道号"

    before = kiosk.issue_ticket("POLICE")  # someone already waits with a normal ticket
    with (
        qtbot.waitSignal(page.slipPreviewOpened, timeout=10_000) as opened,
        qtbot.waitSignal(page.greenTicketIssued, timeout=10_000) as issued,
    ):
        qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
    ticket = issued.args[0]
    assert ticket.kind == "green" and ticket.queue == "POLICE"
    assert ticket.waiting_ahead == 0  # ahead of the normal ticket
    assert page.green_number_label.text() == ticket.number
    assert "绿色通道（孕妇）" in page.green_info_label.text()
    with contextlib.closing(sqlite3.connect(hall_server.db_file)) as db:
        stored = db.execute("SELECT green_reason FROM queue_tickets WHERE id = ?", (ticket.id,))
        assert stored.fetchone() == ("孕妇",)  # the server keeps why, for the audit
    assert page.green_reason_combo.currentText() == ""  # the next citizen needs their own
    assert not page.issue_button.isEnabled()
    assert page.issued_list.count() == 1 and ticket.number in page.issued_list.item(0).text()

    preview = opened.args[0]
    assert isinstance(preview, SlipPreviewDialog)
    assert preview.windowTitle() == f"打印取号凭条：{ticket.number}"
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=30_000)
    assert len(preview.pages) == 1
    target = tmp_path / "slip.pdf"
    monkeypatch.setattr(
        SlipPreviewDialog, "ask_save_path", classmethod(lambda cls, p, suggested: target)
    )
    assert preview.suggested_file_name() == f"取号凭条-{ticket.number}.pdf"
    with qtbot.waitSignal(preview.printed, timeout=10_000) as printed:
        qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert printed.args == [ticket.number]
    from pypdf import PdfReader

    text = PdfReader(str(target)).pages[0].extract_text()
    assert ticket.number in text and "绿色通道" in text and "黄石市民之家" in text
    assert f"凭条 {ticket.number} 已打印" in page.message_label.text()

    # The window calls the green ticket first, then the one that came earlier.
    clerk = login(hall_server.base_url, "clerk05", 11)
    called = clerk.call_next(11)
    assert called is not None and called.id == ticket.id
    clerk.finish(11, "已办结")
    after = clerk.call_next(11)
    assert after is not None and after.id == before.id
    clerk.finish(11, "已办结")
    preview.close()


class LosesAnswers:
    """The page's real client, except that the first ``lose`` issue answers are lost on the
    way back (the server did issue): the retry must not issue a second ticket."""

    def __init__(self, real: QueueClient, lose: int) -> None:
        self.real = real
        self.lose = lose
        self.request_ids: list[str | None] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def issue_ticket(self, queue: str, kind: str = "normal", **kwargs: Any) -> Any:
        self.request_ids.append(kwargs.get("request_id"))
        ticket = self.real.issue_ticket(queue, kind, **kwargs)
        if self.lose:
            self.lose -= 1
            raise OfflineError("无法连接中心服务器")
        return ticket


def test_a_retried_green_ticket_after_a_lost_answer_is_the_same_ticket(
    qtbot: Any, context: Any, hall_server: Any, make_page: Any
) -> None:
    staff = staff_context(context, hall_server.base_url, "supervisor01")
    client = LosesAnswers(page_client(staff), lose=1)
    page = make_page(staff, client)
    wait_loaded(qtbot, page)
    page.green_queue_combo.setCurrentIndex(page.green_queue_combo.findData("TAX"))
    page.green_reason_combo.setEditText("急事急办")
    page.issue_green()
    qtbot.waitUntil(lambda: "重试发放" in page.issue_button.text(), timeout=10_000)
    assert "同一请求不会重复发号" in page.message_label.text()
    assert page.green_number_label.text() == "—"
    # The server answers again (the page's next refresh finds it): press again.
    qtbot.waitUntil(lambda: page.online, timeout=20_000)
    with qtbot.waitSignal(page.greenTicketIssued, timeout=10_000) as issued:
        qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
    assert client.request_ids[0] == client.request_ids[1]
    assert issued.args[0].number == "E001"  # the first TAX ticket today: only one issued
    supervisor = login(hall_server.base_url, "supervisor01")
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    tax = next(q for q in supervisor.queue_status().queues if q.code == "TAX")
    assert tax.waiting == 1
    for dialog in QApplication.topLevelWidgets():
        if isinstance(dialog, SlipPreviewDialog):
            dialog.reject()


class Unreachable:
    """The page's real client while the network is down (until ``up`` is set)."""

    def __init__(self, real: QueueClient) -> None:
        self.real = real
        self.up = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def queue_status(self) -> Any:
        if not self.up:
            raise OfflineError("无法连接中心服务器，请检查网络")
        return self.real.queue_status()


def test_unreachable_server_is_said_plainly_and_the_page_recovers(
    qtbot: Any, context: Any, hall_server: Any, make_page: Any
) -> None:
    staff = staff_context(context, hall_server.base_url, "admin01")
    client = Unreachable(page_client(staff))
    client.up = True
    page = make_page(staff, client)
    wait_loaded(qtbot, page)
    assert page.manage  # an admin manages the hall too
    page.select_window(2)
    assert page.pause_button.isEnabled()

    client.up = False
    with qtbot.waitSignal(page.onlineChanged, timeout=10_000) as went:
        page.refresh()
    assert went.args == [False]
    text = page.connection_label.text()
    assert "无法连接中心服务器" in text and "截至" in text and "自动重试" in text
    assert page.connection_label.property("role") == "error"
    assert page.windows_model.rowCount() == 12  # the last figures stay, marked as such
    assert not page.pause_button.isEnabled() and not page.issue_button.isEnabled()

    client.up = True  # the page probes by itself and comes back
    with qtbot.waitSignal(page.onlineChanged, timeout=20_000) as back:
        pass
    assert back.args == [True]
    assert "实时" in page.connection_label.text()


def test_a_moved_server_takes_the_pages_own_live_events_along(
    qtbot: Any, context: Any, hall_server: Any, make_page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Demo: the server came back on another port; the page's requests and its own event
    stream both go there (the stream used to stay on the old address)."""
    import clerk_app.ui.queue.reconnect as reconnect_module

    staff = staff_context(context, hall_server.base_url, "supervisor01")
    old = "http://127.0.0.1:9"  # where the page last saw the server
    client = page_client(staff)
    client.central.base_url = old
    page = make_page(staff, client)
    assert page._events is not None  # the page made its own stream

    streams: list[str] = []
    real_factory = reconnect_module.event_stream_factory

    def factory(base_url: str, hall: str, token: str | None) -> Any:
        streams.append(base_url)
        return real_factory(base_url, hall, token)

    monkeypatch.setattr(reconnect_module, "event_stream_factory", factory)
    page.move_to(hall_server.base_url)
    assert client.central.base_url == hall_server.base_url
    assert streams == [hall_server.base_url]
    qtbot.waitUntil(lambda: page._events is not None and page._events.connected, timeout=20_000)
    wait_loaded(qtbot, page)
    assert "实时" in page.connection_label.text()


def test_offline_login_says_the_page_needs_the_server(qtbot: Any, context: Any) -> None:
    supervisor = replace(context.user, username="supervisor01", role="supervisor")
    page = SupervisorPage(replace(context, user=supervisor), None)
    qtbot.addWidget(page)
    assert page.manage and not page.online
    assert "离线登录" in page.connection_label.text()
    assert not page.issue_button.isEnabled() and not page.refresh_button.isEnabled()
    assert not page.profile_button.isEnabled() and not page.pause_button.isEnabled()


# --------------------------------------------------------------------------- the main window


@pytest.mark.parametrize(
    ("username", "tab"),
    [("supervisor01", "大厅管理 (Ctrl+4)"), ("helpdesk01", "绿色通道 (Ctrl+4)")],
)
def test_main_window_has_the_hall_tab_for_supervisors_and_the_help_desk(
    qtbot: Any, context: Any, runner: Any, hall_server: Any, username: str, tab: str
) -> None:
    from clerk_app.ui.main_window import MainWindow

    staff = staff_context(context, hall_server.base_url, username, window_no=4)
    window = MainWindow(staff, runner=runner, acceptance_factory=None, sync_interval_s=60)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    # The hall tab names the alerts once they arrive: "大厅管理 (Ctrl+4) · 提醒 2".
    tabs = [window.tabs.tabText(i).split(" · ")[0] for i in range(window.tabs.count())]
    # the help desk's own page (帮办预审, issue 11) comes first; managers get 统计 (issue 15)
    first = ["帮办预审"] if username.startswith("helpdesk") else []
    statistics = ["统计"] if username.startswith("supervisor") else []
    assert tabs == [
        *first,
        "受理 (F1)",
        "出件 (Ctrl+2)",
        "待领取 (Ctrl+3)",
        tab,
        *statistics,
        "案件查询 (F6)",
    ]
    assert window.hall_page is not None
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window, Qt.Key.Key_4, ctrl)
    assert window.current_page() is window.hall_page
    qtbot.keyClick(window, Qt.Key.Key_5, ctrl)
    assert window.current_page() is window.history
    qtbot.keyClick(window, Qt.Key.Key_4, ctrl)
    qtbot.waitUntil(lambda: window.hall_page.green_queue_combo.count() == 6, timeout=10_000)
    if username == "supervisor01":
        assert window.hall_page.windows_model.rowCount() == 12
    window.close()
    qtbot.waitUntil(lambda: not window.hall_page.busy, timeout=10_000)


@pytest.mark.usefixtures("english")
def test_the_page_follows_the_english_translation(qtbot: Any, context: Any) -> None:
    supervisor = replace(context.user, username="supervisor01", role="supervisor")
    page = SupervisorPage(replace(context, user=supervisor), None)
    qtbot.addWidget(page)
    assert page.issue_button.text() == "Issue priority ticket"
    assert page.profile_button.text() == "Queues served…"
    assert page.connection_label.text().startswith("● Offline sign-in")
    headers = [
        page.windows_model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(page.windows_model.columnCount())
    ]
    assert headers == ["Window", "Status", "Staff", "Serving", "Queues served"]
    assert page.queues_model.headerData(2, Qt.Orientation.Horizontal) == "Longest wait"
    assert page.green_reason_combo.itemText(0) == "Elderly"
    ticket = Ticket.model_validate(
        {
            "id": 1,
            "number": "A001",
            "queue": "SOCIAL",
            "queue_name": "社会事务",
            "kind": "green",
            "priority": "green",
            "issued_at": "2026-11-23T09:31:05+08:00",
            "sort_at": "2026-11-23T09:31:05+08:00",
            "status": "waiting",
        }
    )
    slip = SlipPreviewDialog(ticket, "黄石市民之家", parent=page)
    qtbot.waitUntil(lambda: bool(slip.pdf), timeout=30_000)
    assert slip.windowTitle() == "Print ticket slip: A001"
    assert slip.save_button.text() == "Save as PDF"  # the preview's own strings, inherited
    slip.reject()


def test_a_hall_display_without_voice_is_seen_in_the_supervisors_view(
    qtbot: Any, context: Any, hall_server: Any, make_page: Any
) -> None:
    """The display says it on its screen and reports it; 大厅管理 shows it live."""
    from clerk_app.ui.hall_display import HallDisplay
    from clerk_app.ui.voice import Announcer

    page = make_page(staff_context(context, hall_server.base_url, "supervisor01"))
    wait_loaded(qtbot, page)
    assert not page.devices_label.isVisible()

    display_client = login(hall_server.base_url, "kiosk01")
    board = HallDisplay(
        "黄石市民之家",
        announcer=Announcer(None, None, voice_problem="本机没有语音引擎"),
        voice_reporter=display_client.report_voice,
    )
    qtbot.addWidget(board)
    board.show()
    assert board.voice_text.startswith("语音播报不可用：本机没有语音引擎")
    # No refresh pressed: the report reaches the page as a live event.
    qtbot.waitUntil(page.devices_label.isVisible, timeout=10_000)
    text = page.devices_label.text()
    assert "叫号显示屏（kiosk01）语音播报不可用：本机没有语音引擎" in text
    board.shutdown()

"""The ticket kiosk (自助取号机), ``clerk-app --kiosk``: touch screen, no keyboard, no staff.

Start screen: one large button per business category (queue) with how many wait, and a
button for appointment check-in (an on-screen keypad for the code). Taking a number issues a
ticket on the server (one request id per press: a retry never issues two), writes the 80 mm
slip as PDF to the slip folder and sends it as ESC/POS to the thermal printer, then shows the
number large and returns to the start screen after a few seconds (or at a touch).

Every server call and the printing run off the GUI thread; the screen never freezes.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clerk_app.contract.enums import QueueEventKind, TicketKind
from clerk_app.contract.halls import HallOut
from clerk_app.contract.queue import HallStatus, QueueInfo, Ticket
from clerk_app.domain.hall_time import hall_now
from clerk_app.ui.live_events import LiveEvents
from clerk_app.ui.queue.status_model import event_queues
from clerk_app.ui.screen_parts import big_label, follow_events, single_shot
from clerk_app.ui.workers import TaskRunner, serial_pool

log = logging.getLogger(__name__)

RETURN_AFTER_MS = 8_000
IDLE_APPOINTMENT_MS = 60_000  # an abandoned code entry goes back to the start screen
STATUS_DEBOUNCE_MS = 500
APPOINTMENT_MAX_LEN = 12
CLEAR_KEY = str(QT_TRANSLATE_NOOP("Keypad", "清空"))
BACK_KEY = str(QT_TRANSLATE_NOOP("Keypad", "退格"))
KEYPAD_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", CLEAR_KEY, "0", BACK_KEY)

KIOSK_STYLE = """
QWidget { background-color: #eef3f9; }
QLabel { background: transparent; }
QPushButton[role="category"] {
  background: #0b5cab; color: white; border-radius: 18px; font-size: 30pt; padding: 12px;
  min-height: 120px;
}
QPushButton[role="category"]:disabled { background: #8aa4c0; }
QPushButton[role="secondary"] {
  background: #ffffff; color: #0b5cab; border: 3px solid #0b5cab; border-radius: 16px;
  font-size: 26pt; padding: 10px;
}
QPushButton[role="key"] {
  background: #ffffff; color: #1a1a1a; border: 2px solid #9fb3cc; border-radius: 14px;
  font-size: 34pt; min-height: 70px;
}
QPushButton[role="confirm"] {
  background: #1b7a35; color: white; border-radius: 16px; font-size: 30pt; min-height: 76px;
}
QPushButton[role="confirm"]:disabled { background: #9dbfa6; }
QLineEdit#appointmentCodeEdit {
  font-size: 44pt; padding: 8px; border: 3px solid #0b5cab; border-radius: 12px;
  background: white;
}
"""


@dataclass(frozen=True)
class KioskQueue:
    code: str
    name: str
    prefix: str = ""


@dataclass
class KioskConfig:
    hall_code: str
    hall_name: str
    queues: list[KioskQueue]
    slip_dir: Path | None = None  # PDF slips; None = none written
    printer_target: str = ""  # ESC/POS target (see clerk_app.devices.ticket_printer)
    return_after_ms: int = RETURN_AFTER_MS
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PrintOutcome:
    pdf_path: Path | None
    printed: bool
    error: str = ""


def print_slip(
    ticket: Ticket,
    hall_name: str,
    slip_dir: Path | None,
    printer_target: str,
    now: datetime | None = None,
) -> PrintOutcome:
    """Write the PDF slip and send the ESC/POS slip; blocking (runs on a worker thread)."""
    from clerk_app.devices.ticket_printer import TicketPrinter
    from clerk_app.printing.ticket_slip import render_ticket_slip, slip_lines

    errors: list[str] = []
    pdf_path: Path | None = None
    moment = now or hall_now()  # the slip folder is the hall's day
    if slip_dir is not None:
        try:
            folder = slip_dir / moment.strftime("%Y%m%d")
            folder.mkdir(parents=True, exist_ok=True)
            pdf_path = folder / f"{ticket.number}-{ticket.id}.pdf"
            pdf_path.write_bytes(render_ticket_slip(ticket, hall_name=hall_name))
        except Exception as exc:  # the number is already issued: report, never crash
            log.exception("slip PDF not written")
            errors.append(f"凭条文件未保存：{exc}")
            pdf_path = None
    printed = False
    try:
        printed = TicketPrinter(printer_target).print_ticket(slip_lines(ticket), hall_name)
    except Exception as exc:
        log.warning("thermal printer failed: %s", exc)
        errors.append(str(exc))
    return PrintOutcome(pdf_path, printed, "；".join(errors))


class Keypad(QWidget):
    """Digits, clear and backspace for a QLineEdit, big enough for a finger."""

    def __init__(self, target: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentKeypad")
        self._target = target
        grid = QGridLayout(self)
        grid.setSpacing(12)
        for i, key in enumerate(KEYPAD_KEYS):
            button = QPushButton(self.tr(key) if not key.isdigit() else key, self)
            button.setObjectName(
                f"key_{key}" if key.isdigit() else "key_clear" if key == CLEAR_KEY else "key_back"
            )
            button.setProperty("role", "key")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, i // 3, i % 3)

    def press(self, key: str) -> None:
        text = self._target.text()
        if key == CLEAR_KEY:
            self._target.clear()
        elif key == BACK_KEY:
            self._target.setText(text[:-1])
        elif len(text) < APPOINTMENT_MAX_LEN:
            self._target.setText(text + key)


class _TouchPage(QWidget):
    """A page that reports any touch (the result page: touch to go back)."""

    touched = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.touched.emit()
        super().mousePressEvent(event)


class KioskWindow(QWidget):
    """The kiosk; ``queue_client`` is a logged-in QueueClient (kiosk account)."""

    ticketIssued = Signal(object)  # the contract's Ticket
    slipPrinted = Signal(object)  # PrintOutcome
    statusApplied = Signal()

    def __init__(
        self,
        config: KioskConfig,
        queue_client: Any,
        *,
        events: LiveEvents | None = None,
        runner: TaskRunner | None = None,
        print_runner: TaskRunner | None = None,
        printer: Callable[[Ticket], PrintOutcome] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setWindowTitle(self.tr("%1 · 自助取号").replace("%1", config.hall_name))
        self.setStyleSheet(KIOSK_STYLE)
        self._config = config
        self._client = queue_client
        self._events = events
        if runner is None:
            runner = TaskRunner(serial_pool(), self)
        self._runner = runner
        self._print_runner = print_runner or TaskRunner(parent=self)
        self._printer = printer or (
            lambda ticket: print_slip(
                ticket, config.hall_name, config.slip_dir, config.printer_target
            )
        )
        self._issuing = False
        self._loading = False
        self.last_ticket: Ticket | None = None
        self.category_buttons: dict[str, QPushButton] = {}
        self._build()

        self._return_timer = single_shot(self, self.show_start)
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._count_down)
        self._seconds_left = 0
        self._status_timer = single_shot(self, self.reload_status, STATUS_DEBOUNCE_MS)
        follow_events(events, self._on_event, self._on_connected)
        self.show_start()
        QTimer.singleShot(0, self.reload_status)

    # --- construction ----------------------------------------------------------------------

    def _text(self, name: str, text: str, size: int, *, bold: bool = False) -> QLabel:
        return big_label(self, name, text, size, bold=bold)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 12, 40, 12)
        self.title_label = self._text("kioskTitle", self._config.hall_name, 36, bold=True)
        outer.addWidget(self.title_label)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("kioskPages")
        outer.addWidget(self.pages, 1)
        self.message_label = self._text("kioskMessage", "", 24)
        self.message_label.setStyleSheet("color: #b00020;")
        outer.addWidget(self.message_label)

        # Start page: categories.
        self.start_page = QWidget(self)
        self.start_page.setObjectName("kioskStartPage")
        start = QVBoxLayout(self.start_page)
        start.addWidget(self._text("kioskPrompt", self.tr("请选择您要办理的业务"), 32))
        grid = QGridLayout()
        grid.setSpacing(24)
        columns = 3 if len(self._config.queues) > 4 else 2
        for i, queue in enumerate(self._config.queues):
            button = QPushButton(queue.name, self.start_page)
            button.setObjectName(f"category_{queue.code}")
            button.setProperty("role", "category")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setMinimumHeight(120)  # two rows and the keypad page fit 768 pixels
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, code=queue.code: self.take_number(code))
            grid.addWidget(button, i // columns, i % columns)
            self.category_buttons[queue.code] = button
        start.addLayout(grid, 1)
        self.appointment_button = QPushButton(self.tr("预约取号（输入预约码）"), self.start_page)
        self.appointment_button.setObjectName("appointmentButton")
        self.appointment_button.setProperty("role", "secondary")
        self.appointment_button.setMinimumHeight(110)
        self.appointment_button.clicked.connect(self.show_appointment)
        start.addWidget(self.appointment_button)
        self.pages.addWidget(self.start_page)

        # Appointment page: code and keypad.
        self.appointment_page = QWidget(self)
        self.appointment_page.setObjectName("kioskAppointmentPage")
        appt = QVBoxLayout(self.appointment_page)
        appt.addWidget(self._text("appointmentPrompt", self.tr("请输入预约码"), 32))
        self.code_edit = QLineEdit(self.appointment_page)
        self.code_edit.setObjectName("appointmentCodeEdit")
        self.code_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_edit.setMaxLength(APPOINTMENT_MAX_LEN)
        self.code_edit.setPlaceholderText(self.tr("预约短信中的数字码"))
        self.code_edit.textChanged.connect(self._code_changed)
        self.code_edit.returnPressed.connect(self.check_in)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.code_edit, 2)
        row.addStretch(1)
        appt.addLayout(row)
        self.keypad = Keypad(self.code_edit, self.appointment_page)
        pad_row = QHBoxLayout()
        pad_row.addStretch(1)
        pad_row.addWidget(self.keypad, 2)
        pad_row.addStretch(1)
        appt.addLayout(pad_row, 1)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("返回"), self.appointment_page)
        self.back_button.setObjectName("appointmentBackButton")
        self.back_button.setProperty("role", "secondary")
        self.back_button.setMinimumHeight(76)
        self.back_button.clicked.connect(self.show_start)
        self.confirm_button = QPushButton(self.tr("确认取号"), self.appointment_page)
        self.confirm_button.setObjectName("appointmentConfirmButton")
        self.confirm_button.setProperty("role", "confirm")
        self.confirm_button.clicked.connect(self.check_in)
        buttons.addWidget(self.back_button, 1)
        buttons.addWidget(self.confirm_button, 2)
        appt.addLayout(buttons)
        self.pages.addWidget(self.appointment_page)

        # Result page: the number, large.
        self.result_page = _TouchPage(self)
        self.result_page.setObjectName("kioskResultPage")
        self.result_page.touched.connect(self.show_start)
        result = QVBoxLayout(self.result_page)
        self.result_caption = self._text("resultCaption", self.tr("您的号码"), 32)
        result.addWidget(self.result_caption)
        self.number_label = self._text("ticketNumberLabel", "", 150, bold=True)
        self.number_label.setStyleSheet("color: #0b5cab;")
        result.addWidget(self.number_label, 1)
        self.queue_label = self._text("ticketQueueLabel", "", 34)
        result.addWidget(self.queue_label)
        self.ahead_label = self._text("ticketAheadLabel", "", 34, bold=True)
        result.addWidget(self.ahead_label)
        self.print_label = self._text("printStatusLabel", "", 26)
        result.addWidget(self.print_label)
        self.countdown_label = self._text("countdownLabel", "", 20)
        self.countdown_label.setStyleSheet("color: #555;")
        result.addWidget(self.countdown_label)
        self.pages.addWidget(self.result_page)

        self._code_changed("")

    # --- screens -----------------------------------------------------------------------------

    @Slot()
    def show_start(self) -> None:
        self._return_timer.stop()
        self._countdown.stop()
        self.code_edit.clear()
        self.pages.setCurrentWidget(self.start_page)

    @Slot()
    def show_appointment(self) -> None:
        self.message_label.setText("")
        self.code_edit.clear()
        self.pages.setCurrentWidget(self.appointment_page)
        self.code_edit.setFocus()
        self._return_timer.start(IDLE_APPOINTMENT_MS)

    def _code_changed(self, text: str) -> None:
        if self.pages.currentWidget() is self.appointment_page:
            self._return_timer.start(IDLE_APPOINTMENT_MS)  # still being typed
        self.confirm_button.setEnabled(len(text.strip()) >= 4 and not self._issuing)

    def _set_busy(self, busy: bool) -> None:
        self._issuing = busy
        for button in self.category_buttons.values():
            button.setEnabled(not busy)
        self.appointment_button.setEnabled(not busy)
        self._code_changed(self.code_edit.text())
        if busy:
            self.message_label.setStyleSheet("color: #0b5cab;")
            self.message_label.setText(self.tr("正在取号，请稍候…"))

    # --- issuing -------------------------------------------------------------------------------

    @Slot(str)
    def take_number(self, queue_code: str) -> None:
        if self._issuing:
            return  # a second tap while the first is on its way
        self._issue(queue_code, TicketKind.NORMAL, None)

    @Slot()
    def check_in(self) -> None:
        code = self.code_edit.text().strip()
        if self._issuing or len(code) < 4:
            return
        # The booking decides the queue on the server; the API still wants a queue code.
        placeholder = self._config.queues[0].code if self._config.queues else "-"
        self._issue(placeholder, TicketKind.APPOINTMENT, code)

    def _issue(self, queue: str, kind: TicketKind, appointment_code: str | None) -> None:
        request_id = uuid.uuid4().hex  # the same id on every retry of this one tap
        self._set_busy(True)
        self._runner.start(
            lambda: self._client.issue_ticket(queue, kind, appointment_code, request_id),
            on_success=self._issued,
            on_failure=self._issue_failed,
        )

    def _issued(self, ticket: Ticket) -> None:
        self._set_busy(False)
        self.message_label.setText("")
        self.last_ticket = ticket
        self.number_label.setText(ticket.number)
        queue_line = ticket.queue_name or ticket.queue
        if ticket.kind is TicketKind.APPOINTMENT:
            queue_line += self.tr("（预约）")
        self.queue_label.setText(queue_line)
        ahead = ticket.waiting_ahead
        self.ahead_label.setText(
            self.tr("您前面还有 %1 人等候").replace("%1", str(ahead))
            if ahead
            else self.tr("您前面暂无人等候，请留意叫号")
        )
        self.print_label.setStyleSheet("color: #333;")
        self.print_label.setText(self.tr("正在打印凭条…"))
        self.pages.setCurrentWidget(self.result_page)
        self._seconds_left = max(1, self._config.return_after_ms // 1000)
        self._show_countdown()
        self._countdown.start()
        self._return_timer.start(self._config.return_after_ms)
        self.ticketIssued.emit(ticket)
        self._print_runner.start(
            self._printer, ticket, on_success=self._printed, on_failure=self._print_failed
        )
        self._status_timer.start()

    def _issue_failed(self, exc: BaseException) -> None:
        from clerk_app.sync.client import ApiError, OfflineError

        self._set_busy(False)
        self.message_label.setStyleSheet("color: #b00020;")
        if isinstance(exc, OfflineError):
            self.message_label.setText(self.tr("暂时无法取号（网络故障），请稍后再试或到咨询台"))
        elif isinstance(exc, ApiError):
            self.message_label.setText(exc.detail)
        else:
            log.exception("ticket not issued", exc_info=exc)
            self.message_label.setText(self.tr("取号失败，请到咨询台"))

    def _printed(self, outcome: PrintOutcome) -> None:
        if outcome.error:
            self.print_label.setStyleSheet("color: #b00020;")
            self.print_label.setText(
                self.tr("凭条打印失败，请记住您的号码或到咨询台补打（%1）").replace(
                    "%1", outcome.error
                )
            )
        else:
            self.print_label.setText(self.tr("请取走凭条"))
        self.slipPrinted.emit(outcome)

    def _print_failed(self, exc: BaseException) -> None:
        self._printed(PrintOutcome(None, False, str(exc)))

    def _show_countdown(self) -> None:
        self.countdown_label.setText(
            self.tr("%1 秒后返回首页（轻触屏幕立即返回）").replace("%1", str(self._seconds_left))
        )

    @Slot()
    def _count_down(self) -> None:
        self._seconds_left = max(0, self._seconds_left - 1)
        self._show_countdown()

    # --- waiting counts ------------------------------------------------------------------------

    @Slot()
    def reload_status(self) -> None:
        if self._loading or self._client is None:
            return
        self._loading = True
        self._runner.start(
            self._client.queue_status,
            on_success=self._status_loaded,
            on_failure=self._status_failed,
        )

    def _status_loaded(self, status: HallStatus) -> None:
        self._loading = False
        self.apply_status(status.queues)
        if not self._issuing and self.message_label.text().startswith(self.tr("暂时无法")):
            self.message_label.setText("")

    def _status_failed(self, exc: BaseException) -> None:
        self._loading = False
        log.warning("kiosk: waiting counts not loaded: %s", exc)
        QTimer.singleShot(10_000, self.reload_status)

    def apply_status(self, queues: Sequence[QueueInfo], *, partial: bool = False) -> None:
        """Waiting counts on the buttons; ``partial``: only the queues named change."""
        counts = {queue.code: queue.waiting for queue in queues}
        for queue in self._config.queues:
            button = self.category_buttons[queue.code]
            waiting = counts.get(queue.code)
            if waiting is None and partial:
                continue
            if waiting is None:
                button.setText(queue.name)
            else:
                button.setText(
                    queue.name + "\n" + self.tr("等候 %1 人").replace("%1", str(waiting))
                )
        self.statusApplied.emit()

    @Slot(str, dict)
    def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        queues = event_queues(data) if kind == QueueEventKind.QUEUE_STATUS else None
        if queues is not None:
            self.apply_status(queues, partial=True)

    @Slot(bool)
    def _on_connected(self, connected: bool) -> None:
        if connected:
            self._status_timer.start()

    def shutdown(self) -> None:
        if self._events is not None:
            self._events.stop()
        self._runner.pool.waitForDone(10_000)
        self._print_runner.pool.waitForDone(10_000)


def config_from_hall(
    hall: HallOut, *, slip_dir: Path | None = None, printer_target: str = ""
) -> KioskConfig:
    """A kiosk configuration from the server's hall config (``GET /halls/{hall}``)."""
    return KioskConfig(
        hall_code=hall.hall.code,
        hall_name=hall.hall.name,
        queues=[KioskQueue(q.code, q.name, q.prefix) for q in hall.queues],
        slip_dir=slip_dir,
        printer_target=printer_target,
    )

"""The hall display (大厅叫号屏), ``clerk-app --hall-display``: read from across the hall.

The latest call is the largest thing on screen ("A012 → 5号窗口"), the previous calls below it,
how many wait per queue on the right, and which windows are paused ("5号窗口 暂停服务") so
nobody waits in front of a closed counter. It updates from the server's live events (pushed,
never polled): a ``ticket_called`` event shows and announces the call at once,
``window_paused`` / ``window_resumed`` change the paused line at once; the waiting counts are
fetched (off the GUI thread) once after connecting and after events that change them.

When the calls cannot be heard (no speech engine, the engine failing) a visible line says so
("语音播报不可用：…") and the display reports it to the server (``voice_reporter``), after
every (re)connection too, so the supervisor's 大厅管理 shows it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_app.contract.enums import QueueEventKind, WindowStatus
from clerk_app.contract.queue import HallStatus
from clerk_app.domain.hall_time import hall_now
from clerk_app.ui.live_events import LiveEvents
from clerk_app.ui.queue.status_model import QueueStatusModel, event_queues
from clerk_app.ui.voice import Announcer
from clerk_app.ui.workers import TaskRunner, serial_pool

log = logging.getLogger(__name__)

PREVIOUS_CALLS = 6
PREVIOUS_MAX_PT = 44
PREVIOUS_MIN_PT = 20
STATUS_DEBOUNCE_MS = 400
FLASH_TIMES = 6  # blinks of a new call (3 on, 3 off)

BACKGROUND = "#0a1f3d"
CALL_COLOUR = "#ffd400"
CALL_BACKGROUND = "#12325f"
LATEST_MAX_PT = 150
LATEST_MIN_PT = 40
TEXT_COLOUR = "#ffffff"
DIM_COLOUR = "#9fb3cc"
PAUSED_COLOUR = "#ffb347"

# Events after which the counts are fetched (when the server did not push them itself).
STATUS_EVENTS = frozenset({QueueEventKind.WINDOW_PAUSED, QueueEventKind.WINDOW_RESUMED})
CALL_EVENTS = frozenset({QueueEventKind.TICKET_CALLED, QueueEventKind.TICKET_RECALLED})


def window_text(window_no: int, label: str | None) -> str:
    """ "5号窗口": the hall's label, trimmed of any description in brackets."""
    if label:
        return label.split("（")[0].split("(")[0].strip()
    return f"{window_no}号窗口"


def call_text(number: str, window_no: int, label: str | None = None) -> str:
    return f"{number} → {window_text(window_no, label)}"


class HallDisplay(QWidget):
    """The board; give it the hall's live events, a status loader and an announcer."""

    callShown = Signal(str)  # the text of the call now shown largest

    def __init__(
        self,
        hall_name: str,
        *,
        events: LiveEvents | None = None,
        status_loader: Callable[[], Any] | None = None,
        announcer: Announcer | None = None,
        voice_reporter: Callable[[bool, str], Any] | None = None,
        runner: TaskRunner | None = None,
        clock: Callable[[], datetime] = hall_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("hallDisplay")
        self.setWindowTitle(self.tr("%1 · 叫号显示屏").replace("%1", hall_name))
        self._hall_name = hall_name
        self._events = events
        self._status_loader = status_loader
        self._announcer = announcer
        self._voice_reporter = voice_reporter
        self._clock = clock
        if runner is None:
            runner = TaskRunner(serial_pool(), self)
        self._runner = runner
        self._loading = False
        self._reload_again = False
        self._calls: list[tuple[str, int, str]] = []  # (number, window_no, text), newest first
        self._paused: dict[int, str] = {}  # window number -> its label, while paused
        self._flash_left = 0
        self.model = QueueStatusModel(self, columns=2)
        self._build()

        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(STATUS_DEBOUNCE_MS)
        self._status_timer.timeout.connect(self.reload_status)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start()
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(450)
        self._flash_timer.timeout.connect(self._flash_step)
        self._tick()

        if events is not None:
            events.eventReceived.connect(self.on_event)
            events.connectedChanged.connect(self._connected_changed)
            events.start()
        if status_loader is not None:
            QTimer.singleShot(0, self.reload_status)
        if announcer is not None:
            announcer.voiceProblemChanged.connect(self._voice_problem_changed)
            QTimer.singleShot(0, self.report_voice)

    # --- construction ----------------------------------------------------------------------

    def _label(self, name: str, text: str, size: int, colour: str, *, bold: bool = False) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        font = QFont(self.font())
        font.setPointSize(size)
        font.setBold(bold)
        label.setFont(font)
        label.setStyleSheet(f"color: {colour}; background: transparent;")
        return label

    def _build(self) -> None:
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
        self.setPalette(palette)
        # Over the application's light theme: everything on the board is light on dark blue.
        self.setStyleSheet(
            f"QWidget {{ background-color: {BACKGROUND}; color: {TEXT_COLOUR}; }}"
            f"QLabel {{ background: transparent; }}"
        )

        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 16)
        outer.setSpacing(12)

        header = QHBoxLayout()
        self.hall_label = self._label("hallNameLabel", self._hall_name, 34, TEXT_COLOUR, bold=True)
        header.addWidget(self.hall_label, 1)
        self.clock_label = self._label("clockLabel", "", 34, TEXT_COLOUR)
        header.addWidget(self.clock_label)
        outer.addLayout(header)

        body = QHBoxLayout()
        body.setSpacing(40)
        left = QVBoxLayout()
        left.setSpacing(8)
        self.caption_label = self._label("currentCaption", self.tr("正在呼叫"), 32, DIM_COLOUR)
        left.addWidget(self.caption_label)
        self.latest_frame = QFrame(self)
        self.latest_frame.setObjectName("latestCallFrame")
        self.latest_frame.setStyleSheet(
            f"QFrame#latestCallFrame {{ background-color: {CALL_BACKGROUND};"
            f" border: 4px solid {CALL_COLOUR}; border-radius: 18px; }}"
        )
        frame_layout = QVBoxLayout(self.latest_frame)
        self.latest_label = self._label("latestCallLabel", "—", 120, CALL_COLOUR, bold=True)
        self.latest_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Ignored: the text shrinks to the space (see _fit_latest), never widens the layout.
        self.latest_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.latest_label.setMinimumSize(1, 1)  # nor heightens it: a 1366×768 TV shows it all
        frame_layout.addWidget(self.latest_label)
        self.sentence_label = self._label("latestSentenceLabel", "", 36, TEXT_COLOUR)
        self.sentence_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sentence_label.setWordWrap(True)  # a longer language wraps, never widens the screen
        frame_layout.addWidget(self.sentence_label)
        left.addWidget(self.latest_frame, 3)

        self.previous_caption = self._label("previousCaption", self.tr("已呼叫"), 28, DIM_COLOUR)
        left.addWidget(self.previous_caption)
        grid = QGridLayout()
        grid.setHorizontalSpacing(30)
        grid.setVerticalSpacing(6)
        self.previous_labels: list[QLabel] = []
        for i in range(PREVIOUS_CALLS):
            label = self._label(f"previousCall{i}", "", PREVIOUS_MAX_PT, TEXT_COLOUR, bold=True)
            # Ignored: a long call ("A012 请到 12号窗口（不动产登记）") shrinks to its cell
            # (see _fit_previous), never widens the screen past a 1366-pixel TV.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(1)
            grid.addWidget(label, i // 2, i % 2)
            grid.setColumnStretch(i % 2, 1)
            self.previous_labels.append(label)
        left.addLayout(grid, 2)
        body.addLayout(left, 3)

        right = QVBoxLayout()
        self.waiting_caption = self._label("waitingCaption", self.tr("等候人数"), 32, DIM_COLOUR)
        right.addWidget(self.waiting_caption)
        self.table = QTableView(self)
        self.table.setObjectName("waitingTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setVisible(False)
        self.table.setShowGrid(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table_font = QFont(self.font())
        table_font.setPointSize(38)
        self.table.setFont(table_font)
        self.table.verticalHeader().setDefaultSectionSize(86)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setStyleSheet(
            f"QTableView {{ background: transparent; color: {TEXT_COLOUR}; border: none; }}"
        )
        right.addWidget(self.table, 1)
        right_box = QWidget(self)
        right_box.setObjectName("waitingBox")
        right_box.setLayout(right)
        right_box.setMinimumWidth(520)
        body.addWidget(right_box, 2)
        outer.addLayout(body, 1)

        self.paused_label = self._label("pausedWindowsLabel", "", 30, PAUSED_COLOUR, bold=True)
        self.paused_label.setWordWrap(True)
        self.paused_label.hide()
        outer.addWidget(self.paused_label)

        self.footer_label = self._label("footerLabel", "", 24, DIM_COLOUR)
        self.footer_label.setWordWrap(True)
        outer.addWidget(self.footer_label)
        self.voice_label = self._label("voiceStatusLabel", "", 24, PAUSED_COLOUR, bold=True)
        self.voice_label.setWordWrap(True)
        self.voice_label.hide()
        outer.addWidget(self.voice_label)
        self.connection_label = self._label("connectionLabel", "", 20, "#ff8080")
        outer.addWidget(self.connection_label)
        self._show_voice_problem(self._announcer.voice_problem if self._announcer else "")

    # --- what is shown -----------------------------------------------------------------------

    @property
    def latest_text(self) -> str:
        return self.latest_label.text()

    @property
    def previous_texts(self) -> list[str]:
        return [label.text() for label in self.previous_labels if label.text()]

    def show_call(
        self,
        number: str,
        window_no: int,
        window_label: str | None = None,
        *,
        recall: bool = False,
        announce: bool = True,
        event_id: str | None = None,
    ) -> None:
        text = call_text(number, window_no, window_label)
        self._calls = [c for c in self._calls if (c[0], c[1]) != (number, window_no)]
        self._calls.insert(0, (number, window_no, text))
        del self._calls[PREVIOUS_CALLS + 1 :]
        self._render_calls()
        self.sentence_label.setText(
            (self.tr("重呼：") if recall else "")
            + self.tr("请 %1 号到%2办理")
            .replace("%1", number)
            .replace("%2", window_text(window_no, window_label))
        )
        self._flash_left = FLASH_TIMES
        self._flash_timer.start()
        if announce and self._announcer is not None:
            self._announcer.announce(number, window_no, recall=recall, event_id=event_id)
        self.callShown.emit(text)

    def _render_calls(self) -> None:
        self.latest_label.setText(self._calls[0][2] if self._calls else "—")
        self._fit_latest()
        previous = self._calls[1:]
        for i, label in enumerate(self.previous_labels):
            label.setText(previous[i][2] if i < len(previous) else "")
        self._fit_previous()

    def _fit_previous(self) -> None:
        """Each earlier call at the largest font (up to PREVIOUS_MAX_PT) its cell holds whole."""
        for label in self.previous_labels:
            width = label.width() - 8
            if width <= 0 or not label.text():
                continue
            font = QFont(label.font())
            size = PREVIOUS_MAX_PT
            font.setPointSize(size)
            while (
                size > PREVIOUS_MIN_PT
                and QFontMetrics(font).horizontalAdvance(label.text()) > width
            ):
                size -= 2
                font.setPointSize(size)
            label.setFont(font)

    def _fit_latest(self) -> None:
        """The largest font (up to LATEST_MAX_PT) at which the latest call fits its box."""
        width = self.latest_label.width() - 40
        height = self.latest_label.height() - 10
        if width <= 0 or height <= 0:
            return
        font = QFont(self.latest_label.font())
        size = LATEST_MAX_PT
        while size > LATEST_MIN_PT:
            font.setPointSize(size)
            metrics = QFontMetrics(font)
            if (
                metrics.horizontalAdvance(self.latest_label.text()) <= width
                and metrics.height() <= height
            ):
                break
            size -= 4
        font.setPointSize(size)
        self.latest_label.setFont(font)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_latest)  # after the layout has given the label its size
        QTimer.singleShot(0, self._fit_previous)

    @property
    def paused_windows(self) -> list[int]:
        return sorted(self._paused)

    def set_window_paused(self, window_no: int, label: str | None, paused: bool) -> None:
        if paused:
            self._paused[window_no] = window_text(window_no, label)
        else:
            self._paused.pop(window_no, None)
        self._render_paused()

    def _render_paused(self) -> None:
        lines = [
            self.tr("%1 暂停服务").replace("%1", self._paused[number])
            for number in sorted(self._paused)
        ]
        self.paused_label.setText("\u3000\u3000".join(lines))  # ideographic spaces between
        self.paused_label.setVisible(bool(lines))

    def apply_status(self, status: HallStatus) -> None:
        """Waiting per queue, paused windows, and the recent calls when nothing has been
        called yet here."""
        self.model.set_rows(status.queues)
        self._paused = {
            window.number: window_text(window.number, window.label)
            for window in status.windows
            if window.status is WindowStatus.PAUSED
        }
        self._render_paused()
        if not self._calls and status.recent_calls:
            for call in status.recent_calls[: PREVIOUS_CALLS + 1]:
                text = call_text(call.number, call.window_no, call.window_label)
                self._calls.append((call.number, call.window_no, text))
            self._render_calls()

    @Slot()
    def _tick(self) -> None:
        now = self._clock()
        self.clock_label.setText(now.strftime("%H:%M:%S"))

    @Slot()
    def _flash_step(self) -> None:
        self._flash_left -= 1
        colour = CALL_COLOUR if self._flash_left % 2 == 0 else TEXT_COLOUR
        self.latest_label.setStyleSheet(f"color: {colour}; background: transparent;")
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self.latest_label.setStyleSheet(f"color: {CALL_COLOUR}; background: transparent;")

    # --- events ------------------------------------------------------------------------------

    @Slot(str, dict)
    def on_event(self, kind: str, data: dict[str, Any]) -> None:
        event_id = data.get("event_id") or data.get("seq")
        event_key = str(event_id) if event_id is not None else None
        if kind in CALL_EVENTS:
            # The server sends a recall as ticket_recalled; it is announced again.
            recall = kind == QueueEventKind.TICKET_RECALLED or bool(data.get("recall"))
            self._on_called(data, recall=recall, event_id=event_key)
            return  # the server pushes the new counts as queue_status
        queues = event_queues(data) if kind == QueueEventKind.QUEUE_STATUS else None
        if queues is not None:
            self.model.merge_rows(queues)
            return
        if kind in STATUS_EVENTS:
            window_no = int(data.get("window_no") or 0)
            paused = kind == QueueEventKind.WINDOW_PAUSED
            if window_no:
                self.set_window_paused(window_no, data.get("window_label"), paused)
            self._status_timer.start()

    def _on_called(self, data: dict[str, Any], *, recall: bool, event_id: str | None) -> None:
        number = str(data.get("number") or "")
        window_no = int(data.get("window_no") or 0)
        if not number or not window_no:
            return
        self.show_call(
            number, window_no, data.get("window_label"), recall=recall, event_id=event_id
        )

    # --- voice -------------------------------------------------------------------------------

    @property
    def voice_text(self) -> str:
        """The voice line as shown ("" when the calls are spoken)."""
        return self.voice_label.text() if not self.voice_label.isHidden() else ""

    def _show_voice_problem(self, problem: str) -> None:
        # The footer promises the voice only while the calls are spoken.
        self.footer_label.setText(
            self.tr("请留意屏幕及语音叫号，过号请到咨询台。")
            if self._announcer is not None and not problem
            else self.tr("请留意屏幕叫号，过号请到咨询台。")
        )
        self.voice_label.setText(
            self.tr("语音播报不可用：%1。请留意屏幕上的叫号。").replace("%1", problem)
            if problem
            else ""
        )
        self.voice_label.setVisible(bool(problem))

    @Slot(str)
    def _voice_problem_changed(self, problem: str) -> None:
        self._show_voice_problem(problem)
        self.report_voice()

    @Slot()
    def report_voice(self) -> None:
        """Tell the server whether the calls are heard (off the GUI thread; a failure is only
        logged: the next (re)connection reports again)."""
        if self._voice_reporter is None or self._announcer is None:
            return
        problem = self._announcer.voice_problem
        reporter = self._voice_reporter
        self._runner.start(
            reporter,
            not problem,
            problem,
            on_failure=lambda exc: log.warning("voice status not reported: %s", exc),
        )

    @Slot(bool)
    def _connected_changed(self, connected: bool) -> None:
        if connected:
            self.connection_label.setText("")
            self._status_timer.start()  # one refresh after (re)connecting
            self.report_voice()
        else:
            self.connection_label.setText(self.tr("与服务器的连接中断，正在重新连接…"))

    @Slot()
    def reload_status(self) -> None:
        if self._status_loader is None:
            return
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        self._runner.start(
            self._status_loader, on_success=self._status_loaded, on_failure=self._status_failed
        )

    def _status_loaded(self, status: Any) -> None:
        self._loading = False
        self.apply_status(status)
        if self._reload_again:
            self._reload_again = False
            self._status_timer.start()

    def _status_failed(self, exc: BaseException) -> None:
        self._loading = False
        log.warning("hall status not loaded: %s", exc)
        self.connection_label.setText(self.tr("暂时无法从服务器读取等候人数，正在重试…"))
        QTimer.singleShot(5_000, self.reload_status)

    def shutdown(self) -> None:
        if self._events is not None:
            self._events.stop()
        self._runner.pool.waitForDone(10_000)

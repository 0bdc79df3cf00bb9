"""The citizen's rating screen (好差评评价器), ``clerk-app --evaluator --window N``.

A small screen facing the citizen at one window. When the window finishes a service (the
server pushes ``ticket_finished``) it asks for a rating with five big buttons; 不满意 and
非常不满意 (差评) ask for a reason from a short list and an optional comment. One rating per
finished ticket: after it, the screen thanks the citizen and waits for the next service; the
server refuses a second rating too, and accepts ratings only from the window's evaluator
account, so staff cannot rate for the citizen.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
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

from clerk_app.contract.enums import QueueEventKind
from clerk_app.contract.queue import Ticket
from clerk_app.ui.live_events import LiveEvents
from clerk_app.ui.screen_parts import big_label, follow_events, single_shot
from clerk_app.ui.workers import TaskRunner, serial_pool

log = logging.getLogger(__name__)

THANKS_MS = 5_000
ASK_TIMEOUT_MS = 180_000  # nobody rated: back to the welcome screen (the rating stays open)

SCORES: tuple[tuple[int, str, str], ...] = (
    (5, str(QT_TRANSLATE_NOOP("EvaluatorWindow", "非常满意")), "#1b7a35"),
    (4, str(QT_TRANSLATE_NOOP("EvaluatorWindow", "满意")), "#3a9a4f"),
    (3, str(QT_TRANSLATE_NOOP("EvaluatorWindow", "基本满意")), "#7a8a1b"),
    (2, str(QT_TRANSLATE_NOOP("EvaluatorWindow", "不满意")), "#c46a12"),
    (1, str(QT_TRANSLATE_NOOP("EvaluatorWindow", "非常不满意")), "#b00020"),
)
# The server's short list (services/ratings.py); the Chinese text is what is stored.
BAD_REASONS = (
    str(QT_TRANSLATE_NOOP("EvaluatorWindow", "等候时间过长")),
    str(QT_TRANSLATE_NOOP("EvaluatorWindow", "服务态度不好")),
    str(QT_TRANSLATE_NOOP("EvaluatorWindow", "办事效率低")),
    str(QT_TRANSLATE_NOOP("EvaluatorWindow", "材料要求不清楚")),
    str(QT_TRANSLATE_NOOP("EvaluatorWindow", "需要多次跑腿")),
    str(QT_TRANSLATE_NOOP("EvaluatorWindow", "其他")),
)

STYLE = """
QWidget { background-color: #f4f7fb; }
QLabel { background: transparent; }
QPushButton[role="score"] { color: white; border-radius: 16px; font-size: 26pt; padding: 8px; }
QPushButton[role="reason"] {
  background: white; color: #222; border: 2px solid #9fb3cc; border-radius: 12px;
  font-size: 20pt; padding: 8px;
}
QPushButton[role="reason"]:checked { background: #ffe1c2; border: 3px solid #c46a12; }
QPushButton[role="submit"] {
  background: #0b5cab; color: white; border-radius: 12px; font-size: 22pt; padding: 10px;
}
QPushButton[role="submit"]:disabled { background: #9fb3cc; }
QLineEdit#commentEdit { font-size: 18pt; padding: 6px; }
"""


class EvaluatorWindow(QWidget):
    """``queue_client``: a QueueClient logged in with the window's evaluator account."""

    rated = Signal(object)  # the server's answer for a stored rating
    pageChanged = Signal(str)  # "welcome" | "rate" | "reason" | "thanks"

    def __init__(
        self,
        hall_name: str,
        window_no: int,
        queue_client: Any,
        *,
        events: LiveEvents | None = None,
        runner: TaskRunner | None = None,
        thanks_ms: int = THANKS_MS,
        ask_timeout_ms: int = ASK_TIMEOUT_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("evaluator")
        self.setWindowTitle(
            self.tr("%1 · %2号窗口 · 服务评价")
            .replace("%1", hall_name)
            .replace("%2", str(window_no))
        )
        self.setStyleSheet(STYLE)
        self._hall_name = hall_name
        self._window_no = window_no
        self._client = queue_client
        self._events = events
        if runner is None:
            runner = TaskRunner(serial_pool(), self)
        self._runner = runner
        self._ticket_id: int | None = None  # the ticket asked about
        self._rated_ids: set[int] = set()
        self._score = 0
        self._sending = False
        self._build()

        self._thanks_timer = single_shot(self, self.show_welcome, thanks_ms)
        self._ask_timer = single_shot(self, self.show_welcome, ask_timeout_ms)
        follow_events(events, self._on_event, self._on_connected)
        self.show_welcome()
        QTimer.singleShot(0, self.check_pending)

    # --- construction ----------------------------------------------------------------------

    def _text(self, name: str, text: str, size: int, *, bold: bool = False) -> QLabel:
        return big_label(self, name, text, size, bold=bold)

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        self.header_label = self._text(
            "evaluatorHeader",
            self.tr("%1 · %2号窗口")
            .replace("%1", self._hall_name)
            .replace("%2", str(self._window_no)),
            18,
        )
        self.header_label.setStyleSheet("color: #555;")
        outer.addWidget(self.header_label)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("evaluatorPages")
        outer.addWidget(self.pages, 1)
        self.message_label = self._text("evaluatorMessage", "", 16)
        self.message_label.setStyleSheet("color: #b00020;")
        outer.addWidget(self.message_label)

        self.welcome_page = QWidget(self)
        self.welcome_page.setObjectName("welcomePage")
        welcome = QVBoxLayout(self.welcome_page)
        welcome.addStretch(1)
        welcome.addWidget(self._text("welcomeLabel", self.tr("您好，欢迎办理业务"), 40, bold=True))
        welcome.addWidget(
            self._text("welcomeHint", self.tr("业务办结后，请您对本次服务进行评价"), 24)
        )
        welcome.addStretch(1)
        self.pages.addWidget(self.welcome_page)

        self.rate_page = QWidget(self)
        self.rate_page.setObjectName("ratePage")
        rate = QVBoxLayout(self.rate_page)
        self.rate_title = self._text("rateTitle", self.tr("请您对本次服务进行评价"), 32, bold=True)
        rate.addWidget(self.rate_title)
        self.ticket_label = self._text("rateTicketLabel", "", 20)
        rate.addWidget(self.ticket_label)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.score_buttons: dict[int, QPushButton] = {}
        for score, text, colour in SCORES:
            button = QPushButton(self.tr(text), self.rate_page)
            button.setObjectName(f"score_{score}")
            button.setProperty("role", "score")
            button.setStyleSheet(f"background: {colour};")
            button.setMinimumHeight(160)
            button.setMaximumHeight(360)
            # Ignored width: five equal buttons whatever their words.
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, s=score: self.choose(s))
            row.addWidget(button, 1)
            self.score_buttons[score] = button
        rate.addLayout(row, 1)
        self.pages.addWidget(self.rate_page)

        self.reason_page = QWidget(self)
        self.reason_page.setObjectName("reasonPage")
        reason = QVBoxLayout(self.reason_page)
        reason.addWidget(
            self._text("reasonTitle", self.tr("很抱歉让您不满意，请选择原因"), 28, bold=True)
        )
        grid = QGridLayout()
        grid.setSpacing(12)
        self.reason_group = QButtonGroup(self)
        self.reason_group.setExclusive(True)
        self.reason_buttons: list[QPushButton] = []
        for i, text in enumerate(BAD_REASONS):
            button = QPushButton(self.tr(text), self.reason_page)
            button.setObjectName(f"reason_{i}")
            button.setProperty("role", "reason")
            button.setCheckable(True)
            button.setMinimumHeight(70)
            self.reason_group.addButton(button, i)
            grid.addWidget(button, i // 3, i % 3)
            self.reason_buttons.append(button)
        self.reason_group.idClicked.connect(self._reason_changed)
        reason.addLayout(grid)
        self.comment_edit = QLineEdit(self.reason_page)
        self.comment_edit.setObjectName("commentEdit")
        self.comment_edit.setMaxLength(200)
        self.comment_edit.setPlaceholderText(self.tr("补充说明（可不填）"))
        reason.addWidget(self.comment_edit)
        buttons = QHBoxLayout()
        self.reason_back = QPushButton(self.tr("返回"), self.reason_page)
        self.reason_back.setObjectName("reasonBackButton")
        self.reason_back.setProperty("role", "reason")
        self.reason_back.clicked.connect(self._back_to_rate)
        self.submit_button = QPushButton(self.tr("提交评价"), self.reason_page)
        self.submit_button.setObjectName("submitReasonButton")
        self.submit_button.setProperty("role", "submit")
        self.submit_button.clicked.connect(self.submit_bad)
        buttons.addWidget(self.reason_back, 1)
        buttons.addWidget(self.submit_button, 2)
        reason.addLayout(buttons)
        self.pages.addWidget(self.reason_page)

        self.thanks_page = QWidget(self)
        self.thanks_page.setObjectName("thanksPage")
        thanks = QVBoxLayout(self.thanks_page)
        thanks.addStretch(1)
        self.thanks_label = self._text("thanksLabel", self.tr("感谢您的评价！"), 44, bold=True)
        self.thanks_label.setStyleSheet("color: #1b7a35;")
        thanks.addWidget(self.thanks_label)
        self.thanks_hint = self._text("thanksHint", "", 22)
        thanks.addWidget(self.thanks_hint)
        thanks.addStretch(1)
        self.pages.addWidget(self.thanks_page)

    # --- pages -------------------------------------------------------------------------------

    @property
    def page(self) -> str:
        current = self.pages.currentWidget()
        if current is None:
            return ""
        return {
            self.welcome_page: "welcome",
            self.rate_page: "rate",
            self.reason_page: "reason",
            self.thanks_page: "thanks",
        }.get(current, "")

    def _show(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        self.pageChanged.emit(self.page)

    @Slot()
    def show_welcome(self) -> None:
        self._thanks_timer.stop()
        self._ask_timer.stop()
        self._ticket_id = None
        self.message_label.setText("")
        self._show(self.welcome_page)

    def ask_rating(self, ticket_id: int, number: str) -> None:
        """Ask about one finished ticket (once: a ticket already rated here is ignored)."""
        if ticket_id in self._rated_ids:
            return
        self._ticket_id = ticket_id
        self._score = 0
        self.reason_group.setExclusive(False)
        for button in self.reason_buttons:
            button.setChecked(False)
        self.reason_group.setExclusive(True)
        self.comment_edit.clear()
        self.ticket_label.setText(
            self.tr("号码 %1 · 已办结").replace("%1", number) if number else ""
        )
        self.message_label.setText("")
        self._set_sending(False)
        self._thanks_timer.stop()
        self._ask_timer.start()
        self._show(self.rate_page)

    def _set_sending(self, sending: bool) -> None:
        self._sending = sending
        for button in self.score_buttons.values():
            button.setEnabled(not sending)
        self._reason_changed()

    @Slot(int)
    def _reason_changed(self, _id: int = -1) -> None:
        self.submit_button.setEnabled(not self._sending and self.reason_group.checkedId() >= 0)

    @Slot()
    def _back_to_rate(self) -> None:
        self._show(self.rate_page)

    # --- rating ------------------------------------------------------------------------------

    @Slot(int)
    def choose(self, score: int) -> None:
        if self._ticket_id is None or self._sending:
            return
        self._score = score
        self._ask_timer.start()
        if score <= 2:
            self._show(self.reason_page)
            return
        self._send(score, None, None)

    @Slot()
    def submit_bad(self) -> None:
        index = self.reason_group.checkedId()
        if self._ticket_id is None or self._sending or index < 0 or self._score > 2:
            return
        comment = self.comment_edit.text().strip() or None
        self._send(self._score, BAD_REASONS[index], comment)

    def _send(self, score: int, reason: str | None, comment: str | None) -> None:
        assert self._ticket_id is not None
        ticket_id = self._ticket_id
        self._set_sending(True)
        self._runner.start(
            lambda: self._client.rate(self._window_no, ticket_id, score, reason, comment),
            on_success=lambda result: self._sent(ticket_id, result),
            on_failure=lambda exc: self._failed(ticket_id, exc),
        )

    def _sent(self, ticket_id: int, result: Any) -> None:
        self._rated_ids.add(ticket_id)
        self._set_sending(False)
        self._ticket_id = None
        self._ask_timer.stop()
        self.thanks_label.setText(self.tr("感谢您的评价！"))
        self.thanks_hint.setText(
            self.tr("我们会认真改进，工作人员将尽快与您联系")
            if self._score <= 2
            else self.tr("祝您生活愉快")
        )
        self._show(self.thanks_page)
        self._thanks_timer.start()
        self.rated.emit(result)

    def _failed(self, ticket_id: int, exc: BaseException) -> None:
        from clerk_app.sync.client import ApiError, OfflineError

        self._set_sending(False)
        if isinstance(exc, ApiError) and exc.status == 409:
            # Already rated (or no longer open): one rating per service.
            self._rated_ids.add(ticket_id)
            self.thanks_label.setText(self.tr("本次服务已评价"))
            self.thanks_hint.setText(exc.detail)
            self._ticket_id = None
            self._show(self.thanks_page)
            self._thanks_timer.start()
            return
        if isinstance(exc, OfflineError):
            self.message_label.setText(self.tr("网络故障，评价未提交，请稍后再按一次"))
        elif isinstance(exc, ApiError):
            self.message_label.setText(exc.detail)
        else:
            log.exception("rating not sent", exc_info=exc)
            self.message_label.setText(self.tr("评价未提交，请稍后再试"))

    # --- events --------------------------------------------------------------------------------

    @Slot()
    def check_pending(self) -> None:
        """Ask the server for a finished, unrated service of this window (start, reconnect)."""
        if self._client is None:
            return
        self._runner.start(
            lambda: self._client.last_finished(self._window_no),
            on_success=self._pending_loaded,
            on_failure=lambda exc: log.warning("evaluator: pending rating not loaded: %s", exc),
        )

    def _pending_loaded(self, ticket: Ticket | None) -> None:
        if ticket is None or self.page in ("reason", "thanks") or self._sending:
            return
        if self._ticket_id != ticket.id:
            self.ask_rating(ticket.id, ticket.number)

    @Slot(str, dict)
    def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        if kind != QueueEventKind.TICKET_FINISHED:
            return
        if int(data.get("window_no") or 0) != self._window_no:
            return
        ticket_id = data.get("ticket_id", data.get("id"))
        if ticket_id is None:
            return
        self.thanks_label.setText(self.tr("感谢您的评价！"))
        self.ask_rating(int(ticket_id), str(data.get("number") or ""))

    @Slot(bool)
    def _on_connected(self, connected: bool) -> None:
        if connected:
            self.check_pending()

    def shutdown(self) -> None:
        if self._events is not None:
            self._events.stop()
        self._runner.pool.waitForDone(10_000)

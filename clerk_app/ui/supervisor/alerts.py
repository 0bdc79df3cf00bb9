"""The 提醒 tab of 大厅管理: the server's alerts (``GET /halls/{hall}/alerts``) in one table, red
first, with the departments' overdue counts above it; a bell for new ones (when the
supervisor wants it) and the hall's thresholds (提醒设置…).

Double click or Enter on an alert asks the page to open the thing itself
(``alertActivated``): the window's row, the case's detail and trail, the 差评's follow-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget

from clerk_app.contract.supervision import (
    AlertKind,
    AlertLevel,
    AlertSettings,
    AlertSettingsIn,
    HallAlert,
    HallAlerts,
)
from clerk_app.domain.hall_time import hall_now, in_hall_time
from clerk_app.ui.forms.ui_alert_settings import Ui_AlertSettingsDialog
from clerk_app.ui.forms.ui_hall_alerts import Ui_HallAlertsPanel
from clerk_app.ui.screen_parts import ok_cancel_buttons, readable_columns
from clerk_app.ui.table_model import Column, RowTableModel

LEVEL_BACKGROUNDS = {AlertLevel.YELLOW: QColor("#ffe7a8"), AlertLevel.RED: QColor("#f6b3ad")}
DARK_TEXT = QColor("#1b1f24")
LINK_COLOUR = QColor("#0b57a4")
KIND_LABELS = {
    AlertKind.QUEUE_WAIT: str(QT_TRANSLATE_NOOP("HallAlertsModel", "排队等候过长")),
    AlertKind.WINDOW_PAUSED: str(QT_TRANSLATE_NOOP("HallAlertsModel", "窗口暂停过久")),
    AlertKind.CASE_DEADLINE: str(QT_TRANSLATE_NOOP("HallAlertsModel", "办件承诺期限")),
    AlertKind.GAP_DUE: str(QT_TRANSLATE_NOOP("HallAlertsModel", "容缺补齐期限")),
    AlertKind.RATING_FOLLOWUP: str(QT_TRANSLATE_NOOP("HallAlertsModel", "差评回访逾期")),
}


class HallAlertsModel(RowTableModel[HallAlert]):
    """级别, 类型, 对象, 说明, 部门, 期限/起始."""

    translation_context = "HallAlertsModel"
    LEVEL_COLUMN = 0
    SUBJECT_COLUMN = 2  # shown as a link: one click opens the window, case or rating
    DETAIL_COLUMN = 3

    def __init__(
        self, parent: QObject | None = None, *, now: Callable[[], datetime] = hall_now
    ) -> None:
        super().__init__(parent)
        self._now = now
        self.columns = (
            Column(QT_TRANSLATE_NOOP("HallAlertsModel", "级别"), self.level_text),
            Column(QT_TRANSLATE_NOOP("HallAlertsModel", "类型"), self.kind_text),
            Column(QT_TRANSLATE_NOOP("HallAlertsModel", "对象"), lambda a: a.subject),
            Column(QT_TRANSLATE_NOOP("HallAlertsModel", "说明"), self.detail_text),
            Column(QT_TRANSLATE_NOOP("HallAlertsModel", "部门"), lambda a: a.department or "—"),
            Column(QT_TRANSLATE_NOOP("HallAlertsModel", "期限"), self.when_text),
        )

    def level_text(self, alert: HallAlert) -> str:
        """A date is overdue or due soon; a wait or a pause is serious or worth a look."""
        if alert.due is not None:
            return self.tr("已超期") if alert.level is AlertLevel.RED else self.tr("即将到期")
        return self.tr("严重") if alert.level is AlertLevel.RED else self.tr("注意")

    def kind_text(self, alert: HallAlert) -> str:
        return self.tr(KIND_LABELS[alert.kind])

    def detail_text(self, alert: HallAlert) -> str:
        if alert.kind is AlertKind.QUEUE_WAIT:
            return self.tr("%1 人等候").replace("%1", alert.detail)
        if alert.kind is AlertKind.WINDOW_PAUSED:
            return self.tr("暂停原因：%1").replace("%1", alert.detail or "—")
        if alert.kind is AlertKind.RATING_FOLLOWUP:
            where = self.tr("%1号窗口").replace("%1", str(alert.window_no or "—"))
            return f"{where} · {alert.detail}" if alert.detail else where
        return alert.detail

    def when_text(self, alert: HallAlert) -> str:
        if alert.due is not None:
            return alert.due.isoformat()
        if alert.since is not None:
            since = in_hall_time(alert.since)
            minutes = max(0, int((self._now() - since).total_seconds() // 60))
            return (
                self.tr("%1 起，已 %2 分钟")
                .replace("%1", f"{since:%H:%M}")
                .replace("%2", str(minutes))
            )
        return "—"

    def extra_data(self, row: HallAlert, column: int, role: int) -> Any:
        if column == self.SUBJECT_COLUMN:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(LINK_COLOUR)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setUnderline(True)
                return font
            return None
        if column != self.LEVEL_COLUMN:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(LEVEL_BACKGROUNDS[row.level])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(DARK_TEXT)
        return None


class Bell(Protocol):
    def play(self) -> None: ...


class HallAlertsPanel(QWidget):
    """The table and its controls (``forms/hall_alerts.ui``); the page feeds it answers.
    ``bell`` makes what rings when an answer holds an alert not shown before (None: no sound
    on this PC, the check box is off)."""

    alertActivated = Signal(object)  # HallAlert
    settingsRequested = Signal()
    countChanged = Signal(int)  # alerts now shown

    def __init__(self, bell: Callable[[], Bell] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_HallAlertsPanel()
        self.form.setupUi(self)
        self.model = HallAlertsModel(self)
        self.table = self.form.alertsTable
        self.table.setModel(self.model)
        readable_columns(self.table, HallAlertsModel.DETAIL_COLUMN)
        self.sound_check = self.form.alertSoundCheck
        self.settings_button = self.form.alertSettingsButton
        self.summary_label = self.form.alertsSummaryLabel
        self.departments_label = self.form.alertsDepartmentsLabel
        self._make_bell = bell  # the sound device is opened when it first rings
        self._bell: Bell | None = None
        self._seen: set[str] | None = None  # keys shown before; None until the first answer
        self.settings: AlertSettings | None = None
        self.sound_check.setEnabled(bell is not None)
        # Its whole text with the focus frame the theme draws around it.
        self.sound_check.setMinimumWidth(self.sound_check.sizeHint().width() + 12)
        self.table.doubleClicked.connect(lambda index: self.activate_row(index.row()))
        self.table.clicked.connect(self._clicked)
        self.table.installEventFilter(self)
        self.settings_button.clicked.connect(self.settingsRequested)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.activate_row(self.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def _clicked(self, index: QModelIndex) -> None:
        """One click on the alert's subject (the link) opens it; elsewhere it only selects."""
        if index.column() == HallAlertsModel.SUBJECT_COLUMN:
            self.activate_row(index.row())

    def activate_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.alertActivated.emit(self.model.row_at(row))

    def select_key(self, key: str) -> bool:
        for row, alert in enumerate(self.model.rows):
            if alert.key == key:
                self.table.selectRow(row)
                return True
        return False

    def show_alerts(self, answer: HallAlerts) -> bool:
        """Show an answer; True when it holds an alert not shown before (the bell rang)."""
        current = self.table.currentIndex()
        key = self.model.row_at(current.row()).key if current.isValid() else None
        self.settings = answer.settings
        self.model.set_rows(answer.alerts)
        if key is not None:
            self.select_key(key)
        self._show_summary(answer.alerts, answer.truncated)
        self._show_departments(answer)
        keys = {a.key for a in answer.alerts}
        new = self._seen is not None and bool(keys - self._seen)
        self._seen = keys
        if new and self._make_bell is not None and self.sound_check.isChecked():
            if self._bell is None:
                self._bell = self._make_bell()
            self._bell.play()
        self.countChanged.emit(len(answer.alerts))
        return new

    def _show_summary(self, alerts: Sequence[HallAlert], truncated: bool) -> None:
        if not alerts:
            self.summary_label.setText(self.tr("目前没有需要处理的提醒。"))
            return
        red = sum(1 for a in alerts if a.level is AlertLevel.RED)
        text = (
            self.tr("共 %1 条提醒，其中 %2 条已超期或严重（红色）。")
            .replace("%1", str(len(alerts)))
            .replace("%2", str(red))
        )
        if truncated:
            text += self.tr("案件较多，只列出最紧急的部分。")
        self.summary_label.setText(text)

    def _show_departments(self, answer: HallAlerts) -> None:
        parts = []
        for department in answer.departments:
            counts = []
            if department.red:
                counts.append(self.tr("超期 %1").replace("%1", str(department.red)))
            if department.yellow:
                counts.append(self.tr("即将到期 %1").replace("%1", str(department.yellow)))
            name = department.name or department.code or self.tr("未注明部门")
            parts.append(f"{name}：{'，'.join(counts)}")
        self.departments_label.setText(self.tr("各部门办件期限：") + "；".join(parts))
        self.departments_label.setVisible(bool(parts))

    def show_failure(self, text: str) -> None:
        self.summary_label.setText(text)


class AlertSettingsDialog(QDialog):
    """The hall's thresholds (``forms/alert_settings.ui``)."""

    def __init__(self, settings: AlertSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_AlertSettingsDialog()
        self.form.setupUi(self)
        self.form.waitSpin.setValue(settings.wait_minutes)
        self.form.pauseSpin.setValue(settings.pause_minutes)
        self.form.deadlineSpin.setValue(settings.deadline_days)
        self.form.followupSpin.setValue(settings.followup_days)
        self.buttons = ok_cancel_buttons(self, "alertSettingsButtons", self.accept)
        self.form.settings_layout.addWidget(self.buttons)

    def value(self) -> AlertSettingsIn:
        return AlertSettingsIn(
            wait_minutes=self.form.waitSpin.value(),
            pause_minutes=self.form.pauseSpin.value(),
            deadline_days=self.form.deadlineSpin.value(),
            followup_days=self.form.followupSpin.value(),
        )

    @classmethod
    def ask(cls, parent: QWidget, settings: AlertSettings) -> AlertSettingsIn | None:
        """The new thresholds, or None when cancelled (tests patch this)."""
        dialog = cls(settings, parent)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

"""The 今日预约 tab of 大厅管理: today's appointments per queue and time slot, as the server
counts them (``GET /halls/{hall}/appointments/today``): booked, checked in, late (after the
grace period), no-show (the slot over without a check-in), still expected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from clerk_app.contract.supervision import AppointmentDay, AppointmentSlot
from clerk_app.domain.hall_time import in_hall_time
from clerk_app.ui.forms.ui_hall_appointments import Ui_HallAppointmentsPanel
from clerk_app.ui.screen_parts import readable_columns
from clerk_app.ui.table_model import Column, RowTableModel

NO_SHOW_BACKGROUND = QColor("#f6d5d1")


def _count(value: int) -> str:
    return str(value) if value else "—"


class AppointmentSlotsModel(RowTableModel[AppointmentSlot]):
    """队列, 时段, 预约, 已签到, 迟到, 爽约, 待签到."""

    translation_context = "AppointmentSlotsModel"
    NO_SHOW_COLUMN = 5

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            Column(QT_TRANSLATE_NOOP("AppointmentSlotsModel", "队列"), lambda s: s.queue_name),
            Column(QT_TRANSLATE_NOOP("AppointmentSlotsModel", "时段"), self.slot_text),
            Column(QT_TRANSLATE_NOOP("AppointmentSlotsModel", "预约"), lambda s: str(s.booked)),
            Column(
                QT_TRANSLATE_NOOP("AppointmentSlotsModel", "已签到"), lambda s: _count(s.checked_in)
            ),
            Column(
                QT_TRANSLATE_NOOP("AppointmentSlotsModel", "其中迟到"), lambda s: _count(s.late)
            ),
            Column(QT_TRANSLATE_NOOP("AppointmentSlotsModel", "爽约"), lambda s: _count(s.no_show)),
            Column(
                QT_TRANSLATE_NOOP("AppointmentSlotsModel", "待签到"), lambda s: _count(s.expected)
            ),
        )

    @staticmethod
    def slot_text(slot: AppointmentSlot) -> str:
        return f"{in_hall_time(slot.start):%H:%M}–{in_hall_time(slot.end):%H:%M}"

    def extra_data(self, row: AppointmentSlot, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.NO_SHOW_COLUMN and row.no_show:
            return QBrush(NO_SHOW_BACKGROUND)
        return None


class HallAppointmentsPanel(QWidget):
    """The table and its day's totals (``forms/hall_appointments.ui``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Ui_HallAppointmentsPanel()
        self.form.setupUi(self)
        self.model = AppointmentSlotsModel(self)
        self.table = self.form.appointmentsTable
        self.table.setModel(self.model)
        readable_columns(self.table, 0)
        self.summary_label = self.form.appointmentsSummaryLabel

    def show_day(self, day: AppointmentDay) -> None:
        self.model.set_rows(day.slots)
        if not day.slots:
            self.summary_label.setText(self.tr("%1 没有预约。").replace("%1", day.day.isoformat()))
            return
        slots = day.slots
        self.summary_label.setText(
            self.tr("%1：预约 %2 人，已签到 %3（迟到 %4），爽约 %5，待签到 %6。")
            .replace("%1", day.day.isoformat())
            .replace("%2", str(sum(s.booked for s in slots)))
            .replace("%3", str(sum(s.checked_in for s in slots)))
            .replace("%4", str(sum(s.late for s in slots)))
            .replace("%5", str(sum(s.no_show for s in slots)))
            .replace("%6", str(sum(s.expected for s in slots)))
        )

    def show_failure(self, text: str) -> None:
        self.summary_label.setText(text)

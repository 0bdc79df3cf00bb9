"""The decision panel's promised date: counted in the item's unit, and a caveat when the date
falls in a year whose 调休 nobody has entered (issue 13)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pytestqt.qtbot import QtBot

from clerk_app.domain.catalog import Item
from clerk_app.domain.workdays import LimitUnit, WorkdayCalendar
from clerk_app.ui.acceptance import DecisionPanel
from clerk_app.ui.app import load_calendar
from clerk_app.ui.context import WindowContext

PASSPORT = Item(
    "HZ01",
    "普通护照签发",
    "黄石市公安局出入境管理支队",
    legal_days=15,
    promised_days=15,
    legal_unit=LimitUnit.CALENDAR_DAYS,
    promised_unit=LimitUnit.CALENDAR_DAYS,
)
PERMIT = Item("XK01", "某项行政许可", "黄石市某局", legal_days=20, promised_days=20)


def panel_for(qtbot: QtBot, context: WindowContext, calendar: WorkdayCalendar) -> DecisionPanel:
    panel = DecisionPanel(replace(context, calendar=calendar))
    qtbot.addWidget(panel)
    return panel


def test_calendar_days_are_said_and_counted(qtbot: QtBot, context: WindowContext) -> None:
    panel = panel_for(qtbot, context, load_calendar())
    panel.set_subject([PASSPORT], date(2026, 11, 23))
    assert panel.promised_date() == date(2026, 12, 8)
    assert "2026-12-08（15日，自然日）" in panel.promised_label.text()
    assert "调休未发布" not in panel.promised_label.text()


def test_a_year_without_its_holidays_is_flagged(qtbot: QtBot, context: WindowContext) -> None:
    # Received 2026-12-21: 20 working days end in January 2027.
    published_only = panel_for(qtbot, context, WorkdayCalendar())
    published_only.set_subject([PERMIT], date(2026, 12, 21))
    text = published_only.promised_label.text()
    assert "注意：2027年调休未发布，日期只按周末推算" in text
    assert "补录工作日覆盖表" in published_only.promised_label.toolTip()
    assert published_only.promised_label.property("role") == "warning"
    # The hall's table has 2027 rows: the counter's own calendar knows the year.
    with_table = panel_for(qtbot, context, load_calendar())
    with_table.set_subject([PERMIT], date(2026, 12, 21))
    assert "调休未发布" not in with_table.promised_label.text()
    # Within a published year nothing is said.
    published_only.set_subject([PERMIT], date(2026, 11, 2))
    assert "调休未发布" not in published_only.promised_label.text()
    assert published_only.promised_label.property("role") is None

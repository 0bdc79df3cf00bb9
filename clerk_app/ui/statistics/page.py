"""The supervisor's 统计 tab: choose a date range, the rows' period (day / week / month / total)
and grouping (hall, zone, queue, window, clerk, department, item), press 查询; the server's
figures fill one table per subject and three charts (wait by hour, load per window, ratings
per day) that follow the same filters. 导出Excel / 导出PDF write what is shown, with the hall's
name and the period. Requests and exports run off the GUI thread (``TaskRunner``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clerk_app.contract.statistics import Grouping, Period, StatisticsOut
from clerk_app.domain.hall_time import hall_now
from clerk_app.reports.columns import TABLES, period_text
from clerk_app.reports.statistics_pdf import write_pdf
from clerk_app.reports.statistics_workbook import write_workbook
from clerk_app.ui.statistics.charts import (
    chart_view,
    ratings_chart,
    wait_by_hour_chart,
    window_load_chart,
)
from clerk_app.ui.statistics.models import StatsTableModel
from clerk_app.ui.table_model import setup_row_table
from clerk_app.ui.workers import TaskRunner

# The filters' and tables' names come from contract/statistics.py and reports/columns.py (no
# Qt there) and are shown through self.tr: named here for lupdate
# (tests/ui/test_translation_complete.py keeps them in step).
SHOWN_LABELS = (
    QT_TRANSLATE_NOOP("StatisticsPage", "按日"),
    QT_TRANSLATE_NOOP("StatisticsPage", "按周"),
    QT_TRANSLATE_NOOP("StatisticsPage", "按月"),
    QT_TRANSLATE_NOOP("StatisticsPage", "合计"),
    QT_TRANSLATE_NOOP("StatisticsPage", "全大厅"),
    QT_TRANSLATE_NOOP("StatisticsPage", "区域"),
    QT_TRANSLATE_NOOP("StatisticsPage", "队列"),
    QT_TRANSLATE_NOOP("StatisticsPage", "窗口"),
    QT_TRANSLATE_NOOP("StatisticsPage", "工作人员"),
    QT_TRANSLATE_NOOP("StatisticsPage", "部门"),
    QT_TRANSLATE_NOOP("StatisticsPage", "事项"),
    QT_TRANSLATE_NOOP("StatisticsPage", "基本事项"),
    QT_TRANSLATE_NOOP("StatisticsPage", "叫号"),
    QT_TRANSLATE_NOOP("StatisticsPage", "办件"),
    QT_TRANSLATE_NOOP("StatisticsPage", "好差评"),
    QT_TRANSLATE_NOOP("StatisticsPage", "帮办预审"),
    QT_TRANSLATE_NOOP("StatisticsPage", "常缺材料"),
    QT_TRANSLATE_NOOP("StatisticsPage", "分时段等候"),
    QT_TRANSLATE_NOOP("StatisticsPage", "窗口负荷"),
    QT_TRANSLATE_NOOP("StatisticsPage", "每日评价"),
)


class StatisticsSource(Protocol):
    """What the page asks the server (``QueueClient.statistics``)."""

    def statistics(
        self, start: date, end: date, period: Period, grouping: Grouping
    ) -> StatisticsOut: ...


def month_start(day: date) -> date:
    return day.replace(day=1)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class StatisticsPage(QWidget):
    loaded = Signal(object)  # StatisticsOut
    failed = Signal(str)
    exported = Signal(str)  # the written file's path

    def __init__(
        self,
        source: StatisticsSource | None,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        today: Callable[[], date] = lambda: hall_now().date(),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statistics_page")
        self._source = source
        self._runner = runner or TaskRunner(parent=self)
        self.stats: StatisticsOut | None = None
        self._build_filters(today())
        self._build_body()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self._filters)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)

    # --- construction ------------------------------------------------------------------------

    def _build_filters(self, today: date) -> None:
        self.start_edit = self._date_edit("stats_start", month_start(today))
        self.end_edit = self._date_edit("stats_end", today)
        self.period_combo = QComboBox(self)
        self.period_combo.setObjectName("stats_period")
        for period in Period:
            self.period_combo.addItem(self.tr(period.label), period)
        self.period_combo.setCurrentIndex(list(Period).index(Period.DAY))
        self.grouping_combo = QComboBox(self)
        self.grouping_combo.setObjectName("stats_grouping")
        for grouping in Grouping:
            self.grouping_combo.addItem(self.tr(grouping.label), grouping)
        self.query_button = QPushButton(self.tr("查询"), self)
        self.query_button.setObjectName("stats_query")
        self.query_button.setDefault(True)
        self.query_button.clicked.connect(self.refresh)
        self.excel_button = QPushButton(self.tr("导出Excel…"), self)
        self.excel_button.setObjectName("stats_export_excel")
        self.excel_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button = QPushButton(self.tr("导出PDF…"), self)
        self.pdf_button.setObjectName("stats_export_pdf")
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        for button in (self.excel_button, self.pdf_button):
            button.setEnabled(False)
        row = QHBoxLayout()
        for label, widget in (
            (self.tr("从"), self.start_edit),
            (self.tr("至"), self.end_edit),
            (self.tr("期间"), self.period_combo),
            (self.tr("分组"), self.grouping_combo),
        ):
            row.addWidget(QLabel(label, self))
            row.addWidget(widget)
        row.addWidget(self.query_button)
        row.addStretch(1)
        row.addWidget(self.excel_button)
        row.addWidget(self.pdf_button)
        self._filters = row
        self.status = QLabel(self.tr("选择期间后按“查询”。"), self)
        self.status.setObjectName("stats_status")

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _build_body(self) -> None:
        self.tables = QTabWidget(self)
        self.tables.setObjectName("stats_tables")
        self.models: dict[str, StatsTableModel] = {}
        self.views: dict[str, QTableView] = {}
        for table in TABLES:
            model = StatsTableModel(table, self)
            view = QTableView(self.tables)
            view.setObjectName(f"stats_table_{table.key}")
            setup_row_table(view, model)
            view.setSortingEnabled(True)
            self.models[table.key], self.views[table.key] = model, view
            self.tables.addTab(view, self.tr(table.title))
        charts = QWidget(self)
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 0, 0)
        self.hour_chart = chart_view("stats_chart_hours", charts)
        self.window_chart = chart_view("stats_chart_windows", charts)
        self.rating_chart = chart_view("stats_chart_ratings", charts)
        grid.addWidget(self.hour_chart, 0, 0)
        grid.addWidget(self.window_chart, 0, 1)
        grid.addWidget(self.rating_chart, 0, 2)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("stats_splitter")
        self.splitter.addWidget(self.tables)
        self.splitter.addWidget(charts)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

    # --- the query ---------------------------------------------------------------------------

    def filters(self) -> tuple[date, date, Period, Grouping]:
        return (
            _pydate(self.start_edit.date()),
            _pydate(self.end_edit.date()),
            Period(self.period_combo.currentData()),
            Grouping(self.grouping_combo.currentData()),
        )

    def refresh(self) -> None:
        start, end, period, grouping = self.filters()
        if self._source is None:
            self._fail(self.tr("统计由中心服务器计算，离线时不可用"))
            return
        if end < start:
            self._fail(self.tr("结束日期不能早于开始日期"))
            return
        self.query_button.setEnabled(False)
        self.status.setText(self.tr("正在统计…"))
        self._runner.start(
            self._source.statistics,
            start,
            end,
            period,
            grouping,
            on_success=self._show,
            on_failure=lambda exc: self._fail(str(exc)),
        )

    def _show(self, stats: StatisticsOut) -> None:
        self.query_button.setEnabled(True)
        self.stats = stats
        for model in self.models.values():
            model.set_stats(stats)
        for view in self.views.values():
            view.resizeColumnsToContents()
        self.hour_chart.setChart(wait_by_hour_chart(stats))
        self.window_chart.setChart(window_load_chart(stats))
        self.rating_chart.setChart(ratings_chart(stats))
        issued = sum(r.issued for r in stats.tickets) if stats.grouping is Grouping.NONE else None
        summary = f"{stats.hall_name}　{period_text(stats)}"
        if issued is not None:
            summary += self.tr("　取号%1张").replace("%1", str(issued))
        self.status.setText(summary)
        for button in (self.excel_button, self.pdf_button):
            button.setEnabled(True)
        self.loaded.emit(stats)

    def _fail(self, reason: str) -> None:
        self.query_button.setEnabled(True)
        self.status.setText(self.tr("统计失败：%1").replace("%1", reason))
        self.failed.emit(reason)

    # --- export ------------------------------------------------------------------------------

    @classmethod
    def ask_path(cls, parent: QWidget, suggested: str, suffix: str) -> str:
        """The file to write (a patchable dialog, pytest-qt style); "" when cancelled."""
        pattern = "Excel (*.xlsx)" if suffix == ".xlsx" else "PDF (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(
            parent, QCoreApplication.translate("StatisticsPage", "导出统计"), suggested, pattern
        )
        return path

    def export(self, suffix: str) -> None:
        stats = self.stats
        if stats is None:
            return
        name = f"{stats.hall_code}-统计-{stats.start:%Y%m%d}-{stats.end:%Y%m%d}{suffix}"
        chosen = self.ask_path(self, str(Path.home() / name), suffix)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        writer = write_workbook if suffix == ".xlsx" else write_pdf
        self.status.setText(self.tr("正在导出…"))
        self._runner.start(
            writer,
            stats,
            path,
            datetime.now(hall_now().tzinfo),
            on_success=lambda written: self._exported(Path(written)),
            on_failure=lambda exc: self._fail(str(exc)),
        )

    def _exported(self, path: Path) -> None:
        self.status.setText(self.tr("已导出：%1").replace("%1", str(path)))
        self.exported.emit(str(path))

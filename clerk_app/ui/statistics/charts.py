"""The 统计 tab's three charts (QtCharts): wait by hour of day, load per window, ratings over
time. Each takes the same ``StatisticsOut`` as the tables, so they follow the same filters."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from clerk_app.contract.statistics import StatisticsOut

BLUE = QColor("#2f6db5")
ORANGE = QColor("#e08a1e")
MANY_LABELS = 12  # beyond this the category labels are thinned
MANY_CATEGORIES = 40  # beyond this no label fits under its bar


def _font(points: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(points)
    font.setBold(bold)
    return font


def _base_chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(9, bold=True))
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.layout().setContentsMargins(0, 0, 0, 0)
    chart.setBackgroundRoundness(0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setFont(_font(8))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _small(axis: QAbstractAxis) -> None:
    axis.setLabelsFont(_font(7))
    axis.setTitleFont(_font(7))


def _thin(labels: list[str]) -> list[str]:
    """Every n-th label kept readable; the others blank but distinct (a category each).
    Longer labels (dates) are kept fewer."""
    widest = max((len(label) for label in labels), default=1)
    keep = max(4, MANY_LABELS * 2 // max(2, widest)) if widest > 2 else MANY_LABELS
    if len(labels) <= keep:
        return labels
    step = -(-len(labels) // keep)
    return [label if i % step == 0 else " " * (i + 1) for i, label in enumerate(labels)]


def _bars(chart: QChart, labels: list[str], sets: list[QBarSet], title_y: str) -> None:
    series = QBarSeries()
    for bar_set in sets:
        series.append(bar_set)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    _small(axis_x)
    axis_x.append(_thin(labels) or [" "])
    if len(labels) > MANY_CATEGORIES:
        # a label per bar would be cut to "…": name the range instead
        axis_x.setLabelsVisible(False)
        axis_x.setTitleText(f"{labels[0]} — {labels[-1]}")
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    top = max((s.at(i) for s in sets for i in range(s.count())), default=0.0)
    axis_y = QValueAxis()
    _small(axis_y)
    axis_y.setRange(0, max(1.0, top * 1.1))
    axis_y.setLabelFormat("%d")
    axis_y.setTickCount(5)
    axis_y.applyNiceNumbers()
    axis_y.setTitleText(title_y)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)


def _bar_set(name: str, values: list[float], colour: QColor) -> QBarSet:
    bar_set = QBarSet(name)
    bar_set.append(values)
    bar_set.setColor(colour)
    bar_set.setBorderColor(colour)
    return bar_set


def wait_by_hour_chart(stats: StatisticsOut) -> QChart:
    chart = _base_chart(QCoreApplication.translate("StatisticsCharts", "分时段等候（分钟）"))
    hours = stats.wait_by_hour
    labels = [f"{h.hour}" for h in hours]
    mean = _bar_set(
        QCoreApplication.translate("StatisticsCharts", "平均"),
        [(h.wait_mean_s or 0) / 60 for h in hours],
        BLUE,
    )
    p90 = _bar_set("P90", [(h.wait_p90_s or 0) / 60 for h in hours], ORANGE)
    _bars(chart, labels, [mean, p90], QCoreApplication.translate("StatisticsCharts", "分钟"))
    return chart


def window_load_chart(stats: StatisticsOut) -> QChart:
    chart = _base_chart(QCoreApplication.translate("StatisticsCharts", "窗口负荷（办结号票）"))
    windows = stats.load_by_window
    served = _bar_set(
        QCoreApplication.translate("StatisticsCharts", "办结"),
        [float(w.served) for w in windows],
        BLUE,
    )
    _bars(
        chart,
        [str(w.window_no) for w in windows],
        [served],
        QCoreApplication.translate("StatisticsCharts", "张"),
    )
    chart.legend().hide()
    return chart


def _line(name: str, colour: QColor, points: list[tuple[float, float]]) -> QLineSeries:
    line = QLineSeries()
    line.setName(name)
    line.setColor(colour)
    line.setPointsVisible(len(points) < 40)
    for x, y in points:
        line.append(x, y)
    return line


def _value_axis(
    chart: QChart, low: float, high: float, fmt: str, side: Qt.AlignmentFlag
) -> QValueAxis:
    axis = QValueAxis()
    _small(axis)
    axis.setRange(low, high)
    axis.setTickCount(5)
    axis.setLabelFormat(fmt)
    chart.addAxis(axis, side)
    return axis


def ratings_chart(stats: StatisticsOut) -> QChart:
    """差评 per day (left axis) and the satisfaction rate (right axis, 0-100 %) over a date
    axis: its labels stay readable however many days the range has."""
    days = stats.ratings_by_day
    chart = _base_chart(QCoreApplication.translate("StatisticsCharts", "每日评价"))
    moments = [
        float(
            QDateTime(QDate(d.day.year, d.day.month, d.day.day), QTime(12, 0)).toMSecsSinceEpoch()
        )
        for d in days
    ]
    bad = _line(
        QCoreApplication.translate("StatisticsCharts", "差评(条)"),
        ORANGE,
        [(x, float(d.bad)) for x, d in zip(moments, days, strict=True)],
    )
    rate = _line(
        QCoreApplication.translate("StatisticsCharts", "满意率(%)"),
        BLUE,
        [
            (x, d.satisfaction_rate * 100)
            for x, d in zip(moments, days, strict=True)
            if d.satisfaction_rate is not None
        ],
    )
    chart.addSeries(bad)
    chart.addSeries(rate)
    axis_x = QDateTimeAxis()
    _small(axis_x)
    axis_x.setFormat("MM-dd")
    axis_x.setTickCount(min(6, max(2, len(days))))
    if moments:
        axis_x.setRange(
            QDateTime.fromMSecsSinceEpoch(int(moments[0])),
            QDateTime.fromMSecsSinceEpoch(int(moments[-1])),
        )
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    top = max((d.bad for d in days), default=0)
    axis_bad = _value_axis(chart, 0, max(4, top + 1), "%d", Qt.AlignmentFlag.AlignLeft)
    axis_rate = _value_axis(chart, 0, 100, "%d%%", Qt.AlignmentFlag.AlignRight)
    for series, axis in ((bad, axis_bad), (rate, axis_rate)):
        series.attachAxis(axis_x)
        series.attachAxis(axis)
    return chart


def chart_view(name: str, parent: QWidget) -> QChartView:
    view = QChartView(parent)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(200)
    return view

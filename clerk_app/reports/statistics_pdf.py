"""The statistics as a PDF report (reportlab): the hall's name and the period, the three
charts (wait by hour of day, load per window, ratings per day) and the tables, landscape A4.
The charts are drawn by reportlab from the same series the 统计 tab charts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from clerk_app.contract.statistics import StatisticsOut
from clerk_app.printing.fonts import register_cjk_font
from clerk_app.reports.columns import TABLES, Table, period_text, visible_columns

PAGE = landscape(A4)
WIDTH = PAGE[0] - 30 * mm
BLUE = colors.HexColor("#2f6db5")
ORANGE = colors.HexColor("#e08a1e")
MAX_TABLE_ROWS = 400  # a day-by-window table of a month; longer ones go to the workbook


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=18, leading=24),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=11, leading=16),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=13, leading=18, spaceBefore=6),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=7, leading=9),
        "note": ParagraphStyle("note", fontName=font, fontSize=8, leading=11),
    }


def _bar_chart(
    font: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], colors.Color]],
    height: float = 50 * mm,
) -> Drawing:
    drawing = Drawing(WIDTH, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 34
    chart.width, chart.height = int(WIDTH - 150), int(height - 56)
    chart.data = [list(values) or [0] for _, values, _ in series]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6 if len(labels) > 40 else 7
    if len(labels) > 40:
        _upright(chart)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.barSpacing = 1
    for index, (_, _, colour) in enumerate(series):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    drawing.add(_legend(font, [(name, colour) for name, _, colour in series], height))
    drawing.add(String(36, height - 12, title, fontName=font, fontSize=10))
    return drawing


def _upright(chart: VerticalBarChart | HorizontalLineChart) -> None:
    """Category labels turned upright, their end at the axis (many windows or days)."""
    labels = chart.categoryAxis.labels
    labels.angle, labels.boxAnchor, labels.dy, labels.dx = 90, "e", -3, 0


def _legend(font: str, entries: Sequence[tuple[str, colors.Color]], height: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = int(WIDTH - 105), int(height - 20)
    legend.fontName, legend.fontSize = font, 8
    legend.colorNamePairs = [(colour, name) for name, colour in entries]
    return legend


def _rating_chart(font: str, stats: StatisticsOut) -> Drawing:
    height = 50 * mm
    drawing = Drawing(WIDTH, height)
    days = stats.ratings_by_day
    chart = HorizontalLineChart()
    chart.x, chart.y = 36, 34
    chart.width, chart.height = int(WIDTH - 150), int(height - 56)
    rates = [(d.satisfaction_rate or 0) * 100 for d in days]
    chart.data = [rates or [0], [float(d.bad) for d in days] or [0]]
    chart.categoryAxis.categoryNames = [d.day.strftime("%m-%d") for d in days] or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6
    if len(days) > 20:
        _upright(chart)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.lines[0].strokeColor, chart.lines[0].strokeWidth = BLUE, 1.5
    chart.lines[1].strokeColor, chart.lines[1].strokeWidth = ORANGE, 1.5
    drawing.add(chart)
    drawing.add(_legend(font, [("满意率(%)", BLUE), ("差评(条)", ORANGE)], height))
    drawing.add(String(36, height - 12, "每日评价：满意率与差评", fontName=font, fontSize=10))
    return drawing


def charts(font: str, stats: StatisticsOut) -> list[Drawing]:
    hours = stats.wait_by_hour
    windows = stats.load_by_window
    return [
        _bar_chart(
            font,
            "分时段等候（按取号时刻，分钟）",
            [f"{h.hour}时" for h in hours],
            [
                ("平均等候", [(h.wait_mean_s or 0) / 60 for h in hours], BLUE),
                ("P90等候", [(h.wait_p90_s or 0) / 60 for h in hours], ORANGE),
            ],
        ),
        _bar_chart(
            font,
            "窗口负荷（办结号票数）",
            [str(w.window_no) for w in windows],
            [("办结", [float(w.served) for w in windows], BLUE)],
        ),
        _rating_chart(font, stats),
    ]


def _table(table: Table, stats: StatisticsOut, styles: dict[str, ParagraphStyle]) -> Flowable:
    columns = visible_columns(table, stats)
    rows = list(table.rows(stats))[:MAX_TABLE_ROWS]
    cell = styles["cell"]
    data = [[Paragraph(c.header, cell) for c in columns]]
    data += [[Paragraph(c.text(r), cell) for c in columns] for r in rows]
    wide = {"group_label": 3.0, "material_name": 5.0, "window_label": 2.0, "period_start": 1.6}
    wide["day"] = 1.6
    weights = [wide.get(c.field, 1.0) for c in columns]
    unit = min(WIDTH / sum(weights), 60 * mm)
    grid = PdfTable(data, colWidths=[w * unit for w in weights], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return grid


def write_pdf(stats: StatisticsOut, path: Path, made_at: datetime) -> Path:
    font = register_cjk_font()
    styles = _styles(font)
    story: list[Flowable] = [
        Paragraph(f"{stats.hall_name} 统计报表", styles["title"]),
        Paragraph(f"统计期间：{period_text(stats)}", styles["sub"]),
        Paragraph(f"生成时间：{made_at.strftime('%Y-%m-%d %H:%M')}", styles["note"]),
        Spacer(1, 4 * mm),
    ]
    story += [KeepTogether([d, Spacer(1, 2 * mm)]) for d in charts(font, stats)]
    story.append(
        Paragraph(
            "时长单位为分钟；等候为取号至叫号办理，办理为叫号至办结；满意率 = 基本满意及以上"
            " ÷ 评价数；差评为不满意、非常不满意。",
            styles["note"],
        )
    )
    for table in TABLES:
        story += [CondPageBreak(50 * mm), Paragraph(table.title, styles["h2"]), Spacer(1, 2 * mm)]
        shown = len(table.rows(stats))
        if not shown:
            story.append(Paragraph("本期无记录。", styles["note"]))
            continue
        story.append(_table(table, stats, styles))
        if shown > MAX_TABLE_ROWS:
            cut = f"共{shown}行，此处列出前{MAX_TABLE_ROWS}行；全部见Excel。"
            story.append(Paragraph(cut, styles["note"]))
    doc = SimpleDocTemplate(
        str(path),
        pagesize=PAGE,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"{stats.hall_name} 统计报表 {stats.start.isoformat()}—{stats.end.isoformat()}",
    )
    doc.build(story)
    return path

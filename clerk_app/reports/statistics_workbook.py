"""The statistics as an Excel workbook (openpyxl): a cover sheet, then one sheet per table
with real numbers, rates and dates (number formats, not text), and a 合计 row under the
count columns of the grouped tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from clerk_app.contract.statistics import StatisticsOut
from clerk_app.reports.columns import (
    TABLES,
    Column,
    Kind,
    Table,
    period_text,
    visible_columns,
)

FORMATS = {
    Kind.DATE: "yyyy-mm-dd",
    Kind.MINUTES: "0.0",
    Kind.RATE: "0.0%",
    Kind.COUNT: "0",
}
TOTAL_TABLES = frozenset({"tickets", "cases", "ratings", "prechecks"})
TOTAL_LABEL = "合计"


def _cover(sheet: Worksheet, stats: StatisticsOut, made_at: datetime) -> None:
    sheet.title = "说明"
    sheet.append(["大厅", stats.hall_name])
    sheet.append(["大厅编码", stats.hall_code])
    sheet.append(["统计期间", period_text(stats)])
    sheet.append(["开始日期", stats.start])
    sheet.append(["结束日期", stats.end])
    sheet.append(["生成时间", made_at.replace(tzinfo=None)])
    sheet["B4"].number_format = sheet["B5"].number_format = "yyyy-mm-dd"
    sheet["B6"].number_format = "yyyy-mm-dd hh:mm"
    sheet.append([])
    sheet.append(["时长单位为分钟；满意率 = 基本满意及以上 ÷ 评价数；差评为不满意、非常不满意。"])
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 48


def _sheet(book: Workbook, table: Table, stats: StatisticsOut) -> None:
    sheet = book.create_sheet(table.title)
    columns = visible_columns(table, stats)
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    rows = table.rows(stats)
    for row in rows:
        sheet.append([c.value(row) for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        width = max(len(column.header) * 2 + 2, 10)
        if column.kind is Kind.TEXT:
            width = max([width, *(len(str(column.value(r))) * 2 + 2 for r in rows)])
        sheet.column_dimensions[letter].width = min(width, 60)
        fmt = FORMATS.get(column.kind)
        if fmt:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = fmt
    if table.key in TOTAL_TABLES and rows:
        _totals(sheet, columns, rows)
    sheet.freeze_panes = "A2"


def _totals(sheet: Worksheet, columns: tuple[Column, ...], rows: Sequence[BaseModel]) -> None:
    """A 合计 row under the count columns: the sum of the rows above, as numbers."""
    cells: list[object] = [TOTAL_LABEL]
    for column in columns[1:]:
        if column.kind is Kind.COUNT:
            cells.append(sum(int(column.value(r) or 0) for r in rows))
        else:
            cells.append(None)
    sheet.append(cells)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def write_workbook(stats: StatisticsOut, path: Path, made_at: datetime) -> Path:
    book = Workbook()
    active = book.active
    assert active is not None
    _cover(active, stats, made_at)
    for table in TABLES:
        _sheet(book, table, stats)
    book.save(path)
    return path

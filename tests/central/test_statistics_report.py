"""``clerk-central report``: the month's workbook read back with openpyxl (real numbers and
dates, totals equal to the generated rows), and the PDF (hall, period, charts, tables)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pypdf
import pytest

from clerk_app.central.cli import main
from tests.central.test_statistics import StatsData, data  # noqa: F401  (the fixture)

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def _in_november(day: date) -> bool:
    return NOVEMBER[0] <= day <= NOVEMBER[1]


def _report(stats: StatsData, out: Path) -> int:
    """`clerk-central report` of November 2026 for the demo hall into ``out``."""
    args = ["report", "--db", stats.central.url, "--hall", "HS01", "--month", "2026-11"]
    return main([*args, "--out", str(out)])


def test_workbook_has_real_numbers_dates_and_totals(data: StatsData, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "hs01-2026-11.xlsx"
    assert _report(data, out) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:4] == ["说明", "叫号", "办件", "好差评"]
    cover = book["说明"]
    assert cover["B1"].value == "黄石市民之家"
    assert isinstance(cover["B4"].value, datetime) and cover["B4"].value.date() == NOVEMBER[0]
    tickets = book["叫号"]
    header = [c.value for c in tickets[1]]
    assert header[:5] == ["期间起", "分组", "取号", "办结", "过号"]
    body = list(tickets.iter_rows(min_row=2, values_only=True))
    total = body[-1]
    rows = body[:-1]
    assert total[0] == "合计"
    assert all(isinstance(r[0], datetime) for r in rows)  # week starts, as dates
    assert all(isinstance(r[2], int) and isinstance(r[3], int) for r in rows)
    assert all(r[5] is None or isinstance(r[5], float) for r in rows)  # minutes
    assert tickets.cell(row=2, column=1).number_format == "yyyy-mm-dd"
    issued = sum(_in_november(t["service_date"]) for t in data.tickets)
    served = sum(
        _in_november(t["service_date"]) and t["status"] == "finished" for t in data.tickets
    )
    assert total[2] == sum(r[2] for r in rows) == issued
    assert total[3] == served
    ratings = book["好差评"]
    rate_cell = ratings.cell(row=2, column=5)
    assert isinstance(rate_cell.value, float) and 0 <= rate_cell.value <= 1
    assert rate_cell.number_format == "0.0%"
    windows = book["窗口负荷"]
    served_by_window = [r[2] for r in windows.iter_rows(min_row=2, values_only=True)]
    assert sum(served_by_window) == served


def test_pdf_report_names_the_hall_and_period(data: StatsData, tmp_path: Path) -> None:  # noqa: F811
    out = tmp_path / "hs01-2026-11.pdf"
    assert _report(data, out) == 0
    reader = pypdf.PdfReader(out)
    first = reader.pages[0].extract_text()
    assert "黄石市民之家" in first and "2026-11-01 至 2026-11-30" in first
    assert "分时段等候" in first
    text = "".join(page.extract_text() for page in reader.pages)
    assert "叫号" in text and "办件" in text and "好差评" in text and "常缺材料" in text


@pytest.mark.parametrize(
    ("month", "out", "message"),
    [("2026-13", "x.xlsx", "YYYY-MM"), ("2026-11", "x.csv", ".xlsx或.pdf")],
)
def test_report_refuses_a_bad_month_or_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], month: str, out: str, message: str
) -> None:
    code = main(
        [
            "report",
            "--db",
            f"sqlite:///{tmp_path / 'c.db'}",
            "--hall",
            "HS01",
            "--month",
            month,
            "--out",
            str(tmp_path / out),
        ]
    )
    assert code == 2 and message in capsys.readouterr().err

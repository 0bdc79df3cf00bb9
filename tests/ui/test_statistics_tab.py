"""The supervisor's 统计 tab against the real central server (embedded, SQLite, demo hall)
with generated tickets and ratings: the query runs off the GUI thread, the tables and the
three charts follow the filters, a backwards range is refused, the Excel export writes what
is shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCharts import QBarSeries, QLineSeries
from PySide6.QtCore import Qt, QThread
from sqlalchemy import insert, select

from clerk_app.central.db import make_engine
from clerk_app.central.models import Hall, Queue, Window
from clerk_app.central.queue_models import Rating, Ticket
from clerk_app.contract.statistics import Grouping, Period, StatisticsOut
from clerk_app.sync.client import CentralClient
from clerk_app.sync.queue_client import QueueClient
from clerk_app.ui.statistics.page import StatisticsPage
from tests.stats_data import HallShape, ratings, tickets, working_days
from tests.ui.conftest import DEMO_PASSWORD

FIRST = date(2026, 11, 2)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("statistics_tab") / "central.sqlite3"
    url = f"sqlite:///{db}"
    running = start_embedded(url, init_demo=True)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            hall_id = conn.scalar(select(Hall.id).where(Hall.code == "HS01"))
            queues = conn.execute(select(Queue.id, Queue.prefix).where(Queue.hall_id == hall_id))
            windows = conn.execute(
                select(Window.id, Window.number).where(Window.hall_id == hall_id).limit(6)
            ).all()
            shape = HallShape(
                int(hall_id or 0),
                [(q.id, q.prefix) for q in queues],
                [(w.id, w.number) for w in windows],
                [f"clerk{w.number:02d}" for w in windows],
            )
            rows = list(tickets(shape, working_days(FIRST, 10), per_window=8, seed=3))
            conn.execute(insert(Ticket), rows)
            conn.execute(insert(Rating), list(ratings(shape, rows, share=0.6, seed=4)))
        yield running, rows
    finally:
        engine.dispose()
        running.stop()


class ThreadNoting:
    """The page's source: the real client, noting the thread each request ran on."""

    def __init__(self, base_url: str) -> None:
        central = CentralClient(base_url, timeout=10.0)
        central.login("supervisor01", DEMO_PASSWORD, None)
        self.client = QueueClient(central, hall="HS01")
        self.threads: list[Any] = []

    def statistics(
        self, start: date, end: date, period: Period, grouping: Grouping
    ) -> StatisticsOut:
        self.threads.append(QThread.currentThread())
        return self.client.statistics(start, end, period, grouping)


@pytest.fixture
def page(
    qtbot: Any, server: tuple[Any, list[dict[str, Any]]]
) -> tuple[StatisticsPage, ThreadNoting]:
    source = ThreadNoting(server[0].base_url)
    widget = StatisticsPage(source, today=lambda: date(2026, 11, 30))
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    return widget, source


def _query(qtbot: Any, page: StatisticsPage, period: Period, grouping: Grouping) -> StatisticsOut:
    page.period_combo.setCurrentIndex(list(Period).index(period))
    page.grouping_combo.setCurrentIndex(list(Grouping).index(grouping))
    answers: list[object] = []
    page.loaded.connect(answers.append)
    page.failed.connect(answers.append)
    page.query_button.click()
    qtbot.waitUntil(lambda: bool(answers), timeout=20_000)
    page.loaded.disconnect(answers.append)
    page.failed.disconnect(answers.append)
    stats = answers[0]
    assert isinstance(stats, StatisticsOut), stats
    return stats


def test_query_fills_tables_and_charts_off_the_gui_thread(
    qtbot: Any,
    qtmodeltester: Any,
    page: tuple[StatisticsPage, ThreadNoting],
    server: tuple[Any, list[dict[str, Any]]],
) -> None:
    widget, source = page
    stats = _query(qtbot, widget, Period.WEEK, Grouping.WINDOW)
    assert source.threads and all(t is not widget.thread() for t in source.threads)
    issued = len(server[1])
    model = widget.models["tickets"]
    issued_column = next(i for i in range(model.columnCount()) if model.headerData(i, _H) == "取号")
    shown = sum(int(model.index(r, issued_column).data()) for r in range(model.rowCount()))
    assert shown == issued == sum(r.issued for r in stats.tickets)
    assert model.headerData(0, _H) == "期间起" and model.index(0, 0).data() == "2026-11-02"
    for checked in widget.models.values():
        qtmodeltester.check(checked)
    hours = widget.hour_chart.chart()
    assert any(isinstance(s, QBarSeries) for s in hours.series())
    bars = next(s for s in widget.window_chart.chart().series() if isinstance(s, QBarSeries))
    assert sum(bars.barSets()[0].at(i) for i in range(bars.barSets()[0].count())) == sum(
        t["status"] == "finished" for t in server[1]
    )
    assert any(isinstance(s, QLineSeries) for s in widget.rating_chart.chart().series())
    # the same filters with a total per queue: the tables follow
    total = _query(qtbot, widget, Period.ALL, Grouping.QUEUE)
    assert model.headerData(0, _H) == "分组"
    assert {model.index(r, 0).data() for r in range(model.rowCount())} == {
        r.group_label for r in total.tickets
    }


def test_backwards_range_is_refused_without_asking(
    qtbot: Any, page: tuple[StatisticsPage, ThreadNoting]
) -> None:
    widget, source = page
    widget.start_edit.setDate(widget.end_edit.date().addDays(1))
    with qtbot.waitSignal(widget.failed, timeout=2000):
        widget.query_button.click()
    assert source.threads == [] and "结束日期" in widget.status.text()


def test_excel_export_writes_the_shown_figures(
    qtbot: Any,
    page: tuple[StatisticsPage, ThreadNoting],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    widget, _ = page
    assert not widget.excel_button.isEnabled()
    stats = _query(qtbot, widget, Period.DAY, Grouping.NONE)
    target = tmp_path / "stats"
    monkeypatch.setattr(StatisticsPage, "ask_path", classmethod(lambda cls, p, s, x: str(target)))
    with qtbot.waitSignal(widget.exported, timeout=20_000) as blocker:
        widget.excel_button.click()
    written = Path(blocker.args[0])
    assert written.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(written)["叫号"]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert values[-1][0] == "合计" and values[-1][2] == sum(r.issued for r in stats.tickets)
    assert widget.status.text().startswith("已导出")


_H = Qt.Orientation.Horizontal

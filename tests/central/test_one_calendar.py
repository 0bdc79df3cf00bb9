"""One calendar (issue 13): the server sends its override rows with the hall configuration and
the counter counts with them, so the same input gives the same date on both."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clerk_app.central import cli
from clerk_app.central.services.calendar import current_calendar
from clerk_app.contract.halls import HallOut
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.ui.app import load_calendar
from tests.central.conftest import Central


def test_the_counter_counts_with_the_servers_rows(central: Central) -> None:
    response = central.client.get("/api/v1/halls/HS01", headers=central.login("clerk01"))
    assert response.status_code == 200, response.text
    config = HallOut.model_validate(response.json())
    assert config.workday_overrides is not None
    rows = {row.day: row.working for row in config.workday_overrides}
    assert rows == current_calendar().overrides
    assert rows[date(2027, 1, 1)] is False  # 元旦 2027, from the hall's table
    counter = load_calendar(config)
    server = current_calendar()
    for start in (date(2026, 12, 31), date(2027, 2, 4), date(2027, 9, 30)):
        for n in (1, 5, 20):
            assert counter.add_working_days(start, n) == server.add_working_days(start, n)
    assert counter.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_a_server_without_rows_leaves_the_counter_its_shipped_table() -> None:
    config = HallOut.model_validate(
        {
            "hall": {
                "code": "HS01",
                "name": "黄石市民之家",
                "address": "",
                "phone": "",
                "public_progress_url": "",
            },
            "zones": [],
            "queues": [],
            "windows": [],
            "staff": [],
        }
    )
    assert config.workday_overrides is None
    assert load_calendar(config).overrides == load_calendar().overrides
    served_empty = config.model_copy(update={"workday_overrides": []})
    assert load_calendar(served_empty) == WorkdayCalendar()


def test_the_admin_sees_which_years_need_rows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert cli.main(["calendar", "years", "--from", "2026", "--to", "2028"]) == 0
    out = capsys.readouterr().out
    assert "2026年：已发布（chinesecalendar）" in out
    assert "2027年：按大厅覆盖表13行（休息日13天，调休上班0天）" in out  # the shipped table
    assert "2028年：未发布" in out and "需要补录的年份：2028" in out
    assert cli.main(["calendar", "years", "--from", "2028", "--to", "2028", "--check"]) == 1
    assert cli.main(["calendar", "years", "--from", "2026", "--to", "2027", "--check"]) == 0
    capsys.readouterr()
    table = tmp_path / "overrides.csv"
    table.write_text("date,working,reason\n2028-01-01,0,元旦\n", encoding="utf-8")
    monkeypatch.setenv("CLERK_CENTRAL_WORKDAY_OVERRIDES", str(table))
    assert cli.main(["calendar", "years", "--from", "2028", "--to", "2028", "--check"]) == 0
    assert "2028年：按大厅覆盖表1行（休息日1天，调休上班0天）" in capsys.readouterr().out
    table.write_text("date,working,reason\n2028-02-30,0,坏行\n", encoding="utf-8")
    assert cli.main(["calendar", "years"]) == 2
    assert "第2行" in capsys.readouterr().out

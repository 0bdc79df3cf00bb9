"""The screens use the hall's date (China time), not the PC's: with the PC a day behind the hall
(``hall_day_ahead_of_pc``), 案件查询's dates, the deadline colours, the decision's dates and the
scanner folder's taken/ day all follow the hall."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clerk_app.domain.catalog import Bundle, Item
from clerk_app.ui import case_list, delivery_bundle, ready_list
from clerk_app.ui.acceptance.decision import DecisionPanel
from clerk_app.ui.case_list import CaseSummaryModel
from clerk_app.ui.delivery_bundle import BundleCasesModel
from clerk_app.ui.history import HistoryPage
from clerk_app.ui.ready_list import ReadyListPage
from tests.ui.conftest import APPLICANTS
from tests.ui.test_capture_sources import Clock, _folder_source, _jpeg, _scan, _start
from tests.ui.test_delivery import ready_case


def _spy_today(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, at: int) -> list[date]:
    """Record the ``today`` each call of ``module.name`` gets (positional argument ``at``)."""
    seen: list[date] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(args[at])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def _a_promised_item(demo_catalog: tuple[str, list[Item], list[Bundle]]) -> Item:
    _version, items, _bundles = demo_catalog
    return next(i for i in items if not i.scenarios and not i.withdrawn)


def test_case_search_dates_run_to_the_halls_today(
    qtbot: Any, context: Any, hall_day_ahead_of_pc: date
) -> None:
    page = HistoryPage(context)
    qtbot.addWidget(page)
    assert page.date_to.date().toPython() == hall_day_ahead_of_pc
    assert page.date_from.date().toPython() == hall_day_ahead_of_pc.replace(day=1)


def test_ready_list_deadlines_are_for_the_halls_today(
    qtbot: Any,
    context: Any,
    demo_catalog: tuple[str, list[Item], list[Bundle]],
    hall_day_ahead_of_pc: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = ready_case(context, _a_promised_item(demo_catalog), APPLICANTS[1])
    seen = _spy_today(monkeypatch, ready_list, "ready_row", 1)
    page = ReadyListPage(context)
    qtbot.addWidget(page)
    page.refresh()
    listed = len(seen)
    page._notify(case.number)  # 通知领取 checks the result is still ready on the hall's day
    assert 0 < listed < len(seen) and set(seen) == {hall_day_ahead_of_pc}


def test_bundle_handout_gap_colours_are_for_the_halls_today(
    context: Any,
    demo_catalog: tuple[str, list[Item], list[Bundle]],
    hall_day_ahead_of_pc: date,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = ready_case(context, _a_promised_item(demo_catalog), APPLICANTS[1])
    seen = _spy_today(monkeypatch, delivery_bundle, "gap_deadline_level", 1)
    model = BundleCasesModel(context.calendar)
    model.set_rows([case])
    model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole)
    assert seen == [hall_day_ahead_of_pc]


def test_case_list_deadlines_are_for_the_halls_today(
    saved_cases: Any, context: Any, hall_day_ahead_of_pc: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _spy_today(monkeypatch, case_list, "case_deadline_level", 2)
    model = CaseSummaryModel(calendar=context.calendar)
    model.set_rows(context.store.cases.search())
    assert seen and set(seen) == {hall_day_ahead_of_pc}


def test_decision_dates_start_on_the_halls_today(
    qtbot: Any, context: Any, hall_day_ahead_of_pc: date
) -> None:
    panel = DecisionPanel(context)
    qtbot.addWidget(panel)
    # without an item the commitment deadline may not pass today
    assert panel.deadline_edit.maximumDate().toPython() == hall_day_ahead_of_pc
    panel.set_subject([], date(2020, 1, 2))
    panel.clear()
    assert panel.deadline_edit.maximumDate().toPython() == hall_day_ahead_of_pc


def test_a_scanned_page_is_filed_under_the_halls_day(
    qtbot: Any, tmp_path: Path, hall_day_ahead_of_pc: date
) -> None:
    clock = Clock()
    source, got = _folder_source(tmp_path, clock)
    _start(qtbot, source)
    (tmp_path / "scan001.jpg").write_bytes(_jpeg())
    _scan(qtbot, source)
    clock.now += 2
    _scan(qtbot, source)
    assert len(got.pages) == 1 and got.failures == []
    assert (tmp_path / "taken" / f"{hall_day_ahead_of_pc:%Y-%m-%d}" / "scan001.jpg").exists()

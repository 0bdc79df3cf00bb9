"""案件查询: search filters, the models, the scanner shortcut, case detail and its timeline."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from clerk_app.domain.cases import Case, CaseEvent, CaseStatus
from clerk_app.domain.hall_time import hall_today
from clerk_app.ui.history import (
    CaseDetailDialog,
    CaseEventModel,
    CaseSummaryModel,
    HistoryPage,
    PrintLogModel,
)
from tests.ui.conftest import APPLICANTS, type_chinese


def _numbers(page: HistoryPage) -> list[str]:
    return [row.number for row in page.model.rows]


def test_models_pass_qabstractitemmodeltester(
    qtmodeltester: Any, context: Any, saved_cases: list[Case]
) -> None:
    summaries = CaseSummaryModel()
    summaries.set_rows(context.store.cases.search())
    qtmodeltester.check(summaries)
    events = CaseEventModel()
    events.set_rows(list(saved_cases[0].events))
    qtmodeltester.check(events)
    log = PrintLogModel()
    log.set_rows(
        [
            context.store.prints.record(
                saved_cases[0].number, "acceptance_notice", "clerk01", datetime.now().astimezone()
            )
        ]
    )
    qtmodeltester.check(log)


def test_summary_model_columns_and_overdue_colour(context: Any, saved_cases: list[Case]) -> None:
    model = CaseSummaryModel(working_days_left=lambda promised: (promised - hall_today()).days)
    rows = context.store.cases.search()
    model.set_rows(rows)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "案件编号",
        "申请人",
        "证件",
        "事项",
        "实施部门",
        "状态",
        "受理时间",
        "承诺办结",
    ]
    old = next(i for i, r in enumerate(rows) if r.applicant_name == APPLICANTS[2].name)
    # The ID is masked in the table, never shown whole.
    id_text = model.data(model.index(old, 2))
    assert APPLICANTS[2].id_number not in id_text and "*" in id_text
    assert model.data(model.index(old, model.STATUS_COLUMN)) == "已受理"
    assert model.data(model.index(old, model.DEPARTMENT_COLUMN)) == rows[old].department != ""
    # Promised 10 days after a receipt 40 days ago: overdue, shown red.
    brush = model.data(model.index(old, 0), Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().name() == "#a3140d"
    fresh = next(i for i, r in enumerate(rows) if r.applicant_name == APPLICANTS[0].name)
    assert model.data(model.index(fresh, 0), Qt.ItemDataRole.ForegroundRole) is None


def test_search_filters(qtbot: Any, context: Any, saved_cases: list[Case]) -> None:
    page = HistoryPage(context)
    qtbot.addWidget(page)
    assert sorted(_numbers(page)) == sorted(c.number for c in saved_cases)

    # Text: applicant name, ID number, item name, case number.
    type_chinese(page.search, "刘芳")
    qtbot.waitUntil(lambda: _numbers(page) == [saved_cases[1].number])
    page.search.clear()
    qtbot.keyClicks(page.search, APPLICANTS[0].id_number[-6:])
    qtbot.waitUntil(lambda: _numbers(page) == [saved_cases[0].number])
    page.search.setText(saved_cases[2].item.name)
    page.run_search()
    assert saved_cases[2].number in _numbers(page)
    page.search.clear()
    page.run_search()

    # This window only.
    page.window_only.setChecked(True)
    assert sorted(_numbers(page)) == sorted(c.number for c in saved_cases[:2])
    page.window_only.setChecked(False)

    # Date range: only the case of 40 days ago.
    old_day = saved_cases[2].received_at
    assert old_day is not None
    page.date_from.setDate(QDate(old_day.year, old_day.month, old_day.day))
    page.date_to.setDate(QDate(old_day.year, old_day.month, old_day.day))
    page.date_check.setChecked(True)
    assert _numbers(page) == [saved_cases[2].number]
    page.date_check.setChecked(False)

    # Status.
    page.status_combo.setCurrentIndex(page.status_combo.findData(CaseStatus.REFUSED.value))
    assert _numbers(page) == []
    assert page.count_label.text() == "共 0 件"
    page.status_combo.setCurrentIndex(page.status_combo.findData(CaseStatus.ACCEPTED.value))
    assert len(_numbers(page)) == 3


def test_scanned_case_number_opens_the_case(
    qtbot: Any, context: Any, saved_cases: list[Case]
) -> None:
    page = HistoryPage(context)
    qtbot.addWidget(page)
    page.show()
    opened: list[CaseDetailDialog] = []
    page.caseOpened.connect(opened.append)
    # A scanner types the number fast and ends with Enter; lower case must work too.
    qtbot.keyClicks(page.search, saved_cases[1].number.lower())
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert len(opened) == 1
    assert opened[0].case.number == saved_cases[1].number
    opened[0].close()

    # An unknown but well-formed number says so instead of opening anything.
    page.search.clear()
    qtbot.keyClicks(page.search, "HS01-09-20200101-0001")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert len(opened) == 1
    assert "本机没有案件 HS01-09-20200101-0001" in page.message.text()


def test_enter_in_table_opens_detail(qtbot: Any, context: Any, saved_cases: list[Case]) -> None:
    page = HistoryPage(context)
    qtbot.addWidget(page)
    page.show()
    opened: list[CaseDetailDialog] = []
    page.caseOpened.connect(opened.append)
    page.search.setText("陈晓东")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # not a case number: search, go to the table
    assert _numbers(page) == [saved_cases[0].number]
    qtbot.waitUntil(lambda: page.table.hasFocus())
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(opened) == 1)
    assert opened[0].case.number == saved_cases[0].number


def test_detail_shows_timeline_and_print_log(
    qtbot: Any, context: Any, saved_cases: list[Case]
) -> None:
    store = context.store
    case = saved_cases[0]
    later = datetime.now().astimezone() + timedelta(minutes=5)
    store.cases.update(
        case,
        CaseEvent(later, "clerk01", "1", "status", CaseStatus.ACCEPTED, "材料齐全，予以受理"),
    )
    store.prints.record(case.number, "acceptance_notice", "clerk01", later + timedelta(minutes=1))
    store.prints.record(case.number, "acceptance_notice", "clerk05", later + timedelta(minutes=9))
    stored = store.cases.get(case.number)
    assert stored is not None

    dialog = CaseDetailDialog(context, stored)
    qtbot.addWidget(dialog)
    events = dialog.events_model
    actions = [events.data(events.index(r, 3)) for r in range(events.rowCount())]
    assert actions[0] == "受理登记"
    assert "打印文书" in actions
    details = [events.data(events.index(r, 5)) for r in range(events.rowCount())]
    assert "材料齐全，予以受理" in details
    # Who, when, which window.
    assert events.data(events.index(0, 1)) == "clerk01"
    assert events.data(events.index(0, 2)) == "1"
    times = [events.row_at(r).at for r in range(events.rowCount())]
    assert times == sorted(times)

    log = dialog.prints_model
    assert log.rowCount() == 2
    assert [log.data(log.index(r, 3)) for r in range(2)] == ["首次打印", "补打"]
    assert log.data(log.index(1, 1)) == "clerk05"
    assert log.data(log.index(0, 0)) == "受理通知书"
    # The acceptance notice was printed: its button offers a reprint.
    assert dialog.print_buttons["acceptance_notice"].text() == "补打受理通知书"
    summary = " ".join(label.text() for label in dialog.summary.findChildren(QLabel))
    assert case.applicant.name in summary and case.number in summary
    assert case.applicant.id_number not in summary  # masked on screen too

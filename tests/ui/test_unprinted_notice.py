"""Issue 9 point 4: a one-time notice or a refusal closed unprinted warns, flags the case
"通知书未打印" (stored, in the outbox, shown in 案件查询 with the reprint), and printing it
clears the flag."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clerk_app.domain.cases import Case, CaseStatus, Decision, DecisionKind, MaterialState
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.printing import DocType
from clerk_app.ui.history import CaseDetailDialog, HistoryPage
from clerk_app.ui.print_preview import PrintPreviewDialog, UnprintedNoticeWarning, open_preview
from tests.ui.conftest import APPLICANTS, make_case
from tests.ui.test_print import pdf_printer


def save_refused(context: Any, item: Item, applicant: Any) -> Case:
    case = make_case(item, applicant, status=CaseStatus.REFUSED)
    case = replace(
        case,
        decision=Decision(DecisionKind.REFUSE, reason="不属于本机关职权范围"),
        promised_date=None,
        checks=tuple(replace(c, state=MaterialState.MISSING) for c in case.checks),
    )
    saved: Case = context.store.cases.save_new(case)
    return saved


@pytest.fixture
def refused(context: Any, demo_catalog: tuple[str, list[Item], list[Bundle]]) -> Case:
    item = next(i for i in demo_catalog[1] if not i.scenarios and not i.withdrawn)
    return save_refused(context, item, APPLICANTS[0])


def show_preview(qtbot: QtBot, context: Any, case: Case, doc: DocType, runner: Any) -> Any:
    dialog = open_preview(context, case, doc, runner=runner)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=30_000):
        dialog.show()
    return dialog


def test_closing_an_unprinted_refusal_warns_and_flags_the_case(
    qtbot: QtBot,
    context: Any,
    refused: Case,
    runner: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    store = context.store
    answers = [False, True]
    asked: list[str] = []

    def ask(_parent: Any, label: str) -> bool:
        asked.append(label)
        return answers.pop(0)

    monkeypatch.setattr(UnprintedNoticeWarning, "ask", classmethod(lambda cls, p, la: ask(p, la)))
    preview = show_preview(qtbot, context, refused, DocType.REFUSAL_NOTICE, runner)
    pending_before = store.outbox.counts().get("pending", 0)
    # Esc: warned; "back to print" keeps the preview open and flags nothing.
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert asked == ["不予受理通知书"]
    assert preview.isVisible()
    assert store.prints.unprinted() == {}
    # 关闭, and closed anyway: the case is flagged, in its trail and in the outbox.
    preview.close_button.click()
    assert not preview.isVisible()
    assert store.prints.unprinted() == {refused.number: ["refusal_notice"]}
    stored = store.cases.get(refused.number)
    assert stored is not None and stored.events[-1].action == "notice_unprinted"
    assert store.outbox.counts().get("pending", 0) == pending_before + 1

    # 案件查询 shows it, and the case's detail offers the reprint.
    history = HistoryPage(context, runner=runner)
    qtbot.addWidget(history)
    history.run_search()
    row = next(
        r for r in range(history.model.rowCount()) if history.model.rows[r].number == refused.number
    )
    status = history.model.index(row, history.model.STATUS_COLUMN).data()
    assert "通知书未打印" in status
    detail = CaseDetailDialog(context, stored, runner=runner)
    qtbot.addWidget(detail)
    detail.show()
    assert "不予受理通知书" in detail.unprinted_label.text() and detail.unprinted_label.isVisible()
    button = detail.print_buttons["refusal_notice"]
    assert button.property("primary") is True
    # Printed from there: the flag is gone, here and in the list.
    monkeypatch.setattr(
        PrintPreviewDialog,
        "ask_printer",
        classmethod(lambda cls, p: pdf_printer(tmp_path / "r.pdf")),
    )
    reprint = detail.print_document(DocType.REFUSAL_NOTICE)
    qtbot.waitUntil(lambda: reprint.print_button.isEnabled(), timeout=30_000)
    with qtbot.waitSignal(detail.printed, timeout=30_000):
        reprint.print_document()
    assert store.prints.unprinted() == {}
    assert not detail.unprinted_label.isVisible()
    history.run_search()
    assert "通知书未打印" not in history.model.index(row, history.model.STATUS_COLUMN).data()


def test_an_acceptance_notice_closes_without_a_warning(
    qtbot: QtBot,
    context: Any,
    saved_cases: list[Case],
    runner: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        UnprintedNoticeWarning, "ask", classmethod(lambda cls, *_a: pytest.fail("warned"))
    )
    preview = show_preview(qtbot, context, saved_cases[0], DocType.ACCEPTANCE_NOTICE, runner)
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()
    assert context.store.prints.unprinted() == {}


def test_logging_out_under_an_open_refusal_flags_it_and_the_queued_ones(
    qtbot: QtBot,
    context: Any,
    refused: Case,
    demo_catalog: tuple[str, list[Item], list[Bundle]],
    runner: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The preview goes with the window (logout from the lock screen, closing): nobody is
    asked, the open notice and the one still waiting to be shown are both flagged."""
    from clerk_app.ui.main_window import MainWindow

    monkeypatch.setattr(
        UnprintedNoticeWarning, "ask", classmethod(lambda cls, *_a: pytest.fail("asked"))
    )
    item = next(i for i in demo_catalog[1] if not i.scenarios and not i.withdrawn)
    second = save_refused(context, item, APPLICANTS[1])
    window = MainWindow(context, runner=runner, acceptance_factory=None, idle_ms=0)
    qtbot.addWidget(window)
    window.show()
    window.on_case_saved(refused)
    window.on_case_saved(second)  # queued behind the first preview
    qtbot.waitUntil(lambda: window.printing.current_preview is not None, timeout=10_000)
    assert context.store.prints.unprinted() == {}
    window.request_logout()
    window.close()
    assert context.store.prints.unprinted() == {
        refused.number: ["refusal_notice"],
        second.number: ["refusal_notice"],
    }
    qtbot.waitUntil(lambda: window.printing.current_preview is None)

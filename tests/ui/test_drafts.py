"""Drafts of the acceptance (issue 9 point 3): saved as the clerk types, surviving a kill -9,
offered at the next login at that window, and asked about before closing, logging out or
leaving the lock screen."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from clerk_app.domain.cases import DecisionKind, MaterialState
from clerk_app.store.drafts import DraftKey
from clerk_app.ui.acceptance.draft import LeaveWithDraftDialog, RestoreDraftDialog, snapshot
from clerk_app.ui.acceptance.page import AcceptancePage
from clerk_app.ui.main_window import MainWindow
from tests.ui.draft_writer import APPLICANT_ID, ITEM

ROOT = Path(__file__).resolve().parents[2]
KEY = DraftKey("HS01", 1, "clerk01")


def show_window(qtbot: QtBot, context: Any, runner: Any) -> MainWindow:
    window = MainWindow(context, runner=runner, idle_ms=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def page_of(window: MainWindow) -> AcceptancePage:
    page = window.acceptance
    assert isinstance(page, AcceptancePage)
    return page


def type_some(page: AcceptancePage) -> None:
    a = page.applicant_panel
    a.document.set_number(APPLICANT_ID)
    a.name_edit.setText("陈晓东")
    a.mobile_edit.setText("13871234567")
    item = page.context.store.catalog.item(ITEM)
    assert item is not None
    page.set_item(item)
    page.checklist_panel.set_scenario(ITEM, "BUY")
    page.checklist_panel.model.toggle_received(0)


def test_a_killed_window_offers_its_draft_at_the_next_login(
    qtbot: QtBot, context: Any, runner: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Another process types an acceptance, is killed with SIGKILL; the next login here
    offers the draft and 恢复 puts back every field, tick, note and decision."""
    store_path = tmp_path / "local.sqlite3"  # the context's store (tests/ui/conftest.py)
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.draft_writer", str(store_path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        line = writer.stdout.readline().strip()
        assert line == "typed", writer.stderr.read() if writer.stderr else line
        os.kill(writer.pid, signal.SIGKILL)
        assert writer.wait(timeout=30) == -signal.SIGKILL
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(timeout=30)
        for pipe in (writer.stdout, writer.stderr):
            if pipe is not None:
                pipe.close()

    offered: list[str] = []

    def restore(_parent: Any, summary: str) -> bool:
        offered.append(summary)
        return True

    monkeypatch.setattr(RestoreDraftDialog, "ask", classmethod(lambda cls, p, s: restore(p, s)))
    window = show_window(qtbot, context, runner)
    assert window.offer_draft()
    assert offered and "陈晓东" in offered[0] and APPLICANT_ID not in offered[0]  # masked
    page = page_of(window)
    a = page.applicant_panel
    applicant = a.applicant()
    assert applicant is not None, a.errors()
    assert (applicant.id_number, applicant.name, applicant.mobile, applicant.address) == (
        APPLICANT_ID,
        "陈晓东",
        "+8613871234567",  # as typed in the draft, stored in E.164
        "黄石港区花湖路 8 号",
    )
    agent = a.agent()
    assert agent is not None and agent.name == "刘芳" and agent.id_number == "42020219850101002X"
    assert page.ticket_no == "A007"
    assert [i.code for i in page.checklist_panel.items()] == [ITEM]
    assert page.checklist_panel.scenario_for(ITEM) == "RENT"
    checks = page.checklist_panel.checks()
    assert (checks[0].state, checks[0].copies_received) == (MaterialState.RECEIVED, 2)
    assert (checks[1].state, checks[1].defect_reason) == (MaterialState.DEFECTIVE, "复印件不清晰")
    assert checks[2].note == "原件已核验"
    decision = page.decision_panel.decision()
    assert decision is not None and decision.kind is DecisionKind.REFUSE
    assert decision.reason == "申请人户籍不在本辖区"
    assert decision.competent_agency == "黄石港区公安分局"
    window.drafts.leave_confirmed = True  # the test closes without the prompt
    window.close()


def test_restore_gives_back_exactly_what_was_typed(qtbot: QtBot, context: Any) -> None:
    first = AcceptancePage(context)
    qtbot.addWidget(first)
    type_some(first)
    first.applicant_panel.agent_check.setChecked(False)
    first.decision_panel.choose(DecisionKind.ACCEPT_WITH_GAPS)
    first.decision_panel.signed_check.setChecked(True)
    # Saved a moment after the last change, without any save call.
    qtbot.waitUntil(lambda: context.store.drafts.load(KEY) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not first.drafts.pending, timeout=10_000)
    draft = context.store.drafts.load(KEY)
    assert draft is not None
    second = AcceptancePage(context)
    qtbot.addWidget(second)
    assert second.restore_draft(draft) == []
    assert snapshot(second) == snapshot(first)


def test_a_confirmed_decision_deletes_the_draft(qtbot: QtBot, context: Any) -> None:
    page = AcceptancePage(context)
    qtbot.addWidget(page)
    type_some(page)
    page.save_draft_now()
    assert context.store.drafts.load(KEY) is not None
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    with qtbot.waitSignal(page.casesSaved):
        assert page.decision_panel.confirm()
    qtbot.wait(0)
    assert context.store.drafts.load(KEY) is None
    page.drafts.save_now()  # an empty page never writes a draft
    assert context.store.drafts.load(KEY) is None


def test_discarding_the_offered_draft_deletes_it(
    qtbot: QtBot, context: Any, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    context.store.drafts.save(KEY, {"applicant": {"name": "陈晓东"}}, datetime.now().astimezone())
    monkeypatch.setattr(RestoreDraftDialog, "ask", classmethod(lambda cls, p, s: False))
    window = show_window(qtbot, context, runner)
    assert not window.offer_draft()
    assert context.store.drafts.load(KEY) is None
    assert not page_of(window).has_unsaved_work()
    window.close()


@pytest.mark.parametrize("answer", [False, True])
def test_closing_with_work_in_progress_asks_first(
    qtbot: QtBot, context: Any, runner: Any, monkeypatch: pytest.MonkeyPatch, answer: bool
) -> None:
    asked: list[str] = []

    def ask(_parent: Any, action: str, summary: str) -> bool:
        asked.append(f"{action}|{summary}")
        return answer

    monkeypatch.setattr(LeaveWithDraftDialog, "ask", classmethod(lambda cls, p, a, s: ask(p, a, s)))
    window = show_window(qtbot, context, runner)
    page = page_of(window)
    type_some(page)
    page.applicant_panel.address_edit.setText("花湖路")  # typed, not yet saved (debounce)
    assert page.drafts.pending
    assert window.close() is answer
    assert asked and asked[0].startswith("关闭窗口|") and "陈晓东" in asked[0]
    draft = context.store.drafts.load(KEY)
    assert draft is not None
    if answer:  # saved with the last keystroke, the window is gone
        assert draft.data["applicant"]["address"] == "花湖路"
        assert not window.isVisible()
    else:  # still there, the work untouched
        assert window.isVisible()
        assert page.applicant_panel.address_edit.text() == "花湖路"
        window.drafts.leave_confirmed = True
        window.close()


def test_nothing_typed_closes_without_asking(
    qtbot: QtBot, context: Any, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        LeaveWithDraftDialog, "ask", classmethod(lambda cls, p, a, s: pytest.fail("asked"))
    )
    window = show_window(qtbot, context, runner)
    assert window.close()


def test_logout_and_the_lock_screen_ask_before_leaving(
    qtbot: QtBot, context: Any, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [False, True]
    asked: list[str] = []

    def ask(_parent: Any, action: str, _summary: str) -> bool:
        asked.append(action)
        return answers.pop(0)

    monkeypatch.setattr(LeaveWithDraftDialog, "ask", classmethod(lambda cls, p, a, s: ask(p, a, s)))
    window = show_window(qtbot, context, runner)
    page = page_of(window)
    type_some(page)
    page.applicant_panel.address_edit.setText("花湖路")
    # The idle lock keeps the work on screen and saves the draft at once.
    window.lock()
    assert window.is_locked
    draft = context.store.drafts.load(KEY)
    assert draft is not None and draft.data["applicant"]["address"] == "花湖路"
    assert "草稿" in window.lock_overlay.message.text()
    # 退出登录 on the lock screen (another clerk): asked; "continue" stays locked.
    logouts: list[bool] = []
    window.logoutRequested.connect(lambda: logouts.append(True))
    window.lock_overlay.logout_button.click()
    assert asked == ["退出登录"] and logouts == [] and window.is_locked
    window.lock_overlay.logout_button.click()
    assert asked == ["退出登录", "退出登录"] and logouts == [True]
    assert context.store.drafts.load(KEY) is not None
    window.close()  # the shell closes it after logout: no second question
    assert len(asked) == 2

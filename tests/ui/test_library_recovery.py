"""The shared library's lookup at acceptance when the network comes back: a lookup the
network failed (unchecked lines, or the PC's cache offered) is made once more for the same
applicant at the first report of the server reachable again, off the GUI thread; lines the
clerk already took stay unless the server no longer backs them (then handed back, named)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
import responses
from pytestqt.qtbot import QtBot

from clerk_app.domain.cases import IdKind, MaterialState
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncStatus
from clerk_app.sync.library import LOOKUP
from clerk_app.ui.acceptance import AcceptancePage, ChecklistModel
from clerk_app.ui.context import WindowContext
from clerk_app.ui.sync_status import SyncStatusWidget
from tests.ui.test_acceptance import VALID_ID, fill_applicant, resident_id, window_five
from tests.ui.test_library_window import (
    BASE,
    ID_COPY,
    LICENCE,
    LICENCE_ITEM,
    answer,
    cell,
    identify,
    make_page,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

ROUTE = f"{BASE}/api/v1{LOOKUP}"
DOWN = requests.ConnectionError("network unreachable")
OTHER_ID = resident_id("42020219850101123")
UNCHECKED = "共享库暂不可用：网络不通；未能核对：居民身份证复印件、营业执照、健康证明"


@pytest.fixture
def store() -> Iterator[LocalStore]:
    s = LocalStore(":memory:")
    s.catalog.replace("test-lib", [LICENCE_ITEM], [])
    yield s
    s.close()


@pytest.fixture
def online(store: LocalStore) -> WindowContext:
    return replace(window_five(store), client=CentralClient(BASE, retries=0))


class Server:
    """The library route answering each lookup with the next outcome (an exception: the
    network down), counting the lookups."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.outcomes: list[Exception | dict[str, Any]] = []
        self.calls = 0
        mock.add_callback(responses.POST, ROUTE, callback=self._answer)

    def _answer(self, _request: Any) -> tuple[int, dict[str, str], str]:
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return 200, {"Content-Type": "application/json"}, json.dumps(outcome)


@pytest.fixture
def server() -> Iterator[Server]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield Server(mock)


def indicator(qtbot: QtBot, page: AcceptancePage, store: LocalStore) -> Callable[[bool], None]:
    """The status bar's sync indicator, wired to the page's library as the main window does;
    returns how a test reports the server (un)reachable through it."""
    widget = SyncStatusWidget(store)
    qtbot.addWidget(widget)
    widget.statusChanged.connect(page.library.follow_status)

    def report(online: bool) -> None:
        widget.set_status(SyncStatus(online, 0, 0, None, None))

    return report


def test_unchecked_lines_are_looked_up_again_once_the_server_is_back(
    qtbot: QtBot, online: WindowContext, store: LocalStore, server: Server
) -> None:
    server.outcomes = [DOWN, answer(ID_COPY, LICENCE)]
    page = make_page(qtbot, online)
    report = indicator(qtbot, page, store)
    identify(qtbot, page)
    page.set_item(LICENCE_ITEM)
    assert page.library_bar.plain() == UNCHECKED
    report(False)  # the sync engine finds the server unreachable too: nothing to ask yet
    assert server.calls == 1
    with qtbot.waitSignal(page.library.answered, timeout=10_000):
        report(True)
    assert server.calls == 2
    model = page.checklist_panel.model
    state = cell(model, "营业执照", ChecklistModel.STATE)
    assert state == "未收\n库中已有（长期有效）·免提交"
    assert page.library_bar.plain() == "库中已有 2 项可免提交；Ctrl+K 全部调取/撤销"
    report(True)  # the next rounds online: the answer stands, nothing asked again
    report(False)
    report(True)
    page.library.wait()
    assert server.calls == 2


def test_taken_lines_stay_and_a_revoked_one_is_handed_back_and_named(
    qtbot: QtBot, online: WindowContext, store: LocalStore, server: Server
) -> None:
    seen = datetime(2026, 11, 20, 8, 5, tzinfo=UTC)
    store.library.remember(
        IdKind.RESIDENT_ID, VALID_ID, "", [ID_COPY, LICENCE], seen_at=seen, as_of=seen.date()
    )
    server.outcomes = [DOWN, answer(ID_COPY)]  # meanwhile the licence was revoked
    page = make_page(qtbot, online)
    report = indicator(qtbot, page, store)
    identify(qtbot, page)
    page.set_item(LICENCE_ITEM)
    assert page.library_bar.plain().startswith("共享库暂不可用：网络不通（使用本机缓存")
    page.library.reuse_all()  # Ctrl+K on the cache's offers
    with qtbot.waitSignal(page.library.answered, timeout=10_000):
        report(True)
    checks = {c.material.name: c for c in page.checklist_panel.checks()}
    assert checks["居民身份证复印件"].library_entry == ID_COPY.entry_id  # kept
    assert checks["营业执照"].library_entry == ""
    assert checks["营业执照"].state is MaterialState.MISSING
    assert page.library_bar.plain() == (
        "库中已有 1 项可免提交；库中已无有效件，改为需提交：营业执照；Ctrl+K 全部调取/撤销"
    )


def test_a_relookup_the_network_fails_again_waits_for_the_next_recovery(
    qtbot: QtBot, online: WindowContext, store: LocalStore, server: Server
) -> None:
    """One lookup per recovery: while the engine keeps reporting the server reachable (each
    sync round), a lookup that still fails is not repeated round after round."""
    server.outcomes = [DOWN, DOWN, answer(ID_COPY)]
    page = make_page(qtbot, online)
    report = indicator(qtbot, page, store)
    identify(qtbot, page)
    with qtbot.waitSignal(page.library.answered, timeout=10_000):
        report(True)
    assert server.calls == 2
    report(True)
    report(True)
    page.library.wait()
    assert server.calls == 2
    report(False)
    with qtbot.waitSignal(page.library.answered, timeout=10_000):
        report(True)
    assert server.calls == 3
    page.set_item(LICENCE_ITEM)
    assert page.library_bar.plain() == "库中已有 1 项可免提交；Ctrl+K 全部调取/撤销"


def test_no_relookup_for_an_answered_lookup_or_another_applicant(
    qtbot: QtBot, online: WindowContext, store: LocalStore, server: Server
) -> None:
    server.outcomes = [answer(ID_COPY), DOWN, answer()]
    page = make_page(qtbot, online)
    report = indicator(qtbot, page, store)
    identify(qtbot, page)
    report(False)
    report(True)  # the server answered this applicant: nothing to redo
    page.library.wait()
    assert server.calls == 1
    page.start_new()  # the next applicant, whose lookup the network fails …
    with qtbot.waitSignal(page.library.answered, timeout=10_000):
        fill_applicant(qtbot, page.applicant_panel, OTHER_ID)
    assert server.calls == 2
    page.start_new()  # … and the clerk is on to a third before the network comes back
    identify(qtbot, page)
    assert server.calls == 3
    report(False)
    report(True)
    page.library.wait()
    assert server.calls == 3


def test_the_main_window_passes_the_sync_reports_to_the_library(
    qtbot: QtBot, context: Any, runner: Any
) -> None:
    from PySide6.QtWidgets import QWidget

    from clerk_app.ui.main_window import MainWindow

    seen: list[bool] = []

    class Library:
        def follow_status(self, status: SyncStatus) -> None:
            seen.append(status.online)

    class Page(QWidget):
        library = Library()

    window = MainWindow(context, runner=runner, acceptance_factory=lambda _c, parent: Page(parent))
    qtbot.addWidget(window)
    window.sync_status.set_status(SyncStatus(False, 0, 0, None, None))
    window.sync_status.set_status(SyncStatus(True, 0, 0, None, None))
    assert seen[-2:] == [False, True]

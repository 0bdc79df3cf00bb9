"""Fixtures for the shell's UI tests: a real LocalStore, a real embedded central server on
SQLite, the demo catalog, and a logged-in WindowContext."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from clerk_app.domain.cases import (
    Case,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    Person,
)
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.domain.hall_time import hall_now, hall_today
from clerk_app.domain.workdays import WorkdayCalendar

ROOT = Path(__file__).resolve().parents[2]
DEMO_CATALOG = ROOT / "resources" / "demo" / "catalog.jsonl"
DEMO_HALL = ROOT / "resources" / "demo" / "hall.json"
DEMO_PASSWORD = "Demo@2026"


# The offscreen platform plugin says these when a dialog is shown or raised; not our warnings.
OFFSCREEN_NOISE = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
)
UI_TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if UI_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


def load_demo_catalog() -> tuple[str, list[Item], list[Bundle]]:
    lines = DEMO_CATALOG.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    items: list[Item] = []
    bundles: list[Bundle] = []
    for line in lines[1:]:
        record = json.loads(line)
        kind = record.pop("kind")
        if kind == "item":
            items.append(Item.from_dict(record))
        elif kind == "bundle":
            bundles.append(Bundle.from_dict(record))
    return str(header["catalog_version"]), items, bundles


@pytest.fixture(scope="session")
def demo_catalog() -> tuple[str, list[Item], list[Bundle]]:
    return load_demo_catalog()


@pytest.fixture(scope="session")
def demo_hall() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEMO_HALL.read_text(encoding="utf-8"))
    return data


@pytest.fixture(autouse=True, scope="session")
def _counter_look(qapp: Any) -> None:
    """Tests see the real font and theme: a broken .qss then fails (Qt warnings fail tests)."""
    from clerk_app.ui.app import apply_look

    apply_look(qapp)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    from clerk_app.store.local import LocalStore

    local = LocalStore(tmp_path / "local.sqlite3")
    yield local
    local.close()


@pytest.fixture
def runner(qtbot: Any) -> Iterator[Any]:
    """A TaskRunner on its own pool; every task has finished before the test's teardown."""
    from PySide6.QtCore import QObject, QThreadPool

    from clerk_app.ui.workers import TaskRunner

    pool = QThreadPool()
    owner = QObject()  # a runner belongs to a screen; here, to the test
    task_runner = TaskRunner(pool, owner)
    yield task_runner
    pool.waitForDone(30_000)
    qtbot.waitUntil(lambda: not task_runner.busy, timeout=10_000)


@pytest.fixture(autouse=True)
def _drain_global_pool() -> Iterator[None]:
    yield
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(30_000)


@pytest.fixture(scope="session")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The real central server, embedded, on SQLite with the demo hall, staff and catalog."""
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("central") / "central.sqlite3"
    server = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield server
    server.stop()


def demo_clerk() -> Any:
    """张敏 (clerk01), the demo hall's clerk at window 1."""
    from clerk_app.store.logins import CachedUser

    return CachedUser(
        username="clerk01",
        display_name="张敏",
        role="clerk",
        hall_code="HS01",
        hall_name="黄石市民之家",
        window_no=1,
        department_code=None,
    )


def clerk_context(store: Any, user: Any | None = None) -> Any:
    """The demo hall's window 1 with ``user`` (default 张敏) working offline on ``store``:
    for the tests' fixtures and for scripts and benches that drive a screen on their own."""
    from clerk_app.ui.context import WindowContext

    return WindowContext(
        store=store,
        client=None,
        user=user or demo_clerk(),
        hall_code="HS01",
        hall_name="黄石市民之家",
        window_no=1,
        window_label="1号窗口（社会事务）",
        calendar=WorkdayCalendar(),
    )


@pytest.fixture
def clerk_user() -> Any:
    return demo_clerk()


@pytest.fixture
def catalog_store(store: Any, demo_catalog: tuple[str, list[Item], list[Bundle]]) -> Any:
    version, items, bundles = demo_catalog
    store.catalog.replace(version, items, bundles)
    return store


@pytest.fixture
def context(catalog_store: Any, clerk_user: Any) -> Any:
    """A clerk logged in offline at window 1 (no server needed)."""
    catalog_store.logins.remember(clerk_user, DEMO_PASSWORD)
    return clerk_context(catalog_store, clerk_user)


APPLICANTS = (
    Person(IdKind.RESIDENT_ID, "420202199003071234", "陈晓东", "13871234567", "黄石港区"),
    Person(IdKind.RESIDENT_ID, "42020219850101002X", "刘芳", "13907140000", "下陆区"),
    Person(IdKind.USCC, "91420200MA4K0X1234", "黄石市某某商贸有限公司", "13507140001", ""),
)


def make_case(
    item: Item,
    applicant: Person,
    *,
    window_no: int = 1,
    clerk: str = "clerk01",
    received_at: datetime | None = None,
    promised_days: int = 5,
    status: CaseStatus = CaseStatus.ACCEPTED,
) -> Case:
    received = received_at or hall_now()  # the app stamps cases in hall time
    checks = tuple(MaterialCheck(m, MaterialState.RECEIVED, m.copies) for m in item.checklist(None))
    return Case(
        number="",
        hall_code="HS01",
        window_no=window_no,
        item=item,
        applicant=applicant,
        checks=checks,
        decision=Decision(DecisionKind.ACCEPT),
        status=status,
        received_at=received,
        promised_date=received.date() + timedelta(days=promised_days),
        clerk=clerk,
        clerk_name="张敏",
    )


@pytest.fixture
def saved_cases(context: Any, demo_catalog: tuple[str, list[Item], list[Bundle]]) -> list[Case]:
    """Three accepted cases at windows 1, 1 and 2, one of them from last month."""
    _version, items, _bundles = demo_catalog
    promised = [i for i in items if not i.scenarios and not i.withdrawn]
    store = context.store
    now = hall_now()
    cases = [
        store.cases.save_new(make_case(promised[0], APPLICANTS[0])),
        store.cases.save_new(make_case(promised[1], APPLICANTS[1])),
        store.cases.save_new(
            make_case(
                promised[2],
                APPLICANTS[2],
                window_no=2,
                clerk="clerk02",
                received_at=now - timedelta(days=40),
                promised_days=10,
            )
        ),
    ]
    return cases


def overdue(case: Case) -> Case:
    return replace(case, promised_date=hall_today() - timedelta(days=3))


def type_chinese(widget: Any, text: str) -> None:
    """Type ``text`` the way a Chinese input method delivers it: one committed string.

    (QTest.keyClicks only knows ASCII keys.)
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture(autouse=True)
def _draft_dialogs_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test waits on a real draft question (a window closed with typed work at teardown
    would block): leaving saves the draft, an offered draft is not restored. Tests of the
    dialogs patch ``ask`` again."""
    from clerk_app.ui.acceptance.draft import LeaveWithDraftDialog, RestoreDraftDialog

    monkeypatch.setattr(LeaveWithDraftDialog, "ask", classmethod(lambda cls, *_a: True))
    monkeypatch.setattr(RestoreDraftDialog, "ask", classmethod(lambda cls, *_a: False))
    from clerk_app.ui.print_preview import UnprintedNoticeWarning

    monkeypatch.setattr(UnprintedNoticeWarning, "ask", classmethod(lambda cls, *_a: True))

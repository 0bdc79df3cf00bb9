"""The sync indicator and its details dialog, against a real central server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clerk_app.domain.cases import Case, CaseStatus, Decision, DecisionKind, IdKind, Person
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine, SyncStatus
from clerk_app.ui.sync_status import SyncDetailsDialog, SyncStatusWidget, status_text
from tests.ui.conftest import DEMO_PASSWORD

PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")


def _window(central: Any, path: Path) -> tuple[LocalStore, SyncEngine]:
    store = LocalStore(path)
    client = CentralClient(central.base_url, timeout=5.0)
    client.login("clerk01", DEMO_PASSWORD, 1)
    engine = SyncEngine(store, client, window_no=1)
    engine.full_redownload()
    return store, engine


def _case(store: LocalStore, hall: str) -> Case:
    code = store.catalog.search("登记", limit=1)[0].code
    item = store.catalog.item(code)
    assert item is not None
    at = datetime.now(UTC)
    # accepted with its decision: the server refuses a status its decision does not give
    case = Case(
        "",
        hall,
        1,
        item,
        PERSON,
        decision=Decision(DecisionKind.ACCEPT),
        status=CaseStatus.ACCEPTED,
        received_at=at,
        clerk="c",
    )
    return store.cases.save_new(case)


def test_status_text_tells_the_truth() -> None:
    at = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
    assert status_text(SyncStatus(True, 3, 0, at, None)).startswith("● 在线　待上传 3　上次同步")
    offline = status_text(SyncStatus(False, 0, 2, None, "无法连接"))
    assert offline == "○ 离线　待上传 0　被退回 2　尚未同步"


def test_status_posted_from_the_worker_thread_reaches_the_label(qtbot: Any, tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "w.db")
    widget = SyncStatusWidget(store)
    qtbot.addWidget(widget)
    assert "离线" in widget.text() and "待上传 0" in widget.text()
    at = datetime.now(UTC)
    with qtbot.waitSignal(widget.statusChanged, timeout=5000):
        threading.Thread(
            target=widget.post_status, args=(SyncStatus(True, 5, 1, at, None),)
        ).start()
    assert "● 在线" in widget.text() and "待上传 5" in widget.text() and "被退回 1" in widget.text()
    assert widget.property("rejected") is True
    store.close()


@pytest.fixture
def own_central(tmp_path: Path) -> Iterator[Any]:
    """A server of this test's own: case numbers are unique per window PC, and a fresh store
    numbering window 1 again would collide with cases other tests pushed to a shared server."""
    from clerk_app.central.embedded import start_embedded

    server = start_embedded(f"sqlite:///{tmp_path / 'central.db'}", init_demo=True)
    yield server
    server.stop()


def test_rejected_operation_is_shown_with_the_reason_then_retried_or_discarded(
    qtbot: Any, own_central: Any, tmp_path: Path
) -> None:
    store, engine = _window(own_central, tmp_path / "w.db")
    foreign = _case(store, "HS99")  # not the clerk's hall: the server refuses it
    mine = _case(store, "HS01")
    report = engine.push_once()
    assert (report.applied, report.rejected) == (1, 1)
    widget = SyncStatusWidget(store)
    qtbot.addWidget(widget)
    widget.set_status(engine.status())
    assert "被退回 1" in widget.text()

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    dialog = widget.dialog
    assert isinstance(dialog, SyncDetailsDialog)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    assert dialog.model.rows[0].ref == foreign.number
    reason = dialog.model.data(dialog.model.index(0, 3))
    assert isinstance(reason, str) and "HS99" in reason
    assert "HS99" in dialog.reason.text()

    old_id = dialog.model.rows[0].op_id
    # retry: queued again under a new id; the server refuses it again (nothing was fixed)
    with qtbot.waitSignal(widget.operationRetried) as retried:
        qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert retried.args[0] != old_id and dialog.model.rowCount() == 0
    assert "待上传 1" in widget.text()
    engine.push_once()
    dialog.reload()
    assert dialog.model.rowCount() == 1

    # discarding asks first: "no" keeps it, "yes" drops it
    dialog.confirm = lambda _parent, _text: False
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 1
    asked: list[str] = []

    def say_yes(_parent: object, text: str) -> bool:
        asked.append(text)
        return True

    dialog.confirm = say_yes
    with qtbot.waitSignal(widget.operationDiscarded):
        qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert foreign.number in asked[0]
    assert dialog.model.rowCount() == 0 and not dialog.retry_button.isEnabled()
    assert store.outbox.sync_counts() == (0, 0) and "被退回" not in widget.text()
    assert store.cases.get(mine.number) is not None
    dialog.close()
    store.close()

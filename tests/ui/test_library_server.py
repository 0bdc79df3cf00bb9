"""The shared library at the window against the real central server: the lookup, the reuse
accepted and logged by the server, and a reuse the server refuses reaching the clerk like
every other refused operation (the sync indicator, the reason)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import start_embedded
from clerk_app.central.library_models import LibraryEntry, LibraryUse
from clerk_app.domain.cases import Case, DecisionKind, IdKind, MaterialState
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine
from clerk_app.ui.acceptance import AcceptancePage
from clerk_app.ui.context import WindowContext
from clerk_app.ui.sync_status import SyncDetailsDialog, SyncStatusWidget
from tests.ui.conftest import DEMO_PASSWORD
from tests.ui.test_acceptance import VALID_ID, fill_applicant, show_active

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

FOOD = "420200-XK-0209-01"  # 食品经营许可（新办）: 营业执照 ZZ-YYZZ, 经办人居民身份证 ID-JBR
LICENCE_ID = str(uuid.uuid4())
OLD_ID_COPY = str(uuid.uuid4())


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[tuple[Any, str]]:
    """A central server of this test's own, its library holding the applicant's licence
    (valid) and ID copy (expired)."""
    url = f"sqlite:///{tmp_path / 'central.db'}"
    server = start_embedded(url, init_demo=True)
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            for entry_id, code, name, until in (
                (LICENCE_ID, "ZZ-YYZZ", "营业执照", date(2046, 11, 22)),
                (OLD_ID_COPY, "ID-JBR", "经办人居民身份证", date(2025, 1, 1)),
            ):
                session.add(
                    LibraryEntry(
                        entry_id=entry_id,
                        hall_code="HS01",
                        id_kind=IdKind.RESIDENT_ID.value,
                        nationality="",
                        id_number=VALID_ID,
                        material_code=code,
                        material_name=name,
                        issuer="黄石市市场监督管理局",
                        document_number="91420200MA4K8XY12Q",
                        valid_until=until,
                        origin="issued",
                        source_case="HS01-01-20250301-0001",
                        sha256=None,
                        pages=0,
                        filed_at=datetime(2025, 3, 1, tzinfo=UTC),
                        filed_by="dept01",
                    )
                )
            session.commit()
        yield server, url
    finally:
        engine.dispose()
        server.stop()


def _uses(url: str, case_number: str) -> list[tuple[str, str]]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.scalars(select(LibraryUse).filter_by(case_number=case_number))
            return [(u.entry_id, u.kind) for u in rows]
    finally:
        engine.dispose()


def test_reused_lines_reach_the_server_and_a_refused_reuse_reaches_the_clerk(
    qtbot: QtBot, hall: tuple[Any, str], tmp_path: Path
) -> None:
    server, url = hall
    store = LocalStore(tmp_path / "window.db")
    client = CentralClient(server.base_url, timeout=5.0)
    login = client.login("clerk01", DEMO_PASSWORD, 1)
    sync = SyncEngine(store, client, window_no=1)
    sync.full_redownload()
    context = WindowContext(
        store=store,
        client=client,
        user=login.user,
        hall_code="HS01",
        hall_name="黄石市民之家",
        window_no=1,
        window_label="1号窗口",
        calendar=WorkdayCalendar(),
    )
    page = AcceptancePage(context)
    show_active(qtbot, page)
    page.start_new()
    with qtbot.waitSignal(page.library.answered, timeout=15_000):
        fill_applicant(qtbot, page.applicant_panel)
    food = store.catalog.item(FOOD)
    assert food is not None
    page.set_item(food)
    offered = {
        page.checklist_panel.checks()[i].material.name: o for i, o in page.library.offers().items()
    }
    assert offered["营业执照"].entry.entry_id == LICENCE_ID
    assert offered["经办人居民身份证"].kind.value == "expired"
    assert "1 项已过期需提交" in page.library_bar.plain()

    qtbot.keyClick(page, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    with qtbot.waitSignal(page.casesSaved) as saved:
        assert page.decision_panel.confirm()
    case: Case = saved.args[0][0]
    licence = next(c for c in case.checks if c.material.standard_code == "ZZ-YYZZ")
    assert licence.library_entry == LICENCE_ID and licence.state is MaterialState.RECEIVED
    report = sync.push_once()
    assert report.rejected == 0 and report.applied >= 1
    assert _uses(url, case.number) == [(LICENCE_ID, "reuse")]  # logged by the server

    # a line naming the expired entry (another PC's stale cache): the server refuses it
    stale = store.cases.save_new(
        replace(
            case,
            number="",
            checks=tuple(
                replace(c, library_entry=OLD_ID_COPY, copies_received=0)
                if c.material.standard_code == "ID-JBR"
                else c
                for c in case.checks
            ),
        )
    )
    report = sync.push_once()
    assert report.rejected == 1
    widget = SyncStatusWidget(store)
    qtbot.addWidget(widget)
    widget.set_status(sync.status())
    assert "被退回 1" in widget.text()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    dialog = widget.dialog
    assert isinstance(dialog, SyncDetailsDialog)
    qtbot.addWidget(dialog)
    assert dialog.model.rows[0].ref == stale.number
    assert "经办人居民身份证」不能免提交" in dialog.reason.text()
    assert _uses(url, stale.number) == []
    dialog.close()
    client.close()
    store.close()

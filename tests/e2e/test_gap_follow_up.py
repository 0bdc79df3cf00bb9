"""End to end, 容缺: accepted with a gap at window 1 → the department cannot approve → the
applicant brings the material to window 2 (scan on its 出件 page, 登记补齐, pushed as
case.supply) → the department approves → window 1 pulls the result and hands it out."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from clerk_app.central.embedded import EmbeddedServer
from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    Person,
)
from clerk_app.domain.gaps import open_gaps
from clerk_app.domain.hall_time import hall_today
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine
from clerk_app.ui.context import WindowContext
from clerk_app.ui.delivery import DeliveryPage
from tests.e2e.test_accept_decide_deliver import (  # noqa: F401  (the server fixture)
    APPLICANT_ID,
    HUKOU,
    department,
    server,
)

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _window(server: EmbeddedServer, path: Path, clerk: str, window_no: int) -> WindowContext:  # noqa: F811
    store = LocalStore(path)
    client = CentralClient(server.base_url)
    login = client.login(clerk, "Demo@2026", window_no)
    client.download_catalog(store)
    return WindowContext(
        store=store,
        client=client,
        user=login.user,
        hall_code="HS01",
        hall_name="黄石市民之家",
        window_no=window_no,
        window_label=f"{window_no}号窗口",
        calendar=WorkdayCalendar(),
    )


def gap_accepted(store: LocalStore) -> Case:
    """The window's 户口迁移 case as ``accept_at_window`` builds it, accepted with a gap."""
    item = store.catalog.item(HUKOU)
    assert item is not None
    gap = MaterialCheck(replace(item.checklist(None)[0], required=True, gap_allowed=True))
    rest = tuple(MaterialCheck(m, MaterialState.RECEIVED, m.copies) for m in item.checklist(None))
    now = datetime.now().astimezone()
    case = Case(
        number="",
        hall_code="HS01",
        window_no=1,
        item=item,
        applicant=Person(IdKind.RESIDENT_ID, APPLICANT_ID, "王小明", "13907141234", "黄石港区"),
        checks=(gap, *rest[1:]),
        decision=Decision(
            DecisionKind.ACCEPT_WITH_GAPS,
            commitment_deadline=hall_today() + timedelta(days=2),
            commitment_signed=True,
        ),
        status=CaseStatus.ACCEPTED_WITH_GAPS,
        received_at=now,
        promised_date=WorkdayCalendar().add_working_days(hall_today(), item.promised_days),
        clerk="clerk01",
        clerk_name="张敏",
        events=(CaseEvent(now, "clerk01", "1号窗口", "created", CaseStatus.ACCEPTED_WITH_GAPS),),
    )
    return store.cases.save_new(case)


def test_gap_supplied_at_another_window_then_approved_and_handed_out(
    server: EmbeddedServer,  # noqa: F811
    tmp_path: Path,
    qtbot: Any,
) -> None:
    first = _window(server, tmp_path / "w1.db", "clerk01", 1)
    second = _window(server, tmp_path / "w2.db", "clerk02", 2)
    sync1 = SyncEngine(first.store, first.client, window_no=1)  # type: ignore[arg-type]
    sync2 = SyncEngine(second.store, second.client, window_no=2)  # type: ignore[arg-type]

    # 1. Window 1: 容缺受理 with the first material missing under a commitment.
    case = gap_accepted(first.store)
    gap = case.checks[0]
    report, _ = sync1.sync_once()
    assert report.rejected == 0 and report.remaining == 0

    # 2. The department takes it; approval is refused while the gap is open.
    dept = department(server)
    api = f"{server.base_url}/api/v1/department/cases"
    assert dept.post(f"{api}/{case.number}/take", json={}, timeout=10).status_code == 200
    approve = {"result_number": "鄂公户〔2026〕2001号"}
    refused = dept.post(f"{api}/{case.number}/approve", json=approve, timeout=10)
    assert refused.status_code == 409 and "尚未补齐" in refused.json()["detail"]

    # 3. Window 2 pulls the case, scans the notice, records the 补齐; it reaches the server.
    sync2.pull_once()
    page = DeliveryPage(second)
    qtbot.addWidget(page)
    page.show()
    assert not page.open_case(case.number) and "待补齐" in page.message.text()
    assert page.supply_button.isVisible()
    page.ask_supply = lambda c: ([gap.material.code], "原件已核验")  # type: ignore[method-assign]
    dialog = page.supply_gaps()
    assert dialog is not None
    dialog.close()
    report, _ = sync2.sync_once()
    assert report.applied == 1 and report.rejected == 0 and report.conflict == 0
    view = dept.get(f"{api}/{case.number}", timeout=10).json()
    assert view["gaps"] == [] and view["events"][-1]["window"].startswith("2号窗口")
    assert view["events"][-1]["actor"] == "clerk02"

    # 4. Approved; window 1 pulls the result and hands it out.
    approved = dept.post(f"{api}/{case.number}/approve", json=approve, timeout=10)
    assert approved.status_code == 200, approved.text
    sync1.pull_once()
    local = first.store.cases.get(case.number)
    assert local is not None and local.status is CaseStatus.RESULT_READY and not open_gaps(local)
    out = DeliveryPage(first)
    qtbot.addWidget(out)
    assert out.open_case(case.number)
    out.id_number.setText(APPLICANT_ID)
    out.print_document = lambda *a, **k: None  # type: ignore[method-assign,assignment,return-value]
    assert out.deliver()
    report, _ = sync1.sync_once()
    assert report.rejected == 0 and report.conflict == 0
    first.store.close()
    second.store.close()

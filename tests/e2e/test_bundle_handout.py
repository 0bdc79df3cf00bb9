"""End to end, 一件事 hand-out: window 1 accepts 二手房交易一件事 (three items, three
departments, one bundle number) and pushes it; two departments approve, the third still
reviews; the window pulls, 待领取 groups the bundle (2 of 3 ready), 出件 hands out the two
ready results (each its own delivery, pushed); the third is approved later, the bundle's
notice is scanned again and the last result goes out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.central.services.halls import load_hall_config
from clerk_app.domain.bundle_link import BundleLink
from clerk_app.domain.cases import CaseStatus, IdKind, Person
from clerk_app.sync.engine import SyncEngine
from clerk_app.ui.bundle_rows import BundleHeading
from clerk_app.ui.delivery import DeliveryPage
from clerk_app.ui.ready_list import ReadyListPage
from tests.e2e.test_accept_decide_deliver import APPLICANT_ID
from tests.e2e.test_gap_follow_up import _window
from tests.ui.conftest import DEMO_HALL, DEMO_PASSWORD, make_case

HOUSING = "420200-YJS-0002"  # 二手房交易一件事
# 网签备案 (住建), 契税 (税务), 不动产转移登记 (自然资源和规划)
ITEMS = ("420200-GG-0102-01", "420200-QT-0103-01", "420200-QR-0101-01")
DEPARTMENTS = {"HSZJ": "zj01", "HSSW": "sw01", "HSZRGH": "zrgh01"}
APPLICANT = Person(IdKind.RESIDENT_ID, APPLICANT_ID, "王小明", "13907141234", "黄石港区")
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture(scope="module")
def central_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.db'}"


@pytest.fixture(scope="module")
def server(central_db: str) -> Iterator[EmbeddedServer]:
    srv = start_embedded(central_db, init_demo=True)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def departments(server: EmbeddedServer, central_db: str) -> Iterator[dict[str, requests.Session]]:
    """A reviewer account for each of the bundle's departments, logged in."""
    conf = json.loads(DEMO_HALL.read_text(encoding="utf-8"))
    conf["staff"] += [
        {
            "username": user,
            "display_name": f"审批员{user}",
            "role": "department",
            "password": DEMO_PASSWORD,
            "window": None,
            "department_code": code,
        }
        for code, user in DEPARTMENTS.items()
    ]
    engine = make_engine(central_db)
    with make_session_factory(engine)() as session:
        load_hall_config(session, conf)
        session.commit()
    engine.dispose()
    sessions = {}
    for code, user in DEPARTMENTS.items():
        session = requests.Session()
        login = session.post(
            f"{server.base_url}/api/v1/auth/login",
            json={"username": user, "password": DEMO_PASSWORD, "window_no": None},
            timeout=10,
        )
        assert login.status_code == 200, login.text
        session.headers["Authorization"] = f"Bearer {login.json()['token']}"
        sessions[code] = session
    yield sessions
    for session in sessions.values():
        session.close()


def _decide(server: EmbeddedServer, dept: requests.Session, number: str, approve: bool) -> None:
    api = f"{server.base_url}/api/v1/department/cases/{number}"
    if approve:
        done = dept.post(f"{api}/approve", json={"result_number": f"R-{number[-4:]}"}, timeout=10)
    else:
        done = dept.post(f"{api}/take", json={}, timeout=10)
    assert done.status_code == 200, done.text


def test_a_bundle_of_three_two_ready_handed_out_then_the_third(
    server: EmbeddedServer,
    departments: dict[str, requests.Session],
    tmp_path: Path,
    qtbot: Any,
) -> None:
    window = _window(server, tmp_path / "w1.db", "clerk01", 1)
    sync = SyncEngine(window.store, window.client, window_no=1)  # type: ignore[arg-type]
    store = window.store
    bundle = next(b for b in store.catalog.bundles() if b.code == HOUSING)
    items = [store.catalog.item(code) for code in ITEMS]
    assert all(i is not None for i in items)
    link = BundleLink("", bundle.code, bundle.name, ITEMS)
    cases = store.cases.save_bundle(
        [replace(make_case(i, APPLICANT), clerk="clerk01") for i in items if i], link
    )
    numbers = [c.number for c in cases]
    report, _ = sync.sync_once()
    assert report.applied == 3 and report.rejected == 0

    # each department takes its own case; two approve, the third still reviews
    for case in cases:
        dept = departments[case.item.department_code]
        _decide(server, dept, case.number, approve=False)
    for case in cases[:2]:
        _decide(server, departments[case.item.department_code], case.number, approve=True)
    sync.pull_once()

    # 待领取: the bundle under its heading, two of three ready; the heading opens 出件
    ready = ReadyListPage(window)
    qtbot.addWidget(ready)
    heading = next(r for r in ready.model.rows if isinstance(r, BundleHeading))
    assert heading.number == cases[0].bundle_no and "3项中2项可领取" in heading.text
    page = DeliveryPage(window)
    qtbot.addWidget(page)
    page.print_document = lambda *a, **k: None  # type: ignore[method-assign,assignment,return-value]
    page._print_handed = lambda *a, **k: None  # type: ignore[method-assign,assignment,return-value]
    ready.openCase.connect(page.open_case)
    ready.table.selectRow(ready.model.rows.index(heading))
    ready.open_selected()
    assert page.bundle.chosen() == numbers[:2]
    QTest.keyClicks(page.id_number, APPLICANT_ID)
    QTest.keyClick(page.id_number, Qt.Key.Key_Return)
    assert [store.cases.get(n).status for n in numbers] == [  # type: ignore[union-attr]
        CaseStatus.DELIVERED,
        CaseStatus.DELIVERED,
        CaseStatus.IN_REVIEW,
    ]
    report, _ = sync.sync_once()
    assert report.applied == 2 and report.rejected == 0 and report.conflict == 0

    # the third is approved later; the bundle's notice is scanned, the last result goes out
    _decide(server, departments[cases[2].item.department_code], numbers[2], approve=True)
    sync.pull_once()
    assert page.open_case(cases[0].bundle_no)
    assert page.bundle.chosen() == [numbers[2]]
    QTest.keyClicks(page.id_number, APPLICANT_ID)
    assert page.deliver()
    report, _ = sync.sync_once()
    assert report.applied == 1 and report.rejected == 0
    clerk = window.client
    for number in numbers:  # the server holds every case delivered, each with its own event
        held = clerk._json("GET", f"/cases/{number}")  # type: ignore[union-attr]
        assert held["status"] == "delivered" and held["bundle"]["number"] == cases[0].bundle_no
        assert held["events"][-1]["status"] == "delivered"
    store.close()

"""The seeds' bundles end to end, on the embedded central server with the demo catalog:

- 企业开办一件事: at most 6 materials at the window, one visit, one confirmation; the citizen
  leaves the bank out and the five departments each find their own item's case on the server,
  linked by the bundle number.
- 二手房交易一件事 with the seller's marriage certificate missing: three items accepted, the
  registration accepted with gaps dated within its own limit; 补齐 at another window; the
  department approves, every department decides its item; the first window hands the results
  out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.central.services.halls import load_hall_config
from clerk_app.domain.cases import Case, CaseStatus, DecisionKind, MaterialState
from clerk_app.domain.catalog import Item
from clerk_app.domain.gaps import open_gaps
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.sync.engine import SyncEngine
from clerk_app.ui.acceptance import AcceptancePage
from clerk_app.ui.context import WindowContext
from clerk_app.ui.delivery import DeliveryPage
from tests.e2e.test_gap_follow_up import _window
from tests.ui.test_acceptance import VALID_ID, fill_applicant, show_active

ENTERPRISE = "420200-YJS-0001"
HOUSE = "420200-YJS-0002"
MARRIAGE = "卖方婚姻状况证明"
DEMO_HALL = Path(__file__).resolve().parents[2] / "resources" / "demo" / "hall.json"
# A department account for every department of the two bundles (the demo has two of them).
DEPARTMENTS = ("HSSCJG", "HSGA", "HSSW", "HSRS", "HSGJJ", "HSRH", "HSZJ", "HSZRGH", "HSGY")

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    db = tmp_path_factory.mktemp("central") / "central.db"
    url = f"sqlite:///{db}"
    srv = start_embedded(url, init_demo=True)
    conf: dict[str, Any] = json.loads(DEMO_HALL.read_text(encoding="utf-8"))
    conf["staff"] += [
        {
            "username": f"dept_{code.lower()}",
            "display_name": f"审批{code}",
            "role": "department",
            "password": "Demo@2026",
            "window": None,
            "department_code": code,
        }
        for code in DEPARTMENTS
    ]
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        load_hall_config(session, conf)
        session.commit()
    engine.dispose()
    yield srv
    srv.stop()


def _department(server: EmbeddedServer, code: str) -> requests.Session:
    session = requests.Session()
    login = session.post(
        f"{server.base_url}/api/v1/auth/login",
        json={"username": f"dept_{code.lower()}", "password": "Demo@2026", "window_no": None},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    session.headers["Authorization"] = f"Bearer {login.json()['token']}"
    return session


def _bundle_page(
    qtbot: Any, context: WindowContext, code: str
) -> tuple[AcceptancePage, list[Item]]:
    page = AcceptancePage(context)
    show_active(qtbot, page)
    page.start_new()
    fill_applicant(qtbot, page.applicant_panel)
    bundle = next(b for b in context.store.catalog.bundles() if b.code == code)
    items = [context.store.catalog.item(c) for c in bundle.item_codes]
    page.set_bundle(bundle, [i for i in items if i is not None])
    return page, [i for i in items if i is not None]


def _confirm(qtbot: Any, page: AcceptancePage) -> list[Case]:
    saved: list[Case] = []
    page.casesSaved.connect(saved.extend)
    with qtbot.waitSignal(page.casesSaved):
        qtbot.keyClick(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return saved


def _new_cases(dept: requests.Session, server: EmbeddedServer) -> dict[str, str]:
    listed = dept.get(
        f"{server.base_url}/api/v1/department/cases", params={"state": "new"}, timeout=10
    )
    assert listed.status_code == 200, listed.text
    return {c["number"]: c["bundle_no"] for c in listed.json()}


def test_enterprise_opening_one_visit_five_departments(
    server: EmbeddedServer, tmp_path: Path, qtbot: Any
) -> None:
    window = _window(server, tmp_path / "w1.db", "clerk01", 1)
    sync = SyncEngine(window.store, window.client, window_no=1)  # type: ignore[arg-type]
    page, items = _bundle_page(qtbot, window, ENTERPRISE)
    page.bundle_items.toggle(5)  # the citizen does not want the bank appointment
    taken = items[:5]
    assert page.checklist_panel.items() == taken
    assert len(page.checklist_panel.checks()) <= 6  # the seeds: at most 6 materials
    page.checklist_panel.model.mark_required_received()
    qtbot.keyClick(page, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # one key: all 受理
    cases = _confirm(qtbot, page)
    assert [c.item.code for c in cases] == [i.code for i in taken]
    assert all(c.status is CaseStatus.ACCEPTED for c in cases)
    bundle_no = cases[0].bundle_no
    assert bundle_no and {c.bundle_no for c in cases} == {bundle_no}

    report, _ = sync.sync_once()
    # the five cases and the applicant remembered (一次录入、一号匹配)
    assert report.applied == 6 and report.rejected == 0 and report.conflict == 0
    departments = [c.item.department_code for c in cases]
    assert len(set(departments)) == 5
    for case in cases:
        mine = _new_cases(_department(server, case.item.department_code), server)
        assert mine == {case.number: bundle_no}, case.item.department
    window.store.close()


def test_second_hand_house_gap_supplied_elsewhere_then_approved_and_handed_out(
    server: EmbeddedServer, tmp_path: Path, qtbot: Any
) -> None:
    # window 6's PC (window 1's made its own case numbers in the test above)
    first = _window(server, tmp_path / "w6.db", "clerk03", 6)
    second = _window(server, tmp_path / "w2.db", "clerk02", 2)
    sync1 = SyncEngine(first.store, first.client, window_no=6)  # type: ignore[arg-type]
    sync2 = SyncEngine(second.store, second.client, window_no=2)  # type: ignore[arg-type]

    # 1. Window 6: everything but the seller's marriage certificate; all 受理 with one key,
    #    the registration alone 容缺受理 (key 2 in the bundle's list), the commitment signed.
    page, items = _bundle_page(qtbot, first, HOUSE)
    model = page.checklist_panel.model
    model.mark_required_received()
    model.toggle_received(
        next(n for n, r in enumerate(model.rows) if r.check.material.name == MARRIAGE)
    )
    qtbot.keyClick(page, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page.bundle_items.view, Qt.Key.Key_2)  # on the registration: 容缺受理
    page.decision_panel.signed_check.setChecked(True)
    cases = _confirm(qtbot, page)
    statuses = [c.status for c in cases]
    assert statuses.count(CaseStatus.ACCEPTED) == 3
    gap_case = next(c for c in cases if c.status is CaseStatus.ACCEPTED_WITH_GAPS)
    assert gap_case.item.code == items[2].code
    assert gap_case.decision is not None and gap_case.decision.commitment_deadline is not None
    today = gap_case.received_at.date() if gap_case.received_at else None
    assert today is not None and gap_case.promised_date is not None
    # dated within its own limit (5 working days), not the bundle's earliest date (today)
    assert today < gap_case.decision.commitment_deadline <= gap_case.promised_date
    assert gap_case.promised_date == WorkdayCalendar().add_working_days(
        today, gap_case.item.promised_days
    )
    report, _ = sync1.sync_once()
    assert report.applied == 5 and report.rejected == 0  # four cases and the applicant

    # 2. The registration's department takes it; approval is refused while the gap is open.
    api = f"{server.base_url}/api/v1/department/cases"
    registrar = _department(server, gap_case.item.department_code)
    assert registrar.post(f"{api}/{gap_case.number}/take", json={}, timeout=10).status_code == 200
    approve = {"result_number": "鄂(2026)黄石市不动产权第0012345号"}
    refused = registrar.post(f"{api}/{gap_case.number}/approve", json=approve, timeout=10)
    assert refused.status_code == 409 and "尚未补齐" in refused.json()["detail"]

    # 3. The applicant brings the certificate to window 2: 补齐 there, pushed to the server.
    sync2.pull_once()
    at_two = second.store.cases.get(gap_case.number)
    assert at_two is not None and [c.material.name for c in open_gaps(at_two)] == [MARRIAGE]
    code = open_gaps(at_two)[0].material.code
    second.store.cases.supply_gaps(
        gap_case.number, [code], actor="clerk02", where="2号窗口", note="原件已核验"
    )
    report, _ = sync2.sync_once()
    assert report.applied == 1 and report.rejected == 0 and report.conflict == 0

    # 4. Every department decides its own item.
    for case in cases:
        dept = _department(server, case.item.department_code)
        if case.number != gap_case.number:
            assert dept.post(f"{api}/{case.number}/take", json={}, timeout=10).status_code == 200
        done = dept.post(f"{api}/{case.number}/approve", json=approve, timeout=10)
        assert done.status_code == 200, done.text

    # 5. Window 6 pulls the results and hands the whole bundle out at once.
    sync1.pull_once()
    local = first.store.cases.of_bundle(cases[0].bundle_no)
    assert [c.status for c in local] == [CaseStatus.RESULT_READY] * 4
    assert not any(open_gaps(c) for c in local)
    out = DeliveryPage(first)
    qtbot.addWidget(out)
    assert out.open_case(cases[0].bundle_no)
    out.id_number.setText(VALID_ID)
    out.print_document = lambda *a, **k: None  # type: ignore[method-assign,assignment,return-value]
    assert out.deliver()
    report, _ = sync1.sync_once()
    assert report.rejected == 0 and report.conflict == 0
    held = first.store.cases.of_bundle(cases[0].bundle_no)
    assert [c.status for c in held] == [CaseStatus.DELIVERED] * 4
    gap_after = next(c for c in held if c.number == gap_case.number)
    assert all(c.state is MaterialState.RECEIVED for c in gap_after.checks if c.material.required)
    assert gap_after.decision is not None
    assert gap_after.decision.kind is DecisionKind.ACCEPT_WITH_GAPS
    first.store.close()
    second.store.close()

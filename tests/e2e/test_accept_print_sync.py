"""End to end without the GUI: a window logs in to the demo central server, downloads the catalog,
accepts a 户口迁移 case under its 购房 scenario, prints the acceptance notice (read back and
barcode decoded), and the case reaches the central server."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
import requests
import zxingcpp
from pypdf import PdfReader

from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.domain.cases import (
    DECISION_STATUS,
    Case,
    CaseEvent,
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    Person,
    validate_decision,
)
from clerk_app.domain.hall_time import hall_now, hall_today
from clerk_app.domain.identifiers import mask_id
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.printing import DocType, PrintContext, render_document
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine

HUKOU = "420200-XK-0301-01"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    db = tmp_path_factory.mktemp("central") / "central.db"
    srv = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield srv
    srv.stop()


def _valid_resident_id(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def test_accept_print_and_sync(server: EmbeddedServer, tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "window.db")
    client = CentralClient(server.base_url)
    login = client.login("clerk01", "Demo@2026", 1)
    assert login.user.hall_code == "HS01"
    assert client.download_catalog(store) >= 45

    item = store.catalog.item(HUKOU)
    assert item is not None
    checklist = item.checklist("BUY")
    assert checklist != item.checklist("RENT")
    checks = tuple(
        MaterialCheck(m, MaterialState.RECEIVED, m.copies)
        if m.required
        else MaterialCheck(m, MaterialState.MISSING)
        for m in checklist
    )
    calendar = WorkdayCalendar()
    today = hall_today()
    promised = calendar.add_working_days(today, item.promised_days)
    decision = Decision(DecisionKind.ACCEPT)
    assert validate_decision(item, checks, decision, promised_date=promised, today=today) == []

    applicant = Person(
        IdKind.RESIDENT_ID, _valid_resident_id("42020219880506123"), "王小明", "13907141234"
    )
    now = hall_now().replace(microsecond=0)
    case = Case(
        number="",
        hall_code="HS01",
        window_no=1,
        item=item,
        applicant=applicant,
        scenario_code="BUY",
        checks=checks,
        decision=decision,
        status=DECISION_STATUS[decision.kind],
        received_at=now,
        promised_date=promised,
        clerk="clerk01",
        clerk_name=login.user.display_name,
        events=(CaseEvent(now, "clerk01", "1号窗口", "decided", DECISION_STATUS[decision.kind]),),
    )
    stored = store.cases.save_new(case)
    assert stored.number.startswith(f"HS01-01-{today:%Y%m%d}-")

    pdf = render_document(
        DocType.ACCEPTANCE_NOTICE,
        stored,
        PrintContext("黄石市民之家", "1号窗口", "clerk01", now),
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "受理通知书" in text
    assert stored.number in text
    assert mask_id(applicant.id_number) in text and applicant.id_number not in text
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=200 / 72).to_pil()
    decoded = {r.text for r in zxingcpp.read_barcodes(image)}
    assert stored.number in decoded
    store.prints.record(stored.number, DocType.ACCEPTANCE_NOTICE.value, "clerk01", now)

    engine = SyncEngine(store, client, window_no=1)
    report = engine.push_once()  # the case, then its print
    assert (report.applied, report.rejected, report.remaining) == (2, 0, 0)
    assert engine.push_once().sent == 0  # nothing left to send
    response = requests.get(
        f"{server.base_url}/api/v1/cases/{stored.number}",
        headers={"Authorization": f"Bearer {login.token}"},
        timeout=10,
    )
    assert response.status_code == 200
    on_server = Case.from_dict(response.json())  # the route returns Case.to_dict()
    assert on_server.number == stored.number
    assert on_server.status is DECISION_STATUS[DecisionKind.ACCEPT]
    assert on_server.scenario_code == "BUY"
    store.close()

"""End to end: accepted at a window → decided by the department → handed out at the window.

Window 1 accepts a 户口迁移 case (local store) and pushes it to the embedded central server with
the sync engine; the 公安 department (gahz01) takes and approves it through the department
API; the window learns RESULT_READY through the sync engine's pull; the clerk scans the case
number on the 出件 page, checks the applicant's ID, marks it delivered, prints the 送达回证
(read back, barcode decoded), and the delivery is pushed back to the server.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import requests
import zxingcpp
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from clerk_app.central.embedded import EmbeddedServer, start_embedded
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
from clerk_app.domain.hall_time import hall_today
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.printing import DocType, render_document
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine
from clerk_app.ui.context import WindowContext
from clerk_app.ui.delivery import DeliveryPage
from clerk_app.ui.print_preview import PrintPreviewDialog, make_print_context
from clerk_app.ui.ready_list import ReadyListPage

HUKOU = "420200-XK-0301-01"  # 户口迁移（子女入学随迁）, decided by 黄石市公安局 (HSGA)
APPLICANT_ID = "420202198805061238"
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    db = tmp_path_factory.mktemp("central") / "central.db"
    srv = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield srv
    srv.stop()


def department(server: EmbeddedServer) -> requests.Session:
    session = requests.Session()
    login = session.post(
        f"{server.base_url}/api/v1/auth/login",
        json={"username": "gahz01", "password": "Demo@2026", "window_no": None},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    session.headers["Authorization"] = f"Bearer {login.json()['token']}"
    return session


def window_context(
    store: LocalStore, client: CentralClient, user: Any, window_no: int, **hall: Any
) -> WindowContext:
    """The context of a clerk logged in at ``window_no`` of the demo hall."""
    return WindowContext(
        store=store,
        client=client,
        user=user,
        hall_code="HS01",
        hall_name="黄石市民之家",
        window_no=window_no,
        window_label=f"{window_no}号窗口",
        calendar=WorkdayCalendar(),
        **hall,
    )


def accept_at_window(
    store: LocalStore, item_code: str, window_no: int = 1, clerk: str = "clerk01"
) -> Case:
    item = store.catalog.item(item_code)
    assert item is not None and item.department_code == "HSGA"
    checks = tuple(MaterialCheck(m, MaterialState.RECEIVED, m.copies) for m in item.checklist(None))
    now = datetime.now().astimezone()
    case = Case(
        number="",
        hall_code="HS01",
        window_no=window_no,
        item=item,
        applicant=Person(IdKind.RESIDENT_ID, APPLICANT_ID, "王小明", "13907141234", "黄石港区"),
        checks=checks,
        decision=Decision(DecisionKind.ACCEPT),
        status=CaseStatus.ACCEPTED,
        received_at=now,
        promised_date=WorkdayCalendar().add_working_days(hall_today(), item.promised_days),
        clerk=clerk,
        clerk_name="张敏",
        events=(
            CaseEvent(now, clerk, f"{window_no}号窗口", "created", CaseStatus.ACCEPTED, "受理"),
        ),
    )
    return store.cases.save_new(case)


def test_accept_decide_deliver(
    server: EmbeddedServer, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LocalStore(tmp_path / "window.db")
    client = CentralClient(server.base_url)
    login = client.login("clerk01", "Demo@2026", 1)
    assert client.download_catalog(store) >= 45
    engine = SyncEngine(store, client, window_no=1)

    # 1. Accepted at the window, pushed to the central server.
    case = accept_at_window(store, HUKOU)
    report, _pulled = engine.sync_once()
    assert report.applied >= 1 and report.remaining == 0

    # 2. The department sees it as new, takes it and approves it.
    dept = department(server)
    api = f"{server.base_url}/api/v1/department/cases"
    new = dept.get(api, params={"state": "new"}, timeout=10).json()
    assert case.number in [c["number"] for c in new]
    taken = dept.post(f"{api}/{case.number}/take", json={"note": "材料齐全"}, timeout=10)
    assert taken.status_code == 200, taken.text
    approved = dept.post(
        f"{api}/{case.number}/approve",
        json={"result_number": "鄂公户〔2026〕1123号", "validity": "长期有效"},
        timeout=10,
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["backoffice"]["notice"]["due"] is True

    # 3. The window learns it through the pull.
    assert engine.pull_once() >= 1
    local = store.cases.get(case.number)
    assert local is not None and local.status is CaseStatus.RESULT_READY
    context = window_context(store, client, login.user, 1)
    ready = ReadyListPage(context)
    qtbot.addWidget(ready)
    assert [ready.model.row_at(r).number for r in range(ready.model.rowCount())] == [case.number]
    assert ready.model.row_at(0).notice_due

    # 4. 出件: scan, check the applicant's ID, deliver, print the 送达回证.
    page = DeliveryPage(context)
    qtbot.addWidget(page)
    ready.openCase.connect(page.open_case)
    ready.open_selected()
    assert page.case is not None and page.case.number == case.number
    assert "鄂公户〔2026〕1123号" in page.fields["result"].text()
    out = tmp_path / "receipt.pdf"
    monkeypatch.setattr(
        PrintPreviewDialog, "ask_save_path", classmethod(lambda cls, p, suggested: out)
    )
    with qtbot.waitSignal(page.previewOpened, timeout=10_000) as opened:
        QTest.keyClicks(page.id_number, APPLICANT_ID)
        QTest.keyClick(page.id_number, Qt.Key.Key_Return)
    dialog: PrintPreviewDialog = opened.args[0]
    qtbot.waitUntil(lambda: bool(dialog.pdf), timeout=30_000)
    with qtbot.waitSignal(dialog.printed, timeout=10_000):
        dialog.save_as_pdf()
    pdf = out.read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert "送达回证" in text and "鄂公户〔2026〕1123号" in text and APPLICANT_ID not in text
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    assert case.number in [r.text for r in zxingcpp.read_barcodes(image)]

    # 5. The delivery reaches the server.
    report, _pulled = engine.sync_once()
    assert report.rejected == 0 and report.conflict == 0 and report.remaining == 0
    clerk_view = requests.get(
        f"{server.base_url}/api/v1/cases/{case.number}",
        headers={"Authorization": f"Bearer {login.token}"},
        timeout=10,
    ).json()
    assert clerk_view["status"] == CaseStatus.DELIVERED.value
    statuses = [e["status"] for e in clerk_view["events"] if e["status"]]
    assert statuses[-4:] == ["in_review", "approved", "result_ready", "delivered"]
    done = dept.get(api, params={"state": "done"}, timeout=10).json()
    assert [c["number"] for c in done] == [case.number]
    # The window's push of the delivery keeps the department's own record of the result.
    dept_view = dept.get(f"{api}/{case.number}", timeout=10).json()
    assert dept_view["backoffice"]["result"]["number"] == "鄂公户〔2026〕1123号"
    store.close()


# The QR of a printed notice opens the hall's progress page (issue 9 point 9): the clerk's
# hall configuration gives the progress page, its key and the hall's phone, the catalog the
# departments' phones; the QR scanned back from the notice is a URL the central server answers
# with the case's status and nothing personal.
def test_the_printed_qr_opens_the_cases_progress(server: EmbeddedServer, tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "window.db")
    client = CentralClient(server.base_url)
    login = client.login("clerk02", "Demo@2026", 2)  # another window than the test above
    hall = client.hall_config("HS01")
    assert client.download_catalog(store) >= 45
    assert store.catalog.department_phones()["HSGA"] == "0714-6200006"  # from the catalog's record
    # the departments' review bodies too (a tax bureau's is the next-higher tax authority)
    remedies = store.catalog.department_remedies()
    assert remedies["HSSW"] == {"review_body": "国家税务总局湖北省税务局"}
    assert "HSGY" not in remedies  # none of its own: the hall's is printed
    case = accept_at_window(store, HUKOU, 2, "clerk02")
    report, _pulled = SyncEngine(store, client, window_no=2).sync_once()
    assert report.applied >= 1 and report.remaining == 0

    context = window_context(
        store,
        client,
        login.user,
        2,
        progress_page=hall.hall.public_progress_url,
        progress_secret=hall.progress_secret or "",
        hall_phone=hall.hall.phone,
    )
    pdf = render_document(DocType.ACCEPTANCE_NOTICE, case, make_print_context(context))
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    [link] = [r.text for r in zxingcpp.read_barcodes(image) if r.text.startswith("http")]
    assert re.fullmatch(
        re.escape(f"{server.base_url}/api/v1/progress?case={case.number}&code=") + "[0-9a-f]{8}",
        link,
    )
    page = requests.get(link, timeout=10)
    assert page.status_code == 200 and "已受理" in page.text and case.item.name in page.text
    assert case.applicant.name not in page.text and case.applicant.id_number not in page.text
    wrong = requests.get(link[:-8] + "00000000", timeout=10)
    assert wrong.status_code == 404 and "已受理" not in wrong.text

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", "", text)
    assert "大厅0714-6251234" in text and "黄石市公安局0714-6200006" in text
    store.close()

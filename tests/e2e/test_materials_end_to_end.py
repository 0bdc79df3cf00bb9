"""End to end, issue 14: materials captured at a window travel with the case, the department
sees them and approves the case with a licence, and the same applicant's next case reuses the
licence and the ID copy from the shared library (一号匹配 / 免提交).

The demo hall on the embedded central server (uvicorn, SQLite, disk blob store); window 1's
acceptance page (pytest-qt, real widgets) on a PC whose 高拍仪 is the demo's test frame source
and whose scanner saves into a hot folder; its local store and sync engine:

1. 企业设立登记 for an applicant identified by ID number: F11 on three checklist lines opens
   the capture dialog — the ID copy from the 高拍仪 (Space, twice; the card's 有效期至 and
   发证机关 typed), the shareholder's ID proof from the scanner's folder (the file settles, is
   taken and moved away), the lease from a PDF file (Ctrl+O, split into its pages); the lines
   show their pages; accepting the case keeps one PDF per line in its attachments;
2. the sync engine pushes the case and uploads the three files: the server holds each with its
   SHA-256 and files it for the applicant in the hall's library;
3. 市场监管 (scjg01) takes the case, lists its materials line by line (file, pages, who
   captured it) and views every page as an image, uploads the licence's scan and approves the
   case with the licence's number, validity and issuer: the licence enters the library;
4. the window pulls the approval; the applicant comes back for 食品经营许可: identified, the
   checklist shows the licence (营业执照) and the ID copy (经办人居民身份证) 库中已有…·免提交,
   Ctrl+K takes both (linked, nothing copied), the acceptance notice prints them 库中调取·免提交,
   the case goes up, the server accepts and logs both reuses, and the department sees those
   two lines as the library's files (nothing copied), its view of the licence logged.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from clerk_app.central.attachment_models import CaseAttachment
from clerk_app.central.blob_store import DiskBlobStore, sha256_of
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.central.library_models import LibraryEntry, LibraryUse
from clerk_app.contract.sync import OpKind
from clerk_app.domain.cases import Case, CaseStatus, DecisionKind, MaterialState
from clerk_app.printing import DocType, render_document
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import PushReport, SyncEngine
from clerk_app.ui.acceptance import AcceptancePage, ChecklistModel
from clerk_app.ui.app_config import CaptureDevices
from clerk_app.ui.capture.dialog import CaptureDialog
from clerk_app.ui.capture.sources import HotFolderSource, TestFrameSource
from clerk_app.ui.print_preview import make_print_context
from tests.e2e.test_accept_decide_deliver import window_context
from tests.ui.test_acceptance import fill_applicant, resident_id, show_active
from tests.ui.test_capture import drive_dialog

PASSWORD = "Demo@2026"
SETUP = "420200-XK-0201-01"  # 企业设立登记（有限责任公司）, decided by 市场监管 (HSSCJG)
FOOD = "420200-XK-0209-01"  # 食品经营许可（新办）: asks for the 营业执照 and the 经办人 ID
LICENCE = "ZZ-YYZZ"
ID_COPY = "ID-JBR"
APPLICANT_ID = resident_id("42020219880506123")  # 黄石港区, born 1988-05-06
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedServer, str]]:
    folder = tmp_path_factory.mktemp("central")
    url = f"sqlite:///{folder / 'central.db'}"
    settings = CentralSettings(db=url, data_dir=str(folder / "data"))
    server = start_embedded(url, init_demo=True, settings=settings)
    yield server, str(folder / "data")
    server.stop()


def _image(text_seed: int, size: tuple[int, int] = (600, 840)) -> Image.Image:
    image = Image.new("RGB", size, "white")
    for y in range(60, size[1] - 60, 24):  # lines of "text"
        image.paste((40 + text_seed * 20, 40, 60), (50, y, size[0] - 50 - (y * 7) % 90, y + 6))
    return image


def _jpeg(seed: int) -> bytes:
    buffer = io.BytesIO()
    _image(seed).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    first, *rest = [_image(n) for n in range(pages)]
    first.save(buffer, "PDF", save_all=True, append_images=rest, resolution=100)
    return buffer.getvalue()


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join(p.extract_text() for p in pages).replace("\n", "").replace(" ", "")


def _row(page: AcceptancePage, code: str) -> int:
    checks = page.checklist_panel.model.checks()
    return next(n for n, c in enumerate(checks) if c.material.standard_code == code)


def _cell(page: AcceptancePage, row: int, column: int) -> str:
    model = page.checklist_panel.model
    return str(model.index(row, column).data())


def _capture(
    qtbot: Any,
    page: AcceptancePage,
    monkeypatch: pytest.MonkeyPatch,
    row: int,
    steps: Callable[[CaptureDialog], None],
) -> None:
    """F11 on the checklist line ``row``: the capture dialog runs ``steps``, then OK."""
    panel = page.checklist_panel
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    opened = drive_dialog(qtbot, monkeypatch, steps)
    _key(qtbot, page, Qt.Key.Key_F11)
    assert len(opened) == 1


def _key(
    qtbot: Any,
    page: AcceptancePage,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key pressed in the checklist, the page being the active window again (a dialog
    that was shown took that from it)."""
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.checklist_panel.focus_checklist()
    qtbot.keyClick(page.checklist_panel.view, key, modifier)


def _identify(qtbot: Any, page: AcceptancePage) -> None:
    """The applicant's ID typed at the window: the library is asked (off the GUI thread)."""
    with qtbot.waitSignal(page.library.answered, timeout=15_000):
        fill_applicant(qtbot, page.applicant_panel, APPLICANT_ID)


def _accept(qtbot: Any, page: AcceptancePage) -> Case:
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    saved: list[Case] = []
    page.caseSaved.connect(saved.append)
    assert page.decision_panel.confirm(), page.decision_panel.errors_text()
    qtbot.waitUntil(lambda: not page.is_saving())  # the lines' PDFs joined off the GUI thread
    (case,) = saved
    return case


def _push_case(store: LocalStore, engine: SyncEngine, number: str, *, applicant: bool) -> None:
    """One accepted case pushes exactly its case.create and, when the window remembered new
    or changed applicant data (AcceptancePage._remember), applicant.save; a returning
    applicant whose data did not change adds none. All applied."""
    waiting = [(op.kind, op.ref) for op in store.outbox.pending()]
    expected = [(OpKind.CASE_CREATE, number)]
    if applicant:
        expected.append((OpKind.APPLICANT_SAVE, APPLICANT_ID))
    assert waiting == expected
    report, _ = engine.sync_once()
    assert report == PushReport(sent=len(expected), applied=len(expected)), report


def _portrait(data: bytes) -> bool:
    """An image a browser shows (PNG/JPEG) of an upright A4-like page."""
    image = Image.open(io.BytesIO(data))
    return image.format in ("PNG", "JPEG") and image.height > image.width > 100


def _department(base_url: str) -> requests.Session:
    session = requests.Session()
    login = session.post(
        f"{base_url}/api/v1/auth/login",
        json={"username": "scjg01", "password": PASSWORD, "window_no": None},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    session.headers["Authorization"] = f"Bearer {login.json()['token']}"
    return session


def _server_rows(url: str, model: Any, **where: Any) -> list[Any]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return list(session.scalars(select(model).filter_by(**where)))
    finally:
        engine.dispose()


def test_captured_materials_travel_are_approved_and_reused(
    central: tuple[EmbeddedServer, str],
    tmp_path: Path,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, data_dir = central
    db_url = f"sqlite:///{Path(data_dir).parent / 'central.db'}"
    store = LocalStore(tmp_path / "window.db")
    client = CentralClient(server.base_url, timeout=10.0)
    login = client.login("clerk01", PASSWORD, 1)
    assert client.download_catalog(store) >= 45
    engine = SyncEngine(store, client, window_no=1)
    scanner_folder = tmp_path / "scanner"
    scanner_folder.mkdir()
    devices = CaptureDevices(scan_folder=scanner_folder)
    # demo: the 高拍仪 is the demo's test frame source
    context = window_context(store, client, login.user, 1, capture_devices=devices, demo=True)
    page = AcceptancePage(context)
    show_active(qtbot, page)
    page.start_new()
    sources = page.page_sources()
    assert [type(s) for s in sources] == [TestFrameSource, HotFolderSource]

    # 1. Three lines captured at the window from the three sources, then accepted.
    _identify(qtbot, page)
    setup = store.catalog.item(SETUP)
    assert setup is not None and setup.department_code == "HSSCJG"
    page.set_item(setup)
    id_line, holder, lease = (_row(page, c) for c in (ID_COPY, "QY-GDZG", "QY-ZS"))

    def camera(dialog: CaptureDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Space)  # the ID card's front …
        qtbot.keyClick(dialog, Qt.Key.Key_Space)  # … and back
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
        dialog.valid_edit.setText("2036-05-01")  # what the card says, for the library
        dialog.issuer_edit.setText("黄石市公安局黄石港分局")

    def scanner(dialog: CaptureDialog) -> None:
        (scanner_folder / "IMG_0001.jpg").write_bytes(_jpeg(1))  # the driver saves a scan
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=15_000)

    lease_file = tmp_path / "租赁合同.pdf"
    lease_file.write_bytes(_pdf(3))

    def from_file(dialog: CaptureDialog) -> None:
        monkeypatch.setattr(
            CaptureDialog, "ask_files", classmethod(lambda cls, parent: [lease_file])
        )
        qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 3)

    for row, steps in ((id_line, camera), (holder, scanner), (lease, from_file)):
        _capture(qtbot, page, monkeypatch, row, steps)
    assert not (scanner_folder / "IMG_0001.jpg").exists()  # taken: moved out of the folder
    ecopies = [_cell(page, row, ChecklistModel.ECOPY) for row in (id_line, holder, lease)]
    assert [text.split()[-1] for text in ecopies] == ["2页", "1页", "3页"], ecopies
    case = _accept(qtbot, page)
    kept = {a.line_no: a for a in store.attachments.of_case(case.number)}
    assert {n: a.pages for n, a in kept.items()} == {id_line: 2, holder: 1, lease: 3}
    assert all(a.media_type == "application/pdf" for a in kept.values())

    # 2. Pushed and uploaded: every file on the server once, with its hash.
    _push_case(store, engine, case.number, applicant=True)
    assert store.attachments.counts() == {"stored": 3}
    rows = {r.line_no: r for r in _server_rows(db_url, CaseAttachment, case_number=case.number)}
    assert sorted(rows) == sorted(kept)
    blobs = DiskBlobStore(Path(data_dir) / "blobs")
    for local in kept.values():
        row = rows[local.line_no]
        assert row.stored_at is not None and row.sha256 == local.sha256
        assert sha256_of(blobs.read(row.sha256)) == (local.sha256, local.size)
    filed = _server_rows(db_url, LibraryEntry, id_number=APPLICANT_ID)
    assert {e.material_code for e in filed} == {ID_COPY, "QY-GDZG", "QY-ZS"}

    # 3. 市场监管 takes the case, sees its materials, approves it with the licence.
    dept = _department(server.base_url)
    api = f"{server.base_url}/api/v1/department/cases/{case.number}"
    assert dept.post(f"{api}/take", json={"note": "材料齐全"}, timeout=10).status_code == 200
    materials_api = f"{server.base_url}/api/v1/attachments"
    listing = dept.get(f"{materials_api}/cases/{case.number}", timeout=10)
    assert listing.status_code == 200, listing.text
    seen = {line["line_no"]: line for line in listing.json()["lines"] if line["files"]}
    assert sorted(seen) == sorted(kept)
    for local in kept.values():
        [shown] = seen[local.line_no]["files"]
        assert (shown["sha256"], shown["pages"], shown["captured_by"]) == (
            local.sha256,
            local.pages,
            "clerk01",
        )
        for number in range(1, local.pages + 1):
            image = dept.get(f"{materials_api}/{shown['upload_id']}/pages/{number}", timeout=30)
            assert image.status_code == 200, image.text
            assert _portrait(image.content)  # the captured page, rendered for the browser
    scan = _pdf(1)
    stored_scan = dept.post(
        f"{server.base_url}/api/v1/library/result-files",
        data=scan,
        headers={"Content-Type": "application/octet-stream"},
        timeout=10,
    )
    assert stored_scan.status_code == 200, stored_scan.text
    assert stored_scan.json()["sha256"] == hashlib.sha256(scan).hexdigest()
    approval = {
        "result_name": "营业执照",
        "result_number": "91420200MA4K8XY12Q",
        "result_material_code": LICENCE,
        "result_valid_until": "2046-11-22",
        "result_issuer": "黄石市市场监督管理局",
        "result_file_sha256": stored_scan.json()["sha256"],
    }
    approved = dept.post(f"{api}/approve", json=approval, timeout=10)
    assert approved.status_code == 200, approved.text
    [licence] = _server_rows(db_url, LibraryEntry, id_number=APPLICANT_ID, material_code=LICENCE)
    assert (licence.origin, licence.source_case, licence.pages) == ("issued", case.number, 1)
    [id_copy] = [e for e in filed if e.material_code == ID_COPY]
    assert (str(id_copy.valid_until), id_copy.issuer) == ("2036-05-01", "黄石市公安局黄石港分局")

    # 4. The window learns the approval; the applicant comes back for another item.
    assert engine.pull_once() >= 1
    done = store.cases.get(case.number)
    assert done is not None and done.status is CaseStatus.RESULT_READY
    page.start_new()
    _identify(qtbot, page)
    food = store.catalog.item(FOOD)
    assert food is not None
    page.set_item(food)
    licence_line, id_again = _row(page, LICENCE), _row(page, ID_COPY)
    assert _cell(page, licence_line, ChecklistModel.STATE).endswith(
        "库中已有（有效期至 2046-11-22）·免提交"
    )
    assert _cell(page, id_again, ChecklistModel.STATE).endswith(
        "库中已有（有效期至 2036-05-01）·免提交"
    )
    _key(qtbot, page, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    second = _accept(qtbot, page)
    linked = {n: c.library_entry for n, c in enumerate(second.checks) if c.library_entry}
    assert linked == {licence_line: licence.entry_id, id_again: id_copy.entry_id}
    assert all(second.checks[n].state is MaterialState.RECEIVED for n in linked)
    notice = _text(render_document(DocType.ACCEPTANCE_NOTICE, second, make_print_context(context)))
    assert notice.count("库中调取·免提交") == 2
    # the reuses travel inside case.create; the returning applicant is unchanged
    _push_case(store, engine, second.number, applicant=False)
    uses = _server_rows(db_url, LibraryUse, case_number=second.number, kind="reuse")
    assert sorted((u.line_no, u.entry_id) for u in uses) == sorted(linked.items())

    # The department sees the reused lines as the library's files, nothing copied to the case.
    listing = dept.get(f"{materials_api}/cases/{second.number}", timeout=10)
    assert listing.status_code == 200, listing.text
    reused_lines = {
        line["line_no"]: line["library"] for line in listing.json()["lines"] if line["library"]
    }
    assert sorted(reused_lines) == sorted(linked)
    assert all(shown["available"] for shown in reused_lines.values())
    assert not any(line["files"] for line in listing.json()["lines"] if line["line_no"] in linked)
    licence_page = dept.get(
        f"{materials_api}/library/{licence.entry_id}/pages/1",
        params={"case": second.number},
        timeout=30,
    )
    assert licence_page.status_code == 200, licence_page.text
    assert _portrait(licence_page.content)
    viewed = _server_rows(db_url, LibraryUse, case_number=second.number, kind="view")
    assert [(u.entry_id, u.used_by) for u in viewed] == [(licence.entry_id, "scjg01")]
    store.close()

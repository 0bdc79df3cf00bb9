"""End to end, issue 14: materials captured at a window travel with the case, the department
approves it with a licence, and the same applicant's next case reuses the licence and the ID
copy from the shared library (一号匹配 / 免提交).

The demo hall on the embedded central server (uvicorn, SQLite, disk blob store); window 1's
PC with its local store and sync engine:

1. 企业设立登记 for 王小明: three checklist lines captured from the three page sources — the
   ID copy from the 高拍仪 (a ``TestFrameSource``, two frames), the shareholder's ID proof from
   the scanner's hot folder (``HotFolderSource``, the driver's file settling), the lease from a
   PDF file (split into its pages); the pages are staged on the PC while the clerk accepts
   (``store.capture``), each line joined into one PDF when the case is saved, in the same
   commit that ends the staging;
2. the sync engine pushes the case and uploads the three files; the server holds each with its
   SHA-256 and files it for the applicant in the hall's library;
3. 市场监管 (scjg01) takes the case, lists its materials line by line (file, pages, who
   captured it) and views every page as an image, uploads the licence's scan and approves the
   case with the licence's number, validity and issuer: the licence enters the library;
4. the window pulls the approval; 王小明 comes back for 食品经营许可: the lookup offers the
   licence (营业执照) and the ID copy (经办人居民身份证) 库中已有（有效期至 …）·免提交,
   ``reuse_all`` (what the window's one key does) reuses both (linked, nothing copied), the
   case goes up, and the server accepts and logs both reuses; the department sees those two
   lines as the library's files (nothing copied) and its view of the licence is logged.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from PIL import Image
from sqlalchemy import select

from clerk_app.central.attachment_models import CaseAttachment
from clerk_app.central.blob_store import DiskBlobStore, sha256_of
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.central.library_models import LibraryEntry, LibraryUse
from clerk_app.devices.pages import joined_pdf, pages_from_bytes, pdf_page_count
from clerk_app.domain.attachments import sniff_media_type
from clerk_app.domain.capture import Capture
from clerk_app.domain.cases import Case, CaseStatus, IdKind, MaterialCheck, Person
from clerk_app.domain.catalog import Item
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.library import OfferKind, offers
from clerk_app.domain.library_reuse import reuse_all
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.store.attachments import NewAttachment
from clerk_app.store.drafts import DraftKey
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine
from clerk_app.sync.library import look_up
from clerk_app.ui.capture.sources import HotFolderSource, PageSource, TestFrameSource
from tests.central.conftest import make_case

PASSWORD = "Demo@2026"
SETUP = "420200-XK-0201-01"  # 企业设立登记（有限责任公司）, decided by 市场监管 (HSSCJG)
FOOD = "420200-XK-0209-01"  # 食品经营许可（新办）: asks for the 营业执照 and the 经办人 ID
LICENCE = "ZZ-YYZZ"
ID_COPY = "ID-JBR"
APPLICANT = Person(IdKind.RESIDENT_ID, "420202198805061238", "王小明", "13907141234", "黄石港区")
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
    for y in range(60, size[1] - 60, 24):  # lines of "text" a deskew/crop can find
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


class Arrivals:
    """What a page source delivered (its ``page_arrived``), and its complaints."""

    def __init__(self, source: PageSource) -> None:
        self.pages: list[tuple[bytes, str]] = []
        self.failures: list[str] = []
        source.page_arrived.connect(lambda data, origin: self.pages.append((data, origin)))
        source.failed.connect(self.failures.append)

    def capture(self) -> Capture:
        """The strip's pages (a PDF split into its pages), as the capture dialog takes them."""
        found: list[Any] = []
        for data, origin in self.pages:
            media_type = sniff_media_type(data)
            assert media_type is not None, origin
            found.extend(pages_from_bytes(data, media_type, origin))
        return tuple(found)


def _line(item: Item, code: str) -> int:
    return next(n for n, m in enumerate(item.checklist(None)) if m.standard_code == code)


def _case(item: Item, checks: tuple[MaterialCheck, ...] = ()) -> Case:
    """The applicant's case accepted at window 1 now, every line received unless ``checks``
    says otherwise (numbered when stored)."""
    base = make_case(item, applicant=APPLICANT)
    assert [c.material for c in base.checks] == list(item.checklist(None))
    return replace(
        base,
        number="",
        checks=checks or base.checks,
        received_at=datetime.now().astimezone(),
        promised_date=WorkdayCalendar().add_working_days(date.today(), item.promised_days),
        events=(),
    )


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
    central: tuple[EmbeddedServer, str], tmp_path: Path, qtbot: Any
) -> None:
    server, data_dir = central
    db_url = f"sqlite:///{Path(data_dir).parent / 'central.db'}"
    store = LocalStore(tmp_path / "window.db")
    client = CentralClient(server.base_url)
    client.login("clerk01", PASSWORD, 1)
    assert client.download_catalog(store) >= 45
    engine = SyncEngine(store, client, window_no=1)
    setup = store.catalog.item(SETUP)
    assert setup is not None and setup.department_code == "HSSCJG"
    materials = setup.checklist(None)
    key = DraftKey("HS01", 1, "clerk01")

    # 1. Three lines captured from three sources, staged on the PC while accepting.
    camera = TestFrameSource(size=(620, 877))
    shots = Arrivals(camera)
    camera.trigger()  # the ID card's front …
    camera.trigger()  # … and back
    scanner_folder = tmp_path / "scanner"
    scanner_folder.mkdir()
    now = [0.0]
    scanner = HotFolderSource(scanner_folder, settle_seconds=1.0, clock=lambda: now[0])
    scanned = Arrivals(scanner)
    scanner.start()
    (scanner_folder / "IMG_0001.jpg").write_bytes(_jpeg(1))
    scanner.scan()  # seen: the driver may still be writing
    assert scanned.pages == []
    now[0] = 1.5
    scanner.scan()  # settled: taken and moved away
    scanner.stop()
    assert len(scanned.pages) == 1 and not scanned.failures
    assert not (scanner_folder / "IMG_0001.jpg").exists()
    lease = _pdf(3)
    from_file = pages_from_bytes(lease, "application/pdf", "文件 租赁合同.pdf")
    id_line, holder, lease_line = (_line(setup, c) for c in (ID_COPY, "QY-GDZG", "QY-ZS"))
    staged = {
        materials[id_line].name: shots.capture(),
        materials[holder].name: scanned.capture(),
        materials[lease_line].name: tuple(from_file),
    }
    assert [len(p) for p in staged.values()] == [2, 1, 3]
    at = hall_now()
    for name, pages in staged.items():
        store.capture.keep(key, name, pages, at)
    assert {n: len(p) for n, p in store.capture.load(key).items()} == {
        n: len(p) for n, p in staged.items()
    }

    # Accepted: each captured line joined into one PDF, stored with the case; the staging ends
    # in the same commit.
    case = store.cases.save_new(_case(setup))
    files = []
    for line_no, material in enumerate(materials):
        if material.name not in staged:
            continue
        pages = staged[material.name]
        is_id = material.standard_code == ID_COPY
        files.append(
            NewAttachment(
                case_number=case.number,
                line_no=line_no,
                data=joined_pdf(pages, title=material.name),
                file_name=f"{material.name}.pdf",
                material_code=material.standard_code,
                pages=len(pages),
                valid_until="2036-05-01" if is_id else None,
                issuer="黄石市公安局黄石港分局" if is_id else "",
            )
        )
    kept = store.attachments.add_all(
        files, captured_by="clerk01", captured_at=at, then=lambda c: store.capture.release(c, key)
    )
    assert store.capture.load(key) == {}
    assert [pdf_page_count(f.data) for f in files] == [f.pages for f in files]

    # 2. Pushed and uploaded: every file on the server once, with its hash.
    report, _ = engine.sync_once()
    assert report.applied >= 1 and report.remaining == 0
    assert store.attachments.counts() == {"stored": 3}
    rows = {r.line_no: r for r in _server_rows(db_url, CaseAttachment, case_number=case.number)}
    assert sorted(rows) == sorted(f.line_no for f in files)
    blobs = DiskBlobStore(Path(data_dir) / "blobs")
    for local in kept:
        row = rows[local.line_no]
        assert row.stored_at is not None and row.sha256 == local.sha256
        assert sha256_of(blobs.read(row.sha256)) == (local.sha256, local.size)
    filed = _server_rows(db_url, LibraryEntry, id_number=APPLICANT.id_number)
    assert {e.material_code for e in filed} == {ID_COPY, "QY-GDZG", "QY-ZS"}

    # 3. 市场监管 takes it and approves it with the licence (its scan uploaded first).
    dept = _department(server.base_url)
    api = f"{server.base_url}/api/v1/department/cases/{case.number}"
    assert dept.post(f"{api}/take", json={"note": "材料齐全"}, timeout=10).status_code == 200
    # The department sees each captured line's file, its pages as images, who captured it.
    materials_api = f"{server.base_url}/api/v1/attachments"
    listing = dept.get(f"{materials_api}/cases/{case.number}", timeout=10)
    assert listing.status_code == 200, listing.text
    seen = {line["line_no"]: line for line in listing.json()["lines"] if line["files"]}
    assert sorted(seen) == sorted(f.line_no for f in files)
    for local in kept:
        [shown] = seen[local.line_no]["files"]
        assert (shown["sha256"], shown["pages"], shown["captured_by"]) == (
            local.sha256,
            local.pages,
            "clerk01",
        )
        for page in range(1, local.pages + 1):
            image = dept.get(f"{materials_api}/{shown['upload_id']}/pages/{page}", timeout=30)
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
    [licence] = _server_rows(
        db_url, LibraryEntry, id_number=APPLICANT.id_number, material_code=LICENCE
    )
    assert (licence.origin, licence.source_case, licence.pages) == ("issued", case.number, 1)

    # 4. The window learns the approval; the applicant comes back for another item.
    assert engine.pull_once() >= 1
    done = store.cases.get(case.number)
    assert done is not None and done.status is CaseStatus.RESULT_READY
    food = store.catalog.item(FOOD)
    assert food is not None
    answer = look_up(client, APPLICANT.id_kind, APPLICANT.id_number, why="A031")
    offered = offers(food.checklist(None), answer.entries, answer.as_of)
    licence_line, id_again = _line(food, LICENCE), _line(food, ID_COPY)
    assert sorted(offered) == sorted([licence_line, id_again])
    assert all(o.kind is OfferKind.REUSABLE for o in offered.values())
    assert offered[licence_line].text == "库中已有（有效期至 2046-11-22）·免提交"
    assert offered[id_again].text == "库中已有（有效期至 2036-05-01）·免提交"
    checks = list(_case(food).checks)
    for line_no, check in reuse_all(checks, offered).items():  # the one key
        checks[line_no] = check
    assert checks[licence_line].library_entry == licence.entry_id
    assert checks[licence_line].copies_received == 0
    second = store.cases.save_new(_case(food, tuple(checks)))
    report, _ = engine.sync_once()
    assert (report.applied, report.rejected, report.conflict) == (1, 0, 0), report
    uses = _server_rows(db_url, LibraryUse, case_number=second.number)
    assert sorted((u.kind, u.line_no) for u in uses) == [
        ("reuse", min(licence_line, id_again)),
        ("reuse", max(licence_line, id_again)),
    ]
    assert {u.entry_id for u in uses} == {
        licence.entry_id,
        offered[id_again].entry.entry_id,
    }
    # The department sees the reused lines as the library's files, nothing copied to the case.
    listing = dept.get(f"{materials_api}/cases/{second.number}", timeout=10)
    assert listing.status_code == 200, listing.text
    reused_lines = {
        line["line_no"]: line["library"] for line in listing.json()["lines"] if line["library"]
    }
    assert sorted(reused_lines) == sorted([licence_line, id_again])
    assert all(shown["available"] and not shown.get("files") for shown in reused_lines.values())
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

"""The department sees the file: a case's materials line by line, pages as images, who may
look (and the audit of each look), and 不清晰，退回补正 naming the line and page; on SQLite and
PostgreSQL."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pypdf
import pytest
from PIL import Image
from sqlalchemy import select

from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.library_models import LibraryEntry, LibraryUse
from clerk_app.central.models import CaseRecord
from clerk_app.domain.cases import Case
from clerk_app.printing import PrintContext
from clerk_app.printing.department_docs import DepartmentDoc, render_department_document
from tests.attachment_helpers import jpeg_bytes
from tests.central.conftest import ID_ZHANG, PASSWORD, Central
from tests.central.test_backoffice import MONDAY, Backoffice, backoffice_of

API = "/api/v1/attachments"
COLOURS = [(200, 30, 30), (30, 160, 40), (30, 40, 190)]  # page 1 red, 2 green, 3 blue


def three_page_pdf() -> bytes:
    """An A4 PDF (at 72 dpi) whose pages are red, green and blue."""
    pages = [Image.new("RGB", (595, 842), colour) for colour in COLOURS]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=72.0)
    return buffer.getvalue()


def upload(
    central: Central,
    headers: dict[str, str],
    number: str,
    line_no: int,
    data: bytes,
    *,
    media_type: str,
    pages: int = 1,
    finish: bool = True,
) -> str:
    """A file uploaded through the API like the counter does: start, one chunk, finish."""
    upload_id = str(uuid.uuid4())
    body = {
        "upload_id": upload_id,
        "case_number": number,
        "line_no": line_no,
        "material_code": f"M{line_no}",
        "file_name": f"材料{line_no}.{'pdf' if media_type.endswith('pdf') else 'jpg'}",
        "media_type": media_type,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": pages,
        "captured_by": "clerk01",
        "captured_at": "2026-11-23T09:40:00+08:00",
    }
    started = central.client.post(f"{API}/uploads", json=body, headers=headers)
    assert started.status_code == 200, started.text
    if started.json()["stored"]:
        return upload_id
    put = central.client.put(
        f"{API}/uploads/{upload_id}",
        params={"offset": 0},
        content=data,
        headers={**headers, "Content-Type": "application/octet-stream"},
    )
    assert put.status_code == 200, put.text
    if finish:
        done = central.client.post(f"{API}/uploads/{upload_id}/finish", headers=headers)
        assert done.status_code == 200, done.text
    return upload_id


def library_entry(url: str, sha256: str, source_case: str) -> str:
    """A shared-library entry of hall HS01 naming the blob; its id."""
    entry_id = str(uuid.uuid4())
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            session.add(
                LibraryEntry(
                    entry_id=entry_id,
                    hall_code="HS01",
                    id_kind="resident_id",
                    nationality="",
                    id_number=ID_ZHANG,
                    material_code="M0",
                    material_name="居民身份证",
                    issuer="黄石市公安局",
                    document_number="",
                    valid_until=None,
                    origin="captured",
                    source_case=source_case,
                    sha256=sha256,
                    pages=3,
                    filed_at=datetime(2026, 11, 20, tzinfo=UTC),
                    filed_by="clerk01",
                )
            )
            session.commit()
    finally:
        engine.dispose()
    return entry_id


def more_staff() -> list[dict[str, Any]]:
    return [
        {
            "username": f"v_{role}",
            "display_name": f"{role}账户",
            "role": role,
            "password": PASSWORD,
            "window": 2 if role == "helpdesk" else None,
            "department_code": None,
        }
        for role in ("helpdesk", "kiosk")
    ]


@dataclass
class Viewing:
    bo: Backoffice
    number: str
    pdf_id: str
    jpeg_id: str
    jpeg: bytes
    pdf: bytes

    @property
    def central(self) -> Central:
        return self.bo.central

    def get(self, path: str, headers: dict[str, str], **params: Any) -> Any:
        return self.central.client.get(f"{API}{path}", headers=headers, params=params)

    def audits(self, action: str) -> list[AuditEntry]:
        engine = make_engine(self.central.url)
        try:
            with make_session_factory(engine)() as session:
                return list(
                    session.scalars(
                        select(AuditEntry)
                        .where(AuditEntry.action == action)
                        .order_by(AuditEntry.seq)
                    )
                )
        finally:
            engine.dispose()

    def case(self) -> Case:
        engine = make_engine(self.central.url)
        try:
            with make_session_factory(engine)() as session:
                record = session.get(CaseRecord, self.number)
                assert record is not None
                return Case.from_dict(record.data)
        finally:
            engine.dispose()


@pytest.fixture
def viewing(central: Central) -> Iterator[Viewing]:
    bo = backoffice_of(central, *more_staff())
    case = bo.upload(1)
    pdf, jpeg = three_page_pdf(), jpeg_bytes((640, 480), seed=3)
    pdf_id = upload(central, bo.clerk, case.number, 0, pdf, media_type="application/pdf", pages=3)
    jpeg_id = upload(central, bo.clerk, case.number, 1, jpeg, media_type="image/jpeg")
    yield Viewing(bo, case.number, pdf_id, jpeg_id, jpeg, pdf)


def test_who_may_see_the_files(viewing: Viewing) -> None:
    central, bo = viewing.central, viewing.bo
    allowed = {
        "department of the case": bo.a,
        "window clerk": bo.clerk,
        "supervisor": central.login("super01"),
        "admin": central.login("hs01_admin"),
    }
    not_found = {"other department": bo.b, "other hall": central.login("hs02_clerk01", window_no=1)}
    forbidden = {
        "help desk": central.login("v_helpdesk", window_no=2),
        "kiosk": central.login("v_kiosk"),
    }
    paths = [
        f"/cases/{viewing.number}",
        f"/{viewing.pdf_id}/pages/1",
        f"/{viewing.pdf_id}/file",
    ]
    for path in paths:
        for who, headers in allowed.items():
            assert viewing.get(path, headers).status_code == 200, (who, path)
        for who, headers in not_found.items():
            assert viewing.get(path, headers).status_code == 404, (who, path)
        for who, headers in forbidden.items():
            answer = viewing.get(path, headers)
            assert answer.status_code == 403, (who, path)
            assert "无权查看案件的电子材料" in answer.json()["detail"]
    assert viewing.get(f"/cases/{viewing.number}", {}).status_code == 401


def test_listing_names_lines_files_pages_and_who_captured(viewing: Viewing) -> None:
    answer = viewing.get(f"/cases/{viewing.number}", viewing.bo.a)
    assert answer.status_code == 200, answer.text
    listed = answer.json()
    assert listed["case_number"] == viewing.number and listed["version"] == 1
    lines = {line["line_no"]: line for line in listed["lines"]}
    item = viewing.bo.item
    assert lines[0]["material_name"] == item.materials[0].name
    assert lines[0]["material_code"] == item.materials[0].code
    assert lines[0]["state_label"] == "已收" and lines[0]["pages"] == 3
    (pdf,) = lines[0]["files"]
    assert pdf["upload_id"] == viewing.pdf_id and pdf["pages"] == 3
    assert pdf["state"] == "stored" and pdf["state_label"] == "已保存"
    assert pdf["captured_by"] == "clerk01" and pdf["uploaded_by"] == "clerk01"
    assert pdf["size"] == len(viewing.pdf) and pdf["media_type"] == "application/pdf"
    assert [f["upload_id"] for f in lines[1]["files"]] == [viewing.jpeg_id]
    # every line of the checklist is there, with or without a file
    assert len(lines) == len(item.materials)
    # a file still arriving says so, and is not counted in the line's pages
    half = upload(
        viewing.central,
        viewing.bo.clerk,
        viewing.number,
        1,
        jpeg_bytes(seed=9),
        media_type="image/jpeg",
        finish=False,
    )
    again = viewing.get(f"/cases/{viewing.number}", viewing.bo.a).json()
    line1 = next(line for line in again["lines"] if line["line_no"] == 1)
    states = {f["upload_id"]: f["state_label"] for f in line1["files"]}
    assert states == {viewing.jpeg_id: "已保存", half: "上传中"} and line1["pages"] == 1
    assert viewing.get(f"/{half}/pages/1", viewing.bo.a).status_code == 409


def test_pdf_pages_render_as_png_of_the_right_page(viewing: Viewing) -> None:
    headers = viewing.bo.a
    for number, colour in enumerate(COLOURS, start=1):
        answer = viewing.get(f"/{viewing.pdf_id}/pages/{number}", headers)
        assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
        assert "no-store" in answer.headers["cache-control"]
        image = Image.open(io.BytesIO(answer.content))
        assert image.format == "PNG"
        # A4 at 150 dpi: 1240 × 1754 pixels, readable
        assert abs(image.width - 1240) <= 2 and abs(image.height - 1754) <= 2
        pixel = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
        assert isinstance(pixel, tuple)
        assert all(abs(a - b) <= 12 for a, b in zip(pixel, colour, strict=True)), (number, pixel)
    thumb = viewing.get(f"/{viewing.pdf_id}/pages/2", headers, thumb=1)
    small = Image.open(io.BytesIO(thumb.content))
    assert small.format == "JPEG" and max(small.size) <= 200
    whole = viewing.get(f"/{viewing.pdf_id}/file", headers)
    assert whole.content == viewing.pdf and whole.headers["content-type"] == "application/pdf"
    # a small JPEG is its own page, bytes as stored
    jpeg = viewing.get(f"/{viewing.jpeg_id}/pages/1", headers)
    assert jpeg.content == viewing.jpeg and jpeg.headers["content-type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/{pdf}/pages/4", 404),
        ("/{pdf}/pages/0", 422),
        ("/{pdf}/pages/-1", 422),
        ("/{pdf}/pages/x", 422),
        ("/{pdf}/pages/99999", 422),
        ("/{jpeg}/pages/2", 404),
        ("/not-a-uuid/pages/1", 422),
        ("/00000000-0000-0000-0000-000000000000/pages/1", 404),
        ("/00000000-0000-0000-0000-000000000000/file", 404),
        ("/cases/HS01-01-20261123-9999", 404),
        ("/library/00000000-0000-0000-0000-000000000000/pages/1?case={number}", 404),
    ],
)
def test_bad_pages_and_ids_are_4xx(viewing: Viewing, path: str, status: int) -> None:
    filled = path.format(pdf=viewing.pdf_id, jpeg=viewing.jpeg_id, number=viewing.number)
    answer = viewing.central.client.get(f"{API}{filled}", headers=viewing.bo.a)
    assert answer.status_code == status, answer.text
    assert answer.json()["detail"]


def test_views_are_audited_once_per_file_and_user_every_few_minutes(viewing: Viewing) -> None:
    for number in (1, 2, 3, 1):
        viewing.get(f"/{viewing.pdf_id}/pages/{number}", viewing.bo.a, thumb=1)
    views = viewing.audits("attachment.view")
    assert len(views) == 1
    assert views[0].actor == "dept_a" and views[0].subject == viewing.number
    assert views[0].detail["upload_id"] == viewing.pdf_id and views[0].detail["page"] == 1
    # another file, another user: their own entries
    viewing.get(f"/{viewing.jpeg_id}/pages/1", viewing.bo.a)
    viewing.get(f"/{viewing.pdf_id}/file", viewing.bo.clerk)
    assert [(v.actor, v.detail["upload_id"]) for v in viewing.audits("attachment.view")[1:]] == [
        ("dept_a", viewing.jpeg_id),
        ("clerk01", viewing.pdf_id),
    ]
    # a listing reads no file: no view entry
    viewing.get(f"/cases/{viewing.number}", viewing.bo.a)
    assert len(viewing.audits("attachment.view")) == 3
    # six minutes later the same page is a new look
    viewing.bo.at(MONDAY + timedelta(minutes=6))
    viewing.get(f"/{viewing.pdf_id}/pages/2", viewing.bo.a)
    assert len(viewing.audits("attachment.view")) == 4


def _flat(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_unreadable_page_sends_the_case_back_for_correction_naming_the_line(
    viewing: Viewing,
) -> None:
    bo, number = viewing.bo, viewing.number
    body = {"upload_id": viewing.pdf_id, "page": 2, "reason": "印章模糊", "version": 1}
    url = f"{API}/cases/{number}/unreadable"
    # only a case under review goes back for 补正
    early = bo.central.client.post(url, json=body, headers=bo.a)
    assert early.status_code == 409 and "审批中" in early.json()["detail"]
    assert bo.post(number, "take", {"version": 1}).status_code == 200
    stale = bo.central.client.post(url, json=body, headers=bo.a)
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    for wrong, status in (({"page": 9}, 422), ({"reason": ""}, 422), ({"upload_id": "x"}, 422)):
        answer = bo.central.client.post(url, json={**body, "version": 2, **wrong}, headers=bo.a)
        assert answer.status_code == status, (wrong, answer.text)
    assert bo.central.client.post(url, json={**body, "version": 2}, headers=bo.b).status_code == 404
    assert (
        bo.central.client.post(url, json={**body, "version": 2}, headers=bo.clerk).status_code
        == 403
    )
    done = bo.central.client.post(url, json={**body, "version": 2}, headers=bo.a)
    assert done.status_code == 200, done.text
    view = done.json()
    assert view["status"] == "suspended" and view["version"] == 3
    (notice,) = view["documents"]
    (line,) = notice["corrections"]
    material = bo.item.materials[0].name
    assert line["material"] == f"{material}（材料清单第1项）"
    assert "第2页不清晰：印章模糊" in line["requirement"] and "材料0.pdf" in line["requirement"]
    (marked,) = viewing.audits("attachment.unreadable")
    assert marked.actor == "dept_a" and marked.detail["page"] == 2
    assert marked.detail["reason"] == "印章模糊"
    assert [a.subject for a in viewing.audits("case.correction")] == [number]
    # the window prints the 补正通知书 with the line and the page on it
    ctx = PrintContext("黄石市民之家", "1号窗口", "张敏", datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    printed = _flat(
        render_department_document(DepartmentDoc.CORRECTION_NOTICE, viewing.case(), ctx)
    )
    assert "材料清单第1项" in printed and "第2页不清晰：印章模糊" in printed


def test_a_line_reused_from_the_library_shows_the_entrys_file(viewing: Viewing) -> None:
    """共享库调取: the line names a library entry; its file is listed and viewed (audited, and
    logged as a view of the entry), nothing copied into the case."""
    central, bo = viewing.central, viewing.bo
    older = bo.upload(5).number
    entry_id = library_entry(central.url, hashlib.sha256(viewing.pdf).hexdigest(), older)
    engine = make_engine(central.url)
    with make_session_factory(engine)() as session:
        record = session.get(CaseRecord, viewing.number)
        assert record is not None
        data = dict(record.data)
        checks = [dict(c) for c in data["checks"]]
        checks[2]["library_entry"] = entry_id
        record.data = {**data, "checks": checks}
        session.commit()
    engine.dispose()
    listed = viewing.get(f"/cases/{viewing.number}", bo.a).json()
    line = next(x for x in listed["lines"] if x["line_no"] == 2)
    assert line["files"] == []
    assert line["library"] == {
        "entry_id": entry_id,
        "material_name": "居民身份证",
        "source_case": older,
        "pages": 3,
        "available": True,
        "label": "共享库调取",
    }
    url = f"/library/{entry_id}/pages/3"
    page = viewing.get(url, bo.a, case=viewing.number)
    assert page.status_code == 200 and page.headers["content-type"] == "image/png"
    viewing.get(url, bo.a, case=viewing.number, thumb=1)
    # only through a case that reuses it, and only for who may see that case
    assert viewing.get(url, bo.a, case=older).status_code == 404
    assert viewing.get(url, bo.b, case=viewing.number).status_code == 404
    (view,) = viewing.audits("attachment.view")
    assert view.detail["entry_id"] == entry_id and view.detail["line_no"] == 2
    engine = make_engine(central.url)
    with make_session_factory(engine)() as session:
        uses = session.scalars(select(LibraryUse).where(LibraryUse.entry_id == entry_id)).all()
    engine.dispose()
    assert [(u.kind, u.used_by, u.case_number) for u in uses] == [
        ("view", "dept_a", viewing.number)
    ]


def test_the_command_line_lists_files_and_sends_a_page_back(
    viewing: Viewing, capsys: pytest.CaptureFixture[str]
) -> None:
    from clerk_app.central import cli

    db = ["--db", viewing.central.url, "--user", "dept_a"]
    assert cli.main(["dept", "files", viewing.number, *db]) == 0
    listed = capsys.readouterr().out
    assert f"1. {viewing.bo.item.materials[0].name}：{viewing.pdf_id} 材料0.pdf 3页" in listed
    assert viewing.bo.post(viewing.number, "take", {"version": 1}).status_code == 200
    bad = ["dept", "unreadable", viewing.number, *db, "--file", viewing.pdf_id, "--page", "0"]
    assert cli.main([*bad, "--reason", "模糊"]) == 2
    assert "页码" in capsys.readouterr().err
    good = ["--file", viewing.pdf_id, "--page", "3", "--reason", "缺角", "--days", "5"]
    assert cli.main(["dept", "unreadable", viewing.number, *db, *good]) == 0
    out = capsys.readouterr().out
    assert "暂停" in out and "第3页不清晰：缺角" in out

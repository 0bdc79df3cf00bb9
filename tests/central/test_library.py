"""The shared materials library (一号匹配 / 免提交) on SQLite and PostgreSQL: filing a captured
material once, filing an approved result (with and without its file), the lookup's scope and
roles, and a checklist line's reuse (accepted and logged once, refused with the reason)."""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import func, select, update

from clerk_app.central.app import create_app
from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.catalog_io import read_catalog_file
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.demo import default_catalog_file
from clerk_app.central.library_models import LibraryEntry, LibraryUse
from clerk_app.central.services import library
from clerk_app.central.services.halls import load_hall_config
from clerk_app.domain.cases import Case, IdKind, MaterialCheck, Person
from clerk_app.domain.catalog import Item, Material
from tests.attachment_helpers import jpeg_bytes, storage_settings
from tests.central.conftest import (
    ID_LI,
    ID_ZHANG,
    PASSWORD,
    Central,
    hall_config,
    make_case,
    second_hall,
    seed_database,
)

MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in the hall
LOOKUP = "/api/v1/library/lookup"
UPLOADS = "/api/v1/attachments/uploads"
DEPT = "/api/v1/department/cases"
SETUP = "420200-XK-0201-01"  # 企业设立登记: its result is the 营业执照 (ZZ-YYZZ)
FOOD = "420200-XK-0209-01"  # 食品经营许可: line M02 asks for the 营业执照
MORTGAGE = "420200-QR-0105-01"  # 不动产抵押权首次登记: line 0 has no 材料编码
LICENCE = "ZZ-YYZZ"


def staff(username: str, role: str, window: int | None, dept: str | None = None) -> dict[str, Any]:
    return {
        "username": username,
        "display_name": f"{role}账户",
        "role": role,
        "password": PASSWORD,
        "window": window,
        "department_code": dept,
    }


@dataclass
class Lib:
    central: Central
    items: dict[str, Item]
    clerk: dict[str, str]

    def session(self) -> Any:
        engine = make_engine(self.central.url)
        return engine, make_session_factory(engine)()

    def count(self, model: Any, **where: Any) -> int:
        engine, session = self.session()
        try:
            stmt = select(func.count()).select_from(model).filter_by(**where)
            return int(session.scalar(stmt) or 0)
        finally:
            session.close()
            engine.dispose()

    def entries(self) -> list[LibraryEntry]:
        engine, session = self.session()
        try:
            return list(session.scalars(select(LibraryEntry).order_by(LibraryEntry.filed_at)))
        finally:
            session.close()
            engine.dispose()

    def add_entry(self, **kw: Any) -> str:
        values: dict[str, Any] = {
            "entry_id": str(uuid.uuid4()),
            "hall_code": "HS01",
            "id_kind": "resident_id",
            "nationality": "",
            "id_number": ID_ZHANG,
            "material_code": LICENCE,
            "material_name": "营业执照",
            "issuer": "黄石市市场监督管理局",
            "document_number": "91420200MA4K000001",
            "valid_until": None,
            "origin": "issued",
            "source_case": "HS01-01-20250101-0001",
            "sha256": None,
            "pages": 0,
            "filed_at": MONDAY,
            "filed_by": "scjg01",
            **kw,
        }
        engine, session = self.session()
        try:
            session.add(LibraryEntry(**values))
            session.commit()
        finally:
            session.close()
            engine.dispose()
        return str(values["entry_id"])

    def send(self, case: Case, headers: dict[str, str] | None = None) -> Any:
        return self.central.client.post(
            "/api/v1/cases", json=case.to_dict(), headers=headers or self.clerk
        )

    def lookup(self, headers: dict[str, str] | None = None, **body: Any) -> Any:
        payload = {"id_kind": "resident_id", "id_number": ID_ZHANG, "why": "A012", **body}
        return self.central.client.post(LOOKUP, json=payload, headers=headers or self.clerk)

    def upload(self, number: str, line_no: int, data: bytes, **kw: Any) -> Any:
        body = {
            "upload_id": str(uuid.uuid4()),
            "case_number": number,
            "line_no": line_no,
            "material_code": "",
            "file_name": "scan.jpg",
            "media_type": "image/jpeg",
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "pages": 1,
            "captured_by": "clerk01",
            "captured_at": "2026-11-23T09:40:00+08:00",
            **kw,
        }
        client, headers = self.central.client, self.clerk
        started = client.post(UPLOADS, json=body, headers=headers)
        assert started.status_code == 200, started.text
        if not started.json()["stored"]:
            put = client.put(
                f"{UPLOADS}/{body['upload_id']}",
                params={"offset": 0},
                content=data,
                headers={**headers, "Content-Type": "application/octet-stream"},
            )
            assert put.status_code == 200, put.text
            done = client.post(f"{UPLOADS}/{body['upload_id']}/finish", headers=headers)
            assert done.status_code == 200, done.text
        return started


@pytest.fixture
def lib(db_url: str, tmp_path: Path) -> Iterator[Lib]:
    catalog = seed_database(db_url, read_catalog_file(default_catalog_file()))
    conf = hall_config()
    conf["staff"] += [
        staff("scjg01", "department", None, "HSSCJG"),
        staff("help01", "helpdesk", 2),
        staff("kiosk01", "kiosk", None),
    ]
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        load_hall_config(session, conf)
        session.commit()
    engine.dispose()
    app = create_app(db_url, storage_settings(db_url, tmp_path / "data", None))
    with TestClient(app) as client:
        central = Central(db_url, app, client, catalog)
        app.state.clock = lambda: MONDAY
        items = {item.code: item for item in catalog.items}
        yield Lib(central, items, central.login(window_no=1))


def _case(lib: Lib, code: str, sequence: int, applicant: Person | None = None) -> Case:
    return make_case(lib.items[code], sequence=sequence, applicant=applicant)


def _reusing(case: Case, line: int, entry_id: str) -> Case:
    checks = list(case.checks)
    checks[line] = replace(checks[line], library_entry=entry_id)
    return replace(case, checks=tuple(checks))


def _pdf(pages: int) -> bytes:
    images = [Image.new("RGB", (200, 280), (255, 255, 255 - 40 * n)) for n in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


# ------------------------------------------------------------------------------- filing


def test_a_captured_material_is_filed_once_for_the_applicant(lib: Lib) -> None:
    first = _case(lib, SETUP, 1)
    assert lib.send(first).status_code == 200
    scan = jpeg_bytes(seed=3)
    lib.upload(first.number, 1, scan, valid_until="2030-01-31", issuer="股东会")
    [entry] = lib.entries()
    assert (entry.material_code, entry.origin, entry.pages) == ("QY-ZC", "captured", 1)
    assert (entry.valid_until, entry.issuer, entry.source_case) == (
        date(2030, 1, 31),
        "股东会",
        first.number,
    )
    assert entry.sha256 == hashlib.sha256(scan).hexdigest()
    # the same file of the same applicant again (another case: stored at once, no transfer)
    second = _case(lib, SETUP, 2)
    assert lib.send(second).status_code == 200
    assert lib.upload(second.number, 1, scan).json()["stored"]
    assert len(lib.entries()) == 1
    # another file under the same code is another entry; a line without a code files nothing
    lib.upload(second.number, 1, jpeg_bytes(seed=4))
    mortgage = _case(lib, MORTGAGE, 3)
    assert lib.send(mortgage).status_code == 200
    lib.upload(mortgage.number, 0, jpeg_bytes(seed=5))
    assert len(lib.entries()) == 2
    assert lib.count(AuditEntry, action="library.file") == 2


def _approve(lib: Lib, number: str, dept: dict[str, str], **body: Any) -> Any:
    client = lib.central.client
    assert client.post(f"{DEPT}/{number}/take", json={}, headers=dept).status_code == 200
    payload = {"result_number": "91420200MA4K8XY12Q", "validity": "2046-11-22", **body}
    return client.post(f"{DEPT}/{number}/approve", json=payload, headers=dept)


def test_an_approved_result_enters_the_library(lib: Lib) -> None:
    dept = lib.central.login("scjg01")
    case = _case(lib, SETUP, 1)
    assert lib.send(case).status_code == 200
    approved = _approve(lib, case.number, dept)
    assert approved.status_code == 200, approved.text
    [entry] = lib.entries()
    # the code a bundle says the item produces; the department issues it; no file
    assert (entry.material_code, entry.material_name, entry.origin) == (
        LICENCE,
        "营业执照",
        "issued",
    )
    assert (entry.issuer, entry.document_number) == ("黄石市市场监督管理局", "91420200MA4K8XY12Q")
    assert (entry.valid_until, entry.sha256, entry.pages) == (date(2046, 11, 22), None, 0)
    assert approved.json()["backoffice"]["result"]["library_entry"] == entry.entry_id
    found = lib.lookup().json()["entries"]
    assert [(e["entry_id"], e["origin"], e["pages"]) for e in found] == [
        (entry.entry_id, "issued", 0)
    ]


def test_an_approved_result_with_its_file(lib: Lib) -> None:
    dept = lib.central.login("scjg01")
    client = lib.central.client
    octets = {**dept, "Content-Type": "application/octet-stream"}
    refused = client.post("/api/v1/library/result-files", content=b"hello", headers=octets)
    assert refused.status_code == 415 and "PDF" in refused.json()["detail"]
    clerk_try = client.post(
        "/api/v1/library/result-files",
        content=_pdf(1),
        headers={**lib.clerk, "Content-Type": "application/octet-stream"},
    )
    assert clerk_try.status_code == 403
    pdf = _pdf(2)
    stored = client.post("/api/v1/library/result-files", content=pdf, headers=octets)
    assert stored.status_code == 200, stored.text
    assert stored.json()["pages"] == 2 and stored.json()["media_type"] == "application/pdf"
    sha = stored.json()["sha256"]
    assert lib.central.app.state.blob_store.exists(sha)
    case = _case(lib, SETUP, 1)
    assert lib.send(case).status_code == 200
    unknown = _approve(lib, case.number, dept, result_material_code="NO-SUCH")
    assert unknown.status_code == 422 and "NO-SUCH" in unknown.json()["detail"]
    approved = client.post(
        f"{DEPT}/{case.number}/approve",
        json={
            "result_number": "91420200MA4K8XY12Q",
            "result_material_code": LICENCE,
            "result_valid_until": "2046-11-22",
            "result_issuer": "黄石市行政审批局",
            "result_file_sha256": sha,
        },
        headers=dept,
    )
    assert approved.status_code == 200, approved.text
    [entry] = lib.entries()
    assert (entry.sha256, entry.pages, entry.issuer) == (sha, 2, "黄石市行政审批局")
    engine, session = lib.session()
    try:
        assert library.entry_file(session, entry.entry_id) == (sha, 2, "application/pdf")
        assert library.entry_file(session, str(uuid.uuid4())) is None
    finally:
        session.close()
        engine.dispose()


# ------------------------------------------------------------------------------- lookup


def test_lookup_scope_validity_and_revocation(lib: Lib) -> None:
    valid = lib.add_entry(valid_until=date(2030, 1, 1))
    expired = lib.add_entry(material_code="QY-ZC", valid_until=date(2026, 11, 22))
    revoked = lib.add_entry(material_code="QY-ZS", revoked_at=MONDAY, revoked_by="admin")
    other_hall = lib.add_entry(hall_code="HS02", material_code="QY-GDZG")
    lib.add_entry(id_number=ID_LI)  # another applicant
    answer = lib.lookup()
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["as_of"] == "2026-11-23"
    assert body["id_number_masked"] == "1101**********002X"
    ids = {e["entry_id"] for e in body["entries"]}
    assert ids == {valid, expired}  # expired included (the counter flags it), revoked not
    assert revoked not in ids and other_hall not in ids
    shown = {e["entry_id"]: e["valid_until"] for e in body["entries"]}
    assert shown[expired] == "2026-11-22" < body["as_of"]
    assert ID_ZHANG not in answer.text  # the number comes back masked only
    # each lookup is in the audit trail with why and the entries, never the full number
    engine, session = lib.session()
    try:
        [logged] = session.scalars(select(AuditEntry).where(AuditEntry.action == "library.lookup"))
        assert logged.detail["why"] == "A012" and set(logged.detail["entries"]) == ids
        assert ID_ZHANG not in str(logged.detail)
    finally:
        session.close()
        engine.dispose()
    # HS02's own clerk sees HS02's entry only
    engine = make_engine(lib.central.url)
    with make_session_factory(engine)() as session:
        load_hall_config(session, second_hall())
        session.commit()
    engine.dispose()
    hs02 = lib.central.login("hs02_clerk01", window_no=1)
    assert {e["entry_id"] for e in lib.lookup(hs02).json()["entries"]} == {other_hall}
    # a hall that shares HS02's library (its admin's material settings) sees both
    admin = lib.central.login("hs01_admin")
    settings = {"library_shared_with": ["HS02"]}
    put = lib.central.client.put(
        "/api/v1/halls/HS01/material-settings", json=settings, headers=admin
    )
    assert put.status_code == 200, put.text
    assert {e["entry_id"] for e in lib.lookup().json()["entries"]} == {valid, expired, other_hall}
    # …and its windows may reuse it; HS02 does not see HS01's in return
    licence = lib.add_entry(hall_code="HS02", valid_until=date(2030, 1, 1))
    assert lib.send(_reusing(_case(lib, FOOD, 1), 1, licence)).status_code == 200
    assert {e["entry_id"] for e in lib.lookup(hs02).json()["entries"]} == {other_hall, licence}


@pytest.mark.parametrize("username,window", [("help01", 2), ("kiosk01", None), ("scjg01", None)])
def test_lookup_is_for_the_window_only(lib: Lib, username: str, window: int | None) -> None:
    lib.add_entry()
    headers = lib.central.login(username, window_no=window)
    answer = lib.lookup(headers)
    assert answer.status_code == 403 and "共享材料库" in answer.json()["detail"]
    assert lib.count(AuditEntry, action="library.lookup") == 0


def test_lookup_needs_a_number_and_is_bounded_per_user(lib: Lib) -> None:
    assert lib.lookup(id_number=" ").status_code == 422
    for _ in range(29):  # 30 a minute, like the applicant library's lookups
        assert lib.lookup().status_code == 200
    refused = lib.lookup()
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert lib.count(AuditEntry, action="library.lookup") == 29


# ------------------------------------------------------------------------------- reuse


def test_a_reuse_is_accepted_and_logged_once(lib: Lib) -> None:
    entry = lib.add_entry(valid_until=date(2046, 11, 22))
    food = _reusing(_case(lib, FOOD, 1), 1, entry)
    assert food.checks[1].material.standard_code == LICENCE
    sent = lib.send(food)
    assert sent.status_code == 200, sent.text
    stored = lib.central.client.get(f"/api/v1/cases/{food.number}", headers=lib.clerk)
    assert stored.json()["checks"][1]["library_entry"] == entry
    assert lib.count(LibraryUse, kind="reuse", entry_id=entry, line_no=1) == 1
    # the same case sent again (a resend) is no second use
    assert lib.send(food).status_code == 200
    # so is the same sync operation pushed twice
    other = _reusing(_case(lib, FOOD, 2), 1, entry)
    op = {
        "op_id": str(uuid.uuid4()),
        "kind": "case.upsert",
        "base_version": None,
        "payload": {"case": other.to_dict()},
    }
    for expected in ("applied", "duplicate"):
        pushed = lib.central.client.post(
            "/api/v1/sync/push", json={"window_no": 1, "operations": [op]}, headers=lib.clerk
        )
        assert pushed.status_code == 200 and pushed.json()["results"][0]["status"] == expected
    assert lib.count(LibraryUse, kind="reuse", entry_id=entry) == 2
    engine, session = lib.session()
    try:
        uses = session.scalars(select(LibraryUse).order_by(LibraryUse.id)).all()
        assert [(u.case_number, u.used_by, u.role) for u in uses] == [
            (food.number, "clerk01", "clerk"),
            (other.number, "clerk01", "clerk"),
        ]
    finally:
        session.close()
        engine.dispose()


def _refusal(lib: Lib, case: Case) -> str:
    answer = lib.send(case)
    assert answer.status_code == 409, answer.text
    return str(answer.json()["detail"])


def test_a_reuse_is_refused_with_the_reason(lib: Lib) -> None:
    food = _case(lib, FOOD, 1)
    someone_else = lib.add_entry(id_number=ID_LI)
    assert "不属于本案申请人" in _refusal(lib, _reusing(food, 1, someone_else))
    other_code = lib.add_entry(material_code="QY-ZC")
    assert "材料编码不一致" in _refusal(lib, _reusing(food, 1, other_code))
    expired = lib.add_entry(valid_until=date(2026, 11, 22))
    reason = _refusal(lib, _reusing(food, 1, expired))
    assert "2026-11-22过期" in reason and "第2行" in reason
    elsewhere = lib.add_entry(hall_code="HS02")
    assert "没有这份材料" in _refusal(lib, _reusing(food, 1, elsewhere))
    revoked = lib.add_entry(revoked_at=MONDAY, revoked_by="admin")
    assert "已被撤销" in _refusal(lib, _reusing(food, 1, revoked))
    assert "没有这份材料" in _refusal(lib, _reusing(food, 1, str(uuid.uuid4())))
    assert lib.count(LibraryUse) == 0
    # valid on the day of acceptance is what counts: an entry expiring that day still serves
    today = lib.add_entry(valid_until=date(2026, 11, 23))
    assert lib.send(_reusing(food, 1, today)).status_code == 200
    # once accepted, the entry expiring or being revoked later does not block the case
    engine, session = lib.session()
    try:
        session.execute(
            update(LibraryEntry)
            .where(LibraryEntry.entry_id == today)
            .values(revoked_at=MONDAY, revoked_by="admin")
        )
        session.commit()
    finally:
        session.close()
        engine.dispose()
    later = replace(_reusing(food, 1, today), ticket_no="A013")
    assert lib.send(later).status_code == 200


def test_a_passport_is_matched_with_its_country(lib: Lib) -> None:
    passport = Person(IdKind.PASSPORT, "E12345678", "John Smith", nationality="usa")
    entry = lib.add_entry(id_kind="passport", nationality="USA", id_number="E12345678")
    body: dict[str, Any] = {"id_kind": "passport", "id_number": "e12345678", "nationality": "USA"}
    assert [e["entry_id"] for e in lib.lookup(**body).json()["entries"]] == [entry]
    assert lib.lookup(**{**body, "nationality": "GBR"}).json()["entries"] == []
    food = _reusing(_case(lib, FOOD, 1, applicant=passport), 1, entry)
    assert lib.send(food).status_code == 200


def test_a_refused_reuse_in_a_sync_push_says_why(lib: Lib) -> None:
    expired = lib.add_entry(valid_until=date(2025, 1, 1))
    food = _reusing(_case(lib, FOOD, 1), 1, expired)
    op = {
        "op_id": str(uuid.uuid4()),
        "kind": "case.upsert",
        "base_version": None,
        "payload": {"case": food.to_dict()},
    }
    pushed = lib.central.client.post(
        "/api/v1/sync/push", json={"window_no": 1, "operations": [op]}, headers=lib.clerk
    )
    [result] = pushed.json()["results"]
    assert result["status"] == "rejected" and "2025-01-01过期" in result["detail"]
    assert lib.count(LibraryUse) == 0


# ------------------------------------------------------------------------------- the rule

_KEY = ("resident_id", "", ID_ZHANG)
_DAY = date(2026, 11, 23)


@given(
    hall=st.sampled_from(["HS01", "HS02"]),
    number=st.sampled_from([ID_ZHANG, ID_LI]),
    code=st.sampled_from([LICENCE, "QY-ZC", ""]),
    line_code=st.sampled_from([LICENCE, ""]),
    until=st.none() | st.dates(date(2026, 11, 1), date(2026, 12, 31)),
    revoked=st.booleans(),
)
def test_reuse_refusal_holds_exactly_when_a_condition_fails(
    hall: str, number: str, code: str, line_code: str, until: date | None, revoked: bool
) -> None:
    entry = LibraryEntry(
        entry_id=str(uuid.uuid4()),
        hall_code=hall,
        id_kind="resident_id",
        nationality="",
        id_number=number,
        material_code=code,
        material_name="营业执照",
        valid_until=until,
        revoked_at=MONDAY if revoked else None,
    )
    material = Material("M02", "营业执照", standard_code=line_code)
    check = MaterialCheck(material, library_entry=entry.entry_id)
    ok = (
        hall == "HS01"
        and not revoked
        and number == ID_ZHANG
        and bool(line_code)
        and code == line_code
        and (until is None or until >= _DAY)
    )
    refusal = library.reuse_refusal(entry, check, _KEY, ["HS01"], _DAY)
    assert (refusal is None) == ok
    assert library.reuse_refusal(None, check, _KEY, ["HS01"], _DAY) is not None


def test_an_organisation_is_filed_by_its_credit_code(lib: Lib) -> None:
    company = Person(IdKind.USCC, "91420200MA4K8XY12Q", "黄石某某食品有限公司")
    case = _case(lib, FOOD, 1, applicant=company)
    assert lib.send(case).status_code == 200
    lib.upload(case.number, 1, jpeg_bytes(seed=9), valid_until="2046-11-22")
    [entry] = lib.entries()
    assert (entry.id_kind, entry.id_number, entry.material_code) == (
        "uscc",
        "91420200MA4K8XY12Q",
        LICENCE,
    )
    body: dict[str, Any] = {"id_kind": "uscc", "id_number": "91420200ma4k8xy12q"}
    assert [e["entry_id"] for e in lib.lookup(**body).json()["entries"]] == [entry.entry_id]
    assert lib.lookup().json()["entries"] == []  # not the person's

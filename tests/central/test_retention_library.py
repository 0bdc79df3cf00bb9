"""Retention of the shared library (``clerk-central blobs purge``): entries whose period ran
out are retired (kept, with ``retired_at``), their files deleted, never offered nor reused;
on SQLite and PostgreSQL, disk and S3-protocol storage."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.cli import main as cli_main
from clerk_app.central.library_models import LibraryEntry, LibraryUse
from clerk_app.central.models import CaseRecord
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.library import Filing, file_entry, reuse_refusal
from clerk_app.central.services.retention import _Closed, retire_reason
from clerk_app.contract.library import EntryOrigin
from clerk_app.domain.cases import MaterialCheck
from tests.attachment_helpers import jpeg_bytes
from tests.central.conftest import ID_ZHANG, Central
from tests.central.test_attachment_view import library_entry, upload
from tests.central.test_attachments import s3_endpoint, stored  # noqa: F401 (fixtures)
from tests.central.test_backoffice import backoffice_of
from tests.central.test_library import (  # noqa: F401 (lib: a fixture)
    FOOD,
    LICENCE,
    MONDAY,
    Lib,
    _case,
    _refusal,
    _reusing,
    lib,
)
from tests.central.test_retention import (
    _engine_session,
    _set_env,
    close_case,
    forget_filed,
    keep_for,
)


def _change(url: str, entry_id: str, **values: Any) -> None:
    engine, session = _engine_session(url)
    with session:
        entry = session.get(LibraryEntry, entry_id)
        assert entry is not None
        for name, value in values.items():
            setattr(entry, name, value)
        session.commit()
    engine.dispose()


def test_purge_retires_library_entries_whose_period_ran_out(
    stored: Central,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    central, bo = stored, backoffice_of(stored)
    keep_for(central, 30)
    old, recent, open_case = (bo.upload(n).number for n in (1, 2, 3))
    names = ("revoked_old", "revoked_new", "expired", "valid", "no_expiry", "reused", "recent")
    files = {name: jpeg_bytes(seed=20 + i) for i, name in enumerate(names)}
    for name in names:  # every file arrives with the old case, whose own files are purged
        upload(central, bo.clerk, old, 0, files[name], media_type="image/jpeg")
    sha = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    forget_filed(central.url)
    now = datetime.now(UTC)
    today = now.date()
    entry = {
        name: library_entry(central.url, sha[name], recent if name == "recent" else old)
        for name in names
    }
    _change(central.url, entry["revoked_old"], revoked_at=now - timedelta(days=31))
    _change(central.url, entry["revoked_new"], revoked_at=now - timedelta(days=5))
    _change(central.url, entry["expired"], valid_until=today - timedelta(days=32))
    _change(central.url, entry["valid"], valid_until=today + timedelta(days=100))
    engine, session = _engine_session(central.url)
    with session:  # the open case reuses one entry without expiry: it stays
        session.add(
            LibraryUse(
                entry_id=entry["reused"],
                hall_code="HS01",
                kind="reuse",
                used_by="clerk01",
                role="clerk",
                used_at=now,
                case_number=open_case,
                line_no=0,
            )
        )
        session.commit()
    engine.dispose()
    close_case(central.url, old, now - timedelta(days=40))
    close_case(central.url, recent, now - timedelta(days=5))
    _set_env(central, monkeypatch)
    store = central.app.state.blob_store
    gone = {"revoked_old", "expired", "no_expiry"}

    assert cli_main(["blobs", "purge", "--db", central.url, "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "共享材料库3条材料超过保存期限将停用" in said and "将删除3个文件" in said
    assert all(store.exists(s) for s in sha.values())

    assert cli_main(["blobs", "purge", "--db", central.url]) == 0
    said = capsys.readouterr().out
    assert "共享材料库3条材料超过保存期限已停用" in said and "已删除3个文件" in said
    assert {n for n in names if not store.exists(sha[n])} == gone
    engine, session = _engine_session(central.url)
    with session:
        rows = {e.entry_id: e for e in session.scalars(select(LibraryEntry))}
        assert {n for n in names if rows[entry[n]].retired_at is not None} == gone
        audits = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "library.retire")
        ).all()
        reasons = {a.detail["entry"]: a.detail["reason"] for a in audits}
        assert reasons == {
            entry["revoked_old"]: "revoked",
            entry["expired"]: "expired",
            entry["no_expiry"]: "cases_closed",
        }
        assert all(a.actor == "system" and a.detail["retention_days"] == 30 for a in audits)
        retired = rows[entry["no_expiry"]]
        check = MaterialCheck.from_dict(
            {**_a_check(central, open_case), "library_entry": retired.entry_id}
        )
        refusal = reuse_refusal(retired, check, ("resident_id", "", ID_ZHANG), ["HS01"], today)
        assert refusal is not None and "超过大厅规定的保存期限" in refusal
    engine.dispose()
    # never offered again; the others still are (revoked never were)
    found = central.client.post(
        "/api/v1/library/lookup",
        json={"id_kind": "resident_id", "id_number": ID_ZHANG},
        headers=bo.clerk,
    )
    assert found.status_code == 200, found.text
    offered = {e["entry_id"] for e in found.json()["entries"]}
    assert offered == {entry[n] for n in ("valid", "reused", "recent")}
    # a second run retires nothing more, and the store is whole
    assert cli_main(["blobs", "purge", "--db", central.url]) == 0
    assert "共享材料库0条材料" in capsys.readouterr().out
    assert cli_main(["blobs", "verify", "--db", central.url]) == 0
    assert "0个缺失或损坏" in capsys.readouterr().out


def _a_check(central: Central, number: str) -> dict[str, Any]:
    """Line 0 of the case as stored, with the 材料编码 the library entries are filed under."""
    engine, session = _engine_session(central.url)
    with session:
        record = session.get(CaseRecord, number)
        assert record is not None
        line = dict(record.data["checks"][0])
    engine.dispose()
    line["material"] = {**line["material"], "standard_code": "M0"}
    return line


def test_an_entry_with_an_expiry_waits_for_it_even_when_its_cases_closed_long_ago() -> None:
    now = datetime(2026, 12, 7, tzinfo=UTC)
    cutoff = now - timedelta(days=30)
    closed = _Closed({"OLD": now - timedelta(days=400), "NEW": now - timedelta(days=3)})
    entry = LibraryEntry(valid_until=date(2027, 1, 1), revoked_at=None)
    assert retire_reason(entry, {"OLD"}, closed, cutoff, cutoff.date()) == ""
    plain = LibraryEntry(valid_until=None, revoked_at=None)
    assert retire_reason(plain, {"OLD"}, closed, cutoff, cutoff.date()) == "cases_closed"
    assert retire_reason(plain, {"OLD", "NEW"}, closed, cutoff, cutoff.date()) == ""
    assert retire_reason(plain, {"OLD", "OPEN"}, closed, cutoff, cutoff.date()) == ""


def test_a_retired_entry_is_refused_with_the_reason_and_the_same_file_filed_again_revives_it(
    lib: Lib,  # noqa: F811
) -> None:
    retired = lib.add_entry(retired_at=MONDAY, sha256="ab" * 32, pages=1)
    reason = _refusal(lib, _reusing(_case(lib, FOOD, 1), 1, retired))
    assert "超过大厅规定的保存期限" in reason and "第2行" in reason
    assert lib.lookup().json()["entries"] == []
    engine, session = lib.session()
    with session:
        clerk = AuthUser(1, "clerk01", "张三", "clerk", 1, "HS01", "黄石", 1, None)
        filing = Filing(
            hall_code="HS01",
            key=("resident_id", "", ID_ZHANG),
            material_code=LICENCE,
            material_name="营业执照",
            origin=EntryOrigin.CAPTURED,
            source_case="HS01-01-20261207-0001",
            sha256="ab" * 32,
            pages=2,
        )
        now = MONDAY + timedelta(days=400)
        again = file_entry(session, clerk, filing, now)
        assert again is not None and again.entry_id == retired and again.retired_at is None
        assert again.source_case == filing.source_case and again.pages == 2
        session.commit()
    engine.dispose()
    assert [e["entry_id"] for e in lib.lookup().json()["entries"]] == [retired]

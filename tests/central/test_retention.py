"""Retention of closed cases' files (``clerk-central blobs purge``) and the hall's material
settings; on SQLite and PostgreSQL, disk and S3-protocol storage."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from clerk_app.central.attachment_models import Blob, CaseAttachment
from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.cli import main as cli_main
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.library_models import LibraryEntry, LibraryUse
from clerk_app.central.models import CaseRecord
from clerk_app.domain.cases import CaseStatus
from tests.attachment_helpers import jpeg_bytes
from tests.central.conftest import Central
from tests.central.test_attachment_view import library_entry, upload
from tests.central.test_attachments import s3_endpoint, stored  # noqa: F401 (fixtures)
from tests.central.test_backoffice import backoffice_of

SETTINGS = "/api/v1/halls/HS01/material-settings"


def _engine_session(url: str) -> Any:
    engine = make_engine(url)
    return engine, make_session_factory(engine)()


def close_case(url: str, number: str, when: datetime) -> None:
    """The case handed out (已领取) at ``when``, as the server records it."""
    engine, session = _engine_session(url)
    with session:
        record = session.get(CaseRecord, number)
        assert record is not None
        data = dict(record.data)
        event = {
            "at": when.isoformat(),
            "actor": "clerk01",
            "window": "1号窗口",
            "action": "status",
            "status": CaseStatus.DELIVERED.value,
            "detail": "已领取",
        }
        data["events"] = [*data["events"], event]
        data["status"] = CaseStatus.DELIVERED.value
        record.data, record.status = data, CaseStatus.DELIVERED.value
        session.commit()
    engine.dispose()


def forget_filed(url: str) -> None:
    """Drop what the library filed by itself from the uploads (captured materials with a
    材料编码): here the library names exactly the one blob the test gives it."""
    engine, session = _engine_session(url)
    with session:
        session.execute(delete(LibraryUse))
        session.execute(delete(LibraryEntry))
        session.commit()
    engine.dispose()


def _set_env(central: Central, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in central.app.state.settings.model_dump().items():
        monkeypatch.setenv(f"CLERK_CENTRAL_{name.upper()}", str(value))


def keep_for(central: Central, days: int) -> None:
    """The hall HS01's admin sets the retention period."""
    admin = central.login("hs01_admin")
    answer = central.client.put(SETTINGS, json={"retention_days": days}, headers=admin)
    assert answer.status_code == 200, answer.text


def test_purge_removes_only_what_nothing_else_names(
    stored: Central,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    central = stored
    bo = backoffice_of(central)
    keep_for(central, 30)
    old, open_case, recent = (bo.upload(n).number for n in (1, 2, 3))
    files = {name: jpeg_bytes(seed=seed) for seed, name in enumerate(("own", "twin", "lib", "new"))}
    ids = {
        name: upload(central, bo.clerk, old, line, files[name], media_type="image/jpeg")
        for line, name in enumerate(("own", "twin", "lib"))
    }
    half = upload(
        central, bo.clerk, old, 0, jpeg_bytes(seed=9), media_type="image/jpeg", finish=False
    )
    upload(central, bo.clerk, open_case, 0, files["twin"], media_type="image/jpeg")
    upload(central, bo.clerk, recent, 0, files["new"], media_type="image/jpeg")
    sha = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    forget_filed(central.url)
    library_entry(central.url, sha["lib"], recent)
    now = datetime.now(UTC)
    close_case(central.url, old, now - timedelta(days=40))
    close_case(central.url, recent, now - timedelta(days=5))
    uploads = Path(central.app.state.settings.upload_dir())
    stale, fresh = uploads / "abandoned.part", uploads / "fresh.part"
    stale.write_bytes(b"x"), fresh.write_bytes(b"y")
    week_ago = time.time() - 8 * 86400
    os.utime(stale, (week_ago, week_ago))
    _set_env(central, monkeypatch)
    store = central.app.state.blob_store

    assert cli_main(["blobs", "purge", "--db", central.url, "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert f"{old}：4个文件" in said and recent not in said
    assert "将删除1个文件" in said and "2个文件仍被其他案件或共享库使用而保留" in said
    assert "将删除1个过期的半截上传" in said
    assert all(store.exists(s) for s in sha.values()) and stale.exists()

    assert cli_main(["blobs", "purge", "--db", central.url]) == 0
    said = capsys.readouterr().out
    assert "已删除1个文件" in said and "已删除1个过期的半截上传" in said
    assert not store.exists(sha["own"])
    assert store.exists(sha["twin"]) and store.exists(sha["lib"]) and store.exists(sha["new"])
    assert not stale.exists() and fresh.exists()
    assert not (uploads / f"{half}.part").exists()  # the closed case's unfinished upload
    engine, session = _engine_session(central.url)
    with session:
        rows = session.scalars(select(CaseAttachment)).all()
        purged = {r.upload_id for r in rows if r.purged_at is not None}
        assert purged == {*ids.values(), half}
        assert session.get(Blob, sha["own"]) is None and session.get(Blob, sha["twin"])
        (entry,) = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "attachment.purge")
        ).all()
        assert entry.subject == old and entry.actor == "system"
        assert entry.detail["retention_days"] == 30 and len(entry.detail["files"]) == 4
    engine.dispose()
    # a second run finds nothing more; the store is still whole
    assert cli_main(["blobs", "purge", "--db", central.url]) == 0
    assert "0个案件的0个材料到期" in capsys.readouterr().out
    assert cli_main(["blobs", "verify", "--db", central.url]) == 0
    assert "0个缺失或损坏" in capsys.readouterr().out
    # the department sees what was there, and that it was removed
    listed = central.client.get(f"/api/v1/attachments/cases/{old}", headers=bo.a).json()
    labels = {f["upload_id"]: f["state_label"] for line in listed["lines"] for f in line["files"]}
    assert labels[ids["own"]] == "已按保存期限删除"
    gone = central.client.get(f"/api/v1/attachments/{ids['twin']}/pages/1", headers=bo.a)
    assert gone.status_code == 404 and "已按保存期限删除" in gone.json()["detail"]


def test_material_settings_are_the_admins_and_validated(central: Central) -> None:
    admin, supervisor = central.login("hs01_admin"), central.login("super01")
    clerk = central.login(window_no=1)
    assert central.client.get(SETTINGS, headers=supervisor).json() == {
        "missing_ecopy_blocks": False,
        "retention_days": None,
        "library_shared_with": [],
    }
    body = {"missing_ecopy_blocks": True, "retention_days": 365, "library_shared_with": ["HS02"]}
    assert central.client.put(SETTINGS, json=body, headers=supervisor).status_code == 403
    assert central.client.get(SETTINGS, headers=clerk).status_code == 403
    other_admin = central.login("admin01")  # HS02's
    assert central.client.put(SETTINGS, json=body, headers=other_admin).status_code == 403
    saved = central.client.put(SETTINGS, json=body, headers=admin)
    assert saved.status_code == 200 and saved.json() == body
    hall = central.client.get("/api/v1/halls/HS01", headers=clerk).json()
    assert hall["material_settings"] == body
    for wrong in (
        {"retention_days": 0},
        {"retention_days": 36501},
        {"library_shared_with": ["HS09"]},
        {"library_shared_with": ["HS01"]},
        {"library_shared_with": ["hs 02"]},
        {"retention_days": "forever"},
    ):
        answer = central.client.put(SETTINGS, json={**body, **wrong}, headers=admin)
        assert answer.status_code == 422, (wrong, answer.text)
    kept = central.client.put(SETTINGS, json={**body, "retention_days": None}, headers=admin)
    assert kept.json()["retention_days"] is None
    engine, session = _engine_session(central.url)
    with session:
        changes = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "hall.material_settings")
        ).all()
    engine.dispose()
    assert [c.detail["to"]["retention_days"] for c in changes] == [365, None]
    assert all(c.actor == "hs01_admin" for c in changes)

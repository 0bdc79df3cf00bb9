"""``clerk-central blobs purge`` removes the result files a department uploaded that no approval
took into the library, once the grace period (``--partial-days``) has passed: listed by
``--dry-run``, audited in the uploading hall's chain; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from clerk_app.central.attachment_models import Blob
from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.cli import main as cli_main
from tests.central.test_library import (  # noqa: F401 (lib: a fixture)
    DEPT,
    LICENCE,
    SETUP,
    Lib,
    _case,
    _pdf,
    lib,
)
from tests.central.test_retention import _engine_session, _set_env

RESULT_FILES = "/api/v1/library/result-files"


def _result_file(lib: Lib, dept: dict[str, str], data: bytes) -> str:  # noqa: F811
    octets = {**dept, "Content-Type": "application/octet-stream"}
    stored = lib.central.client.post(RESULT_FILES, content=data, headers=octets)
    assert stored.status_code == 200, stored.text
    return str(stored.json()["sha256"])


def test_purge_removes_result_files_no_approval_took_after_the_grace_period(
    lib: Lib,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    central = lib.central
    store = central.app.state.blob_store
    long_ago = datetime.now(UTC) - timedelta(days=20)
    central.app.state.clock = lambda: long_ago
    dept = central.login("scjg01")
    abandoned = _result_file(lib, dept, _pdf(1))  # the approval was refused or never made
    taken = _result_file(lib, dept, _pdf(2))
    third = _pdf(3)
    again = _result_file(lib, dept, third)  # uploaded again lately: an approval may come
    case = _case(lib, SETUP, 1)
    assert lib.send(case).status_code == 200
    client = central.client
    assert client.post(f"{DEPT}/{case.number}/take", json={}, headers=dept).status_code == 200
    approval = {
        "result_number": "91420200MA4K8XY12Q",
        "result_material_code": LICENCE,
        "result_valid_until": "2046-11-22",
        "result_file_sha256": taken,
    }
    approved = client.post(f"{DEPT}/{case.number}/approve", json=approval, headers=dept)
    assert approved.status_code == 200, approved.text
    central.app.state.clock = lambda: datetime.now(UTC) - timedelta(days=1)
    dept = central.login("scjg01")
    assert _result_file(lib, dept, third) == again
    _set_env(central, monkeypatch)

    assert cli_main(["blobs", "purge", "--db", central.url, "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert f"结果文件{abandoned[:12]}…" in said and "7天内未被任何审批使用" in said
    assert taken[:12] not in said and again[:12] not in said
    assert "将删除1个未被审批使用的结果文件" in said
    assert all(store.exists(sha) for sha in (abandoned, taken, again))
    # a longer grace period keeps it
    assert cli_main(["blobs", "purge", "--db", central.url, "--partial-days", "30"]) == 0
    assert "已删除0个未被审批使用的结果文件" in capsys.readouterr().out
    assert store.exists(abandoned)

    assert cli_main(["blobs", "purge", "--db", central.url]) == 0
    said = capsys.readouterr().out
    assert "已删除1个未被审批使用的结果文件" in said
    assert not store.exists(abandoned) and store.exists(taken) and store.exists(again)
    engine, session = _engine_session(central.url)
    with session:
        assert session.get(Blob, abandoned) is None
        assert session.get(Blob, taken) is not None and session.get(Blob, again) is not None
        [entry] = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "library.result_file_purge")
        ).all()
        assert (entry.hall_code, entry.actor, entry.subject) == ("HS01", "system", abandoned[:40])
        assert entry.detail["sha256"] == abandoned and entry.detail["grace_days"] == 7
    engine.dispose()
    # nothing more the next time
    assert cli_main(["blobs", "purge", "--db", central.url]) == 0
    assert "已删除0个未被审批使用的结果文件" in capsys.readouterr().out

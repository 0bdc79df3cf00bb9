"""Upload API of electronic materials: chunks by offset, resume, hash check, one blob per
content, type by magic bytes, scope and state; on SQLite and PostgreSQL, disk and S3."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clerk_app.central.app import create_app
from clerk_app.central.attachment_models import Blob, CaseAttachment
from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.cli import main as cli_main
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.models import CaseRecord
from clerk_app.domain.cases import CaseStatus
from tests.attachment_helpers import big_jpeg, jpeg_bytes, s3_server, storage_settings
from tests.central.conftest import Central, make_case, seed_database

API = "/api/v1/attachments/uploads"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture(params=["disk", "s3"])
def stored(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> Iterator[Central]:
    endpoint = request.getfixturevalue("s3_endpoint") if request.param == "s3" else None
    settings = storage_settings(db_url, tmp_path / "data", endpoint)
    catalog = seed_database(db_url)
    app = create_app(db_url, settings)
    with TestClient(app) as client:
        yield Central(db_url, app, client, catalog)


def _case(central: Central, headers: dict[str, str], sequence: int = 1, **kw: Any) -> str:
    case = make_case(central.catalog.items[0], sequence=sequence, **kw)
    answer = central.client.post("/api/v1/cases", json=case.to_dict(), headers=headers)
    assert answer.status_code == 200, answer.text
    return case.number


def _start(central: Central, headers: dict[str, str], number: str, data: bytes, **kw: Any) -> Any:
    body = {
        "upload_id": str(uuid.uuid4()),
        "case_number": number,
        "line_no": 0,
        "material_code": "M001",
        "file_name": "身份证.jpg",
        "media_type": "image/jpeg",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": 1,
        "captured_by": "clerk01",
        "captured_at": "2026-11-23T09:40:00+08:00",
        **kw,
    }
    return central.client.post(API, json=body, headers=headers)


def _put(
    central: Central, headers: dict[str, str], upload_id: str, offset: int, data: bytes
) -> Any:
    return central.client.put(
        f"{API}/{upload_id}",
        params={"offset": offset},
        content=data,
        headers={**headers, "Content-Type": "application/octet-stream"},
    )


def _count(url: str, model: Any) -> int:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        engine.dispose()


def test_chunks_resume_finish_and_deduplicate(stored: Central) -> None:
    headers = stored.login(window_no=1)
    number = _case(stored, headers)
    data = big_jpeg(2.5, seed=1)
    started = _start(stored, headers, number, data)
    assert started.status_code == 200, started.text
    upload_id = started.json()["upload_id"]
    assert started.json()["offset"] == 0 and not started.json()["stored"]
    chunk = 1024 * 1024
    assert _put(stored, headers, upload_id, 0, data[:chunk]).json()["offset"] == chunk
    # the answer was lost: the same chunk again overwrites the same bytes
    assert _put(stored, headers, upload_id, 0, data[:chunk]).json()["offset"] == chunk
    # a gap is refused with where to go on from
    gap = _put(stored, headers, upload_id, 2 * chunk, data[2 * chunk :])
    assert gap.status_code == 409 and "1048576" in gap.json()["detail"]
    early = stored.client.post(f"{API}/{upload_id}/finish", headers=headers)
    assert early.status_code == 409 and "尚未传完" in early.json()["detail"]
    # a restarted counter asks where the upload stands
    assert stored.client.get(f"{API}/{upload_id}", headers=headers).json()["offset"] == chunk
    assert _put(stored, headers, upload_id, chunk, data[chunk:]).json()["offset"] == len(data)
    # a late resend once the whole file is here leaves it untouched (finish links these bytes
    # into the blob store before its commit): even other bytes change nothing
    late = bytes(b ^ 0xFF for b in data[:chunk])
    assert _put(stored, headers, upload_id, 0, late).json()["offset"] == len(data)
    done = stored.client.post(f"{API}/{upload_id}/finish", headers=headers)
    assert done.status_code == 200 and done.json()["stored"], done.text
    again = stored.client.post(f"{API}/{upload_id}/finish", headers=headers)
    assert again.json()["stored"]
    assert stored.app.state.blob_store.exists(hashlib.sha256(data).hexdigest())
    # the same bytes for another case: stored at once, no transfer, still one blob
    other = _case(stored, headers, sequence=2)
    twin = _start(stored, headers, other, data)
    assert twin.json()["stored"] and twin.json()["offset"] == len(data)
    assert _count(stored.url, Blob) == 1
    assert _count(stored.url, CaseAttachment) == 2
    engine = make_engine(stored.url)
    with make_session_factory(engine)() as session:
        actions = session.scalars(
            select(AuditEntry.subject).where(AuditEntry.action == "attachment.store")
        ).all()
    engine.dispose()
    assert sorted(actions) == sorted([number, other])


def test_hash_mismatch_discards_and_type_is_read_from_the_bytes(stored: Central) -> None:
    headers = stored.login(window_no=1)
    number = _case(stored, headers)
    data = jpeg_bytes(seed=2)
    upload_id = _start(stored, headers, number, data).json()["upload_id"]
    damaged = bytearray(data)
    damaged[-3] ^= 0xFF
    _put(stored, headers, upload_id, 0, bytes(damaged))
    refused = stored.client.post(f"{API}/{upload_id}/finish", headers=headers)
    assert refused.status_code == 409 and "SHA-256" in refused.json()["detail"]
    assert stored.client.get(f"{API}/{upload_id}", headers=headers).json()["offset"] == 0
    # a text file named .jpg is refused by its first bytes
    text = b"not an image at all" * 10
    fake = _start(stored, headers, number, text, file_name="扫描.jpg")
    wrong = _put(stored, headers, fake.json()["upload_id"], 0, text)
    assert wrong.status_code == 415 and "PDF、JPEG或PNG" in wrong.json()["detail"]
    # a PNG declared as JPEG
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
    liar = _start(stored, headers, number, png)
    mismatch = _put(stored, headers, liar.json()["upload_id"], 0, png)
    assert mismatch.status_code == 415 and "PNG" in mismatch.json()["detail"]


def test_limits_scope_and_state(stored: Central, tmp_path: Path) -> None:
    headers = stored.login(window_no=1)
    number = _case(stored, headers)
    data = jpeg_bytes(seed=3)
    huge = _start(stored, headers, number, data, size=200 * 1024 * 1024)
    assert huge.status_code == 413 and "50 MB" in huge.json()["detail"]
    bad = _start(stored, headers, number, data, media_type="text/plain")
    assert bad.status_code == 422
    missing = _start(stored, headers, "HS01-01-20261123-9999", data)
    assert missing.status_code == 404
    other_hall = stored.login("hs02_clerk01", window_no=1)
    assert _start(stored, other_hall, number, data).status_code == 404
    upload_id = _start(stored, headers, number, data).json()["upload_id"]
    assert stored.client.get(f"{API}/{upload_id}", headers=other_hall).status_code == 404
    # reusing an id for other bytes is refused
    reuse = _start(stored, headers, number, jpeg_bytes(seed=4), upload_id=upload_id)
    assert reuse.status_code == 409
    # a closed case takes no more files
    engine = make_engine(stored.url)
    with make_session_factory(engine)() as session:
        session.get(CaseRecord, number).status = CaseStatus.DELIVERED.value  # type: ignore[union-attr]
        session.commit()
    engine.dispose()
    late = _start(stored, headers, number, data)
    assert late.status_code == 409 and "不能再添加材料" in late.json()["detail"]
    oversize_chunk = _put(stored, headers, upload_id, 0, b"\xff" * (5 * 1024 * 1024))
    assert oversize_chunk.status_code == 413
    assert stored.client.put(f"{API}/{upload_id}", headers=headers).status_code == 422


def test_blobs_verify_names_missing_and_damaged(
    stored: Central, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = stored.login(window_no=1)
    number = _case(stored, headers)
    files = [jpeg_bytes(seed=s) for s in (5, 6, 7)]
    for data in files:
        upload_id = _start(stored, headers, number, data).json()["upload_id"]
        _put(stored, headers, upload_id, 0, data)
        assert stored.client.post(f"{API}/{upload_id}/finish", headers=headers).json()["stored"]
    settings = stored.app.state.settings
    for name, value in settings.model_dump().items():
        monkeypatch.setenv(f"CLERK_CENTRAL_{name.upper()}", str(value))
    assert cli_main(["blobs", "verify", "--db", stored.url]) == 0
    assert "3个文件完好，0个缺失或损坏" in capsys.readouterr().out
    store = stored.app.state.blob_store.store  # the disk or S3 store under the page cache
    damaged, missing = (hashlib.sha256(f).hexdigest() for f in files[:2])
    if settings.blob_store == "s3":
        store.client.put_object(Bucket=store.bucket, Key=store.key(damaged), Body=b"changed")
        store.client.delete_object(Bucket=store.bucket, Key=store.key(missing))
    else:
        store.path(damaged).write_bytes(b"changed")
        store.path(missing).unlink()
    assert cli_main(["blobs", "verify", "--db", stored.url]) == 1
    out = capsys.readouterr().out
    assert f"{damaged}：已损坏" in out and f"{missing}：缺失" in out
    assert "1个文件完好，2个缺失或损坏" in out

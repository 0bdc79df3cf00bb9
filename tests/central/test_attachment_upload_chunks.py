"""Issue 14, two details of the upload. The counter meets a server whose chunk limit is below
its own chunk: it halves the chunk (never below ``MIN_CHUNK``) instead of refusing every file,
on SQLite and PostgreSQL. The disk blob store takes a finished upload in by a hard link, not a
copy; a blob already there stays; across filesystems it copies; a failed commit after the
link is finished again without a resend."""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clerk_app.central.app import create_app
from clerk_app.central.blob_store import DiskBlobStore
from clerk_app.central.config import CentralSettings
from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.central.services import attachments as service
from clerk_app.sync.attachments import MIN_CHUNK, AttachmentUploader
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine
from tests.attachment_helpers import big_jpeg, counter_window
from tests.central.conftest import Central, seed_database
from tests.central.test_attachments import _case, _put, _start

AT = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)
KB = 1024


def _server(db_url: str, data: Path, chunk_max: int) -> tuple[EmbeddedServer, Any]:
    catalog = seed_database(db_url)
    settings = CentralSettings(db=db_url, data_dir=str(data), attachment_chunk_max_bytes=chunk_max)
    return start_embedded(db_url, settings=settings, auto_approve_devices=True), catalog


def _sizes_sent(client: CentralClient, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every chunk the counter PUTs, refused or not."""
    sent: list[int] = []
    call = client.call

    def counting(method: str, path: str, **request: Any) -> Any:
        if method == "PUT":
            sent.append(len(request["data"]))
        return call(method, path, **request)

    monkeypatch.setattr(client, "call", counting)
    return sent


@pytest.fixture
def small_chunks(db_url: str, tmp_path: Path) -> Iterator[tuple[EmbeddedServer, Any]]:
    embedded, catalog = _server(db_url, tmp_path / "central-data", 200 * KB)
    try:
        yield embedded, catalog
    finally:
        embedded.stop()


def test_a_smaller_chunk_limit_halves_the_chunk_for_the_round(
    small_chunks: tuple[EmbeddedServer, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded, catalog = small_chunks
    store, client, (number, _) = counter_window(tmp_path, embedded.base_url, catalog)
    engine = SyncEngine(store, client, window_no=1)
    engine.push_once()
    files = [big_jpeg(0.6, seed=1), big_jpeg(0.45, seed=2)]
    for line, data in enumerate(files):
        store.attachments.add(number, line, data, **_who(f"{line}.jpg"))
    sent = _sizes_sent(client, monkeypatch)
    uploader = AttachmentUploader(store, client)  # 1 MB chunks against a 200 KB limit

    report = uploader.upload_pending()

    assert (report.stored, report.refused) == (2, 0)
    first = len(files[0])
    # The whole 600 KB file (under the 1 MB chunk) and its half are refused; a quarter fits.
    assert sent[:3] == [first, first // 2, first // 4]
    assert all(size <= 200 * KB for size in sent[2:])  # the rest of the round: small chunks
    assert sum(sent[2:]) == first + len(files[1])  # nothing refused after the first file's
    blobs = DiskBlobStore(tmp_path / "central-data" / "blobs")
    assert [b"".join(blobs.read(hashlib.sha256(d).hexdigest())) for d in files] == files

    store.attachments.add(number, 2, big_jpeg(1.5, seed=3), **_who("2.jpg"))
    sent.clear()
    assert uploader.upload_pending().stored == 1
    assert sent[0] == 1024 * KB  # a new round tries the full chunk again
    store.close()


def test_a_chunk_limit_below_the_floor_refuses_the_file(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded, catalog = _server(db_url, tmp_path / "central-data", 32 * KB)
    try:
        store, client, (number, _) = counter_window(tmp_path, embedded.base_url, catalog)
        SyncEngine(store, client, window_no=1).push_once()
        captured = store.attachments.add(number, 0, big_jpeg(0.3, seed=4), **_who("a.jpg"))
        sent = _sizes_sent(client, monkeypatch)

        report = AttachmentUploader(store, client).upload_pending()

        assert (report.stored, report.refused) == (0, 1)
        assert sent[-1] == MIN_CHUNK and min(sent) == MIN_CHUNK  # never below the floor
        refused = store.attachments.get(captured.id)
        assert refused is not None and refused.state == "refused"
        assert refused.error is not None and "数据块过大" in refused.error
        store.close()
    finally:
        embedded.stop()


# ------------------------------------------------------------------ disk blob store


def _upload(folder: Path, data: bytes) -> tuple[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / "u.part"
    partial.write_bytes(data)
    return hashlib.sha256(data).hexdigest(), partial


def test_the_finished_upload_is_linked_in_not_copied(tmp_path: Path) -> None:
    store = DiskBlobStore(tmp_path / "blobs")
    sha256, partial = _upload(tmp_path / "uploads", b"%PDF-1.4 linked")

    store.put_file(sha256, partial)

    blob = store.path(sha256)
    assert os.path.samefile(blob, partial)  # one inode: no byte copied
    assert blob.stat().st_mode & 0o777 == 0o600  # owner-only, as a copied blob is
    partial.unlink()  # what finish does after its commit
    assert blob.read_bytes() == b"%PDF-1.4 linked" and blob.stat().st_nlink == 1


def test_a_blob_already_there_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = DiskBlobStore(tmp_path / "blobs")
    sha256, partial = _upload(tmp_path / "uploads", b"same bytes")
    store.put_file(sha256, partial)
    partial.unlink()
    before = store.path(sha256).stat().st_ino
    sha256, partial = _upload(tmp_path / "uploads", b"same bytes")

    store.put_file(sha256, partial)  # checked before linking
    real_is_file = Path.is_file
    monkeypatch.setattr(Path, "is_file", lambda p: p.name != sha256 and real_is_file(p))
    store.put_file(sha256, partial)  # arrived between the check and the link: FileExistsError

    assert store.path(sha256).stat().st_ino == before
    assert not os.path.samefile(store.path(sha256), partial)


@pytest.mark.parametrize("refusal", [errno.EXDEV, errno.EPERM])
def test_another_filesystem_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: int
) -> None:
    store = DiskBlobStore(tmp_path / "blobs")
    sha256, partial = _upload(tmp_path / "uploads", b"\x89PNG elsewhere")

    def no_link(source: Any, target: Any) -> None:
        raise OSError(refusal, os.strerror(refusal))

    monkeypatch.setattr(os, "link", no_link)
    store.put_file(sha256, partial)

    blob = store.path(sha256)
    assert blob.read_bytes() == b"\x89PNG elsewhere" and not os.path.samefile(blob, partial)
    assert [p.name for p in blob.parent.iterdir()] == [sha256]  # no temporary left


def test_another_link_failure_is_not_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DiskBlobStore(tmp_path / "blobs")
    sha256, partial = _upload(tmp_path / "uploads", b"disk error")

    def broken(source: Any, target: Any) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "link", broken)
    with pytest.raises(OSError):
        store.put_file(sha256, partial)
    assert not store.exists(sha256)


def test_a_failed_commit_after_the_link_finishes_again_without_a_resend(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = seed_database(db_url)
    app = create_app(db_url, CentralSettings(db=db_url, data_dir=str(tmp_path / "data")))
    with TestClient(app, raise_server_exceptions=False) as client:
        central = Central(db_url, app, client, catalog)
        headers = central.login(window_no=1)
        data = big_jpeg(0.2, seed=6)
        upload_id = _start(central, headers, _case(central, headers), data).json()["upload_id"]
        assert _put(central, headers, upload_id, 0, data).status_code == 200
        finish = f"/api/v1/attachments/uploads/{upload_id}/finish"

        def lost(*args: Any) -> None:
            raise RuntimeError("the database went away")

        with monkeypatch.context() as patch:
            patch.setattr(service, "add_blob", lost)
            assert client.post(finish, headers=headers).status_code == 500
        partial = app.state.settings.upload_dir() / f"{upload_id}.part"
        assert partial.stat().st_size == len(data)  # still held: no resend needed

        answer = client.post(finish, headers=headers)
        assert answer.status_code == 200 and answer.json()["stored"]
        assert not partial.exists()
        blob = app.state.blob_store.store.path(hashlib.sha256(data).hexdigest())
        assert blob.read_bytes() == data and blob.stat().st_nlink == 1


def _who(name: str) -> dict[str, Any]:
    return {"file_name": name, "captured_by": "clerk01", "captured_at": AT}

"""The counter's attachment upload through drops, 503s, lost answers and a kill -9: every
file arrives once with its hash, on SQLite and PostgreSQL, disk and S3-protocol storage."""

from __future__ import annotations

import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter
from sqlalchemy import select

from clerk_app.central.attachment_models import Blob, CaseAttachment
from clerk_app.central.blob_store import blob_store_from, sha256_of
from clerk_app.central.cli import main as cli_main
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.store.local import LocalStore
from clerk_app.sync.attachments import AttachmentUploader
from clerk_app.sync.client import CentralClient, OfflineError
from clerk_app.sync.engine import SyncEngine
from tests.attachment_helpers import big_jpeg, s3_server, storage_settings
from tests.central.conftest import PASSWORD, make_case, seed_database

AT = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)


class FlakyAdapter(HTTPAdapter):
    """Fails upload requests the ways a hall's link does: the connection drops before the
    request leaves, the answer is lost after the server acted, or a proxy answers 503."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.rng = random.Random(seed)
        self.faults: dict[str, int] = {"drop": 0, "lost": 0, "503": 0}

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        if "/attachments/" not in (request.url or ""):
            return super().send(request, *args, **kwargs)
        roll = self.rng.random()
        if roll < 0.2:
            self.faults["drop"] += 1
            raise requests.ConnectionError("connection reset (injected)")
        if roll < 0.3:
            self.faults["503"] += 1
            answer = requests.Response()
            answer.status_code, answer.raw = 503, io.BytesIO(b"busy")
            answer.headers["Retry-After"] = "0"
            return answer
        response = super().send(request, *args, **kwargs)
        if roll < 0.5:
            self.faults["lost"] += 1
            response.close()
            raise requests.ConnectionError("answer lost (injected)")
        return response


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture(params=["disk", "s3"])
def server(
    request: pytest.FixtureRequest, db_url: str, tmp_path: Path
) -> Iterator[tuple[EmbeddedServer, CentralSettings, Any]]:
    endpoint = request.getfixturevalue("s3_endpoint") if request.param == "s3" else None
    settings = storage_settings(db_url, tmp_path / "central-data", endpoint)
    catalog = seed_database(db_url)
    embedded = start_embedded(db_url, settings=settings, auto_approve_devices=True)
    try:
        yield embedded, settings, catalog
    finally:
        embedded.stop()


def _window(tmp_path: Path, base_url: str, catalog: Any) -> tuple[LocalStore, CentralClient, str]:
    store = LocalStore(tmp_path / "counter" / "w.db")
    item = catalog.items[0]
    store.catalog.replace("v1", [item], [])
    client = CentralClient(base_url, timeout=5.0, retries=0)
    client.login("clerk01", PASSWORD, 1)
    case = store.cases.save_new(make_case(item))
    return store, client, case.number


def _capture(store: LocalStore, number: str) -> dict[str, bytes]:
    pdf = b"%PDF-1.4\n" + random.Random(3).randbytes(300_000) + b"\n%%EOF\n"
    png = b"\x89PNG\r\n\x1a\n" + random.Random(4).randbytes(50_000)
    files = {"scan.jpg": big_jpeg(3.2, seed=9), "form.pdf": pdf, "photo.png": png}
    for line, (name, data) in enumerate(files.items()):
        store.attachments.add(
            number, line, data, file_name=name, captured_by="clerk01", captured_at=AT
        )
    # The same ID copy captured twice (two lines): kept and stored once.
    store.attachments.add(
        number, 3, files["scan.jpg"], file_name="again.jpg", captured_by="clerk01", captured_at=AT
    )
    return files


def _assert_arrived_once(db_url: str, settings: CentralSettings, files: dict[str, bytes]) -> None:
    hashes = {hashlib.sha256(d).hexdigest(): len(d) for d in files.values()}
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        rows = session.scalars(select(CaseAttachment)).all()
        blobs = {b.sha256: b.size for b in session.scalars(select(Blob))}
    engine.dispose()
    assert len(rows) == 4 and all(r.stored_at is not None for r in rows)
    assert blobs == hashes  # one blob per content, sizes as captured
    store = blob_store_from(settings)
    for sha256, size in hashes.items():
        assert sha256_of(store.read(sha256)) == (sha256, size)
    assert not any(settings.upload_dir().glob("*.part"))  # no partial left behind


def _verify_cli(db_url: str, settings: CentralSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in settings.model_dump().items():
        monkeypatch.setenv(f"CLERK_CENTRAL_{name.upper()}", str(value))
    assert cli_main(["blobs", "verify", "--db", db_url]) == 0


def test_uploads_survive_drops_503_and_lost_answers(
    server: tuple[EmbeddedServer, CentralSettings, Any],
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    embedded, settings, catalog = server
    store, client, number = _window(tmp_path, embedded.base_url, catalog)
    files = _capture(store, number)
    flaky = FlakyAdapter(seed=2026)
    client._session.mount("http://", flaky)
    engine = SyncEngine(store, client, window_no=1)
    engine.attachments.chunk_size = 256 * 1024
    rounds = 0
    while store.attachments.counts() != {"stored": 4}:
        rounds += 1
        assert rounds < 400, (store.attachments.counts(), store.outbox.counts())
        try:
            engine.sync_once()
        except OfflineError:
            continue
    assert min(flaky.faults.values()) > 0, flaky.faults
    _assert_arrived_once(db_url, settings, files)
    _verify_cli(db_url, settings, monkeypatch)
    store.close()


_CHILD = """
import sys
from clerk_app.store.local import LocalStore
from clerk_app.sync.attachments import AttachmentUploader
from clerk_app.sync.client import CentralClient
store = LocalStore(sys.argv[1])
client = CentralClient(sys.argv[2])
client.token = sys.argv[3]
AttachmentUploader(store, client, chunk_size=32 * 1024).upload_pending()
"""


def test_a_killed_upload_resumes_from_the_server_offset(
    server: tuple[EmbeddedServer, CentralSettings, Any],
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    embedded, settings, catalog = server
    store, client, number = _window(tmp_path, embedded.base_url, catalog)
    SyncEngine(store, client, window_no=1).push_once()  # the case itself goes first
    files = _capture(store, number)
    first = store.attachments.ready_to_upload()[0]
    assert first.file_name == "scan.jpg"
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(tmp_path / "counter" / "w.db"),
            embedded.base_url,
            client.token or "",
        ],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    try:
        deadline = time.monotonic() + 60
        while (progress := store.attachments.get(first.id)) is not None and (
            progress.uploaded_bytes < 512 * 1024
        ):
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)  # kill -9 mid-file
    finally:
        child.wait(10)
    killed_at = store.attachments.get(first.id)
    assert killed_at is not None and killed_at.state == "pending"
    assert 0 < killed_at.uploaded_bytes < first.size
    # the restarted app asks the server, which may hold more than the app noted
    report = AttachmentUploader(store, client).upload_pending()
    assert report.stored == 4 and store.attachments.counts() == {"stored": 4}
    _assert_arrived_once(db_url, settings, files)
    _verify_cli(db_url, settings, monkeypatch)
    store.close()

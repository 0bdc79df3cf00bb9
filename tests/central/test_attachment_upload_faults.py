"""The counter's attachment upload through every fault the issue names, each on SQLite and
PostgreSQL with disk and S3-protocol storage: every file arrives once with its hash, the same
ID copy captured for two cases is stored once, and no partial upload is left behind.

- drops, 503s (before and after the server acted) and lost answers, injected in the client;
- a real TCP link cut every few megabytes, tearing chunks in half, under a 30 MB file;
- kill -9 of the counter mid-file: the restarted app resumes from the server's offset;
- kill -9 of the server mid-chunk: what it answered was fsynced; restarted, it resumes.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import threading
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
from tests.attachment_helpers import (
    CuttingProxy,
    big_jpeg,
    counter_window,
    s3_server,
    storage_settings,
)
from tests.central.conftest import seed_database

AT = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)


class FlakyAdapter(HTTPAdapter):
    """Fails upload requests the ways a hall's link does: the connection drops before the
    request leaves, a proxy answers 503 before or after the server acted, or the answer is
    lost after the server acted."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.rng = random.Random(seed)
        self.faults: dict[str, int] = {"drop": 0, "503": 0, "503 after": 0, "lost": 0}

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        if "/attachments/" not in (request.url or ""):
            return super().send(request, *args, **kwargs)
        roll = self.rng.random()
        if roll < 0.15:
            self.faults["drop"] += 1
            raise requests.ConnectionError("connection reset (injected)")
        if roll < 0.25:
            self.faults["503"] += 1
            return _busy()
        response = super().send(request, *args, **kwargs)
        if roll < 0.35:
            self.faults["503 after"] += 1
            response.close()
            return _busy()
        if roll < 0.5:
            self.faults["lost"] += 1
            response.close()
            raise requests.ConnectionError("answer lost (injected)")
        return response


def _busy() -> requests.Response:
    answer = requests.Response()
    answer.status_code, answer.raw = 503, io.BytesIO(b"busy")
    answer.headers["Retry-After"] = "0"
    return answer


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


def _capture(store: LocalStore, numbers: list[str], scan: bytes | None = None) -> dict[str, bytes]:
    pdf = b"%PDF-1.4\n" + random.Random(3).randbytes(300_000) + b"\n%%EOF\n"
    png = b"\x89PNG\r\n\x1a\n" + random.Random(4).randbytes(50_000)
    files = {"scan.jpg": scan or big_jpeg(3.2, seed=9), "form.pdf": pdf, "photo.png": png}
    for line, (name, data) in enumerate(files.items()):
        store.attachments.add(
            numbers[0], line, data, file_name=name, captured_by="clerk01", captured_at=AT
        )
    # The same ID copy captured again for the applicant's second case: stored once.
    scan = files["scan.jpg"]
    store.attachments.add(
        numbers[1], 0, scan, file_name="again.jpg", captured_by="clerk01", captured_at=AT
    )
    return files


def _sync_until_stored(engine: SyncEngine, limit: int = 400) -> int:
    """Rounds of the sync engine (as its worker runs them) until every file is stored."""
    rounds = 0
    while engine.store.attachments.counts() != {"stored": 4}:
        rounds += 1
        assert rounds < limit, (engine.store.attachments.counts(), engine.store.outbox.counts())
        try:
            engine.sync_once()
        except OfflineError:
            continue
    return rounds


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
    store, client, numbers = counter_window(tmp_path, embedded.base_url, catalog)
    files = _capture(store, numbers)
    flaky = FlakyAdapter(seed=2026)
    client._session.mount("http://", flaky)
    engine = SyncEngine(store, client, window_no=1)
    engine.attachments.chunk_size = 256 * 1024
    _sync_until_stored(engine)
    assert min(flaky.faults.values()) > 0, flaky.faults
    _assert_arrived_once(db_url, settings, files)
    _verify_cli(db_url, settings, monkeypatch)
    store.close()


def test_a_30_mb_file_arrives_over_a_link_cut_every_few_megabytes(
    server: tuple[EmbeddedServer, CentralSettings, Any],
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A real TCP link that drops: every connection is cut after 1–5 MB towards the server,
    so most cuts tear a 1 MB chunk in the middle (the server gets half a body)."""
    embedded, settings, catalog = server
    rng = random.Random(14)
    proxy = CuttingProxy(_port(embedded.base_url), lambda: rng.randrange(1 << 20, 5 << 20))
    store, client, numbers = counter_window(tmp_path, proxy.url, catalog)
    try:
        files = _capture(store, numbers, scan=big_jpeg(30, seed=30))
        engine = SyncEngine(store, client, window_no=1)
        rounds = _sync_until_stored(engine)
        assert proxy.cuts >= 5 and rounds > proxy.cuts // 2, (proxy.cuts, rounds)
        _assert_arrived_once(db_url, settings, files)
        _verify_cli(db_url, settings, monkeypatch)
    finally:
        proxy.close()
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


def _child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}


def test_a_killed_upload_resumes_from_the_server_offset(
    server: tuple[EmbeddedServer, CentralSettings, Any],
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    embedded, settings, catalog = server
    store, client, numbers = counter_window(tmp_path, embedded.base_url, catalog)
    SyncEngine(store, client, window_no=1).push_once()  # the cases themselves go first
    files = _capture(store, numbers)
    first = store.attachments.ready_to_upload()[0]
    assert first.file_name == "scan.jpg"
    database = str(tmp_path / "counter" / "w.db")
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, database, embedded.base_url, client.token or ""],
        env=_child_env(),
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


_SERVER = """
import sys, time
from clerk_app.central.config import CentralSettings
from clerk_app.central.embedded import start_embedded
settings = CentralSettings.model_validate_json(sys.argv[1])
server = start_embedded(settings.db, settings=settings, auto_approve_devices=True)
print(server.base_url, flush=True)
time.sleep(3600)
"""


class ServerProcess:
    """The central server in a process of its own, so that it can be killed with -9."""

    def __init__(self, settings: CentralSettings) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, settings.model_dump_json()],
            env=_child_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.base_url = self.process.stdout.readline().strip()
        assert self.base_url.startswith("http://"), self.process.poll()

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        assert self.process.stdout is not None
        self.process.stdout.close()


def test_a_server_killed_mid_chunk_resumes_from_its_fsynced_partial_file(
    server: tuple[EmbeddedServer, CentralSettings, Any],
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """kill -9 of the SERVER while a chunk is half received: what it answered before is on
    disk (fsynced), the torn chunk is not; restarted, it tells the counter where to go on."""
    embedded, settings, catalog = server
    embedded.stop()  # the same database and storage, served by a process that can be killed
    central = ServerProcess(settings)
    chunk = 1024 * 1024
    # The counter's first connection carries the start, two chunks and half the third.
    proxy = CuttingProxy(_port(central.base_url), lambda: 2 * chunk + chunk // 2, hold=True)
    store, client, numbers = counter_window(tmp_path, central.base_url, catalog)
    try:
        SyncEngine(store, client, window_no=1).push_once()
        files = _capture(store, numbers)
        first = store.attachments.ready_to_upload()[0]
        linked = CentralClient(proxy.url, timeout=30.0, retries=0)
        linked.token = client.token
        uploader = AttachmentUploader(store, linked, chunk_size=chunk)
        errors: list[BaseException] = []
        thread = threading.Thread(target=_upload_catching, args=(uploader, errors))
        thread.start()
        assert proxy.frozen.wait(30)
        central.kill()  # kill -9 with the third chunk half received
        thread.join(30)
        assert not thread.is_alive() and [type(e) for e in errors] == [OfflineError]
        partial = settings.upload_dir() / f"{first.id}.part"
        assert partial.stat().st_size == 2 * chunk  # what was answered survived the kill
        noted = store.attachments.get(first.id)
        assert noted is not None and (noted.state, noted.uploaded_bytes) == ("pending", 2 * chunk)
        # restarted on the same database and storage (in this process: quicker to start)
        restarted = start_embedded(db_url, settings=settings, auto_approve_devices=True)
        proxy.upstream_port = _port(restarted.base_url)
        proxy.release()
        report = uploader.upload_pending()
        restarted.stop()
        assert report.stored == 4 and store.attachments.counts() == {"stored": 4}
        _assert_arrived_once(db_url, settings, files)
        _verify_cli(db_url, settings, monkeypatch)
    finally:
        proxy.close()
        central.kill()
        store.close()


def _upload_catching(uploader: AttachmentUploader, errors: list[BaseException]) -> None:
    try:
        uploader.upload_pending()
    except BaseException as exc:  # the test thread checks what ended the round
        errors.append(exc)


def _port(base_url: str) -> int:
    return int(base_url.rsplit(":", 1)[1])

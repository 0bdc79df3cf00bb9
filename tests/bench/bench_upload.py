"""Upload throughput of the counter's attachment uploader, beside a bare HTTP upload of the
same bytes in the same run (issue 14).

- Measured: ``AttachmentUploader.upload_pending`` sends 5 files of 10 MB (≈ 50 MB) captured
  at a window to ``clerk-central serve`` (uvicorn in its own process, on loopback, disk blob
  store) on SQLite and on PostgreSQL, at chunk sizes of 256 KB, 1 MB and 4 MB. All it does
  counts: the local re-hash of each file, start, every chunk (the server writes and fsyncs
  it before answering, the counter notes the offset in its SQLite), finish (the server
  re-hashes the file, stores the blob fsynced, records and audits it).
- Baseline: the same files, each as ONE streaming HTTP PUT (http.client) to a bare
  Starlette app under uvicorn in its own process that writes the body to disk and fsyncs
  it: what the link, uvicorn and the disk cost without the protocol.
- Per chunk and per file: the uploader's time over bare, fitted over the three chunk sizes
  as fixed + per_chunk × chunks (a chunk: one request, the server's fsync, the counter's
  bookkeeping; a file: the local re-hash, start, finish with the server's hash and blob).

Fresh random bytes every run (the server keeps one blob per content: the same bytes twice
would not be sent at all). Each figure is the median of ``repeat`` runs, bare and uploader
interleaved so that both see the same noise.

Run: ``.venv/bin/python -m tests.bench.bench_upload [--files 5] [--mb 10] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from clerk_app.store.attachments import LocalAttachment
from clerk_app.store.local import LocalStore
from clerk_app.sync.attachments import AttachmentUploader
from clerk_app.sync.client import CentralClient
from clerk_app.sync.engine import SyncEngine
from tests.attachment_helpers import free_port, jpeg_bytes
from tests.bench.common import BenchRow, print_table
from tests.bench.serving import serve_central
from tests.central.conftest import PASSWORD, make_case, seed_database, small_catalog
from tests.conftest import POSTGRES_URL

CHUNKS = {"256 KB": 256 * 1024, "1 MB": 1024 * 1024, "4 MB": 4 * 1024 * 1024}
MB = 1024 * 1024

_BARE_APP = """
import os, sys
import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

folder = sys.argv[1]

async def put(request):
    size = 0
    with open(os.path.join(folder, request.path_params["name"]), "wb") as out:
        async for piece in request.stream():
            out.write(piece)
            size += len(piece)
        out.flush()
        os.fsync(out.fileno())
    return JSONResponse({"size": size})

app = Starlette(routes=[Route("/bare/{name}", put, methods=["PUT"])])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""


@contextlib.contextmanager
def bare_server(folder: Path) -> Iterator[tuple[str, int]]:
    """The bare upload endpoint: (host, port) of a Starlette app in its own uvicorn."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", _BARE_APP, str(folder), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_port(port, proc)
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        proc.wait(20)


def _wait_for_port(port: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(OSError):
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the bare upload server did not start")
        time.sleep(0.1)


def bare_put(address: tuple[str, int], files: list[LocalAttachment]) -> float:
    """Seconds to PUT each file whole over one kept-alive connection."""
    conn = http.client.HTTPConnection(*address, timeout=60, blocksize=MB)
    started = time.perf_counter()
    for attachment in files:
        with attachment.path.open("rb") as body:
            conn.request(
                "PUT",
                f"/bare/{attachment.id}",
                body=body,
                headers={"Content-Length": str(attachment.size)},
            )
        answer = conn.getresponse()
        assert answer.status == 200, answer.read()
        answer.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


@contextlib.contextmanager
def central_database(kind: str, folder: Path) -> Iterator[str]:
    """An SQLite file, or a fresh schema on the test PostgreSQL (dropped afterwards)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'central.db'}"
        return
    schema = f"bench_upload_{uuid.uuid4().hex[:8]}"
    _postgres(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        _postgres(f'DROP SCHEMA "{schema}" CASCADE')


def _postgres(statement: str) -> None:
    plain = make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(statement.encode())


class Window:
    """A counter logged in at window 1 with one case on the server to attach files to."""

    def __init__(self, base_url: str, db_url: str, folder: Path) -> None:
        catalog = seed_database(db_url, small_catalog(5))
        self.store = LocalStore(folder / "window.db")
        item = catalog.items[0]
        self.store.catalog.replace("v1", [item], [])
        self.client = CentralClient(base_url, timeout=60.0)
        self.client.login("clerk01", PASSWORD, 1)
        self.number = self.store.cases.save_new(make_case(item)).number
        SyncEngine(self.store, self.client, window_no=1).push_once()
        self.line = 0

    def capture(self, files: int, megabytes: int) -> list[LocalAttachment]:
        """``files`` new files of fresh random bytes (a JPEG head: the type check passes)."""
        captured = []
        for _ in range(files):
            head = jpeg_bytes(seed=self.line)
            data = head + os.urandom(megabytes * MB - len(head))
            captured.append(
                self.store.attachments.add(
                    self.number,
                    self.line,
                    data,
                    file_name=f"scan-{self.line}.jpg",
                    captured_by="clerk01",
                    captured_at=datetime.now(UTC),
                )
            )
            self.line += 1
        return captured


def run_upload_bench(files: int = 5, megabytes: int = 10, repeat: int = 3) -> list[BenchRow]:
    rows: list[BenchRow] = []
    total = files * megabytes
    winners: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp_name:
        tmp = Path(tmp_name)
        for kind in ("sqlite", "postgres"):
            folder = tmp / kind
            folder.mkdir()
            with (
                bare_server(folder / "bare") as bare,
                central_database(kind, folder) as db_url,
                serve_central(db_url, env=_server_env(folder)) as (base, _proc),
            ):
                window = Window(base, db_url, folder)
                timings: dict[str, tuple[float, float]] = {}
                for label, chunk in CHUNKS.items():
                    uploader = AttachmentUploader(window.store, window.client, chunk_size=chunk)
                    ours, theirs = [], []
                    for _ in range(repeat):
                        batch = window.capture(files, megabytes)
                        theirs.append(bare_put(bare, batch))
                        started = time.perf_counter()
                        report = uploader.upload_pending()
                        ours.append(time.perf_counter() - started)
                        assert report.stored == files, report
                    timings[label] = (statistics.median(ours), statistics.median(theirs))
                window.store.close()
                sent: dict[str, int] = {}
                for label, (ours_s, bare_s) in timings.items():
                    sent[label] = files * -(-megabytes * MB // CHUNKS[label])
                    rows.append(
                        BenchRow(
                            f"upload {files}×{megabytes} MB, {label} chunks, {kind}: "
                            f"{total / ours_s:.0f} MB/s (bare PUT {total / bare_s:.0f} MB/s)",
                            ours_s,
                            "s",
                            bare_s,
                            "vs bare PUT",
                        )
                    )
                per_chunk, fixed = _fit(
                    [sent[label] for label in timings], [o - b for o, b in timings.values()]
                )
                rows.append(
                    BenchRow(
                        f"  cost of one chunk over bare, {kind}", per_chunk * 1000, "ms", None, ""
                    )
                )
                rows.append(
                    BenchRow(
                        f"  cost of one file over bare (hash, start, finish), {kind}",
                        fixed / files * 1000,
                        "ms",
                        None,
                        "",
                    )
                )
                winners.append(min(timings, key=lambda label: timings[label][0]))
    rows.append(
        BenchRow(f"fastest chunk size: {', '.join(winners)} (sqlite, postgres)", 0.0, "", None, "")
    )
    return rows


def _fit(chunks: list[int], overheads: list[float]) -> tuple[float, float]:
    """Least squares of overhead = fixed + per_chunk × chunks over the chunk sizes tried:
    (seconds per chunk, seconds of the whole batch's per-file work)."""
    slope, intercept = statistics.linear_regression(chunks, overheads)
    return slope, intercept


def _server_env(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CLERK_CENTRAL_DATA_DIR": str(folder / "central-data"),
        "CLERK_CENTRAL_AUTO_APPROVE_DEVICES": "true",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--mb", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print_table(run_upload_bench(args.files, args.mb, args.repeat), title="Upload")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One request's round trip on a kept-alive connection, the way the counter talks to the server.

Every call of a window (call-next, a case push, a lookup) goes through ``CentralClient``'s
``requests`` session, which keeps its connection open. Answered in two TCP segments (h11
writes the head, then the body) by a server socket with Nagle's algorithm on, each such call
waits ~40 ms for the client's delayed ACK, while a fresh connection per call does not (issue
14: the embedded server's listening socket did not say it was TCP, so asyncio never set
``TCP_NODELAY`` on the sockets it accepted).

Against the embedded server (``start_embedded``, SQLite) and ``clerk-central serve`` (one
process, SQLite), in the same run:

- **bare socket** (the floor): ``GET /api/v1/health`` as raw bytes on one kept-alive socket
  with ``TCP_NODELAY``, the answer read up to its ``Content-Length``: no client library;
- **new connection** (the baseline): ``requests.get`` without a session, one connection each;
- **kept alive**: ``GET /api/v1/health`` and a ``POST`` with a JSON body (a library lookup
  without a token: answered 401 by the server, the transport is the point) through the
  session of a real ``CentralClient``.

Goal: a kept-alive call's p50 is no slower than a new connection's (baseline/value ≥ 1).
Run: ``.venv/bin/python -m tests.bench.bench_roundtrip [calls]``
"""

from __future__ import annotations

import contextlib
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import requests

from clerk_app.central.embedded import start_embedded
from clerk_app.sync.client import CentralClient
from tests.bench.common import BenchRow, percentile, print_table
from tests.bench.serving import serve_central

CALLS = 200
HEALTH = "/api/v1/health"
LOOKUP = "/api/v1/library/lookup"
LOOKUP_BODY = {"id_kind": "resident_id", "nationality": "", "id_number": "420200000000000001"}


def timed(call: Callable[[], object], calls: int) -> list[float]:
    for _ in range(3):  # warm up: the connection, the server's first requests
        call()
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


class BareSocket:
    """``GET /api/v1/health`` as raw bytes on one kept-alive socket with ``TCP_NODELAY``."""

    def __init__(self, base: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        self._sock = socket.create_connection((host, int(port)))
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._request = f"GET {HEALTH} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
        self._buffer = b""

    def get(self) -> bytes:
        self._sock.sendall(self._request)
        while b"\r\n\r\n" not in self._buffer:
            self._buffer += self._recv()
        head, _, rest = self._buffer.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        while len(rest) < length:
            rest += self._recv()
        body, self._buffer = rest[:length], rest[length:]
        return body

    def _recv(self) -> bytes:
        chunk = self._sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the kept-alive connection")
        return chunk

    def close(self) -> None:
        self._sock.close()


def _fresh_get(base: str) -> bytes:
    return requests.get(f"{base}{HEALTH}", timeout=10).content


def measure(base: str, label: str, calls: int = CALLS) -> list[BenchRow]:
    """The four round trips against the server at ``base`` (p50 and p95 each)."""
    bare = BareSocket(base)
    client = CentralClient(base)
    session = client._session  # the counter's own session: its adapter, pool and headers
    try:
        floor = timed(bare.get, calls)
        fresh = timed(lambda: _fresh_get(base), calls)
        kept_get = timed(lambda: session.get(f"{base}{HEALTH}", timeout=10).content, calls)
        kept_post = timed(
            lambda: session.post(f"{base}{LOOKUP}", json=LOOKUP_BODY, timeout=10).content, calls
        )
    finally:
        bare.close()
        client.close()
    rows: list[BenchRow] = []
    for p in (50, 95):
        floor_p, fresh_p = percentile(floor, p) * 1000, percentile(fresh, p) * 1000
        goal = "≤ new connection (baseline/value ≥ 1)" if p == 50 else ""
        rows += [
            BenchRow(f"{label}: bare socket kept alive GET p{p} (floor)", floor_p, "ms", None, ""),
            BenchRow(f"{label}: new connection per GET p{p} (baseline)", fresh_p, "ms", None, ""),
            BenchRow(
                f"{label}: CentralClient kept alive GET p{p}",
                percentile(kept_get, p) * 1000,
                "ms",
                fresh_p,
                goal,
            ),
            BenchRow(
                f"{label}: CentralClient kept alive POST JSON p{p}",
                percentile(kept_post, p) * 1000,
                "ms",
                fresh_p,
                goal,
            ),
        ]
    return rows


@contextlib.contextmanager
def _embedded(folder: Path) -> Iterator[str]:
    with start_embedded(f"sqlite:///{folder / 'embedded.db'}") as server:
        yield server.base_url


@contextlib.contextmanager
def _served(folder: Path) -> Iterator[str]:
    with serve_central(f"sqlite:///{folder / 'served.db'}") as (base, _proc):
        yield base


def run_roundtrip_bench(calls: int = CALLS) -> list[BenchRow]:
    rows: list[BenchRow] = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, server in (("embedded", _embedded), ("serve", _served)):
            with server(Path(tmp)) as base:
                rows += measure(base, label, calls)
    return rows


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else CALLS
    print_table(run_roundtrip_bench(n), f"kept-alive round trips ({n} calls each)")

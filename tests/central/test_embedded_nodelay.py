"""Kept-alive connections answer without Nagle's 40 ms: the server's accepted sockets and the
counter's client sockets have ``TCP_NODELAY`` (h11 writes a response's head and body in two
segments; with Nagle on, the second waits for the client's delayed ACK on every call)."""

from __future__ import annotations

import http.client
import socket
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from clerk_app.central.embedded import EmbeddedServer, loopback_listener, start_embedded
from clerk_app.sync.client import CentralClient
from tests.bench.bench_roundtrip import timed
from tests.bench.serving import serve_central

HEALTH = "/api/v1/health"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    folder = tmp_path_factory.mktemp("nodelay")
    with start_embedded(f"sqlite:///{folder / 'central.db'}") as server:
        yield server


def _nodelay(sock: socket.socket) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def _accepted_sockets(server: EmbeddedServer) -> list[socket.socket]:
    """The server side of every connection uvicorn holds open right now."""
    connections = server.server.server_state.connections
    return [proto.transport.get_extra_info("socket") for proto in list(connections)]


def test_the_listener_says_it_is_tcp_so_accepted_sockets_inherit_it() -> None:
    with loopback_listener() as sock:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.getsockname()[0] == "127.0.0.1"


def test_embedded_server_sockets_have_nodelay(embedded: EmbeddedServer) -> None:
    port = int(embedded.base_url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", HEALTH)
        assert conn.getresponse().read()
        accepted = _accepted_sockets(embedded)
        assert accepted, "the kept-alive connection is open on the server"
        assert all(_nodelay(sock) for sock in accepted)
    finally:
        conn.close()


def test_central_client_sockets_have_nodelay(embedded: EmbeddedServer) -> None:
    client = CentralClient(embedded.base_url)
    try:
        assert client._session.get(f"{embedded.base_url}{HEALTH}", timeout=10).ok
        manager = client._session.get_adapter(embedded.base_url).poolmanager
        # RecentlyUsedContainer cannot be iterated itself, only its keys()
        pools = [manager.pools[key] for key in manager.pools.keys()]  # noqa: SIM118
        conns = [conn for pool in pools for conn in list(pool.pool.queue) if conn is not None]
        socks = [conn.sock for conn in conns if conn.sock is not None]
        assert socks, "the session keeps its connection"
        assert all(_nodelay(sock) for sock in socks)
    finally:
        client.close()


def _medians(base: str, calls: int = 20) -> tuple[float, float]:
    """Median seconds of ``calls`` GETs on one kept-alive session and on new connections."""
    with requests.Session() as session:
        kept = timed(lambda: session.get(f"{base}{HEALTH}", timeout=10).content, calls)
    fresh = timed(lambda: requests.get(f"{base}{HEALTH}", timeout=10).content, calls)
    return statistics.median(kept), statistics.median(fresh)


@pytest.mark.skipif(sys.platform != "linux", reason="delayed ACK timing is Linux's")
def test_served_kept_alive_call_does_not_wait_for_delayed_ack(tmp_path: Path) -> None:
    """``clerk-central serve`` (a socket uvicorn binds itself): a kept-alive call is not
    slower than a new connection by anything like the 40 ms delayed ACK. Relative, not
    absolute: a busy machine slows both alike."""
    with serve_central(f"sqlite:///{tmp_path / 'served.db'}") as (base, _proc):
        kept, fresh = _medians(base)
    assert kept < fresh + 0.025, f"kept alive {kept * 1000:.1f} ms, new {fresh * 1000:.1f} ms"

"""Shared by the attachment tests: files of each type, an S3-protocol server on loopback, a
counter window with cases on the server, and a proxy that breaks the link."""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from PIL import Image

from clerk_app.central.catalog_io import ParsedCatalog
from clerk_app.central.config import CentralSettings
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from tests.central.conftest import PASSWORD, make_case


def jpeg_bytes(size: tuple[int, int] = (64, 48), seed: int = 0) -> bytes:
    image = Image.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, 120))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def big_jpeg(megabytes: float, seed: int = 0) -> bytes:
    """A JPEG with noise in it, padded with random bytes after its end to ``megabytes``."""
    import random

    head = jpeg_bytes(seed=seed)
    rng = random.Random(seed)
    return head + rng.randbytes(int(megabytes * 1024 * 1024) - len(head))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1 (speaks the S3 protocol over HTTP): its endpoint."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def counter_window(
    tmp_path: Path, base_url: str, catalog: ParsedCatalog, cases: int = 2
) -> tuple[LocalStore, CentralClient, list[str]]:
    """A counter logged in at window 1 with ``cases`` cases of its own (not yet pushed)."""
    store = LocalStore(tmp_path / "counter" / "w.db")
    item = catalog.items[0]
    store.catalog.replace("v1", [item], [])
    client = CentralClient(base_url, timeout=5.0, retries=0)
    client.login("clerk01", PASSWORD, 1)
    numbers = [
        store.cases.save_new(make_case(item, sequence=n)).number for n in range(1, cases + 1)
    ]
    return store, client, numbers


def storage_settings(db_url: str, data_dir: Path, endpoint: str | None) -> CentralSettings:
    """Disk storage under ``data_dir``, or a fresh bucket on the S3 server at ``endpoint``."""
    if endpoint is None:
        return CentralSettings(db=db_url, data_dir=str(data_dir))
    import uuid

    import boto3

    bucket = f"clerk-{uuid.uuid4().hex[:12]}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket=bucket)
    return CentralSettings(
        db=db_url,
        data_dir=str(data_dir),
        blob_store="s3",
        s3_endpoint=endpoint,
        s3_bucket=bucket,
        s3_access_key="test",
        s3_secret_key="test",
    )


class CuttingProxy:
    """A TCP proxy on loopback between the counter and the server that breaks the link the
    way a hall's does. Each connection may carry ``budget()`` bytes towards the server (None:
    unlimited); then it is either cut (both sides closed: the request, usually a chunk, is
    torn in the middle) or, with ``hold=True``, frozen: nothing more goes up until
    :meth:`release`, so the server sits mid-chunk (``frozen`` is set). A byte budget stands
    for time at a link's speed: the test is deterministic and never waits on a clock."""

    def __init__(
        self, upstream_port: int, budget: Callable[[], int | None], *, hold: bool = False
    ) -> None:
        self.upstream_port = upstream_port
        self.budget = budget
        self.hold = hold
        self.cuts = 0
        self.frozen = threading.Event()
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._open: set[socket.socket] = set()
        self._closing = False
        threading.Thread(target=self._accept, name="cutting-proxy", daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def release(self) -> None:
        """Frozen connections are closed; new ones go through without a budget."""
        self.budget = lambda: None
        self._released.set()

    def close(self) -> None:
        self._closing = True
        self._released.set()
        self._listener.close()
        with self._lock:
            for sock in list(self._open):
                _shut(sock)

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                _shut(client)  # the server is down: the counter sees a refused link
                continue
            with self._lock:
                self._open.update((client, server))
            budget = self.budget()
            threading.Thread(target=self._up, args=(client, server, budget), daemon=True).start()
            threading.Thread(target=self._down, args=(server, client), daemon=True).start()

    def _up(self, client: socket.socket, server: socket.socket, budget: int | None) -> None:
        try:
            while data := client.recv(65536):
                if budget is not None and len(data) >= budget:
                    server.sendall(data[:budget])
                    if self.hold:
                        self.frozen.set()
                        self._released.wait()
                    else:
                        with self._lock:
                            self.cuts += 1
                    break
                if budget is not None:
                    budget -= len(data)
                server.sendall(data)
        except OSError:
            pass
        self._drop(client, server)

    def _down(self, server: socket.socket, client: socket.socket) -> None:
        try:
            while data := server.recv(65536):
                client.sendall(data)
        except OSError:
            pass
        self._drop(client, server)

    def _drop(self, *sockets: socket.socket) -> None:
        with self._lock:
            for sock in sockets:
                self._open.discard(sock)
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()

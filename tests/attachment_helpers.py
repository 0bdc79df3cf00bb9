"""Shared by the attachment tests: files of each type, and an S3-protocol server on loopback."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image

from clerk_app.central.config import CentralSettings


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

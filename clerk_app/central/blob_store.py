"""Content-addressed storage of attachment files: one blob per SHA-256, never two.

Two backends behind :class:`BlobStore`, chosen by ``CLERK_CENTRAL_BLOB_STORE``:

* ``disk`` (default): ``<data_dir>/blobs/ab/cd/abcd…`` — the verified upload (already
  fsynced) is hard-linked in under its name and the folder fsynced; across filesystems it is
  copied to a temporary name in the same folder, fsynced, then renamed. Either way a blob is
  whole or absent;
* ``s3``: an S3-compatible bucket (what government clouds offer), key ``<prefix><sha256>``,
  through boto3; an object store's PUT is atomic in the same way.

A blob's name is its hash, so storing the same bytes twice is a no-op and a reader can always
check what it got (``clerk-central blobs verify``).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from clerk_app.central.config import CentralSettings

_READ_SIZE = 1024 * 1024
# A hard link is impossible here (another filesystem, or one without links): copy instead.
_NO_LINK = frozenset({errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP})


class BlobStore(Protocol):
    """Where finished uploads live, keyed by their SHA-256 (64 lowercase hex digits)."""

    def exists(self, sha256: str) -> bool: ...

    def put_file(self, sha256: str, source: Path) -> None:
        """Store ``source`` (already verified to hash to ``sha256``, its bytes fsynced); a
        no-op if present. ``source`` is left in place for the caller to remove, and must not
        be written to again: the disk store may share its bytes (a hard link)."""

    def read(self, sha256: str) -> Iterator[bytes]:
        """The blob's bytes in pieces; FileNotFoundError when it is missing."""
        ...

    def delete(self, sha256: str) -> None:
        """Remove the blob (retention); a no-op when it is already gone."""

    def describe(self) -> str: ...


def sha256_of(pieces: Iterator[bytes]) -> tuple[str, int]:
    """(hex digest, size) of a stream of bytes."""
    digest = hashlib.sha256()
    size = 0
    for piece in pieces:
        digest.update(piece)
        size += len(piece)
    return digest.hexdigest(), size


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_file(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while piece := handle.read(_READ_SIZE):
            yield piece


class DiskBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_file(self, sha256: str, source: Path) -> None:
        target = self.path(sha256)
        if target.is_file():
            return
        new_folders = [p for p in (target.parent.parent, target.parent) if not p.is_dir()]
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._link(source, target)
        except FileExistsError:
            return  # the same bytes arrived meanwhile by another upload: that blob stays
        except OSError as exc:
            if exc.errno not in _NO_LINK:
                raise
            self._copy(source, target)
        for folder in [target.parent, *(p.parent for p in reversed(new_folders))]:
            _fsync_folder(folder)  # the new names survive a power cut too

    @staticmethod
    def _link(source: Path, target: Path) -> None:
        """No byte is copied: the upload gets the blob's name (and owner-only access, as a
        copy gets); the caller drops the upload's own name after its commit."""
        fd = os.open(source, os.O_RDONLY)
        try:
            os.fchmod(fd, 0o600)
            os.fsync(fd)  # nothing left to write for a chunked upload (fsynced per chunk)
        finally:
            os.close(fd)
        os.link(source, target)  # FileExistsError rather than replacing a blob

    @staticmethod
    def _copy(source: Path, target: Path) -> None:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as src:
                shutil.copyfileobj(src, out, _READ_SIZE)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)  # atomic: a reader sees the whole blob or none
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read(self, sha256: str) -> Iterator[bytes]:
        return read_file(self.path(sha256))

    def delete(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def describe(self) -> str:
        return f"磁盘目录 {self.root}"


class S3BlobStore:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    @classmethod
    def from_settings(cls, settings: CentralSettings) -> S3BlobStore:
        import boto3  # only a server configured for S3 needs it loaded

        options: dict[str, Any] = {"region_name": settings.s3_region}
        if settings.s3_endpoint:
            options["endpoint_url"] = settings.s3_endpoint
        if settings.s3_access_key:
            options["aws_access_key_id"] = settings.s3_access_key
            options["aws_secret_access_key"] = settings.s3_secret_key
        if not settings.s3_bucket:
            raise ValueError("对象存储未配置桶名（CLERK_CENTRAL_S3_BUCKET）")
        return cls(boto3.client("s3", **options), settings.s3_bucket, settings.s3_prefix)

    def key(self, sha256: str) -> str:
        return f"{self.prefix}{sha256}"

    def exists(self, sha256: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def put_file(self, sha256: str, source: Path) -> None:
        if self.exists(sha256):
            return
        with source.open("rb") as handle:
            self._put(sha256, handle)

    def _put(self, sha256: str, handle: BinaryIO) -> None:
        self.client.upload_fileobj(handle, self.bucket, self.key(sha256))

    def read(self, sha256: str) -> Iterator[bytes]:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise FileNotFoundError(self.key(sha256)) from exc
            raise
        body = answer["Body"]
        try:
            yield from body.iter_chunks(_READ_SIZE)
        finally:
            body.close()

    def delete(self, sha256: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sha256))  # absent: no error

    def describe(self) -> str:
        return f"对象存储 {self.bucket}/{self.prefix}"


def blob_store_from(settings: CentralSettings) -> BlobStore:
    if settings.blob_store == "s3":
        return S3BlobStore.from_settings(settings)
    return DiskBlobStore(settings.blob_dir())

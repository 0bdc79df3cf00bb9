"""Pages the department's browser asks for, without reading the whole file each time.

:class:`CachingStore` wraps the configured blob store (``app.state.blob_store``) and keeps:

* rendered pages and thumbnails on the server's local disk, ``<data_dir>/page-cache/`` (one
  file per sha256 + page + size), at most ``page_cache_mb`` in all: when a new render passes
  the bound, the least recently used ones go first. A second look at a page, or the twenty
  thumbnails of a case shown again, neither reads the blob nor renders;
* the last few blobs' bytes in memory (at most ``blob_memory_mb``, least recently used out
  first; a blob larger than half of that is not kept): the twenty thumbnails of one 10 MB
  PDF on S3 read it once, not twenty times. Concurrent requests for the same blob wait for
  one read (uvicorn answers on several threads).

Blobs are content-addressed and never change, so nothing is ever stale; a blob that
retention deletes (:meth:`delete`, also from ``clerk-central blobs purge`` in another process)
takes its cached pages with it. Whether a user may see a page is checked before the cache is
asked (services/attachment_view.py), so a purged file's pages are never served from memory.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path

from clerk_app.central.blob_store import BlobStore, blob_store_from
from clerk_app.central.config import CentralSettings
from clerk_app.central.page_render import PageImage

_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg"}
_MEDIA = {suffix: media for media, suffix in _SUFFIX.items()}


class PageCache:
    """Rendered pages on local disk, bounded by ``max_bytes`` (least recently used out)."""

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder, self.max_bytes = folder, max_bytes
        self._lock = threading.Lock()
        self._files: OrderedDict[str, int] = OrderedDict()  # file name → size, oldest first
        self._total = 0
        self._loaded = False

    def _load(self) -> None:
        """What a previous run left, oldest first (once, at the first use; under the lock)."""
        if self._loaded:
            return
        self._loaded = True
        self.folder.mkdir(parents=True, exist_ok=True)
        found = []
        for path in self.folder.iterdir():
            try:
                if path.suffix in _MEDIA:
                    stat = path.stat()
                    found.append((stat.st_mtime, path.name, stat.st_size))
                elif path.name.endswith(".tmp") and path.stat().st_mtime < time.time() - 3600:
                    path.unlink(missing_ok=True)  # a write cut short by a crash
            except FileNotFoundError:
                continue
        for _mtime, name, size in sorted(found):
            self._files[name] = size
            self._total += size
        self._evict()

    @staticmethod
    def key(sha256: str, page: int, thumbnail: bool) -> str:
        return f"{sha256}-{page}-{'thumb' if thumbnail else 'view'}"

    @property
    def total_bytes(self) -> int:
        with self._lock:
            self._load()
            return self._total

    def get(self, key: str) -> PageImage | None:
        for suffix, media in _MEDIA.items():
            name = key + suffix
            with self._lock:
                self._load()
                if name not in self._files:
                    continue
                self._files.move_to_end(name)
            try:
                return PageImage((self.folder / name).read_bytes(), media)
            except FileNotFoundError:  # removed by a purge in another process
                with self._lock:
                    self._total -= self._files.pop(name, 0)
                return None
        return None

    def put(self, key: str, image: PageImage) -> None:
        size = len(image.content)
        if size > self.max_bytes:
            return
        name = key + _SUFFIX.get(image.media_type, ".png")
        with self._lock:
            self._load()
        try:
            handle, temp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(image.content)
            os.replace(temp, self.folder / name)
        except OSError:
            return  # a full disk (or the folder removed) costs a render next time, no more
        with self._lock:
            self._total += size - self._files.pop(name, 0)
            self._files[name] = size
            self._evict()

    def _evict(self) -> None:
        while self._total > self.max_bytes and self._files:
            name, size = self._files.popitem(last=False)
            self._total -= size
            (self.folder / name).unlink(missing_ok=True)

    def drop(self, sha256: str) -> None:
        """Remove every cached page of the blob."""
        with self._lock:
            self._load()
            for name in [n for n in self._files if n.startswith(sha256 + "-")]:
                self._total -= self._files.pop(name)
        drop_pages(self.folder, sha256)


def drop_pages(folder: Path, sha256: str) -> None:
    """Remove the blob's cached pages from ``folder`` (purge, from any process)."""
    for path in folder.glob(f"{sha256}-*") if folder.is_dir() else []:
        path.unlink(missing_ok=True)


class CachingStore:
    """A :class:`BlobStore` that also answers pages from :class:`PageCache` and keeps the
    last blobs read in memory."""

    def __init__(self, store: BlobStore, pages: PageCache, memory_bytes: int) -> None:
        self.store, self.pages, self.memory_bytes = store, pages, memory_bytes
        self._lock = threading.Lock()
        self._blobs: OrderedDict[str, bytes] = OrderedDict()
        self._held = 0
        self._reading: dict[str, threading.Lock] = {}

    # ------------------------------------------------------------------ BlobStore
    def exists(self, sha256: str) -> bool:
        return self.store.exists(sha256)

    def put_file(self, sha256: str, source: Path) -> None:
        self.store.put_file(sha256, source)

    def read(self, sha256: str) -> Iterator[bytes]:
        return self.store.read(sha256)

    def delete(self, sha256: str) -> None:
        self.store.delete(sha256)
        with self._lock:
            self._held -= len(self._blobs.pop(sha256, b""))
        self.pages.drop(sha256)

    def describe(self) -> str:
        return self.store.describe()

    # ------------------------------------------------------------------ cached
    def content(self, sha256: str) -> bytes:
        """The blob's bytes, from memory when it was read a moment ago; FileNotFoundError."""
        with self._lock:
            if sha256 in self._blobs:
                self._blobs.move_to_end(sha256)
                return self._blobs[sha256]
            reading = self._reading.setdefault(sha256, threading.Lock())
        with reading:  # one read of a blob at a time; the others wait and find it kept
            with self._lock:
                if sha256 in self._blobs:
                    return self._blobs[sha256]
            try:
                data = b"".join(self.store.read(sha256))
                self._keep(sha256, data)
            finally:
                with self._lock:
                    self._reading.pop(sha256, None)
            return data

    def _keep(self, sha256: str, data: bytes) -> None:
        if len(data) * 2 > self.memory_bytes:
            return
        with self._lock:
            if sha256 in self._blobs:
                return
            self._blobs[sha256] = data
            self._held += len(data)
            while self._held > self.memory_bytes:
                self._held -= len(self._blobs.popitem(last=False)[1])

    def page(
        self, sha256: str, page: int, thumbnail: bool, render: Callable[[bytes], PageImage]
    ) -> PageImage:
        """The rendered page, from disk when it was rendered before."""
        key = PageCache.key(sha256, page, thumbnail)
        cached = self.pages.get(key)
        if cached is not None:
            return cached
        image = render(self.content(sha256))
        self.pages.put(key, image)
        return image


def page_cache_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / "page-cache"


def caching_store_from(settings: CentralSettings) -> CachingStore:
    """The configured blob store with the page cache (``serve`` and ``blobs purge``)."""
    pages = PageCache(page_cache_dir(settings.data_dir), settings.page_cache_mb * 1024 * 1024)
    return CachingStore(blob_store_from(settings), pages, settings.blob_memory_mb * 1024 * 1024)

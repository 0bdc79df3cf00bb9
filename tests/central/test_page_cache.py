"""The server's page cache (clerk_app/central/page_cache.py): a page asked again reads no blob,
the bound holds, concurrent requests read a blob once, and a purge takes the pages along."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from clerk_app.central.blob_store import BlobStore, DiskBlobStore
from clerk_app.central.cli import main as cli_main
from clerk_app.central.page_cache import CachingStore, PageCache, page_cache_dir
from clerk_app.central.page_render import PageImage
from tests.central.conftest import Central
from tests.central.test_attachment_view import three_page_pdf, upload
from tests.central.test_attachments import s3_endpoint, stored  # noqa: F401 (fixtures)
from tests.central.test_backoffice import backoffice_of
from tests.central.test_retention import _set_env, close_case, forget_filed, keep_for


class CountingStore:
    """A blob store that counts whole reads (and may take its time)."""

    def __init__(self, inner: BlobStore, delay: float = 0.0) -> None:
        self.inner, self.delay, self.reads = inner, delay, 0
        self._lock = threading.Lock()

    def exists(self, sha256: str) -> bool:
        return self.inner.exists(sha256)

    def put_file(self, sha256: str, source: Path) -> None:
        self.inner.put_file(sha256, source)

    def read(self, sha256: str) -> Iterator[bytes]:
        with self._lock:
            self.reads += 1
        if self.delay:
            time.sleep(self.delay)  # lets the other threads arrive while this one reads
        return self.inner.read(sha256)

    def delete(self, sha256: str) -> None:
        self.inner.delete(sha256)

    def describe(self) -> str:
        return self.inner.describe()


def _counted(central: Central) -> tuple[CachingStore, CountingStore]:
    caching = central.app.state.blob_store
    assert isinstance(caching, CachingStore)
    counting = CountingStore(caching.store)
    caching.store = counting
    return caching, counting


def test_a_page_asked_again_reads_nothing_and_a_purge_takes_it_away(
    stored: Central,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    central, bo = stored, backoffice_of(stored)
    number = bo.upload(1).number
    pdf = three_page_pdf()
    sha = hashlib.sha256(pdf).hexdigest()
    pdf_id = upload(central, bo.clerk, number, 0, pdf, media_type="application/pdf", pages=3)
    caching, counting = _counted(central)
    caching._blobs.clear()
    url = f"/api/v1/attachments/{pdf_id}/pages"

    first = central.client.get(f"{url}/1", headers=bo.a, params={"thumb": 1})
    assert first.status_code == 200 and counting.reads == 1
    again = central.client.get(f"{url}/1", headers=bo.a, params={"thumb": 1})
    assert again.content == first.content and again.headers["content-type"] == "image/jpeg"
    for page in (2, 3):  # the other thumbnails: the blob is still in memory
        assert central.client.get(f"{url}/{page}", headers=bo.a, params={"thumb": 1}).is_success
    caching._blobs.clear()
    assert central.client.get(f"{url}/2", headers=bo.a, params={"thumb": 1}).is_success
    assert counting.reads == 1
    view = central.client.get(f"{url}/2", headers=bo.a)  # the full-size page is another render
    assert view.headers["content-type"] == "image/png" and counting.reads == 2
    folder = page_cache_dir(central.app.state.settings.data_dir)
    assert len(list(folder.glob(f"{sha}-*"))) == 4

    keep_for(central, 30)
    forget_filed(central.url)
    close_case(central.url, number, datetime.now(UTC) - timedelta(days=40))
    _set_env(central, monkeypatch)
    assert cli_main(["blobs", "purge", "--db", central.url]) == 0
    assert not caching.exists(sha)
    assert list(folder.glob(f"{sha}-*")) == []
    gone = central.client.get(f"{url}/1", headers=bo.a, params={"thumb": 1})
    assert gone.status_code == 404 and counting.reads == 2
    assert cli_main(["blobs", "verify", "--db", central.url]) == 0


def _image(size: int, tag: int = 0) -> PageImage:
    return PageImage(bytes([tag]) * size, "image/jpeg")


def test_the_disk_cache_stays_within_its_bound_dropping_the_least_recently_used(
    tmp_path: Path,
) -> None:
    cache = PageCache(tmp_path / "pages", max_bytes=1000)
    for page in range(1, 4):
        cache.put(PageCache.key("a" * 64, page, True), _image(300, page))
    assert cache.get(PageCache.key("a" * 64, 1, True)) is not None  # page 1 used again
    cache.put(PageCache.key("b" * 64, 1, True), _image(300))
    assert cache.total_bytes <= 1000
    assert cache.get(PageCache.key("a" * 64, 2, True)) is None  # the least recently used
    assert cache.get(PageCache.key("a" * 64, 1, True)) == _image(300, 1)
    on_disk = sum(p.stat().st_size for p in (tmp_path / "pages").iterdir())
    assert on_disk == cache.total_bytes == 900
    cache.put(PageCache.key("c" * 64, 1, False), _image(2000))  # larger than the bound: not kept
    assert cache.get(PageCache.key("c" * 64, 1, False)) is None
    # a restart finds what is on disk, and a smaller bound is applied at once
    smaller = PageCache(tmp_path / "pages", max_bytes=600)
    assert smaller.total_bytes == 600 and len(list((tmp_path / "pages").iterdir())) == 2
    smaller.drop("b" * 64)
    assert smaller.get(PageCache.key("b" * 64, 1, True)) is None and smaller.total_bytes == 300


def test_concurrent_pages_of_one_blob_read_it_once_and_memory_stays_bounded(
    tmp_path: Path,
) -> None:
    disk = DiskBlobStore(tmp_path / "blobs")
    blobs = []
    for tag in range(3):
        data = bytes([tag]) * 400
        source = tmp_path / f"{tag}.bin"
        source.write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        disk.put_file(sha, source)
        blobs.append(sha)
    counting = CountingStore(disk, delay=0.2)
    caching = CachingStore(counting, PageCache(tmp_path / "pages", 10_000), memory_bytes=1000)

    def render(content: bytes) -> PageImage:
        return PageImage(content[:10], "image/jpeg")

    threads = [
        threading.Thread(target=caching.page, args=(blobs[0], page, True, render))
        for page in range(1, 9)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counting.reads == 1
    assert len(list((tmp_path / "pages").iterdir())) == 8
    for sha in blobs[1:]:  # 3 × 400 bytes do not fit in 1000: the oldest goes
        caching.content(sha)
    assert caching._held <= 1000 and blobs[0] not in caching._blobs
    caching.delete(blobs[1])
    assert not disk.exists(blobs[1]) and caching._held == 400

"""An upload storing a blob's bytes and a purge deleting the same bytes (both databases): the
purge's last check and its deletion wait for the upload's commit, so the file stays under the
row the upload commits. Without the guard the purge deleted the file the upload had just found
in place and named (a row with no bytes)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.services import attachments, blob_guard
from clerk_app.central.services.retention import PurgeReport, _drop_blob
from tests.central.test_library import Lib, lib  # noqa: F401 (lib: a fixture)
from tests.central.test_library_races import _blocked_by, _in_thread

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def test_a_purge_waits_for_an_upload_of_the_same_bytes_and_keeps_them(
    lib: Lib,  # noqa: F811
    tmp_path: Path,
) -> None:
    store = lib.central.app.state.blob_store
    data = b"%PDF-1.4 the same licence scanned twice\n"
    sha256 = hashlib.sha256(data).hexdigest()
    source = tmp_path / "licence.pdf"
    source.write_bytes(data)
    store.put_file(sha256, source)  # the bytes of a blob whose row a purge removed just now

    engine = make_engine(lib.central.url)
    sessions = make_session_factory(engine)
    uploading = sessions()
    try:
        with blob_guard.blob_guard(uploading, sha256):
            # The upload finds the bytes in place (no write) and names them; not committed yet.
            attachments.add_blob(uploading, sha256, len(data), "application/pdf", NOW)
            pool, purge = _in_thread(
                lambda: _drop_blob(sessions, store, sha256, PurgeReport(dry_run=False))
            )
            try:
                if lib.central.url.startswith("postgresql"):
                    holder = uploading.connection().exec_driver_sql("SELECT pg_backend_pid()")
                    _blocked_by(lib.central.url, int(holder.scalar_one()), purge)
                else:
                    _wait_for_second_user(sha256, purge)
                assert not purge.done(), "the purge did not wait for the upload's commit"
                uploading.commit()
            except BaseException:
                uploading.rollback()
                raise
        assert purge.result() is None  # kept: the upload's row names the bytes
        pool.shutdown()
    finally:
        uploading.close()
        engine.dispose()
    assert store.exists(sha256)


def _wait_for_second_user(sha256: str, work: object) -> None:
    """SQLite: the purge's thread has asked for the hash's lock (or finished without it)."""
    import time
    from concurrent.futures import Future

    assert isinstance(work, Future)
    for _ in range(3000):  # a bound, not a timing
        users = blob_guard._held.get(sha256, (None, 0))[1]
        if users >= 2 or work.done():
            return
        time.sleep(0.01)
    raise AssertionError("the purge neither finished nor waited for the hash's lock")

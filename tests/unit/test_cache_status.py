"""``clerk-app cache-status``: counts what a local store holds that the server has not got."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clerk_app.domain.cases import Case, IdKind, Person
from clerk_app.store.local import LocalStore
from clerk_app.ui.cache_status import (
    EXIT_ALL_SYNCED,
    EXIT_UNKNOWN,
    EXIT_UNSYNCED,
    STORE_FILE,
    cache_status,
)
from clerk_app.ui.main import main
from tests.bench.common import synthetic_items

T0 = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
APPLICANT = Person(IdKind.RESIDENT_ID, "42280119900307123X", "王小明", "13972000000")


def make_store(folder: Path, *, cases: int, synced: bool) -> Path:
    """A real local store with ``cases`` accepted cases, their outbox rows pushed or not."""
    path = folder / STORE_FILE
    store = LocalStore(path)
    try:
        for item in synthetic_items(cases, seed=3):
            store.cases.save_new(Case("", "HS01", 5, item, APPLICANT, received_at=T0, clerk="c05"))
    finally:
        store.close()
    if synced:
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE outbox SET state = 'done'")
        conn.close()
    return path


def test_a_store_with_pending_outbox_rows_is_unsynced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_store(tmp_path / "cache", cases=2, synced=False)
    assert main(["cache-status", "--count", "--path", str(tmp_path / "cache")]) == EXIT_UNSYNCED
    assert capsys.readouterr().out.strip() == "2"
    assert main(["cache-status", "--path", str(tmp_path / "cache")]) == EXIT_UNSYNCED
    out = capsys.readouterr().out
    assert str(tmp_path / "cache" / STORE_FILE) in out and "未同步操作 2 项" in out


def test_a_synced_or_empty_store_is_safe_to_delete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_store(tmp_path / "synced", cases=2, synced=True)
    LocalStore(tmp_path / "empty" / STORE_FILE).close()
    for folder in ("synced", "empty"):
        assert main(["cache-status", "--count", "--path", str(tmp_path / folder)]) == 0
        assert capsys.readouterr().out.strip() == "0"
    assert main(["cache-status", "--path", str(tmp_path / "nothing")]) == EXIT_ALL_SYNCED


def test_pending_uploads_and_rejected_operations_count(tmp_path: Path) -> None:
    path = make_store(tmp_path, cases=2, synced=True)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE outbox SET state = 'rejected' WHERE id = 1")
        conn.execute(
            "INSERT INTO attachments (id, case_number, line_no, material_code, file_name, "
            "media_type, size, sha256, pages, captured_by, captured_at, path, state) "
            "SELECT 'a1', number, 1, 'M1', 'id.pdf', 'application/pdf', 1, 'x', 1, 'c05', "
            "'2026-11-23T09:30:00+00:00', 'blobs/x', 'pending' FROM cases LIMIT 1"
        )
    conn.close()
    [status] = cache_status(tmp_path)
    assert (status.operations, status.files) == (1, 1)


def test_every_store_under_the_folder_counts(tmp_path: Path) -> None:
    make_store(tmp_path / "demo", cases=1, synced=True)
    make_store(tmp_path / "demo" / "window-2", cases=3, synced=False)
    assert sum(s.unsynced for s in cache_status(tmp_path)) == 3


def test_a_store_it_cannot_read_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / STORE_FILE).write_bytes(b"not a database, but maybe the only copy of a case")
    assert main(["cache-status", "--count", "--path", str(tmp_path)]) == EXIT_UNKNOWN
    captured = capsys.readouterr()
    assert captured.out == "" and "无法读取" in captured.err

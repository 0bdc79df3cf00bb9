"""``clerk-app cache-status``: does a local cache hold work the central server has not got yet?

    clerk-app cache-status [--path DIR] [--count]

Looks at every local store (``local.sqlite3``) under DIR (default: this user's data folder; a
demo cache has one per simulated window) and counts what only this PC holds: outbox
operations still to push or refused and waiting for the clerk, and captured files not yet
uploaded. The Debian package's prerm/postrm call it before a purge deletes a user's cache
(installer/make_deb.py). It only reads: no migration, no write, no Qt.

Exit 0 when nothing is unsynced, 1 when something is (the count on stdout), 2 when it cannot
tell (a store it cannot read): a caller must then keep the cache.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXIT_ALL_SYNCED, EXIT_UNSYNCED, EXIT_UNKNOWN = 0, 1, 2
STORE_FILE = "local.sqlite3"

# Rejected operations count: the server refused them, so the case exists only here until the
# clerk retries or discards them.
_UNSENT_OPERATIONS = "SELECT count(*) FROM outbox WHERE state IN ('pending', 'rejected')"
_UNSENT_FILES = "SELECT count(*) FROM attachments WHERE state = 'pending'"


@dataclass(frozen=True, slots=True)
class StoreStatus:
    path: Path
    operations: int
    files: int

    @property
    def unsynced(self) -> int:
        return self.operations + self.files


class UnreadableStore(Exception):
    """A store whose unsynced work cannot be counted (damaged, locked, not a store)."""


def _table_exists(conn: sqlite3.Connection, name: str) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return found.fetchone() is not None


def store_status(path: Path) -> StoreStatus:
    """What ``path`` holds that the server has not got; read-only (the WAL included)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise UnreadableStore(f"{path}: {exc}") from exc
    try:
        if not _table_exists(conn, "outbox"):
            raise UnreadableStore(f"{path}: no outbox table")
        operations = conn.execute(_UNSENT_OPERATIONS).fetchone()[0]
        # stores older than captured materials have no attachments table
        has_files = _table_exists(conn, "attachments")
        files = conn.execute(_UNSENT_FILES).fetchone()[0] if has_files else 0
        return StoreStatus(path, int(operations), int(files))
    except sqlite3.Error as exc:
        raise UnreadableStore(f"{path}: {exc}") from exc
    finally:
        conn.close()


def cache_status(folder: Path) -> list[StoreStatus]:
    """Every local store under ``folder``; raises UnreadableStore if one cannot be read."""
    return [store_status(path) for path in sorted(folder.rglob(STORE_FILE)) if path.is_file()]


def add_cache_status_command(sub: Any) -> None:
    command = sub.add_parser(
        "cache-status", help="检查本机缓存中是否有尚未同步到中心服务器的数据（卸载前检查）"
    )
    command.add_argument(
        "--path", metavar="DIR", type=Path, help="要检查的数据目录（默认本用户的数据目录）"
    )
    command.add_argument("--count", action="store_true", help="只输出未同步的项数（供脚本使用）")


def cache_status_command(folder: Path, count_only: bool) -> int:
    try:
        stores = cache_status(folder)
    except (UnreadableStore, OSError) as exc:
        print(f"无法读取本机缓存 / cannot read the local cache: {exc}", file=sys.stderr)
        return EXIT_UNKNOWN
    total = sum(store.unsynced for store in stores)
    if count_only:
        print(total)
    else:
        for store in stores:
            print(
                f"{store.path}: 未同步操作 {store.operations} 项，未上传材料 {store.files} 份 / "
                f"{store.operations} operations not synced, {store.files} files not uploaded"
            )
        print(f"合计未同步 {total} 项 / {total} items not synced in total")
    return EXIT_UNSYNCED if total else EXIT_ALL_SYNCED

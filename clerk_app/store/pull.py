"""Applying the server's changes (a pull page) to this PC's copy, atomically with the cursor."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from clerk_app.contract.sync import Change, ChangeKind
from clerk_app.domain.cases import Case, parse_case_number
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.store.case_rows import bump_sequence, insert_case, rewrite_server_case
from clerk_app.store.catalog import Catalog, note_catalog_changed, put_bundle, upsert_item
from clerk_app.store.database import Database, dumps
from clerk_app.store.outbox import change_waits
from clerk_app.store.prechecks import apply_remote_precheck
from clerk_app.store.settings import hall_config_key, put_setting, read_setting

log = logging.getLogger(__name__)

CURSOR_SETTING = "sync_cursor"


@dataclass(frozen=True)
class PullApplied:
    """What one applied pull page changed locally."""

    cases: int = 0
    items: int = 0
    other: int = 0

    def __add__(self, other: PullApplied) -> PullApplied:
        return PullApplied(
            self.cases + other.cases, self.items + other.items, self.other + other.other
        )


def _apply_remote_case(conn: Connection, number: str, version: int, data: dict[str, Any]) -> int:
    """Store the server's case. One with local changes still waiting is not overwritten: the
    server's version is kept beside it (the push will meet a conflict the clerk resolves)."""
    remote = Case.from_dict(data)
    row = conn.exec_driver_sql(
        "SELECT base_version, server_version FROM cases WHERE number = ?", (number,)
    ).first()
    if row is None:
        parsed = parse_case_number(number)
        if parsed is None:
            return 0
        bump_sequence(conn, *parsed)  # never hand it out again
        insert_case(conn, number, parsed, remote, server_version=version)
        return 1
    if version <= (row.base_version or 0):
        return 0  # the echo of our own push, or older
    if change_waits(conn, number):
        conn.exec_driver_sql(
            "UPDATE cases SET server_version = ?, server_data = ? WHERE number = ?",
            (max(version, row.server_version or 0), dumps(data), number),
        )
        return 0
    rewrite_server_case(conn, remote, version)
    return 1


def _apply_change(conn: Connection, change: Change) -> PullApplied:
    """One change; an item keeps its row when withdrawn (old cases still open it). A kind
    this counter does not know (a newer server's) is passed over."""
    data = change.data
    if change.kind == ChangeKind.CASE and data is not None:
        return PullApplied(cases=_apply_remote_case(conn, change.key, change.version, data))
    if change.kind == ChangeKind.ITEM and data is not None:
        upsert_item(conn, Item.from_dict(data))  # a malformed record raises before the write
        return PullApplied(items=1)
    if change.kind == ChangeKind.BUNDLE:
        put_bundle(conn, change.key, None if data is None else Bundle.from_dict(data))
        return PullApplied(items=1)
    if change.kind == ChangeKind.CATALOG:
        if data is not None and data.get("catalog_version"):
            put_setting(conn, "catalog_version", str(data["catalog_version"]))
        return PullApplied(other=1)
    if change.kind == ChangeKind.PRECHECK and data is not None:
        return PullApplied(other=apply_remote_precheck(conn, change.key, change.version, data))
    if change.kind == ChangeKind.HALL:
        put_setting(conn, hall_config_key(change.key), dumps(data))
        return PullApplied(other=1)
    return PullApplied()


def _apply_in_savepoint(conn: Connection, change: Change) -> PullApplied:
    # a change that fails half-way leaves nothing behind (a plain savepoint: cheap)
    conn.exec_driver_sql("SAVEPOINT pull_change")
    try:
        applied = _apply_change(conn, change)
    except BaseException:
        conn.exec_driver_sql("ROLLBACK TO pull_change")
        conn.exec_driver_sql("RELEASE pull_change")
        raise
    conn.exec_driver_sql("RELEASE pull_change")
    return applied


class Pull:
    def __init__(self, db: Database, catalog: Catalog) -> None:
        self._db = db
        self._catalog = catalog

    def cursor(self) -> str | None:
        """The server's change cursor up to which this store has applied every change."""
        with self._db.read() as conn:
            return read_setting(conn, CURSOR_SETTING)

    def set_cursor(self, cursor: str) -> None:
        """Pull from ``cursor`` on (``""``: everything again)."""
        with self._db.write() as conn:
            put_setting(conn, CURSOR_SETTING, cursor)

    def apply(self, changes: Iterable[Change], cursor: str) -> PullApplied:
        """Apply pulled changes and store ``cursor`` in the same transaction.

        A malformed change is skipped (and logged) so that it does not stop every later one.
        """
        total = PullApplied()
        with self._db.write() as conn:
            for change in changes:
                try:
                    total += _apply_in_savepoint(conn, change)
                except (KeyError, TypeError, ValueError):
                    log.exception("skipped a malformed change from the server: %r", change)
            put_setting(conn, CURSOR_SETTING, cursor)
            if total.items:
                note_catalog_changed(conn)
        if total.items:
            self._catalog.forget_index()
        return total

"""Drafts: the acceptance a clerk is typing, kept in the local store as it is typed.

One draft per hall + window + user (``DraftKey``). The page saves it a moment after every
change and on every step; a confirmed decision deletes it. Each save is one committed SQLite
transaction (WAL, ``synchronous=FULL``), so a draft survives a crash or a ``kill -9`` of the
application and is offered at the next login of that user at that window.

The draft is the page's own state as JSON (``AcceptancePage.draft_state()``); this module does
not look inside it. Drafts never leave the PC (no outbox row): they hold personal data the
clerk has not yet decided to record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from clerk_app.store import schema as t
from clerk_app.store.database import Database, dumps


@dataclass(frozen=True)
class DraftKey:
    hall: str
    window_no: int
    username: str


@dataclass(frozen=True)
class Draft:
    key: DraftKey
    data: dict[str, Any]
    saved_at: datetime


class Drafts:
    """Save, load and delete drafts (``LocalStore.drafts``)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def _where(key: DraftKey) -> Any:
        d = t.drafts.c
        return (d.hall == key.hall) & (d.window == key.window_no) & (d.username == key.username)

    def save(self, key: DraftKey, data: dict[str, Any], at: datetime) -> None:
        """Replace the draft of ``key`` (committed when this returns)."""
        text = dumps(data)
        values = {
            "hall": key.hall,
            "window": key.window_no,
            "username": key.username,
            "data": text,
            "saved_at": at.isoformat(),
        }
        stmt = sqlite_insert(t.drafts).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["hall", "window", "username"],
            set_={"data": text, "saved_at": values["saved_at"]},
        )
        with self._db.write() as conn:
            conn.execute(stmt)

    def load(self, key: DraftKey) -> Draft | None:
        d = t.drafts.c
        with self._db.read() as conn:
            row = conn.execute(select(d.data, d.saved_at).where(self._where(key))).first()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except ValueError:
            return None  # unreadable: nothing to offer
        if not isinstance(data, dict):
            return None
        return Draft(key, data, datetime.fromisoformat(row[1]))

    def delete(self, key: DraftKey) -> None:
        with self._db.write() as conn:
            conn.execute(delete(t.drafts).where(self._where(key)))

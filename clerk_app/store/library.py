"""The shared materials library's entries this PC last saw per applicant (一号匹配 offline).

Each answer of the server replaces what the cache held for that applicant (an entry the server
no longer names goes), in one transaction with the time it was seen. Offline the window offers
from ``cached`` and says how old it is. Only entry rows are kept, never a file; an applicant
not looked up for ``KEEP_DAYS`` days is forgotten (personal data stays no longer than needed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, delete, insert, select

from clerk_app.domain.cases import IdKind, record_key
from clerk_app.domain.library import LibraryEntry
from clerk_app.store import schema as t
from clerk_app.store.case_rows import normalize_id
from clerk_app.store.database import Database

KEEP_DAYS = 30


@dataclass(frozen=True, slots=True)
class CachedLibrary:
    """What the server last said about one applicant, and when."""

    seen_at: datetime
    as_of: date  # the hall's day the server judged validity on
    entries: tuple[LibraryEntry, ...]


def _key(kind: IdKind, id_number: str, nationality: str) -> tuple[str, str, str]:
    return record_key(kind, normalize_id(id_number), nationality)


def _entry(row: Row[Any]) -> LibraryEntry:
    data = {f.name: row._mapping[f.name] for f in fields(LibraryEntry)}
    until = data["valid_until"]
    data["valid_until"] = date.fromisoformat(until) if until else None
    data["filed_at"] = datetime.fromisoformat(data["filed_at"])
    return LibraryEntry(**data)


class LibraryCache:
    KEEP_DAYS = KEEP_DAYS

    def __init__(self, db: Database) -> None:
        self._db = db

    def remember(
        self,
        kind: IdKind,
        id_number: str,
        nationality: str,
        entries: Iterable[LibraryEntry],
        *,
        seen_at: datetime,
        as_of: date,
    ) -> None:
        """The server's answer for this applicant replaces what was cached; applicants not
        looked up for ``KEEP_DAYS`` before ``seen_at`` are forgotten on the way."""
        id_kind, country, number = _key(kind, id_number, nationality)
        who = {"id_kind": id_kind, "nationality": country, "id_number": number}
        rows = [
            {
                **asdict(e),
                **who,
                "valid_until": e.valid_until.isoformat() if e.valid_until else None,
                "filed_at": e.filed_at.isoformat(),
            }
            for e in entries
        ]
        with self._db.write() as conn:
            _forget(conn, *_key(kind, id_number, nationality))
            if rows:
                # an entry names one applicant; one seen under another key moves to this one
                ids = [r["entry_id"] for r in rows]
                conn.execute(delete(t.library_cache).where(t.library_cache.c.entry_id.in_(ids)))
                conn.execute(insert(t.library_cache), rows)
            conn.execute(
                insert(t.library_lookups).values(
                    **who, seen_at=_utc(seen_at), as_of=as_of.isoformat()
                )
            )
            _purge(conn, seen_at - timedelta(days=self.KEEP_DAYS))

    def cached(self, kind: IdKind, id_number: str, nationality: str = "") -> CachedLibrary | None:
        """What the server last said about this applicant (None: never asked, or forgotten)."""
        id_kind, country, number = _key(kind, id_number, nationality)
        lk, ce = t.library_lookups.c, t.library_cache.c
        with self._db.read() as conn:
            lookup = conn.execute(
                select(lk.seen_at, lk.as_of).where(
                    lk.id_kind == id_kind, lk.nationality == country, lk.id_number == number
                )
            ).first()
            if lookup is None:
                return None
            rows = conn.execute(
                select(t.library_cache)
                .where(ce.id_kind == id_kind, ce.nationality == country, ce.id_number == number)
                .order_by(ce.material_code, ce.filed_at)
            ).all()
        return CachedLibrary(
            datetime.fromisoformat(lookup.seen_at),
            date.fromisoformat(lookup.as_of),
            tuple(_entry(r) for r in rows),
        )

    def purge(self, before: datetime) -> int:
        """Forget applicants last looked up before ``before``; returns how many."""
        with self._db.write() as conn:
            return _purge(conn, before)


def _utc(moment: datetime) -> str:
    """Times in UTC: the text compares right whatever offset the PC's clock had."""
    return moment.astimezone(UTC).isoformat()


def _forget(conn: Connection, id_kind: str, country: str, number: str) -> None:
    for table in (t.library_cache, t.library_lookups):
        c = table.c
        conn.execute(
            delete(table).where(
                c.id_kind == id_kind, c.nationality == country, c.id_number == number
            )
        )


def _purge(conn: Connection, before: datetime) -> int:
    lk = t.library_lookups.c
    old = conn.execute(
        select(lk.id_kind, lk.nationality, lk.id_number).where(lk.seen_at < _utc(before))
    ).all()
    for row in old:
        _forget(conn, row.id_kind, row.nationality, row.id_number)
    return len(old)

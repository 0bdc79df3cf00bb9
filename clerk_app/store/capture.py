"""Pages captured during an acceptance, kept on the PC before the case exists (issue 14).

The case number is made when the case is saved, but the clerk captures while accepting. Every
change of a line's pages (a page arrived, reordered, turned, deleted) is written here at once,
keyed like the draft (hall + window + user, ``DraftKey``) and by the line's material name, so a
crash mid-acceptance loses no page: the restored draft gets its pages back. A page's bytes are a
file named by its SHA-256 (written whole, fsynced) in the ``capture`` folder beside the
attachments; a row per page holds its place, rotation and origin.

Saving the case joins each line's pages into one PDF and hands it to ``Attachments.add_all``
with ``release`` as its ``then``: the attachment rows and the end of the staged pages are one
commit. ``clear`` forgets an acceptance the clerk threw away.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from clerk_app.domain.capture import Capture, DocumentDetails, Page
from clerk_app.store import schema as t
from clerk_app.store.attachments import write_file
from clerk_app.store.database import Database
from clerk_app.store.drafts import DraftKey


class CapturedPages:
    """``LocalStore.capture``: the staged pages of the acceptances in progress on this PC."""

    def __init__(self, db: Database, files_dir: Path) -> None:
        self._db = db
        self.files_dir = files_dir

    @staticmethod
    def _where(key: DraftKey, table: Table = t.capture_pages) -> Any:
        p = table.c
        return (p.hall == key.hall) & (p.window == key.window_no) & (p.username == key.username)

    def keep(self, key: DraftKey, line: str, pages: Capture, at: datetime) -> None:
        """The line's pages are now ``pages`` (committed when this returns)."""
        for page in pages:
            write_file(self.files_dir, page.sha256, page.data)
        p = t.capture_pages.c
        with self._db.write() as conn:
            conn.execute(delete(t.capture_pages).where(self._where(key) & (p.line == line)))
            for position, page in enumerate(pages):
                conn.execute(
                    insert(t.capture_pages).values(
                        hall=key.hall,
                        window=key.window_no,
                        username=key.username,
                        line=line,
                        position=position,
                        sha256=page.sha256,
                        media_type=page.media_type,
                        rotation=page.rotation,
                        origin=page.origin,
                        captured_at=at.isoformat(),
                    )
                )
        self._forget_unused()

    def load(self, key: DraftKey) -> dict[str, Capture]:
        """Every line's pages of the acceptance in progress; a page whose file is gone (a
        damaged disk) is left out."""
        p = t.capture_pages.c
        with self._db.read() as conn:
            rows = conn.execute(
                select(p.line, p.sha256, p.media_type, p.rotation, p.origin)
                .where(self._where(key))
                .order_by(p.line, p.position)
            ).all()
        lines: dict[str, list[Page]] = {}
        for line, sha256, media_type, rotation, origin in rows:
            try:
                data = (self.files_dir / sha256).read_bytes()
            except OSError:
                continue
            lines.setdefault(line, []).append(Page(data, media_type, origin, rotation, sha256))
        return {line: tuple(pages) for line, pages in lines.items()}

    def keep_details(self, key: DraftKey, line: str, details: DocumentDetails) -> None:
        """The line's 有效期至 / 发证机关 as entered now (committed when this returns)."""
        where = self._where(key, t.capture_lines) & (t.capture_lines.c.line == line)
        with self._db.write() as conn:
            conn.execute(delete(t.capture_lines).where(where))
            if details:
                conn.execute(
                    insert(t.capture_lines).values(
                        hall=key.hall,
                        window=key.window_no,
                        username=key.username,
                        line=line,
                        valid_until=details.valid_until.isoformat()
                        if details.valid_until
                        else None,
                        issuer=details.issuer,
                    )
                )

    def details(self, key: DraftKey) -> dict[str, DocumentDetails]:
        c = t.capture_lines.c
        with self._db.read() as conn:
            rows = conn.execute(
                select(c.line, c.valid_until, c.issuer).where(self._where(key, t.capture_lines))
            ).all()
        return {
            line: DocumentDetails(date.fromisoformat(valid) if valid else None, issuer)
            for line, valid, issuer in rows
        }

    def release(self, conn: Connection, key: DraftKey) -> None:
        """Inside the transaction that recorded the attachments: the staged pages are gone.
        Their files are removed by the next ``keep``/``clear`` (after the commit)."""
        conn.execute(delete(t.capture_pages).where(self._where(key)))
        conn.execute(delete(t.capture_lines).where(self._where(key, t.capture_lines)))

    def clear(self, key: DraftKey) -> None:
        with self._db.write() as conn:
            self.release(conn, key)
        self._forget_unused()

    def _forget_unused(self) -> None:
        """Delete page files no staged row names (after a commit, never before it)."""
        if not self.files_dir.is_dir():
            return
        with self._db.read() as conn:
            used = set(conn.execute(select(t.capture_pages.c.sha256)).scalars())
        for path in self.files_dir.iterdir():
            if path.name not in used and not path.name.startswith(".part-"):
                path.unlink(missing_ok=True)

"""Files captured for a case, kept on the PC until the server has them (issue 14).

``add`` checks the file (type by its first bytes, size), writes it into the data folder under
its SHA-256 (written to a temporary name, fsynced, renamed: whole or absent) and records it in
one transaction; capture never waits for the network. The sync worker
(``clerk_app.sync.attachments``) uploads pending files once their case is on the server and
notes the server's offset after each chunk, so a restart resumes where the server stands.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnClause, Row, func, insert, literal_column, select, update

from clerk_app.domain.attachments import file_refusal, sniff_media_type
from clerk_app.store import schema as t
from clerk_app.store.database import Database

# What the counter accepts; the server's own limit (CLERK_CENTRAL_ATTACHMENT_MAX_BYTES) has
# the last word and its refusal is kept as the attachment's error.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# SQLite's insertion order: files captured in the same second go in the order they were taken.
_CAPTURE_ORDER: ColumnClause[Any] = literal_column("attachments.rowid")


class AttachmentRefused(ValueError):
    """The file may not be attached; the message says why (for the clerk)."""


@dataclass(frozen=True, slots=True)
class LocalAttachment:
    id: str
    case_number: str
    line_no: int
    material_code: str
    file_name: str
    media_type: str
    size: int
    sha256: str
    pages: int
    captured_by: str
    captured_at: str
    path: Path
    state: str
    uploaded_bytes: int
    error: str | None


class Attachments:
    def __init__(self, db: Database, files_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._db = db
        self.files_dir = files_dir
        self.max_bytes = max_bytes

    def add(
        self,
        case_number: str,
        line_no: int,
        data: bytes,
        *,
        file_name: str,
        captured_by: str,
        captured_at: datetime,
        material_code: str = "",
        pages: int = 1,
    ) -> LocalAttachment:
        """Keep ``data`` for the case's checklist line; AttachmentRefused with the reason."""
        refusal = file_refusal(data[:262], len(data), self.max_bytes)
        if refusal is not None:
            raise AttachmentRefused(refusal)
        media_type = sniff_media_type(data) or ""
        sha256 = hashlib.sha256(data).hexdigest()
        self._write_file(sha256, data)
        attachment_id = str(uuid.uuid4())
        with self._db.write() as conn:
            conn.execute(
                insert(t.attachments).values(
                    id=attachment_id,
                    case_number=case_number,
                    line_no=line_no,
                    material_code=material_code,
                    file_name=file_name,
                    media_type=media_type,
                    size=len(data),
                    sha256=sha256,
                    pages=pages,
                    captured_by=captured_by,
                    captured_at=captured_at.isoformat(),
                    path=sha256,
                    state="pending",
                )
            )
        found = self.get(attachment_id)
        assert found is not None
        return found

    def _write_file(self, sha256: str, data: bytes) -> None:
        target = self.files_dir / sha256
        if target.is_file() and target.stat().st_size == len(data):
            return
        self.files_dir.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.files_dir, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _row(self, row: Row[Any]) -> LocalAttachment:
        values = dict(row._mapping)
        values["path"] = self.files_dir / values["path"]
        for column in ("attempts", "stored_at"):
            values.pop(column)
        return LocalAttachment(**values)

    def get(self, attachment_id: str) -> LocalAttachment | None:
        with self._db.read() as conn:
            row = conn.execute(
                select(t.attachments).where(t.attachments.c.id == attachment_id)
            ).first()
        return self._row(row) if row is not None else None

    def of_case(self, case_number: str) -> list[LocalAttachment]:
        a = t.attachments.c
        with self._db.read() as conn:
            rows = conn.execute(
                select(t.attachments)
                .where(a.case_number == case_number)
                .order_by(a.line_no, a.captured_at, _CAPTURE_ORDER)
            ).all()
        return [self._row(r) for r in rows]

    def ready_to_upload(self, limit: int = 50) -> list[LocalAttachment]:
        """Pending files whose case the server already holds (its own operation went first)."""
        a = t.attachments.c
        c = t.cases.c
        with self._db.read() as conn:
            rows = conn.execute(
                select(t.attachments)
                .join(t.cases, c.number == a.case_number)
                .where(a.state == "pending", c.base_version.is_not(None))
                .order_by(a.captured_at, _CAPTURE_ORDER)
                .limit(limit)
            ).all()
        return [self._row(r) for r in rows]

    def note_offset(self, attachment_id: str, offset: int) -> None:
        self._set(attachment_id, uploaded_bytes=offset)

    def mark_stored(self, attachment_id: str, at: datetime) -> None:
        self._set(attachment_id, state="stored", stored_at=at.isoformat(), error=None)

    def mark_refused(self, attachment_id: str, reason: str) -> None:
        self._set(attachment_id, state="refused", error=reason)

    def note_attempt(self, attachment_id: str, error: str | None) -> None:
        a = t.attachments.c
        with self._db.write() as conn:
            conn.execute(
                update(t.attachments)
                .where(a.id == attachment_id)
                .values(attempts=a.attempts + 1, error=error)
            )

    def _set(self, attachment_id: str, **values: object) -> None:
        with self._db.write() as conn:
            conn.execute(
                update(t.attachments).where(t.attachments.c.id == attachment_id).values(**values)
            )

    def counts(self) -> dict[str, int]:
        a = t.attachments.c
        with self._db.read() as conn:
            rows = conn.execute(select(a.state, func.count()).group_by(a.state)).all()
        return {r[0]: int(r[1]) for r in rows}

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    Row,
    String,
    cast,
    func,
    insert,
    literal,
    literal_column,
    select,
    update,
)

from clerk_app.domain.attachments import file_refusal, sniff_media_type
from clerk_app.domain.hall_time import hall_now
from clerk_app.store import schema as t
from clerk_app.store.database import Database

# What the counter accepts; the server's own limit (CLERK_CENTRAL_ATTACHMENT_MAX_BYTES) has
# the last word and its refusal is kept as the attachment's error.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# SQLite's insertion order: files captured in the same second go in the order they were taken.
_CAPTURE_ORDER: ColumnClause[Any] = literal_column("attachments.rowid")


def write_file(folder: Path, name: str, data: bytes) -> None:
    """``data`` as ``folder/name``: written to a temporary name, fsynced, renamed (whole or
    absent). A file already there with the same size is the same content (named by hash)."""
    target = folder / name
    if target.is_file() and target.stat().st_size == len(data):
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    valid_until: str | None = None  # 有效期至 (ISO date) read off the document, for the library
    issuer: str = ""  # 发证机关
    refused_at: str | None = None  # when the server refused it (None: not refused)
    acknowledged_by: str | None = None  # the clerk who noted the refusal (已知悉)
    acknowledged_at: str | None = None


@dataclass(frozen=True, slots=True)
class NewAttachment:
    """A file for one line of one case (``Attachments.add_all``)."""

    case_number: str
    line_no: int
    data: bytes
    file_name: str
    material_code: str = ""
    pages: int = 1
    valid_until: str | None = None
    issuer: str = ""


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
        valid_until: str | None = None,
        issuer: str = "",
    ) -> LocalAttachment:
        """Keep ``data`` for the case's checklist line; AttachmentRefused with the reason."""
        new = NewAttachment(
            case_number, line_no, data, file_name, material_code, pages, valid_until, issuer
        )
        (found,) = self.add_all([new], captured_by=captured_by, captured_at=captured_at)
        return found

    def add_all(
        self,
        files: Sequence[NewAttachment],
        *,
        captured_by: str,
        captured_at: datetime,
        then: Callable[[Connection], object] | None = None,
    ) -> list[LocalAttachment]:
        """Keep several files at once: every file checked and written (fsynced) first, then
        all rows in one transaction, with ``then(conn)`` in it (the capture's staged pages
        released in the same commit). AttachmentRefused before anything is recorded."""
        for new in files:
            refusal = file_refusal(new.data[:262], len(new.data), self.max_bytes)
            if refusal is not None:
                raise AttachmentRefused(refusal)
        rows: list[dict[str, object]] = []
        for new in files:
            sha256 = hashlib.sha256(new.data).hexdigest()
            write_file(self.files_dir, sha256, new.data)
            rows.append(
                {
                    "id": str(uuid.uuid4()),
                    "case_number": new.case_number,
                    "line_no": new.line_no,
                    "material_code": new.material_code,
                    "file_name": new.file_name,
                    "media_type": sniff_media_type(new.data) or "",
                    "size": len(new.data),
                    "sha256": sha256,
                    "pages": new.pages,
                    "captured_by": captured_by,
                    "captured_at": captured_at.isoformat(),
                    "path": sha256,
                    "state": "pending",
                    "valid_until": new.valid_until,
                    "issuer": new.issuer,
                }
            )
        with self._db.write() as conn:
            for row in rows:
                conn.execute(insert(t.attachments).values(**row))
            if then is not None:
                then(conn)
        found = [self.get(str(row["id"])) for row in rows]
        return [f for f in found if f is not None]

    def _row(self, row: Row[Any]) -> LocalAttachment:
        return self._row_of(dict(row._mapping))

    def _row_of(self, values: dict[str, Any]) -> LocalAttachment:
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

    def mark_refused(self, attachment_id: str, reason: str, at: datetime | None = None) -> None:
        self._set(
            attachment_id,
            state="refused",
            error=reason,
            refused_at=(at or hall_now()).isoformat(),
            acknowledged_by=None,
            acknowledged_at=None,
        )

    def acknowledge_refused(self, ids: Sequence[str], by: str, at: datetime) -> int:
        """已知悉: the refusals leave the status line's count; file and row stay, with who
        noted them and when. Returns how many were still unacknowledged."""
        a = t.attachments.c
        with self._db.write() as conn:
            result = conn.execute(
                update(t.attachments)
                .where(a.id.in_(ids), a.state == "refused", a.acknowledged_at.is_(None))
                .values(acknowledged_by=by, acknowledged_at=at.isoformat())
            )
        return int(result.rowcount)

    def resend_refused(self, ids: Sequence[str]) -> int:
        """重新上传: refused files pending again (the next sync round sends them; the server
        is asked where each upload stands, so the offset starts from its answer). Returns
        how many were refused."""
        a = t.attachments.c
        with self._db.write() as conn:
            result = conn.execute(
                update(t.attachments)
                .where(a.id.in_(ids), a.state == "refused")
                .values(
                    state="pending",
                    error=None,
                    uploaded_bytes=0,
                    refused_at=None,
                    acknowledged_by=None,
                    acknowledged_at=None,
                )
            )
        return int(result.rowcount)

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

    def upload_progress(self, refused_limit: int = 20) -> UploadProgress:
        """What the status line says (issue 14): one aggregate over the files not yet stored
        (the ``state`` index), and the newest refused files the clerk has not acknowledged."""
        a = t.attachments.c
        waiting = a.state == "pending"
        with self._db.read() as conn:
            counts = conn.execute(
                select(
                    func.count().filter(waiting),
                    func.count().filter(waiting, a.uploaded_bytes > 0),
                    func.coalesce(func.sum(a.size).filter(waiting), 0),
                    func.coalesce(func.sum(a.uploaded_bytes).filter(waiting), 0),
                    func.count().filter(a.state == "refused", a.acknowledged_at.is_(None)),
                ).where(a.state.in_(("pending", "refused")))
            ).one()
            # the tooltip names no line: no case read on the GUI thread's poll
            refused = self._refused(conn, refused_limit, acknowledged=False, names=False)
        pending, uploading, size, confirmed, refused_count = (int(v) for v in counts)
        return UploadProgress(pending, uploading, size, confirmed, refused_count, refused)

    def refused(self, limit: int = 200, *, acknowledged: bool = True) -> tuple[RefusedFile, ...]:
        """The newest refused files, the acknowledged ones too unless ``acknowledged`` is
        False."""
        with self._db.read() as conn:
            return self._refused(conn, limit, acknowledged=acknowledged, names=True)

    def _refused(
        self, conn: Connection, limit: int, *, acknowledged: bool, names: bool
    ) -> tuple[RefusedFile, ...]:
        """``names``: with the checklist line's name, read from the case (its JSON)."""
        a = t.attachments.c
        where: list[ColumnElement[bool]] = [a.state == "refused"]
        if not acknowledged:
            where.append(a.acknowledged_at.is_(None))
        query = select(t.attachments, literal("").label("material"))
        if names:  # line_no indexes the case's checks
            path = literal("$.checks[") + cast(a.line_no, String) + literal("].material.name")
            query = select(
                t.attachments, func.json_extract(t.cases.c.data, path).label("material")
            ).outerjoin(t.cases, t.cases.c.number == a.case_number)
        rows = conn.execute(
            query.where(*where)
            .order_by(func.coalesce(a.refused_at, a.captured_at).desc(), _CAPTURE_ORDER.desc())
            .limit(limit)
        ).all()
        found = []
        for row in rows:
            values = dict(row._mapping)
            name = values.pop("material")
            found.append(RefusedFile(self._row_of(values), str(name or "")))
        return tuple(found)


@dataclass(frozen=True, slots=True)
class RefusedFile:
    """A file the server refused, with its checklist line's name ("" when not read)."""

    file: LocalAttachment
    material_name: str

    @property
    def acknowledged(self) -> bool:
        return self.file.acknowledged_at is not None


@dataclass(frozen=True, slots=True)
class UploadProgress:
    """The captured files on their way (``Attachments.upload_progress``)."""

    pending: int = 0  # not yet stored on the server
    uploading: int = 0  # of them, with bytes the server already confirmed
    pending_bytes: int = 0
    confirmed_bytes: int = 0  # the server's offsets of the pending files
    refused: int = 0  # refused and not acknowledged (已知悉)
    refused_rows: tuple[RefusedFile, ...] = ()  # the newest of them, reasons in .file.error

    @property
    def percent(self) -> int:
        """Of the pending bytes, how many the server confirmed (rounded down: 100 = stored)."""
        return self.confirmed_bytes * 100 // self.pending_bytes if self.pending_bytes else 0

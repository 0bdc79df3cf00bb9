"""Chunked, resumable upload of a case's electronic materials into the blob store.

An upload is a ``case_attachments`` row (what the file is, who captured it) plus a partial
file ``<data_dir>/uploads/<upload_id>.part`` whose length is how much the server holds: a
chunk is written at its offset and fsynced before it is answered, so after any drop or
restart the client asks (``status``) and goes on from there. A chunk sent again (its answer
was lost) overwrites the same bytes. ``finish`` checks size, SHA-256 and the file type by its
magic bytes, stores the blob under its hash (once: the same bytes are never kept twice) and
audits ``attachment.store``. Only a window of the case's hall may upload (a clerk only for
its own window's cases), and not to a case that is closed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk_app.central.attachment_models import Blob, CaseAttachment
from clerk_app.central.blob_store import BlobStore, read_file, sha256_of
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import insert_once
from clerk_app.central.models import CaseRecord
from clerk_app.central.services import audit, library
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.blob_guard import blob_guard
from clerk_app.central.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    TooLarge,
    UnsupportedType,
)
from clerk_app.contract.attachments import UploadOut, UploadStartIn
from clerk_app.domain.attachments import HEAD_BYTES, file_refusal
from clerk_app.domain.cases import CaseStatus

# A case handed out or ended takes no more files.
CLOSED = frozenset(
    {CaseStatus.DELIVERED, CaseStatus.MAILED, CaseStatus.COMPLETED, CaseStatus.TERMINATED}
)
MANAGERS = frozenset({"supervisor", "admin"})


def _partial(settings: CentralSettings, upload_id: str) -> Path:
    return settings.upload_dir() / f"{upload_id}.part"


def _held(settings: CentralSettings, upload_id: str) -> int:
    try:
        return _partial(settings, upload_id).stat().st_size
    except FileNotFoundError:
        return 0


def _answer(row: CaseAttachment, offset: int) -> UploadOut:
    stored = row.stored_at is not None
    return UploadOut(
        upload_id=row.upload_id,
        case_number=row.case_number,
        size=row.size,
        offset=row.size if stored else offset,
        stored=stored,
    )


def _writable_case(session: Session, user: AuthUser, number: str) -> CaseRecord:
    case = session.get(CaseRecord, number.strip().upper())
    if case is None or case.hall_code != user.hall_code:
        raise NotFound(f"本大厅没有案件{number}，请先上传案件再上传材料")
    if user.role not in MANAGERS and case.window_no != user.window_no:
        raise Forbidden(f"案件{case.number}由{case.window_no}号窗口受理，本窗口不能为其上传材料")
    if case.status in CLOSED:
        raise Conflict(f"案件{case.number}已{CaseStatus(case.status).label}，不能再添加材料")
    return case


def _upload_of(session: Session, user: AuthUser, upload_id: str) -> CaseAttachment:
    row = session.get(CaseAttachment, upload_id)
    if row is None or row.hall_code != user.hall_code:
        raise NotFound("没有这个上传，请重新开始上传")
    return row


def start_upload(
    session: Session,
    user: AuthUser,
    body: UploadStartIn,
    settings: CentralSettings,
    store: BlobStore,
    now: datetime,
) -> UploadOut:
    """Open the upload, or say where the one with this id stands (a restarted counter)."""
    existing = session.get(CaseAttachment, body.upload_id)
    if existing is not None:
        same = (existing.sha256, existing.size, existing.case_number) == (
            body.sha256,
            body.size,
            body.case_number.strip().upper(),
        )
        if existing.hall_code != user.hall_code or not same:
            raise Conflict("这个上传编号已用于另一个文件")
        return _answer(existing, _held(settings, existing.upload_id))
    if body.size > settings.attachment_max_bytes:
        limit = settings.attachment_max_bytes / 1048576
        raise TooLarge(f"文件过大，单个材料不能超过{limit:.0f} MB")
    case = _writable_case(session, user, body.case_number)
    row = CaseAttachment(
        upload_id=body.upload_id,
        hall_code=case.hall_code,
        case_number=case.number,
        line_no=body.line_no,
        material_code=body.material_code,
        file_name=body.file_name,
        media_type=str(body.media_type),
        size=body.size,
        sha256=body.sha256,
        pages=body.pages,
        captured_by=body.captured_by,
        captured_at=body.captured_at,
        valid_until=body.valid_until,
        issuer=body.issuer,
        started_by=user.username,
        started_at=now,
    )
    session.add(row)
    # FOR SHARE: a purge deleting these bytes waits for this commit (then keeps them), or
    # this waits for the purge and transfers the file again (services/retention.py)
    blob = session.get(Blob, body.sha256, with_for_update={"read": True})
    if blob is not None and blob.size == body.size:
        # The same bytes are stored already (the same ID copy for another case): no transfer.
        _store_row(session, user, row, now, deduplicated=True)
    session.commit()
    return _answer(row, 0)


def upload_status(
    session: Session, user: AuthUser, upload_id: str, settings: CentralSettings
) -> UploadOut:
    row = _upload_of(session, user, upload_id)
    return _answer(row, _held(settings, upload_id))


def put_chunk(
    session: Session,
    user: AuthUser,
    upload_id: str,
    offset: int,
    data: bytes,
    settings: CentralSettings,
) -> UploadOut:
    """Write ``data`` at ``offset`` (at most what the server holds: a resend overwrites)."""
    row = _upload_of(session, user, upload_id)
    if row.stored_at is not None:
        return _answer(row, row.size)
    if not data:
        raise Invalid("上传的数据块是空的")
    if len(data) > settings.attachment_chunk_max_bytes:
        raise TooLarge(f"数据块过大（至多{settings.attachment_chunk_max_bytes}字节）")
    held = _held(settings, upload_id)
    if held == row.size:
        # The whole file is here: finish checks it and links it into the blob store before
        # its commit, so a late resend (a retried request) must not touch these bytes.
        return _answer(row, held)
    if offset > held:
        raise Conflict(f"服务器只收到{held}字节，请从该位置继续上传")
    if offset + len(data) > row.size:
        raise Invalid(f"数据超出文件声明的大小（{row.size}字节）")
    if offset == 0:
        refusal = file_refusal(data, row.size, settings.attachment_max_bytes, row.media_type)
        if refusal is not None:
            raise UnsupportedType(refusal)
    path = _partial(settings, upload_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("r+b" if path.exists() else "wb") as handle:
        handle.truncate(offset)
        handle.seek(offset)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())  # answered only once the bytes survive a power cut
    return _answer(row, offset + len(data))


def finish_upload(
    session: Session,
    user: AuthUser,
    upload_id: str,
    settings: CentralSettings,
    store: BlobStore,
    now: datetime,
) -> UploadOut:
    """Check the whole file and store it as a blob; idempotent once stored."""
    row = _upload_of(session, user, upload_id)
    if row.stored_at is not None:
        return _answer(row, row.size)
    path = _partial(settings, upload_id)
    held = _held(settings, upload_id)
    if held != row.size:
        raise Conflict(f"文件尚未传完：服务器收到{held}字节，共{row.size}字节")
    digest, _size = sha256_of(read_file(path))
    if digest != row.sha256:
        path.unlink(missing_ok=True)  # a damaged transfer starts again from the first byte
        raise Conflict("文件校验失败（SHA-256不一致），已丢弃，请重新上传")
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    refusal = file_refusal(head, row.size, settings.attachment_max_bytes, row.media_type)
    if refusal is not None:
        path.unlink(missing_ok=True)
        raise UnsupportedType(refusal)
    # The file first: a blob row always has its bytes. On disk the blob is a hard link to the
    # partial (no copy); the partial's name stays until the commit, so a failed commit is
    # finished again without a resend, and is dropped after it (missing_ok: a twin finish).
    with blob_guard(session, row.sha256):  # a purge of the same bytes waits, then keeps them
        store.put_file(row.sha256, path)
        add_blob(session, row.sha256, row.size, row.media_type, now)
        _store_row(session, user, row, now, deduplicated=False)
        session.commit()
    path.unlink(missing_ok=True)
    return _answer(row, row.size)


def add_blob(session: Session, sha256: str, size: int, media_type: str, now: datetime) -> None:
    """The row saying the blob store holds these bytes (written after the file): once, also
    when another request of the same bytes adds it meanwhile."""
    if session.get(Blob, sha256) is not None:
        return
    # another upload of the same bytes may store the row first: one blob either way
    insert_once(session, Blob, sha256=sha256, size=size, media_type=media_type, stored_at=now)


def _store_row(
    session: Session, user: AuthUser, row: CaseAttachment, now: datetime, *, deduplicated: bool
) -> None:
    row.stored_at = now
    detail = {
        "upload_id": row.upload_id,
        "line_no": row.line_no,
        "material_code": row.material_code,
        "sha256": row.sha256,
        "size": row.size,
        "media_type": row.media_type,
        "deduplicated": deduplicated,
    }
    audit.record_by(session, user, "attachment.store", row.case_number, detail, now)
    library.file_capture(session, user, row, now)  # 一号匹配: filed for the applicant


# ------------------------------------------------------------------------------ verify


@dataclass(frozen=True, slots=True)
class BlobProblem:
    sha256: str
    reason: str


def verify_blobs(session: Session, store: BlobStore) -> Iterator[BlobProblem | str]:
    """Re-hash every stored blob: yields each blob's hash when it is whole, a
    :class:`BlobProblem` when it is missing or damaged, and one for every stored attachment
    whose blob has no row."""
    for blob in session.scalars(select(Blob).order_by(Blob.sha256)):
        try:
            digest, size = sha256_of(store.read(blob.sha256))
        except FileNotFoundError:
            yield BlobProblem(blob.sha256, "缺失")
            continue
        if digest != blob.sha256 or size != blob.size:
            yield BlobProblem(blob.sha256, f"已损坏（内容哈希{digest[:12]}…，{size}字节）")
        else:
            yield blob.sha256
    orphans = session.scalars(
        select(CaseAttachment.sha256)
        .where(CaseAttachment.stored_at.is_not(None))
        .where(CaseAttachment.purged_at.is_(None))  # retention removed it on purpose
        .where(~select(Blob.sha256).where(Blob.sha256 == CaseAttachment.sha256).exists())
        .distinct()
    )
    for sha256 in orphans:
        yield BlobProblem(sha256, "案件材料指向的文件没有登记")

"""The department sees the file (受审分离): a case's materials line by line, a page as an image,
the whole file, and 不清晰，退回补正 of one page.

Who may look: the department the case's item is routed to (its head too) and the window staff
of the case's hall (clerk, supervisor, admin). The help desk and kiosks never (policy
``attachment.read``: 403); another hall's case, or another department's, answers 404 like a
missing one. Every view is audited (``attachment.view``: who, the case, the file, the first
page asked), at most once per user and file every :data:`VIEW_AUDIT_EVERY`: a viewer opening
twenty thumbnails and paging through them is one entry, and a look an hour later is another.

A line that reuses the shared library's entry (``MaterialCheck.library_entry``, 免提交) shows
that entry's file (共享库调取) with its source case; its views are audited the same way and
logged as views of the entry (``library.log_view``: ``library_uses`` kind ``view``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from clerk_app.central.attachment_models import AttachmentView, CaseAttachment
from clerk_app.central.blob_store import BlobStore
from clerk_app.central.db import insert_once
from clerk_app.central.library_models import LibraryEntry
from clerk_app.central.models import CaseRecord
from clerk_app.central.page_cache import CachingStore
from clerk_app.central.page_render import PageError, PageImage, render_page
from clerk_app.central.services import audit, backoffice, backoffice_docs, library
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.contract.attachments import (
    AttachmentFileOut,
    CaseMaterialsOut,
    FileState,
    LibraryFileOut,
    MaterialLineOut,
    UnreadableIn,
)
from clerk_app.contract.backoffice import DepartmentCaseOut
from clerk_app.domain.cases import CaseStatus, MaterialCheck
from clerk_app.domain.department_docs import CorrectionLine

VIEWERS = frozenset({"department", "clerk", "supervisor", "admin"})
VIEW_AUDIT_EVERY = timedelta(minutes=5)


def readable_case(session: Session, user: AuthUser, number: str) -> CaseRecord:
    """The case whose materials ``user`` may see; 404 alike for a missing, another hall's or
    another department's case (no probing of numbers)."""
    if user.role not in VIEWERS:
        raise Forbidden("该账户无权查看案件的电子材料")
    key = number.strip().upper()
    record = session.get(CaseRecord, key)
    if record is None or record.hall_code != user.hall_code:
        raise NotFound(f"本大厅没有编号为{key}的案件")
    if user.role == "department" and backoffice.department_of(session, record) != (
        user.department_code or ""
    ):
        raise NotFound(f"本部门没有编号为{key}的案件")
    return record


def _checks(record: CaseRecord) -> list[MaterialCheck | None]:
    raw = record.data.get("checks") if isinstance(record.data, dict) else None
    found: list[MaterialCheck | None] = []
    for item in raw if isinstance(raw, list) else []:
        try:
            found.append(MaterialCheck.from_dict(item))
        except (KeyError, TypeError, ValueError):
            found.append(None)  # a damaged line does not hide the others
    return found


def file_state(row: CaseAttachment) -> FileState:
    if row.purged_at is not None:
        return FileState.PURGED
    return FileState.STORED if row.stored_at is not None else FileState.ARRIVING


def file_out(row: CaseAttachment) -> AttachmentFileOut:
    state = file_state(row)
    return AttachmentFileOut(
        upload_id=row.upload_id,
        file_name=row.file_name,
        media_type=row.media_type,
        size=row.size,
        pages=row.pages,
        sha256=row.sha256,
        captured_by=row.captured_by,
        captured_at=row.captured_at,
        uploaded_by=row.started_by,
        state=state,
        state_label=state.label,
        purged_at=row.purged_at,
    )


def _library_file(session: Session, entry_id: str) -> LibraryFileOut | None:
    entry = session.get(LibraryEntry, entry_id) if entry_id else None
    if entry is None:
        return None
    return LibraryFileOut(
        entry_id=entry.entry_id,
        material_name=entry.material_name,
        source_case=entry.source_case,
        pages=entry.pages,
        available=library.entry_file(session, entry_id) is not None,
    )


def list_materials(session: Session, user: AuthUser, number: str) -> CaseMaterialsOut:
    """The case's checklist lines with their files (and a reused library entry's file)."""
    record = readable_case(session, user, number)
    rows = session.scalars(
        select(CaseAttachment)
        .where(CaseAttachment.case_number == record.number)
        .order_by(CaseAttachment.line_no, CaseAttachment.captured_at, CaseAttachment.upload_id)
    ).all()
    by_line: dict[int, list[CaseAttachment]] = {}
    for row in rows:
        by_line.setdefault(row.line_no, []).append(row)
    checks = _checks(record)
    lines: list[MaterialLineOut] = []
    for line_no in sorted(set(range(len(checks))) | set(by_line)):
        check = checks[line_no] if line_no < len(checks) else None
        files = by_line.get(line_no, [])
        if check is None and not files:
            continue
        stored = [f for f in files if file_state(f) is FileState.STORED]
        lines.append(
            MaterialLineOut(
                line_no=line_no,
                material_code=check.material.code if check else files[0].material_code,
                material_name=check.material.name if check else "（清单外材料）",
                state=check.state.value if check else "",
                state_label=check.state.label if check else "",
                pages=sum(f.pages for f in stored),
                files=[file_out(f) for f in files],
                library=_library_file(session, check.library_entry) if check else None,
            )
        )
    status = CaseStatus(record.status)
    return CaseMaterialsOut(
        case_number=record.number,
        status=status.value,
        status_label=status.label,
        version=record.version,
        lines=lines,
    )


# ----------------------------------------------------------------------------- viewing


def _audit_view(
    session: Session,
    user: AuthUser,
    subject: str,
    case_number: str,
    detail: dict[str, Any],
    now: datetime,
    *,
    also: Callable[[], None] | None = None,
) -> None:
    """Audit a view unless this user's view of ``subject`` was audited a moment ago; ``also``
    records more of the same view in the same step (the library's own log)."""
    seen = session.get(AttachmentView, (user.username, subject))
    if seen is not None and as_utc(now) - as_utc(seen.audited_at) < VIEW_AUDIT_EVERY:
        return
    # A parallel request (the next thumbnail) may take the same view first: one entry is enough.
    if seen is None:
        fresh = insert_once(
            session, AttachmentView, username=user.username, subject=subject, audited_at=now
        )
    else:
        moved = session.execute(
            update(AttachmentView)
            .where(AttachmentView.username == user.username)
            .where(AttachmentView.subject == subject)
            .where(AttachmentView.audited_at == seen.audited_at)
            .values(audited_at=now)
            .execution_options(synchronize_session=False)
        )
        fresh = getattr(moved, "rowcount", 0) == 1  # an UPDATE's CursorResult
    if fresh:
        audit.record_by(session, user, "attachment.view", case_number, detail, now)
        if also is not None:
            also()
    session.commit()


def _blob_bytes(store: BlobStore, sha256: str) -> bytes:
    try:
        return b"".join(store.read(sha256))
    except FileNotFoundError as exc:
        raise NotFound("文件不在存储中（请管理员运行 clerk-central blobs verify）") from exc


@dataclass(frozen=True, slots=True)
class FileContent:
    content: bytes
    media_type: str
    file_name: str


def _viewable(session: Session, user: AuthUser, upload_id: str) -> CaseAttachment:
    row = session.get(CaseAttachment, upload_id)
    if row is None or row.hall_code != user.hall_code:
        raise NotFound("没有这份材料")
    readable_case(session, user, row.case_number)
    state = file_state(row)
    if state is FileState.PURGED:
        raise NotFound(f"「{row.file_name}」{state.label}")
    if state is FileState.ARRIVING:
        raise Conflict(f"「{row.file_name}」尚未上传完毕，请稍后再看")
    return row


def file_of_case(session: Session, upload_id: str, number: str) -> bool:
    row = session.get(CaseAttachment, upload_id)
    return row is not None and row.case_number == number.strip().upper()


def _file_detail(row: CaseAttachment, page: int | None) -> dict[str, Any]:
    return {
        "upload_id": row.upload_id,
        "line_no": row.line_no,
        "material_code": row.material_code,
        "sha256": row.sha256,
        "page": page,
    }


def whole_file(
    session: Session, user: AuthUser, upload_id: str, store: BlobStore, now: datetime
) -> FileContent:
    row = _viewable(session, user, upload_id)
    content = _blob_bytes(store, row.sha256)
    _audit_view(session, user, row.upload_id, row.case_number, _file_detail(row, None), now)
    return FileContent(content, row.media_type, row.file_name)


def _render(
    store: BlobStore, sha256: str, media_type: str, number: int, thumbnail: bool
) -> PageImage:
    """The page, from the server's page cache when the store has one (page_cache.py)."""

    def render(content: bytes) -> PageImage:
        return render_page(content, media_type, number, thumbnail=thumbnail)

    try:
        if isinstance(store, CachingStore):
            try:
                return store.page(sha256, number, thumbnail, render)
            except FileNotFoundError as exc:
                raise NotFound("文件不在存储中（请管理员运行 clerk-central blobs verify）") from exc
        return render(_blob_bytes(store, sha256))
    except PageError as exc:
        raise NotFound(str(exc)) from exc


def page_image(
    session: Session,
    user: AuthUser,
    upload_id: str,
    number: int,
    store: BlobStore,
    now: datetime,
    *,
    thumbnail: bool = False,
) -> PageImage:
    """Page ``number`` (1-based) of the file as PNG/JPEG; 404 for a page it does not have."""
    row = _viewable(session, user, upload_id)
    image = _render(store, row.sha256, row.media_type, number, thumbnail)
    _audit_view(session, user, row.upload_id, row.case_number, _file_detail(row, number), now)
    return image


def library_page(
    session: Session,
    user: AuthUser,
    number: str,
    entry_id: str,
    page: int,
    store: BlobStore,
    now: datetime,
    *,
    thumbnail: bool = False,
) -> PageImage:
    """A page of the library entry a line of case ``number`` reuses (共享库调取)."""
    record = readable_case(session, user, number)
    named = [i for i, c in enumerate(_checks(record)) if c and c.library_entry == entry_id]
    found = library.entry_file(session, entry_id) if named else None
    if found is None:
        raise NotFound("该案件没有调取这条共享库材料，或该材料没有文件")
    sha256, _pages, media_type = found
    image = _render(store, sha256, media_type, page, thumbnail)
    detail = {"entry_id": entry_id, "line_no": named[0], "sha256": sha256, "page": page}
    _audit_view(
        session,
        user,
        entry_id,
        record.number,
        detail,
        now,
        also=lambda: library.log_view(session, user, entry_id, record.number, now),
    )
    return image


# -------------------------------------------------------------------- 不清晰，退回补正


def correction_line(
    material_name: str, line_no: int, file_name: str, page: int, reason: str
) -> CorrectionLine:
    """The 补正 notice's line for an unreadable page: the line named as the checklist counts
    it, the file and the page, and what the applicant must do."""
    return CorrectionLine(
        f"{material_name}（材料清单第{line_no + 1}项）",
        f"电子件「{file_name}」第{page}页不清晰：{reason}；请提交清晰的材料",
    )


def mark_unreadable(on: backoffice.CaseAction, body: UnreadableIn) -> DepartmentCaseOut:
    """The department names a page it cannot read: the case goes back for 补正 (the existing
    correction: suspended, the clock stops) with that line and page on the notice."""
    session, user = on.session, on.user
    record, case = on.for_write()  # the department's case, locked, at the version it saw
    row = session.get(CaseAttachment, body.upload_id)
    if row is None or row.case_number != record.number:
        raise NotFound("该案件没有这份材料")
    if file_state(row) is not FileState.STORED:
        raise Conflict(f"「{row.file_name}」{file_state(row).label}，无法标记")
    if body.page > row.pages:
        raise Invalid(f"「{row.file_name}」共{row.pages}页，没有第{body.page}页")
    reason = backoffice._text(body.reason, "不清晰的原因", required=True)
    checks = case.checks
    name = checks[row.line_no].material.name if row.line_no < len(checks) else row.file_name
    line = correction_line(name, row.line_no, row.file_name, body.page, reason)
    detail = {**_file_detail(row, body.page), "reason": reason}
    audit.record_by(session, user, "attachment.unreadable", record.number, detail, on.now)
    return backoffice_docs.request_correction(on, [line], body.working_days)

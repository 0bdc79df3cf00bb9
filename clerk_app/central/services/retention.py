"""Retention of electronic materials: the hall says how long the files of a closed case are
kept (``MaterialSettingsOut.retention_days``; None keeps them for good).

``purge`` (``clerk-central blobs purge``, run daily by cron or a systemd timer) removes the
files of every case closed (delivered, mailed, completed, terminated) longer ago than that:

* each ``case_attachments`` row stays, with ``purged_at`` set (what was received, who captured
  it, when), and the case gets one ``attachment.purge`` entry in the hall's audit chain;
* the shared library's entries of the hall are retired (``library_entries.retired_at`` set,
  the row kept; one ``library.retire`` audit entry each) when the same period has passed
  since the entry was revoked, or since its ``valid_until``, or, for an entry with no expiry,
  since the last of its cases closed (the case it was filed from and every case that reused
  it: all closed that long ago; while any of them is open, or closed more recently, it
  stays). A retired entry is never offered nor reused again;
* a blob is deleted from the store, and its row with it, only when no attachment that is not
  purged and no library entry that is not retired (``library_entries.sha256``) still names
  it: the same ID copy attached to a newer case, or still in the library, stays. Pages the
  server rendered from it (its page cache, ``page_cache.py``) go with it.

The database is changed (and committed) before the store: a crash in between leaves a file
nobody names (harmless, found again by nothing), never a row whose file is gone. Before a
file is deleted the names are checked again, so an upload of the same bytes that started in
between keeps them.

Partial uploads (``<data_dir>/uploads/*.part``) untouched for ``partial_days`` are removed too:
a counter that comes back later asks the offset and starts again from 0. So are the result
files a department uploaded (``POST /library/result-files``, audited ``library.result_file``)
that no approval took into the library: stored more than ``partial_days`` ago and named by no
attachment and no library entry, each deleted with a ``library.result_file_purge`` entry in
the audit chain of the hall that uploaded it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk_app.central.attachment_models import Blob, CaseAttachment, HallMaterialSettings
from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.blob_store import BlobStore
from clerk_app.central.library_models import LibraryEntry, LibraryUse
from clerk_app.central.models import CaseRecord
from clerk_app.central.services import audit
from clerk_app.central.services.attachments import CLOSED
from clerk_app.central.services.auth import as_utc
from clerk_app.central.services.blob_guard import blob_guard
from clerk_app.central.services.library import REUSE, hall_today
from clerk_app.central.services.library_files import RESULT_FILE

PARTIAL_DAYS = 7


@dataclass(slots=True)
class PurgeReport:
    dry_run: bool
    cases: int = 0  # cases whose files were (or would be) removed
    files: int = 0  # attachment rows marked purged
    blobs: int = 0  # blobs deleted from the store
    bytes: int = 0  # bytes those blobs held
    kept: int = 0  # blobs kept because another case or the library names them
    retired: int = 0  # library entries retired
    partials: int = 0  # stale partial uploads removed
    orphans: int = 0  # result files no approval took, removed
    lines: list[str] = field(default_factory=list)  # one line per case, for the operator


def closed_at(record: CaseRecord) -> datetime:
    """When the case reached its closed status: its last event into that status (the time the
    server recorded), else when it was last uploaded."""
    events = record.data.get("events") if isinstance(record.data, dict) else None
    found: datetime | None = None
    for event in events if isinstance(events, list) else []:
        if not isinstance(event, dict) or event.get("status") not in {s.value for s in CLOSED}:
            continue
        try:
            moment = as_utc(datetime.fromisoformat(str(event.get("at"))))
        except ValueError:
            continue
        found = moment if found is None or moment > found else found
    return found or as_utc(record.uploaded_at)


def _retention(session: Session) -> dict[str, int]:
    return {
        hall: days
        for hall, days in session.execute(
            select(HallMaterialSettings.hall_code, HallMaterialSettings.retention_days).where(
                HallMaterialSettings.retention_days.is_not(None)
            )
        )
        if days is not None
    }


def _due_cases(session: Session, hall: str, cutoff: datetime) -> list[CaseRecord]:
    """The hall's closed cases with files not purged yet, closed before ``cutoff``."""
    has_files = (
        select(CaseAttachment.upload_id)
        .where(CaseAttachment.case_number == CaseRecord.number)
        .where(CaseAttachment.purged_at.is_(None))
        .exists()
    )
    records = session.scalars(
        select(CaseRecord)
        .where(CaseRecord.hall_code == hall)
        .where(CaseRecord.status.in_(sorted(s.value for s in CLOSED)))
        .where(has_files)
        .order_by(CaseRecord.number)
    )
    return [r for r in records if closed_at(r) <= cutoff]


def still_named(
    session: Session,
    sha256: str,
    leaving: frozenset[str] = frozenset(),
    retiring: frozenset[str] = frozenset(),
) -> str:
    """Why the blob must stay ("" when nothing names it any more); ``leaving``: upload ids
    counted as purged already, ``retiring``: library entries counted as retired (a dry run)."""
    live = session.scalar(
        select(CaseAttachment.case_number)
        .where(CaseAttachment.sha256 == sha256)
        .where(CaseAttachment.purged_at.is_(None))
        .where(CaseAttachment.upload_id.not_in(sorted(leaving) or [""]))
        .limit(1)
    )
    if live is not None:
        return f"案件{live}仍在使用"
    entry = session.scalar(
        select(LibraryEntry.entry_id)
        .where(LibraryEntry.sha256 == sha256)
        .where(LibraryEntry.retired_at.is_(None))
        .where(LibraryEntry.entry_id.not_in(sorted(retiring) or [""]))
        .limit(1)
    )
    if entry is not None:
        return "共享材料库仍在使用"
    return ""


def _purge_case(
    session: Session, record: CaseRecord, days: int, now: datetime, dry_run: bool
) -> tuple[list[CaseAttachment], str]:
    rows = list(
        session.scalars(
            select(CaseAttachment)
            .where(CaseAttachment.case_number == record.number)
            .where(CaseAttachment.purged_at.is_(None))
            .order_by(CaseAttachment.line_no, CaseAttachment.upload_id)
        )
    )
    closed = closed_at(record)
    line = (
        f"{record.number}：{len(rows)}个文件（{closed.date().isoformat()}办结，保存期限{days}天）"
    )
    if dry_run:
        return rows, line
    for row in rows:
        row.purged_at = now
    detail: dict[str, Any] = {
        "retention_days": days,
        "closed_at": closed.isoformat(),
        "files": [
            {"upload_id": r.upload_id, "line_no": r.line_no, "sha256": r.sha256} for r in rows
        ],
    }
    audit.record(
        session,
        hall_code=record.hall_code,
        actor=audit.SYSTEM,
        role="system",
        action="attachment.purge",
        subject=record.number,
        detail=detail,
        now=now,
    )
    return rows, line


def _drop_blobs(
    session_factory: Callable[[], Session],
    store: BlobStore,
    candidates: dict[str, str],
    report: PurgeReport,
) -> None:
    """``candidates``: upload id (or ``library:<entry id>``) → sha256 of the files purged (or
    entries retired) by this run."""
    leaving = retiring = frozenset[str]()
    if report.dry_run:
        leaving = frozenset(candidates)
        retiring = frozenset(k.removeprefix(_ENTRY) for k in candidates if k.startswith(_ENTRY))
    for sha256 in sorted(set(candidates.values())):
        size = _drop_blob(session_factory, store, sha256, report, leaving, retiring)
        if size is None:
            report.kept += 1
            continue
        report.blobs += 1
        report.bytes += size


def _drop_blob(
    session_factory: Callable[[], Session],
    store: BlobStore,
    sha256: str,
    report: PurgeReport,
    leaving: frozenset[str] = frozenset(),
    retiring: frozenset[str] = frozenset(),
    audit_drop: Callable[[Session, Blob], None] | None = None,
    wanted: Callable[[Session], bool] | None = None,
) -> int | None:
    """Delete the blob (its row, then its file) unless something still names it (or
    ``wanted`` says it stays): its size, or None when it stays. ``audit_drop`` records the
    deletion in the row's transaction."""
    with session_factory() as session:
        # The row locked first (PostgreSQL): whoever starts naming an existing blob reads
        # it FOR SHARE (an upload of the same bytes, an approval with a result file), so it
        # has committed its name before this check, or finds the blob gone after it.
        blob = session.get(Blob, sha256, with_for_update=None if report.dry_run else True)
        if still_named(session, sha256, leaving, retiring):
            return None
        if wanted is not None and wanted(session):
            return None
        size = blob.size if blob is not None else 0
        if report.dry_run:
            return size
        if blob is not None:
            if audit_drop is not None:
                audit_drop(session, blob)
            session.delete(blob)
        session.commit()
    with session_factory() as session, blob_guard(session, sha256):
        # An upload of the same bytes may have stored its row since: then the file stays. One
        # still writing it holds the guard to its commit, so it is seen here once done.
        if still_named(session, sha256) or session.get(Blob, sha256) is not None:
            return None
        store.delete(sha256)
    return size


def _unnamed_blobs(session: Session, stored_before: datetime) -> list[str]:
    """Blobs stored before then that no attachment and no library entry names (any state)."""
    by_attachment = select(CaseAttachment.upload_id).where(CaseAttachment.sha256 == Blob.sha256)
    by_entry = select(LibraryEntry.entry_id).where(LibraryEntry.sha256 == Blob.sha256)
    return list(
        session.scalars(
            select(Blob.sha256)
            .where(Blob.stored_at < stored_before)
            .where(~by_attachment.exists())
            .where(~by_entry.exists())
            .order_by(Blob.sha256)
        )
    )


@dataclass(frozen=True, slots=True)
class _ResultUploads:
    """The halls whose department uploaded a blob as a result file, and when last."""

    halls: list[str]
    last: datetime | None


def _result_uploads(session: Session, sha256: str) -> _ResultUploads:
    rows = session.execute(
        select(AuditEntry.hall_code, AuditEntry.at, AuditEntry.detail)
        .where(AuditEntry.subject == sha256[:40])
        .where(AuditEntry.action == RESULT_FILE)
    )
    mine = [
        (hall, as_utc(at)) for hall, at, detail in rows if (detail or {}).get("sha256") == sha256
    ]
    return _ResultUploads(
        sorted({h for h, _at in mine}), max((at for _h, at in mine), default=None)
    )


def _drop_result_files(
    session_factory: Callable[[], Session],
    store: BlobStore,
    now: datetime,
    grace_days: int,
    report: PurgeReport,
) -> None:
    """Remove the result files no approval took into the library within ``grace_days``."""
    stored_before = as_utc(now) - timedelta(days=grace_days)

    def uploaded_lately(sha256: str, session: Session) -> bool:
        last = _result_uploads(session, sha256).last
        return last is None or last >= stored_before

    with session_factory() as session:
        found = []
        for sha256 in _unnamed_blobs(session, stored_before):
            uploads = _result_uploads(session, sha256)  # no halls: not a result file
            if uploads.last is not None and uploads.last < stored_before:
                found.append((sha256, uploads.halls))

    for sha256, halls in found:

        def audit_drop(session: Session, blob: Blob, halls: list[str] = halls) -> None:
            detail = {
                "sha256": blob.sha256,
                "size": blob.size,
                "media_type": blob.media_type,
                "stored_at": as_utc(blob.stored_at).isoformat(),
                "grace_days": grace_days,
            }
            for hall in halls:
                audit.record(
                    session,
                    hall_code=hall,
                    actor=audit.SYSTEM,
                    role="system",
                    action="library.result_file_purge",
                    subject=blob.sha256[:40],
                    detail=detail,
                    now=now,
                )

        # the same file uploaded again meanwhile (for an approval to come) stays
        wanted = partial(uploaded_lately, sha256)
        size = _drop_blob(
            session_factory, store, sha256, report, audit_drop=audit_drop, wanted=wanted
        )
        if size is None:
            continue  # an approval took it meanwhile
        report.orphans += 1
        report.blobs += 1
        report.bytes += size
        report.lines.append(
            f"结果文件{sha256[:12]}…：{size}字节，上传后{grace_days}天内未被任何审批使用"
        )


_ENTRY = "library:"


@dataclass(frozen=True, slots=True)
class _Closed:
    """The hall's cases by state: closed ones with when, the rest open."""

    at: dict[str, datetime]

    def before(self, number: str, cutoff: datetime) -> bool:
        moment = self.at.get(number)
        return moment is not None and moment <= cutoff


def _closed_cases(session: Session, hall: str) -> _Closed:
    records = session.scalars(
        select(CaseRecord)
        .where(CaseRecord.hall_code == hall)
        .where(CaseRecord.status.in_(sorted(s.value for s in CLOSED)))
    )
    return _Closed({r.number: closed_at(r) for r in records})


def _reusing_cases(session: Session, entry_ids: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for start in range(0, len(entry_ids), 500):
        rows = session.execute(
            select(LibraryUse.entry_id, LibraryUse.case_number)
            .where(LibraryUse.kind == REUSE)
            .where(LibraryUse.entry_id.in_(entry_ids[start : start + 500]))
        )
        for entry_id, number in rows:
            found.setdefault(entry_id, set()).add(number)
    return found


def retire_reason(
    entry: LibraryEntry, cases: set[str], closed: _Closed, cutoff: datetime, day_cutoff: date
) -> str:
    """Why the entry's retention has run out ("" when it has not); ``cases``: its source
    case and the cases that reused it."""
    if entry.revoked_at is not None:
        return "revoked" if as_utc(entry.revoked_at) <= cutoff else ""
    if entry.valid_until is not None:
        return "expired" if entry.valid_until < day_cutoff else ""
    if all(closed.before(n, cutoff) for n in cases):
        return "cases_closed"
    return ""


def _retire_entries(
    session_factory: Callable[[], Session],
    hall: str,
    days: int,
    now: datetime,
    candidates: dict[str, str],
    report: PurgeReport,
) -> None:
    """Retire the hall's library entries whose retention ran out (see the module's doc)."""
    cutoff = as_utc(now) - timedelta(days=days)
    day_cutoff = hall_today(now) - timedelta(days=days)
    with session_factory() as session:
        closed = _closed_cases(session, hall)
        ids = list(
            session.scalars(
                select(LibraryEntry.entry_id)
                .where(LibraryEntry.hall_code == hall)
                .where(LibraryEntry.retired_at.is_(None))
                .order_by(LibraryEntry.entry_id)
            )
        )
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        with session_factory() as session:
            entries = session.scalars(
                select(LibraryEntry)
                .where(LibraryEntry.entry_id.in_(chunk))
                .where(LibraryEntry.retired_at.is_(None))
                .order_by(LibraryEntry.entry_id)
                .with_for_update()
            ).all()
            reused = _reusing_cases(session, [e.entry_id for e in entries])
            for entry in entries:
                cases = {entry.source_case, *reused.get(entry.entry_id, ())}
                reason = retire_reason(entry, cases, closed, cutoff, day_cutoff)
                if not reason:
                    continue
                report.retired += 1
                if entry.sha256 is not None:
                    candidates[_ENTRY + entry.entry_id] = entry.sha256
                if report.dry_run:
                    continue
                entry.retired_at = as_utc(now)
                detail: dict[str, Any] = {
                    "entry": entry.entry_id,
                    "reason": reason,
                    "retention_days": days,
                    "material_code": entry.material_code,
                    "sha256": entry.sha256,
                }
                audit.record(
                    session,
                    hall_code=hall,
                    actor=audit.SYSTEM,
                    role="system",
                    action="library.retire",
                    subject=entry.source_case,
                    detail=detail,
                    now=now,
                )
            if not report.dry_run:
                session.commit()


def _drop_partials(upload_dir: Path, partial_days: int, report: PurgeReport) -> None:
    limit = time.time() - partial_days * 86400
    for path in sorted(upload_dir.glob("*.part")) if upload_dir.is_dir() else []:
        try:
            if path.stat().st_mtime >= limit:
                continue
            if not report.dry_run:
                path.unlink()
        except FileNotFoundError:
            continue  # its upload finished meanwhile
        report.partials += 1


def purge(
    session_factory: Callable[[], Session],
    store: BlobStore,
    upload_dir: Path,
    now: datetime,
    *,
    dry_run: bool = False,
    partial_days: int = PARTIAL_DAYS,
) -> PurgeReport:
    """Remove what every hall's retention period lets go (``dry_run``: only say what)."""
    report = PurgeReport(dry_run=dry_run)
    candidates: dict[str, str] = {}
    with session_factory() as session:
        halls = _retention(session)
    for hall, days in sorted(halls.items()):
        cutoff = as_utc(now) - timedelta(days=days)
        with session_factory() as session:
            numbers = [r.number for r in _due_cases(session, hall, cutoff)]
        for number in numbers:
            with session_factory() as session:
                record = session.get(CaseRecord, number, with_for_update=True)
                if record is None:
                    continue
                rows, line = _purge_case(session, record, days, now, dry_run)
                for row in rows:
                    if not dry_run and row.stored_at is None:
                        (upload_dir / f"{row.upload_id}.part").unlink(missing_ok=True)
                candidates.update({r.upload_id: r.sha256 for r in rows if r.stored_at})
                if not dry_run:
                    session.commit()
            report.cases += 1
            report.files += len(rows)
            report.lines.append(line)
        _retire_entries(session_factory, hall, days, now, candidates, report)
    _drop_blobs(session_factory, store, candidates, report)
    _drop_result_files(session_factory, store, now, partial_days, report)
    _drop_partials(upload_dir, partial_days, report)
    return report


def summary(report: PurgeReport) -> str:
    """What the run removed (or would remove), in one line for the operator and the log."""
    verb = "将删除" if report.dry_run else "已删除"
    return (
        f"{report.cases}个案件的{report.files}个材料到期，"
        f"{verb}{report.blobs}个文件（{report.bytes / 1048576:.1f} MB），"
        f"{report.kept}个文件仍被其他案件或共享库使用而保留；"
        f"共享材料库{report.retired}条材料超过保存期限{'将' if report.dry_run else '已'}停用；"
        f"{verb}{report.partials}个过期的半截上传；"
        f"{verb}{report.orphans}个未被审批使用的结果文件"
    )

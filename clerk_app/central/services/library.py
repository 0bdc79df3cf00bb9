"""The shared materials library (一号匹配 / 免提交, issue 14): filing, lookup, reuse, views.

Filing: a material the window captured for a case is filed for the case's applicant when its
upload is stored and the line's material has a 材料编码 (:func:`file_capture`, called by
services/attachments.py; the same blob of one applicant under one code is filed once); a
result the back office issues is filed when the case is approved (:func:`file_issued`, called
by services/backoffice.py's ``decide``).

Lookup (``POST /library/lookup``): the entries of one applicant in the hall's library and in
the libraries of the halls it shares with (the hall's material settings'
``library_shared_with``), expired ones included (the counter flags them), revoked and
retired ones never (retired: the hall's retention period let the entry and its file go,
services/retention.py).
Every lookup is recorded in the hall's audit trail (``library.lookup``: who, why, which
entries, the ID masked), not in ``library_uses``.

Reuse: a checklist line naming an entry (``MaterialCheck.library_entry``) is checked when the
case is written (:func:`check_reuses`, from services/case_writes.py): the entry must be the
case's applicant's, of the hall or a hall it shares with, not revoked, valid on the case's
acceptance day, not retired, and filed under the line's 材料编码; each new reuse is logged once in
``library_uses`` (kind ``reuse``). The entry's row is locked for the check until the case is
committed, as retention and revocation lock it: a retirement decided meanwhile either waits
and then sees the reuse (and keeps the entry and its file), or the reuse waits and is refused.
A view of an entry's file (the department's listing) is logged there too (:func:`log_view`,
kind ``view``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from clerk_app.central.attachment_models import Blob, CaseAttachment, HallMaterialSettings
from clerk_app.central.db import insert_once
from clerk_app.central.library_models import LibraryEntry, LibraryUse
from clerk_app.central.models import CaseRecord, CatalogBundle, MaterialDirectoryEntry
from clerk_app.central.services import audit
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.contract.library import (
    EntryOrigin,
    LibraryEntryOut,
    LibraryLookupIn,
    LibraryLookupOut,
)
from clerk_app.domain.cases import Case, IdKind, MaterialCheck, Person, record_key
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.domain.identifiers import mask_id, normalize

REUSE = "reuse"
VIEW = "view"


# ------------------------------------------------------------------------------- who


def applicant_key(kind: IdKind, number: str, nationality: str = "") -> tuple[str, str, str]:
    """(id_kind, nationality, id_number) as the library files them: the number normalised,
    the country kept for passports only (``domain.cases.record_key``)."""
    return record_key(kind, normalize(number), nationality)


def person_key(person: Person) -> tuple[str, str, str]:
    return applicant_key(person.id_kind, person.id_number, person.nationality)


def hall_today(now: datetime) -> date:
    return as_utc(now).astimezone(HALL_TZ).date()


_SETTINGS = HallMaterialSettings.__table__
# The one column the lookup needs, a Core row (no ORM object per identification)
_SHARED_WITH = select(_SETTINGS.c.library_shared_with).where(
    _SETTINGS.c.hall_code == bindparam("b_hall")
)


def shared_halls(session: Session, hall_code: str) -> list[str]:
    """The halls whose library ``hall_code``'s windows may use: itself first, then the ones
    its material settings list (``MaterialSettingsOut.library_shared_with``, stored by
    services/halls.py)."""
    halls = [hall_code]
    shared = session.scalar(_SHARED_WITH, {"b_hall": hall_code}) or []
    halls.extend(str(code) for code in shared if code != hall_code)
    return halls


# ------------------------------------------------------------------------------- lookup


def entry_out(entry: Any) -> LibraryEntryOut:
    """An entry (a ``LibraryEntry`` or a row of its columns) as the window gets it."""
    return LibraryEntryOut(
        entry_id=entry.entry_id,
        material_code=entry.material_code,
        material_name=entry.material_name,
        issuer=entry.issuer,
        document_number=entry.document_number,
        valid_until=entry.valid_until,
        origin=EntryOrigin(entry.origin),
        source_case=entry.source_case,
        hall_code=entry.hall_code,
        pages=entry.pages,
        filed_at=as_utc(entry.filed_at),
    )


_ENTRIES = LibraryEntry.__table__
# One applicant's entries of some halls, revoked and retired left out, by code and newest
# first: Core rows (no ORM objects to build on the window's every identification)
_OF_APPLICANT = (
    select(_ENTRIES)
    .where(
        _ENTRIES.c.hall_code.in_(bindparam("b_halls", expanding=True)),
        _ENTRIES.c.id_kind == bindparam("b_kind"),
        _ENTRIES.c.nationality == bindparam("b_country"),
        _ENTRIES.c.id_number == bindparam("b_number"),
        _ENTRIES.c.revoked_at.is_(None),
        _ENTRIES.c.retired_at.is_(None),
    )
    .order_by(_ENTRIES.c.material_code, _ENTRIES.c.filed_at.desc())
)


def entries_of(session: Session, halls: Sequence[str], key: tuple[str, str, str]) -> list[Any]:
    """The applicant's entries in ``halls`` (rows with the entry's columns)."""
    kind, country, number = key
    params = {"b_halls": list(halls), "b_kind": kind, "b_country": country, "b_number": number}
    return list(session.execute(_OF_APPLICANT, params))


def lookup(
    session: Session, user: AuthUser, body: LibraryLookupIn, now: datetime
) -> LibraryLookupOut:
    """The applicant's entries the user's hall may use; the lookup is audited (committed)."""
    key = applicant_key(body.id_kind, body.id_number, body.nationality)
    if not key[2]:
        raise Invalid("请填写证件号码")
    entries = entries_of(session, shared_halls(session, user.hall_code), key)
    masked = mask_id(key[2])
    detail: dict[str, Any] = {
        "why": body.why,
        "id_kind": key[0],
        "id": masked,
        "entries": [e.entry_id for e in entries],
    }
    audit.record_by(session, user, "library.lookup", body.why or masked, detail, now)
    session.commit()
    return LibraryLookupOut(
        id_kind=body.id_kind,
        nationality=key[1],
        id_number_masked=masked,
        as_of=hall_today(now),
        entries=[entry_out(e) for e in entries],
    )


# ------------------------------------------------------------------------------- filing


@dataclass(frozen=True, slots=True)
class Filing:
    """One material to file for an applicant."""

    hall_code: str
    key: tuple[str, str, str]
    material_code: str
    material_name: str
    origin: EntryOrigin
    source_case: str
    issuer: str = ""
    document_number: str = ""
    valid_until: date | None = None
    sha256: str | None = None
    pages: int = 0


def _existing(session: Session, filing: Filing) -> LibraryEntry | None:
    if filing.sha256 is None:
        return None
    kind, country, number = filing.key
    return session.scalars(
        select(LibraryEntry).where(
            LibraryEntry.hall_code == filing.hall_code,
            LibraryEntry.id_kind == kind,
            LibraryEntry.nationality == country,
            LibraryEntry.id_number == number,
            LibraryEntry.material_code == filing.material_code,
            LibraryEntry.sha256 == filing.sha256,
        )
    ).first()


def file_entry(
    session: Session, user: AuthUser, filing: Filing, now: datetime
) -> LibraryEntry | None:
    """Add the entry (does not commit) and audit ``library.file``; None when the same file of
    the applicant is filed under this code already. A retired entry of the same file (its
    retention ran out, then the applicant brought the same file again) is filed anew: the
    row is taken back with the new case's facts."""
    found = _existing(session, filing)
    if found is not None and found.retired_at is not None and found.revoked_at is None:
        return _refile(session, user, found, filing, now)
    if found is not None:
        return None
    kind, country, number = filing.key
    values: dict[str, Any] = dict(
        entry_id=str(uuid.uuid4()),
        hall_code=filing.hall_code,
        id_kind=kind,
        nationality=country,
        id_number=number,
        material_code=filing.material_code[:64],
        material_name=filing.material_name[:300],
        issuer=filing.issuer[:120],
        document_number=filing.document_number[:64],
        valid_until=filing.valid_until,
        origin=filing.origin.value,
        source_case=filing.source_case,
        sha256=filing.sha256,
        pages=filing.pages,
        filed_at=as_utc(now),
        filed_by=user.username,
    )
    if not insert_once(session, LibraryEntry, **values):
        return None  # a twin request filed the same file first: one entry either way
    entry = session.get_one(LibraryEntry, values["entry_id"])
    detail = {
        "entry": entry.entry_id,
        "origin": entry.origin,
        "material_code": entry.material_code,
        "id_kind": kind,
        "id": mask_id(number),
        "sha256": entry.sha256,
        "valid_until": entry.valid_until.isoformat() if entry.valid_until else None,
    }
    audit.record_by(session, user, "library.file", filing.source_case, detail, now)
    return entry


def _refile(
    session: Session, user: AuthUser, entry: LibraryEntry, filing: Filing, now: datetime
) -> LibraryEntry:
    entry.retired_at = None
    entry.source_case, entry.valid_until = filing.source_case, filing.valid_until
    entry.origin, entry.pages = filing.origin.value, filing.pages
    entry.filed_at, entry.filed_by = as_utc(now), user.username
    detail = {"entry": entry.entry_id, "origin": entry.origin, "refiled": True}
    audit.record_by(session, user, "library.file", filing.source_case, detail, now)
    return entry


def _line(case_data: dict[str, Any], line_no: int) -> MaterialCheck | None:
    checks = case_data.get("checks") if isinstance(case_data, dict) else None
    if not isinstance(checks, list) or not 0 <= line_no < len(checks):
        return None
    try:
        return MaterialCheck.from_dict(checks[line_no])
    except (KeyError, TypeError, ValueError):
        return None


def _applicant(case_data: dict[str, Any]) -> Person | None:
    try:
        return Person.from_dict(case_data["applicant"])
    except (KeyError, TypeError, ValueError):
        return None


def directory_name(session: Session, code: str) -> str | None:
    entry = session.get(MaterialDirectoryEntry, code)
    return entry.name if entry is not None else None


def file_capture(
    session: Session, user: AuthUser, row: CaseAttachment, now: datetime
) -> LibraryEntry | None:
    """File a stored upload for the case's applicant (does not commit): under the line's
    材料编码 (the case's checklist line, else the upload's ``material_code``); nothing when
    there is none."""
    case = session.get(CaseRecord, row.case_number)
    if case is None:
        return None
    data = case.data if isinstance(case.data, dict) else {}
    person, line = _applicant(data), _line(data, row.line_no)
    code = line.material.standard_code if line is not None else row.material_code
    if person is None or not code:
        return None
    name = line.material.name if line is not None else directory_name(session, code) or code
    filing = Filing(
        hall_code=row.hall_code,
        key=person_key(person),
        material_code=code,
        material_name=name,
        origin=EntryOrigin.CAPTURED,
        source_case=row.case_number,
        issuer=row.issuer,
        valid_until=row.valid_until,
        sha256=row.sha256,
        pages=row.pages,
    )
    return file_entry(session, user, filing, now)


@dataclass(frozen=True, slots=True)
class IssuedResult:
    """What the department says of the result it issues, for the library (all optional)."""

    material_code: str = ""
    material_name: str = ""
    valid_until: date | None = None
    issuer: str = ""
    file_sha256: str = ""  # a file the department uploaded (POST /library/result-files)
    file_pages: int = 0


def produced_code(session: Session, item_code: str) -> str:
    """The 材料编码 a bundle says the item's result is (企业设立登记 → 营业执照), or ""."""
    for data in session.scalars(select(CatalogBundle.data)):
        for produced in (data or {}).get("produces") or ():
            if isinstance(produced, dict) and produced.get("item_code") == item_code:
                return str(produced.get("material_code") or "")
    return ""


def _validity_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def file_issued(
    session: Session,
    user: AuthUser,
    case: Case,
    result: IssuedResult,
    *,
    document_number: str,
    validity: str,
    default_issuer: str,
    now: datetime,
) -> LibraryEntry | None:
    """File the approved case's result for its applicant (does not commit). Its code is the
    one given, else the one a bundle says the item produces; nothing without a code.
    Invalid for a code outside
    the material directory or a file that was never uploaded."""
    code = result.material_code.strip() or produced_code(session, case.item.code)
    if not code:
        if result.file_sha256:
            raise Invalid("上传了结果文件但没有材料编码，无法归入共享材料库")
        return None
    name = directory_name(session, code)
    if name is None:
        raise Invalid(f"材料目录中没有编码为{code}的材料")
    sha256 = result.file_sha256 or None
    pages = 0
    if sha256 is not None:
        # FOR SHARE: a purge deleting this blob waits for the approval (then keeps it), or
        # the approval waits for the purge and is refused
        if session.get(Blob, sha256, with_for_update={"read": True}) is None:
            raise Invalid("结果文件尚未上传，请先上传文件")
        pages = max(1, result.file_pages)
    filing = Filing(
        hall_code=case.hall_code,
        key=person_key(case.applicant),
        material_code=code,
        material_name=result.material_name.strip() or name,
        origin=EntryOrigin.ISSUED,
        source_case=case.number,
        issuer=result.issuer.strip() or default_issuer,
        document_number=document_number,
        valid_until=result.valid_until or _validity_day(validity),
        sha256=sha256,
        pages=pages,
    )
    return file_entry(session, user, filing, now)


# ------------------------------------------------------------------------------- reuse


def _reuses(case: Case) -> dict[tuple[int, str], MaterialCheck]:
    return {(i, c.library_entry): c for i, c in enumerate(case.checks) if c.library_entry}


def new_reuses(case: Case, before: Case | None) -> list[tuple[int, MaterialCheck]]:
    """The lines of ``case`` that name an entry they did not name in ``before``."""
    old = _reuses(before) if before is not None else {}
    return [(line, check) for (line, _e), check in _reuses(case).items() if (line, _e) not in old]


def acceptance_day(case: Case, now: datetime) -> date:
    return hall_today(case.received_at or now)


def reuse_refusal(
    entry: LibraryEntry | None,
    check: MaterialCheck,
    key: tuple[str, str, str],
    halls: Iterable[str],
    day: date,
) -> str | None:
    """Why the line may not reuse ``entry``, or None."""
    if entry is None or entry.hall_code not in set(halls):
        return "共享材料库中没有这份材料（或属于未共享的大厅）"
    if entry.revoked_at is not None:
        return "库中的这份材料已被撤销"
    if entry.retired_at is not None:
        return (
            f"库中的这份材料已超过大厅规定的保存期限，于{as_utc(entry.retired_at):%Y-%m-%d}"
            "停用，请申请人提交"
        )
    if (entry.id_kind, entry.nationality, entry.id_number) != key:
        return "库中的这份材料不属于本案申请人"
    code = check.material.standard_code
    if not code or entry.material_code != code:
        return f"库中材料（{entry.material_name}）与本行材料的材料编码不一致"
    if entry.valid_until is not None and entry.valid_until < day:
        return f"库中的这份材料已于{entry.valid_until:%Y-%m-%d}过期，请申请人提交"
    return None


def check_reuses(
    session: Session, user: AuthUser, case: Case, before: Case | None, now: datetime
) -> None:
    """Conflict (409, with the line and the reason) unless every line that newly names a
    library entry may reuse it; each such reuse is logged once (does not commit)."""
    lines = new_reuses(case, before)
    if not lines:
        return
    halls = shared_halls(session, case.hall_code)
    key, day = person_key(case.applicant), acceptance_day(case, now)
    entries = _locked_entries(session, {check.library_entry for _line, check in lines})
    for line, check in lines:
        refusal = reuse_refusal(entries.get(check.library_entry), check, key, halls, day)
        if refusal is not None:
            raise Conflict(f"第{line + 1}行「{check.material.name}」不能免提交：{refusal}")
    for line, check in lines:
        _log_use(session, user, check.library_entry, REUSE, case.number, line, now)


def _locked_entries(session: Session, entry_ids: set[str]) -> dict[str, LibraryEntry]:
    """The entries, their rows locked until the case's commit (FOR UPDATE on PostgreSQL;
    SQLite has one writer anyway): retention and revocation lock them too, so an entry is
    never retired between the check and the reuse's record (retention then sees the reuse
    and keeps it, or the reuse sees it retired and is refused). In id order, as retention
    locks them: no deadlock."""
    found = session.scalars(
        select(LibraryEntry)
        .where(LibraryEntry.entry_id.in_(sorted(entry_ids)))
        .order_by(LibraryEntry.entry_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {entry.entry_id: entry for entry in found}


def _log_use(
    session: Session,
    user: AuthUser,
    entry_id: str,
    kind: str,
    case_number: str,
    line_no: int | None,
    now: datetime,
) -> None:
    if kind == REUSE:
        seen = session.scalar(
            select(LibraryUse.id).where(
                LibraryUse.entry_id == entry_id,
                LibraryUse.kind == REUSE,
                LibraryUse.case_number == case_number,
                LibraryUse.line_no == line_no,
            )
        )
        if seen is not None:
            return
    session.add(
        LibraryUse(
            entry_id=entry_id,
            hall_code=user.hall_code,
            kind=kind,
            used_by=user.username,
            role=user.role,
            used_at=as_utc(now),
            case_number=case_number,
            line_no=line_no,
        )
    )


# ------------------------------------------------------------------------------- files


def entry_file(session: Session, entry_id: str) -> tuple[str, int, str] | None:
    """(sha256, pages, media type) of the entry's file, or None (no entry, revoked, retired, no
    file, or the blob is not stored). For the department's listing of a reused line."""
    entry = session.get(LibraryEntry, entry_id)
    if entry is None or entry.revoked_at is not None or entry.retired_at is not None:
        return None
    if entry.sha256 is None:
        return None
    blob = session.get(Blob, entry.sha256)
    if blob is None:
        return None
    return entry.sha256, entry.pages, blob.media_type


def log_view(
    session: Session, user: AuthUser, entry_id: str, case_number: str, now: datetime | None = None
) -> None:
    """Record that ``user`` viewed the entry's file for ``case_number`` (does not commit)."""
    _log_use(session, user, entry_id, VIEW, case_number, None, now or datetime.now(UTC))


def revoke(session: Session, user: AuthUser, entry_id: str, reason: str, now: datetime) -> None:
    """Revoke an entry of the user's hall (an admin: a document withdrawn or filed wrongly):
    never offered or reused again, kept for the record; audited ``library.revoke``."""
    if user.role != "admin":
        raise Forbidden("只有管理员可以撤销共享材料库中的材料")
    reason = " ".join(reason.split())
    if not reason:
        raise Invalid("请填写撤销理由")
    entry = session.get(LibraryEntry, entry_id, with_for_update=True)
    if entry is None or entry.hall_code != user.hall_code:
        raise NotFound(f"本大厅的共享材料库中没有材料{entry_id}")
    if entry.revoked_at is not None:
        raise Conflict(f"材料{entry_id}已于{as_utc(entry.revoked_at):%Y-%m-%d}撤销")
    entry.revoked_at, entry.revoked_by = as_utc(now), user.username
    detail = {"entry": entry_id, "material_code": entry.material_code, "reason": reason[:200]}
    audit.record_by(session, user, "library.revoke", entry.source_case, detail, now)
    session.commit()

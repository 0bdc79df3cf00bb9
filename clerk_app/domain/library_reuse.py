"""Reusing the shared library's entries on checklist lines (免提交), as pure steps.

A reused line is 已收 with nothing handed over: no copies, the entry's id in
``MaterialCheck.library_entry`` (the case links to the entry; nothing is copied) and, when the
clerk wrote no note, a short note naming the document (证照编号, 有效期) so the case, the
department and every reprint say what was reused. Undoing a reuse gives the line back as 未收.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from clerk_app.domain.cases import MaterialCheck, MaterialState
from clerk_app.domain.library import LibraryEntry, LibraryOffer, OfferKind

REUSED_MARK = "库中调取·免提交"


def reuse_note(entry: LibraryEntry) -> str:
    """The document as the notice names it: number and validity when known (may be "")."""
    parts = []
    if entry.document_number:
        parts.append(f"证照编号 {entry.document_number}")
    if entry.valid_until is not None:
        parts.append(f"有效期至 {entry.valid_until:%Y-%m-%d}")
    return "，".join(parts)


def reused(check: MaterialCheck, entry: LibraryEntry) -> MaterialCheck:
    """The line taken from the library: 已收, no copies, linked to ``entry``."""
    note = check.note if check.note and check.note != _auto_note(check) else reuse_note(entry)
    return replace(
        check,
        state=MaterialState.RECEIVED,
        copies_received=0,
        defect_reason="",
        note=note,
        library_entry=entry.entry_id,
    )


def handed_in(check: MaterialCheck) -> MaterialCheck:
    """A step of the clerk on a reused line (ticked, copies typed, 补正): the applicant deals
    with the paper after all, so the link goes, and the note it brought."""
    if not check.library_entry:
        return check
    note = "" if check.note == _auto_note(check) else check.note
    return replace(check, library_entry="", note=note)


def not_reused(check: MaterialCheck) -> MaterialCheck:
    """Undo a reuse: the line is 未收 again (the applicant hands the material in)."""
    if not check.library_entry:
        return check
    return replace(handed_in(check), state=MaterialState.MISSING, copies_received=0)


def _auto_note(check: MaterialCheck) -> str | None:
    # the note ``reused`` wrote is recognised by its shape, the entry itself is not at hand
    note = check.note
    if check.library_entry and (note.startswith("证照编号 ") or note.startswith("有效期至 ")):
        return note
    return None


def reusable(offer: LibraryOffer | None) -> LibraryEntry | None:
    return offer.entry if offer is not None and offer.kind is OfferKind.REUSABLE else None


def reuse_all(
    checks: Sequence[MaterialCheck], offers: Mapping[int, LibraryOffer]
) -> dict[int, MaterialCheck]:
    """The one key: every offered line not yet taken from the library is reused; when all of
    them already are, every one is undone (the key toggles). Lines with no offer, or an
    expired one, are never touched. Returns the lines that change, by index."""
    offered = {
        i: entry for i, check in enumerate(checks) if (entry := reusable(offers.get(i))) is not None
    }
    pending = {i: e for i, e in offered.items() if checks[i].library_entry != e.entry_id}
    if pending:
        return {i: reused(checks[i], e) for i, e in pending.items()}
    return {i: not_reused(checks[i]) for i in offered}

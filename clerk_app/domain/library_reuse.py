"""Reusing the shared library's entries on checklist lines (免提交), as pure steps.

A reused line is 已收 with nothing handed over: no copies, the entry's id in
``MaterialCheck.library_entry`` (the case links to the entry; nothing is copied). When the case
is stored, a line the clerk wrote no note on gets one naming the document (证照编号, 有效期:
``noted``) so the department and every reprint say what was reused. Undoing a reuse gives the
line back as 未收.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from clerk_app.domain.cases import MaterialCheck, MaterialState
from clerk_app.domain.library import LibraryEntry, LibraryOffer, OfferKind

REUSED_MARK = "库中调取·免提交"
_SHORT_NUMBER = 20  # a credit code (18) still fits the notice's 备注 column


def reuse_note(entry: LibraryEntry) -> str:
    """The document as the notice names it: number (when short enough for the notice's note
    column) and validity, when known (may be "")."""
    parts = []
    if entry.document_number and len(entry.document_number) <= _SHORT_NUMBER:
        parts.append(f"证照编号 {entry.document_number}")
    if entry.valid_until is not None:
        parts.append(f"有效期至 {entry.valid_until:%Y-%m-%d}")
    return "，".join(parts)


def reused(check: MaterialCheck, entry: LibraryEntry) -> MaterialCheck:
    """The line taken from the library: 已收, no copies, linked to ``entry``."""
    return replace(
        check,
        state=MaterialState.RECEIVED,
        copies_received=0,
        defect_reason="",
        library_entry=entry.entry_id,
    )


def handed_in(check: MaterialCheck) -> MaterialCheck:
    """A step of the clerk on a reused line (copies typed, 补正): the applicant deals with the
    paper after all, so the link goes."""
    return replace(check, library_entry="") if check.library_entry else check


def not_reused(check: MaterialCheck) -> MaterialCheck:
    """Undo a reuse: the line is 未收 again (the applicant hands the material in)."""
    if not check.library_entry:
        return check
    return replace(check, state=MaterialState.MISSING, copies_received=0, library_entry="")


def noted(check: MaterialCheck, entries: Mapping[str, LibraryEntry]) -> MaterialCheck:
    """The line as the case stores it: a reused line the clerk wrote no note on names the
    document (number, validity), so the department and every reprint say what was reused."""
    entry = entries.get(check.library_entry) if check.library_entry else None
    if entry is None or check.note:
        return check
    return replace(check, note=reuse_note(entry))


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

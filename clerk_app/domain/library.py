"""Which checklist lines the shared materials library already holds (一号匹配 / 免提交).

The counter looks the identified applicant up (``LibraryEntry`` rows, from the server or, when
offline, the PC's cache of entries seen before) and asks :func:`offers`: per line, the entry
it may reuse (held, same 材料编码, still valid on the day) or why not (expired: flagged, never
offered). A line whose material has no 材料编码 is never matched: the code is the reuse key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from clerk_app.domain.catalog import Material


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    entry_id: str
    material_code: str
    material_name: str
    issuer: str
    document_number: str
    valid_until: date | None  # None: no expiry
    origin: str  # "captured" | "issued"
    source_case: str
    hall_code: str
    pages: int
    filed_at: datetime

    def valid_on(self, day: date) -> bool:
        return self.valid_until is None or self.valid_until >= day


class OfferKind(StrEnum):
    REUSABLE = "reusable"  # 库中已有·免提交
    EXPIRED = "expired"  # 库中已过期: the applicant brings it


@dataclass(frozen=True, slots=True)
class LibraryOffer:
    kind: OfferKind
    entry: LibraryEntry

    @property
    def text(self) -> str:
        until = self.entry.valid_until
        if self.kind is OfferKind.EXPIRED:
            return f"库中已过期（{until:%Y-%m-%d}）·需提交"
        when = f"有效期至 {until:%Y-%m-%d}" if until is not None else "长期有效"
        return f"库中已有（{when}）·免提交"


def _best(entries: Iterable[LibraryEntry]) -> LibraryEntry | None:
    """The entry to offer among several of one code: the longest valid, then the newest."""
    return max(
        entries,
        key=lambda e: (e.valid_until is None, e.valid_until or date.min, e.filed_at),
        default=None,
    )


def offers(
    materials: Sequence[Material], entries: Iterable[LibraryEntry], today: date
) -> dict[int, LibraryOffer]:
    """Per line index of ``materials``: what the library offers for it (lines it does not
    hold are absent)."""
    by_code: dict[str, list[LibraryEntry]] = {}
    for entry in entries:
        if entry.material_code:
            by_code.setdefault(entry.material_code, []).append(entry)
    found: dict[int, LibraryOffer] = {}
    for line, material in enumerate(materials):
        held = by_code.get(material.standard_code) if material.standard_code else None
        if not held:
            continue
        valid = _best(e for e in held if e.valid_on(today))
        if valid is not None:
            found[line] = LibraryOffer(OfferKind.REUSABLE, valid)
        else:
            newest = _best(held)
            assert newest is not None
            found[line] = LibraryOffer(OfferKind.EXPIRED, newest)
    return found

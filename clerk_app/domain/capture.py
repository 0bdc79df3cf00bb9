"""The pages captured for one checklist line before the case is saved (issue 14).

A line's capture is an immutable tuple of ``Page`` records, in the order the department will
read them. The clerk's steps are pure functions returning a new tuple: ``appended``, ``moved``
(reorder), ``rotated`` (quarter turns clockwise), ``deleted``. An index out of range changes
nothing (a key pressed on an empty strip is not an error).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date

from clerk_app.domain.cases import MaterialCheck, MaterialState
from clerk_app.domain.catalog import MaterialForm

QUARTER_TURNS = 4


@dataclass(frozen=True, slots=True)
class Page:
    """One page as it came from its source: JPEG/PNG image bytes or a one-page PDF."""

    data: bytes = field(repr=False)
    media_type: str  # image/jpeg, image/png or application/pdf
    origin: str  # where it came from, for the clerk: "高拍仪", "扫描仪", "文件 x.pdf"
    rotation: int = 0  # quarter turns clockwise, 0..3, applied when the line is joined
    sha256: str = ""  # of ``data``; filled in by ``page_of``

    @property
    def degrees(self) -> int:
        return self.rotation * 90


Capture = tuple[Page, ...]


@dataclass(frozen=True, slots=True)
class DocumentDetails:
    """What the window read off a captured document, for the shared library (optional)."""

    valid_until: date | None = None  # 有效期至; None: not entered (or no expiry)
    issuer: str = ""  # 发证机关

    def __bool__(self) -> bool:
        return self.valid_until is not None or bool(self.issuer)


NO_DETAILS = DocumentDetails()


def page_of(data: bytes, media_type: str, origin: str, rotation: int = 0) -> Page:
    return Page(
        data, media_type, origin, rotation % QUARTER_TURNS, hashlib.sha256(data).hexdigest()
    )


def appended(pages: Capture, *new: Page) -> Capture:
    return (*pages, *new)


def moved(pages: Capture, index: int, to: int) -> Capture:
    """The page at ``index`` put at position ``to`` (clamped to the strip); others keep order."""
    if not 0 <= index < len(pages):
        return pages
    to = max(0, min(to, len(pages) - 1))
    rest = list(pages[:index] + pages[index + 1 :])
    rest.insert(to, pages[index])
    return tuple(rest)


def rotated(pages: Capture, index: int, quarter_turns: int = 1) -> Capture:
    """The page at ``index`` turned clockwise (negative: anticlockwise)."""
    if not 0 <= index < len(pages):
        return pages
    page = pages[index]
    turned = replace(page, rotation=(page.rotation + quarter_turns) % QUARTER_TURNS)
    return (*pages[:index], turned, *pages[index + 1 :])


def deleted(pages: Capture, index: int) -> Capture:
    if not 0 <= index < len(pages):
        return pages
    return pages[:index] + pages[index + 1 :]


def verified_with_ecopy(check: MaterialCheck, pages: int) -> bool:
    """原件核验不收 received and captured: the window saw the original and keeps its copy."""
    return (
        pages > 0
        and check.material.form is MaterialForm.ORIGINAL_CHECKED
        and check.state is MaterialState.RECEIVED
    )


def lacks_ecopy(check: MaterialCheck, pages: int) -> bool:
    """A required line received without an electronic copy (a line the shared library
    provides carries the library's file, so it lacks nothing)."""
    return (
        check.material.required
        and check.state is MaterialState.RECEIVED
        and pages == 0
        and not check.library_entry
    )

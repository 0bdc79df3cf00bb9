"""Layout primitives of the printed documents: page geometry, text helpers, paragraph
styles, the title line and the signature block with its seal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table
from reportlab.platypus import paragraph as _rl_paragraph

from clerk_app.printing.fonts import register_cjk_font
from clerk_app.printing.seal import draw_seal

# reportlab's line breaker lets full-width ，；：！？ start a line, which Chinese typesetting
# (GB/T 15834) forbids; adding them makes the breaker hang them at the line end instead.
_NO_LINE_START = "，；：！？”’》"
for _module in (_rl_paragraph, _rl_textsplit):
    _globals = vars(_module)  # the breaker reads the module's global, which no stub declares
    if "，" not in _globals["ALL_CANNOT_START"]:
        _globals["ALL_CANNOT_START"] += _NO_LINE_START

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 14 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
REPRINT_RED = Color(0.8, 0.05, 0.05)
HEADER_FILL = HexColor("#EDEDED")
LABEL_FILL = HexColor("#F6F6F6")
EMPTY = "—"
CELL_PADDING = 5
SPLIT_IN_ROW_MIN = 45  # points: never leave a sliver of a row at a page bottom
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - 12  # minus the frame's paddings


class RowBreakTable(Table):
    """A table that breaks between rows, and inside a row only when the row is taller than a
    whole page (a material name of several thousand characters must still print).

    reportlab's own in-row splitting also cuts ordinary rows at a page bottom, which leaves
    a repeated table head over a sliver of a row and misplaces the other cells of that row.
    """

    splitInRow: int  # reportlab's attribute, declared for the type checker

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        in_row = self.splitInRow
        try:
            self.splitInRow = 0
            parts: list[Flowable] = super().split(availWidth, availHeight)
        finally:
            self.splitInRow = in_row
        for part in parts:  # the pieces were made while in-row splitting was off
            if isinstance(part, RowBreakTable):
                part.splitInRow = in_row
        if parts or availHeight < 0.9 * FRAME_HEIGHT:
            return parts  # [] on a partly filled page: the table moves to the next page
        result: list[Flowable] = super().split(availWidth, availHeight)
        return result


# ---------------------------------------------------------------- text helpers


def clean(text: object) -> str:
    """Printable text: control characters and lone surrogates dropped, newlines as spaces."""
    s = str(text)
    if s.isprintable():
        return s
    out = []
    for ch in s:
        if ch in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cs", "Cn", "Co"):
            out.append(ch)
    return "".join(out)


def markup(text: object) -> str:
    return escape(clean(text))


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else EMPTY


_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 23 -> 二十三 (numbered paragraphs)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    font: str
    body: ParagraphStyle
    salutation: ParagraphStyle
    number: ParagraphStyle
    note: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    head: ParagraphStyle
    section: ParagraphStyle
    cell_pad: float = 2  # points above a table cell's text (and 0.5 more below)
    line_gap: float = 10 * mm  # between two signature lines
    gap: float = 1.0  # scale of the spacers between blocks


# How tightly a document is set: 0 is the normal look; 1 (compact) is used only when it saves
# a page (a notice must not leave its last lines, signatures and seal alone on a second page).
DENSITIES = (0, 1)


@lru_cache(maxsize=len(DENSITIES))
def styles(density: int = 0) -> Styles:
    font = register_cjk_font()
    lead = (0.0, 2.5)[density]  # points taken off the line spacing
    space = (1.0, 0.25)[density]  # scale of the space around paragraphs

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": font,
            "fontSize": 10.5,
            "leading": 15.5,
            "wordWrap": "CJK",
            "alignment": TA_JUSTIFY,
        }
        base.update(kw)
        # Table cells (leading 12.5) keep their spacing nearly: CJK glyphs touch the rules.
        base["leading"] -= lead if base["leading"] > 13 else min(lead / 2, 0.5)
        for key in ("spaceBefore", "spaceAfter"):
            if key in base:
                base[key] *= space
        return ParagraphStyle(name, **base)

    return Styles(
        font=font,
        body=style("body", firstLineIndent=21, spaceAfter=2),
        salutation=style("salutation", fontSize=12, spaceBefore=4, spaceAfter=2),
        number=style("number", fontSize=10.5, alignment=TA_CENTER, spaceAfter=3),
        note=style("note", firstLineIndent=21, spaceAfter=1),
        small=style("small", fontSize=9.5, leading=14, alignment=TA_LEFT),
        cell=style("cell", fontSize=9.5, leading=12.5, alignment=TA_LEFT),
        cell_center=style("cell_center", fontSize=9.5, leading=12.5, alignment=TA_CENTER),
        head=style("head", fontSize=9.5, leading=12.5, alignment=TA_CENTER),
        section=style("section", fontSize=11, leading=16, spaceBefore=4, spaceAfter=2),
        cell_pad=(2.0, 1.0)[density],
        line_gap=(10 * mm, 7.5 * mm)[density],
        gap=space,
    )


# ---------------------------------------------------------------- flowables


class TitleLine(Flowable):
    """The centred document title, large and stroked to look bold (the font has no bold)."""

    def __init__(self, text: str, font: str, size: float = 22) -> None:
        super().__init__()
        self.text = clean(text).strip() or EMPTY
        self.font = font
        self.size = size
        self.char_space = 4.0 if len(self.text) <= 8 else 0.0

    def _text_width(self, size: float) -> float:
        return stringWidth(self.text, self.font, size) + self.char_space * (len(self.text) - 1)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        # A long hall-edited title shrinks instead of running off the page.
        while self.size > 12 and self._text_width(self.size) > avail_width:
            self.size -= 1
        self.height = self.size * 1.5
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setLineWidth(0.55)
        c.setStrokeColor(black)
        text = c.beginText()
        text.setFont(self.font, self.size)
        text.setCharSpace(self.char_space)
        text.setTextRenderMode(2)  # fill + stroke: a faux bold that prints well
        width = min(self._text_width(self.size), self.width)
        text.setTextOrigin((self.width - width) / 2, self.size * 0.45)
        text.textOut(self.text)
        c.drawText(text)
        c.restoreState()


class SignatureBlock(Flowable):
    """Signature lines at the left; issuer, date and the seal over them at the right."""

    LINE_GAP = 10 * mm

    def __init__(
        self,
        labels: Sequence[str],
        *,
        font: str,
        issuer: str = "",
        issue_date: date | None = None,
        seal: tuple[ImageReader | None, str] | None = None,
        line_gap: float = LINE_GAP,
    ) -> None:
        super().__init__()
        self.line_gap = line_gap
        self.labels = [clean(x) for x in labels]
        self.font = font
        self.issuer = clean(issuer)
        self.issue_date = issue_date
        self.seal = seal

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        sign_h = len(self.labels) * self.line_gap + 4 * mm
        # The 40 mm seal may stand out of this box by a few mm, as a stamp does.
        issuer_h = (24 * mm + 10 * self.line_gap / self.LINE_GAP * mm) if self.issuer else 0
        self.height = max(sign_h, issuer_h)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        has_issuer = bool(self.issuer)
        # The left part ends where the seal (centred 30 mm from the right edge) begins.
        left_width = self.width - 52 * mm if has_issuer else self.width
        y = self.height - 7 * mm
        date_label = "日期："
        date_w = stringWidth(date_label, self.font, 10.5) + 22 * mm
        # Labels share one font size and the lines one start, so the block looks like a form.
        size = 10.5
        label_texts = [f"{label}：" for label in self.labels]
        widest = max((stringWidth(t, self.font, size) for t in label_texts), default=0)
        while size > 7 and widest > left_width * 0.5:
            size -= 0.5
            widest = max(stringWidth(t, self.font, size) for t in label_texts)
        line_start = widest + 2
        line_end = max(left_width - date_w - 3 * mm, line_start + 15 * mm)
        c.setLineWidth(0.6)
        for text in label_texts:
            c.setFont(self.font, size)
            c.drawString(0, y, text)
            c.line(line_start, y - 2, line_end, y - 2)
            c.setFont(self.font, 10.5)
            c.drawString(left_width - date_w, y, date_label)
            c.drawString(left_width - 21 * mm, y, "   年   月   日")
            y -= self.line_gap
        if not has_issuer:
            return
        right_x = self.width - 6 * mm
        # The seal covers the issuer and the date (骑年盖月).
        lines: list[tuple[str, float]] = [(self.issuer, 12.5), (cn_date(self.issue_date), 12)]
        ty = self.height - 13 * mm
        centres: list[float] = []
        for text, size in lines:
            width = stringWidth(text, self.font, size)
            while width > self.width - left_width - 4 * mm and size > 6:
                size -= 0.5
                width = stringWidth(text, self.font, size)
            c.setFont(self.font, size)
            c.drawRightString(right_x, ty, text)
            centres.append(right_x - width / 2)
            ty -= size + 7
        if self.seal is not None:
            image, purpose = self.seal
            # The stamp sits over the issuer and the date, as a real one would.
            cx = min(max(centres[0], self.width - 30 * mm), self.width - 23 * mm)
            draw_seal(
                c,
                cx,
                self.height - 17 * mm,
                image=image,
                name=self.issuer,
                purpose=purpose,
                font_name=self.font,
            )

"""The page frame every printed document shares: header of later pages, footer with who
printed it and page x/y, 补打 marks on reprints, and the A4 build that fits the pages."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from clerk_app.domain.cases import Case
from clerk_app.printing.case_values import PrintContext
from clerk_app.printing.codes import CodesHeader
from clerk_app.printing.layout import (
    CONTENT_WIDTH,
    DENSITIES,
    EMPTY,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    REPRINT_RED,
    clean,
)


@dataclass(frozen=True)
class _Furniture:
    font: str
    hall_name: str
    case_number: str
    title: str
    footer_left: str
    reprint_note: str
    issuer_line: str


class _NumberedCanvas(Canvas):
    """Keeps the pages until save() so each footer can say 第 x 页 / 共 y 页."""

    def __init__(self, *args: Any, furniture: _Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []
        # Pages that start a document of their own (the 承诺书) carry the codes band already.
        self.pages_with_codes: set[int] = set()

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        # reportlab's private page start (not in its stubs): a fresh page, nothing emitted yet.
        vars(Canvas)["_startPage"](self)

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_furniture(number, total)
            super().showPage()
        super().save()

    def _fitted(self, text: str, width: float, size: float = 8.5) -> float:
        """The font size (at most ``size``, at least 5.5) at which ``text`` fits ``width``."""
        font = self._furniture.font
        while size > 5.5 and stringWidth(text, font, size) > width:
            size -= 0.5
        return size

    def _draw_furniture(self, page: int, total: int) -> None:
        f = self._furniture
        self.saveState()
        self.setStrokeColor(HexColor("#888888"))
        self.setLineWidth(0.5)
        self.line(MARGIN_X, 14 * mm, PAGE_WIDTH - MARGIN_X, 14 * mm)
        page_label = f"第 {page} 页 / 共 {total} 页"
        self.setFillColor(black)
        self.setFont(f.font, 8.5)
        self.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, page_label)
        room = CONTENT_WIDTH - stringWidth(page_label, f.font, 8.5) - 6 * mm
        left = f"{f.reprint_note}　{f.footer_left}" if f.reprint_note else f.footer_left
        size = self._fitted(left, room)
        x = MARGIN_X
        if f.reprint_note:
            self.setFillColor(REPRINT_RED)
            self.setFont(f.font, size)
            self.drawString(x, 10 * mm, f.reprint_note)
            x += stringWidth(f"{f.reprint_note}　", f.font, size)
        self.setFillColor(black)
        self.setFont(f.font, size)
        self.drawString(x, 10 * mm, f.footer_left)
        if f.issuer_line:
            self.setFillColor(HexColor("#555555"))
            self.setFont(f.font, self._fitted(f.issuer_line, CONTENT_WIDTH, 7.5))
            self.drawCentredString(PAGE_WIDTH / 2, 6 * mm, f.issuer_line)
        if page > 1 and page not in self.pages_with_codes:
            self.setFillColor(HexColor("#444444"))
            number = f"案件编号：{f.case_number}"
            self.setFont(f.font, 8.5)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 9 * mm, number)
            head = f"{f.hall_name}　{f.title}"
            room = CONTENT_WIDTH - stringWidth(number, f.font, 8.5) - 6 * mm
            self.setFont(f.font, self._fitted(head, room))
            self.drawString(MARGIN_X, PAGE_HEIGHT - 9 * mm, head)
            self.line(MARGIN_X, PAGE_HEIGHT - 11 * mm, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 11 * mm)
        self.restoreState()


class ReprintHeader(CodesHeader):
    """The codes band, plus a red 补打 stamp between barcode and QR on reprints."""

    def __init__(self, *args: Any, stamp_time: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stamp_time = stamp_time

    def draw(self) -> None:
        super().draw()
        pages = getattr(self.canv, "pages_with_codes", None)
        if pages is not None:
            pages.add(self.canv.getPageNumber())
        if not self.stamp_time:
            return
        c = self.canv
        cx = self.width * 0.66
        c.saveState()
        c.setStrokeColor(REPRINT_RED)
        c.setFillColor(REPRINT_RED)
        c.setLineWidth(1.2)
        c.rect(cx - 14 * mm, 13 * mm, 28 * mm, 10 * mm, stroke=1, fill=0)
        c.setFont(self.font_name, 16)
        c.drawCentredString(cx, 15.6 * mm, "补　打")
        c.setFont(self.font_name, 7.5)
        c.drawCentredString(cx, 9 * mm, f"补打时间 {self.stamp_time}")
        c.restoreState()


def fit_pages(attempt: Callable[[int], tuple[bytes, int]]) -> bytes:
    """The normal layout, unless a tighter one (``DENSITIES``) needs fewer pages: then the
    loosest of those. A notice then never spills its last lines, the signatures and the seal
    onto a page of their own; a second page stays when the content truly needs it. Only a
    document that does not fit one page is laid out again (at most once per density)."""
    best, best_pages = attempt(DENSITIES[0])
    for density in DENSITIES[1:]:
        if best_pages == 1:
            break
        pdf, pages = attempt(density)
        if pages < best_pages:
            return pdf  # the loosest layout that saves a page
    return best


def a4_template(buffer: io.BytesIO, *, title: str, author: str, subject: str) -> SimpleDocTemplate:
    """An A4 document with the printed documents' margins and PDF metadata."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        subject=subject,
        creator="clerk-app",
    )


def build_a4_pdf(
    story: list[Any],
    case: Case,
    ctx: PrintContext,
    values: dict[str, str],
    st: Any,
    title: str,
    *,
    pages_out: list[int] | None = None,
) -> bytes:
    """Lay ``story`` out on A4 pages framed as every printed document is: the hall's header,
    the case number, who printed it and when (补打 on a reprint), the issuer and page numbers."""
    reprint_note = f"【补打 {ctx.printed_at:%Y-%m-%d %H:%M}】" if ctx.reprint else ""
    footer = (
        f"打印人：{clean(ctx.printed_by) or EMPTY}（{clean(ctx.window_label) or case.window_no}）"
        f"　打印时间：{ctx.printed_at:%Y-%m-%d %H:%M:%S}"
    )
    issuer_line = "　".join(
        x
        for x in (
            values["authority"],
            values["hall_name"],
            values["address"],
            f"咨询电话：{values['contact_phone']}" if values["contact_phone"] else "",
        )
        if x.strip()
    )
    furniture = _Furniture(
        st.font, values["hall_name"], case.number, title, footer, reprint_note, issuer_line
    )
    buffer = io.BytesIO()
    doc = a4_template(
        buffer, title=f"{title} {case.number}", author=values["hall_name"], subject=case.number
    )

    def canvas_maker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        # Start every page in the embedded font, so no non-embedded Helvetica is referenced.
        kwargs["initialFontName"] = st.font
        return _NumberedCanvas(*args, furniture=furniture, **kwargs)

    canvases: list[_NumberedCanvas] = []

    def counted_canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        canvas = canvas_maker(*args, **kwargs)
        canvases.append(canvas)
        return canvas

    doc.build(story, canvasmaker=counted_canvas)
    if pages_out is not None:
        pages_out.append(canvases[-1].page_count if canvases else 0)
    return buffer.getvalue()

"""Code128 barcode and QR code of the case number, drawn as vector rectangles.

Vector bars stay sharp at any printer resolution and cost nothing to embed. The bar pattern
comes from python-barcode and the QR matrix from segno; we only draw them.
"""

from __future__ import annotations

from functools import lru_cache

import barcode
import segno
from reportlab.lib.colors import black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

CODE128_QUIET_MODULES = 10  # ISO/IEC 15417 asks for at least 10 modules each side
QR_QUIET_MODULES = 4  # ISO/IEC 18004 quiet zone


@lru_cache(maxsize=256)
def code128_modules(data: str) -> str:
    """The bar pattern ('1' = bar, '0' = space) including start, check and stop symbols."""
    if not data or not data.isascii() or not data.isprintable():
        raise ValueError(f"条形码只能编码可打印的 ASCII 字符：{data!r}")
    return str(barcode.get("code128", data).build()[0])


def _runs(bits: str | bytes | bytearray) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i, bit in enumerate(bits):
        dark = bit in ("1", 1)
        if dark and start < 0:
            start = i
        elif not dark and start >= 0:
            runs.append((start, i - start))
            start = -1
    if start >= 0:
        runs.append((start, len(bits) - start))
    return runs


@lru_cache(maxsize=256)
def qr_matrix(data: str) -> tuple[tuple[int, ...], ...]:
    qr = segno.make(data, error="m", micro=False)
    return tuple(tuple(1 if v else 0 for v in row) for row in qr.matrix)


def draw_code128(
    canvas: Canvas,
    x: float,
    y: float,
    data: str,
    *,
    module: float = 0.3 * mm,
    bar_height: float = 10 * mm,
    font_name: str,
    font_size: float = 8,
) -> float:
    """Draw the barcode with its quiet zones from (x, y) = bottom left; return its width."""
    modules = code128_modules(data)
    quiet = CODE128_QUIET_MODULES * module
    width = 2 * quiet + len(modules) * module
    text_height = font_size + 2
    canvas.saveState()
    # White background so the quiet zone stays clean even over a tinted area.
    canvas.setFillColor(white)
    canvas.rect(x, y, width, bar_height + text_height, stroke=0, fill=1)
    canvas.setFillColor(black)
    for start, length in _runs(modules):
        canvas.rect(
            x + quiet + start * module,
            y + text_height,
            length * module,
            bar_height,
            stroke=0,
            fill=1,
        )
    canvas.setFont(font_name, font_size)
    canvas.drawCentredString(x + width / 2, y + 1, data)
    canvas.restoreState()
    return width


def code128_width(data: str, module: float = 0.3 * mm) -> float:
    return (2 * CODE128_QUIET_MODULES + len(code128_modules(data))) * module


def draw_qr(canvas: Canvas, x: float, y: float, data: str, *, size: float) -> None:
    """Draw the QR code (quiet zone included) in a size x size square at bottom-left (x, y)."""
    matrix = qr_matrix(data)
    count = len(matrix) + 2 * QR_QUIET_MODULES
    module = size / count
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(black)
    top = y + size - QR_QUIET_MODULES * module
    for r, row in enumerate(matrix):
        row_y = top - (r + 1) * module
        for start, length in _runs(bytes(row)):
            # A hair of overlap avoids anti-aliasing seams between adjacent rows on screen.
            canvas.rect(
                x + (QR_QUIET_MODULES + start) * module,
                row_y,
                length * module,
                module + 0.01,
                stroke=0,
                fill=1,
            )
    canvas.restoreState()


class CodesHeader(Flowable):
    """Barcode at the left, QR at the right, with small captions: the top band of page 1."""

    def __init__(
        self,
        barcode_data: str,
        qr_data: str,
        *,
        font_name: str,
        qr_caption: str = "扫码查询办理进度",
        qr_size: float = 20 * mm,
        barcode_caption: str = "案件编号条形码",
    ) -> None:
        super().__init__()
        self.barcode_data = barcode_data
        self.qr_data = qr_data
        self.font_name = font_name
        self.qr_caption = qr_caption
        self.barcode_caption = barcode_caption
        self.qr_size = qr_size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.qr_size + 3.5 * mm
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        caption_h = 4 * mm
        code_w = code128_width(self.barcode_data)
        # Shrink the module if a long number would run into the QR code.
        room = self.width - self.qr_size - 8 * mm
        module = 0.3 * mm if code_w <= room else 0.3 * mm * room / code_w
        draw_code128(
            c, 0, caption_h + 2 * mm, self.barcode_data, module=module, font_name=self.font_name
        )
        c.setFont(self.font_name, 7.5)
        c.drawString(CODE128_QUIET_MODULES * module, caption_h - 1 * mm, self.barcode_caption)
        draw_qr(c, self.width - self.qr_size, caption_h, self.qr_data, size=self.qr_size)
        c.drawCentredString(self.width - self.qr_size / 2, 0.5 * mm, self.qr_caption)

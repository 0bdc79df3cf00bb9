"""One page of a stored material as an image the department's browser shows.

A PDF page is rendered with pypdfium2 at :data:`VIEW_DPI` (text of a scanned A4 page stays
readable; the longest side is capped so an A0 drawing does not become a 100-megapixel PNG) and
answered as PNG. A JPEG or PNG is one page: answered as it is when it is small enough, else
downscaled (JPEG stays JPEG). Thumbnails are JPEG at most :data:`THUMB_PX` wide.

PDFium is not thread-safe and the server answers on a thread pool: every call into it holds
:data:`_PDFIUM`. A file that cannot be read is :class:`PageError` (the route answers 422).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image, UnidentifiedImageError

from clerk_app.pdfium_lock import PDFIUM_LOCK

VIEW_DPI = 150
VIEW_MAX_PX = 2400  # longest side of a page view
THUMB_PX = 200  # longest side of a thumbnail
PDF = "application/pdf"


class PageError(ValueError):
    """The page does not exist or the file cannot be rendered (the reason in Chinese)."""


@dataclass(frozen=True, slots=True)
class PageImage:
    content: bytes
    media_type: str  # image/png or image/jpeg


def page_count(data: bytes, media_type: str) -> int:
    if media_type != PDF:
        return 1
    with PDFIUM_LOCK:
        document = _open_pdf(data)
        try:
            return len(document)
        finally:
            document.close()


def render_page(data: bytes, media_type: str, number: int, *, thumbnail: bool = False) -> PageImage:
    """Page ``number`` (1-based) of the file as an image."""
    if number < 1:
        raise PageError("页码从1开始")
    limit = THUMB_PX if thumbnail else VIEW_MAX_PX
    if media_type == PDF:
        image = _pdf_page(data, number, limit, thumbnail=thumbnail)
    else:
        if number != 1:
            raise PageError(f"该文件只有1页，没有第{number}页")
        return _image_page(data, media_type, limit, thumbnail=thumbnail)
    return _encode(image, "JPEG" if thumbnail else "PNG")


def _open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PageError("PDF文件无法打开（可能已损坏）") from exc


def _pdf_page(data: bytes, number: int, limit: int, *, thumbnail: bool) -> Image.Image:
    with PDFIUM_LOCK:
        document = _open_pdf(data)
        try:
            if number > len(document):
                raise PageError(f"该文件共{len(document)}页，没有第{number}页")
            page = document[number - 1]
            try:
                width, height = page.get_size()  # points: 1/72 inch
                longest = max(width, height, 1.0)
                scale = VIEW_DPI / 72 if not thumbnail else limit / longest
                scale = min(scale, limit / longest)
                bitmap = page.render(scale=scale, may_draw_forms=True)
                try:
                    image: Image.Image = bitmap.to_pil().convert("RGB")
                    return image
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            document.close()


def _image_page(data: bytes, media_type: str, limit: int, *, thumbnail: bool) -> PageImage:
    try:
        image = Image.open(io.BytesIO(data))
        if image.format == "JPEG":
            image.draft("RGB", (limit, limit))  # decode a big scan at a fraction of its size
        width, height = image.size
        if not thumbnail and max(width, height) <= limit:
            return PageImage(data, media_type)  # small enough: the file itself
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise PageError("图片文件无法打开（可能已损坏）") from exc
    image.thumbnail((limit, limit))
    if thumbnail or media_type != "image/png":
        return _encode(image.convert("RGB"), "JPEG")
    return _encode(image, "PNG")


def _encode(image: Image.Image, kind: str) -> PageImage:
    buffer = io.BytesIO()
    if kind == "JPEG":
        image.save(buffer, "JPEG", quality=85)
        return PageImage(buffer.getvalue(), "image/jpeg")
    image.save(buffer, "PNG", compress_level=3)  # level 3: faster and smaller here than 6
    return PageImage(buffer.getvalue(), "image/png")

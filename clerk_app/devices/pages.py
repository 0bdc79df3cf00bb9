"""Captured pages made fit to keep and send: normalised, joined into one PDF per line,
and thumbnails for the capture strip (issue 14). No Qt: the capture dialog, the acceptance
page's save and the bench call these.

``normalised(page)`` (an image page):
- EXIF orientation applied (a phone or camera that stores "rotate 90°" in the header), then
  the clerk's quarter turns;
- a uniform dark border cropped: a document camera photographs the sheet on its dark base
  plate; when the four corners share one dark colour and the sheet stands out from it, the
  frame is cut off (a few pixels of margin kept). Nothing is cropped when the corners differ,
  when they are light (a page's own white margin stays: the page keeps its layout) or when
  the content would shrink to under a quarter of the picture (a dark page is not a frame);
- no deskew: without a reliable line detector (OpenCV) a wrong guess tilts a straight page,
  and 高拍仪 drivers that deskew do it before saving into the hot folder;
- downscaled so the long edge is at most ``MAX_EDGE`` (2480 px ≈ A4 at 300 dpi);
- colour and greyscale pages as JPEG (quality ``JPEG_QUALITY``, lowered step by step, then
  the size, until the page is under ``MAX_PAGE_BYTES``); a greyscale / black-and-white /
  palette PNG (a scanner's text page) stays PNG while it is under the bound: it is smaller and
  sharper than a JPEG of the same page;
- a JPEG that needs none of this is kept byte for byte (no second lossy encoding).

``joined_pdf(pages)``: one PDF for the line, pages in the strip's order. Image pages are
embedded with reportlab (a JPEG's bytes go into the PDF unchanged); a PDF's pages are kept as
they are (pypdf), turned by the clerk's rotation.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2
from PIL import Image, ImageChops, ImageOps
from pypdf import PdfReader, PdfWriter
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from clerk_app.domain.capture import Page, page_of
from clerk_app.pdfium_lock import PDFIUM_LOCK

MAX_EDGE = 2480  # px, long edge: A4 at 300 dpi
JPEG_QUALITY = 85
MIN_JPEG_QUALITY = 55
MAX_PAGE_BYTES = 1_500_000  # one normalised page
THUMB_EDGE = 160
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
_DPI = 300  # an image page's size in the PDF: its pixels at this resolution
_BORDER_TOLERANCE = 40  # 0..255: how far a pixel may be from the frame's colour
_BORDER_MARGIN = 4  # px kept around the sheet
_BORDER_PROBE = 600  # px, short edge of the copy the frame is looked for on
_DARKEST_PAPER = 100  # 0..255 grey: a frame lighter than this is paper, never cut
_MIN_CONTENT_SHARE = 0.25  # a crop keeping less than this of the picture is not a frame
_LOSSLESS_MODES = ("1", "L", "P")
_EXIF_ORIENTATION = 0x0112


class PageError(ValueError):
    """The bytes are not a page we can read; the message says why (for the clerk)."""


@dataclass(frozen=True, slots=True)
class Normalised:
    data: bytes
    media_type: str
    width: int
    height: int
    cropped: bool = False
    reencoded: bool = True


# -- reading ------------------------------------------------------------------------------


def split_pdf(data: bytes, origin: str) -> list[Page]:
    """A PDF file's pages, each as a one-page PDF (so the clerk can reorder and turn them)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = list(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise PageError("PDF文件已损坏，无法读取") from exc
    if not pages:
        raise PageError("PDF文件没有页面")
    if len(pages) == 1:
        return [page_of(data, PDF, origin)]
    out: list[Page] = []
    for number, pdf_page in enumerate(pages, start=1):
        writer = PdfWriter()
        writer.add_page(pdf_page)
        buffer = io.BytesIO()
        writer.write(buffer)
        out.append(page_of(buffer.getvalue(), PDF, f"{origin} 第{number}页"))
    return out


def pages_from_bytes(data: bytes, media_type: str, origin: str) -> list[Page]:
    """What a source or a file delivered, as the strip's pages (a PDF: one per page)."""
    if media_type == PDF:
        return split_pdf(data, origin)
    _open(data)  # refuse unreadable images now, not when the case is saved
    return [page_of(data, media_type, origin)]


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError…
        raise PageError("图片已损坏，无法读取") from exc
    return image


# -- normalising ----------------------------------------------------------------------------


def normalised(
    page: Page,
    *,
    max_edge: int = MAX_EDGE,
    quality: int = JPEG_QUALITY,
    max_bytes: int = MAX_PAGE_BYTES,
) -> Normalised:
    """An image page ready for the PDF (see the module doc). A PDF page is returned as is."""
    if page.media_type == PDF:
        return Normalised(page.data, PDF, 0, 0, reencoded=False)
    original = _open(page.data)
    turned = _exif_turned(original) or page.rotation != 0
    image = ImageOps.exif_transpose(original) if turned else original
    if page.rotation:
        image = image.rotate(-page.degrees, expand=True)  # PIL turns anticlockwise
    box = border_box(image)
    if box is not None:
        image = image.crop(box)
    if (
        page.media_type == JPEG
        and not turned
        and box is None
        and max(image.size) <= max_edge
        and len(page.data) <= max_bytes
    ):
        return Normalised(page.data, JPEG, *image.size, reencoded=False)
    if max(image.size) > max_edge:
        image.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
    data, media_type = _encoded(image, page.media_type, quality, max_bytes)
    width, height = Image.open(io.BytesIO(data)).size
    return Normalised(data, media_type, width, height, cropped=box is not None)


def _exif_turned(image: Image.Image) -> bool:
    return image.getexif().get(_EXIF_ORIENTATION, 1) not in (1, None)


def border_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The sheet inside a uniform frame, or None when there is no frame to cut. Looked for on
    a copy reduced to about ``_BORDER_PROBE`` pixels (fast, and the sensor's noise averaged)."""
    width, height = image.size
    if width < 16 or height < 16:
        return None
    factor = max(1, min(width, height) // _BORDER_PROBE)
    grey = (image.reduce(factor) if factor > 1 else image).convert("L")
    small_w, small_h = grey.size
    corners = [grey.getpixel(p) for p in ((0, 0), (small_w - 1, 0), (0, small_h - 1))]
    corners.append(grey.getpixel((small_w - 1, small_h - 1)))
    values = [int(c) if isinstance(c, (int, float)) else 0 for c in corners]
    if max(values) - min(values) > _BORDER_TOLERANCE // 2:
        return None  # the corners differ: no frame around the sheet
    frame = round(sum(values) / len(values))
    if frame > _DARKEST_PAPER:
        return None  # a light frame is the page's own margin, not a camera's base plate
    difference = ImageChops.difference(grey, Image.new("L", grey.size, frame))
    mask = difference.point(lambda v: 255 if v > _BORDER_TOLERANCE else 0)
    bbox = mask.getbbox()
    if bbox is None:
        return None
    left, top = bbox[0] * factor, bbox[1] * factor
    right, bottom = min(bbox[2] * factor, width), min(bbox[3] * factor, height)
    if (right - left) * (bottom - top) < _MIN_CONTENT_SHARE * width * height:
        return None
    reaches_edges = (
        left <= _BORDER_MARGIN
        and top <= _BORDER_MARGIN
        and right >= width - _BORDER_MARGIN
        and bottom >= height - _BORDER_MARGIN
    )
    if reaches_edges:
        return None  # nothing to cut
    return (
        max(left - _BORDER_MARGIN, 0),
        max(top - _BORDER_MARGIN, 0),
        min(right + _BORDER_MARGIN, width),
        min(bottom + _BORDER_MARGIN, height),
    )


def _encoded(
    image: Image.Image, media_type: str, quality: int, max_bytes: int
) -> tuple[bytes, str]:
    if media_type == PNG and image.mode in _LOSSLESS_MODES:
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        if buffer.tell() <= max_bytes:
            return buffer.getvalue(), PNG
    image = image.convert("L" if image.mode in ("1", "L", "LA") else "RGB")
    current = quality
    while True:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=current, optimize=True)
        if buffer.tell() <= max_bytes:
            return buffer.getvalue(), JPEG
        if current > MIN_JPEG_QUALITY:
            current = max(current - 10, MIN_JPEG_QUALITY)
            continue
        width, height = image.size
        if min(width, height) <= 64:
            return buffer.getvalue(), JPEG  # as small as makes sense
        image = image.resize((int(width * 0.8), int(height * 0.8)), Image.Resampling.LANCZOS)


# -- joining ---------------------------------------------------------------------------------


def joined_pdf(pages: Sequence[Page], *, title: str = "") -> bytes:
    """The line's pages as one PDF, in order (see the module doc)."""
    if not pages:
        raise PageError("没有页面")
    runs: list[bytes] = []
    images: list[Normalised] = []
    for page in pages:
        if page.media_type == PDF:
            if images:
                runs.append(_images_pdf(images, title))
                images = []
            runs.append(_turned_pdf(page))
        else:
            images.append(normalised(page))
    if images:
        runs.append(_images_pdf(images, title))
    if len(runs) == 1:
        return runs[0]
    writer = PdfWriter()
    for run in runs:
        writer.append(io.BytesIO(run))
    if title:
        writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _images_pdf(images: Sequence[Normalised], title: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("clerk_app capture")
    # The JPEG's bytes go in as they are: binary, not ASCII85 (a quarter larger); reportlab
    # reads the flag when the image is drawn.
    a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        for image in images:
            width, height = image.width * 72 / _DPI, image.height * 72 / _DPI
            canvas.setPageSize((width, height))
            canvas.drawImage(ImageReader(io.BytesIO(image.data)), 0, 0, width, height)
            canvas.showPage()
    finally:
        rl_config.useA85 = a85
    canvas.save()
    return buffer.getvalue()


def _turned_pdf(page: Page) -> bytes:
    if not page.rotation:
        return page.data
    writer = PdfWriter(clone_from=io.BytesIO(page.data))
    for pdf_page in writer.pages:
        pdf_page.rotate(page.degrees)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


# -- thumbnails --------------------------------------------------------------------------------


def thumbnail_png(page: Page, edge: int = THUMB_EDGE) -> bytes:
    """A small PNG of the page as it will be kept (rotation applied) for the strip."""
    if page.media_type == PDF:
        with PDFIUM_LOCK:  # made on a pool thread too (the capture dialog's incoming pages)
            document = pypdfium2.PdfDocument(page.data)
            try:
                first = document[0]
                scale = edge / max(first.get_width(), first.get_height())
                image = first.render(scale=scale, rotation=page.degrees).to_pil()
            finally:
                document.close()
    else:
        try:
            original = Image.open(io.BytesIO(page.data))
            original.draft("RGB", (edge, edge))  # a JPEG decoded at 1/2..1/8 scale: fast
            original.load()
        except Exception as exc:
            raise PageError("图片已损坏，无法读取") from exc
        image = ImageOps.exif_transpose(original) or original
        image.thumbnail((edge, edge))
        if page.rotation:
            image = image.rotate(-page.degrees, expand=True)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()

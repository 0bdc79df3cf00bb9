"""Captured pages normalised, joined into one PDF and thumbnailed (clerk_app.devices.pages)."""

from __future__ import annotations

import io
import random

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from clerk_app.devices.pages import (
    JPEG,
    MAX_EDGE,
    PDF,
    PNG,
    PageError,
    joined_pdf,
    normalised,
    pages_from_bytes,
    thumbnail_png,
)
from clerk_app.domain.capture import page_of, rotated


def _jpeg(
    width: int, height: int, colour: tuple[int, int, int] = (200, 60, 60), **kw: int
) -> bytes:
    image = Image.new("RGB", (width, height), colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=kw.get("quality", 90))
    return buffer.getvalue()


def _noise_jpeg(width: int, height: int, seed: int = 1) -> bytes:
    """Camera-like content: noise compresses badly, as a photographed page does."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def _framed(width: int, height: int) -> bytes:
    """A white sheet with dark text on the document camera's black base plate."""
    image = Image.new("RGB", (width, height), (10, 10, 10))
    sheet = Image.new("RGB", (width // 2, height // 2), (250, 250, 250))
    for y in range(20, sheet.height - 20, 30):
        sheet.paste((30, 30, 30), (20, y, sheet.width - 20, y + 6))
    image.paste(sheet, (width // 4, height // 4))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _pdf(pages: int, width: float = 300, height: float = 400) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    for number in range(pages):
        canvas.drawString(20, 20, f"page {number + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_large_camera_page_is_bounded_in_edge_and_bytes() -> None:
    page = page_of(_noise_jpeg(3000, 2000), JPEG, "高拍仪")
    result = normalised(page, max_bytes=400_000)
    assert max(result.width, result.height) <= MAX_EDGE
    assert len(result.data) <= 400_000
    assert result.media_type == JPEG
    assert Image.open(io.BytesIO(result.data)).size == (result.width, result.height)


def test_a_fitting_jpeg_is_kept_byte_for_byte() -> None:
    data = _noise_jpeg(400, 300)
    result = normalised(page_of(data, JPEG, "高拍仪"))
    assert result.data == data and not result.reencoded


def test_the_clerks_rotation_is_applied() -> None:
    page = rotated((page_of(_jpeg(400, 200), JPEG, "文件"),), 0, 1)[0]
    result = normalised(page)
    assert (result.width, result.height) == (200, 400)


def test_exif_orientation_is_applied() -> None:
    image = Image.new("RGB", (400, 200), (10, 200, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    result = normalised(page_of(buffer.getvalue(), JPEG, "手机"))
    assert (result.width, result.height) == (200, 400)


def test_a_document_cameras_frame_is_cropped() -> None:
    result = normalised(page_of(_framed(800, 1000), PNG, "高拍仪"))
    assert result.cropped
    assert result.width <= 400 + 2 * 4 + 2 and result.height <= 500 + 2 * 4 + 2
    assert result.width >= 400 and result.height >= 500


def test_a_page_without_a_frame_is_not_cropped() -> None:
    image = Image.new("RGB", (600, 800), (250, 250, 250))
    image.paste((0, 0, 0), (0, 0, 600, 40))  # a dark header reaching the edge
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    result = normalised(page_of(buffer.getvalue(), PNG, "扫描仪"))
    assert not result.cropped and (result.width, result.height) == (600, 800)


def test_a_greyscale_scan_stays_png() -> None:
    image = Image.new("L", (600, 800), 255)
    image.paste(0, (100, 100, 500, 120))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    result = normalised(page_of(buffer.getvalue(), PNG, "扫描仪"))
    assert result.media_type == PNG


def test_joined_pdf_has_every_page_in_order_with_input_pdf_pages_kept() -> None:
    pdf_pages = pages_from_bytes(_pdf(2, 300, 400), PDF, "文件 a.pdf")
    assert len(pdf_pages) == 2
    wide = page_of(_jpeg(800, 400), JPEG, "高拍仪")
    tall = page_of(_jpeg(400, 800), JPEG, "高拍仪")
    turned = rotated((pdf_pages[1],), 0, 1)[0]
    data = joined_pdf([wide, pdf_pages[0], turned, tall])
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 4
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]
    assert sizes[0] == (192, 96) and sizes[3] == (96, 192)  # px at 300 dpi, in points
    assert sizes[1] == (300, 400)
    assert reader.pages[2].rotation == 90
    assert "page 1" in reader.pages[1].extract_text()
    assert "page 2" in reader.pages[2].extract_text()


def test_images_only_embed_the_jpeg_unchanged() -> None:
    data = _noise_jpeg(300, 200)
    pdf = joined_pdf([page_of(data, JPEG, "高拍仪")])
    assert data in pdf


def test_unreadable_bytes_are_refused_with_a_reason() -> None:
    with pytest.raises(PageError, match="损坏"):
        pages_from_bytes(b"\x89PNG\r\n\x1a\nbroken", PNG, "文件")
    with pytest.raises(PageError, match="损坏"):
        pages_from_bytes(b"%PDF-1.4 broken", PDF, "文件")


def test_thumbnails_of_images_and_pdf_pages() -> None:
    image_thumb = Image.open(io.BytesIO(thumbnail_png(page_of(_jpeg(800, 400), JPEG, "x"))))
    assert max(image_thumb.size) <= 160
    pdf_page = rotated(tuple(pages_from_bytes(_pdf(1, 300, 400), PDF, "f")), 0, 1)[0]
    pdf_thumb = Image.open(io.BytesIO(thumbnail_png(pdf_page)))
    assert pdf_thumb.width > pdf_thumb.height  # turned a quarter
    assert pypdfium2.PdfDocument(pdf_page.data)  # still a readable PDF


def test_a_pages_own_white_margin_is_kept() -> None:
    image = Image.new("RGB", (600, 800), (255, 255, 255))
    image.paste((0, 0, 0), (200, 300, 400, 320))  # a line of text in the middle
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    result = normalised(page_of(buffer.getvalue(), PNG, "扫描仪"))
    assert not result.cropped and (result.width, result.height) == (600, 800)


def test_a_cameras_frame_is_found_on_a_reduced_copy_within_the_margin() -> None:
    result = normalised(page_of(_framed(2000, 2400), PNG, "高拍仪"))
    assert result.cropped
    # the sheet is 1000×1200 at (500, 600): cut to it, give or take the 4-px margin and the
    # reduced copy's step (2000 // 600 = 3 px)
    assert 1000 <= result.width <= 1000 + 2 * (4 + 3)
    assert 1200 <= result.height <= 1200 + 2 * (4 + 3)

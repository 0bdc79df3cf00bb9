"""A 20-page case (≈ 10 MB of camera-like JPEG pages) from capture to stored on the PC:
every page normalised (EXIF, the camera's dark frame cropped, long edge ≤ 2480 px, JPEG bounded),
the line joined into one PDF, hashed, written (fsynced) and recorded (``store.attachments``).

Baseline in the same run: the same raw page bytes written to one file with fsync (what keeping
the pages unprocessed would cost). ``python -m tests.bench.bench_capture``
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from clerk_app.devices.pages import JPEG, joined_pdf, pdf_page_count
from clerk_app.domain.capture import Page, page_of
from clerk_app.domain.cases import Case, CaseStatus, IdKind, Person
from clerk_app.domain.catalog import Item
from clerk_app.store.local import LocalStore
from tests.bench.common import BenchRow, print_table

PAGES = 20
CAMERA = (3264, 2448)  # an 8-megapixel document camera
AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
ITEM = Item("B-001", "测试事项", "测试局", department_code="CS", zone="SOCIAL")
PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")


def camera_page(seed: int) -> bytes:
    """A sheet with lines of "text" photographed on the camera's dark plate, sensor noise."""
    rng = random.Random(seed)
    width, height = CAMERA
    image = Image.new("L", CAMERA, 25)
    sheet = (width // 8, height // 14, width * 7 // 8, height * 13 // 14)
    draw = ImageDraw.Draw(image)
    draw.rectangle(sheet, fill=235)
    for y in range(sheet[1] + 120, sheet[3] - 120, 46):
        x = sheet[0] + 140
        while x < sheet[2] - 200:
            word = rng.randint(30, 160)
            draw.rectangle((x, y, x + word, y + 22), fill=rng.randint(20, 70))
            x += word + rng.randint(14, 30)
    noise = Image.effect_noise(CAMERA, 18)
    blended = Image.blend(image, noise, 0.12).filter(ImageFilter.SMOOTH)
    colour = Image.merge("RGB", (blended, blended, blended.point(lambda v: max(v - 6, 0))))
    buffer = io.BytesIO()
    colour.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def run_capture_bench(pages: int = PAGES) -> list[BenchRow]:
    captured: list[Page] = [page_of(camera_page(n), JPEG, "高拍仪") for n in range(pages)]
    raw = sum(len(p.data) for p in captured)
    with tempfile.TemporaryDirectory() as tmp:
        store = LocalStore(Path(tmp) / "w.db")
        try:
            case = Case("", "HS01", 1, ITEM, PERSON, status=CaseStatus.RECEIVED, received_at=AT)
            number = store.cases.save_new(case).number

            started = time.perf_counter()
            with open(Path(tmp) / "raw.bin", "wb") as out:
                for page in captured:
                    out.write(page.data)
                out.flush()
                os.fsync(out.fileno())
            baseline = time.perf_counter() - started

            started = time.perf_counter()
            pdf = joined_pdf(captured, title="bench")
            attachment = store.attachments.add(
                number, 0, pdf, file_name="bench.pdf", captured_by="c", captured_at=AT, pages=pages
            )
            elapsed = time.perf_counter() - started
            assert pdf_page_count(attachment.path.read_bytes()) == pages
        finally:
            store.close()
    mb = raw / 1_048_576
    return [
        BenchRow(
            f"capture {pages} pages ({mb:.1f} MB) → 1 PDF ({len(pdf) / 1_048_576:.1f} MB) stored",
            elapsed,
            "s",
            baseline,
            "≤ 10 s",
        ),
        BenchRow("  per page", elapsed / pages, "s", baseline / pages, "≤ 0.5 s"),
    ]


if __name__ == "__main__":
    print_table(run_capture_bench(), title="Capture to stored on the PC")
    sys.exit(0)

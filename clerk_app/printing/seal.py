"""The seal (公章) area: a hall's scanned seal image, or a vector placeholder seal.

The vector seal follows the usual shape of a Chinese official seal: a red ring 42 mm across,
a five-pointed star in the middle, the issuer's name around the upper arc and the seal's purpose
(e.g. 业务受理专用章) in a straight line under the star. It is drawn translucent so that the
issuer and date under it stay readable, as with a real stamp.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from clerk_app.printing.templates import TemplateError

SEAL_RED = Color(0.85, 0.08, 0.08)
SEAL_DIAMETER = 40 * mm


@lru_cache(maxsize=8)
def _image(path: str, mtime_ns: int) -> ImageReader:
    try:
        image = ImageReader(path)
        image.getSize()  # reads the header: a broken file fails here, not mid-document
    except Exception as exc:
        raise TemplateError(
            f"模板项 hall.seal_image 指向的印章图片 {path} 无法读取（{exc}）；"
            "请换成透明背景的 PNG 图片，或删除该文件以使用矢量印章"
        ) from exc
    return image


def seal_image(path: Path | None) -> ImageReader | None:
    if path is None or not path.is_file():
        return None
    return _image(str(path), path.stat().st_mtime_ns)


def _star(canvas: Canvas, cx: float, cy: float, outer: float) -> None:
    inner = outer * 0.382  # regular five-pointed star
    p = canvas.beginPath()
    for k in range(10):
        radius = outer if k % 2 == 0 else inner
        angle = math.pi / 2 + k * math.pi / 5
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        if k == 0:
            p.moveTo(x, y)
        else:
            p.lineTo(x, y)
    p.close()
    canvas.drawPath(p, stroke=0, fill=1)


def draw_vector_seal(
    canvas: Canvas,
    cx: float,
    cy: float,
    *,
    name: str,
    purpose: str,
    font_name: str,
    diameter: float = SEAL_DIAMETER,
) -> None:
    radius = diameter / 2
    canvas.saveState()
    canvas.setFillColor(SEAL_RED)
    canvas.setStrokeColor(SEAL_RED)
    canvas.setFillAlpha(0.82)
    canvas.setStrokeAlpha(0.82)
    canvas.setLineWidth(1.2 * mm)
    canvas.circle(cx, cy, radius - 0.6 * mm, stroke=1, fill=0)
    _star(canvas, cx, cy, radius * 0.30)

    # Name around the upper arc, characters upright to the ring, read left to right.
    chars = [ch for ch in name.strip() if not ch.isspace()] or ["印"]
    text_radius = radius - 1.2 * mm - 4.2 * mm
    # Spread the name over the upper ring like a real seal: 30 degrees a character, the
    # whole name between 150 and 250 degrees (short names are spaced out, long ones packed).
    span = math.radians(
        min(250.0, max(150.0 if len(chars) > 3 else 30.0 * len(chars), 30.0 * len(chars)))
    )
    size = min(6.2 * mm, 0.8 * text_radius * span / max(len(chars), 1))
    canvas.setFont(font_name, size)
    step = span / max(len(chars) - 1, 1)
    start = math.pi / 2 + span / 2 if len(chars) > 1 else math.pi / 2
    for i, ch in enumerate(chars):
        angle = start - i * step
        canvas.saveState()
        canvas.translate(cx + text_radius * math.cos(angle), cy + text_radius * math.sin(angle))
        canvas.rotate(math.degrees(angle) - 90)
        canvas.drawCentredString(0, -size * 0.35, ch)
        canvas.restoreState()

    if purpose.strip():
        psize = min(3.6 * mm, 0.9 * radius * 1.1 / max(len(purpose), 1))
        canvas.setFont(font_name, psize)
        canvas.drawCentredString(cx, cy - radius * 0.55, purpose.strip())
    canvas.restoreState()


def draw_seal(
    canvas: Canvas,
    cx: float,
    cy: float,
    *,
    image: ImageReader | None,
    name: str,
    purpose: str,
    font_name: str,
    diameter: float = SEAL_DIAMETER,
) -> None:
    """Draw the seal centred at (cx, cy): the hall's image when it has one, else the vector."""
    if image is not None:
        canvas.saveState()
        canvas.setFillAlpha(0.9)
        canvas.drawImage(
            image,
            cx - diameter / 2,
            cy - diameter / 2,
            diameter,
            diameter,
            mask="auto",
            preserveAspectRatio=True,
            anchor="c",
        )
        canvas.restoreState()
        return
    draw_vector_seal(
        canvas, cx, cy, name=name, purpose=purpose, font_name=font_name, diameter=diameter
    )

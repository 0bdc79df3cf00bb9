"""Properties without a database: page rendering answers a page or a PageError for any page
number and for damaged bytes (never another exception: the route's 4xx), and the hall's
material settings accept exactly the documented ranges."""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pydantic import ValidationError

from clerk_app.central.page_render import PageError, page_count, render_page
from clerk_app.contract.halls import MaterialSettingsIn
from tests.attachment_helpers import jpeg_bytes
from tests.central.test_attachment_view import three_page_pdf

PDF = three_page_pdf()
JPEG = jpeg_bytes((300, 200), seed=4)


@settings(max_examples=25, deadline=None)
@given(number=st.integers(min_value=-5, max_value=10))
def test_any_page_number_is_a_page_or_a_page_error(number: int) -> None:
    for data, media_type, pages in ((PDF, "application/pdf", 3), (JPEG, "image/jpeg", 1)):
        if 1 <= number <= pages:
            image = render_page(data, media_type, number, thumbnail=True)
            assert Image.open(io.BytesIO(image.content)).width <= 200
        else:
            with pytest.raises(PageError):
                render_page(data, media_type, number)


@settings(max_examples=25, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(PDF) - 1), flip=st.integers(0, 255))
def test_damaged_files_are_a_page_error(cut: int, flip: int) -> None:
    damaged = PDF[:cut] + bytes([flip]) * 8
    for media_type in ("application/pdf", "image/jpeg", "image/png"):
        with contextlib.suppress(PageError):
            render_page(damaged, media_type, 1)


def test_page_count_and_a_large_image_is_downscaled() -> None:
    assert page_count(PDF, "application/pdf") == 3 and page_count(JPEG, "image/jpeg") == 1
    big = jpeg_bytes((5000, 3000), seed=1)
    image = render_page(big, "image/jpeg", 1)
    shown = Image.open(io.BytesIO(image.content))
    assert image.media_type == "image/jpeg" and max(shown.size) <= 2400


@settings(max_examples=60)
@given(days=st.one_of(st.none(), st.integers(min_value=-10, max_value=40000)))
def test_retention_days_are_1_to_36500_or_none(days: int | None) -> None:
    if days is None or 1 <= days <= 36500:
        assert MaterialSettingsIn(retention_days=days).retention_days == days
    else:
        with pytest.raises(ValidationError):
            MaterialSettingsIn(retention_days=days)

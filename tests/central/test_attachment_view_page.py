"""The department page's materials: the case page lists them, the viewer shows thumbnails and
one page large with previous/next, its images come under the page's cookie, and 不清晰，退回补正
sends the case back naming the page."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from PIL import Image

from tests.central.test_attachment_view import Viewing, viewing  # noqa: F401 (fixture)
from tests.central.test_department_page import csrf_of, form, log_in

PAGE = "/api/v1/department-page"


def test_case_page_lists_the_materials_and_the_viewer_pages_through_them(
    viewing: Viewing,  # noqa: F811
) -> None:
    client = viewing.central.client
    log_in(viewing.bo)
    case = client.get(f"{PAGE}/cases/{viewing.number}")
    assert case.status_code == 200
    assert "电子材料" in case.text and "材料0.pdf" in case.text and "3页" in case.text
    assert viewing.bo.item.materials[0].name in case.text
    viewer = f"{PAGE}/cases/{viewing.number}/materials"
    assert f"{viewer}?file={viewing.pdf_id}&amp;page=1" in case.text
    page = client.get(viewer, params={"file": viewing.pdf_id, "page": 2})
    assert page.status_code == 200, page.text
    assert "img-src 'self'" in page.headers["content-security-policy"]
    assert "script" not in page.headers["content-security-policy"].replace("script-src", "")
    html = unescape(page.text)
    assert "第 2 / 3 页" in html
    images = re.findall(r'<img src="([^"]+)"', html)
    base = f"{PAGE}/cases/{viewing.number}/files/{viewing.pdf_id}/pages"
    assert images == [f"{base}/{n}?thumb=1" for n in (1, 2, 3)] + [f"{base}/2"]
    assert f"{viewer}?file={viewing.pdf_id}&page=1" in html  # previous
    assert f"{viewer}?file={viewing.pdf_id}&page=3" in html  # next
    assert f"{PAGE}/cases/{viewing.number}/files/{viewing.pdf_id}" in html  # the original
    big = client.get(images[-1])
    assert big.status_code == 200 and big.headers["content-type"] == "image/png"
    pixel = Image.open(io.BytesIO(big.content)).convert("RGB").getpixel((600, 800))
    assert isinstance(pixel, tuple) and abs(pixel[1] - 160) <= 12 and pixel[0] < 60  # green
    thumb = client.get(images[0])
    assert thumb.headers["content-type"] == "image/jpeg"
    # the case is not under review yet: no 退回补正 on the page
    assert "不清晰，退回补正" not in html
    # a page the file does not have, a file of another case, no login: 4xx
    assert client.get(viewer, params={"file": viewing.pdf_id, "page": 4}).status_code == 404
    assert client.get(viewer, params={"file": viewing.pdf_id, "page": "x"}).status_code == 400
    other = client.get(f"{PAGE}/cases/HS01-01-20261123-0009/files/{viewing.pdf_id}/pages/1")
    assert other.status_code == 404
    assert client.get(f"{base}/0").status_code == 404
    client.cookies.clear()
    assert client.get(images[-1]).status_code == 401
    assert client.get(viewer).status_code == 401


def test_another_department_sees_nothing(viewing: Viewing) -> None:  # noqa: F811
    client = viewing.central.client
    log_in(viewing.bo, "dept_b")
    viewer = f"{PAGE}/cases/{viewing.number}/materials"
    assert client.get(viewer).status_code == 404
    image = f"{PAGE}/cases/{viewing.number}/files/{viewing.pdf_id}/pages/1"
    assert client.get(image).status_code == 404


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_unreadable_from_the_viewer(viewing: Viewing) -> None:  # noqa: F811
    client, bo = viewing.central.client, viewing.bo
    assert bo.post(viewing.number, "take", {"version": 1}).status_code == 200
    log_in(bo)
    viewer = f"{PAGE}/cases/{viewing.number}/materials"
    html = client.get(viewer, params={"file": viewing.pdf_id, "page": 3}).text
    assert "不清晰，退回补正" in html and 'name="page" value="3"' in html
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    action = f"{PAGE}/cases/{viewing.number}/unreadable"
    status, _ = form(bo, action, {**fields, "reason": "", "working_days": "10"})
    assert status == 422
    status, done = form(bo, action, {**fields, "reason": "页面反光", "working_days": "10"})
    assert status == 200 and "已标记不清晰并退回补正" in done, done
    assert "第3页不清晰：页面反光" in done
    # the same form again: the version it carried is stale
    status, _ = form(bo, action, {**fields, "csrf": csrf_of(html), "reason": "再次"})
    assert status == 409

"""The server-rendered department page: login, list with deadline colours, every action."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from clerk_app.domain.cases import CaseStatus
from tests.central.conftest import PASSWORD
from tests.central.test_backoffice import Backoffice, bo  # noqa: F401  (fixture)

PAGE = "/api/v1/department-page"
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert match, html
    return match.group(1)


def log_in(bo: Backoffice, username: str = "dept_a") -> str:  # noqa: F811
    client = bo.central.client
    response = client.post(
        f"{PAGE}/login",
        content=f"username={username}&password={PASSWORD}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200, response.text
    return response.text


def form(client_bo: Backoffice, url: str, fields: dict[str, str]) -> tuple[int, str]:
    from urllib.parse import urlencode

    response = client_bo.central.client.post(
        url,
        content=urlencode(fields).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    return response.status_code, response.text


def test_login_is_required_and_only_for_department_accounts(bo: Backoffice) -> None:  # noqa: F811
    client = bo.central.client
    first = client.get(f"{PAGE}/")
    assert first.status_code == 200 and "部门后台审批 · 登录" in first.text
    wrong = client.post(
        f"{PAGE}/login",
        content=b"username=dept_a&password=nope",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
    clerk = client.post(
        f"{PAGE}/login",
        content=f"username=super01&password={PASSWORD}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert clerk.status_code == 403 and "仅供部门审批账号" in clerk.text
    assert client.get(f"{PAGE}/cases/HS01-01-20261123-0001").status_code == 401


def test_list_shows_deadline_colours_and_the_whole_flow_works(bo: Backoffice) -> None:  # noqa: F811
    late = bo.upload(1)
    fresh = bo.upload(2)
    bo.at(datetime(2026, 12, 7, 2, 0, tzinfo=UTC))  # after the promised 2026-12-04
    html = log_in(bo)
    assert "待办（2件）" in html
    assert f'<tr class="red" id="case-{late.number}">' in html
    assert "已超期（超1个工作日）" in html
    token = csrf_of(html)

    # Take from the list (one click), then decide on the case page.
    status, html = form(bo, f"{PAGE}/cases/{late.number}/take", {"csrf": token})
    assert status == 200 and "已接件审批" in html and "审批中" in html
    # A forged form (no csrf) changes nothing.
    status, html = form(bo, f"{PAGE}/cases/{late.number}/suspend", {"reason": "x"})
    assert status == 400 and "页面已过期" in html
    status, html = form(
        bo, f"{PAGE}/cases/{late.number}/suspend", {"csrf": token, "reason": "现场核查"}
    )
    assert status == 200 and "暂停" in html and "现场核查" in html
    status, html = form(bo, f"{PAGE}/cases/{late.number}/resume", {"csrf": token})
    assert status == 200 and "恢复审批，暂停0个工作日" in html
    status, html = form(
        bo,
        f"{PAGE}/cases/{late.number}/extend",
        {"csrf": token, "working_days": "abc", "reason": "专家评审"},
    )
    assert status == 400 and "应为正整数" in html
    status, html = form(
        bo,
        f"{PAGE}/cases/{late.number}/approve",
        {"csrf": token, "result_number": "", "version": "4"},
    )
    assert status == 422 and "请填写结果文号" in html
    status, html = form(
        bo,
        f"{PAGE}/cases/{late.number}/approve",
        {"csrf": token, "result_number": "GA-77", "validity": "长期有效", "version": "4"},
    )
    assert status == 200, html
    assert "待领取" in html and "GA-77" in html and "待通知" in html
    # Stale version from an old page is refused with the reason.
    status, html = form(bo, f"{PAGE}/cases/{fresh.number}/take", {"csrf": token, "version": "9"})
    assert status == 409 and "已被他人修改" in html
    status, html = form(
        bo,
        f"{PAGE}/cases/{fresh.number}/deny",
        {"csrf": token, "reason": "不符合", "result_number": "1"},
    )
    assert status == 409  # not in review yet
    # The API agrees with what the page did.
    view = bo.central.client.get(f"/api/v1/department/cases/{late.number}", headers=bo.a).json()
    assert view["status"] == CaseStatus.RESULT_READY.value
    assert [e["actor"] for e in view["events"][-5:]] == ["dept_a"] * 5
    # Text typed by users is escaped.
    ready = bo.central.client.get(f"{PAGE}/", params={"state": "ready", "q": "<b>"})
    assert ready.status_code == 200 and "&lt;b&gt;" in ready.text and "<b>" not in ready.text


def test_other_department_and_garbage(bo: Backoffice) -> None:  # noqa: F811
    theirs = bo.upload(1, bo.other_item)
    html = log_in(bo)
    token = csrf_of(html) if 'name="csrf"' in html else ""
    page = bo.central.client.get(f"{PAGE}/cases/{theirs.number}")
    assert page.status_code == 404 and "本部门没有" in page.text
    status, html = form(bo, f"{PAGE}/cases/{theirs.number}/take", {"csrf": token or "0"})
    assert 400 <= status < 500
    status, html = form(bo, f"{PAGE}/cases/{theirs.number}/launch", {"csrf": token or "0"})
    assert 400 <= status < 500
    response = bo.central.client.post(
        f"{PAGE}/cases/{theirs.number}/take",
        content=b"\xff\xfe",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert 400 <= response.status_code < 500
    assert bo.central.client.get(f"{PAGE}/", params={"state": "后来"}).status_code == 200
    logout = bo.central.client.post(f"{PAGE}/logout")
    assert logout.status_code == 200 and "登录" in logout.text

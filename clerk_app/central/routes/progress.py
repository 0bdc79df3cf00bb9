"""The public progress page of the notices' QR: ``GET /progress?case=…&code=…`` (HTML for a
phone) and ``GET /progress/{number}?code=…`` (JSON). No login; see services/progress.py."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.http_guards import html_page_headers
from clerk_app.central.policy import public
from clerk_app.central.routes.queue import queue_settings
from clerk_app.central.services import progress
from clerk_app.central.services.errors import ServiceError
from clerk_app.contract.progress import ProgressOut

router = APIRouter(tags=["progress"], route_class=ReleasingRoute)

CaseNumber = Annotated[str, Path(min_length=1, max_length=40, description="案件编号")]
Code = Annotated[str, Query(max_length=16, description="通知书二维码上的查询码")]


def progress_page_url(request: Request) -> str:
    """This server's public progress page (the default of a hall's public_progress_url)."""
    base = queue_settings(request).public_base_url or str(request.base_url)
    return base.rstrip("/") + "/api/v1/progress"


def _limiter(request: Request) -> progress.RateLimiter:
    limiter: progress.RateLimiter | None = getattr(request.app.state, "progress_limiter", None)
    if limiter is None:
        limiter = request.app.state.progress_limiter = progress.RateLimiter()
    return limiter


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else "?"


@router.get(
    "/progress/{number}",
    response_model=ProgressOut,
    summary="办理进度查询（通知书二维码；无需登录，只返回状态、事项、承诺日期和最近一步）",
    responses={
        404: {"description": "没有该办件，或查询码不对（两者回答相同）"},
        429: {"description": "同一地址查询过于频繁"},
    },
    dependencies=[public("progress.read")],
)
def progress_json(
    number: CaseNumber, request: Request, session: SessionDep, now: NowDep, code: Code = ""
) -> ProgressOut:
    _limiter(request).check(_client(request), now)
    return progress.look_up(session, number, code)


_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>办理进度查询</title><style>
body{{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;
background:#f4f5f7;color:#1d1d1f;font-size:17px}}
header{{background:#a3140d;color:#fff;padding:14px 18px;font-size:19px}}
main{{padding:16px 18px;max-width:640px}}dl{{background:#fff;padding:12px 16px;margin:0}}
dt{{color:#666;font-size:14px;margin-top:10px}}dd{{margin:2px 0 0 0}}
.status{{font-size:24px;color:#a3140d}}.note{{color:#666;font-size:14px;margin-top:14px}}
</style></head><body><header>办理进度查询</header><main>{body}
<p class="note">本页只显示办理状态，不显示个人信息。如有疑问请拨打通知书上的咨询电话。</p>
</main></body></html>"""


# The page's one inline style, allowed by its hash (the server's default CSP allows nothing).
_HEADERS = html_page_headers(_PAGE.format(body="").split("<style>")[1].split("</style>")[0])


@router.get(
    "/progress",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[public("progress.read")],
)
def progress_page(
    request: Request,
    session: SessionDep,
    now: NowDep,
    case: Annotated[str, Query(max_length=40)] = "",
    code: Code = "",
) -> HTMLResponse:
    try:
        _limiter(request).check(_client(request), now)
        found = progress.look_up(session, case, code)
    except ServiceError as exc:
        body = f"<p>{escape(exc.detail)}</p>"
        return HTMLResponse(_PAGE.format(body=body), status_code=exc.status_code, headers=_HEADERS)
    last = found.last_step
    rows = [
        ("案件编号", found.case_number),
        ("办理事项", found.item_name),
        ("当前状态", f'<span class="status">{escape(found.status_label)}</span>'),
        ("承诺办结日期", found.promised_date or "—"),
        ("最近办理环节", f"{last.step}（{last.date}）" if last else "—"),
    ]
    body = "<dl>" + "".join(
        f"<dt>{label}</dt><dd>{value if label == '当前状态' else escape(str(value))}</dd>"
        for label, value in rows
    )
    return HTMLResponse(_PAGE.format(body=body + "</dl>"), headers=_HEADERS)

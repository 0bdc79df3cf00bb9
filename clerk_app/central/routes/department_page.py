"""A small department page served by the central server (plain HTML forms, no JavaScript).

For demos and for a small department without its own system: log in with the department
account, see the department's cases with their deadline colours, and take, suspend, resume,
extend, approve or deny them, record the 补齐 of a 容缺 material or terminate (终止办理) a
case whose commitment date passed. Every action calls the same service as the API
(``services/backoffice.py``), so the rules, the audit trail and the change log are the same.

The session is the API's bearer token kept in an HttpOnly, SameSite=Strict cookie (Secure
under HTTPS); every form also carries a token derived from it (CSRF). Links are paths, never
built from the Host header; each page carries a Content-Security-Policy that allows its one
inline style by hash and no script, and is never cached. Errors come back as the page with
the reason in Chinese and a 4xx status, never a 500.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from clerk_app.central.deps import (
    SESSION_COOKIE,
    NowDep,
    ReleasingRoute,
    SessionDep,
    SettingsDep,
    client_address,
    request_is_https,
)
from clerk_app.central.policy import allows, declare, public
from clerk_app.central.routes.department_page_html import (
    ACTIONS,
    case_error,
    case_html,
    csrf_token,
    html_response,
    list_html,
    login_page,
    url_for,
)
from clerk_app.central.services import auth, backoffice, backoffice_docs, library, time_limits
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import Invalid, ServiceError, Unauthorized
from clerk_app.central.services.login import LoginRequest, log_in
from clerk_app.contract.backoffice import DepartmentCaseOut
from clerk_app.domain.department_docs import parse_correction_lines

router = APIRouter(
    prefix="/department-page",
    tags=["department-page"],
    include_in_schema=False,
    route_class=ReleasingRoute,
)

COOKIE = SESSION_COOKIE
MAX_FORM_BYTES = 20_000


def _user(request: Request, session: SessionDep, now: NowDep) -> tuple[AuthUser, str] | None:
    token = request.cookies.get(COOKIE, "")
    if not token:
        return None
    try:
        user = auth.authenticate(session, token, now)
    except Unauthorized:
        return None
    if not allows(user.role, "department.read"):
        return None
    return user, token


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise ServiceError("提交的内容过长")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ServiceError("提交的内容不是UTF-8编码") from exc
    return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get(
    "/",
    response_class=HTMLResponse,
    name="department_page_home",
    dependencies=[declare("department.read")],
)
def home(
    request: Request,
    session: SessionDep,
    now: NowDep,
    state: str = "open",
    q: str = "",
    msg: str = "",
) -> Response:
    who = _user(request, session, now)
    if who is None:
        return login_page(request)
    user, token = who
    error = ""
    if state not in backoffice.STATES:
        error, state = f"未知的列表：{state}", "open"
    try:
        views = backoffice.list_cases(session, user, now, state=state, q=q[:100], limit=300)
    except ServiceError as exc:
        views, error = [], exc.detail
    department = backoffice.department_name(session, user.department_code or "")
    page = list_html(request, user, token, department, views, state, q, msg, error)
    return html_response(page)


@router.post("/login", name="department_page_login", dependencies=[public("auth.login")])
async def login(request: Request, settings: SettingsDep, now: NowDep) -> Response:
    try:
        form = await _form(request)
        username, password = form.get("username", "").strip(), form.get("password", "")
        if not username or not password:
            return login_page(request, "请输入账号和密码", 422)
        # The same login as the API's: throttled, hashed on its own pool, audited.
        outcome = await log_in(
            request.app.state.login_gate,
            request.app.state.session_factory,
            settings,
            LoginRequest(username[:64], password[:256], address=client_address(request)),
            now,
        )
    except ServiceError as exc:
        return login_page(request, exc.detail, exc.status_code)
    if outcome.user.role != "department" or not outcome.user.department_code:
        await run_in_threadpool(_end_session, request, outcome.token)
        return login_page(request, "此页面仅供部门审批账号登录", 403)
    response = _redirect(url_for(request, "department_page_home"))
    response.set_cookie(
        COOKIE,
        outcome.token,
        max_age=int((outcome.expires_at - now).total_seconds()),
        httponly=True,
        samesite="strict",
        secure=request_is_https(request),
        path="/",
    )
    return response


def _end_session(request: Request, token: str) -> None:
    with request.app.state.session_factory() as session:
        auth.logout(session, token)


@router.post("/logout", name="department_page_logout", dependencies=[declare("auth.logout")])
def logout(request: Request, session: SessionDep) -> Response:
    token = request.cookies.get(COOKIE, "")
    if token:
        auth.logout(session, token)
    response = _redirect(url_for(request, "department_page_home"))
    response.delete_cookie(
        COOKIE, path="/", secure=request_is_https(request), httponly=True, samesite="strict"
    )
    return response


@router.get(
    "/cases/{number}",
    response_class=HTMLResponse,
    name="department_page_case",
    dependencies=[declare("department.read")],
)
def case_page(
    number: str, request: Request, session: SessionDep, now: NowDep, msg: str = ""
) -> Response:
    who = _user(request, session, now)
    if who is None:
        return login_page(request, "请先登录", 401)
    user, token = who
    try:
        view = backoffice.get_case(session, user, number[:40], now)
    except ServiceError as exc:
        return case_error(request, user, exc)
    return html_response(case_html(request, user, token, view, msg, ""))


@router.post(
    "/cases/{number}/{action}",
    name="department_page_action",
    dependencies=[declare("department.decide")],
)
async def do_action(
    number: str, action: str, request: Request, session: SessionDep, now: NowDep
) -> Response:
    form: dict[str, str] | ServiceError
    try:
        form = await _form(request)
    except ServiceError as exc:
        form = exc  # reported on the case page, once the login is checked
    return await run_in_threadpool(_action_with_form, number, action, request, session, form, now)


def _action_with_form(
    number: str,
    action: str,
    request: Request,
    session: Any,
    form: dict[str, str] | ServiceError,
    now: Any,
) -> Response:
    who = _user(request, session, now)
    if who is None:
        return login_page(request, "登录已失效，请重新登录", 401)
    user, token = who
    number = number[:40]
    try:
        if isinstance(form, ServiceError):
            raise form
        if not hmac.compare_digest(form.get("csrf", ""), csrf_token(token)):
            raise ServiceError("页面已过期，请刷新后重试")
        if action not in ACTIONS:
            raise ServiceError(f"未知的操作：{action}")
        view = _apply(session, user, number, action, form, now)
    except ServiceError as exc:
        session.rollback()
        try:
            current = backoffice.get_case(session, user, number, now)
        except ServiceError:
            return case_error(request, user, exc)
        return html_response(
            case_html(request, user, token, current, "", exc.detail),
            status_code=exc.status_code,
        )
    done = f"已{ACTIONS[action]}：案件{view.number}，当前状态「{view.status_label}」"
    url = url_for(request, "department_page_case", number=view.number)
    return _redirect(f"{url}?{urlencode({'msg': done})}")


def _int_or_none(text: str, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 6:
        raise ServiceError(f"{what}应为正整数")
    return int(text)


def _correction(on: backoffice.CaseAction, form: dict[str, str]) -> DepartmentCaseOut:
    """退回补正 from the page: one "材料：内容" a line of the box."""
    try:
        lines = parse_correction_lines(form.get("corrections", "")[:6000])
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    days = _int_or_none(form.get("working_days", ""), "补正期限的工作日数") or 10
    return backoffice_docs.request_correction(on, lines, days, note=form.get("note", ""))


def _days(form: dict[str, str], what: str) -> int:
    days = _int_or_none(form.get("working_days", ""), what)
    if days is None:
        raise ServiceError(f"请填写{what}")
    return days


def _decide(on: backoffice.CaseAction, form: dict[str, str], *, approve: bool) -> DepartmentCaseOut:
    result = backoffice.ResultInfo(
        form.get("result_name", "")[:100],
        form.get("result_number", "")[:100],
        form.get("validity", "")[:100],
    )
    issued = _issued(form) if approve else None
    return backoffice.decide(
        on, approve=approve, result=result, reason=form.get("reason", ""), issued=issued
    )


def _issued(form: dict[str, str]) -> library.IssuedResult:
    """The approve form's fields for the shared materials library (all optional)."""
    text = form.get("result_valid_until", "").strip()
    try:
        until = date.fromisoformat(text) if text else None
    except ValueError as exc:
        raise Invalid("有效期至应为日期（如2031-11-22）") from exc
    return library.IssuedResult(
        material_code=form.get("result_material_code", "")[:64].strip(),
        valid_until=until,
        issuer=form.get("result_issuer", "")[:120].strip(),
    )


PageAction = Callable[[backoffice.CaseAction, dict[str, str]], DepartmentCaseOut]
# What each button of the page does with its form (the same services as the JSON routes).
_RUN: dict[str, PageAction] = {
    "take": lambda on, form: backoffice.take(on, note=form.get("note", "")),
    "suspend": lambda on, form: backoffice.suspend(on, form.get("reason", "")),
    "resume": lambda on, form: time_limits.resume(on, note=form.get("note", "")),
    "extend": lambda on, form: time_limits.extend(
        on, form.get("reason", ""), _days(form, "延长的工作日数")
    ),
    "approve-extension": lambda on, form: time_limits.approve_art42_extension(
        on, form.get("reason", ""), _days(form, "延期的工作日数")
    ),
    "approve": lambda on, form: _decide(on, form, approve=True),
    "deny": lambda on, form: _decide(on, form, approve=False),
    "correction": _correction,
    "supply": lambda on, form: backoffice.supply(
        on, [form.get("material", "")], note=form.get("note", "")
    ),
    "terminate": lambda on, form: backoffice.terminate(on, form.get("reason", "")),
}


def _apply(
    session: Any, user: AuthUser, number: str, action: str, form: dict[str, str], now: Any
) -> DepartmentCaseOut:
    version = _int_or_none(form.get("version", ""), "版本")
    return _RUN[action](backoffice.CaseAction(session, user, number, now, version), form)

"""A small department page served by the central server (plain HTML forms; one small script
sends the approve form's result file, ``department_page_script.py``; without it the form
approves without a file).

For demos and for a small department without its own system: log in with the department
account, see the department's cases with their deadline colours, and take, suspend, resume,
extend, approve or deny them, record the 补齐 of a 容缺 material or terminate (终止办理) a
case whose commitment date passed; see the case's electronic materials page by page
(``department_page_materials.py``) and send a page that cannot be read back for 补正. Every
action calls the same service as the API (``services/backoffice.py``), so the rules, the
audit trail and the change log are the same.

The session is the API's bearer token kept in an HttpOnly, SameSite=Strict cookie (Secure
under HTTPS); every form also carries a token derived from it (CSRF). Links are paths, never
built from the Host header; each page carries a Content-Security-Policy that allows its one
inline style by hash and no script (the case page: its one script by hash), and is never
cached. Errors come back as the page with the reason in Chinese and a 4xx status, never a 500.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from clerk_app.central.blob_store import BlobStore
from clerk_app.central.deps import (
    SESSION_COOKIE,
    NowDep,
    ReleasingRoute,
    SessionDep,
    SettingsDep,
    client_address,
    request_is_https,
)
from clerk_app.central.policy import allows, check, declare, public
from clerk_app.central.routes.department_page_html import (
    ACTIONS,
    action_form,
    case_error,
    case_html,
    csrf_token,
    html_response,
    list_html,
    login_page,
    logout_url,
    url_for,
)
from clerk_app.central.routes.department_page_html import page as html_page
from clerk_app.central.routes.department_page_materials import (
    materials_table,
    unreadable_fields,
    viewer_body,
)
from clerk_app.central.services import (
    attachment_view,
    auth,
    backoffice,
    backoffice_docs,
    library,
    library_files,
    time_limits,
)
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import Invalid, NotFound, ServiceError, Unauthorized
from clerk_app.central.services.login import LoginRequest, log_in
from clerk_app.contract.attachments import UnreadableIn
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
    materials = _materials_section(request, session, user, view.number)
    return html_response(case_html(request, user, token, view, msg, "", materials))


def _materials_section(request: Request, session: Any, user: AuthUser, number: str) -> str:
    try:
        listed = attachment_view.list_materials(session, user, number)
    except ServiceError:
        return ""
    viewer = url_for(request, "department_page_materials", number=number)
    return materials_table(request, listed, viewer)


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
        view = _apply(session, user, number, action, form, now, request.app.state.blob_store)
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
    did = "已标记不清晰并退回补正" if action == "unreadable" else f"已{ACTIONS[action]}"
    done = f"{did}：案件{view.number}，当前状态「{view.status_label}」"
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


def _decide(
    on: backoffice.CaseAction,
    form: dict[str, str],
    *,
    approve: bool,
    issued: library.IssuedResult | None = None,
) -> DepartmentCaseOut:
    result = backoffice.ResultInfo(
        form.get("result_name", "")[:100],
        form.get("result_number", "")[:100],
        form.get("validity", "")[:100],
    )
    return backoffice.decide(
        on, approve=approve, result=result, reason=form.get("reason", ""), issued=issued
    )


def _issued(
    on: backoffice.CaseAction, form: dict[str, str], store: BlobStore
) -> library.IssuedResult:
    """The approve form's fields for the shared materials library (all optional); the file
    is one the page's script uploaded (``result_file``), named by its hash."""
    text = form.get("result_valid_until", "").strip()
    try:
        until = date.fromisoformat(text) if text else None
    except ValueError as exc:
        raise Invalid("有效期至应为日期（如2031-11-22）") from exc
    sha256 = form.get("result_file_sha256", "").strip()
    if sha256 and not _SHA256.fullmatch(sha256):
        raise Invalid("结果文件的校验值不正确，请重新选择文件")
    return library_files.issued_result(
        on.session,
        store,
        material_code=form.get("result_material_code", "")[:64],
        valid_until=until,
        issuer=form.get("result_issuer", "")[:120],
        file_sha256=sha256 or None,
    )


_SHA256 = re.compile(r"[0-9a-f]{64}")


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
    "deny": lambda on, form: _decide(on, form, approve=False),
    "correction": _correction,
    "supply": lambda on, form: backoffice.supply(
        on, [form.get("material", "")], note=form.get("note", "")
    ),
    "terminate": lambda on, form: backoffice.terminate(on, form.get("reason", "")),
    "unreadable": lambda on, form: attachment_view.mark_unreadable(on, _unreadable(form)),
}


def _unreadable(form: dict[str, str]) -> UnreadableIn:
    """The viewer's 不清晰，退回补正 form: the file and page shown, the reason, the days."""
    try:
        return UnreadableIn(
            upload_id=form.get("upload_id", ""),
            page=_int_or_none(form.get("page", ""), "页码") or 0,
            reason=form.get("reason", "").strip()[:200],
            working_days=_int_or_none(form.get("working_days", ""), "补正期限的工作日数") or 10,
        )
    except ValidationError as exc:
        raise Invalid("请写明不清晰的原因，补正期限为1至60个工作日") from exc


def _apply(
    session: Any,
    user: AuthUser,
    number: str,
    action: str,
    form: dict[str, str],
    now: Any,
    store: BlobStore,
) -> DepartmentCaseOut:
    version = _int_or_none(form.get("version", ""), "版本")
    on = backoffice.CaseAction(session, user, number, now, version)
    if action == "approve":  # its result file is read from the blob store (its pages)
        return _decide(on, form, approve=True, issued=_issued(on, form, store))
    return _RUN[action](on, form)


# ---------------------------------------------------------------------------- materials


@router.get(
    "/cases/{number}/materials",
    response_class=HTMLResponse,
    name="department_page_materials",
    dependencies=[declare("attachment.read")],
)
def materials_page(
    number: str,
    request: Request,
    session: SessionDep,
    now: NowDep,
    file: str = "",
    entry: str = "",
    page: str = "1",
) -> Response:
    """The viewer on one file (``file``) or reused library entry (``entry``), at ``page``."""
    who = _user(request, session, now)
    if who is None:
        return login_page(request, "请先登录", 401)
    user, token = who
    number = number[:40]
    try:
        listed = attachment_view.list_materials(session, user, number)
        at = _int_or_none(page, "页码") or 1
        body = _viewer(request, token, listed, file[:36], entry[:36], at)
    except ServiceError as exc:
        return case_error(request, user, exc)
    return html_response(
        html_page(
            f"案件 {listed.case_number} · 电子材料", body, user=user, logout_url=logout_url(request)
        ),
        images=True,
    )


def _viewer(request: Request, token: str, listed: Any, file: str, entry: str, at: int) -> str:
    number = listed.case_number
    files = {f.upload_id: f for line in listed.lines for f in line.files}
    shown = files.get(file) if file else None
    reused = next(
        (x for x in listed.lines if x.library is not None and x.library.entry_id == entry), None
    )
    if shown is None and reused is None:
        first = next((f for f in files.values() if f.state == "stored"), None)
        if first is None:
            raise NotFound("该案件没有可查看的电子材料")
        shown = first
    pages = shown.pages if shown is not None else reused.library.pages  # type: ignore[union-attr]
    if shown is not None and shown.state != "stored":
        raise NotFound(f"「{shown.file_name}」{shown.state_label}")
    if not 1 <= at <= max(pages, 1):
        raise NotFound(f"没有第{at}页（共{pages}页）")
    if shown is not None:
        route, key = "department_page_file_page", {"upload_id": shown.upload_id}
        original = url_for(request, "department_page_file", number=number, **key)
        fields = unreadable_fields(listed, shown.upload_id, at)
        form = (
            f"<fieldset><legend>本页不清晰，退回补正（补正通知书写明第{at}页）</legend>"
            f"{action_form(request, token, number, 'unreadable', fields)}</fieldset>"
            if fields is not None
            else ""
        )
    else:
        route, key = "department_page_library_page", {"entry_id": reused.library.entry_id}  # type: ignore[union-attr]
        original, form = "", ""

    def image(n: int, thumb: bool) -> str:
        url = url_for(request, route, number=number, page=str(n), **key)
        return url + ("?thumb=1" if thumb else "")

    return viewer_body(
        materials=listed,
        viewer=url_for(request, "department_page_materials", number=number),
        case_url=url_for(request, "department_page_case", number=number),
        shown=shown,
        entry=reused,
        page=at,
        image_url=image,
        file_url=original,
        unreadable_form=form,
        msg="",
    )


Shown = Callable[[AuthUser, Any], Any]  # (user, blob store) -> the page or the file


def _image_answer(request: Request, session: Any, now: Any, show: Shown) -> Response:
    """An image (or the file) for the page's cookie user; a refusal as plain text."""
    who = _user(request, session, now)
    if who is None:
        return Response(status_code=401)
    try:
        found = show(who[0], request.app.state.blob_store)
    except ServiceError as exc:
        text = exc.detail.encode()
        return Response(text, exc.status_code, media_type="text/plain; charset=utf-8")
    headers = {"Cache-Control": "private, no-store"}
    return Response(found.content, media_type=found.media_type, headers=headers)


def _page_number(page: str) -> int:
    if not page.isdigit() or not 1 <= int(page[:6]) <= 2000:
        raise NotFound("没有这一页")
    return int(page)


def _image_route(path: str, name: str) -> Callable[[Any], Any]:
    return router.get(path, name=name, dependencies=[declare("attachment.read")])


@_image_route("/cases/{number}/files/{upload_id}/pages/{page}", "department_page_file_page")
def file_page(
    number: str, upload_id: str, page: str, request: Request, session: SessionDep, now: NowDep
) -> Response:
    thumb = bool(request.query_params.get("thumb"))
    return _image_answer(
        request,
        session,
        now,
        lambda user, store: attachment_view.page_image(
            session,
            user,
            _own_file(session, number, upload_id),
            _page_number(page),
            store,
            now,
            thumbnail=thumb,
        ),
    )


@_image_route("/cases/{number}/files/{upload_id}", "department_page_file")
def whole_file(
    number: str, upload_id: str, request: Request, session: SessionDep, now: NowDep
) -> Response:
    return _image_answer(
        request,
        session,
        now,
        lambda user, store: attachment_view.whole_file(
            session, user, _own_file(session, number, upload_id), store, now
        ),
    )


@_image_route("/cases/{number}/library/{entry_id}/pages/{page}", "department_page_library_page")
def library_page(
    number: str, entry_id: str, page: str, request: Request, session: SessionDep, now: NowDep
) -> Response:
    thumb = bool(request.query_params.get("thumb"))
    return _image_answer(
        request,
        session,
        now,
        lambda user, store: attachment_view.library_page(
            session,
            user,
            number[:40],
            entry_id[:36],
            _page_number(page),
            store,
            now,
            thumbnail=thumb,
        ),
    )


def _own_file(session: Any, number: str, upload_id: str) -> str:
    """The upload id, when it is a file of case ``number`` (the page's links never mix)."""
    if not attachment_view.file_of_case(session, upload_id[:36], number[:40]):
        raise NotFound("该案件没有这份材料")
    return upload_id[:36]


# ---------------------------------------------------------------------------- result file


@router.post(
    "/cases/{number}/approve/result-file",
    name="department_page_result_file",
    dependencies=[declare("department.decide")],
)
async def result_file(number: str, request: Request, session: SessionDep, now: NowDep) -> Response:
    """The approve form's result file (the page's script sends it as the raw body, the form's
    CSRF token in ``X-CSRF-Token``): stored like ``POST /library/result-files``; answers its
    hash and pages as JSON, a refusal as ``{"detail": reason}``."""
    data = await request.body()
    return await run_in_threadpool(_store_result_file, number, request, session, data, now)


def _store_result_file(
    number: str, request: Request, session: Any, data: bytes, now: Any
) -> Response:
    who = _user(request, session, now)
    if who is None:
        return JSONResponse({"detail": "登录已失效，请重新登录"}, status_code=401)
    user, token = who
    try:
        if not hmac.compare_digest(request.headers.get("x-csrf-token", ""), csrf_token(token)):
            raise ServiceError("页面已过期，请刷新后重试")
        check(user, "department.decide")
        backoffice.get_case(session, user, number[:40], now)  # a case of this department
        stored = library_files.store_result_file(
            session, user, data, request.app.state.settings, request.app.state.blob_store, now
        )
    except ServiceError as exc:
        session.rollback()
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    return JSONResponse(stored.model_dump(mode="json"))

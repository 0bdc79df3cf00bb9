"""The HTML of the department page (routes/department_page.py): the login form, the case
list with deadline colours, a case with its facts, its action forms and its history. Every
value is escaped; the one inline style is allowed by hash (``html_page_headers``)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from html import escape
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from clerk_app.central.http_guards import html_page_headers
from clerk_app.central.routes.department_page_materials import VIEWER_CSS
from clerk_app.central.routes.department_page_script import (
    RESULT_FILE_CSS,
    RESULT_FILE_FIELD,
    SCRIPT_CSP,
)
from clerk_app.central.services import auth, backoffice
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import ServiceError
from clerk_app.contract.backoffice import DepartmentCaseOut
from clerk_app.domain.cases import CaseStatus
from clerk_app.domain.department_docs import DepartmentDocument

ACTIONS = {
    "take": "接件审批",
    "suspend": "暂停审批",
    "resume": "恢复审批",
    "extend": "延长期限",
    "approve-extension": "批准延期",
    "approve": "准予",
    "deny": "不予许可",
    "correction": "退回补正",
    "supply": "登记补齐",
    "terminate": "终止办理",
    "unreadable": "不清晰，退回补正",
}
# Row colours, the most urgent first: a case takes the worse of its two warnings.
_URGENCY = ("red", "yellow", "paused", "green", "none")

_CSS = (
    """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;
background:#f4f5f7;color:#1d1d1f;font-size:15px}
header{background:#a3140d;color:#fff;padding:10px 24px;display:flex;align-items:center;gap:16px}
header h1{font-size:19px;margin:0;flex:1}header form{margin:0}
main{padding:16px 24px;max-width:1280px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d0d3d8;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#ececee;font-weight:normal;white-space:nowrap}
tr.red td{background:#fde2e1}tr.red td.deadline{color:#a3140d;font-weight:bold}
tr.yellow td{background:#fff1c2}tr.paused td{color:#666;background:#f0f0f0}
span.badge{display:inline-block;padding:1px 8px;border-radius:9px;font-size:13px;white-space:nowrap}
span.red{background:#a3140d;color:#fff}span.yellow{background:#f2b705;color:#222}
span.green{background:#1b6e2a;color:#fff}span.paused{background:#888;color:#fff}
nav a{margin-right:14px;color:#a3140d}nav a.current{font-weight:bold;text-decoration:none;
color:#1d1d1f}
.msg{padding:8px 12px;margin:10px 0;border-radius:4px}
.error{background:#fde2e1;color:#8a0f09;border:1px solid #e6a8a4}
.ok{background:#dff3e4;color:#14501f;border:1px solid #a5d6b1}
form.inline{display:inline;margin:0}
fieldset{background:#fff;border:1px solid #d0d3d8;margin:12px 0;padding:10px 14px}
legend{font-weight:bold}label{margin-right:12px;white-space:nowrap}
input[type=text],input[type=password],input[type=number]{padding:4px 6px;font-size:15px}
button{padding:4px 14px;font-size:15px;cursor:pointer}
dl{display:grid;grid-template-columns:9em 1fr 9em 1fr;background:#fff;padding:10px;
border:1px solid #d0d3d8;gap:4px 10px}dt{color:#555;text-align:right}dd{margin:0}
.login{max-width:360px;margin:80px auto;background:#fff;padding:24px;border:1px solid #d0d3d8}
.login p{margin:10px 0}.login input{width:100%;box-sizing:border-box}
"""
    + VIEWER_CSS
    + RESULT_FILE_CSS
)


_HEADERS = html_page_headers(_CSS)
# The materials viewer shows the page's own images (thumbnails, pages): nothing else.
_IMAGE_HEADERS = {
    **_HEADERS,
    "Content-Security-Policy": _HEADERS["Content-Security-Policy"] + "; img-src 'self'",
}


def html_response(content: str, status_code: int = 200, *, images: bool = False) -> HTMLResponse:
    """A page of the department: its style allowed by hash, no script; never cached (it
    shows applicants' data); ``images``: it shows images of this server."""
    headers = _IMAGE_HEADERS if images else _HEADERS
    if RESULT_FILE_FIELD in content:  # the approve form's one script, allowed by its hash
        csp = headers["Content-Security-Policy"] + SCRIPT_CSP
        headers = {**headers, "Content-Security-Policy": csp}
    return HTMLResponse(content, status_code=status_code, headers=headers)


def url_for(request: Request, name: str, **params: str) -> str:
    """A link as a path: the browser resolves it against the page's own address, so no link
    is ever built from the request's Host header."""
    path = request.app.url_path_for(name, **params)
    return str(request.scope.get("root_path", "")) + str(path)


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def csrf_token(token: str) -> str:
    return hashlib.sha256(f"clerk-dept-csrf:{token}".encode("utf-8", "surrogatepass")).hexdigest()


def page(title: str, body: str, *, user: AuthUser | None = None, logout_url: str = "") -> str:
    head = ""
    if user is not None:
        head = (
            f"<header><h1>{_e(user.hall_name)} · 部门后台审批</h1>"
            f"<span>{_e(user.display_name)}（{_e(user.username)}）</span>"
            f'<form method="post" action="{_e(logout_url)}">'
            f'<button type="submit">退出</button></form></header>'
        )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
        f"<body>{head}<main>{body}</main></body></html>"
    )


def message(text: str, kind: str) -> str:
    return f'<div class="msg {kind}" role="alert">{_e(text)}</div>' if text else ""


def login_page(request: Request, error: str = "", status: int = 200) -> HTMLResponse:
    action = url_for(request, "department_page_login")
    body = (
        '<div class="login"><h2>部门后台审批 · 登录</h2>'
        f"{message(error, 'error')}"
        f'<form method="post" action="{_e(action)}">'
        '<p><label for="username">账号</label>'
        '<input id="username" name="username" type="text" autofocus required></p>'
        '<p><label for="password">密码</label>'
        '<input id="password" name="password" type="password" required></p>'
        '<p><button type="submit">登录</button></p></form>'
        "<p>请使用本部门的审批账号登录。</p></div>"
    )
    return html_response(page("部门后台审批 · 登录", body), status_code=status)


def action_form(request: Request, token: str, number: str, action: str, fields: str = "") -> str:
    url = url_for(request, "department_page_action", number=number, action=action)
    return (
        f'<form class="inline" method="post" action="{_e(url)}">'
        f'<input type="hidden" name="csrf" value="{csrf_token(token)}">{fields}'
        f'<button type="submit" name="do" value="{action}">{ACTIONS[action]}</button></form>'
    )


def _badge(view: DepartmentCaseOut) -> str:
    level = view.deadline
    if level == "none":
        return ""
    text = view.deadline_label
    left = view.working_days_left
    if left is not None and level in ("green", "yellow"):
        text += f"（剩{left}个工作日）"
    elif left is not None and level == "red":
        text += f"（超{-left}个工作日）"
    return f'<span class="badge {level}">{_e(text)}</span>'


def _gap_badge(view: DepartmentCaseOut) -> str:
    """容缺: the commitment date's warning, while a material is still missing."""
    if not view.gaps or view.commitment_date is None:
        return ""
    level = view.gap_deadline if view.gap_deadline in ("red", "yellow") else "green"
    text = f"待补齐，承诺期限{view.commitment_date.isoformat()}"
    if view.gap_deadline_label and level != "green":
        text += f"（{view.gap_deadline_label}）"
    return f'<span class="badge {level}">{_e(text)}</span>'


def _row_class(view: DepartmentCaseOut) -> str:
    levels = [str(view.deadline), str(view.gap_deadline) if view.gaps else "none"]
    return min(levels, key=lambda level: _URGENCY.index(level) if level in _URGENCY else 9)


def list_html(
    request: Request,
    user: AuthUser,
    token: str,
    department: str,
    views: list[DepartmentCaseOut],
    state: str,
    q: str,
    msg: str,
    error: str,
) -> str:
    home_url = url_for(request, "department_page_home")
    tabs = " ".join(
        f'<a href="{_e(home_url)}?{urlencode({"state": key})}"'
        f"{' class=current' if key == state else ''}>{_e(label)}</a>"
        for key, label in backoffice.STATE_LABELS.items()
    )
    rows = []
    for v in views:
        detail = url_for(request, "department_page_case", number=v.number)
        status = CaseStatus(v.status)
        quick = ""
        if status in (CaseStatus.ACCEPTED, CaseStatus.ACCEPTED_WITH_GAPS):
            quick = action_form(request, token, v.number, "take")
        elif status is CaseStatus.SUSPENDED:
            quick = action_form(request, token, v.number, "resume")
        promised = v.promised_date.isoformat() if v.promised_date else "—"
        rows.append(
            f'<tr class="{_e(_row_class(v))}" id="case-{_e(v.number)}">'
            f'<td><a href="{_e(detail)}">{_e(v.number)}</a></td>'
            f"<td>{_e(v.applicant_name)}<br><small>{_e(v.applicant_id_masked)}</small></td>"
            f"<td>{_e(v.item_name)}</td><td>{_e(v.status_label)}<br>{_gap_badge(v)}</td>"
            f'<td class="deadline">{_e(promised)}<br>{_badge(v)}</td>'
            f'<td>{quick} <a href="{_e(detail)}">办理</a></td></tr>'
        )
    table = (
        "<table><thead><tr><th>案件编号</th><th>申请人</th><th>事项</th><th>状态</th>"
        "<th>承诺办结</th><th>操作</th></tr></thead><tbody>"
        + ("".join(rows) or '<tr><td colspan="6">没有案件</td></tr>')
        + "</tbody></table>"
    )
    search = (
        f'<form method="get" action="{_e(home_url)}">'
        f'<input type="hidden" name="state" value="{_e(state)}">'
        f'<input type="text" name="q" value="{_e(q)}" placeholder="案件编号 / 申请人 / 事项">'
        "<button type=submit>查找</button></form>"
    )
    body = (
        f"<h2>{_e(department)} · {_e(backoffice.STATE_LABELS[state])}（{len(views)}件）</h2>"
        f"<nav>{tabs}</nav>{message(msg, 'ok')}{message(error, 'error')}"
        f"<p>{search}</p>{table}"
        "<p><small>期限颜色：红色为已超过承诺办结日期，黄色为剩余不超过2个工作日，"
        "灰色为暂停计时；容缺案件另按补齐材料的承诺期限标色。</small></p>"
    )
    return page("部门后台审批", body, user=user, logout_url=logout_url(request))


def logout_url(request: Request) -> str:
    return url_for(request, "department_page_logout")


def case_error(request: Request, user: AuthUser, exc: ServiceError) -> HTMLResponse:
    home_url = url_for(request, "department_page_home")
    body = f'{message(exc.detail, "error")}<p><a href="{_e(home_url)}">返回案件列表</a></p>'
    return html_response(
        page("部门后台审批", body, user=user, logout_url=logout_url(request)),
        status_code=exc.status_code,
    )


def _china_time(iso: str) -> str:
    """An event time (ISO 8601) as the hall's local time; a malformed one as written."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone(auth.CHINA_TZ):%Y-%m-%d %H:%M}"


def _text_input(name: str, label: str, *, size: int = 30, required: bool = False) -> str:
    req = " required" if required else ""
    return (
        f'<label>{_e(label)} <input type="text" name="{name}" size="{size}" maxlength="500"'
        f"{req}></label>"
    )


def _textarea(name: str, label: str, placeholder: str) -> str:
    return (
        f'<label>{_e(label)}<br><textarea name="{name}" rows="4" cols="60" maxlength="6000" '
        f'placeholder="{_e(placeholder)}" required></textarea></label><br>'
    )


def _document_facts(view: DepartmentCaseOut) -> list[tuple[str, object]]:
    """What the department issued to the applicant (不予许可决定书, 补正通知)."""
    facts: list[tuple[str, object]] = []
    for raw in view.documents:
        try:
            document = DepartmentDocument.from_dict(raw)
        except (KeyError, TypeError, ValueError):
            continue  # a damaged record does not hide the case
        facts.append((document.kind.label, document.summary))
    return facts


def _limits(view: DepartmentCaseOut) -> str:
    promised = view.promised_unit.days(view.promised_days)
    if view.joint:
        return f"承诺{promised}，一件事联合办理法定45个工作日（可批准延长15个工作日）"
    return f"承诺{promised}，法定{view.legal_unit.days(view.legal_days)}"


def _case_facts(view: DepartmentCaseOut) -> list[tuple[str, object]]:
    """The case's facts as (label, value) pairs, the result and the notice when there are."""
    promised = view.promised_date.isoformat() if view.promised_date else "—"
    received = view.received_at.astimezone(auth.CHINA_TZ) if view.received_at else None
    facts: list[tuple[str, object]] = [
        ("案件编号", view.number),
        ("状态", view.status_label),
        ("申请人", view.applicant_name),
        ("证件号码", view.applicant_id_masked),
        ("事项", f"{view.item_name}（{view.item_code}）"),
        ("受理窗口", f"{view.hall_code} {view.window_no}号窗口"),
        ("受理时间", f"{received:%Y-%m-%d %H:%M}" if received else "—"),
        ("承诺办结", promised),
        ("时限", _limits(view)),
        ("法定期限届满", view.legal_limit_date.isoformat() if view.legal_limit_date else "—"),
        ("版本", view.version),
    ]
    approved = view.backoffice.get("approved_extension")
    if isinstance(approved, dict):
        facts.append(
            (
                "批准延期",
                f"{approved.get('approved_by_name', '')}于"
                f"{approved.get('approved_on', '')}"
                f"批准延长{approved.get('working_days', '')}个工作日，法定期限由"
                f"{approved.get('limit_before', '')}延至{approved.get('limit_after', '')}；"
                f"理由：{approved.get('reason', '')}（已生成延期通知书，窗口可打印）",
            )
        )
    if view.gaps:
        due = view.commitment_date.isoformat() if view.commitment_date else "—"
        names = "、".join(f"「{g.name}」" for g in view.gaps)
        facts.append(("待补齐材料", f"{names}（承诺期限{due}）"))
    bo = view.backoffice
    result = bo.get("result")
    if isinstance(result, dict):
        decision = _DECISION_LABELS.get(str(result.get("decision")), "不予许可")
        validity = f"，有效期{result['validity']}" if result.get("validity") else ""
        facts.append(
            (
                "办理结果",
                f"{decision}：《{result.get('name', '')}》{result.get('number', '')}{validity}",
            )
        )
    if isinstance(bo.get("notice"), dict) and bo["notice"].get("due"):
        facts.append(("通知申请人", "待通知（结果已可领取）"))
    return facts + _document_facts(view)


_DECISION_LABELS = {"approved": "准予", "denied": "不予许可", "terminated": "终止办理"}
_WORKING_DAYS_INPUT = (
    '<label>工作日 <input type="number" name="working_days" min="1" max="60" '
    'value="5" required></label>'
)
# The forms of a case under review: (legend, action, its fields after the version).
_REVIEW_FORMS = (
    (
        "准予",
        "approve",
        _text_input("result_number", "证照/文书编号", size=20, required=True)
        + _text_input("result_name", "结果名称（可空）", size=20)
        + _text_input("validity", "有效期", size=12)
        # the result enters the shared materials library (一号匹配); code: the 材料目录's
        + _text_input("result_material_code", "材料编码（可空：按事项默认）", size=10)
        + '<label>有效期至 <input type="date" name="result_valid_until"></label>'
        + _text_input("result_issuer", "发证机关（可空：本部门）", size=16)
        + RESULT_FILE_FIELD,
    ),
    (
        "不予许可",
        "deny",
        _text_input("reason", "理由", required=True)
        + _text_input("result_number", "决定书编号", size=16, required=True),
    ),
    (
        "退回补正（一次告知全部补正内容；补正期间暂停计时，收到补正材料后恢复审批）",
        "correction",
        _textarea("corrections", "补正内容（每行一项）", "材料：要补正的内容")
        + _WORKING_DAYS_INPUT.replace('value="5"', 'value="10"')
        + _text_input("note", "说明"),
    ),
    ("暂停审批（暂停期间不计时）", "suspend", _text_input("reason", "理由", required=True)),
    (
        "延长办理期限（不超过法定时限）",
        "extend",
        _WORKING_DAYS_INPUT + _text_input("reason", "理由", required=True),
    ),
    (
        "负责人批准延期（行政许可法第四十二条：法定期限内不能作出决定的，经本机关负责人批准"
        "延长10个工作日，联合办理15个；理由告知申请人；限部门负责人账号，每案一次）",
        "approve-extension",
        '<label>工作日 <input type="number" name="working_days" min="1" max="15" '
        'value="10" required></label>' + _text_input("reason", "延期理由", required=True),
    ),
)


def _gap_forms(request: Request, token: str, view: DepartmentCaseOut) -> list[tuple[str, str]]:
    """补齐 of each open gap, and 终止办理 once the commitment date has passed."""
    version = f'<input type="hidden" name="version" value="{_e(view.version)}">'
    forms = [
        (
            f"登记补齐「{gap.name}」（申请人已补交）",
            action_form(
                request,
                token,
                view.number,
                "supply",
                version
                + f'<input type="hidden" name="material" value="{_e(gap.code)}">'
                + _text_input("note", "说明"),
            ),
        )
        for gap in view.gaps
    ]
    if view.gap_deadline == "red":
        fields = version + _text_input("reason", "理由", required=True)
        legend = "终止办理（容缺承诺期限已过，材料仍未补齐）"
        forms.append((legend, action_form(request, token, view.number, "terminate", fields)))
    return forms


def _case_forms(request: Request, token: str, view: DepartmentCaseOut) -> list[tuple[str, str]]:
    """The action forms the case's status allows, as (legend, form); no 准予 while a 容缺
    material is missing."""
    number = view.number
    status = CaseStatus(view.status)
    version = f'<input type="hidden" name="version" value="{_e(view.version)}">'
    forms: list[tuple[str, str]] = []
    if status in (CaseStatus.ACCEPTED, CaseStatus.ACCEPTED_WITH_GAPS):
        note = version + _text_input("note", "说明")
        forms = [("接件审批", action_form(request, token, number, "take", note))]
    elif status is CaseStatus.IN_REVIEW:
        forms = [
            (legend, action_form(request, token, number, action, version + fields))
            for legend, action, fields in _REVIEW_FORMS
            if not (view.gaps and action == "approve")
        ]
    elif status is CaseStatus.SUSPENDED:
        legend = f"恢复审批（暂停理由：{view.backoffice.get('suspend_reason', '')}）"
        note = version + _text_input("note", "说明")
        forms = [(legend, action_form(request, token, number, "resume", note))]
    return _gap_forms(request, token, view) + forms if view.gaps else forms


def case_html(
    request: Request,
    user: AuthUser,
    token: str,
    view: DepartmentCaseOut,
    msg: str,
    error: str,
    materials: str = "",
) -> str:
    number = view.number
    dl = "".join(
        f"<dt>{_e(k)}</dt><dd>{_e(v)} {_badge(view) if k == '承诺办结' else ''}</dd>"
        for k, v in _case_facts(view)
    )
    forms = _case_forms(request, token, view)
    actions = "".join(
        f"<fieldset><legend>{_e(title)}</legend>{form}</fieldset>" for title, form in forms
    )
    events = "".join(
        f"<tr><td>{_e(_china_time(e['at']))}</td><td>{_e(e['actor'])}</td>"
        f"<td>{_e(e['window'])}</td><td>{_e(CaseStatus(e['status']).label if e['status'] else '')}"
        f"</td><td>{_e(e['detail'])}</td></tr>"
        for e in reversed(view.events)
    )
    home_url = url_for(request, "department_page_home")
    body = (
        f'<p><a href="{_e(home_url)}">← 返回案件列表</a></p><h2>案件 {_e(number)}</h2>'
        f"{message(msg, 'ok')}{message(error, 'error')}<dl>{dl}</dl>{materials}{actions}"
        "<h3>办理过程</h3><table><thead><tr><th>时间</th><th>操作人</th><th>部门/窗口</th>"
        f"<th>状态</th><th>说明</th></tr></thead><tbody>{events}</tbody></table>"
    )
    return page(f"案件 {number}", body, user=user, logout_url=logout_url(request))

"""The one permission policy of the central server: roles × actions × scope.

Every route under ``/api/v1`` names its action here, through a dependency:

* ``user: Annotated[AuthUser, require("case.read")]`` (or ``dependencies=[require(...)]``)
  authenticates the bearer token, refuses a role the action does not allow (403) and checks
  the scope against the path: ``{hall}``/``{hall_code}`` must be the user's own hall (admins
  too), and for window-scoped actions ``{window_no}`` must be the user's own window (managers
  may act on any window of their hall);
* ``dependencies=[public("health.read")]`` marks a route that needs no login on purpose;
* ``dependencies=[declare("department.page")]`` marks a route that authenticates by itself
  (the department page's cookie, the live-event stream) and calls :func:`check`.

``tests/central/test_permissions.py`` walks every endpoint of the OpenAPI document with every
role of a hall and with another hall's users, and fails for an endpoint without a rule;
``docs/security.md`` holds the table of :data:`RULES` (checked against it by the same test).

Least data is decided here too (:func:`identity_view`): which roles see a citizen's full
identity, a masked one, or none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Depends, Request
from fastapi.routing import APIRoute, iter_route_contexts

from clerk_app.central.deps import CurrentUser
from clerk_app.central.services import privacy
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import Forbidden

ROLES: tuple[str, ...] = (
    "clerk",
    "helpdesk",
    "supervisor",
    "admin",
    "department",
    "kiosk",
    "display",
    "evaluator",
)
ROLE_NAMES: dict[str, str] = {
    "clerk": "窗口人员",
    "helpdesk": "导办台",
    "supervisor": "大厅主管",
    "admin": "大厅管理员",
    "department": "部门审批",
    "kiosk": "取号机",
    "display": "叫号显示屏",
    "evaluator": "评价器",
}
MANAGERS = frozenset({"supervisor", "admin"})
STAFF = frozenset({"clerk", "helpdesk"}) | MANAGERS
DEVICES = frozenset({"kiosk", "display", "evaluator"})
HALL_ROLES = STAFF | DEVICES
EVERYONE = frozenset(ROLES)

Scope = Literal["public", "login", "hall", "window", "department"]
SCOPE_NAMES: dict[str, str] = {
    "public": "无需登录",
    "login": "任一登录账户",
    "hall": "本大厅",
    "window": "本大厅；非主管只限本窗口",
    "department": "本大厅、本部门",
}


@dataclass(frozen=True, slots=True)
class Rule:
    action: str
    roles: frozenset[str]
    scope: Scope
    label: str  # what the action does, in Chinese (the refusal and the table say it)
    refusal: str = ""  # the 403's detail when it says more than "账户无权…"

    @property
    def public(self) -> bool:
        return self.scope == "public"


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.action: rule for rule in rules}


NONE: frozenset[str] = frozenset()

RULES: dict[str, Rule] = _rules(
    Rule("health.read", NONE, "public", "查看服务状态"),
    Rule("auth.login", NONE, "public", "登录"),
    Rule("auth.logout", EVERYONE, "login", "退出登录"),
    # Every change ends the account's sessions and is audited (services/accounts.py).
    Rule("auth.password", EVERYONE, "login", "修改本人密码"),
    Rule(
        "account.manage",
        frozenset({"admin"}),
        "hall",
        "管理本大厅账户（重置密码、停用、启用）",
        "只有管理员可以管理账户",
    ),
    Rule(
        "device.manage",
        frozenset({"admin"}),
        "hall",
        "审批、撤销本大厅的设备登记",
        "只有管理员可以审批设备",
    ),
    # The catalog of services (事项目录) is published government information.
    Rule("catalog.read", NONE, "public", "下载事项目录"),
    # A ticket's QR code leads here: number, status and position only, no name.
    Rule("ticket.position", NONE, "public", "查询号票排队位置"),
    # The notice's QR code: status, item, promised date and last step with the check code;
    # no name, no ID (services/progress.py), rate-bound per address.
    Rule("progress.read", NONE, "public", "查询办件进度"),
    # Devices get the hall's layout without its staff list (services/halls.py).
    Rule("hall.read", HALL_ROLES, "hall", "读取大厅配置"),
    Rule("applicant.read", frozenset({"clerk", "supervisor"}), "hall", "查询申请人信息"),
    Rule("applicant.write", frozenset({"clerk", "supervisor"}), "hall", "保存申请人信息"),
    Rule("case.write", frozenset({"clerk", "supervisor"}), "hall", "上传案件"),
    # A clerk only for its own window's cases, never to a closed case (services/attachments.py).
    Rule("attachment.write", frozenset({"clerk", "supervisor"}), "hall", "上传案件的电子材料"),
    # The shared materials library (一号匹配 / 免提交): each lookup audited (services/library.py);
    # the help desk and devices never see it.
    Rule(
        "library.read",
        frozenset({"clerk"}) | MANAGERS,
        "hall",
        "查询共享材料库",
        "只有窗口受理人员、主管或管理员可以查询共享材料库",
    ),
    # The case's department (404 for another's) and the hall's window staff; never the help
    # desk or a device; every view audited (services/attachment_view.py).
    Rule(
        "attachment.read",
        frozenset({"clerk", "supervisor", "admin", "department"}),
        "hall",
        "查看案件的电子材料",
        "该账户无权查看案件的电子材料",
    ),
    # Help desk and admins see the case with the applicant's identity masked.
    Rule("case.read", STAFF, "hall", "查看案件"),
    # The help desk pushes its pre-checks; what each operation may do is checked per operation.
    Rule(
        "sync.push", frozenset({"clerk", "helpdesk", "supervisor"}), "hall", "推送本机的待上传操作"
    ),
    # Devices and the help desk pull too; what they get is filtered (services/sync.py).
    Rule("sync.pull", HALL_ROLES, "hall", "拉取变更"),
    Rule(
        "department.read",
        frozenset({"department"}),
        "department",
        "查看本部门案件",
        "只有部门审批账号可以查看后台审批案件",
    ),
    Rule(
        "department.decide",
        frozenset({"department"}),
        "department",
        "办理后台审批",
        "只有部门审批账号可以办理后台审批",
    ),
    # The help desk records the pre-check; the window accepts it or sends the citizen back
    # (what each may change: services/prechecks.py). The help desk reads IDs masked.
    Rule("precheck.write", frozenset({"clerk", "helpdesk", "supervisor"}), "hall", "保存帮办预审"),
    Rule("precheck.read", STAFF, "hall", "查看帮办预审"),
    Rule("precheck.stats", MANAGERS, "hall", "查看当日预审统计"),
    Rule("statistics.read", MANAGERS, "hall", "查看大厅统计、导出报表"),
    Rule("ticket.issue", STAFF | {"kiosk"}, "hall", "取号"),
    # Only the window's clerk (logged in from the PC registered for it) or a manager: a help
    # desk seated at a window's PC does not call tickets as that window (device_registry.py).
    Rule("window.operate", frozenset({"clerk"}) | MANAGERS, "window", "操作窗口叫号"),
    Rule("window.read", STAFF, "window", "查看窗口状态"),
    Rule("window.configure", MANAGERS, "hall", "设置窗口服务的队列"),
    Rule("queue.status", STAFF | DEVICES, "hall", "查看全大厅排队情况"),
    Rule("appointment.import", MANAGERS, "hall", "导入预约"),
    Rule("device.report", STAFF | {"kiosk", "display"}, "hall", "报告设备状态"),
    Rule(
        "rating.submit",
        frozenset({"evaluator"}),
        "window",
        "评价",
        "评价须由办事群众在评价器上完成，工作人员不能代为评价",
    ),
    Rule("rating.reasons", HALL_ROLES, "hall", "读取评价选项"),
    Rule("rating.followup", MANAGERS, "hall", "处理差评回访"),
    # Waits, pauses, deadlines, 容缺 and 差评 due, today's appointments (services/hall_alerts.py)
    Rule("hall.alerts", MANAGERS, "hall", "查看大厅提醒和今日预约"),
    Rule("hall.alert_settings", MANAGERS, "hall", "修改大厅提醒的阈值"),
    Rule("hall.material_settings_read", MANAGERS, "hall", "查看大厅的电子材料设置"),
    Rule(
        "hall.material_settings",
        frozenset({"admin"}),
        "hall",
        "修改大厅的电子材料设置（保存期限、共享库）",
        "只有管理员可以修改电子材料设置",
    ),
    # Queue and case-status events (numbers, windows, states; no identity); the department
    # page follows them with its cookie.
    Rule("events.read", HALL_ROLES | {"department"}, "hall", "接收实时事件"),
)

# Route parameters that name the hall or the window a request acts on.
HALL_PARAMS = ("hall", "hall_code")
WINDOW_PARAM = "window_no"


def rule(action: str) -> Rule:
    try:
        return RULES[action]
    except KeyError:
        raise KeyError(f"no permission rule for action {action!r} in central/policy.py") from None


def allows(role: str, action: str) -> bool:
    """May this role perform the action at all (scope aside)?"""
    found = rule(action)
    return found.public or role in found.roles


def check(user: AuthUser, action: str, params: Mapping[str, Any] | None = None) -> None:
    """Refuse (403) unless the policy lets this user do ``action`` on the path's hall/window."""
    found = rule(action)
    if found.public:
        return
    if user.role not in found.roles:
        role = ROLE_NAMES.get(user.role, user.role)
        raise Forbidden(found.refusal or f"{role}账户无权{found.label}")
    params = params or {}
    for name in HALL_PARAMS:
        hall = params.get(name)
        if hall is not None and str(hall) != user.hall_code:
            raise Forbidden(f"只能访问本大厅（{user.hall_code}）的数据")
    if found.scope == "window" and user.role not in MANAGERS:
        window = params.get(WINDOW_PARAM)
        if window is not None and _as_int(window) != user.window_no:
            bound = user.window_no or "未指定"
            if user.role in DEVICES:
                raise Forbidden(f"此{ROLE_NAMES[user.role]}绑定的是{bound}号窗口")
            raise Forbidden(f"您登录的是{bound}号窗口，不能操作{window}号窗口")


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _mark(action: str, dependency: Callable[..., Any]) -> Callable[..., Any]:
    dependency.__policy_action__ = action  # type: ignore[attr-defined]
    dependency.__name__ = f"policy_{action.replace('.', '_')}"
    return dependency


def require(action: str) -> Any:
    """``Depends`` that authenticates and enforces ``action``; its value is the ``AuthUser``."""
    rule(action)  # an unknown action fails at import, not at the first request

    async def dependency(request: Request, user: CurrentUser) -> AuthUser:
        check(user, action, request.path_params)
        return user

    return Depends(_mark(action, dependency))


def public(action: str) -> Any:
    """``Depends`` marking a route that is public on purpose (its rule must say so)."""
    if not rule(action).public:
        raise ValueError(f"action {action!r} is not public in central/policy.py")

    def dependency() -> None:
        return None

    return Depends(_mark(action, dependency))


def declare(action: str) -> Any:
    """``Depends`` naming the action of a route that authenticates by itself and calls
    :func:`check` (cookie sessions, the event stream)."""
    rule(action)

    def dependency() -> None:
        return None

    return Depends(_mark(action, dependency))


def route_action(route: APIRoute) -> str | None:
    """The action a route declared through :func:`require`, :func:`public` or :func:`declare`."""
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        action = getattr(dependant.call, "__policy_action__", None)
        if action is not None:
            return str(action)
        pending.extend(dependant.dependencies)
    return None


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str  # as in the OpenAPI document: /api/v1/cases/{number}
    action: str | None
    in_schema: bool


def endpoints(routes: Iterable[Any], prefix: str = "/api/v1") -> list[Endpoint]:
    """Every (method, path) under ``prefix`` with the action it declared (None: no rule)."""
    found: list[Endpoint] = []
    for context in iter_route_contexts(list(routes)):
        route = context.original_route
        path = context.path_format or ""
        if not isinstance(route, APIRoute) or not path.startswith(prefix):
            continue
        action = route_action(route)
        for method in sorted(context.methods or ()):
            if method != "HEAD":
                found.append(Endpoint(method, path, action, route.include_in_schema))
    return found


# ------------------------------------------------------------------------------- least data
# What each role sees of a citizen: services/privacy.py (identity_view, case_for, sees_staff).
identity_view = privacy.identity_view
sees_staff = privacy.sees_staff


# ------------------------------------------------------------------------------------ docs


def markdown_table() -> str:
    """The policy as the Markdown table in docs/security.md."""
    head = "| 操作 (action) | 说明 | 范围 | " + " | ".join(ROLES) + " |"
    sep = "|" + "---|" * (3 + len(ROLES))
    lines = [head, sep]
    for found in RULES.values():
        if found.public:
            marks = ["公开"] * len(ROLES)
        else:
            marks = ["✓" if role in found.roles else "—" for role in ROLES]
        lines.append(
            f"| `{found.action}` | {found.label} | {SCOPE_NAMES[found.scope]} | "
            + " | ".join(marks)
            + " |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - prints the table for docs/security.md
    print(markdown_table(), end="")

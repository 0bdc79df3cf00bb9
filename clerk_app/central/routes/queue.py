"""Queue calling routes (叫号): tickets, window actions, hall status, profiles, appointments."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.types import DecoratedCallable

from clerk_app.central.config import QueueSettings
from clerk_app.central.deps import (
    NowDep,
    ReleasingRoute,
    SessionDep,
    public_base_url,
)
from clerk_app.central.policy import public, require
from clerk_app.central.queue_models import Ticket as TicketRow
from clerk_app.central.services import devices, queue
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import Invalid
from clerk_app.contract.queue import (
    CallNextIn,
    DeviceStatusIn,
    FinishIn,
    HallStatus,
    ImportResult,
    PauseIn,
    ProfileIn,
    Ticket,
    TicketIn,
    TicketPosition,
    TransferIn,
    WalkInIn,
    WindowState,
)

router = APIRouter(tags=["queue"], route_class=ReleasingRoute)

HallPath = Annotated[str, Path(max_length=16, description="大厅编码")]
WindowPath = Annotated[int, Path(ge=1, le=999, description="窗口号")]
TicketIdPath = Annotated[int, Path(ge=1, le=2**31 - 1)]
Issuer = Annotated[AuthUser, require("ticket.issue")]
StatusReader = Annotated[AuthUser, require("queue.status")]
Importer = Annotated[AuthUser, require("appointment.import")]
DeviceReporter = Annotated[AuthUser, require("device.report")]


def queue_settings(request: Request) -> QueueSettings:
    settings: QueueSettings | None = getattr(request.app.state, "queue_settings", None)
    if settings is None:
        settings = QueueSettings()
        request.app.state.queue_settings = settings
    return settings


def ticket_base_url(request: Request) -> str:
    return queue_settings(request).public_base_url or public_base_url(request)


_NO_CONTENT: dict[int | str, dict[str, Any]] = {204: {"description": "没有等候的号码"}}


@dataclass(frozen=True)
class AtWindow(queue.WindowCall):
    """A request about one window (who, where, when) and what its answer needs."""

    base_url: str = ""  # of the ticket's QR link

    def ticket(self, row: TicketRow) -> Ticket:
        return queue.ticket_out(self.session, row, self.base_url)

    def state(self) -> WindowState:
        return queue.window_state(self, self.base_url)


def at_window(action: str) -> Any:
    """The dependency that gathers an :class:`AtWindow` for a user allowed ``action``."""

    allowed = require(action)

    # async: it touches no database, and a plain def would cost a worker-thread hop.
    async def gather(
        hall: HallPath,
        window_no: WindowPath,
        request: Request,
        session: SessionDep,
        now: NowDep,
        user: AuthUser = allowed,  # not Annotated: string annotations cannot see `action`
    ) -> AtWindow:
        settings, base_url = queue_settings(request), ticket_base_url(request)
        return AtWindow(session, user, hall, window_no, now, settings, base_url)

    return Depends(gather)


Operating = Annotated[AtWindow, at_window("window.operate")]


def _window_route(
    method: str,
    action: str,
    answer: type[Any],
    summary: str,
    responses: dict[int | str, dict[str, Any]] | None = None,
) -> Callable[[DecoratedCallable], DecoratedCallable]:
    """The route of one window's ``action``, answering ``answer``."""
    return router.api_route(
        f"/halls/{{hall}}/windows/{{window_no}}/{action}",
        methods=[method.upper()],
        response_model=answer,
        responses=responses,
        summary=summary,
    )


@router.post(
    "/halls/{hall}/tickets",
    status_code=status.HTTP_201_CREATED,
    response_model=Ticket,
    summary="取号（取号机；绿色通道须工作人员）",
)
def issue_ticket(
    hall: HallPath,
    body: TicketIn,
    request: Request,
    session: SessionDep,
    user: Issuer,
    now: NowDep,
) -> Ticket:
    ticket = queue.issue_ticket(
        session,
        user,
        hall,
        body.queue,
        body.kind,
        now,
        appointment_code=body.appointment_code,
        request_id=body.request_id,
        settings=queue_settings(request),
        green_reason=body.reason,
        precheck_no=body.precheck_no,
    )
    return queue.ticket_out(session, ticket, ticket_base_url(request))


@router.get(
    "/tickets/{ticket_id}/position",
    response_model=TicketPosition,
    summary="查询号票的排队位置（号票二维码，无需登录）",
    dependencies=[public("ticket.position")],
)
def ticket_position(ticket_id: TicketIdPath, session: SessionDep) -> TicketPosition:
    return queue.ticket_position(session, ticket_id)


@_window_route(
    "post",
    "call-next",
    Ticket,
    "呼叫下一位（同一request_id重试返回同一号码）",
    responses=_NO_CONTENT,
)
def call_next(body: CallNextIn, at: Operating) -> Ticket | Response:
    ticket = queue.call_next(at, body.request_id)
    if ticket is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return at.ticket(ticket)


@_window_route("post", "recall", Ticket, "重呼当前号码")
def recall(at: Operating) -> Ticket:
    return at.ticket(queue.recall(at))


@_window_route("post", "no-show", Ticket, "过号（进入过号队列；第三次呼叫后作废）")
def no_show(at: Operating) -> Ticket:
    ticket = queue.no_show(at)
    return at.ticket(ticket)


@_window_route("post", "call-missed/{ticket_id}", Ticket, "呼叫过号队列中的号码")
def call_missed(ticket_id: TicketIdPath, at: Operating) -> Ticket:
    ticket = queue.call_missed(at, ticket_id)
    return at.ticket(ticket)


@_window_route("post", "finish", Ticket, "办结（记录办理结果与案件编号）")
def finish(body: FinishIn, at: Operating) -> Ticket:
    ticket = queue.finish(at, body.outcome, body.case_numbers)
    return at.ticket(ticket)


@_window_route("post", "transfer", Ticket, "转窗/转队列（保留原取号时间）")
def transfer(body: TransferIn, at: Operating) -> Ticket:
    ticket = queue.transfer(
        at,
        to_queue=body.to_queue,
        to_window=body.to_window,
        reason=body.reason,
    )
    return at.ticket(ticket)


@_window_route("post", "pause", WindowState, "暂停服务（须填写原因）")
def pause(body: PauseIn, at: Operating) -> WindowState:
    queue.pause(at, body.reason)
    return at.state()


@_window_route("post", "resume", WindowState, "恢复服务")
def resume(at: Operating) -> WindowState:
    queue.resume(at)
    return at.state()


@_window_route("post", "walk-in", Ticket, "无号办理（现场直接办理，编号W001起）")
def walk_in(at: Operating, body: WalkInIn | None = None) -> Ticket:
    body = body or WalkInIn()
    request_id = body.request_id or f"walkin-{at.user.username}-{at.now.timestamp()}"
    ticket = queue.walk_in(at, request_id, body.queue)
    return at.ticket(ticket)


@_window_route("get", "state", WindowState, "窗口状态与所服务队列的等候情况")
def window_state(at: Annotated[AtWindow, at_window("window.read")]) -> WindowState:
    return at.state()


@_window_route("put", "profile", WindowState, "设置窗口服务的队列及优先顺序（大厅管理员）")
def set_profile(
    body: ProfileIn, at: Annotated[AtWindow, at_window("window.configure")]
) -> WindowState:
    queue.set_profile(at, body.queues)
    return at.state()


@router.post(
    "/halls/{hall}/devices/status",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="大厅设备报告自身状态（叫号屏的语音播报是否可用，大厅管理可见）",
)
def device_status(
    hall: HallPath, body: DeviceStatusIn, session: SessionDep, user: DeviceReporter, now: NowDep
) -> Response:
    devices.report(session, user, hall, body.kind, body.voice_ok, body.detail, now)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/halls/{hall}/queue-status",
    response_model=HallStatus,
    summary="全大厅排队情况（大厅显示屏、管理员）",
)
def hall_status(hall: HallPath, session: SessionDep, user: StatusReader, now: NowDep) -> HallStatus:
    # The devices' reports: e.g. a hall display without voice.
    return queue.hall_status(session, user, hall, now, devices=devices.latest(session, hall))


@router.post(
    "/halls/{hall}/appointments/import",
    response_model=ImportResult,
    summary="导入预约（CSV或JSON列表，见docs/appointments.md）",
    openapi_extra={
        "requestBody": {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            },
            "required": True,
        }
    },
)
async def import_appointments(
    hall: HallPath, request: Request, session: SessionDep, user: Importer, now: NowDep
) -> ImportResult:
    raw = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("预约文件应为UTF-8编码") from None
    if content_type in ("text/csv", "text/plain"):
        records: Any = queue.parse_appointments_csv(text)
    elif content_type in ("application/json", ""):
        try:
            records = json.loads(text)
        except ValueError:
            raise Invalid("请求内容不是合法的JSON") from None
        if not isinstance(records, list):
            raise Invalid("预约JSON应为列表")
    else:
        raise Invalid("预约文件应为CSV（text/csv）或JSON列表（application/json）")
    return await run_in_threadpool(queue.import_appointments, session, user, hall, records, now)

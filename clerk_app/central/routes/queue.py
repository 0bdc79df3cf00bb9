"""Queue calling routes (叫号): tickets, window actions, hall status, profiles, appointments."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status
from fastapi.concurrency import run_in_threadpool

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
Issuer = Annotated[AuthUser, require("ticket.issue")]
Operator = Annotated[AuthUser, require("window.operate")]
WindowReader = Annotated[AuthUser, require("window.read")]
Configurer = Annotated[AuthUser, require("window.configure")]
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


def _ticket(request: Request, session: SessionDep, ticket: TicketRow) -> Ticket:
    return queue.ticket_out(session, ticket, ticket_base_url(request))


_NO_CONTENT: dict[int | str, dict[str, Any]] = {204: {"description": "没有等候的号码"}}


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
    return _ticket(request, session, ticket)


@router.get(
    "/tickets/{ticket_id}/position",
    response_model=TicketPosition,
    summary="查询号票的排队位置（号票二维码，无需登录）",
    dependencies=[public("ticket.position")],
)
def ticket_position(
    ticket_id: Annotated[int, Path(ge=1, le=2**31 - 1)], session: SessionDep
) -> TicketPosition:
    return queue.ticket_position(session, ticket_id)


@router.post(
    "/halls/{hall}/windows/{window_no}/call-next",
    response_model=Ticket,
    responses=_NO_CONTENT,
    summary="呼叫下一位（同一request_id重试返回同一号码）",
)
def call_next(
    hall: HallPath,
    window_no: WindowPath,
    body: CallNextIn,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> Ticket | Response:
    ticket = queue.call_next(session, user, hall, window_no, body.request_id, now)
    if ticket is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return _ticket(request, session, ticket)


@router.post(
    "/halls/{hall}/windows/{window_no}/recall", response_model=Ticket, summary="重呼当前号码"
)
def recall(
    hall: HallPath,
    window_no: WindowPath,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> Ticket:
    return _ticket(request, session, queue.recall(session, user, hall, window_no, now))


@router.post(
    "/halls/{hall}/windows/{window_no}/no-show",
    response_model=Ticket,
    summary="过号（进入过号队列；第三次呼叫后作废）",
)
def no_show(
    hall: HallPath,
    window_no: WindowPath,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> Ticket:
    ticket = queue.no_show(session, user, hall, window_no, now, queue_settings(request))
    return _ticket(request, session, ticket)


@router.post(
    "/halls/{hall}/windows/{window_no}/call-missed/{ticket_id}",
    response_model=Ticket,
    summary="呼叫过号队列中的号码",
)
def call_missed(
    hall: HallPath,
    window_no: WindowPath,
    ticket_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> Ticket:
    ticket = queue.call_missed(
        session, user, hall, window_no, ticket_id, now, queue_settings(request)
    )
    return _ticket(request, session, ticket)


@router.post(
    "/halls/{hall}/windows/{window_no}/finish",
    response_model=Ticket,
    summary="办结（记录办理结果与案件编号）",
)
def finish(
    hall: HallPath,
    window_no: WindowPath,
    body: FinishIn,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> Ticket:
    ticket = queue.finish(session, user, hall, window_no, body.outcome, body.case_numbers, now)
    return _ticket(request, session, ticket)


@router.post(
    "/halls/{hall}/windows/{window_no}/transfer",
    response_model=Ticket,
    summary="转窗/转队列（保留原取号时间）",
)
def transfer(
    hall: HallPath,
    window_no: WindowPath,
    body: TransferIn,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> Ticket:
    ticket = queue.transfer(
        session,
        user,
        hall,
        window_no,
        now,
        to_queue=body.to_queue,
        to_window=body.to_window,
        reason=body.reason,
    )
    return _ticket(request, session, ticket)


@router.post(
    "/halls/{hall}/windows/{window_no}/pause",
    response_model=WindowState,
    summary="暂停服务（须填写原因）",
)
def pause(
    hall: HallPath,
    window_no: WindowPath,
    body: PauseIn,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> WindowState:
    queue.pause(session, user, hall, window_no, body.reason, now)
    return queue.window_state(session, user, hall, window_no, now, ticket_base_url(request))


@router.post(
    "/halls/{hall}/windows/{window_no}/resume", response_model=WindowState, summary="恢复服务"
)
def resume(
    hall: HallPath,
    window_no: WindowPath,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> WindowState:
    queue.resume(session, user, hall, window_no, now)
    return queue.window_state(session, user, hall, window_no, now, ticket_base_url(request))


@router.post(
    "/halls/{hall}/windows/{window_no}/walk-in",
    response_model=Ticket,
    summary="无号办理（现场直接办理，编号W001起）",
)
def walk_in(
    hall: HallPath,
    window_no: WindowPath,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
    body: WalkInIn | None = None,
) -> Ticket:
    body = body or WalkInIn()
    request_id = body.request_id or f"walkin-{user.username}-{now.timestamp()}"
    ticket = queue.walk_in(session, user, hall, window_no, request_id, now, body.queue)
    return _ticket(request, session, ticket)


@router.get(
    "/halls/{hall}/windows/{window_no}/state",
    response_model=WindowState,
    summary="窗口状态与所服务队列的等候情况",
)
def window_state(
    hall: HallPath,
    window_no: WindowPath,
    request: Request,
    session: SessionDep,
    user: WindowReader,
    now: NowDep,
) -> WindowState:
    return queue.window_state(session, user, hall, window_no, now, ticket_base_url(request))


@router.put(
    "/halls/{hall}/windows/{window_no}/profile",
    response_model=WindowState,
    summary="设置窗口服务的队列及优先顺序（大厅管理员）",
)
def set_profile(
    hall: HallPath,
    window_no: WindowPath,
    body: ProfileIn,
    request: Request,
    session: SessionDep,
    user: Configurer,
    now: NowDep,
) -> WindowState:
    queue.set_profile(session, user, hall, window_no, body.queues, now)
    return queue.window_state(session, user, hall, window_no, now, ticket_base_url(request))


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

"""Queue calling routes (叫号): tickets, window actions, hall status, profiles, appointments."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from clerk_app.central.deps import (
    NowDep,
    ReleasingRoute,
    SessionDep,
    public_base_url,
)
from clerk_app.central.policy import public, require
from clerk_app.central.services import devices, queue
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import Invalid

router = APIRouter(tags=["queue"], route_class=ReleasingRoute)

HallPath = Annotated[str, Path(max_length=16, description="大厅编码")]
WindowPath = Annotated[int, Path(ge=1, le=999, description="窗口号")]
RequestId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Reason = Annotated[str, StringConstraints(max_length=200)]
QueueCode = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Issuer = Annotated[AuthUser, require("ticket.issue")]
Operator = Annotated[AuthUser, require("window.operate")]
WindowReader = Annotated[AuthUser, require("window.read")]
Configurer = Annotated[AuthUser, require("window.configure")]
StatusReader = Annotated[AuthUser, require("queue.status")]
Importer = Annotated[AuthUser, require("appointment.import")]
DeviceReporter = Annotated[AuthUser, require("device.report")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TicketIn(_In):
    queue: QueueCode
    kind: Literal["normal", "green", "appointment"] = "normal"
    appointment_code: Annotated[str, StringConstraints(max_length=40)] | None = None
    request_id: RequestId | None = None
    # The green channel's reason (老年人, 残疾人, 孕妇, 急事 …): required for kind "green".
    reason: Annotated[str, StringConstraints(max_length=100)] | None = None


class CallNextIn(_In):
    request_id: RequestId


class FinishIn(_In):
    outcome: Annotated[str, StringConstraints(max_length=200)] = "已办结"
    case_numbers: Annotated[
        list[Annotated[str, StringConstraints(min_length=1, max_length=40)]], Field(max_length=50)
    ] = []


class TransferIn(_In):
    to_queue: QueueCode | None = None
    to_window: Annotated[int, Field(ge=1, le=99)] | None = None
    reason: Reason


class PauseIn(_In):
    reason: Reason


class WalkInIn(_In):
    queue: QueueCode | None = None
    request_id: RequestId | None = None


class ProfileIn(_In):
    queues: Annotated[list[QueueCode], Field(max_length=20)]


class TicketOut(BaseModel):
    id: int
    number: str
    queue: str
    queue_name: str
    kind: str
    priority: str
    issued_at: str
    sort_at: str
    status: str
    window_no: int | None
    call_count: int
    waiting_ahead: int
    appointment_code: str | None
    case_numbers: list[str]
    check_url: str
    transfer_note: str | None


class PositionOut(BaseModel):
    number: str
    status: str
    waiting_ahead: int
    window_no: int | None


def queue_settings(request: Request) -> queue.QueueSettings:
    settings: queue.QueueSettings | None = getattr(request.app.state, "queue_settings", None)
    if settings is None:
        settings = queue.QueueSettings()
        request.app.state.queue_settings = settings
    return settings


def ticket_base_url(request: Request) -> str:
    return queue_settings(request).public_base_url or public_base_url(request)


def _ticket(request: Request, session: SessionDep, ticket: Any) -> dict[str, Any]:
    return queue.ticket_out(session, ticket, ticket_base_url(request))


_NO_CONTENT: dict[int | str, dict[str, Any]] = {204: {"description": "没有等候的号码"}}


@router.post(
    "/halls/{hall}/tickets",
    status_code=status.HTTP_201_CREATED,
    response_model=TicketOut,
    summary="取号（取号机；绿色通道须工作人员）",
)
def issue_ticket(
    hall: HallPath,
    body: TicketIn,
    request: Request,
    session: SessionDep,
    user: Issuer,
    now: NowDep,
) -> dict[str, Any]:
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
    )
    return _ticket(request, session, ticket)


@router.get(
    "/tickets/{ticket_id}/position",
    response_model=PositionOut,
    summary="查询号票的排队位置（号票二维码，无需登录）",
    dependencies=[public("ticket.position")],
)
def ticket_position(
    ticket_id: Annotated[int, Path(ge=1, le=2**31 - 1)], session: SessionDep
) -> dict[str, Any]:
    return queue.ticket_position(session, ticket_id)


@router.post(
    "/halls/{hall}/windows/{window_no}/call-next",
    response_model=TicketOut,
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
) -> Any:
    ticket = queue.call_next(session, user, hall, window_no, body.request_id, now)
    if ticket is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return _ticket(request, session, ticket)


@router.post(
    "/halls/{hall}/windows/{window_no}/recall", response_model=TicketOut, summary="重呼当前号码"
)
def recall(
    hall: HallPath,
    window_no: WindowPath,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> dict[str, Any]:
    return _ticket(request, session, queue.recall(session, user, hall, window_no, now))


@router.post(
    "/halls/{hall}/windows/{window_no}/no-show",
    response_model=TicketOut,
    summary="过号（进入过号队列；第三次呼叫后作废）",
)
def no_show(
    hall: HallPath,
    window_no: WindowPath,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> dict[str, Any]:
    ticket = queue.no_show(session, user, hall, window_no, now, queue_settings(request))
    return _ticket(request, session, ticket)


@router.post(
    "/halls/{hall}/windows/{window_no}/call-missed/{ticket_id}",
    response_model=TicketOut,
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
) -> dict[str, Any]:
    ticket = queue.call_missed(
        session, user, hall, window_no, ticket_id, now, queue_settings(request)
    )
    return _ticket(request, session, ticket)


@router.post(
    "/halls/{hall}/windows/{window_no}/finish",
    response_model=TicketOut,
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
) -> dict[str, Any]:
    ticket = queue.finish(session, user, hall, window_no, body.outcome, body.case_numbers, now)
    return _ticket(request, session, ticket)


@router.post(
    "/halls/{hall}/windows/{window_no}/transfer",
    response_model=TicketOut,
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
) -> dict[str, Any]:
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


@router.post("/halls/{hall}/windows/{window_no}/pause", summary="暂停服务（须填写原因）")
def pause(
    hall: HallPath,
    window_no: WindowPath,
    body: PauseIn,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> dict[str, Any]:
    queue.pause(session, user, hall, window_no, body.reason, now)
    return queue.window_state(session, user, hall, window_no, now, ticket_base_url(request))


@router.post("/halls/{hall}/windows/{window_no}/resume", summary="恢复服务")
def resume(
    hall: HallPath,
    window_no: WindowPath,
    request: Request,
    session: SessionDep,
    user: Operator,
    now: NowDep,
) -> dict[str, Any]:
    queue.resume(session, user, hall, window_no, now)
    return queue.window_state(session, user, hall, window_no, now, ticket_base_url(request))


@router.post(
    "/halls/{hall}/windows/{window_no}/walk-in",
    response_model=TicketOut,
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
) -> dict[str, Any]:
    body = body or WalkInIn()
    request_id = body.request_id or f"walkin-{user.username}-{now.timestamp()}"
    ticket = queue.walk_in(session, user, hall, window_no, request_id, now, body.queue)
    return _ticket(request, session, ticket)


@router.get("/halls/{hall}/windows/{window_no}/state", summary="窗口状态与所服务队列的等候情况")
def window_state(
    hall: HallPath,
    window_no: WindowPath,
    request: Request,
    session: SessionDep,
    user: WindowReader,
    now: NowDep,
) -> dict[str, Any]:
    return queue.window_state(session, user, hall, window_no, now, ticket_base_url(request))


@router.put(
    "/halls/{hall}/windows/{window_no}/profile",
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
) -> dict[str, Any]:
    queue.set_profile(session, user, hall, window_no, body.queues, now)
    return queue.window_state(session, user, hall, window_no, now, ticket_base_url(request))


class DeviceStatusIn(_In):
    kind: Literal["hall_display"] = "hall_display"
    voice_ok: bool
    detail: Annotated[str, StringConstraints(max_length=200)] = ""


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


@router.get("/halls/{hall}/queue-status", summary="全大厅排队情况（大厅显示屏、管理员）")
def hall_status(
    hall: HallPath, session: SessionDep, user: StatusReader, now: NowDep
) -> dict[str, Any]:
    status = queue.hall_status(session, user, hall, now)
    status["devices"] = devices.latest(session, hall)  # e.g. a hall display without voice
    return status


@router.post(
    "/halls/{hall}/appointments/import",
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
) -> dict[str, Any]:
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
    result = await run_in_threadpool(queue.import_appointments, session, user, hall, records, now)
    return result.to_dict()

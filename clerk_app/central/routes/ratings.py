"""Ratings routes (好差评): the evaluator's rating and the supervisor's follow-up list."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.routes.queue import ticket_base_url
from clerk_app.central.services import queue, ratings
from clerk_app.central.services.auth import AuthUser
from clerk_app.contract.queue import (
    FollowupIn,
    RatingIn,
    RatingOut,
    RatingReasons,
    StaffRef,
    Ticket,
)

router = APIRouter(tags=["ratings"], route_class=ReleasingRoute)

HallPath = Annotated[str, Path(max_length=16, description="大厅编码")]
WindowPath = Annotated[int, Path(ge=1, le=999, description="窗口号")]
Rater = Annotated[AuthUser, require("rating.submit")]
ReasonReader = Annotated[AuthUser, require("rating.reasons")]
Followup = Annotated[AuthUser, require("rating.followup")]


@router.post(
    "/halls/{hall}/windows/{window_no}/rating",
    status_code=status.HTTP_201_CREATED,
    response_model=RatingOut,
    summary="办事群众评价（评价器账户；差评须选择原因）",
)
def rate(
    hall: HallPath,
    window_no: WindowPath,
    body: RatingIn,
    session: SessionDep,
    user: Rater,
    now: NowDep,
) -> RatingOut:
    return ratings.rate(
        session, user, hall, window_no, body.ticket_id, body.score, body.reason, body.comment, now
    )


@router.get(
    "/halls/{hall}/windows/{window_no}/rating/pending",
    response_model=Ticket,
    responses={204: {"description": "没有待评价的服务"}},
    summary="评价器：本窗口最近办结、尚未评价的号码",
)
def pending(
    hall: HallPath,
    window_no: WindowPath,
    request: Request,
    session: SessionDep,
    user: Rater,
    now: NowDep,
) -> Ticket | Response:
    ticket = ratings.pending_ticket(session, user, hall, window_no, now)
    if ticket is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return queue.ticket_out(session, ticket, ticket_base_url(request))


@router.get("/halls/{hall}/ratings/reasons", response_model=RatingReasons, summary="差评原因列表")
def reasons(hall: HallPath, user: ReasonReader) -> RatingReasons:
    return ratings.reasons()


@router.get(
    "/halls/{hall}/ratings/followups",
    response_model=list[RatingOut],
    summary="差评回访列表（大厅管理员）",
)
def followups(
    hall: HallPath,
    session: SessionDep,
    user: Followup,
    now: NowDep,
    state: Annotated[Literal["open", "done", "all"], Query(alias="status")] = "open",
) -> list[RatingOut]:
    return ratings.followups(session, user, hall, now, state)


@router.get(
    "/halls/{hall}/ratings/assignees",
    response_model=list[StaffRef],
    summary="差评回访可分派的工作人员",
)
def assignees(hall: HallPath, session: SessionDep, user: Followup) -> list[StaffRef]:
    return ratings.assignable_staff(session, user, hall)


@router.post(
    "/halls/{hall}/ratings/{rating_id}/followup",
    response_model=RatingOut,
    summary="差评回访：分派、登记联系群众、核实、整改、答复情况，或办结",
)
def record_followup(
    hall: HallPath,
    rating_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: FollowupIn,
    session: SessionDep,
    user: Followup,
    now: NowDep,
) -> RatingOut:
    return ratings.record_followup(session, user, hall, rating_id, body, now)

"""Offline-first sync: a window pushes its outbox and pulls the changes it must see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.services import sync
from clerk_app.central.services.auth import AuthUser
from clerk_app.contract.sync import MAX_PULL, HeadOut, PullOut, PushIn, PushOut

router = APIRouter(prefix="/sync", tags=["sync"], route_class=ReleasingRoute)
Pusher = Annotated[AuthUser, require("sync.push")]
Puller = Annotated[AuthUser, require("sync.pull")]


@router.post(
    "/push",
    response_model=PushOut,
    response_model_exclude_none=True,
    summary="推送窗口的待上传操作（每个操作只生效一次）",
)
def push(body: PushIn, session: SessionDep, user: Pusher, now: NowDep) -> PushOut:
    window_no = body.window_no if body.window_no is not None else user.window_no
    return PushOut(results=sync.push(session, user, window_no, body.operations, now))


@router.get("/pull", response_model=PullOut, summary="拉取游标之后的变更")
def pull(
    session: SessionDep,
    user: Puller,
    cursor: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500,
) -> PullOut:
    return sync.pull(session, user, cursor or None, limit)


@router.get("/head", response_model=HeadOut, summary="当前最新的变更游标（全量下载前取）")
def head(session: SessionDep, user: Puller) -> HeadOut:
    return HeadOut(cursor=sync.head_cursor(session))

"""Offline-first sync: a window pushes its outbox and pulls the changes it must see."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.services import sync
from clerk_app.central.services.auth import AuthUser

router = APIRouter(prefix="/sync", tags=["sync"], route_class=ReleasingRoute)
Pusher = Annotated[AuthUser, require("sync.push")]
Puller = Annotated[AuthUser, require("sync.pull")]


class PushIn(BaseModel):
    window_no: int | None = Field(default=None, description="推送的窗口号")
    # Kept loose on purpose: one malformed operation is rejected alone, the rest still apply.
    operations: list[dict[str, Any]] = Field(max_length=sync.MAX_BATCH)


class OpResult(BaseModel):
    op_id: str
    status: str = Field(description="applied | duplicate | rejected | conflict")
    detail: str | None = None
    version: int | None = None
    changed: list[str] | None = None
    current: dict[str, Any] | None = None
    base: dict[str, Any] | None = Field(
        default=None, description="冲突时：本窗口所基于版本的案件内容（用于合并）"
    )
    case: dict[str, Any] | None = Field(
        default=None, description="已生效时：服务器现在保存的案件（办理记录以服务器为准）"
    )


class PushOut(BaseModel):
    results: list[OpResult]


class Change(BaseModel):
    kind: str
    key: str
    version: int
    data: dict[str, Any] | None


class PullOut(BaseModel):
    changes: list[Change]
    cursor: str
    more: bool


class HeadOut(BaseModel):
    cursor: str


@router.post(
    "/push",
    response_model=PushOut,
    response_model_exclude_none=True,
    summary="推送窗口的待上传操作（每个操作只生效一次）",
)
def push(body: PushIn, session: SessionDep, user: Pusher, now: NowDep) -> dict[str, Any]:
    window_no = body.window_no if body.window_no is not None else user.window_no
    return {"results": sync.push(session, user, window_no, body.operations, now)}


@router.get("/pull", response_model=PullOut, summary="拉取游标之后的变更")
def pull(
    session: SessionDep,
    user: Puller,
    cursor: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=sync.MAX_PULL)] = 500,
) -> dict[str, Any]:
    return sync.pull(session, user, cursor or None, limit)


@router.get("/head", response_model=HeadOut, summary="当前最新的变更游标（全量下载前取）")
def head(session: SessionDep, user: Puller) -> dict[str, Any]:
    return {"cursor": sync.head_cursor(session)}

"""Chunked, resumable upload of a case's electronic materials (services/attachments.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Request

from clerk_app.central.blob_store import BlobStore
from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep, SettingsDep
from clerk_app.central.policy import require
from clerk_app.central.services import attachments
from clerk_app.central.services.auth import AuthUser
from clerk_app.contract.attachments import UploadOut, UploadStartIn

router = APIRouter(prefix="/attachments", tags=["attachments"], route_class=ReleasingRoute)
Uploader = Annotated[AuthUser, require("attachment.write")]
UploadIdPath = Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$")]


def _store(request: Request) -> BlobStore:
    store: BlobStore = request.app.state.blob_store
    return store


@router.post("/uploads", response_model=UploadOut, summary="开始（或续传）上传一份材料")
def start(
    body: UploadStartIn,
    request: Request,
    session: SessionDep,
    user: Uploader,
    settings: SettingsDep,
    now: NowDep,
) -> UploadOut:
    return attachments.start_upload(session, user, body, settings, _store(request), now)


@router.get("/uploads/{upload_id}", response_model=UploadOut, summary="服务器已收到多少字节")
def status(
    upload_id: UploadIdPath, session: SessionDep, user: Uploader, settings: SettingsDep
) -> UploadOut:
    return attachments.upload_status(session, user, upload_id, settings)


@router.put("/uploads/{upload_id}", response_model=UploadOut, summary="在指定位置写入一块数据")
def put_chunk(
    upload_id: UploadIdPath,
    offset: Annotated[int, Query(ge=0, le=2**40)],
    data: Annotated[bytes, Body(media_type="application/octet-stream")],
    session: SessionDep,
    user: Uploader,
    settings: SettingsDep,
) -> UploadOut:
    return attachments.put_chunk(session, user, upload_id, offset, data, settings)


@router.post("/uploads/{upload_id}/finish", response_model=UploadOut, summary="校验并保存文件")
def finish(
    upload_id: UploadIdPath,
    request: Request,
    session: SessionDep,
    user: Uploader,
    settings: SettingsDep,
    now: NowDep,
) -> UploadOut:
    return attachments.finish_upload(session, user, upload_id, settings, _store(request), now)

"""Chunked, resumable upload of a case's electronic materials (services/attachments.py), and
what the department and the hall see of them (services/attachment_view.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import Response

from clerk_app.central.blob_store import BlobStore
from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep, SettingsDep
from clerk_app.central.page_render import PageImage
from clerk_app.central.policy import require
from clerk_app.central.services import attachment_view, attachments, backoffice
from clerk_app.central.services.attachment_view import FileContent
from clerk_app.central.services.auth import AuthUser
from clerk_app.contract.attachments import (
    CaseMaterialsOut,
    UnreadableIn,
    UploadOut,
    UploadStartIn,
)
from clerk_app.contract.backoffice import DepartmentCaseOut

router = APIRouter(prefix="/attachments", tags=["attachments"], route_class=ReleasingRoute)
Uploader = Annotated[AuthUser, require("attachment.write")]
Viewer = Annotated[AuthUser, require("attachment.read")]
Decider = Annotated[AuthUser, require("department.decide")]
UploadIdPath = Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$")]
NumberPath = Annotated[str, Path(max_length=40)]
PagePath = Annotated[int, Path(ge=1, le=2000)]
Thumb = Annotated[bool, Query(description="缩略图")]
_NOT_CACHED = {"Cache-Control": "private, no-store"}  # applicants' documents
_VIEW_ERRORS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/png": {}, "image/jpeg": {}, "application/pdf": {}}},
    404: {"description": "没有这份材料或这一页，或不是本大厅、本部门的案件"},
}


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


def _answer(found: PageImage | FileContent) -> Response:
    return Response(found.content, media_type=found.media_type, headers=_NOT_CACHED)


@router.get(
    "/cases/{number}",
    response_model=CaseMaterialsOut,
    summary="案件的电子材料：按材料清单逐项列出文件、页数、采集人和时间",
)
def case_materials(number: NumberPath, session: SessionDep, user: Viewer) -> CaseMaterialsOut:
    return attachment_view.list_materials(session, user, number)


@router.get(
    "/{upload_id}/file",
    response_class=Response,
    responses=_VIEW_ERRORS,
    summary="材料的原文件（PDF/JPEG/PNG），查看留痕",
)
def whole_file(
    upload_id: UploadIdPath, request: Request, session: SessionDep, user: Viewer, now: NowDep
) -> Response:
    return _answer(attachment_view.whole_file(session, user, upload_id, _store(request), now))


@router.get(
    "/{upload_id}/pages/{page}",
    response_class=Response,
    responses=_VIEW_ERRORS,
    summary="材料的一页（PDF按150 DPI渲染为PNG；图片原样或缩小），查看留痕",
)
def page_image(
    upload_id: UploadIdPath,
    page: PagePath,
    request: Request,
    session: SessionDep,
    user: Viewer,
    now: NowDep,
    thumb: Thumb = False,
) -> Response:
    return _answer(
        attachment_view.page_image(
            session, user, upload_id, page, _store(request), now, thumbnail=thumb
        )
    )


@router.get(
    "/library/{entry_id}/pages/{page}",
    response_class=Response,
    responses=_VIEW_ERRORS,
    summary="案件调取的共享库材料的一页（共享库调取），查看留痕",
)
def library_page(
    entry_id: UploadIdPath,
    page: PagePath,
    case: Annotated[str, Query(min_length=1, max_length=40)],
    request: Request,
    session: SessionDep,
    user: Viewer,
    now: NowDep,
    thumb: Thumb = False,
) -> Response:
    return _answer(
        attachment_view.library_page(
            session, user, case, entry_id, page, _store(request), now, thumbnail=thumb
        )
    )


@router.post(
    "/cases/{number}/unreadable",
    response_model=DepartmentCaseOut,
    summary="某页不清晰，退回补正（补正通知书写明材料清单第几项、第几页）",
)
def unreadable(
    number: NumberPath, body: UnreadableIn, session: SessionDep, user: Decider, now: NowDep
) -> DepartmentCaseOut:
    on = backoffice.CaseAction(session, user, number, now, body.version)
    return attachment_view.mark_unreadable(on, body)

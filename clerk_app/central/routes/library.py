"""The shared materials library (services/library.py): a window's lookup of an applicant's
materials, and the file of a result a department issues (stored before it approves)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request

from clerk_app.central.blob_store import BlobStore
from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep, SettingsDep
from clerk_app.central.policy import require
from clerk_app.central.services import library, library_files
from clerk_app.central.services.auth import AuthUser
from clerk_app.contract.library import LibraryLookupIn, LibraryLookupOut, ResultFileOut

router = APIRouter(prefix="/library", tags=["library"], route_class=ReleasingRoute)


@router.post("/lookup", response_model=LibraryLookupOut, summary="查询申请人在共享材料库中的材料")
def lookup(
    body: LibraryLookupIn,
    session: SessionDep,
    user: Annotated[AuthUser, require("library.read")],
    now: NowDep,
) -> LibraryLookupOut:
    return library.lookup(session, user, body, now)


@router.post(
    "/result-files",
    response_model=ResultFileOut,
    summary="部门上传办理结果文件（PDF/JPEG/PNG），准予时归入共享材料库",
)
def result_file(
    data: Annotated[bytes, Body(media_type="application/octet-stream")],
    request: Request,
    session: SessionDep,
    user: Annotated[AuthUser, require("department.decide")],
    settings: SettingsDep,
    now: NowDep,
) -> ResultFileOut:
    store: BlobStore = request.app.state.blob_store
    return library_files.store_result_file(session, user, data, settings, store, now)

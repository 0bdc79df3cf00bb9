"""The shared materials library (services/library.py): a window's lookup of an applicant's
materials, and the file of a result a department issues (stored before it approves)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request

from clerk_app.central.blob_store import BlobStore
from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep, SettingsDep
from clerk_app.central.policy import require
from clerk_app.central.routes.applicants import lookup_bound
from clerk_app.central.services import library, library_files
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import TooManyRequests
from clerk_app.contract.library import LibraryLookupIn, LibraryLookupOut, ResultFileOut

router = APIRouter(prefix="/library", tags=["library"], route_class=ReleasingRoute)


@router.post(
    "/lookup",
    response_model=LibraryLookupOut,
    responses={429: {"description": "查询过于频繁"}},
    summary="查询申请人在共享材料库中的材料（每次查询记入审计）",
)
def lookup(
    body: LibraryLookupIn,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: Annotated[AuthUser, require("library.read")],
    now: NowDep,
) -> LibraryLookupOut:
    # bounded per user like the applicant library's lookups (the same per-minute setting)
    per_minute = settings.applicant_lookups_per_minute
    wait = lookup_bound(request, per_minute, "library_lookup_bound").take(user.staff_id, now)
    if wait is not None:
        raise TooManyRequests(f"查询过于频繁，请{wait}秒后再试", wait)
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

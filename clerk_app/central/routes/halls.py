from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.routes.progress import progress_page_url
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.halls import (
    get_material_settings,
    hall_config,
    save_material_settings,
)
from clerk_app.contract.halls import HallOut, MaterialSettingsIn, MaterialSettingsOut

router = APIRouter(prefix="/halls", tags=["halls"], route_class=ReleasingRoute)


@router.get("/{hall_code}", response_model=HallOut, summary="大厅配置（分区、队列、窗口、人员）")
def get_hall(
    hall_code: Annotated[str, Path(max_length=16)],
    request: Request,
    session: SessionDep,
    user: Annotated[AuthUser, require("hall.read")],
) -> HallOut:
    return hall_config(session, user, hall_code, progress_page_url(request))


HallPath = Annotated[str, Path(max_length=16, description="大厅编码")]


@router.get(
    "/{hall}/material-settings",
    response_model=MaterialSettingsOut,
    summary="大厅的电子材料设置（无电子件是否阻止办结、保存期限、共享库）",
)
def material_settings(
    hall: HallPath,
    session: SessionDep,
    user: Annotated[AuthUser, require("hall.material_settings_read")],
) -> MaterialSettingsOut:
    return get_material_settings(session, user, hall)


@router.put(
    "/{hall}/material-settings",
    response_model=MaterialSettingsOut,
    summary="修改大厅的电子材料设置（管理员；保存期限1-36500天或不限）",
)
def put_material_settings(
    hall: HallPath,
    body: MaterialSettingsIn,
    session: SessionDep,
    user: Annotated[AuthUser, require("hall.material_settings")],
    now: NowDep,
) -> MaterialSettingsOut:
    return save_material_settings(session, user, hall, body, now)

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from clerk_app.central.deps import ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.routes.progress import progress_page_url
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.halls import hall_config
from clerk_app.contract.halls import HallOut

router = APIRouter(prefix="/halls", tags=["halls"], route_class=ReleasingRoute)


@router.get("/{hall_code}", response_model=HallOut, summary="大厅配置（分区、队列、窗口、人员）")
def get_hall(
    hall_code: Annotated[str, Path(max_length=16)],
    request: Request,
    session: SessionDep,
    user: Annotated[AuthUser, require("hall.read")],
) -> HallOut:
    return hall_config(session, user, hall_code, progress_page_url(request))

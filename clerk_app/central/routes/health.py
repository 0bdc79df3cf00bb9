from __future__ import annotations

from fastapi import APIRouter

from clerk_app.central.deps import ReleasingRoute, SessionDep
from clerk_app.central.policy import public
from clerk_app.central.services.catalog import catalog_meta
from clerk_app.contract.common import HealthOut

router = APIRouter(tags=["health"], route_class=ReleasingRoute)


@router.get(
    "/health",
    response_model=HealthOut,
    summary="服务是否在线",
    dependencies=[public("health.read")],
)
def health(session: SessionDep) -> HealthOut:
    return HealthOut(status="ok", catalog_version=catalog_meta(session).catalog_version)

from __future__ import annotations

from fastapi import APIRouter

from clerk_app.central.deps import ReleasingRoute, SessionDep
from clerk_app.central.policy import public
from clerk_app.central.schemas import HealthOut
from clerk_app.central.services.catalog import catalog_meta

router = APIRouter(tags=["health"], route_class=ReleasingRoute)


@router.get(
    "/health",
    response_model=HealthOut,
    summary="服务是否在线",
    dependencies=[public("health.read")],
)
def health(session: SessionDep) -> dict[str, str]:
    return {"status": "ok", "catalog_version": catalog_meta(session)["catalog_version"]}

"""HTTP routes under /api/v1: thin, they parse, call a service and shape the answer."""

from __future__ import annotations

from fastapi import APIRouter

from clerk_app.central.deps import ReleasingRoute
from clerk_app.central.routes import (
    accounts,
    applicants,
    attachments,
    auth,
    cases,
    catalog,
    halls,
    health,
    library,
)
from clerk_app.central.routes import department as department_routes
from clerk_app.central.routes import department_page as department_page_routes
from clerk_app.central.routes import events as event_routes
from clerk_app.central.routes import prechecks as precheck_routes
from clerk_app.central.routes import progress as progress_routes
from clerk_app.central.routes import queue as queue_routes
from clerk_app.central.routes import ratings as rating_routes
from clerk_app.central.routes import statistics as statistics_routes
from clerk_app.central.routes import supervision as supervision_routes
from clerk_app.central.routes import sync as sync_routes
from clerk_app.contract.common import ErrorOut

# Every refusal has one shape (app.py's error handlers), documented for every operation.
api_router = APIRouter(
    route_class=ReleasingRoute,
    responses={"4XX": {"model": ErrorOut, "description": "请求被拒绝（原因见detail）"}},
)
# The queue's routes first: a request is matched against the routes in order (twice, by
# FastAPI's nested routers), and the windows' calls are most of what the server answers. No
# other route's path overlaps a queue route's, so the order changes nothing else.
api_router.include_router(queue_routes.router)
for module in (health, auth, accounts, halls, catalog, applicants, cases, attachments, library):
    api_router.include_router(module.router)
api_router.include_router(sync_routes.router)
api_router.include_router(department_routes.router)
api_router.include_router(department_page_routes.router)
api_router.include_router(rating_routes.router)
api_router.include_router(supervision_routes.router)
api_router.include_router(event_routes.router)
api_router.include_router(progress_routes.router)
api_router.include_router(precheck_routes.router)
api_router.include_router(statistics_routes.router)

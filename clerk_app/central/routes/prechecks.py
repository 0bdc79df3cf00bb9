from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.services import prechecks
from clerk_app.central.services.auth import AuthUser
from clerk_app.contract.precheck import PrecheckDayStats, PrecheckIn, PrecheckOut
from clerk_app.domain.hall_time import in_hall_time

router = APIRouter(tags=["prechecks"], route_class=ReleasingRoute)
PrecheckWriter = Annotated[AuthUser, require("precheck.write")]
PrecheckReader = Annotated[AuthUser, require("precheck.read")]
PrecheckCounter = Annotated[AuthUser, require("precheck.stats")]
Number = Annotated[str, Path(max_length=40)]


@router.put("/prechecks/{number}", response_model=PrecheckOut, summary="保存帮办预审")
def save(
    number: Number, body: PrecheckIn, session: SessionDep, user: PrecheckWriter, now: NowDep
) -> PrecheckOut:
    if number.strip().upper() != body.number:
        body = body.model_copy(update={"number": number.strip().upper()})
    return prechecks.save(session, user, body, now)


@router.get("/prechecks/{number}", response_model=PrecheckOut, summary="查看帮办预审")
def get(number: Number, session: SessionDep, user: PrecheckReader) -> PrecheckOut:
    return prechecks.get(session, user, number)


@router.get("/prechecks", response_model=list[PrecheckOut], summary="查询本大厅帮办预审")
def search(
    session: SessionDep,
    user: PrecheckReader,
    q: Annotated[str, Query(max_length=40)] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[PrecheckOut]:
    return prechecks.search(session, user, q, limit)


@router.get(
    "/halls/{hall}/prechecks/stats", response_model=PrecheckDayStats, summary="当日预审统计"
)
def day_stats(
    hall: Annotated[str, Path(max_length=16)],
    session: SessionDep,
    user: PrecheckCounter,
    now: NowDep,
    day: date | None = None,
) -> PrecheckDayStats:
    return prechecks.day_stats(session, user, day or in_hall_time(now).date())

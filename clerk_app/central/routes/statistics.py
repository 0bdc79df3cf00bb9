"""Statistics routes (统计): a hall's tables and chart series for a date range."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.services import statistics
from clerk_app.central.services.auth import AuthUser
from clerk_app.contract.common import Day
from clerk_app.contract.statistics import Grouping, Period, StatisticsOut
from clerk_app.domain.hall_time import in_hall_time

router = APIRouter(tags=["statistics"], route_class=ReleasingRoute)
Reader = Annotated[AuthUser, require("statistics.read")]


@router.get(
    "/halls/{hall}/statistics",
    response_model=StatisticsOut,
    summary="大厅统计（按日/周/月，按区域、队列、窗口、人员、部门、事项）",
)
def hall_statistics(
    hall: Annotated[str, Path(max_length=16, description="大厅编码")],
    start: Annotated[Day, Query(description="第一天（含）")],
    end: Annotated[Day, Query(description="最后一天（含）")],
    session: SessionDep,
    user: Reader,
    now: NowDep,
    period: Period = Period.DAY,
    grouping: Grouping = Grouping.NONE,
) -> StatisticsOut:
    today: date = in_hall_time(now).date()
    query = statistics.make_query(session.connection(), hall, start, end, period, grouping, today)
    return statistics.statistics_concurrently(session.get_bind().engine, query)

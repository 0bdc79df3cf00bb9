"""The floor supervisor's routes (大厅管理): alerts, their thresholds, today's appointments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.services import hall_alerts
from clerk_app.central.services.auth import AuthUser
from clerk_app.contract.supervision import (
    AlertSettings,
    AlertSettingsIn,
    AppointmentDay,
    HallAlerts,
)

router = APIRouter(tags=["supervision"], route_class=ReleasingRoute)

HallPath = Annotated[str, Path(max_length=16, description="大厅编码")]
Watcher = Annotated[AuthUser, require("hall.alerts")]
Tuner = Annotated[AuthUser, require("hall.alert_settings")]


@router.get("/halls/{hall}/alerts", response_model=HallAlerts, summary="大厅提醒（大厅管理）")
def alerts(hall: HallPath, session: SessionDep, user: Watcher, now: NowDep) -> HallAlerts:
    return hall_alerts.hall_alerts(session, user, hall, now)


@router.get("/halls/{hall}/alert-settings", response_model=AlertSettings, summary="大厅提醒的阈值")
def settings(hall: HallPath, session: SessionDep, user: Watcher) -> AlertSettings:
    return hall_alerts.get_settings(session, user, hall)


@router.put(
    "/halls/{hall}/alert-settings", response_model=AlertSettings, summary="修改大厅提醒的阈值"
)
def save_settings(
    hall: HallPath, body: AlertSettingsIn, session: SessionDep, user: Tuner, now: NowDep
) -> AlertSettings:
    return hall_alerts.save_settings(session, user, hall, body, now)


@router.get(
    "/halls/{hall}/appointments/today",
    response_model=AppointmentDay,
    summary="今日预约：各队列各时段的预约、签到、迟到、爽约",
)
def appointments(hall: HallPath, session: SessionDep, user: Watcher, now: NowDep) -> AppointmentDay:
    return hall_alerts.appointments_today(session, user, hall, now)

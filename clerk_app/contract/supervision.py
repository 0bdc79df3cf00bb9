"""The floor supervisor's payloads: alerts and their thresholds, today's appointments.

Answers are frozen and ignore unknown fields (a newer server may add one); requests refuse
unknown fields. Dates are hall dates (China); times are aware UTC (see ``contract.queue``).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from clerk_app.contract.queue import UtcTime

__all__ = [
    "AlertKind",
    "AlertLevel",
    "AlertSettings",
    "AlertSettingsIn",
    "AppointmentDay",
    "AppointmentSlot",
    "DepartmentDeadlines",
    "HallAlert",
    "HallAlerts",
]


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class AlertKind(StrEnum):
    QUEUE_WAIT = "queue_wait"  # a queue's longest wait past the threshold
    WINDOW_PAUSED = "window_paused"  # a window paused longer than the limit
    CASE_DEADLINE = "case_deadline"  # a case's promised date near or passed
    GAP_DUE = "gap_due"  # a 容缺 commitment near or passed with a gap open
    RATING_FOLLOWUP = "rating_followup"  # a 差评 not followed up by its due date


class AlertLevel(StrEnum):
    YELLOW = "yellow"
    RED = "red"


class AlertSettings(_Answer):
    """A hall's alert thresholds."""

    wait_minutes: int  # a queue's longest wait beyond this alerts
    pause_minutes: int  # a window paused longer than this alerts
    deadline_days: int  # working days left before a promised/commitment date: yellow
    followup_days: int  # working days to follow a 差评 up


class AlertSettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    wait_minutes: Annotated[int, Field(ge=1, le=480)]
    pause_minutes: Annotated[int, Field(ge=1, le=480)]
    deadline_days: Annotated[int, Field(ge=0, le=30)]
    followup_days: Annotated[int, Field(ge=1, le=60)]


class HallAlert(_Answer):
    """One thing the supervisor should look at; ``key`` names it across refreshes."""

    kind: AlertKind
    level: AlertLevel
    key: str  # "queue:SOCIAL", "window:3", "case:<number>", "gap:<number>", "rating:12"
    subject: str  # the queue's name, the window's label, the case number, the ticket number
    detail: str = ""  # the pause reason, the item's name, the citizen's reason
    department: str = ""  # the case's department (its name)
    due: date | None = None  # promised / commitment / follow-up date
    since: UtcTime | None = None  # waiting since, paused since, rated at
    queue_code: str | None = None
    window_no: int | None = None
    case_number: str | None = None
    rating_id: int | None = None


class DepartmentDeadlines(_Answer):
    """How many of a department's running cases are red and yellow."""

    code: str
    name: str
    red: int
    yellow: int


class HallAlerts(_Answer):
    """``GET /halls/{hall}/alerts``: red first, then yellow; each kind at most ``limit``."""

    settings: AlertSettings
    alerts: tuple[HallAlert, ...] = ()
    departments: tuple[DepartmentDeadlines, ...] = ()
    truncated: bool = False  # some case alerts were left out (the counts are whole)


class AppointmentSlot(_Answer):
    """One queue's time slot today: booked, checked in (late among them), no-shows."""

    queue_code: str
    queue_name: str
    start: UtcTime
    end: UtcTime
    booked: int
    checked_in: int
    late: int  # checked in after the grace period (normal order)
    no_show: int  # not checked in and the slot is over
    expected: int  # not checked in, the slot not over yet


class AppointmentDay(_Answer):
    """``GET /halls/{hall}/appointments/today``: by queue, then slot start."""

    day: date
    slots: tuple[AppointmentSlot, ...] = ()

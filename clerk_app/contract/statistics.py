"""The hall statistics' payloads (统计): what ``GET /halls/{hall}/statistics`` answers.

One answer holds every table of a period and grouping, and the three chart series (wait by
hour of day, load per window, ratings per day), so the 统计 tab, its Excel and PDF exports and
``clerk-central report`` all show the same figures. Times are seconds; rates 0-1.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = [
    "CaseStatsRow",
    "Grouping",
    "HourRow",
    "MaterialCountRow",
    "Period",
    "PrecheckStatsRow",
    "RatingDayRow",
    "RatingStatsRow",
    "StatisticsOut",
    "TicketStatsRow",
    "WindowLoadRow",
]


class Period(StrEnum):
    """The time bucket of a row."""

    DAY = "day"
    WEEK = "week"  # Monday to Sunday
    MONTH = "month"
    ALL = "all"  # the whole range in one row

    @property
    def label(self) -> str:
        return {"day": "按日", "week": "按周", "month": "按月", "all": "合计"}[self.value]


class Grouping(StrEnum):
    """What a row is of, beside its period."""

    NONE = "none"
    ZONE = "zone"
    QUEUE = "queue"
    WINDOW = "window"
    CLERK = "clerk"
    DEPARTMENT = "department"
    ITEM = "item"
    BASIC_ITEM = "basic_item"  # the same item of every department/county (GB/T 39554 基本编码)

    @property
    def label(self) -> str:
        return GROUPING_LABELS[self]


GROUPING_LABELS = {
    Grouping.NONE: "全大厅",
    Grouping.ZONE: "区域",
    Grouping.QUEUE: "队列",
    Grouping.WINDOW: "窗口",
    Grouping.CLERK: "工作人员",
    Grouping.DEPARTMENT: "部门",
    Grouping.ITEM: "事项",
    Grouping.BASIC_ITEM: "基本事项",
}

_ROW = ConfigDict(frozen=True)


class TicketStatsRow(BaseModel):
    """叫号: tickets of the period and group. Waits are from issue to the call that served the
    ticket; service from that call to finish. By department or item, a ticket counts once for
    each department (item) of the cases received on it."""

    model_config = _ROW

    period_start: date | None
    group_key: str
    group_label: str
    issued: int
    served: int
    no_show: int
    wait_mean_s: float | None
    wait_p50_s: float | None
    wait_p90_s: float | None
    service_mean_s: float | None
    service_p50_s: float | None
    service_p90_s: float | None


class CaseStatsRow(BaseModel):
    """办件: cases received in the period, by decision; 容缺 and promised-date outcomes."""

    model_config = _ROW

    period_start: date | None
    group_key: str
    group_label: str
    cases: int
    accepted: int
    accepted_with_gaps: int
    missing_notice: int
    refused: int
    completed_on_spot: int
    notices_given: int  # one-time notices, also of cases accepted afterwards
    gaps_kept: int
    gaps_broken: int  # terminated, supplied late, or past the commitment date still open
    gaps_open: int
    deadline_kept: int
    deadline_overdue: int  # finished late, or unfinished past the promised date
    deadline_running: int


class RatingStatsRow(BaseModel):
    """好差评: scores 3-5 are satisfied (非常满意, 满意, 基本满意), 1-2 are 差评."""

    model_config = _ROW

    period_start: date | None
    group_key: str
    group_label: str
    ratings: int
    satisfied: int
    satisfaction_rate: float | None
    bad: int
    bad_followed_up: int
    bad_followed_up_on_time: int  # done by the follow-up's due date (hall working days)
    bad_overdue: int  # not done and past its due date


class PrecheckStatsRow(BaseModel):
    """帮办预审 opened in the period (the help desk is not a window: no grouping)."""

    model_config = _ROW

    period_start: date | None
    prechecks: int
    ready: int
    became_cases: int


class MaterialCountRow(BaseModel):
    """A material one-time notices and 容缺 commitments listed, most often first."""

    model_config = _ROW

    material_name: str
    times: int
    defective: int  # of which listed as defective (需补正) rather than missing


class HourRow(BaseModel):
    model_config = _ROW

    hour: int  # hall time, 0-23, the hour the ticket was issued
    issued: int
    wait_mean_s: float | None
    wait_p90_s: float | None


class WindowLoadRow(BaseModel):
    model_config = _ROW

    window_no: int
    window_label: str
    served: int
    service_mean_s: float | None


class RatingDayRow(BaseModel):
    model_config = _ROW

    day: date
    ratings: int
    satisfaction_rate: float | None
    bad: int


class StatisticsOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    hall_code: str
    hall_name: str
    start: date
    end: date  # inclusive
    period: Period
    grouping: Grouping
    tickets: tuple[TicketStatsRow, ...]
    cases: tuple[CaseStatsRow, ...]
    ratings: tuple[RatingStatsRow, ...]
    prechecks: tuple[PrecheckStatsRow, ...]
    missing_materials: tuple[MaterialCountRow, ...]
    wait_by_hour: tuple[HourRow, ...]
    load_by_window: tuple[WindowLoadRow, ...]
    ratings_by_day: tuple[RatingDayRow, ...]

"""The columns of each statistics table: header, value, kind. One definition for the 统计
tab's table models, the workbook's sheets and the PDF's tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from clerk_app.contract.statistics import Grouping, Period, StatisticsOut


class Kind(StrEnum):
    TEXT = "text"
    COUNT = "count"
    MINUTES = "minutes"  # a duration in seconds, shown in minutes
    RATE = "rate"  # 0-1, shown as a percentage
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    field: str
    kind: Kind

    def value(self, row: BaseModel) -> Any:
        """The cell's real value: int, float (minutes, rate 0-1), date, text or None."""
        raw = getattr(row, self.field)
        if self.kind is Kind.MINUTES and raw is not None:
            return round(float(raw) / 60.0, 2)
        return raw

    def text(self, row: BaseModel) -> str:
        value = self.value(row)
        if value is None:
            return "—"
        if self.kind is Kind.RATE:
            return f"{value * 100:.1f}%"
        if self.kind is Kind.MINUTES:
            return f"{value:.1f}"
        if isinstance(value, date):
            return value.isoformat()
        return str(value)


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: Callable[[StatisticsOut], Sequence[BaseModel]]


def _c(header: str, field: str, kind: Kind = Kind.COUNT) -> Column:
    return Column(header, field, kind)


_GROUP = (_c("期间起", "period_start", Kind.DATE), _c("分组", "group_label", Kind.TEXT))

TABLES: tuple[Table, ...] = (
    Table(
        "tickets",
        "叫号",
        (
            *_GROUP,
            _c("取号", "issued"),
            _c("办结", "served"),
            _c("过号", "no_show"),
            _c("平均等候(分)", "wait_mean_s", Kind.MINUTES),
            _c("等候中位(分)", "wait_p50_s", Kind.MINUTES),
            _c("等候P90(分)", "wait_p90_s", Kind.MINUTES),
            _c("平均办理(分)", "service_mean_s", Kind.MINUTES),
            _c("办理中位(分)", "service_p50_s", Kind.MINUTES),
            _c("办理P90(分)", "service_p90_s", Kind.MINUTES),
        ),
        lambda s: s.tickets,
    ),
    Table(
        "cases",
        "办件",
        (
            *_GROUP,
            _c("收件", "cases"),
            _c("受理", "accepted"),
            _c("容缺受理", "accepted_with_gaps"),
            _c("一次性告知", "missing_notice"),
            _c("不予受理", "refused"),
            _c("当场办结", "completed_on_spot"),
            _c("出具告知书", "notices_given"),
            _c("容缺守诺", "gaps_kept"),
            _c("容缺失诺", "gaps_broken"),
            _c("容缺待补", "gaps_open"),
            _c("按期办结", "deadline_kept"),
            _c("超期", "deadline_overdue"),
            _c("办理中", "deadline_running"),
        ),
        lambda s: s.cases,
    ),
    Table(
        "ratings",
        "好差评",
        (
            *_GROUP,
            _c("评价数", "ratings"),
            _c("满意", "satisfied"),
            _c("满意率", "satisfaction_rate", Kind.RATE),
            _c("差评", "bad"),
            _c("差评已回访", "bad_followed_up"),
            _c("按期回访", "bad_followed_up_on_time"),
            _c("回访逾期", "bad_overdue"),
        ),
        lambda s: s.ratings,
    ),
    Table(
        "prechecks",
        "帮办预审",
        (
            _c("期间起", "period_start", Kind.DATE),
            _c("预审", "prechecks"),
            _c("材料齐全", "ready"),
            _c("转为办件", "became_cases"),
        ),
        lambda s: s.prechecks,
    ),
    Table(
        "materials",
        "常缺材料",
        (
            _c("材料", "material_name", Kind.TEXT),
            _c("次数", "times"),
            _c("其中需补正", "defective"),
        ),
        lambda s: s.missing_materials,
    ),
    Table(
        "hours",
        "分时段等候",
        (
            _c("时段(时)", "hour"),
            _c("取号", "issued"),
            _c("平均等候(分)", "wait_mean_s", Kind.MINUTES),
            _c("等候P90(分)", "wait_p90_s", Kind.MINUTES),
        ),
        lambda s: s.wait_by_hour,
    ),
    Table(
        "windows",
        "窗口负荷",
        (
            _c("窗口号", "window_no"),
            _c("窗口", "window_label", Kind.TEXT),
            _c("办结", "served"),
            _c("平均办理(分)", "service_mean_s", Kind.MINUTES),
        ),
        lambda s: s.load_by_window,
    ),
    Table(
        "rating_days",
        "每日评价",
        (
            _c("日期", "day", Kind.DATE),
            _c("评价数", "ratings"),
            _c("满意率", "satisfaction_rate", Kind.RATE),
            _c("差评", "bad"),
        ),
        lambda s: s.ratings_by_day,
    ),
)

TABLE_BY_KEY = {t.key: t for t in TABLES}


def visible_columns(table: Table, stats: StatisticsOut) -> tuple[Column, ...]:
    """Without the period column when the range is one row (合计)."""
    if stats.period is Period.ALL:
        return tuple(c for c in table.columns if c.field != "period_start")
    return table.columns


def period_text(stats: StatisticsOut) -> str:
    grouping = stats.grouping.label
    if stats.grouping is not Grouping.NONE:
        grouping = "按" + grouping
    span = f"{stats.start.isoformat()} 至 {stats.end.isoformat()}"
    return f"{span}（{stats.period.label}，{grouping}）"

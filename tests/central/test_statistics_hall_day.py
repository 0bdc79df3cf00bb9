"""A case's statistics day is the hall's (China time), also for a case without a receipt time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from clerk_app.central.services.statistics_facts import fact_values
from clerk_app.domain.catalog import Item
from tests.central.conftest import make_case


def test_a_case_without_a_receipt_time_counts_on_the_halls_today(
    hall_day_ahead_of_pc: date,
) -> None:
    case = make_case(Item("420200-XK-0001-01", "测试事项", "黄石市测试局"))
    undated = replace(case, received_at=None, events=())
    assert fact_values(undated, None)["received_day"] == hall_day_ahead_of_pc

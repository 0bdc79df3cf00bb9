"""Catalog files carry each limit's unit (working or calendar days): read, defaulted,
validated, and compared across units (docs/catalog-format.md)."""

from __future__ import annotations

import json

import pytest

from clerk_app.central.catalog_io import parse_catalog_lines
from clerk_app.domain.workdays import LimitUnit
from tests.central.test_catalog_io import DEPT, HEADER, errors_of, item_dict


def test_passport_limit_in_calendar_days_is_read() -> None:
    record = item_dict(
        "HZ01",
        legal_days=15,
        promised_days=10,
        legal_unit="calendar_days",
        promised_unit="working_days",
    )
    parsed = parse_catalog_lines(
        [json.dumps(r, ensure_ascii=False).encode() for r in (HEADER, DEPT, record)]
    )
    assert parsed.ok, parsed.errors
    item = parsed.items[0]
    assert item.legal_unit is LimitUnit.CALENDAR_DAYS
    assert item.promised_unit is LimitUnit.WORKING_DAYS
    assert parsed.item_dicts()[0]["legal_unit"] == "calendar_days"


def test_a_record_without_units_counts_working_days() -> None:
    record = item_dict()
    del record["legal_unit"], record["promised_unit"]
    parsed = parse_catalog_lines(
        [json.dumps(r, ensure_ascii=False).encode() for r in (HEADER, DEPT, record)]
    )
    assert parsed.ok, parsed.errors
    assert parsed.items[0].legal_unit is LimitUnit.WORKING_DAYS
    assert parsed.items[0].promised_unit is LimitUnit.WORKING_DAYS


@pytest.mark.parametrize("unit", ["weeks", "工作日", "", 1, None])
def test_an_unknown_unit_is_refused_with_its_field(unit: object) -> None:
    found = errors_of(HEADER, DEPT, item_dict("A1", legal_unit=unit))
    assert [(e.line, e.code, e.field) for e in found] == [(3, "A1", "legal_unit")]


def test_a_promise_that_can_end_after_the_legal_limit_is_refused() -> None:
    # 12 working days span 16 calendar days at least: more than the passport's 15.
    record = item_dict(
        "HZ02",
        legal_days=15,
        promised_days=12,
        legal_unit="calendar_days",
        promised_unit="working_days",
    )
    found = errors_of(HEADER, DEPT, record)
    assert [(e.code, e.field) for e in found] == [("HZ02", "promised_days")]
    assert "12个工作日" in found[0].message and "15日（自然日）" in found[0].message

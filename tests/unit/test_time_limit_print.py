"""The printed time limit (issue 13): each limit in its unit, and a caveat on paper when the
promised date falls in a year whose 调休 the window's calendar does not know."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime

import pypdf

from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.domain.workdays import LimitUnit, WorkdayCalendar
from clerk_app.printing import DocType, render_document
from clerk_app.printing.samples import sample_case, sample_context
from clerk_app.ui.app import load_calendar

KIND = DocType.ACCEPTANCE_NOTICE


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_a_calendar_day_limit_is_printed_in_days() -> None:
    case = sample_case(KIND)
    item = replace(
        case.item,
        legal_days=15,
        promised_days=15,
        legal_unit=LimitUnit.CALENDAR_DAYS,
        promised_unit=LimitUnit.CALENDAR_DAYS,
    )
    text = _text(render_document(KIND, replace(case, item=item), sample_context(KIND)))
    assert "承诺15日（自然日）内，法定时限15日（自然日）" in text
    working = _text(render_document(KIND, case, sample_context(KIND)))
    assert "承诺5个工作日内，法定时限20个工作日" in working


def test_a_date_in_an_unpublished_year_carries_a_caveat() -> None:
    received = datetime(2027, 12, 20, 10, 0, tzinfo=HALL_TZ)
    case = replace(sample_case(KIND), received_at=received, promised_date=date(2028, 1, 3))
    published_only = replace(sample_context(KIND), calendar=WorkdayCalendar())
    text = _text(render_document(KIND, case, published_only))
    assert "2027年、2028年节假日安排尚未公布，如遇放假调休，以实际工作日为准" in text
    # The hall's shipped table has 2027 rows, not 2028's.
    shipped = replace(sample_context(KIND), calendar=load_calendar())
    assert "（2028年节假日安排尚未公布" in _text(render_document(KIND, case, shipped))
    # With rows for both years nothing is added.
    rows = {date(2027, 1, 1): False, date(2028, 1, 1): False}
    with_rows = replace(sample_context(KIND), calendar=WorkdayCalendar(rows))
    assert "尚未公布" not in _text(render_document(KIND, case, with_rows))
    # Within known years (the shipped table covers 2027) nothing is added.
    known = replace(sample_context(KIND), calendar=load_calendar())
    in_2026 = sample_case(KIND)
    assert "尚未公布" not in _text(render_document(KIND, in_2026, known))

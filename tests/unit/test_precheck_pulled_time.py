"""A pulled pre-check's row keeps when it was stored in hall time, as a local save does."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from clerk_app.contract.precheck import precheck_out
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.domain.precheck import ItemRef, Precheck
from clerk_app.store import schema as t
from clerk_app.store.local import LocalStore
from clerk_app.store.prechecks import apply_remote_precheck


def test_a_pulled_pre_check_is_stamped_in_hall_time(
    tmp_path: Path, hall_day_ahead_of_pc: date
) -> None:
    created = datetime(2026, 12, 7, 9, 0, tzinfo=HALL_TZ)
    precheck = Precheck(
        number="YS-HS01-H01-20261207-0001",
        hall_code="HS01",
        item_refs=(ItemRef("420200-XK-0301-01", 1),),
        scenario_code="BUY",
        findings=(),
        checked_by="helpdesk01",
        created_at=created,
        open_until=created.date() + timedelta(days=30),
    )
    data = precheck_out(precheck, created).model_dump(mode="json")
    store = LocalStore(tmp_path / "local.sqlite3")
    try:
        with store.database.write() as conn:
            assert apply_remote_precheck(conn, precheck.number, 1, data) == 1
        with store.database.read() as conn:
            stamped = conn.execute(select(t.prechecks.c.updated_at)).scalar_one()
    finally:
        store.close()
    at = datetime.fromisoformat(stamped)
    assert at.utcoffset() == timedelta(hours=8) and at.date() == hall_day_ahead_of_pc

"""A supervisor's day on the embedded demo server, for the live tabs' tests and screenshots:
cases near and past their promised date, a 容缺 commitment due, a 差评 waiting for its
follow-up, a long wait, a long pause and today's appointments.

Everything goes through the server's API as the hall's devices and staff would; only what
takes time in a real hall (a ticket waiting an hour, a window paused for forty minutes, a
差评 rated last week) is moved back in the server's SQLite file.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from clerk_app.domain.cases import Case, CaseStatus, Decision, DecisionKind, MaterialCheck
from clerk_app.domain.catalog import Item
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.workdays import default_calendar
from clerk_app.sync.client import CentralClient
from clerk_app.sync.queue_client import QueueClient
from tests.central.conftest import make_case

PASSWORD = "Demo@2026"


@dataclass
class HallDay:
    late_case: str  # promised date passed
    near_case: str  # due within the yellow days
    gap_case: str  # 容缺 commitment due tomorrow
    rating_id: int  # a 差评 whose follow-up is overdue
    rating_ticket: str
    paused_window: int


def login(base_url: str, username: str, window_no: int | None = None) -> CentralClient:
    client = CentralClient(base_url, timeout=10.0)
    client.login(username, PASSWORD, window_no)
    return client


def catalog_items(db_file: Path, n: int) -> list[Item]:
    """The demo catalog's items with the longest names (what must be read whole)."""
    with contextlib.closing(sqlite3.connect(db_file)) as db:
        rows = db.execute(
            "SELECT data FROM catalog_items WHERE withdrawn = 0 ORDER BY length(name) DESC LIMIT ?",
            (n,),
        ).fetchall()
    return [Item.from_dict(json.loads(data)) for (data,) in rows]


def _upload(clerk: CentralClient, case: Case) -> None:
    clerk.upload_case(case)


def seed_hall_day(base_url: str, db_file: Path, *, sequence: int = 1) -> HallDay:
    today = hall_now().date()
    calendar = default_calendar()
    items = catalog_items(db_file, 3)
    clerk = login(base_url, "clerk01", 1)
    received = datetime.now(UTC) - timedelta(minutes=5)

    def case(n: int, item: Item, promised: date) -> Case:
        made = make_case(item, window_no=1, sequence=sequence + n, received_at=received)
        return replace(made, promised_date=promised)

    late = case(0, items[0], calendar.add_working_days(today, -2))
    near = case(1, items[1], calendar.add_working_days(today, 1))
    gap_case = case(2, items[2], calendar.add_working_days(today, 15))
    missing = MaterialCheck(replace(gap_case.checks[0].material, gap_allowed=True, required=True))
    gap_case = replace(
        gap_case,
        status=CaseStatus.ACCEPTED_WITH_GAPS,
        checks=(missing, *gap_case.checks[1:]),
        decision=Decision(
            DecisionKind.ACCEPT_WITH_GAPS,
            commitment_deadline=calendar.add_working_days(today, 1),
            commitment_signed=True,
        ),
    )
    for made in (late, near, gap_case):
        _upload(clerk, made)

    rating_id, ticket = _bad_rating(base_url, db_file)
    paused = _long_pause(base_url, db_file)
    _long_wait(base_url, db_file)
    book_appointments(base_url)
    return HallDay(late.number, near.number, gap_case.number, rating_id, ticket, paused)


def _bad_rating(base_url: str, db_file: Path) -> tuple[int, str]:
    kiosk = QueueClient(login(base_url, "kiosk01"), "HS01")
    clerk = QueueClient(login(base_url, "clerk02", 2), "HS01")
    evaluator = QueueClient(login(base_url, "eval02", 2), "HS01")
    kiosk.issue_ticket("SOCIAL")
    called = clerk.call_next(2)
    assert called is not None
    clerk.finish(2, "已受理")
    rating = evaluator.rate(2, called.id, 1, "等候时间过长", "排了一个多小时，没有人解释原因")
    week_ago = (hall_now().date() - timedelta(days=7)).isoformat()
    with contextlib.closing(sqlite3.connect(db_file)) as db:
        db.execute("UPDATE queue_ratings SET followup_due = ? WHERE id = ?", (week_ago, rating.id))
        db.commit()
    return rating.id, called.number


def _long_pause(base_url: str, db_file: Path) -> int:
    clerk = QueueClient(login(base_url, "clerk05", 11), "HS01")
    clerk.pause(11, "系统故障")
    since = (datetime.now(UTC) - timedelta(minutes=40)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with contextlib.closing(sqlite3.connect(db_file)) as db:
        db.execute("UPDATE queue_window_states SET paused_at = ? WHERE status = 'paused'", (since,))
        db.commit()
    return 11


def _long_wait(base_url: str, db_file: Path) -> None:
    kiosk = QueueClient(login(base_url, "kiosk01"), "HS01")
    for _n in range(3):
        kiosk.issue_ticket("ESTATE")
    since = (datetime.now(UTC) - timedelta(minutes=70)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with contextlib.closing(sqlite3.connect(db_file)) as db:
        db.execute(
            "UPDATE queue_tickets SET issued_at = ? WHERE status = 'waiting' AND number LIKE 'C%'",
            (since,),
        )
        db.commit()


def book_appointments(base_url: str, *, check_in: bool = True) -> None:
    """Two bookings per slot in two queues: two hours ago, twenty minutes ago (one checked in
    late, unless ``check_in`` is False: a ticket that would wait in the hall), in an hour."""
    supervisor = QueueClient(login(base_url, "supervisor01"), "HS01")
    now = hall_now()
    today = now.date()
    # Slots stay inside today (the 20-minute-ago slot starts at 00:00 just after midnight,
    # the in-an-hour one ends at 23:59 just before it): a booking is for one day.
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    last = now.replace(hour=23, minute=29, second=0, microsecond=0)
    slots = [
        max(now - timedelta(hours=2), midnight),
        max(now - timedelta(minutes=20), midnight),
        min(now + timedelta(hours=1), last),
    ]
    records: list[dict[str, Any]] = []
    for n, start in enumerate(slots):
        for queue in ("SOCIAL", "ENTERPRISE"):
            for k in range(2):
                records.append(
                    {
                        "code": f"YYLIVE{n}{queue[:3]}{k}",
                        "queue": queue,
                        "date": today.isoformat(),
                        "start": f"{start:%H:%M}",
                        "end": f"{start + timedelta(minutes=30):%H:%M}",
                    }
                )
    supervisor.import_appointments([r for r in records if r["end"] > r["start"]])
    if check_in:
        kiosk = QueueClient(login(base_url, "kiosk01"), "HS01")
        kiosk.issue_ticket("SOCIAL", kind="appointment", appointment_code="YYLIVE1SOC0")

"""Generated queue records for the statistics: tickets and ratings of a hall over many days.

Used small by tests/central/test_statistics.py (which recomputes every figure in plain
Python from these same rows) and at a year of a big hall by tests/bench/bench_statistics.py.
Times are UTC; the hall works 8:30-17:30 hall time (UTC+8).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from clerk_app.domain.hall_time import HALL_TZ

TICKET_COLUMNS = (
    "id",
    "hall_id",
    "queue_id",
    "service_date",
    "seq",
    "number",
    "kind",
    "priority",
    "status",
    "issued_at",
    "sort_at",
    "issued_by",
    "window_id",
    "clerk",
    "call_count",
    "called_at",
    "finished_at",
    "case_numbers",
)
RATING_COLUMNS = (
    "id",
    "hall_id",
    "ticket_id",
    "window_no",
    "clerk",
    "score",
    "rated_at",
    "evaluator",
    "case_numbers",
    "followup_status",
    "followup_due",
    "followed_up_at",
)


@dataclass(frozen=True, slots=True)
class HallShape:
    hall_id: int
    queues: Sequence[tuple[int, str]]  # (id, prefix)
    windows: Sequence[tuple[int, int]]  # (id, number)
    clerks: Sequence[str]  # one per window, same order


def working_days(first: date, count: int) -> list[date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def tickets(
    shape: HallShape, days: Sequence[date], per_window: int, seed: int, first_id: int = 1
) -> Iterator[dict[str, object]]:
    """``per_window`` tickets per window and day; about 90 % served, 6 % no-shows, the rest
    still waiting or called."""
    rng = random.Random(seed)
    ticket_id = first_id
    for day in days:
        opening = datetime.combine(day, time(8, 30), HALL_TZ).astimezone(UTC)
        seqs = dict.fromkeys((q for q, _ in shape.queues), 0)
        for slot, (window_id, _number) in enumerate(shape.windows):
            clerk = shape.clerks[slot]
            for _ in range(per_window):
                queue_id, prefix = shape.queues[rng.randrange(len(shape.queues))]
                seqs[queue_id] += 1
                issued = opening + timedelta(seconds=rng.randrange(9 * 3600))
                wait = timedelta(seconds=int(rng.expovariate(1 / 900)) + 30)
                service = timedelta(seconds=int(rng.expovariate(1 / 420)) + 60)
                roll = rng.random()
                status = (
                    "finished"
                    if roll < 0.9
                    else "cancelled"
                    if roll < 0.95
                    else "missed"
                    if roll < 0.96
                    else "waiting"
                )
                called = issued + wait if status != "waiting" else None
                yield {
                    "id": ticket_id,
                    "hall_id": shape.hall_id,
                    "queue_id": queue_id,
                    "service_date": day,
                    "seq": seqs[queue_id],
                    "number": f"{prefix}{seqs[queue_id]:04d}",
                    "kind": "normal",
                    "priority": 2,
                    "status": status,
                    "issued_at": issued,
                    "sort_at": issued,
                    "issued_by": "kiosk01",
                    "window_id": window_id if called else None,
                    "clerk": clerk if called else None,
                    "call_count": 1 if called else 0,
                    "called_at": called,
                    "finished_at": called + service if called and status == "finished" else None,
                    "case_numbers": [],
                }
                ticket_id += 1


def ratings(
    shape: HallShape,
    ticket_rows: Sequence[dict[str, object]],
    share: float,
    seed: int,
    first_id: int = 1,
) -> Iterator[dict[str, object]]:
    """A rating for ``share`` of the finished tickets; about 4 % are 差评, half followed up."""
    rng = random.Random(seed)
    number_of = dict(shape.windows)
    rating_id = first_id
    for t in ticket_rows:
        if t["status"] != "finished" or rng.random() >= share:
            continue
        roll = rng.random()
        score = 5 if roll < 0.7 else 4 if roll < 0.9 else 3 if roll < 0.96 else rng.choice((1, 2))
        finished = t["finished_at"]
        assert isinstance(finished, datetime)
        window_id = t["window_id"]
        assert isinstance(window_id, int)
        status = None if score >= 3 else rng.choice(("open", "done"))
        yield {
            "id": rating_id,
            "hall_id": shape.hall_id,
            "ticket_id": t["id"],
            "window_no": number_of[window_id],
            "clerk": t["clerk"],
            "score": score,
            "rated_at": finished + timedelta(seconds=20),
            "evaluator": "eval",
            "case_numbers": [],
            "followup_status": status,
            "followup_due": None if score >= 3 else finished.date() + timedelta(days=7),
            "followed_up_at": finished + timedelta(days=rng.choice((2, 12)))
            if status == "done"
            else None,
        }
        rating_id += 1

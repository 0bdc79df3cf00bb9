"""50 windows calling at once on PostgreSQL: every ticket called exactly once, priorities kept.

Tickets are issued first (by 8 kiosks at once: daily numbers stay unique and gapless), then
the windows call and finish until nothing waits. The order check: a window's calls come in
non-decreasing (priority, ticket time); and a ticket never waits while one behind it is
called, i.e. no ticket's call starts after the call of a ticket behind it (that the window
could have called instead) has already finished.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.queue_models import Ticket
from clerk_app.central.services import queue

from .conftest import seed_database
from .test_queue_support import API, add_queue_staff, live_server, rid, service_user

pytestmark = [pytest.mark.slow]
PG_ONLY = pytest.mark.parametrize(
    "db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
BASE = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 in the hall
CALL_AT = BASE + timedelta(hours=3)


@dataclass(frozen=True)
class Call:
    ticket_id: int
    window: int
    started: float
    ended: float


def issue_many(url: str, n: int, kiosks: int = 8) -> None:
    """``n`` tickets: ~5% green, ~10% on-time appointments, the rest normal, two queues."""
    staff = service_user(url, "helpdesk", None, "help01")
    kiosk = service_user(url, "kiosk", None, "kiosk01")
    supervisor = service_user(url, "supervisor", None, "super01")
    rng = random.Random(3)
    plan: list[tuple[int, str, str, str | None]] = []
    appointments = []
    for i in range(n):
        roll = rng.random()
        queue_code = "SOCIAL" if rng.random() < 0.7 else "POLICE"
        if roll < 0.05:
            plan.append((i, queue_code, "green", None))
        elif roll < 0.15:
            code = f"AP{i:06d}"
            appointments.append(
                {"code": code, "queue": queue_code, "date": "2026-11-23", "start": "09:30"}
            )
            plan.append((i, queue_code, "appointment", code))
        else:
            plan.append((i, queue_code, "normal", None))
    engine = make_engine(url, pool_size=kiosks + 2)
    factory = make_session_factory(engine)
    try:
        with factory() as session:
            queue.import_appointments(session, supervisor, "HS01", appointments, BASE)

        def issue(chunk: list[tuple[int, str, str, str | None]]) -> None:
            with factory() as session:
                for i, code, kind, appointment in chunk:
                    user = staff if kind == "green" else kiosk
                    now = BASE + timedelta(seconds=i)
                    queue.issue_ticket(
                        session,
                        user,
                        "HS01",
                        code,
                        kind,
                        now,
                        appointment_code=appointment,
                        green_reason="老年人" if kind == "green" else None,
                    )

        chunks = [plan[k::kiosks] for k in range(kiosks)]
        with ThreadPoolExecutor(kiosks) as pool:
            list(pool.map(issue, chunks))
    finally:
        engine.dispose()


def load_tickets(url: str) -> dict[int, Ticket]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.scalars(select(Ticket).options(selectinload(Ticket.queue)))
            return {t.id: t for t in rows}
    finally:
        engine.dispose()


def check_numbers(tickets: dict[int, Ticket]) -> None:
    by_queue: dict[int, list[int]] = defaultdict(list)
    for t in tickets.values():
        by_queue[t.queue_id].append(t.seq)
    for seqs in by_queue.values():
        assert sorted(seqs) == list(range(1, len(seqs) + 1))  # unique and gapless


def key(t: Ticket) -> tuple[int, datetime]:
    return (t.priority, t.sort_at)


def check_calls(tickets: dict[int, Ticket], calls: list[Call], police_only: set[int]) -> None:
    counts = Counter(c.ticket_id for c in calls)
    assert set(counts) == set(tickets), "every ticket is called"
    assert max(counts.values()) == 1, "no ticket is called twice"
    per_window: dict[int, list[Call]] = defaultdict(list)
    for c in sorted(calls, key=lambda c: c.started):
        per_window[c.window].append(c)
    for window_calls in per_window.values():
        keys = [key(tickets[c.ticket_id]) for c in window_calls]
        assert keys == sorted(keys), "a window calls in priority, then ticket-time order"
    # Nobody is passed over: prefix maximum of call starts in key order.
    police = {t.id for t in tickets.values() if t.queue.code == "POLICE"}
    ordered = sorted(calls, key=lambda c: key(tickets[c.ticket_id]))
    latest_start_all = latest_start_police = float("-inf")
    for c in ordered:
        latest = latest_start_police if c.window in police_only else latest_start_all
        assert latest <= c.ended, f"ticket {c.ticket_id} was called after a later one finished"
        latest_start_all = max(latest_start_all, c.started)
        if c.ticket_id in police:
            latest_start_police = max(latest_start_police, c.started)


@PG_ONLY
def test_fifty_windows_call_thousands_of_tickets_exactly_once(db_url: str) -> None:
    n_windows, n_tickets = 50, 2000
    seed_database(db_url)
    add_queue_staff(db_url, n_windows)
    issue_many(db_url, n_tickets)
    tickets = load_tickets(db_url)
    assert len(tickets) == n_tickets
    check_numbers(tickets)

    engine = make_engine(db_url, pool_size=n_windows, max_overflow=5)
    factory = make_session_factory(engine)
    users = {w: service_user(db_url, "clerk", w, f"clerk{w:02d}") for w in range(1, n_windows + 1)}
    calls: list[Call] = []
    lock = threading.Lock()
    retries_checked = itertools.count()
    barrier = threading.Barrier(n_windows)

    def window(n: int) -> None:
        user = users[n]
        barrier.wait()
        with factory() as session:
            for turn in itertools.count():
                request_id = rid()
                started = time.monotonic()
                ticket = queue.call_next(
                    queue.WindowCall(session, user, "HS01", n, CALL_AT), request_id
                )
                ended = time.monotonic()
                if ticket is None:
                    return
                if turn % 7 == 3:  # a lost answer: the retry must give the same ticket
                    again = queue.call_next(
                        queue.WindowCall(session, user, "HS01", n, CALL_AT), request_id
                    )
                    assert again is not None and again.id == ticket.id
                    next(retries_checked)
                with lock:
                    calls.append(Call(ticket.id, n, started, ended))
                queue.finish(queue.WindowCall(session, user, "HS01", n, CALL_AT), "已办结", [])

    try:
        with ThreadPoolExecutor(n_windows) as pool:
            for future in [pool.submit(window, n) for n in range(1, n_windows + 1)]:
                future.result()
    finally:
        engine.dispose()
    assert next(retries_checked) > 50
    check_calls(load_tickets(db_url), calls, police_only={2})


@PG_ONLY
def test_twenty_windows_over_http_call_each_ticket_once(db_url: str) -> None:
    n_windows, n_tickets = 20, 400
    seed_database(db_url)
    add_queue_staff(db_url, n_windows)
    issue_many(db_url, n_tickets, kiosks=4)
    calls: list[Call] = []
    lock = threading.Lock()
    with live_server(db_url) as server:
        server.app.state.clock = lambda: CALL_AT
        tokens = {w: server.login("super01") for w in range(1, n_windows + 1)}
        barrier = threading.Barrier(n_windows)

        def window(n: int) -> None:
            headers = {"Authorization": f"Bearer {tokens[n]}"}
            base = f"{server.base_url}{API}/halls/HS01/windows/{n}"
            with requests.Session() as http:
                barrier.wait()
                while True:
                    request_id = rid()
                    started = time.monotonic()
                    r = http.post(
                        f"{base}/call-next",
                        json={"request_id": request_id},
                        headers=headers,
                        timeout=30,
                    )
                    ended = time.monotonic()
                    if r.status_code == 204:
                        return
                    assert r.status_code == 200, r.text
                    retry = http.post(
                        f"{base}/call-next",
                        json={"request_id": request_id},
                        headers=headers,
                        timeout=30,
                    )
                    assert retry.json()["id"] == r.json()["id"]
                    with lock:
                        calls.append(Call(r.json()["id"], n, started, ended))
                    done = http.post(
                        f"{base}/finish", json={"outcome": "已办结"}, headers=headers, timeout=30
                    )
                    assert done.status_code == 200, done.text

        with ThreadPoolExecutor(n_windows) as pool:
            for future in [pool.submit(window, n) for n in range(1, n_windows + 1)]:
                future.result()
    check_calls(load_tickets(db_url), calls, police_only={2})

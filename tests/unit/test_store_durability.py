"""Case numbers stay unique and gap-free; a process killed mid-write leaves no half-made case.

The kill test runs a real child process that saves, decides and prints cases in a loop and
kills it with SIGKILL at arbitrary moments, several times over on one database file.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clerk_app.domain.cases import Case, IdKind, Person, make_case_number, parse_case_number
from clerk_app.domain.catalog import Item
from clerk_app.store.local import LocalStore

ROOT = Path(__file__).resolve().parents[2]
ITEM = Item("ZR-001", "不动产首次登记", "恩施市自然资源和规划局", zone="ESTATE")
PERSON = Person(IdKind.RESIDENT_ID, "42280119900307123X", "王小明")
DAY0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

save_op = st.tuples(
    st.sampled_from(["HS01", "HS02"]), st.integers(1, 3), st.integers(0, 2)
)  # hall, window, day offset


@settings(max_examples=40, deadline=None)
@given(st.lists(save_op, min_size=1, max_size=40))
def test_case_numbers_are_unique_and_gap_free_per_window_and_day(
    ops: list[tuple[str, int, int]],
) -> None:
    store = LocalStore(":memory:")
    try:
        issued: dict[tuple[str, int, date], list[int]] = defaultdict(list)
        all_numbers = []
        for hall, window, offset in ops:
            at = DAY0 + timedelta(days=offset)
            case = store.cases.save_new(Case("", hall, window, ITEM, PERSON, received_at=at))
            parsed = parse_case_number(case.number)
            assert parsed is not None
            assert parsed[:3] == (hall, window, at.date())
            assert case.number == make_case_number(hall, window, at.date(), parsed[3])
            issued[parsed[:3]].append(parsed[3])
            all_numbers.append(case.number)
        assert len(set(all_numbers)) == len(all_numbers)
        for seqs in issued.values():
            assert seqs == list(range(1, len(seqs) + 1))  # in save order, no gaps
        assert len(store.cases.search(limit=10_000)) == len(ops)
    finally:
        store.close()


CHILD = textwrap.dedent(
    """
    import sys
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta
    from clerk_app.domain.cases import Case, CaseEvent, CaseStatus, IdKind, Person
    from clerk_app.domain.catalog import Item
    from clerk_app.store.local import LocalStore

    store = LocalStore(sys.argv[1])
    item = Item("ZR-001", "不动产首次登记", "恩施市自然资源和规划局", zone="ESTATE")
    person = Person(IdKind.RESIDENT_ID, "42280119900307123X", "王小明")
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    print("ready", flush=True)
    while True:
        case = store.cases.save_new(Case("", "HS01", 5, item, person, received_at=at))
        print("saved", case.number, flush=True)
        store.cases.update(
            replace(case, status=CaseStatus.ACCEPTED),
            CaseEvent(at, "clerk05", "5", "decided", CaseStatus.ACCEPTED),
        )
        store.prints.record(case.number, "acceptance_notice", "clerk05", at)
        store.applicants.save(person)
    """
)


def _run_and_kill(db: Path, rng: random.Random) -> list[str]:
    """Start the child, let it save a random number of cases, SIGKILL it; the saved numbers."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert child.stdout is not None
    saved: list[str] = []
    try:
        assert child.stdout.readline().strip() == "ready", (
            child.stderr.read() if child.stderr else ""
        )
        target = rng.randint(3, 15)
        while len(saved) < target:
            line = child.stdout.readline()
            if not line:
                raise AssertionError(child.stderr.read() if child.stderr else "child died")
            saved.append(line.split()[1])
        time.sleep(rng.uniform(0, 0.05))  # land anywhere in the save/decide/print cycle
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        if child.stderr is not None:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return saved


@pytest.mark.slow
def test_killing_the_process_mid_write_leaves_only_complete_cases(tmp_path: Path) -> None:
    db = tmp_path / "counter.db"
    rng = random.Random()  # a fresh interleaving on every run
    reported: list[str] = []
    for _ in range(8):
        reported += _run_and_kill(db, rng)

    store = LocalStore(db)  # reopening runs recovery and the migrations again
    store.close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        cases = conn.execute("SELECT number, seq, data FROM cases ORDER BY seq").fetchall()
        numbers = [n for n, _, _ in cases]
        # nothing the child saw committed is lost
        assert set(reported) <= set(numbers)
        # unique, gap-free numbers and a sequence table that agrees
        assert [s for _, s, _ in cases] == list(range(1, len(cases) + 1))
        (last,) = conn.execute("SELECT last_seq FROM case_number_seq").fetchone()
        assert last == len(cases)
        for number, _, data in cases:
            case = Case.from_dict(json.loads(data))
            events = conn.execute(
                "SELECT position, action FROM case_events WHERE case_number = ? ORDER BY position",
                (number,),
            ).fetchall()
            # every write = one event + one outbox row, all or nothing
            assert [p for p, _ in events] == list(range(len(case.events)))
            assert [a for _, a in events] == [e.action for e in case.events]
            outbox = conn.execute(
                "SELECT kind FROM outbox WHERE ref = ? ORDER BY id", (number,)
            ).fetchall()
            assert len(outbox) == len(events)
            assert outbox[0] == ("case.create",)
            printed = conn.execute(
                "SELECT count(*) FROM print_log WHERE case_number = ?", (number,)
            ).fetchone()
            assert printed == (sum(e.action == "printed" for e in case.events),)
        orphans = conn.execute(
            "SELECT count(*) FROM outbox WHERE kind LIKE 'case.%' AND ref NOT IN "
            "(SELECT number FROM cases)"
        ).fetchone()
        assert orphans == (0,)
    finally:
        conn.close()
    assert len(numbers) >= len(reported) >= 20


@pytest.mark.parametrize("count", [1, 3])
def test_reopened_store_continues_the_sequence(tmp_path: Path, count: int) -> None:
    db = tmp_path / "c.db"
    for _ in range(count):
        s = LocalStore(db)
        s.cases.save_new(Case("", "HS01", 5, ITEM, PERSON, received_at=DAY0))
        s.close()
    s = LocalStore(db)
    case = s.cases.save_new(Case("", "HS01", 5, ITEM, PERSON, received_at=DAY0))
    s.close()
    assert case.number == make_case_number("HS01", 5, DAY0.date(), count + 1)

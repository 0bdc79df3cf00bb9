"""SyncEngine against a real central server (uvicorn on 127.0.0.1, SQLite): push, pull,
rejected and conflicting operations, catalog deltas, and the re-armed backoff."""

from __future__ import annotations

import random
import socket
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.central.models import CaseRecord
from clerk_app.central.services.sync import apply_catalog_delta
from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    Person,
)
from clerk_app.domain.catalog import Item
from clerk_app.store.cases import ItemWithdrawn
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient, OfflineError
from clerk_app.sync.engine import Backoff, SyncEngine
from tests.central.conftest import PASSWORD, seed_database

ACCEPTED = CaseStatus.ACCEPTED
PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")


@dataclass
class Server:
    url: str  # database URL
    embedded: EmbeddedServer

    @property
    def base_url(self) -> str:
        return self.embedded.base_url


def start_server(tmp_path: Path) -> Server:
    db_url = f"sqlite:///{tmp_path / 'central.db'}"
    seed_database(db_url)
    return Server(db_url, start_embedded(db_url, auto_approve_devices=True))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = start_server(tmp_path)
    yield srv
    srv.embedded.stop()


def window(
    server_url: str, path: Path, username: str = "clerk01", window_no: int = 1, **kw: Any
) -> tuple[LocalStore, SyncEngine]:
    store = LocalStore(path)
    client = CentralClient(server_url, timeout=5.0)
    client.login(username, PASSWORD, window_no)
    engine = SyncEngine(store, client, window_no=window_no, **kw)
    engine.full_redownload()
    return store, engine


def new_case(store: LocalStore, item: Item, hall: str = "HS01", window_no: int = 1) -> Case:
    at = datetime.now(UTC)
    return store.cases.save_new(
        Case(
            "", hall, window_no, item, PERSON, status=CaseStatus.RECEIVED, received_at=at, clerk="c"
        )
    )


def an_item(store: LocalStore) -> Item:
    hits = store.catalog.search("", limit=1) or store.catalog.search("证", limit=1)
    code = hits[0].code if hits else None
    if code is None:
        with store.database.read() as conn:  # any item: the empty query only lists frequent ones
            code = conn.exec_driver_sql("SELECT code FROM catalog_items LIMIT 1").scalar()
    item = store.catalog.item(str(code))
    assert item is not None
    return item


def server_cases(db_url: str) -> dict[str, tuple[int, dict[str, Any]]]:
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.scalars(select(CaseRecord)).all()
            return {r.number: (r.version, dict(r.data)) for r in rows}
    finally:
        engine.dispose()


def local_cases(store: LocalStore) -> dict[str, dict[str, Any]]:
    with store.database.read() as conn:
        rows = conn.exec_driver_sql("SELECT number FROM cases").all()
    out = {}
    for (number,) in rows:
        case = store.cases.get(number)
        assert case is not None
        out[number] = case.to_dict()
    return out


def step(case: Case, status: CaseStatus, detail: str) -> tuple[Case, CaseEvent]:
    at = datetime.now(UTC)
    decision = Decision(DecisionKind.ACCEPT) if status is CaseStatus.ACCEPTED else case.decision
    changed = replace(case, status=status, decision=decision)
    return changed, CaseEvent(at, "clerk01", "1", "status", status, detail)


# ---------------------------------------------------------------- push


def test_offline_work_is_pushed_in_order_exactly_once(server: Server, tmp_path: Path) -> None:
    store, engine = window(server.base_url, tmp_path / "w1.db", batch_size=2)
    item = an_item(store)
    cases = [new_case(store, item) for _ in range(3)]
    store.cases.update(*step(cases[0], CaseStatus.ACCEPTED, "受理"))
    store.prints.record(cases[1].number, "acceptance_notice", "clerk01", datetime.now(UTC))
    store.applicants.save(PERSON)
    assert store.outbox.sync_counts() == (6, 0)

    report = engine.push_once()
    assert (report.sent, report.applied, report.rejected, report.remaining) == (6, 6, 0, 0)
    on_server = server_cases(server.url)
    assert {n: v for n, (v, _d) in on_server.items()} == {
        cases[0].number: 2,
        cases[1].number: 2,
        cases[2].number: 1,
    }
    assert {n: d for n, (_v, d) in on_server.items()} == local_cases(store)
    assert engine.push_once().sent == 0
    # the pull brings back our own writes: nothing changes locally, nothing is queued
    before = local_cases(store)
    engine.pull_once()
    assert local_cases(store) == before and store.outbox.sync_counts() == (0, 0)
    status = engine.status()
    assert (status.pending, status.rejected) == (0, 0) and status.last_success is not None


def test_a_rejected_operation_does_not_stall_the_others(server: Server, tmp_path: Path) -> None:
    store, engine = window(server.base_url, tmp_path / "w1.db")
    item = an_item(store)
    foreign = new_case(store, item, hall="HS02")  # not this user's hall: the server refuses
    mine = new_case(store, item)
    report = engine.push_once()
    assert (report.applied, report.rejected) == (1, 1)
    [rejected] = store.rejected.all()
    assert rejected.ref == foreign.number and not rejected.conflict
    assert "HS02" in rejected.detail
    assert set(server_cases(server.url)) == {mine.number}
    assert engine.status().rejected == 1
    # retrying without a fix is refused again; discarding is explicit and final
    store.rejected.retry(rejected.op_id)
    engine.push_once()
    [again] = store.rejected.all()
    store.rejected.discard(again.op_id)
    assert store.rejected.all() == [] and store.outbox.sync_counts() == (0, 0)
    assert store.cases.get(foreign.number) is not None  # the local record is kept
    with pytest.raises(LookupError):
        store.rejected.discard(again.op_id)


def test_two_windows_changing_one_case_conflict_and_the_clerk_decides(
    server: Server, tmp_path: Path
) -> None:
    w1, e1 = window(server.base_url, tmp_path / "w1.db")
    case = new_case(w1, an_item(w1))
    e1.push_once()
    # window 2 (same hall, another account: one account is at one window) changes it first
    w2, e2 = window(server.base_url, tmp_path / "w2.db", "super01", 2)
    w2.pull.set_cursor("")
    e2.pull_once()
    theirs = w2.cases.get(case.number)
    assert theirs is not None
    w2.cases.update(*step(theirs, CaseStatus.ACCEPTED, "窗口2受理"))
    assert e2.push_once().applied == 1
    # window 1, still on version 1, changes the promised date: a conflict, shown to the clerk
    w1.cases.update(replace(case, promised_date=None), step(case, case.status, "改期")[1])
    report = e1.push_once()
    assert report.conflict == 1
    [conflict] = w1.rejected.all()
    assert conflict.conflict and conflict.server_version == 2
    assert "status" in conflict.changed and "已受理" in conflict.detail
    assert "promised_date" not in conflict.changed  # that one is this window's own change
    # retry after seeing what changed: this window's change goes onto the server's version
    w1.rejected.retry(conflict.op_id)
    merged = w1.cases.get(case.number)
    assert merged is not None
    assert merged.status is CaseStatus.ACCEPTED and merged.promised_date is None
    assert [e.detail for e in merged.events][-2:] == ["窗口2受理", "改期"]  # nothing lost
    assert e1.push_once().applied == 1
    version, data = server_cases(server.url)[case.number]
    merged = w1.cases.get(case.number)  # as the server recorded it (its actor, time, events)
    assert merged is not None and version == 3 and data == merged.to_dict()
    assert [e.detail for e in merged.events][-2:] == ["窗口2受理", "改期"]
    # window 2 changes again; window 1 conflicts again and this time discards its change
    e2.pull_once()
    now2 = w2.cases.get(case.number)
    assert now2 is not None
    assert now2 == merged
    w2.cases.update(*step(now2, CaseStatus.ACCEPTED, "补充说明"))
    e2.push_once()
    mine = w1.cases.get(case.number)
    assert mine is not None
    w1.prints.record(case.number, "acceptance_notice", "clerk01", datetime.now(UTC))
    assert e1.push_once().conflict == 1
    [conflict] = w1.rejected.all()
    w1.rejected.discard(conflict.op_id)
    assert w1.cases.get(case.number) == w2.cases.get(case.number)
    assert w1.outbox.sync_counts() == (0, 0)


def test_department_changes_reach_the_window_by_pull(server: Server, tmp_path: Path) -> None:
    store, engine = window(server.base_url, tmp_path / "w1.db")
    case = new_case(store, an_item(store))
    engine.push_once()
    # the server changes the case (as the back office will) and logs it
    _version, data = server_cases(server.url)[case.number]
    decided = replace(Case.from_dict(data), status=CaseStatus.IN_REVIEW)
    db = make_engine(server.url)
    try:
        with make_session_factory(db)() as session:
            from clerk_app.central.services.sync import record_change

            record = session.get(CaseRecord, case.number)
            assert record is not None
            record.version, record.status, record.data = 2, "in_review", decided.to_dict()
            session.flush()
            record_change(session, "case", case.number, decided.to_dict())
            session.commit()
    finally:
        db.dispose()
    assert engine.pull_once() >= 1
    local = store.cases.get(case.number)
    assert local is not None and local.status is CaseStatus.IN_REVIEW
    assert store.outbox.sync_counts() == (0, 0)


def test_catalog_delta_withdraws_items_but_old_cases_still_open(
    server: Server, tmp_path: Path
) -> None:
    store, engine = window(server.base_url, tmp_path / "w1.db")
    item = an_item(store)
    old_case = new_case(store, item)
    engine.push_once()
    count_before = store.catalog.item_count()
    changed = replace(item, name=item.name + "（新版）", version=item.version + 1)
    added = replace(item, code=item.code + "-N", name="新增事项测试", version=1)
    db = make_engine(server.url)
    try:
        with make_session_factory(db)() as session:
            apply_catalog_delta(session, items=[changed, added], catalog_version="delta-2")
        engine.pull_once()
        assert store.catalog.item(item.code) == changed
        assert store.catalog.item_count() == count_before + 1
        assert store.catalog.version() == "delta-2"
        assert [h.code for h in store.catalog.search("新增事项测试")] == [added.code]
        with make_session_factory(db)() as session:
            apply_catalog_delta(session, withdrawn=[added.code, item.code])
    finally:
        db.dispose()
    engine.pull_once()
    assert store.catalog.search("新增事项测试") == []
    withdrawn = store.catalog.item(item.code)
    assert withdrawn is not None and withdrawn.withdrawn
    with pytest.raises(ItemWithdrawn, match="停止办理"):
        new_case(store, withdrawn)
    opened = store.cases.get(old_case.number)
    assert opened is not None and opened.item.version == item.version  # accepted under it


# ---------------------------------------------------------------- offline, backoff


def _dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def test_full_redownload_pushes_first_and_never_drops_local_writes(
    server: Server, tmp_path: Path
) -> None:
    store, engine = window(server.base_url, tmp_path / "w1.db")
    case = new_case(store, an_item(store))
    version = store.catalog.version()
    offline = SyncEngine(store, CentralClient(_dead_url(), timeout=1.0))
    with pytest.raises(OfflineError):
        offline.full_redownload()
    assert store.outbox.sync_counts() == (1, 0) and store.catalog.version() == version
    assert engine.full_redownload() > 0
    assert case.number in server_cases(server.url) and store.outbox.sync_counts() == (0, 0)


def test_worker_stays_armed_while_offline(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "w.db")
    seen: list[Any] = []
    engine = SyncEngine(
        store,
        CentralClient(_dead_url(), timeout=0.5),
        base_delay=0.01,
        max_delay=0.02,
        on_status=seen.append,
    )
    engine.start()
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while len(seen) < 5 and datetime.now(UTC) < deadline:
            engine.wake()
            import time

            time.sleep(0.05)
    finally:
        engine.stop()
    assert len(seen) >= 5 and all(not s.online and s.error for s in seen)
    assert engine.backoff.failures >= 5


def test_backoff_grows_with_jitter_honours_retry_after_and_never_stops() -> None:
    backoff = Backoff(base=1.0, max_delay=60.0, rng=random.Random(4))
    delays = [backoff.next_delay() for _ in range(12)]
    for n, delay in enumerate(delays):
        ceiling = min(60.0, 2.0**n)
        assert ceiling / 2 <= delay <= ceiling
    assert len(set(delays)) == len(delays)  # jittered
    assert all(30.0 <= backoff.next_delay() <= 60.0 for _ in range(1000))  # still armed
    backoff.reset()
    assert 7.0 <= backoff.next_delay(retry_after=7.0) <= 7.0 or backoff.failures == 1
    backoff.reset()
    assert backoff.next_delay(retry_after=7.0) == 7.0  # first delay ≤ 1 s: Retry-After wins
    assert backoff.next_delay(retry_after=3600.0) == 60.0  # a silly Retry-After is capped


def test_a_cursor_the_server_refuses_starts_the_pull_over(server: Server, tmp_path: Path) -> None:
    store, engine = window(server.base_url, tmp_path / "w1.db")
    case = new_case(store, an_item(store))
    engine.push_once()
    store.pull.set_cursor("not-a-cursor")  # e.g. the server's database was replaced
    assert engine.pull_once() >= 1  # not an endless 422: everything again, from the start
    cursor = store.pull.cursor()
    assert cursor and cursor != "not-a-cursor"
    assert store.cases.get(case.number) is not None
    assert engine.pull_once() == 0  # and from there on, only what is new


def test_a_push_refused_as_a_whole_is_shown_and_not_sent_again_until_asked(
    server: Server, tmp_path: Path
) -> None:
    """An admin at a counter PC with a clerk's case in the outbox: the server refuses the
    push (403, admins write no cases). The status says so with the server's reason, the pull
    goes on, and the push is sent again only when the clerk asks or the login changes."""
    store, _clerk = window(server.base_url, tmp_path / "w.db")
    case = new_case(store, an_item(store))
    admin = CentralClient(server.base_url, timeout=5.0)
    admin.login("hs01_admin", PASSWORD, None)
    engine = SyncEngine(store, admin, window_no=1, base_delay=0.01, max_delay=0.02)
    pushes: list[int] = []
    push = admin.push_operations

    def counted(window_no: int | None, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        pushes.append(len(ops))
        return push(window_no, ops)

    admin.push_operations = counted  # type: ignore[method-assign]

    assert engine.run_round() == engine.interval  # no backoff hammering: a normal round
    status = engine.status()
    assert status.refused and "无权推送" in status.refused  # the server's own reason
    assert status.online and status.error is None  # the pull worked
    assert status.pending == 1 and status.rejected == 0  # nothing dropped or marked
    assert pushes == [1]
    for _ in range(3):  # later rounds (a wake, the timer) do not send it again
        engine.wake()
        engine.run_round()
    assert pushes == [1] and engine.status().refused

    engine.retry_push()  # the clerk asks: sent once more, refused once more
    engine.run_round()
    assert pushes == [1, 1] and engine.status().refused

    clerk = CentralClient(server.base_url, timeout=5.0)
    clerk.login("clerk01", PASSWORD, 1)
    admin.token = clerk.token  # another login on this window: the push goes again
    engine.run_round()
    assert pushes == [1, 1, 1]
    assert engine.status().refused is None and store.outbox.sync_counts() == (0, 0)
    assert case.number in server_cases(server.url)

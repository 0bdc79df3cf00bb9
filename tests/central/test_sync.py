"""Sync API: push applies each operation exactly once; pull never skips a change."""

from __future__ import annotations

import random
import threading
import time
import uuid
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.models import CaseRecord
from clerk_app.central.services.sync import apply_catalog_delta, record_change
from clerk_app.central.sync_models import AppliedOperation
from clerk_app.domain.cases import CaseEvent, CaseStatus
from clerk_app.domain.catalog import Item
from tests.central.conftest import Central, make_case


def _op(case_dict: dict[str, Any], base: int | None, op_id: str | None = None) -> dict[str, Any]:
    return {
        "op_id": op_id or str(uuid.uuid4()),
        "kind": "case.upsert",
        "base_version": base,
        "payload": {"case": case_dict},
    }


def _push(central: Central, headers: dict[str, str], *ops: dict[str, Any]) -> list[dict[str, Any]]:
    response = central.client.post(
        "/api/v1/sync/push", json={"window_no": 1, "operations": list(ops)}, headers=headers
    )
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    assert [r["op_id"] for r in results] == [o["op_id"] for o in ops]
    return results


def _pull_all(central: Central, headers: dict[str, str], cursor: str = "") -> tuple[list, str]:
    changes: list[dict[str, Any]] = []
    while True:
        response = central.client.get(
            "/api/v1/sync/pull", params={"cursor": cursor, "limit": 7}, headers=headers
        )
        assert response.status_code == 200, response.text
        body = response.json()
        changes.extend(body["changes"])
        cursor = body["cursor"]
        if not body["more"]:
            return changes, cursor


def _pull_until(
    central: Central, headers: dict[str, str], n: int, cursor: str = "", timeout: float = 60.0
) -> tuple[list[dict[str, Any]], str]:
    """Pull until ``n`` changes came. On PostgreSQL a transaction still open anywhere in the
    cluster (other tests share it) holds the watermark back for a moment: a delay, not a skip."""
    changes: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while True:
        more, cursor = _pull_all(central, headers, cursor)
        changes.extend(more)
        if len(changes) >= n or time.monotonic() > deadline:
            return changes, cursor
        time.sleep(0.02)


def _first_item(central: Central) -> Item:
    return central.catalog.items[0]


def _count(central: Central, model: Any) -> int:
    engine = make_engine(central.url)
    try:
        with make_session_factory(engine)() as session:
            return len(session.scalars(select(model)).all())
    finally:
        engine.dispose()


def test_repeated_operation_is_applied_once(central: Central) -> None:
    headers = central.login(window_no=1)
    case = make_case(_first_item(central)).to_dict()
    op = _op(case, None)
    first = _push(central, headers, op)
    assert first[0]["status"] == "applied" and first[0]["version"] == 1
    again = _push(central, headers, op, op)
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert all(r["version"] == 1 for r in again)
    assert _count(central, CaseRecord) == 1
    assert _count(central, AppliedOperation) == 1
    changes, cursor = _pull_until(central, headers, 1)
    assert [(c["kind"], c["key"], c["version"]) for c in changes] == [("case", case["number"], 1)]
    assert _pull_all(central, headers, cursor)[0] == []


def test_same_id_with_different_content_is_refused(central: Central) -> None:
    headers = central.login(window_no=1)
    case = make_case(_first_item(central))
    op = _op(case.to_dict(), None)
    assert _push(central, headers, op)[0]["status"] == "applied"
    changed = replace(case, promised_date=None).to_dict()
    tampered = {**op, "payload": {"case": changed}}
    result = _push(central, headers, tampered)[0]
    assert result["status"] == "rejected"
    assert "操作编号" in result["detail"]
    stored = central.client.get(f"/api/v1/cases/{case.number}", headers=headers).json()
    assert stored["promised_date"] == case.to_dict()["promised_date"]


def test_stale_base_version_is_a_conflict_with_what_changed(central: Central) -> None:
    headers = central.login(window_no=1)
    case = make_case(_first_item(central), status=CaseStatus.RECEIVED)
    created = _push(central, headers, _op(case.to_dict(), None))[0]
    assert created["version"] == 1
    ev = CaseEvent(case.received_at, "clerk01", "1", "decided", CaseStatus.ACCEPTED, "受理")  # type: ignore[arg-type]
    accepted = replace(case, status=CaseStatus.ACCEPTED, events=(*case.events, ev))
    assert _push(central, headers, _op(accepted.to_dict(), 1))[0]["version"] == 2
    # another window still holds version 1 and changes the promised date
    stale = replace(case, promised_date=None)
    result = _push(central, headers, _op(stale.to_dict(), 1))[0]
    assert result["status"] == "conflict"
    assert result["version"] == 2
    # what the SERVER changed since version 1 (not this window's own change), and that base
    assert "status" in result["changed"] and "promised_date" not in result["changed"]
    assert result["base"] == created["case"]
    assert result["current"]["status"] == CaseStatus.ACCEPTED.value
    assert CaseStatus.ACCEPTED.label in result["detail"]
    # a create of an existing, different case is a conflict too
    assert _push(central, headers, _op(stale.to_dict(), None))[0]["status"] == "conflict"
    # sent again on the same base it goes back in the lifecycle: refused, not a conflict
    back = _push(central, headers, _op(stale.to_dict(), 2))[0]
    assert back["status"] == "rejected" and "不能从「已受理」变为「已收件」" in back["detail"]
    # the change merged onto the server's case applies
    merged = replace(accepted, promised_date=None)
    assert _push(central, headers, _op(merged.to_dict(), 2))[0]["version"] == 3


def test_malformed_operations_are_rejected_alone(central: Central) -> None:
    headers = central.login(window_no=1)
    good = _op(make_case(_first_item(central), sequence=2).to_dict(), None)
    other_hall = _op(make_case(_first_item(central), hall_code="HS02").to_dict(), None)
    ops: list[dict[str, Any]] = [
        {"op_id": "a1", "kind": "case.upsert", "base_version": None, "payload": {}},
        {"op_id": "a2", "kind": "nonsense", "base_version": None, "payload": {}},
        {"op_id": "a3", "kind": "case.upsert", "base_version": "x", "payload": {}},
        other_hall,
        good,
        {
            "op_id": "a4",
            "kind": "applicant.save",
            "base_version": None,
            "payload": {"id_kind": "resident_id", "id_number": "110105194912310021", "name": "错"},
        },
    ]
    results = _push(central, headers, *ops)
    assert [r["status"] for r in results] == [
        "rejected", "rejected", "rejected", "rejected", "applied", "rejected",
    ]  # fmt: skip
    assert all(r["detail"] for r in results if r["status"] == "rejected")
    assert "HS02" in results[3]["detail"]


def test_push_needs_login_and_bounded_batches(central: Central) -> None:
    response = central.client.post("/api/v1/sync/push", json={"operations": []})
    assert response.status_code == 401
    headers = central.login(window_no=1)
    too_many = [{"op_id": str(i)} for i in range(501)]
    response = central.client.post(
        "/api/v1/sync/push", json={"operations": too_many}, headers=headers
    )
    assert response.status_code == 422
    response = central.client.get("/api/v1/sync/pull?cursor=garbage", headers=headers)
    assert response.status_code == 422 and "游标" in response.json()["detail"]


def test_pull_is_per_hall_and_resumes_at_the_cursor(central: Central) -> None:
    headers = central.login(window_no=1)
    other = central.login("hs02_clerk01", window_no=1)
    item = _first_item(central)
    ops = [_op(make_case(item, sequence=i).to_dict(), None) for i in range(1, 11)]
    _push(central, headers, *ops[:5])
    first, cursor = _pull_until(central, headers, 5)
    assert len(first) == 5
    _push(central, headers, *ops[5:])
    second, cursor = _pull_until(central, headers, 5, cursor)
    assert [c["key"] for c in first + second] == [o["payload"]["case"]["number"] for o in ops]
    assert _pull_all(central, headers, cursor)[0] == []
    assert _pull_all(central, other)[0] == []


def test_catalog_delta_reaches_every_hall(central: Central) -> None:
    headers = central.login(window_no=1)
    head = central.client.get("/api/v1/sync/head", headers=headers).json()["cursor"]
    items = central.catalog.items
    engine = make_engine(central.url)
    try:
        with make_session_factory(engine)() as session:
            changed = replace(items[1], name=items[1].name + "（新）", version=items[1].version + 1)
            apply_catalog_delta(
                session, items=[changed], withdrawn=[items[2].code], catalog_version="2026.12"
            )
    finally:
        engine.dispose()
    for who in (headers, central.login("hs02_clerk01", window_no=1)):
        changes, _ = _pull_until(central, who, 3, head)
        by_key = {c["key"]: c for c in changes}
        assert by_key[items[1].code]["data"]["name"].endswith("（新）")
        assert by_key[items[2].code]["data"]["withdrawn"] is True
        assert by_key["version"]["data"] == {"catalog_version": "2026.12"}
    meta = central.client.get("/api/v1/catalog/meta", headers=headers).json()
    assert meta["catalog_version"] == "2026.12"


@pytest.mark.postgres
def test_pull_never_skips_a_transaction_that_commits_late(central: Central) -> None:
    if not central.url.startswith("postgresql"):
        pytest.skip("the transaction-id watermark is PostgreSQL's")
    headers = central.login(window_no=1)
    engine = make_engine(central.url)
    factory = make_session_factory(engine)
    try:
        _, cursor = _pull_all(central, headers)
        slow = factory()
        record_change(slow, "hall", "HS01", {"n": "slow"})  # takes the lower transaction id
        with factory() as fast:
            record_change(fast, "hall", "HS01", {"n": "fast"})
            fast.commit()
        # the fast one has committed, but a lower transaction is still open: nothing yet
        early, cursor = _pull_all(central, headers, cursor)
        assert early == []
        slow.commit()
        slow.close()
        late, cursor = _pull_until(central, headers, 2, cursor)
        assert sorted(c["data"]["n"] for c in late) == ["fast", "slow"]
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_concurrent_writers_committing_out_of_order_lose_nothing(central: Central) -> None:
    if not central.url.startswith("postgresql"):
        pytest.skip("the transaction-id watermark is PostgreSQL's")
    headers = central.login(window_no=1)
    engine = make_engine(central.url, pool_size=8)
    factory = make_session_factory(engine)
    writers, per_writer = 6, 25
    errors: list[BaseException] = []

    def write(w: int) -> None:
        rng = random.Random(w)
        try:
            for i in range(per_writer):
                with factory() as session:
                    record_change(session, "hall", "HS01", {"w": w, "i": i})
                    time.sleep(rng.random() * 0.02)  # hold it open: commits interleave
                    session.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    seen: list[tuple[int, int]] = []
    cursor = ""
    try:
        for th in threads:
            th.start()
        # pull while they write; after they finish, keep pulling: a transaction still open
        # anywhere in the cluster holds the watermark back (a delay, never a skip)
        deadline = time.monotonic() + 120
        while len(seen) < writers * per_writer and time.monotonic() < deadline:
            changes, cursor = _pull_all(central, headers, cursor)
            seen.extend((c["data"]["w"], c["data"]["i"]) for c in changes)
            time.sleep(0.005)
        changes, cursor = _pull_all(central, headers, cursor)
        seen.extend((c["data"]["w"], c["data"]["i"]) for c in changes)
    finally:
        for th in threads:
            th.join()
        engine.dispose()
    assert errors == []
    assert sorted(seen) == [(w, i) for w in range(writers) for i in range(per_writer)]


def test_the_same_operation_pushed_twice_at_once_applies_once(central: Central) -> None:
    """Four requests with one operation id race (retries while the first is still running)."""
    from clerk_app.central.services.auth import AuthUser
    from clerk_app.central.services.sync import Operation, apply_operation
    from clerk_app.contract.sync import OpResult

    user = AuthUser(1, "clerk01", "张敏", "clerk", 1, "HS01", "黄石市民之家", 1, None)
    engine = make_engine(central.url)
    factory = make_session_factory(engine)
    item = _first_item(central)

    def push_it(op: Operation, barrier: threading.Barrier, answers: list[OpResult]) -> None:
        barrier.wait()
        with factory() as session:
            answers.append(apply_operation(session, user, op, 1, datetime_now()))

    try:
        for round_no in range(1, 6):
            case = make_case(item, sequence=round_no).to_dict()
            op = Operation(str(uuid.uuid4()), "case.upsert", None, {"case": case})
            barrier = threading.Barrier(4)
            answers: list[OpResult] = []
            threads = [
                threading.Thread(target=push_it, args=(op, barrier, answers)) for _ in range(4)
            ]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            assert sorted(a.status for a in answers) == ["applied"] + ["duplicate"] * 3
            assert {a.version for a in answers} == {1}
            # and an update of the existing case (PostgreSQL: row lock, then look again)
            changed = {**case, "promised_date": None}
            op = Operation(str(uuid.uuid4()), "case.upsert", 1, {"case": changed})
            barrier = threading.Barrier(4)
            answers = []
            threads = [
                threading.Thread(target=push_it, args=(op, barrier, answers)) for _ in range(4)
            ]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            assert sorted(a.status for a in answers) == ["applied"] + ["duplicate"] * 3
            assert {a.version for a in answers} == {2}
        assert _count(central, CaseRecord) == 5
        assert _count(central, AppliedOperation) == 10
    finally:
        engine.dispose()


def datetime_now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)

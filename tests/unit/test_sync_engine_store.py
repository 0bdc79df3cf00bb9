"""LocalStore's sync bookkeeping on a real SQLite file: pulls are atomic with their cursor,
local changes are never overwritten by a pull, base versions chain within a batch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clerk_app.contract.sync import Change, OpResult, OpStatus
from clerk_app.domain.cases import Case, CaseEvent, CaseStatus, IdKind, Person
from clerk_app.domain.catalog import Item
from clerk_app.store.local import LocalStore
from clerk_app.store.outbox import OutboxOperation

PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")
ITEM = Item("T-001", "测试事项", "测试局", department_code="CS", zone="SOCIAL")


def _case(store: LocalStore) -> Case:
    at = datetime.now(UTC)
    return store.cases.save_new(
        Case("", "HS01", 1, ITEM, PERSON, status=CaseStatus.ACCEPTED, received_at=at, clerk="c")
    )


def _applied(op: OutboxOperation, version: int) -> tuple[OutboxOperation, OpResult]:
    return op, OpResult(op_id=op.op_id, status=OpStatus.APPLIED, version=version)


def _remote(case: Case, status: CaseStatus) -> dict[str, Any]:
    ev = CaseEvent(datetime.now(UTC), "dept01", "审批科", "status", status, "部门办理")
    return replace(case, status=status, events=(*case.events, ev)).to_dict()


@pytest.fixture
def store(tmp_path: Path) -> Any:
    local = LocalStore(tmp_path / "w.db")
    local.catalog.replace("v1", [ITEM], [])
    yield local
    local.close()


def test_a_pull_is_applied_with_its_cursor_or_not_at_all(store: LocalStore) -> None:
    case = _case(store)
    store.outbox.record_results([_applied(store.outbox.pending()[0], 1)])
    good = Change(kind="case", key=case.number, version=2, data=_remote(case, CaseStatus.IN_REVIEW))

    def broken() -> Any:
        yield good
        raise RuntimeError("connection lost while reading the page")

    with pytest.raises(RuntimeError):
        store.pull.apply(broken(), "v1.0.9")
    assert store.pull.cursor() is None
    assert store.cases.get(case.number).status is CaseStatus.ACCEPTED  # type: ignore[union-attr]

    bad_item = Change(kind="item", key="X", version=1, data={"code": "X"})  # no name
    applied = store.pull.apply([bad_item, good], "v1.0.9")
    assert applied.cases == 1 and store.pull.cursor() == "v1.0.9"
    assert store.cases.get(case.number).status is CaseStatus.IN_REVIEW  # type: ignore[union-attr]
    assert store.catalog.item("X") is None
    assert store.outbox.sync_counts() == (0, 0)  # applying a pull queues nothing


def test_a_pull_never_overwrites_waiting_local_changes(store: LocalStore) -> None:
    case = _case(store)
    store.outbox.record_results([_applied(store.outbox.pending()[0], 1)])
    store.cases.update(replace(case, promised_date=date(2026, 12, 31)), case.events[0])
    remote = _remote(case, CaseStatus.IN_REVIEW)
    store.pull.apply([Change(kind="case", key=case.number, version=2, data=remote)], "c1")
    local = store.cases.get(case.number)
    assert local is not None and local.promised_date == date(2026, 12, 31)
    [op] = store.outbox.pending()
    assert op.base_version == 1  # still based on what this window saw: the push will conflict
    conflict = OpResult(
        op_id=op.op_id, status=OpStatus.CONFLICT, version=2, detail="已被修改", changed=["status"]
    )
    store.outbox.record_results([(op, conflict)])
    [rejected] = store.rejected.all()
    assert rejected.conflict and rejected.changed == ("status",)
    store.rejected.discard(rejected.op_id)
    assert store.cases.get(case.number) == Case.from_dict(remote)  # the server's version


def test_a_pulled_case_of_another_pc_keeps_numbers_unique(store: LocalStore) -> None:
    first = _case(store)
    remote = replace(first, number=first.number[:-4] + "0042")
    store.pull.apply(
        [Change(kind="case", key=remote.number, version=3, data=remote.to_dict())], "c"
    )
    assert store.cases.get(remote.number) is not None
    assert _case(store).number.endswith("0043")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plan=st.lists(st.tuples(st.integers(0, 3), st.booleans()), min_size=1, max_size=25),
    batch=st.integers(1, 8),
)
def test_base_versions_chain_in_order_within_a_batch(
    tmp_path_factory: pytest.TempPathFactory, plan: list[tuple[int, bool]], batch: int
) -> None:
    """Pushing batch after batch, every case operation's base is the version the server holds
    when it arrives — the server's answer to the previous one."""
    store = LocalStore(tmp_path_factory.mktemp("chain") / "w.db")
    store.catalog.replace("v1", [ITEM], [])
    cases: dict[int, Case] = {}
    for which, _print in plan:
        if which not in cases:
            cases[which] = _case(store)
        else:
            at = datetime.now(UTC)
            store.prints.record(cases[which].number, "acceptance_notice", "c", at)
    server: dict[str, int] = {}
    while ops := store.outbox.pending(batch):
        outcomes = []
        for op in ops:
            assert op.base_version == (server.get(op.ref) or None)
            server[op.ref] = server.get(op.ref, 0) + 1
            outcomes.append(_applied(op, server[op.ref]))
        store.outbox.record_results(outcomes)
    assert store.outbox.sync_counts() == (0, 0)
    store.close()


def test_merge_after_conflict_keeps_both_sides_changes_and_the_whole_trail() -> None:
    from clerk_app.store.rejected import merge_after_conflict

    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    created = CaseEvent(at, "c", "1", "created", CaseStatus.ACCEPTED, "收件")
    base = Case("HS01-01-20261123-0001", "HS01", 1, ITEM, PERSON, status=CaseStatus.ACCEPTED,
                received_at=at, promised_date=date(2026, 12, 4), events=(created,))  # fmt: skip
    dept = CaseEvent(at.replace(hour=10), "dept", "科室", "status", CaseStatus.IN_REVIEW, "审批")
    server = replace(base, status=CaseStatus.IN_REVIEW, events=(created, dept))
    mail = CaseEvent(at.replace(hour=11), "c", "1", "edit", None, "改为邮寄")
    local = replace(base, delivery_mode="mail", mail_address="黄石市", events=(created, mail))
    merged = merge_after_conflict(local, server, base)
    assert merged.status is CaseStatus.IN_REVIEW  # the department's change stays
    assert (merged.delivery_mode, merged.mail_address) == ("mail", "黄石市")  # the clerk's too
    assert merged.events == (created, dept, mail)
    # a status the lifecycle cannot reach from the server's is not forced on it
    refused = replace(local, status=CaseStatus.REFUSED)
    assert merge_after_conflict(refused, server, base).status is CaseStatus.IN_REVIEW
    # without the base, this window's fields win but the trail is still merged
    no_base = merge_after_conflict(local, server, None)
    assert no_base.events == (created, dept, mail) and no_base.delivery_mode == "mail"
    # the server records a window's event as its own (actor, time, status): still the same one
    recorded = replace(created, at=at.replace(hour=9, minute=5), actor="clerk01", window="1号窗口")
    rewritten = replace(server, events=(recorded, dept))
    assert merge_after_conflict(local, rewritten, base).events == (recorded, dept, mail)
    # two reprints are two events
    reprint = CaseEvent(at.replace(hour=12), "c", "1", "printed", None, "补打 受理通知书")
    twice = replace(local, events=(created, reprint, replace(reprint, at=at.replace(hour=13))))
    once = replace(server, events=(created, dept, reprint))
    assert [e.action for e in merge_after_conflict(twice, once, base).events] == [
        "created", "status", "printed", "printed",
    ]  # fmt: skip

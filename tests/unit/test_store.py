"""LocalStore on real SQLite files: schema, catalog cache, search, applicants, cases, printing,
login cache and settings."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import clerk_app.store.local as local_module
from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    IdKind,
    InvalidTransition,
    Person,
    parse_case_number,
)
from clerk_app.domain.catalog import HandlingKind, Item
from clerk_app.store import catalog
from clerk_app.store.cases import CaseNotFound, DuplicateCase
from clerk_app.store.local import LocalStore
from clerk_app.store.logins import CachedUser
from clerk_app.store.schema import metadata
from tests.bench.common import synthetic_bundles, synthetic_items

T0 = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
APPLICANT = Person(IdKind.RESIDENT_ID, "42280119900307123X", "王小明", "13972000000")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    s = LocalStore(tmp_path / "counter.db")
    yield s
    s.close()


@pytest.fixture
def items() -> list[Item]:
    return synthetic_items(300, seed=11)


def new_case(item: Item, *, window: int = 5, at: datetime = T0, person: Person = APPLICANT) -> Case:
    return Case("", "HS01", window, item, person, received_at=at, clerk="clerk05")


def raw(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


# ---------------------------------------------------------------- schema


def test_pragmas_and_migrated_schema_match_the_metadata(store: LocalStore, tmp_path: Path) -> None:
    with store.database.engine.connect() as conn:  # the store's own pooled connection
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine = create_engine(f"sqlite:///{tmp_path / 'counter.db'}")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    engine.dispose()
    migrations = Path(local_module.__file__).parent / "migrations" / "versions"
    newest = max(f.name.split("_", 1)[0] for f in migrations.glob("[0-9]*_*.py"))
    assert version == newest  # opened stores are always at the newest migration


def test_reopening_keeps_data_and_migrations_are_idempotent(tmp_path: Path) -> None:
    first = LocalStore(tmp_path / "c.db")
    first.settings.set("window_no", "5")
    first.close()
    second = LocalStore(tmp_path / "c.db")
    assert second.settings.get("window_no") == "5"
    second.close()


def test_in_memory_store_works() -> None:
    s = LocalStore(":memory:")
    s.settings.set("k", "v")
    assert s.settings.get("k") == "v"
    assert s.catalog.item_count() == 0
    s.close()


def test_settings(store: LocalStore) -> None:
    assert store.settings.get("missing") is None
    assert store.settings.get("missing", "默认") == "默认"
    store.settings.set("hall_code", "HS01")
    store.settings.set("hall_code", "HS02")
    assert store.settings.get("hall_code") == "HS02"


# ---------------------------------------------------------------- catalog


def test_catalog_round_trip(store: LocalStore, items: list[Item]) -> None:
    bundles = synthetic_bundles(items)
    assert store.catalog.replace("2026.11", items, bundles) == len(items)
    assert store.catalog.version() == "2026.11"
    assert store.catalog.item_count() == len(items)
    for item in items[:20]:
        assert store.catalog.item(item.code) == item
    assert store.catalog.item("NO-SUCH") is None
    assert store.catalog.bundles() == sorted(bundles, key=lambda b: b.code)


def test_replacing_the_catalog_drops_the_old_one(store: LocalStore, items: list[Item]) -> None:
    store.catalog.replace("v1", items, synthetic_bundles(items))
    store.catalog.replace("v2", items[:10], [])
    assert store.catalog.version() == "v2"
    assert store.catalog.item_count() == 10
    assert store.catalog.item(items[50].code) is None
    assert store.catalog.bundles() == []


def test_a_failing_catalog_replacement_keeps_the_previous_catalog(
    store: LocalStore, items: list[Item]
) -> None:
    store.catalog.replace("v1", items, [])

    def broken() -> Iterator[Item]:
        yield from items[:5000]
        raise ConnectionError("download cut")

    with pytest.raises(ConnectionError):
        store.catalog.replace("v2", broken(), [])
    with pytest.raises(ValueError, match="事项编码重复"):
        store.catalog.replace("v3", [items[0], items[0]], [])
    assert store.catalog.version() == "v1"
    assert store.catalog.item_count() == len(items)
    assert store.catalog.search(items[1].code)[0].code == items[1].code


# ---------------------------------------------------------------- search


def test_search_items_by_name_code_pinyin(store: LocalStore) -> None:
    catalog = [
        Item("ZR-001", "不动产首次登记", "恩施市自然资源和规划局", zone="ESTATE"),
        Item("ZR-002", "不动产转移登记", "恩施市自然资源和规划局", zone="ESTATE"),
        Item("GA-001", "户口迁移", "恩施市公安局", zone="POLICE", handling=HandlingKind.IMMEDIATE),
        Item("GA-002", "户口迁出（已停止）", "恩施市公安局", zone="POLICE", withdrawn=True),
        Item("YH-001", "银行开户许可", "人民银行恩施州中心支行", zone="ENTERPRISE"),
    ]
    store.catalog.replace("v1", catalog, [])
    hits = store.catalog.search("户口")
    assert [h.code for h in hits] == ["GA-001"]  # the withdrawn item is not offered
    assert hits[0].handling is HandlingKind.IMMEDIATE and hits[0].zone == "POLICE"
    assert [h.code for h in store.catalog.search("bdc")] == ["ZR-001", "ZR-002"]
    assert [h.code for h in store.catalog.search("bdcscdj")] == ["ZR-001"]
    assert [h.code for h in store.catalog.search("yh")] == ["YH-001"]
    assert [h.code for h in store.catalog.search("zr-00")] == ["ZR-001", "ZR-002"]
    assert [h.code for h in store.catalog.search("公安局")] == ["GA-001"]
    assert store.catalog.item("GA-002") is not None  # still readable for old cases


def test_frequent_items_of_the_window_come_first(store: LocalStore) -> None:
    catalog = [
        Item("A", "不动产登记", "局"),
        Item("B", "不动产抵押登记", "局"),
        Item("C", "不动产转移登记", "局"),
    ]
    store.catalog.replace("v1", catalog, [])
    assert [h.code for h in store.catalog.search("不动产", window_no=5)] == ["A", "B", "C"]
    for _ in range(3):
        store.catalog.note_used(5, "C")
    store.catalog.note_used(5, "B")
    hits = store.catalog.search("不动产", window_no=5)
    assert [(h.code, h.frequent) for h in hits] == [("C", True), ("B", True), ("A", False)]
    # another window has its own habits; an empty query lists the frequent items
    assert [h.code for h in store.catalog.search("不动产", window_no=6)] == ["A", "B", "C"]
    assert [h.code for h in store.catalog.search("", window_no=5)] == ["C", "B"]
    assert store.catalog.search("") == []


def test_the_index_follows_a_catalog_replaced_by_another_store_on_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalog, "_TOKEN_RECHECK_S", 0.0)  # normally noticed within 2 s
    ui = LocalStore(tmp_path / "c.db")
    sync = LocalStore(tmp_path / "c.db")
    ui.catalog.replace("v1", [Item("A", "户口迁移", "公安局")], [])
    assert [h.code for h in ui.catalog.search("户口")] == ["A"]
    sync.catalog.replace("v2", [Item("B", "户口迁入", "公安局")], [])
    assert [h.code for h in ui.catalog.search("户口")] == ["B"]
    ui.close()
    sync.close()


# ---------------------------------------------------------------- applicants


def test_applicants_are_remembered_and_queued(store: LocalStore, tmp_path: Path) -> None:
    ric = IdKind.RESIDENT_ID
    assert store.applicants.find(ric, APPLICANT.id_number) is None
    store.applicants.save(replace(APPLICANT, id_number=APPLICANT.id_number.lower()))
    assert store.applicants.find(ric, " 42280119900307123x ") == APPLICANT
    store.applicants.save(replace(APPLICANT, mobile="+8613900000000"))
    found = store.applicants.find(ric, APPLICANT.id_number)
    assert found is not None and found.mobile == "+8613900000000"
    outbox = raw(tmp_path / "counter.db", "SELECT kind, ref FROM outbox")
    assert outbox == [("applicant.save", APPLICANT.id_number)] * 2


def test_applicants_are_keyed_by_kind_country_and_number(store: LocalStore) -> None:
    """Issue 13: one passport number issued by two countries is two people; the same digits
    as another kind of document are another record."""
    american = Person(IdKind.PASSPORT, "E12345678", "John Smith", "+16502530000", nationality="USA")
    german = Person(IdKind.PASSPORT, "E12345678", "Hans Müller", "+4930123456", nationality="DEU")
    store.applicants.save(american)
    store.applicants.save(german)
    assert store.applicants.find(IdKind.PASSPORT, "E12345678", "USA") == american
    assert store.applicants.find(IdKind.PASSPORT, "e12345678", "deu") == german
    assert store.applicants.find(IdKind.PASSPORT, "E12345678", "JPN") is None
    assert store.applicants.find(IdKind.HMT_RESIDENCE, APPLICANT.id_number) is None
    # kinds other than passports ignore a country given by mistake
    store.applicants.save(APPLICANT)
    assert store.applicants.find(IdKind.RESIDENT_ID, APPLICANT.id_number, "USA") == APPLICANT


def test_migration_keys_existing_applicants_by_document(tmp_path: Path) -> None:
    """A counter's store of before issue 13 (keyed by number) keeps its applicants."""
    from alembic import command
    from alembic.config import Config

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", "clerk_app.store:migrations")
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0009")
    old = json.dumps(APPLICANT.to_dict(), ensure_ascii=False)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO applicants (id_number, id_kind, name, updated_at, data)"
            " VALUES (?, 'resident_id', '王小明', '2026-01-01T09:00:00', ?)",
            (APPLICANT.id_number, old),
        )
    engine.dispose()
    store = LocalStore(path)
    try:
        found = store.applicants.find(IdKind.RESIDENT_ID, APPLICANT.id_number)
        assert found == replace(APPLICANT, mobile="+8613972000000")  # stored as E.164 now
    finally:
        store.close()


# ---------------------------------------------------------------- cases


def test_new_cases_get_sequential_numbers_per_window_and_day(
    store: LocalStore, items: list[Item]
) -> None:
    a = store.cases.save_new(new_case(items[0]))
    b = store.cases.save_new(new_case(items[1]))
    other_window = store.cases.save_new(new_case(items[2], window=6))
    next_day = store.cases.save_new(new_case(items[3], at=T0 + timedelta(days=1)))
    assert [a.number, b.number, other_window.number, next_day.number] == [
        "HS01-05-20261123-0001",
        "HS01-05-20261123-0002",
        "HS01-06-20261123-0001",
        "HS01-05-20261124-0001",
    ]
    assert store.cases.get(a.number) == a
    assert a.events[0].action == "created" and a.events[0].status is CaseStatus.RECEIVED


def test_a_given_number_is_kept_and_never_handed_out_again(
    store: LocalStore, items: list[Item]
) -> None:
    given = store.cases.save_new(replace(new_case(items[0]), number="HS01-05-20261123-0007"))
    assert given.number == "HS01-05-20261123-0007"
    assert store.cases.save_new(new_case(items[1])).number == "HS01-05-20261123-0008"
    with pytest.raises(DuplicateCase):
        store.cases.save_new(replace(new_case(items[2]), number=given.number))
    with pytest.raises(ValueError, match="案件编号格式不正确"):
        store.cases.save_new(replace(new_case(items[2]), number="not-a-number"))


def test_update_case_appends_the_event_and_checks_the_transition(
    store: LocalStore, items: list[Item], tmp_path: Path
) -> None:
    case = store.cases.save_new(new_case(items[0]))
    decided = CaseEvent(T0 + timedelta(minutes=5), "clerk05", "5", "decided", CaseStatus.ACCEPTED)
    store.cases.update(replace(case, status=CaseStatus.ACCEPTED), decided)
    stored = store.cases.get(case.number)
    assert stored is not None
    assert stored.status is CaseStatus.ACCEPTED
    assert stored.events == (*case.events, decided)
    with pytest.raises(InvalidTransition, match="不能从「已受理」变为「已领取」"):
        store.cases.update(replace(stored, status=CaseStatus.DELIVERED), decided)
    with pytest.raises(CaseNotFound):
        store.cases.update(replace(case, number="HS01-05-20261123-0099"), decided)
    assert store.cases.get(case.number) == stored  # the refused update changed nothing
    rows = raw(
        tmp_path / "counter.db",
        f"SELECT position, action FROM case_events WHERE case_number = '{case.number}'",
    )
    assert rows == [(0, "created"), (1, "decided")]
    kinds = raw(tmp_path / "counter.db", "SELECT kind FROM outbox ORDER BY id")
    assert kinds == [("case.create",), ("case.update",)]


def test_update_case_keeps_events_recorded_meanwhile(store: LocalStore, items: list[Item]) -> None:
    case = store.cases.save_new(new_case(items[0]))
    store.prints.record(case.number, "material_receipt", "clerk05", T0 + timedelta(minutes=1))
    decided = CaseEvent(T0 + timedelta(minutes=2), "clerk05", "5", "decided", CaseStatus.REFUSED)
    store.cases.update(replace(case, status=CaseStatus.REFUSED), decided)  # stale events
    stored = store.cases.get(case.number)
    assert stored is not None
    assert [e.action for e in stored.events] == ["created", "printed", "decided"]


def test_search_cases(store: LocalStore, items: list[Item]) -> None:
    other = Person(IdKind.RESIDENT_ID, "420202198805061234", "李红")
    a = store.cases.save_new(new_case(items[0]))
    b = store.cases.save_new(new_case(items[1], person=other, at=T0 + timedelta(hours=1)))
    c = store.cases.save_new(new_case(items[2], window=6, at=T0 + timedelta(days=2)))
    store.cases.update(
        replace(b, status=CaseStatus.ACCEPTED),
        CaseEvent(T0, "clerk05", "5", "decided", CaseStatus.ACCEPTED),
    )

    def numbers(**kw: object) -> list[str]:
        return [s.number for s in store.cases.search(**kw)]  # type: ignore[arg-type]

    assert numbers() == [c.number, b.number, a.number]  # newest first
    assert numbers(text="李红") == [b.number]
    assert numbers(text="420202") == [b.number]
    assert numbers(text=items[2].name) == [c.number] or items[2].name in items[0].name
    assert numbers(text=items[0].code) == [a.number]
    assert numbers(text="hs01-06") == [c.number]
    assert numbers(status=CaseStatus.ACCEPTED) == [b.number]
    assert numbers(window_no=6) == [c.number]
    assert numbers(date_from=date(2026, 11, 24)) == [c.number]
    assert numbers(date_to=date(2026, 11, 23)) == [b.number, a.number]
    assert numbers(text="%") == []  # LIKE wildcards are literal
    assert numbers(limit=1) == [c.number]
    summary = store.cases.search(text="李红")[0]
    assert summary.applicant_id_masked == "4202**********1234"
    assert (summary.status, summary.window_no, summary.clerk) == (CaseStatus.ACCEPTED, 5, "clerk05")
    assert summary.received_at == T0 + timedelta(hours=1)


# ---------------------------------------------------------------- printing


def test_record_print_flags_reprints_and_appends_an_event(
    store: LocalStore, items: list[Item]
) -> None:
    case = store.cases.save_new(new_case(items[0]))
    first = store.prints.record(case.number, "acceptance_notice", "clerk05", T0)
    receipt = store.prints.record(case.number, "material_receipt", "clerk05", T0)
    again = store.prints.record(
        case.number, "acceptance_notice", "helper01", T0 + timedelta(hours=2)
    )
    assert (first.reprint, receipt.reprint, again.reprint) == (False, False, True)
    assert store.prints.log(case.number) == [first, receipt, again]
    stored = store.cases.get(case.number)
    assert stored is not None
    printed = [e for e in stored.events if e.action == "printed"]
    assert [(e.actor, e.detail) for e in printed] == [
        ("clerk05", "打印 acceptance_notice"),
        ("clerk05", "打印 material_receipt"),
        ("helper01", "补打 acceptance_notice"),
    ]
    with pytest.raises(CaseNotFound):
        store.prints.record("HS01-05-20261123-0404", "acceptance_notice", "clerk05", T0)
    assert store.prints.log("HS01-05-20261123-0404") == []


# ---------------------------------------------------------------- login cache


def test_cached_login_never_stores_the_password(store: LocalStore, tmp_path: Path) -> None:
    user = CachedUser("clerk05", "张敏", "clerk", "HS01", "黄石市民之家", 5, None)
    assert store.logins.check("clerk05", "Demo@2026") is None
    store.logins.remember(user, "Demo@2026")
    assert store.logins.check("clerk05", "Demo@2026") == user
    assert store.logins.check("clerk05", "demo@2026") is None
    assert store.logins.check("clerk06", "Demo@2026") is None
    conn = sqlite3.connect(tmp_path / "counter.db")
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert "Demo@2026" not in dump and "$argon2id$" in dump
    # a new password replaces the old one
    store.logins.remember(user, "New@2027")
    assert store.logins.check("clerk05", "Demo@2026") is None
    assert store.logins.check("clerk05", "New@2027") == user


# ---------------------------------------------------------------- concurrency


def test_two_stores_on_one_file_never_share_a_number(tmp_path: Path, items: list[Item]) -> None:
    path = tmp_path / "shared.db"
    LocalStore(path).close()
    numbers: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        s = LocalStore(path)
        for i in range(25):
            n = s.cases.save_new(new_case(items[i])).number
            with lock:
                numbers.append(n)
        s.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seqs = sorted(p[3] for n in numbers if (p := parse_case_number(n)) is not None)
    assert seqs == list(range(1, 76))


def test_data_json_matches_the_columns(
    store: LocalStore, items: list[Item], tmp_path: Path
) -> None:
    case = store.cases.save_new(new_case(items[0]))
    [(data, status, item_code)] = raw(
        tmp_path / "counter.db", "SELECT data, status, item_code FROM cases"
    )
    assert isinstance(data, str)
    assert Case.from_dict(json.loads(data)) == case
    assert (status, item_code) == ("received", items[0].code)

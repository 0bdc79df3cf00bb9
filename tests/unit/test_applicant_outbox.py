"""``applicant.save`` goes to the outbox only when the applicant's data changed: a known
applicant's next visit adds no operation, a real change (or one the server refused) does."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from clerk_app.domain.cases import IdKind, Person
from clerk_app.store.local import LocalStore

APPLICANT = Person(IdKind.RESIDENT_ID, "42280119900307123X", "王小明", "13972000000")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "counter.db"


@pytest.fixture
def store(path: Path) -> Iterator[LocalStore]:
    s = LocalStore(path)
    yield s
    s.close()


def queued(path: Path) -> list[tuple[str, dict[str, str]]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT state, payload FROM outbox WHERE kind = 'applicant.save'")
        return [(state, json.loads(payload)) for state, payload in rows]
    finally:
        conn.close()


def test_the_same_applicant_again_queues_nothing(store: LocalStore, path: Path) -> None:
    store.applicants.save(APPLICANT)
    store.applicants.save(APPLICANT)
    store.applicants.save(replace(APPLICANT, id_number=APPLICANT.id_number.lower()))
    assert [state for state, _payload in queued(path)] == ["pending"]


def test_a_sent_applicant_again_queues_nothing(store: LocalStore, path: Path) -> None:
    store.applicants.save(APPLICANT)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE outbox SET state = 'done'")
    store.applicants.save(APPLICANT)
    assert [state for state, _payload in queued(path)] == ["done"]


def test_a_change_is_queued_and_going_back_is_a_change_too(store: LocalStore, path: Path) -> None:
    store.applicants.save(APPLICANT)
    store.applicants.save(replace(APPLICANT, mobile="+8613900000000"))
    store.applicants.save(APPLICANT)
    mobiles = [payload["mobile"] for _state, payload in queued(path)]
    assert mobiles == ["13972000000", "+8613900000000", "13972000000"]
    found = store.applicants.find(IdKind.RESIDENT_ID, APPLICANT.id_number)
    assert found == APPLICANT


def test_a_refused_save_is_sent_again(store: LocalStore, path: Path) -> None:
    store.applicants.save(APPLICANT)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE outbox SET state = 'rejected', error = '服务器拒绝'")
    store.applicants.save(APPLICANT)
    assert [state for state, _payload in queued(path)] == ["rejected", "pending"]


def test_a_passport_of_another_country_is_another_applicant(store: LocalStore, path: Path) -> None:
    american = Person(IdKind.PASSPORT, "E12345678", "John Smith", "+16502530000", nationality="USA")
    german = Person(IdKind.PASSPORT, "E12345678", "Hans Müller", "+4930123456", nationality="DEU")
    store.applicants.save(american)
    store.applicants.save(german)
    store.applicants.save(american)  # the newest row of this number is the German's
    assert [payload["name"] for _state, payload in queued(path)] == ["John Smith", "Hans Müller"]

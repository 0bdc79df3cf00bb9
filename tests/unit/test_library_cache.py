"""The PC's cache of library entries (store/library.py) and the lookup call (sync/library.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import responses
from sqlalchemy import inspect

from clerk_app.contract.library import LibraryEntryOut
from clerk_app.domain.cases import IdKind
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import ApiError, CentralClient, OfflineError
from clerk_app.sync.library import LOOKUP, look_up
from tests.unit.test_library_offers import entry

ID = "420202199003071234"
NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
BASE = "http://central.test"


@pytest.fixture
def store(tmp_path: Any) -> Iterator[LocalStore]:
    s = LocalStore(tmp_path / "local.sqlite3")
    yield s
    s.close()


def test_an_answer_replaces_what_was_cached_for_the_applicant(store: LocalStore) -> None:
    lib = store.library
    assert lib.cached(IdKind.RESIDENT_ID, ID) is None
    lib.remember(IdKind.RESIDENT_ID, ID, "", [entry(1), entry(2)], seen_at=NOW, as_of=NOW.date())
    later = NOW + timedelta(hours=2)
    lib.remember(IdKind.RESIDENT_ID, ID, "", [entry(2)], seen_at=later, as_of=later.date())
    cached = lib.cached(IdKind.RESIDENT_ID, ID.lower())  # the number as typed
    assert cached is not None
    assert cached.seen_at == later and [e.entry_id for e in cached.entries] == [entry(2).entry_id]
    assert cached.entries[0] == entry(2)
    # an answer with nothing in it is remembered too: the window knows it asked
    lib.remember(IdKind.RESIDENT_ID, ID, "", [], seen_at=later, as_of=later.date())
    empty = lib.cached(IdKind.RESIDENT_ID, ID)
    assert empty is not None and empty.entries == ()


def test_applicants_are_kept_apart_by_document(store: LocalStore) -> None:
    lib = store.library
    lib.remember(IdKind.PASSPORT, "E1234567", "usa", [entry(1)], seen_at=NOW, as_of=NOW.date())
    assert lib.cached(IdKind.PASSPORT, "E1234567", "GBR") is None
    assert lib.cached(IdKind.RESIDENT_ID, "E1234567") is None
    found = lib.cached(IdKind.PASSPORT, "e1234567", "USA")
    assert found is not None and len(found.entries) == 1
    no_expiry = replace(entry(3), valid_until=None)
    lib.remember(IdKind.USCC, "91420200MA4K0X1234", "", [no_expiry], seen_at=NOW, as_of=NOW.date())
    org = lib.cached(IdKind.USCC, "91420200MA4K0X1234")
    assert org is not None and org.entries == (no_expiry,)


def test_applicants_not_seen_for_the_keep_days_are_forgotten(store: LocalStore) -> None:
    lib = store.library
    old = NOW - timedelta(days=lib.KEEP_DAYS + 1)
    lib.remember(IdKind.RESIDENT_ID, ID, "", [entry(1)], seen_at=old, as_of=old.date())
    lib.remember(IdKind.USCC, "91420200MA4K0X1234", "", [entry(2)], seen_at=NOW, as_of=NOW.date())
    assert lib.cached(IdKind.RESIDENT_ID, ID) is None  # purged by the later answer
    assert lib.purge(NOW + timedelta(seconds=1)) == 1
    assert lib.cached(IdKind.USCC, "91420200MA4K0X1234") is None


def test_no_file_is_cached_only_the_rows(store: LocalStore) -> None:
    columns = {c["name"] for c in inspect(store.database.engine).get_columns("library_cache")}
    assert "sha256" not in columns and "data" not in columns and "path" not in columns


def lookup_answer(*entries: Any, as_of: str = "2026-12-07") -> dict[str, Any]:
    """The server's answer (``LibraryLookupOut``) holding ``entries``, as JSON."""
    return {
        "id_kind": "resident_id",
        "nationality": "",
        "id_number_masked": "4202**********1234",
        "as_of": as_of,
        "entries": [
            LibraryEntryOut.model_validate(asdict(e)).model_dump(mode="json") for e in entries
        ],
    }


@responses.activate
def test_the_lookup_sends_the_applicant_in_the_body_and_reads_the_contract() -> None:
    route = responses.post(f"{BASE}/api/v1{LOOKUP}", json=lookup_answer(entry(1), entry(2)))
    client = CentralClient(BASE, retries=0)
    answer = look_up(client, IdKind.RESIDENT_ID, f" {ID} ", why="A012")
    assert answer.as_of == date(2026, 12, 7)
    assert answer.entries == (entry(1), entry(2))
    body = route.calls[0].request.body
    assert isinstance(body, bytes) and ID in body.decode() and "A012" in body.decode()
    assert ID not in route.calls[0].request.url


@responses.activate
def test_lookup_errors_are_the_clients_two_kinds() -> None:
    url = f"{BASE}/api/v1{LOOKUP}"
    client = CentralClient(BASE, retries=0)
    responses.post(url, json={"detail": "帮办账号不能查看共享材料库"}, status=403)
    with pytest.raises(ApiError, match="帮办账号"):
        look_up(client, IdKind.RESIDENT_ID, ID)
    responses.replace(responses.POST, url, status=503)
    with pytest.raises(OfflineError):
        look_up(client, IdKind.RESIDENT_ID, ID)
    responses.replace(responses.POST, url, json={"entries": "nonsense"})
    with pytest.raises(OfflineError, match="共享库"):
        look_up(client, IdKind.RESIDENT_ID, ID)
    client.close()
    unreachable = CentralClient("http://127.0.0.1:9", retries=0)
    responses.add_passthru("http://127.0.0.1:9")
    with pytest.raises(OfflineError):
        look_up(unreachable, IdKind.RESIDENT_ID, ID)

"""Issue 13 on the server: any reachable telephone, passports with their country, the
foreigner's permanent residence ID, and the applicant library keyed by document (kind,
country, number), on SQLite and PostgreSQL; the migration keeps the records kept before."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from clerk_app.central.db import make_engine, upgrade
from clerk_app.domain.cases import IdKind, Person
from tests.unit.test_identifiers import make_foreign_pr

from .conftest import ID_LI, Central

URL = "/api/v1/applicants"
FOREIGN_PR = make_foreign_pr("42", "840", date(1975, 6, 1), 7)  # 9 42 840 19750601 007 ·


def lookup(central: Central, headers: dict[str, str], number: str, **document: str) -> Any:
    return central.client.post(
        f"{URL}/lookup", json={"id_number": number, **document}, headers=headers
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+852 91234567", "+85291234567"),
        ("0714-6221234", "+867146221234"),
        ("008613800138000", "+8613800138000"),
    ],
)
def test_any_reachable_telephone_is_kept_in_e164(central: Central, typed: str, stored: str) -> None:
    headers = central.login()
    person = Person(IdKind.RESIDENT_ID, ID_LI, "刘桂英", typed)
    saved = central.client.put(URL, json=person.to_dict(), headers=headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["mobile"] == stored
    found = lookup(central, headers, ID_LI, id_kind="resident_id").json()
    assert found["mobile"] == stored


@pytest.mark.parametrize(
    ("phone", "reason"), [("6221234", "区号"), ("1390013900", "11位"), ("+999 1", "无法识别")]
)
def test_a_telephone_that_cannot_be_dialled_is_refused_with_its_reason(
    central: Central, phone: str, reason: str
) -> None:
    headers = central.login()
    person = Person(IdKind.RESIDENT_ID, ID_LI, "刘桂英", phone)
    refused = central.client.put(URL, json=person.to_dict(), headers=headers)
    assert refused.status_code == 422
    assert reason in refused.text
    assert lookup(central, headers, ID_LI, id_kind="resident_id").status_code == 404


def test_no_telephone_with_a_reason_is_kept(central: Central) -> None:
    headers = central.login()
    person = Person(
        IdKind.RESIDENT_ID, ID_LI, "刘桂英", contact_note="无电话，由代办人（其子）转告"
    )
    assert central.client.put(URL, json=person.to_dict(), headers=headers).status_code == 200
    found = Person.from_dict(lookup(central, headers, ID_LI, id_kind="resident_id").json())
    assert found == person


def test_passports_are_keyed_by_their_country(central: Central) -> None:
    headers = central.login()
    american = Person(IdKind.PASSPORT, "E12345678", "John Smith", "+16502530000", nationality="USA")
    german = Person(IdKind.PASSPORT, "E12345678", "Hans Müller", "+4930123456", nationality="DEU")
    for person in (american, german):
        assert central.client.put(URL, json=person.to_dict(), headers=headers).status_code == 200
    us = lookup(central, headers, "E12345678", id_kind="passport", nationality="USA")
    de = lookup(central, headers, "E12345678", id_kind="passport", nationality="DEU")
    assert Person.from_dict(us.json()) == american
    assert Person.from_dict(de.json()) == german
    jp = lookup(central, headers, "E12345678", id_kind="passport", nationality="JPN")
    assert jp.status_code == 404
    # the same characters as another kind of document are not this record
    assert lookup(central, headers, "E12345678", id_kind="resident_id").status_code == 404


@pytest.mark.parametrize(
    ("nationality", "reason"), [("", "国籍"), ("XYZ", "ISO 3166"), ("HKG", "ISO 3166")]
)
def test_a_passport_needs_a_real_country(central: Central, nationality: str, reason: str) -> None:
    headers = central.login()
    person = Person(IdKind.PASSPORT, "E12345678", "John Smith", nationality=nationality)
    refused = central.client.put(URL, json=person.to_dict(), headers=headers)
    assert refused.status_code == 422 and reason in refused.text


def test_foreign_permanent_resident_id_is_its_own_kind(central: Central) -> None:
    headers = central.login()
    person = Person(IdKind.FOREIGN_PERMANENT_RESIDENT, FOREIGN_PR, "John Smith", "+16502530000")
    saved = central.client.put(URL, json=person.to_dict(), headers=headers)
    assert saved.status_code == 200, saved.text
    kind = IdKind.FOREIGN_PERMANENT_RESIDENT.value
    assert lookup(central, headers, FOREIGN_PR, id_kind=kind).status_code == 200
    assert lookup(central, headers, FOREIGN_PR, id_kind="resident_id").status_code == 404
    # never accepted as a resident ID card
    as_ric = {**person.to_dict(), "id_kind": "resident_id"}
    refused = central.client.put(URL, json=as_ric, headers=headers)
    assert refused.status_code == 422 and "外国人永久居留身份证" in refused.json()["detail"]


def test_first_generation_id_is_refused_saying_why(central: Central) -> None:
    headers = central.login()
    person = Person(IdKind.RESIDENT_ID, "420202600101001", "刘桂英", "0714-6221234")
    refused = central.client.put(URL, json=person.to_dict(), headers=headers)
    assert refused.status_code == 422 and "2013年1月1日" in refused.json()["detail"]


def test_a_window_of_an_older_version_still_finds_by_number(central: Central) -> None:
    headers = central.login()
    person = Person(IdKind.RESIDENT_ID, ID_LI, "李四", "+8613900139000")
    central.client.put(URL, json=person.to_dict(), headers=headers)
    assert Person.from_dict(lookup(central, headers, ID_LI).json()) == person


def test_migration_keys_existing_records_by_document(db_url: str) -> None:
    upgrade(db_url, "0016")
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO applicants (hall_code, id_number, id_kind, name, mobile, address,"
                    " updated_at) VALUES ('HS01', :n, 'resident_id', '李四', '13900139000', '',"
                    " '2026-01-05 09:00:00+00:00'), ('HS01', 'E12345678', 'passport', 'John',"
                    " '', '', '2026-01-05 09:00:00+00:00')"
                ),
                {"n": ID_LI},
            )
        upgrade(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id_kind, nationality, id_number, mobile, contact_note"
                    " FROM applicants ORDER BY id_kind"
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            ("passport", "", "E12345678", "", ""),
            ("resident_id", "", ID_LI, "+8613900139000", ""),
        ]
        with engine.begin() as conn:  # a second passport of that number, another country
            conn.execute(
                text(
                    "INSERT INTO applicants (hall_code, id_number, id_kind, nationality, name,"
                    " mobile, contact_note, address, updated_at) VALUES ('HS01', 'E12345678',"
                    " 'passport', 'USA', 'John', '', '', '', '2026-01-06 09:00:00+00:00')"
                )
            )
    finally:
        engine.dispose()


def test_a_windows_queued_applicant_is_refused_saying_why(central: Central) -> None:
    """The outbox's applicant.save: a telephone that cannot be dialled and a passport without
    its country are each refused alone, with the reason the clerk will read."""
    headers = central.login(window_no=1)
    bad_phone = Person(IdKind.RESIDENT_ID, ID_LI, "刘桂英", "6221234")
    no_country = Person(IdKind.PASSPORT, "E12345678", "John Smith")
    good = Person(IdKind.RESIDENT_ID, ID_LI, "刘桂英", "0714-6221234")
    ops = [
        {"op_id": f"p{n}", "kind": "applicant.save", "base_version": None, "payload": p.to_dict()}
        for n, p in enumerate((bad_phone, no_country, good))
    ]
    response = central.client.post("/api/v1/sync/push", json={"operations": ops}, headers=headers)
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected", "applied"]
    assert "mobile" in results[0]["detail"] and "区号" in results[0]["detail"]
    assert "国籍" in results[1]["detail"]
    found = lookup(central, headers, ID_LI, id_kind="resident_id").json()
    assert found["mobile"] == "+867146221234"

"""出件 of a result whose applicant or agent holds a passport: the issuing country is part of
the identity (clerk_app.domain.handover.check_identity with ``country``)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clerk_app.domain.cases import Case, IdKind, Person
from clerk_app.domain.catalog import Item
from clerk_app.domain.countries import nationalities
from clerk_app.domain.handover import Collector, check_identity, needs_country

PASSPORT = IdKind.PASSPORT
CODES = [c.alpha3 for c in nationalities()]
APPLICANT = Person(PASSPORT, "E12345678", "John Smith", nationality="USA")
AGENT = Person(PASSPORT, "K7654321", "Jane Doe", nationality="CAN")
CITIZEN = Person(IdKind.RESIDENT_ID, "420202199003071234", "陈晓东")
CASE = Case("HS01-01-20261123-0001", "HS01", 1, Item("A", "甲", "局"), APPLICANT, agent=AGENT)
NOTE = "2026-11-20 委托书，代领"

numbers = st.from_regex(r"[A-Z0-9]{5,17}", fullmatch=True)
two_countries = st.lists(st.sampled_from(CODES), min_size=2, max_size=2, unique=True)


@given(number=numbers, countries=two_countries)
def test_same_number_from_another_country_is_refused(number: str, countries: list[str]) -> None:
    recorded, shown = countries
    case = replace(CASE, applicant=replace(APPLICANT, id_number=number, nationality=recorded))
    verdict = check_identity(case, Collector.APPLICANT, PASSPORT, number, country=shown)
    assert not verdict.ok and verdict.recipient is None
    assert "证件签发国家/地区与登记不符，不能领取" in verdict.message
    assert not verdict.needs_confirmation  # no clerk's confirmation lets it through


@given(number=numbers, recorded=st.sampled_from(CODES))
def test_same_number_and_country_hands_out(number: str, recorded: str) -> None:
    case = replace(CASE, applicant=replace(APPLICANT, id_number=number, nationality=recorded))
    verdict = check_identity(case, Collector.APPLICANT, PASSPORT, number, country=recorded.lower())
    assert verdict.ok and verdict.recipient == case.applicant and not verdict.checked_note


@given(country=st.sampled_from(["", "USA", "CHN", "XYZ"]))
def test_a_resident_id_has_no_country(country: str) -> None:
    case = replace(CASE, applicant=CITIZEN)
    verdict = check_identity(
        case, Collector.APPLICANT, IdKind.RESIDENT_ID, CITIZEN.id_number, country=country
    )
    assert verdict.ok and verdict.recipient == CITIZEN


def test_only_a_passport_needs_its_country() -> None:
    assert [kind for kind in IdKind if needs_country(kind)] == [PASSPORT]


def test_the_recorded_agent_compared_with_its_own_country() -> None:
    agent = Collector.RECORDED_AGENT
    assert check_identity(CASE, agent, PASSPORT, AGENT.id_number, country="CAN").ok
    refused = check_identity(CASE, agent, PASSPORT, AGENT.id_number, country="USA")
    assert not refused.ok and "与登记不符" in refused.message


@pytest.mark.parametrize(
    ("country", "says"), [("", "请选择护照的签发国家/地区"), ("ATLANTIS", "请从列表选择")]
)
def test_a_passport_without_a_known_country_is_asked_for_it(country: str, says: str) -> None:
    verdict = check_identity(
        CASE, Collector.APPLICANT, PASSPORT, APPLICANT.id_number, country=country
    )
    assert not verdict.ok and says in verdict.message


def test_a_wrong_number_is_said_before_the_country() -> None:
    verdict = check_identity(CASE, Collector.APPLICANT, PASSPORT, "E99999999")
    assert not verdict.ok and "证件与申请人不一致" in verdict.message


def test_a_passport_recorded_without_country_needs_the_clerks_confirmation() -> None:
    legacy = replace(CASE, applicant=replace(APPLICANT, nationality=""))
    asked = check_identity(
        legacy, Collector.APPLICANT, PASSPORT, APPLICANT.id_number, country="GBR"
    )
    assert not asked.ok and asked.needs_confirmation and "受理时未登记" in asked.message
    confirmed = check_identity(
        legacy,
        Collector.APPLICANT,
        PASSPORT,
        APPLICANT.id_number,
        country="GBR",
        unrecorded_country_confirmed=True,
    )
    assert confirmed.ok and confirmed.recipient is not None
    assert confirmed.recipient.nationality == "GBR"  # the country seen goes on the delivery
    assert "核对确认为英国" in confirmed.checked_note


def test_a_confirmation_does_not_override_a_recorded_country() -> None:
    verdict = check_identity(
        CASE,
        Collector.APPLICANT,
        PASSPORT,
        APPLICANT.id_number,
        country="GBR",
        unrecorded_country_confirmed=True,
    )
    assert not verdict.ok and "与登记不符" in verdict.message


def test_a_new_agent_with_a_passport_gives_its_country() -> None:
    new = Collector.NEW_AGENT
    missing = check_identity(
        CASE, new, PASSPORT, "G1234567", agent_name="Ann Lee", authorisation_note=NOTE
    )
    assert not missing.ok and "请选择护照的签发国家/地区" in missing.message
    given_country = check_identity(
        CASE,
        new,
        PASSPORT,
        "G1234567",
        country="sgp",
        agent_name="Ann Lee",
        authorisation_note=NOTE,
    )
    assert given_country.ok and given_country.recipient is not None
    assert given_country.recipient.nationality == "SGP"
    assert given_country.recipient.document_label == "护照（新加坡）"  # printed on 送达回证

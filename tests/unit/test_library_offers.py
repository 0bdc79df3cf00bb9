"""The offer rule (domain/library.offers) and the reuse steps (domain/library_reuse)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from clerk_app.domain.acceptance_draft import EnteredCheck
from clerk_app.domain.cases import MaterialCheck, MaterialState
from clerk_app.domain.catalog import Material
from clerk_app.domain.library import LibraryEntry, LibraryOffer, OfferKind, offers
from clerk_app.domain.library_reuse import noted, reuse_all, reuse_note, reused
from clerk_app.domain.material_checks import (
    carry_over,
    item_checks,
    marked_defective,
    recorded,
    toggled_received,
    with_copies,
)

TODAY = date(2026, 12, 7)
FILED = datetime(2025, 1, 1, tzinfo=UTC)


def entry(
    n: int, code: str = "ID", until: date | None = date(2029, 5, 1), filed: datetime = FILED
) -> LibraryEntry:
    return LibraryEntry(
        entry_id=f"{n:08d}-0000-4000-8000-000000000000",
        material_code=code,
        material_name="居民身份证复印件",
        issuer="黄石市公安局",
        document_number=f"DOC{n}",
        valid_until=until,
        origin="captured",
        source_case="HS01-1-20250101-0001",
        hall_code="HS01",
        pages=1,
        filed_at=filed,
    )


ID_COPY = Material("M1", "居民身份证复印件", standard_code="ID")
NO_CODE = Material("M2", "申请表")
LICENCE = Material("M3", "营业执照", standard_code="LIC")

days = st.integers(min_value=-400, max_value=400)


@given(st.lists(st.tuples(st.one_of(st.none(), days), days), min_size=1, max_size=8))
def test_the_best_valid_entry_is_offered(specs: list[tuple[int | None, int]]) -> None:
    entries = [
        entry(
            i,
            until=None if d is None else TODAY + timedelta(days=d),
            filed=FILED + timedelta(days=f),
        )
        for i, (d, f) in enumerate(specs)
    ]
    found = offers([ID_COPY], entries, TODAY)
    valid = [e for e in entries if e.valid_until is None or e.valid_until >= TODAY]
    offer = found[0]
    if valid:
        assert offer.kind is OfferKind.REUSABLE

        # no other valid entry lasts longer (no expiry beats any date), then newer filed
        def rank(e: LibraryEntry) -> tuple[bool, date, datetime]:
            return (e.valid_until is None, e.valid_until or date.min, e.filed_at)

        assert all(rank(offer.entry) >= rank(e) for e in valid)
    else:
        assert offer.kind is OfferKind.EXPIRED
        assert offer.entry in entries


@given(st.integers(min_value=-3, max_value=3))
def test_the_expiry_day_itself_is_still_valid(delta: int) -> None:
    found = offers([ID_COPY], [entry(1, until=TODAY + timedelta(days=delta))], TODAY)
    expected = OfferKind.REUSABLE if delta >= 0 else OfferKind.EXPIRED
    assert found[0].kind is expected


@given(st.lists(st.sampled_from(["", "ID", "LIC", "OTHER"]), max_size=6))
def test_a_line_without_a_code_is_never_matched(codes: list[str]) -> None:
    entries = [entry(i, code=c) for i, c in enumerate(codes)]
    # an entry filed without a code matches nothing either
    assert offers([NO_CODE], entries, TODAY) == {}
    found = offers([NO_CODE, ID_COPY, LICENCE], entries, TODAY)
    assert set(found) == {i for i, c in ((1, "ID"), (2, "LIC")) if c in codes}


def test_offer_texts() -> None:
    offered = LibraryOffer(OfferKind.REUSABLE, entry(1))
    assert offered.text == "库中已有（有效期至 2029-05-01）·免提交"
    expired = LibraryOffer(OfferKind.EXPIRED, entry(1, until=date(2026, 1, 2)))
    assert expired.text == "库中已过期（2026-01-02）·需提交"


def test_reuse_makes_the_line_received_with_nothing_handed_over() -> None:
    line = reused(MaterialCheck(ID_COPY), entry(7))
    assert line.state is MaterialState.RECEIVED
    assert line.copies_received == 0
    assert line.library_entry == entry(7).entry_id
    # stored with a note naming the document, unless the clerk wrote one
    by_id = {entry(7).entry_id: entry(7)}
    assert noted(line, by_id).note == "证照编号 DOC7，有效期至 2029-05-01"
    assert noted(replace(line, note="原件已核验"), by_id).note == "原件已核验"
    assert noted(MaterialCheck(ID_COPY), by_id).note == ""
    assert noted(line, {}).note == ""  # an entry no longer known: no note, the link stays
    assert reuse_note(replace(entry(1), document_number="", valid_until=None)) == ""
    long_number = replace(entry(1), document_number="X" * 21, valid_until=None)
    assert reuse_note(long_number) == ""


def test_the_key_reuses_every_offered_line_then_undoes_them() -> None:
    checks = [MaterialCheck(ID_COPY), MaterialCheck(NO_CODE), MaterialCheck(LICENCE)]
    found = {
        0: LibraryOffer(OfferKind.REUSABLE, entry(1)),
        2: LibraryOffer(OfferKind.EXPIRED, entry(2, "LIC", date(2020, 1, 1))),
    }
    changed = reuse_all(checks, found)
    assert list(changed) == [0]  # the expired line is flagged, never taken
    checks[0] = changed[0]
    assert checks[0].library_entry == entry(1).entry_id
    undone = reuse_all(checks, found)
    assert undone[0].state is MaterialState.MISSING
    assert undone[0].library_entry == ""
    assert reuse_all(checks, {}) == {}


def test_the_clerks_steps_on_a_reused_line_drop_the_link() -> None:
    line = reused(MaterialCheck(ID_COPY), entry(1))
    toggled = toggled_received(line)
    assert (toggled.state, toggled.library_entry) == (MaterialState.MISSING, "")
    copies = with_copies(line, 2)
    assert copies is not None and copies.library_entry == "" and copies.copies_received == 2
    defective = marked_defective(line, "不清晰")
    assert defective.library_entry == "" and defective.state is MaterialState.DEFECTIVE


def test_a_merged_bundle_line_gives_every_item_the_entry() -> None:
    line = reused(MaterialCheck(replace(ID_COPY, copies=2)), entry(3))
    first = item_checks([ID_COPY], [line])[0]
    other = item_checks([replace(ID_COPY, code="X9", name="身份证复印件")], [line])[0]
    for check in (first, other):
        assert check.library_entry == entry(3).entry_id
        assert check.state is MaterialState.RECEIVED and check.copies_received == 0


def test_a_draft_keeps_the_reuse() -> None:
    line = reused(MaterialCheck(ID_COPY), entry(4))
    saved = EnteredCheck(
        ID_COPY.name, line.state, line.copies_received, line.note, "", line.library_entry
    )
    back = EnteredCheck.from_dict(saved.to_dict())
    assert back == saved
    restored = recorded(
        MaterialCheck(ID_COPY), back.state, back.copies, back.note, back.defect, back.library_entry
    )
    assert restored == line
    # a draft of an older version has no such field
    assert EnteredCheck.from_dict({"name": "x"}).library_entry == ""


def test_a_scenario_change_keeps_the_reuse() -> None:
    line = reused(MaterialCheck(ID_COPY), entry(5))
    again = carry_over(replace(ID_COPY, code="M9"), {ID_COPY.name: line})
    assert again.library_entry == entry(5).entry_id and again.material.code == "M9"

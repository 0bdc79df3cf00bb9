"""The help-desk pre-check: numbers, readiness, the sealed QR, and reopening at the window."""

from __future__ import annotations

import string
from datetime import date, datetime

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st

from clerk_app.domain.precheck import (
    CatalogView,
    ChecklistLine,
    Finding,
    ItemRef,
    MaterialFinding,
    Precheck,
    PrecheckStatus,
    QrError,
    QrProblem,
    desk_code,
    is_ready,
    make_precheck_number,
    move_refusal,
    open_qr,
    parse_precheck_number,
    precheck_lines,
    reconcile,
    seal_qr,
    still_needed,
)

SECRET = "hall-secret-HS01"
TODAY = date(2026, 12, 7)


def sample(**changes: object) -> Precheck:
    base = Precheck(
        number="YS-HS01-H03-20261207-0012",
        hall_code="HS01",
        item_refs=(ItemRef("ITEM-001", 3),),
        scenario_code="S1",
        findings=(
            MaterialFinding("M1", Finding.BROUGHT),
            MaterialFinding("M2", Finding.EXPIRED, "身份证已过有效期"),
            MaterialFinding("M3", Finding.MISSING),
        ),
        checked_by="helpdesk01",
        created_at=datetime(2026, 12, 7, 9, 30),
        open_until=date(2027, 1, 6),
        applicant_kind="resident_id",
        applicant_id="420281196001010011",
    )
    fields = {**{f: getattr(base, f) for f in base.__slots__}, **changes}  # type: ignore[attr-defined]
    return Precheck(**fields)


def test_number_round_trip_and_refusals() -> None:
    number = make_precheck_number("hs01", "H03", TODAY, 12)
    assert number == "YS-HS01-H03-20261207-0012"
    assert parse_precheck_number(number.lower()) == ("HS01", "H03", TODAY, 12)
    assert parse_precheck_number("HS01-03-20261207-0012") is None  # a case number
    assert parse_precheck_number("YS-HS01-H03-20261332-0012") is None
    for bad in [("HS 1", "H03", 1), ("HS01", "03", 1), ("HS01", "X01", 1), ("HS01", "H03", 0)]:
        with pytest.raises(ValueError):
            make_precheck_number(bad[0], bad[1], TODAY, bad[2])


LINES = [ChecklistLine("M1", True), ChecklistLine("M2", True), ChecklistLine("M4", False)]


@pytest.mark.parametrize(
    ("findings", "needed"),
    [
        ((), ["M1", "M2"]),
        ((MaterialFinding("M1", Finding.BROUGHT),), ["M2"]),
        (
            (MaterialFinding("M1", Finding.BROUGHT), MaterialFinding("M2", Finding.DEFECTIVE)),
            ["M2"],
        ),
        ((MaterialFinding("M1", Finding.BROUGHT), MaterialFinding("M2", Finding.BROUGHT)), []),
    ],
)
def test_still_needed_counts_only_required_lines_not_brought(
    findings: tuple[MaterialFinding, ...], needed: list[str]
) -> None:
    assert still_needed(LINES, findings) == needed
    assert is_ready(LINES, findings) is (not needed)


def test_qr_round_trip_hides_the_id_and_fits_a_slip() -> None:
    text = seal_qr(sample(), SECRET)
    assert text.startswith("YS1.HS01.")
    assert set(text) <= set(string.ascii_uppercase + string.digits + ".")
    assert "420281" not in text
    assert open_qr(text, "HS01", SECRET) == sample()
    assert open_qr(text.lower(), "hs01", SECRET) == sample()  # a scanner in lower case
    # QR alphanumeric mode, small enough for a 58 mm ticket slip
    assert segno.make(text, error="m").version <= 12


@pytest.mark.parametrize(
    ("scanned", "hall", "secret", "problem"),
    [
        ("420281196001010011", "HS01", SECRET, QrProblem.NOT_PRECHECK),
        ("YS1.HS02.AAAA", "HS01", SECRET, QrProblem.OTHER_HALL),
        ("YS1.HS01.AAAA", "HS01", SECRET, QrProblem.TAMPERED),
        ("YS1.HS01.AAAA", "HS01", "", QrProblem.NO_KEY),
    ],
)
def test_qr_refusals_say_why(scanned: str, hall: str, secret: str, problem: QrProblem) -> None:
    with pytest.raises(QrError) as caught:
        open_qr(scanned, hall, secret)
    assert caught.value.problem is problem
    assert str(caught.value)


def test_other_halls_key_and_every_changed_character_are_refused() -> None:
    text = seal_qr(sample(), SECRET)
    with pytest.raises(QrError) as caught:
        open_qr(text, "HS01", "another-hall-secret")
    assert caught.value.problem is QrProblem.TAMPERED
    body_start = len("YS1.HS01.")
    # the last character may carry base32 padding bits only: a change there can leave the
    # sealed bytes as they were, so it is not a test of the seal
    for position in [*range(body_start, len(text) - 1, 7), len(text) - 2]:
        swapped = "A" if text[position] != "A" else "B"
        with pytest.raises(QrError):
            open_qr(text[:position] + swapped + text[position + 1 :], "HS01", SECRET)


@given(
    st.lists(
        st.tuples(
            st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=12),
            st.sampled_from(list(Finding)),
            st.text(max_size=20),
        ),
        max_size=12,
    ),
    st.one_of(st.none(), st.text(min_size=1, max_size=10)),
)
def test_qr_round_trips_any_findings(
    raw: list[tuple[str, Finding, str]], scenario: str | None
) -> None:
    findings = tuple(MaterialFinding(code, finding, note) for code, finding, note in raw)
    precheck = sample(findings=findings, scenario_code=scenario)
    assert open_qr(seal_qr(precheck, SECRET), "HS01", SECRET) == precheck


CATALOG = {"ITEM-001": CatalogView("ITEM-001", 3, False, frozenset({"M1", "M2", "M3"}))}


def test_reconcile_keeps_an_open_pre_check_as_it_is() -> None:
    result = reconcile(sample(), CATALOG, TODAY)
    assert result.warnings == ()
    assert result.usable_items == ("ITEM-001",)
    assert result.precheck.findings == sample().findings


def test_reconcile_changed_catalog_version_keeps_materials_still_asked() -> None:
    catalog = {"ITEM-001": CatalogView("ITEM-001", 4, False, frozenset({"M1", "M3"}))}
    result = reconcile(sample(), catalog, TODAY)
    assert [f.material_code for f in result.precheck.findings] == ["M1", "M3"]
    assert any("第 3 版更新为第 4 版" in w for w in result.warnings)
    assert any("1 项材料已不在当前清单中" in w for w in result.warnings)


def test_reconcile_withdrawn_item_is_unusable_and_said() -> None:
    catalog = {"ITEM-001": CatalogView("ITEM-001", 3, True, frozenset({"M1"}))}
    result = reconcile(sample(), catalog, TODAY)
    assert not result.usable
    assert any("已停用" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("precheck", "said"),
    [
        (sample(open_until=date(2026, 12, 1)), "已于 2026-12-01 过期"),
        (sample(status=PrecheckStatus.ACCEPTED), "已受理"),
        (sample(status=PrecheckStatus.CLOSED), "已关闭"),
    ],
)
def test_reconcile_expired_or_used_pre_check_guides_but_vouches_for_nothing(
    precheck: Precheck, said: str
) -> None:
    result = reconcile(precheck, CATALOG, TODAY)
    assert any(said in w for w in result.warnings)
    assert {f.finding for f in result.precheck.findings} == {Finding.NOT_CHECKED}
    assert [f.material_code for f in result.precheck.findings] == ["M1", "M2", "M3"]


@pytest.mark.parametrize(
    ("current", "target", "role", "allowed"),
    [
        (None, PrecheckStatus.OPEN, "helpdesk", True),
        (None, PrecheckStatus.OPEN, "clerk", False),
        (None, PrecheckStatus.ACCEPTED, "clerk", False),
        (PrecheckStatus.OPEN, PrecheckStatus.HANDED_OVER, "helpdesk", True),
        (PrecheckStatus.HANDED_OVER, PrecheckStatus.ACCEPTED, "clerk", True),
        (PrecheckStatus.HANDED_OVER, PrecheckStatus.ACCEPTED, "helpdesk", False),
        (PrecheckStatus.HANDED_OVER, PrecheckStatus.OPEN, "clerk", True),
        (PrecheckStatus.OPEN, PrecheckStatus.ACCEPTED, "clerk", True),
        (PrecheckStatus.ACCEPTED, PrecheckStatus.OPEN, "supervisor", False),
        (PrecheckStatus.CLOSED, PrecheckStatus.OPEN, "helpdesk", False),
        (PrecheckStatus.OPEN, PrecheckStatus.OPEN, "kiosk", False),
    ],
)
def test_who_may_move_a_pre_check_where(
    current: PrecheckStatus | None, target: PrecheckStatus, role: str, allowed: bool
) -> None:
    refusal = move_refusal(current, target, role)
    assert (refusal is None) is allowed
    assert refusal is None or refusal.startswith(("预审不能", "此账户不能"))


@pytest.mark.parametrize(
    ("window", "user", "desk"),
    [
        (None, "helpdesk01", "H01"),
        (7, "helpdesk02", "H02"),  # a help desk seated at a window's PC keeps its own sequence
        (4, "supervisor01", "W04"),
        (None, "supervisor01", "W00"),
    ],
)
def test_each_desk_numbers_its_own_pre_checks(window: int | None, user: str, desk: str) -> None:
    assert desk_code(window, user, ["helpdesk02", "helpdesk01"]) == desk


def test_a_bundle_s_items_sharing_a_code_keep_their_own_findings() -> None:
    """Codes are each item's own: two items' M01 are different materials, two lines."""
    from clerk_app.domain.catalog import Item, Material
    from clerk_app.domain.precheck_acceptance import acceptance_draft
    from clerk_app.printing.preparation_list import needed_materials

    first = Item("A", "设立登记", "市场监管局", materials=(Material("M01", "设立登记申请书"),))
    second = Item("B", "公章刻制", "公安局", materials=(Material("M01", "刻章申请表"),))
    lines = precheck_lines([first, second], None)
    assert [(line.key, line.material.name) for line in lines] == [
        ("A/M01", "设立登记申请书"),
        ("B/M01", "刻章申请表"),
    ]
    alone = precheck_lines([first], None)
    assert [line.key for line in alone] == ["M01"]  # one item: the plain code
    precheck = sample(
        item_refs=(ItemRef("A", 1), ItemRef("B", 1)),
        scenario_code=None,
        findings=(MaterialFinding("A/M01", Finding.BROUGHT), MaterialFinding("B/M01")),
        bundle_code="QYKB",
    )
    assert [n.material.name for n in needed_materials(precheck, [first, second])] == ["刻章申请表"]
    draft = acceptance_draft(precheck, [first, second], "赵雪梅")
    assert [c.name for c in draft.checks] == ["设立登记申请书"]

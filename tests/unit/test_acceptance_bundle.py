"""A bundle's own rules at the window (domain/acceptance_bundle): each item's date counted from
the results it waits for and capped by the joint limit, the 容缺 deadline bounded by the own
dates of the items accepted with gaps, and the faults of each item's own decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from clerk_app.domain.acceptance_bundle import (
    BundleDecisionInput,
    bundle_faults,
    bundle_item_dates,
    bundle_promised_date,
    chosen_items,
    commitment_limit,
    item_faults,
    running_dates,
    same_kind,
)
from clerk_app.domain.cases import Decision, DecisionKind, MaterialCheck, MaterialState
from clerk_app.domain.catalog import Bundle, HandlingKind, Item, Material, ProducedMaterial
from clerk_app.domain.workdays import WorkdayCalendar

MONDAY = date(2026, 11, 23)
CAL = WorkdayCalendar()


def _item(code: str, days: int, *materials: Material, gaps: bool = False) -> Item:
    return Item(
        code=code,
        name=f"事项{code}",
        department=f"部门{code}",
        handling=HandlingKind.PROMISED if days else HandlingKind.IMMEDIATE,
        promised_days=days,
        legal_days=days,
        gap_allowed=gaps,
        materials=materials,
    )


CONTRACT = Material("M1", "存量房买卖合同（网签备案）", standard_code="FW-WQ")
TAX_PAID = Material("M2", "契税完税凭证", standard_code="SW-WS")
MARRIAGE = Material("M3", "卖方婚姻状况证明", standard_code="HY-MF", gap_allowed=True)
CERT = Material("M4", "不动产登记受理凭证", standard_code="BDC-SLPZ")
ID = Material("M5", "身份证", standard_code="ID-MMSF")
SIGN = _item("A", 0, ID)  # 网签: produces the contract
TAX = _item("B", 0, ID, CONTRACT)  # 契税: needs the contract, produces the tax receipt
REGISTER = _item("C", 5, ID, CONTRACT, TAX_PAID, MARRIAGE, gaps=True)  # produces the receipt
UTILITIES = _item("D", 0, ID, CERT)  # 水电气: needs the receipt
HOUSE = Bundle(
    "YJS-2",
    "二手房交易一件事",
    ("A", "B", "C", "D"),
    optional_items=("D",),
    produces=(
        ProducedMaterial("A", "FW-WQ"),
        ProducedMaterial("B", "SW-WS"),
        ProducedMaterial("C", "BDC-SLPZ"),
    ),
)
ITEMS = [SIGN, TAX, REGISTER, UTILITIES]


def test_each_item_runs_from_the_results_it_waits_for() -> None:
    dates = bundle_item_dates(HOUSE, ITEMS, MONDAY, CAL)
    assert dates == {
        "A": MONDAY,  # 即办件
        "B": MONDAY,  # waits for A, due today
        "C": date(2026, 11, 30),  # its own 5 working days
        "D": date(2026, 11, 30),  # a 即办件 waiting for C's receipt
    }
    # the joint limit caps every date
    short = replace(HOUSE, time_limit_days=2)
    assert bundle_item_dates(short, ITEMS, MONDAY, CAL)["C"] == date(2026, 11, 25)


def test_optional_items_and_the_bundles_date() -> None:
    assert chosen_items(HOUSE, ITEMS, []) == [SIGN, TAX, REGISTER]
    assert chosen_items(HOUSE, ITEMS, ["D"]) == ITEMS
    dates = bundle_item_dates(HOUSE, ITEMS, MONDAY, CAL)
    kinds = {
        "A": DecisionKind.ACCEPT,
        "B": DecisionKind.ACCEPT,
        "C": DecisionKind.ACCEPT_WITH_GAPS,
        "D": DecisionKind.REFUSE,
    }
    assert running_dates(kinds, dates) == {"A": MONDAY, "B": MONDAY, "C": date(2026, 11, 30)}
    assert bundle_promised_date(running_dates(kinds, dates)) == date(2026, 11, 30)
    assert bundle_promised_date({}) is None
    # the 容缺 deadline: the own date of the item accepted with gaps, not the bundle's earliest
    assert commitment_limit(kinds, dates) == date(2026, 11, 30)
    assert commitment_limit({"A": DecisionKind.ACCEPT}, dates) is None
    assert same_kind(kinds, ["A", "B"]) is DecisionKind.ACCEPT
    assert same_kind(kinds, ["A", "C"]) is None


def _checks(missing: set[str]) -> dict[str, list[MaterialCheck]]:
    return {
        item.code: [
            MaterialCheck(m, MaterialState.MISSING if m.name in missing else MaterialState.RECEIVED)
            for m in item.materials
        ]
        for item in ITEMS
    }


def _input(kinds: dict[str, DecisionKind | None], **shared: object) -> BundleDecisionInput:
    return BundleDecisionInput(
        HOUSE,
        ITEMS,
        kinds,
        Decision(DecisionKind.ACCEPT, **shared),  # type: ignore[arg-type]
        bundle_item_dates(HOUSE, ITEMS, MONDAY, CAL),
        MONDAY,
    )


def test_one_gap_item_among_accepted_ones() -> None:
    checks = _checks({MARRIAGE.name})
    accept_all = dict.fromkeys("ABCD", DecisionKind.ACCEPT)
    found = item_faults(_input(accept_all), checks.__getitem__)
    assert found == {"C": ["必要材料「卖方婚姻状况证明」未收，不能受理"]}
    # only C differs; its commitment may run to C's own date (5 working days), not today
    kinds = {**accept_all, "C": DecisionKind.ACCEPT_WITH_GAPS}
    good = _input(kinds, commitment_deadline=date(2026, 11, 27), commitment_signed=True)
    assert item_faults(good, checks.__getitem__) == {}
    late = _input(kinds, commitment_deadline=date(2026, 12, 1), commitment_signed=True)
    assert item_faults(late, checks.__getitem__) == {
        "C": ["承诺期限不能晚于承诺办结日期 2026-11-30"]
    }


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        # A (网签) sent home with a notice: B and C wait for a contract that will not come
        (
            {"A": DecisionKind.MISSING_NOTICE, "B": DecisionKind.ACCEPT},
            {
                "A": ["材料齐全且无需补正，不能出具一次性告知书"],
                "B": [
                    "「存量房买卖合同（网签备案）」由「事项A」办结后产生，该事项未受理，"
                    "不能受理「事项B」"
                ],
                "C": [
                    "「存量房买卖合同（网签备案）」由「事项A」办结后产生，该事项未受理，"
                    "不能受理「事项C」"
                ],
            },
        ),
        # D needs C's receipt: it cannot be done on the spot
        (
            {"D": DecisionKind.COMPLETE_ON_SPOT},
            {"D": ["「事项D」需要本件内其他事项的结果，不能当场办结"]},
        ),
        ({"A": DecisionKind.COMPLETE_ON_SPOT}, {}),  # A needs nothing: it may
        ({"A": None}, {"A": ["请为每个事项选择受理决定（在事项列表中按 1–5）"]}),
    ],
)
def test_what_each_item_needs_from_the_others(
    kinds: dict[str, DecisionKind | None], expected: dict[str, list[str]]
) -> None:
    full = {**dict.fromkeys("ABCD", DecisionKind.ACCEPT), **kinds}
    assert item_faults(_input(full), _checks(set()).__getitem__) == expected


def test_a_fault_of_several_items_is_said_once_naming_them() -> None:
    checks = _checks({ID.name})
    faults = bundle_faults(_input(dict.fromkeys("ABC", DecisionKind.ACCEPT)), checks.__getitem__)
    assert [(f.message, f.item_names) for f in faults] == [
        ("必要材料「身份证」未收，不能受理", ("事项A", "事项B", "事项C")),
        ("请为每个事项选择受理决定（在事项列表中按 1–5）", ("事项D",)),
    ]

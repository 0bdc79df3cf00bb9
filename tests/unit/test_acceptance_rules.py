"""The acceptance page's rules, kept out of its widgets (clerk_app.domain.acceptance and
clerk_app.domain.material_checks), as tables: promised dates and the 容缺 deadline offered,
what a subject allows, a bundle's faults said once, contacts, and the checklist steps."""

from __future__ import annotations

from datetime import date

import pytest

from clerk_app.domain.acceptance import (
    ContactProblem,
    DecisionFault,
    acceptable,
    bundle_subject,
    can_complete_on_spot,
    clean_phone,
    contact_problems,
    decision_faults,
    default_commitment_deadline,
    delivers_result,
    delivery_modes_for,
    earliest_promised,
    gaps_allowed,
    mail_address_missing,
    phone_error,
    promised_date_for,
    promised_dates,
    subject_gaps,
)
from clerk_app.domain.cases import Decision, DecisionKind, MaterialCheck, MaterialState
from clerk_app.domain.catalog import DeliveryMode, HandlingKind, Item, Material
from clerk_app.domain.material_checks import (
    MAX_COPIES,
    carry_over,
    item_checks,
    marked_defective,
    materials_shown,
    recorded,
    required_received,
    tally,
    toggled_received,
    with_copies,
    with_note,
)
from clerk_app.domain.workdays import WorkdayCalendar

CALENDAR = WorkdayCalendar()
MON, FRI = date(2026, 11, 23), date(2026, 11, 27)  # an ordinary week, no holiday


def item(
    code: str = "I1",
    *,
    handling: HandlingKind = HandlingKind.PROMISED,
    promised_days: int = 10,
    gap_allowed: bool = False,
    modes: tuple[DeliveryMode, ...] = (DeliveryMode.WINDOW,),
    materials: tuple[Material, ...] = (),
) -> Item:
    return Item(
        code=code,
        name=f"事项{code}",
        department="黄石市测试局",
        handling=handling,
        promised_days=promised_days,
        gap_allowed=gap_allowed,
        delivery_modes=modes,
        materials=materials,
    )


ID_CARD = Material("M1", "居民身份证", copies=1)
FORM = Material("M2", "申请表", copies=2, gap_allowed=True)
PHOTO = Material("M3", "照片", required=False)


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handling", "days", "today", "expected"),
    [
        (HandlingKind.IMMEDIATE, 0, MON, MON),  # 即办件: today
        (HandlingKind.IMMEDIATE, 5, FRI, FRI),  # 即办件 whatever its days say
        (HandlingKind.PROMISED, 1, MON, date(2026, 11, 24)),
        (HandlingKind.PROMISED, 1, FRI, date(2026, 11, 30)),  # over the weekend
        (HandlingKind.PROMISED, 5, MON, date(2026, 11, 30)),
        (HandlingKind.PROMISED, 10, MON, date(2026, 12, 7)),
        (HandlingKind.PROMISED, 0, MON, MON),
    ],
)
def test_promised_date(handling: HandlingKind, days: int, today: date, expected: date) -> None:
    subject = item(handling=handling, promised_days=days)
    assert promised_date_for(subject, today, CALENDAR) == expected


def test_promised_dates_of_a_bundle_and_their_limit() -> None:
    items = [item("A", promised_days=10), item("B", promised_days=3)]
    dates = promised_dates(items, MON, CALENDAR)
    assert dates == {"A": date(2026, 12, 7), "B": date(2026, 11, 26)}
    assert earliest_promised(dates) == date(2026, 11, 26)
    assert earliest_promised({}) is None


@pytest.mark.parametrize(
    ("today", "limit", "expected"),
    [
        (MON, date(2026, 12, 7), date(2026, 11, 30)),  # five working days
        (MON, date(2026, 11, 25), date(2026, 11, 25)),  # never past the promised date
        (FRI, date(2026, 12, 31), date(2026, 12, 4)),
        (MON, MON, MON),  # 即办件: due today
        (MON, None, MON),  # no subject yet
    ],
)
def test_default_commitment_deadline(today: date, limit: date | None, expected: date) -> None:
    assert default_commitment_deadline(today, limit, CALENDAR) == expected


# -- what the subject allows ----------------------------------------------------------------

IMMEDIATE = item("Q", handling=HandlingKind.IMMEDIATE, promised_days=0)
PROMISED = item("P")
GAPS = item("G", gap_allowed=True)


WITHDRAWN = Item(code="W", name="旧事项", department="某局", withdrawn=True)
CATALOG = {i.code: i for i in (item("A"), item("B"), WITHDRAWN)}


@pytest.mark.parametrize(
    ("codes", "taken", "unavailable"),
    [
        (("A", "B"), ["A", "B"], []),
        (("A", "W"), ["A"], ["W"]),  # withdrawn: the bundle goes item by item
        (("A", "ZZ"), ["A"], ["ZZ"]),  # not in this catalog
        ((), [], []),
    ],
)
def test_a_bundle_is_taken_whole_or_item_by_item(
    codes: tuple[str, ...], taken: list[str], unavailable: list[str]
) -> None:
    items, missing = bundle_subject(codes, CATALOG.get)
    assert ([i.code for i in items], missing) == (taken, unavailable)
    assert acceptable(CATALOG["A"]) and not acceptable(WITHDRAWN) and not acceptable(None)


@pytest.mark.parametrize(
    ("items", "on_spot", "gaps"),
    [
        ([], False, False),
        ([IMMEDIATE], True, False),
        ([PROMISED], False, False),
        ([GAPS], False, True),
        ([IMMEDIATE, PROMISED], False, False),  # a bundle: every item must allow it
        ([GAPS, item("G2", gap_allowed=True)], False, True),
        ([GAPS, PROMISED], False, False),
    ],
)
def test_decisions_a_subject_allows(items: list[Item], on_spot: bool, gaps: bool) -> None:
    assert can_complete_on_spot(items) is on_spot
    assert gaps_allowed(items) is gaps


MAIL, WINDOW, ONLINE = DeliveryMode.MAIL, DeliveryMode.WINDOW, DeliveryMode.ELECTRONIC


@pytest.mark.parametrize(
    ("modes_per_item", "expected"),
    [
        ([], [WINDOW]),
        ([()], [WINDOW]),
        ([(WINDOW, MAIL)], [WINDOW, MAIL]),
        ([(MAIL,), (WINDOW, MAIL)], [MAIL, WINDOW]),  # first seen first, each once
        ([(ONLINE,), (MAIL, ONLINE)], [ONLINE, MAIL]),
    ],
)
def test_delivery_modes(
    modes_per_item: list[tuple[DeliveryMode, ...]], expected: list[DeliveryMode]
) -> None:
    items = [item(f"I{n}", modes=modes) for n, modes in enumerate(modes_per_item)]
    assert delivery_modes_for(items) == expected


@pytest.mark.parametrize(
    ("kind", "delivers"),
    [
        (DecisionKind.ACCEPT, True),
        (DecisionKind.ACCEPT_WITH_GAPS, True),
        (DecisionKind.COMPLETE_ON_SPOT, True),
        (DecisionKind.MISSING_NOTICE, False),
        (DecisionKind.REFUSE, False),
        (None, False),
    ],
)
def test_which_decisions_deliver_a_result(kind: DecisionKind | None, delivers: bool) -> None:
    assert delivers_result(kind) is delivers


@pytest.mark.parametrize(
    ("kind", "mode", "address", "missing"),
    [
        (DecisionKind.ACCEPT, "mail", "", True),
        (DecisionKind.ACCEPT, "mail", "   ", True),
        (DecisionKind.ACCEPT, "mail", "花湖路 8 号", False),
        (DecisionKind.ACCEPT, "window", "", False),
        (DecisionKind.MISSING_NOTICE, "mail", "", True),
        (DecisionKind.REFUSE, "mail", "", False),  # a refusal mails no result
    ],
)
def test_mail_needs_an_address(kind: DecisionKind, mode: str, address: str, missing: bool) -> None:
    assert mail_address_missing(kind, mode, address) is missing


# -- a bundle's faults, said once -----------------------------------------------------------


def test_faults_of_one_item_name_no_item() -> None:
    subject = item(materials=(ID_CARD,))
    faults = decision_faults(
        [subject],
        lambda _code: [MaterialCheck(ID_CARD)],
        Decision(DecisionKind.ACCEPT),
        promised_date=None,
        today=MON,
    )
    assert faults == [DecisionFault("必要材料「居民身份证」未收，不能受理")]


def test_bundle_faults_are_said_once_and_name_the_items_only_when_not_all() -> None:
    a = item("A", materials=(ID_CARD,), gap_allowed=True)
    b = item("B", materials=(ID_CARD, FORM), gap_allowed=True)
    checks = {
        "A": [MaterialCheck(ID_CARD)],
        "B": [MaterialCheck(ID_CARD), MaterialCheck(FORM)],
    }
    faults = decision_faults(
        [a, b],
        lambda code: checks[code],
        Decision(DecisionKind.ACCEPT),
        promised_date=None,
        today=MON,
    )
    assert faults == [
        DecisionFault("必要材料「居民身份证」未收，不能受理"),  # both items: said once
        DecisionFault("必要材料「申请表」未收，不能受理", ("事项B",)),
    ]


def test_no_faults_when_the_decision_fits() -> None:
    subject = item(materials=(ID_CARD,))
    received = [MaterialCheck(ID_CARD, MaterialState.RECEIVED, 1)]
    faults = decision_faults(
        [subject], lambda _c: received, Decision(DecisionKind.ACCEPT), promised_date=None, today=MON
    )
    assert faults == []


def test_subject_gaps_list_each_material_once() -> None:
    checks = {
        "A": [MaterialCheck(ID_CARD), MaterialCheck(PHOTO)],  # optional and missing: no gap
        "B": [MaterialCheck(ID_CARD), marked_defective(MaterialCheck(FORM), "缺少签名")],
    }
    gaps = subject_gaps([item("A"), item("B")], lambda code: checks[code])
    assert [(g.material.name, g.state) for g in gaps] == [
        ("居民身份证", MaterialState.MISSING),
        ("申请表", MaterialState.DEFECTIVE),
    ]


# -- contacts -------------------------------------------------------------------------------

NAME, PHONE_MISSING, MALFORMED = (
    ContactProblem.NAME_MISSING,
    ContactProblem.PHONE_MISSING,
    ContactProblem.PHONE_MALFORMED,
)


@pytest.mark.parametrize(
    ("name", "phone", "required", "reason", "expected"),
    [
        ("陈晓东", "13871234567", True, "", []),
        ("陈晓东", "+86 138 7123 4567", True, "", []),
        # issue 13: a landline, a Hong Kong number, a mainland mobile dialled from abroad
        ("刘桂英", "0714-6221234", True, "", []),
        ("陈大文", "+852 91234567", True, "", []),
        ("陈晓东", "008613800138000", True, "", []),
        ("", "13871234567", True, "", [NAME]),
        ("  ", "", True, "", [NAME, PHONE_MISSING]),
        # no telephone at all, with the reason written down
        ("刘桂英", "", True, "无电话，由代办人（其子）联系", []),
        ("刘桂英", "", True, "   ", [PHONE_MISSING]),
        ("黄石某公司", "", False, "", []),  # an organisation may give only its agent's number
        ("黄石某公司", "12345", False, "", [MALFORMED]),  # but a number given must be one
        ("陈晓东", "1387123456", True, "", [MALFORMED]),
        ("陈晓东", "12871234567", True, "", [MALFORMED]),
        ("刘桂英", "6221234", True, "", [MALFORMED]),  # a landline needs its area code
    ],
)
def test_contact_problems(
    name: str, phone: str, required: bool, reason: str, expected: list[ContactProblem]
) -> None:
    assert contact_problems(name, phone, phone_required=required, no_phone_reason=reason) == (
        expected
    )


@pytest.mark.parametrize(
    ("text", "error", "stored"),
    [
        ("", "", ""),
        ("  ", "", ""),
        ("13871234567", "", "+8613871234567"),
        ("+86 138-7123-4567", "", "+8613871234567"),
        ("138 7123 4567", "", "+8613871234567"),
        ("0714-6221234", "", "+867146221234"),
        ("+852 91234567", "", "+85291234567"),
        ("008613800138000", "", "+8613800138000"),
        ("1387", "手机号码", ""),
        ("6221234", "区号", ""),
    ],
)
def test_phone_as_typed_and_as_stored(text: str, error: str, stored: str) -> None:
    assert error in phone_error(text) and bool(phone_error(text)) is bool(error)
    assert clean_phone(text) == stored


# -- checklist steps ------------------------------------------------------------------------

MISSING = MaterialCheck(FORM)
RECEIVED = MaterialCheck(FORM, MaterialState.RECEIVED, 2)
DEFECTIVE = MaterialCheck(FORM, MaterialState.DEFECTIVE, 0, defect_reason="复印件不清晰")


@pytest.mark.parametrize(
    ("check", "state", "copies", "reason"),
    [
        (MISSING, MaterialState.RECEIVED, 2, ""),  # copies asked
        (RECEIVED, MaterialState.MISSING, 0, ""),
        (DEFECTIVE, MaterialState.RECEIVED, 2, ""),  # the corrected one was handed in
    ],
)
def test_toggle_received(
    check: MaterialCheck, state: MaterialState, copies: int, reason: str
) -> None:
    toggled = toggled_received(check)
    assert (toggled.state, toggled.copies_received, toggled.defect_reason) == (
        state,
        copies,
        reason,
    )


@pytest.mark.parametrize(
    ("check", "copies", "expected"),
    [
        (MISSING, 3, (MaterialState.RECEIVED, 3)),
        (RECEIVED, 0, (MaterialState.MISSING, 0)),
        (DEFECTIVE, 1, (MaterialState.DEFECTIVE, 1)),  # stays 需补正 until ticked
        (DEFECTIVE, 0, (MaterialState.DEFECTIVE, 0)),
        (MISSING, MAX_COPIES, (MaterialState.RECEIVED, MAX_COPIES)),
        (MISSING, MAX_COPIES + 1, None),
        (RECEIVED, -1, None),
    ],
)
def test_copies_received(
    check: MaterialCheck, copies: int, expected: tuple[MaterialState, int] | None
) -> None:
    result = with_copies(check, copies)
    assert (None if result is None else (result.state, result.copies_received)) == expected


@pytest.mark.parametrize(
    ("check", "becomes_received"),
    [
        (MaterialCheck(ID_CARD), True),
        (MaterialCheck(PHOTO), False),  # optional: not ticked blindly
        (marked_defective(MaterialCheck(ID_CARD), "过期"), False),  # 需补正: left alone
        (MaterialCheck(ID_CARD, MaterialState.RECEIVED, 1), False),  # already
    ],
)
def test_required_received(check: MaterialCheck, becomes_received: bool) -> None:
    result = required_received(check)
    assert (result is not None) is becomes_received
    if result is not None:
        assert (result.state, result.copies_received) == (MaterialState.RECEIVED, 1)


@pytest.mark.parametrize(
    ("state", "copies", "note", "defect", "expected"),
    [
        (MaterialState.MISSING, 0, "", "", (MaterialState.MISSING, 0, "", "")),
        (MaterialState.RECEIVED, 2, "", "", (MaterialState.RECEIVED, 2, "", "")),
        (MaterialState.RECEIVED, 0, "", "", (MaterialState.MISSING, 0, "", "")),
        (MaterialState.RECEIVED, 500, "", "", (MaterialState.RECEIVED, 2, "", "")),
        (MaterialState.DEFECTIVE, 0, "", "缺页", (MaterialState.DEFECTIVE, 0, "", "缺页")),
        (
            MaterialState.DEFECTIVE,
            1,
            " 原件已核验 ",
            "缺页",
            (MaterialState.DEFECTIVE, 1, "原件已核验", "缺页"),
        ),
        (MaterialState.MISSING, 0, "下次带来", "", (MaterialState.MISSING, 0, "下次带来", "")),
    ],
)
def test_recorded_line_is_put_back_by_the_clerks_steps(
    state: MaterialState,
    copies: int,
    note: str,
    defect: str,
    expected: tuple[MaterialState, int, str, str],
) -> None:
    line = recorded(MISSING, state, copies, note, defect)
    assert (line.state, line.copies_received, line.note, line.defect_reason) == expected
    assert with_note(MISSING, " x ").note == "x"


def test_carry_over_keeps_what_was_ticked_by_name() -> None:
    previous = {"申请表": RECEIVED}
    renamed_code = Material("X9", " 申请表 ", copies=2)
    assert carry_over(renamed_code, previous).state is MaterialState.RECEIVED
    assert carry_over(renamed_code, previous).material is renamed_code
    assert carry_over(ID_CARD, previous) == MaterialCheck(ID_CARD)


def test_materials_shown_before_and_after_a_scenario() -> None:
    from clerk_app.domain.catalog import Scenario

    rent = Material("R", "租房合同", scenarios=("RENT",))
    buy = Material("B", "购房合同", scenarios=("BUY",))
    hukou = Item(
        code="H",
        name="户口迁移",
        department="公安",
        materials=(ID_CARD, rent, buy),
        scenarios=(Scenario("RENT", "租房"), Scenario("BUY", "购房")),
    )
    assert materials_shown(hukou, None) == [ID_CARD]  # what every scenario needs
    assert materials_shown(hukou, "RENT") == [ID_CARD, rent]
    assert materials_shown(item(materials=(ID_CARD, FORM)), None) == [ID_CARD, FORM]


def test_item_checks_from_merged_bundle_lines() -> None:
    merged_form = Material("M2", "申请表", copies=3)  # the bundle asks the most copies
    lines = [
        MaterialCheck(merged_form, MaterialState.RECEIVED, 3, note="一式三份"),
        marked_defective(MaterialCheck(ID_CARD), "过期"),
    ]
    own_form = Material("T2", "申请表", copies=2)
    own_photo = Material("T3", "照片")
    checks = item_checks([own_form, ID_CARD, own_photo], lines)
    assert checks == [
        MaterialCheck(own_form, MaterialState.RECEIVED, 2, "一式三份"),  # at most its own
        MaterialCheck(ID_CARD, MaterialState.DEFECTIVE, 0, "", "过期"),
        MaterialCheck(own_photo),  # not on the merged list: missing
    ]


@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        ([], (0, 0, 0, 0)),
        ([MaterialCheck(ID_CARD), MaterialCheck(PHOTO)], (1, 0, 1, 0)),
        ([RECEIVED, DEFECTIVE, MaterialCheck(ID_CARD)], (3, 1, 1, 1)),
        ([marked_defective(MaterialCheck(PHOTO), "模糊")], (0, 0, 0, 1)),  # optional counts too
    ],
)
def test_tally(checks: list[MaterialCheck], expected: tuple[int, int, int, int]) -> None:
    t = tally(checks)
    assert (t.required, t.received, t.missing, t.defective) == expected

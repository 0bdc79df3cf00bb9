"""The case model: serialisation round trips, case numbers, and the merged checklist of a
bundle (一件事一次办)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    Person,
    make_case_number,
    parse_case_number,
)
from clerk_app.domain.catalog import (
    Bundle,
    DeliveryMode,
    HandlingKind,
    Item,
    Material,
    MaterialForm,
    Scenario,
    merge_bundle_checklist,
)

# ---------------------------------------------------------------------------- strategies

texts = st.text(max_size=12)
short_codes = st.text(alphabet="ABCDEFGHJK0123456789-", min_size=1, max_size=10)
some_dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))
datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2099, 12, 31),
    timezones=st.sampled_from([timezone(timedelta(hours=8)), UTC, None]),
)

scenario_objs = st.builds(Scenario, short_codes, texts, texts)
material_objs = st.builds(
    Material,
    code=short_codes,
    name=texts,
    form=st.sampled_from(MaterialForm),
    copies=st.integers(1, 5),
    required=st.booleans(),
    gap_allowed=st.booleans(),
    source=st.sampled_from(["申请人自备", "政府部门核发", "共享库调取"]),
    note=texts,
    blank_form=texts,
    sample=texts,
    scenarios=st.lists(short_codes, max_size=3).map(tuple),
)
item_objs = st.builds(
    Item,
    code=short_codes,
    name=texts,
    department=texts,
    item_type=st.sampled_from(["行政许可", "行政确认", "公共服务", "行政给付", "其他行政权力"]),
    handling=st.sampled_from(HandlingKind),
    legal_days=st.integers(0, 60),
    promised_days=st.integers(0, 60),
    fees=texts,
    legal_basis=texts,
    result_name=texts,
    delivery_modes=st.lists(st.sampled_from(DeliveryMode), max_size=3, unique=True).map(tuple),
    gap_allowed=st.booleans(),
    zone=st.sampled_from(["SOCIAL", "ENTERPRISE", "ESTATE", "POLICE", "TAX", "FUND", ""]),
    version=st.integers(1, 20),
    withdrawn=st.booleans(),
    department_code=short_codes,
    materials=st.lists(material_objs, max_size=4).map(tuple),
    scenarios=st.lists(scenario_objs, max_size=3).map(tuple),
)
person_objs = st.builds(Person, st.sampled_from(IdKind), short_codes, texts, texts, texts)
check_objs = st.builds(
    MaterialCheck, material_objs, st.sampled_from(MaterialState), st.integers(0, 5), texts, texts
)
decision_objs = st.builds(
    Decision,
    st.sampled_from(DecisionKind),
    texts,
    texts,
    st.none() | some_dates,
    st.booleans(),
)
event_objs = st.builds(
    CaseEvent,
    datetimes,
    texts,
    texts,
    texts,
    st.none() | st.sampled_from(CaseStatus),
    texts,
)
case_objs = st.builds(
    Case,
    number=texts,
    hall_code=short_codes,
    window_no=st.integers(1, 99),
    item=item_objs,
    applicant=person_objs,
    scenario_code=st.none() | short_codes,
    agent=st.none() | person_objs,
    checks=st.lists(check_objs, max_size=4).map(tuple),
    decision=st.none() | decision_objs,
    status=st.sampled_from(CaseStatus),
    received_at=st.none() | datetimes,
    promised_date=st.none() | some_dates,
    clerk=texts,
    clerk_name=texts,
    ticket_no=texts,
    delivery_mode=st.sampled_from(["window", "mail", "electronic"]),
    mail_address=texts,
    events=st.lists(event_objs, max_size=3).map(tuple),
)


def over_the_wire(data: dict[str, object]) -> dict[str, object]:
    """What the other side reads after JSON encoding (tuples become lists, dates strings)."""
    decoded: dict[str, object] = json.loads(json.dumps(data, ensure_ascii=False))
    return decoded


# ------------------------------------------------------------------------- round trips


@given(case_objs)
def test_case_round_trip(case: Case) -> None:
    data = over_the_wire(case.to_dict())
    back = Case.from_dict(data)
    assert back == case
    assert over_the_wire(back.to_dict()) == data


@given(item_objs)
def test_item_round_trip(item: Item) -> None:
    data = over_the_wire(item.to_dict())
    assert Item.from_dict(data) == item


@given(st.builds(Bundle, short_codes, texts, st.lists(short_codes).map(tuple), texts))
def test_bundle_round_trip(bundle: Bundle) -> None:
    assert Bundle.from_dict(over_the_wire(bundle.to_dict())) == bundle


@given(person_objs, decision_objs, event_objs, check_objs)
def test_parts_round_trip(
    person: Person, decision: Decision, event: CaseEvent, check: MaterialCheck
) -> None:
    assert Person.from_dict(over_the_wire(person.to_dict())) == person
    assert Decision.from_dict(over_the_wire(decision.to_dict())) == decision
    assert CaseEvent.from_dict(over_the_wire(event.to_dict())) == event
    assert MaterialCheck.from_dict(over_the_wire(check.to_dict())) == check


def test_minimal_case_dict_gets_defaults() -> None:
    item = Item("420200-XK-0001-01", "测试事项", "黄石市测试局")
    person = Person(IdKind.RESIDENT_ID, "11010519491231002X", "张三")
    data = {
        "number": "HS01-05-20261123-0007",
        "hall_code": "HS01",
        "window_no": 5,
        "item": item.to_dict(),
        "applicant": person.to_dict(),
    }
    case = Case.from_dict(data)
    assert case.status is CaseStatus.RECEIVED
    assert case.checks == () and case.events == () and case.decision is None
    assert case.delivery_mode == "window"


# ------------------------------------------------------------------------ case numbers

hall_codes = st.from_regex(r"[0-9A-Za-z]{2,8}", fullmatch=True)
windows = st.integers(min_value=1, max_value=99)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))
sequences = st.integers(min_value=1, max_value=1_000_000)


@given(hall_codes, windows, days, sequences)
@example("HS01", 5, date(2026, 11, 23), 7)
def test_case_number_round_trip(hall: str, window: int, day: date, seq: int) -> None:
    number = make_case_number(hall, window, day, seq)
    assert parse_case_number(number) == (hall.upper(), window, day, seq)
    assert parse_case_number(f"  {number.lower()} ") == (hall.upper(), window, day, seq)


def test_case_number_format() -> None:
    assert make_case_number("hs01", 5, date(2026, 11, 23), 7) == "HS01-05-20261123-0007"


@given(hall_codes, windows, days, days, st.integers(1, 9999), st.integers(1, 9999))
def test_case_numbers_sort_by_day_then_sequence(
    hall: str, window: int, d1: date, d2: date, s1: int, s2: int
) -> None:
    a = make_case_number(hall, window, d1, s1)
    b = make_case_number(hall, window, d2, s2)
    assert (a < b) == ((d1, s1) < (d2, s2))


@pytest.mark.parametrize(
    ("hall", "window", "seq"),
    [
        ("H", 1, 1),
        ("HS-01", 1, 1),
        ("黄石01", 1, 1),
        ("HS01HS01H", 1, 1),
        ("HS01", 0, 1),
        ("HS01", 100, 1),
        ("HS01", -3, 1),
        ("HS01", 1, 0),
        ("HS01", 1, -1),
    ],
)
def test_make_case_number_refuses_bad_parts(hall: str, window: int, seq: int) -> None:
    with pytest.raises(ValueError):
        make_case_number(hall, window, date(2026, 11, 23), seq)


@pytest.mark.parametrize(
    "number",
    [
        "",
        "HS01-05-20261123",
        "HS01-5-20261123-0007",
        "HS01-05-20261323-0007",  # month 13
        "HS01-05-20260230-0007",  # Feb 30
        "HS01-05-20261123-007",
        "HS01_05_20261123_0007",
        "黄石-05-20261123-0007",
    ],
)
def test_parse_case_number_refuses_garbage(number: str) -> None:
    assert parse_case_number(number) is None


@given(st.text(max_size=40))
def test_parse_case_number_never_raises(text: str) -> None:
    result = parse_case_number(text)
    if result is not None:
        hall, window, day, seq = result
        assert isinstance(day, date) and window >= 0 and seq >= 0 and hall


# ------------------------------------------------------------- bundle checklist merging

NAMES = ["申请表", "居民身份证", "营业执照", "授权委托书", "住所使用证明", "章程"]
STRENGTH = {
    MaterialForm.ELECTRONIC: 0,
    MaterialForm.COPY: 1,
    MaterialForm.ORIGINAL_CHECKED: 2,
    MaterialForm.ORIGINAL_KEPT: 3,
}


@st.composite
def bundle_items(draw: st.DrawFn) -> list[Item]:
    n_items = draw(st.integers(min_value=1, max_value=5))
    result = []
    for i in range(n_items):
        names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=len(NAMES)))
        mats = tuple(
            Material(
                code=f"I{i}M{j}",
                name=name,
                form=draw(st.sampled_from(MaterialForm)),
                copies=draw(st.integers(1, 4)),
                required=draw(st.booleans()),
                gap_allowed=draw(st.booleans()),
                note=draw(st.sampled_from(["", "注一", "注二"])),
            )
            for j, name in enumerate(names)
        )
        result.append(Item(f"ITEM{i}", f"事项{i}", "部门", materials=mats))
    return result


@given(bundle_items())
def test_merge_deduplicates_by_name_and_keeps_the_strictest(items: list[Item]) -> None:
    merged = merge_bundle_checklist(items)
    names = [m.material.name for m in merged]
    # one line per name, in order of first appearance
    first_seen = list(dict.fromkeys(m.name for item in items for m in item.materials))
    assert names == first_seen
    for line in merged:
        sources = [
            (item.code, m) for item in items for m in item.materials if m.name == line.material.name
        ]
        assert line.item_codes == tuple(code for code, _ in sources)
        mats = [m for _, m in sources]
        assert line.material.required == any(m.required for m in mats)
        assert line.material.copies == max(m.copies for m in mats)
        assert STRENGTH[line.material.form] == max(STRENGTH[m.form] for m in mats)
        # 容缺 only if no item that requires the material forbids it; allowed by all: allowed
        if line.material.gap_allowed:
            assert all(m.gap_allowed for m in mats if m.required)
        if all(m.gap_allowed for m in mats):
            assert line.material.gap_allowed
        assert line.material.code == mats[0].code  # the first item's code is kept
    # merging never loses a material and never makes the set bigger than the sum
    assert len(merged) <= sum(len(item.materials) for item in items)


@given(bundle_items())
def test_merge_with_one_item_is_its_checklist(items: list[Item]) -> None:
    item = items[0]
    merged = merge_bundle_checklist([item])
    assert [m.material for m in merged] == item.checklist()
    assert all(m.item_codes == (item.code,) for m in merged)


def test_merge_respects_each_items_scenario() -> None:
    hukou = Item(
        "HUKOU",
        "户口迁移",
        "公安",
        materials=(
            Material("A", "户口迁移申请表"),
            Material("B", "不动产权证书", scenarios=("BUY",)),
            Material("C", "房屋租赁合同", scenarios=("RENT",)),
        ),
        scenarios=(Scenario("BUY", "购房"), Scenario("RENT", "租房")),
    )
    school = Item(
        "SCHOOL",
        "入学登记",
        "教育",
        materials=(Material("X", "户口迁移申请表", copies=2), Material("Y", "不动产权证书")),
    )
    merged = merge_bundle_checklist([hukou, school], {"HUKOU": "RENT"})
    by_name = {m.material.name: m for m in merged}
    assert list(by_name) == ["户口迁移申请表", "房屋租赁合同", "不动产权证书"]
    assert by_name["户口迁移申请表"].material.copies == 2
    assert by_name["户口迁移申请表"].item_codes == ("HUKOU", "SCHOOL")
    assert by_name["不动产权证书"].item_codes == ("SCHOOL",)


def test_merge_strictest_example() -> None:
    a = Item(
        "A",
        "企业设立登记",
        "市场监管",
        materials=(
            Material("A1", "营业执照", MaterialForm.COPY, required=False, gap_allowed=True),
        ),
    )
    b = Item(
        "B",
        "公章刻制",
        "公安",
        materials=(Material("B1", "营业执照", MaterialForm.ORIGINAL_KEPT, copies=2),),
    )
    (line,) = merge_bundle_checklist([a, b])
    assert line.material.required and not line.material.gap_allowed
    assert line.material.form is MaterialForm.ORIGINAL_KEPT and line.material.copies == 2
    assert line.item_codes == ("A", "B")


def test_optional_material_does_not_forbid_gap_acceptance() -> None:
    a = Item("A", "印章刻制", "公安", materials=(Material("A1", "经办人身份证明", required=False),))
    b = Item(
        "B",
        "社保登记",
        "人社",
        materials=(Material("B1", "经办人身份证明", required=True, gap_allowed=True),),
    )
    (line,) = merge_bundle_checklist([a, b])
    assert line.material.required
    assert line.material.gap_allowed

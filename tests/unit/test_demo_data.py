"""The demo hall and catalog: every record loads with the shared domain model and the data is
internally consistent (departments, zones, bundles, time limits, scenarios, staff)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from clerk_app.domain.catalog import Bundle, HandlingKind, Item, merge_bundle_checklist
from clerk_app.domain.workdays import WorkdayCalendar, load_overrides

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "demo"
CATALOG = DEMO / "catalog.jsonl"
HALL = DEMO / "hall.json"
OVERRIDES = ROOT / "resources" / "calendar" / "workday_overrides.csv"

ITEM_TYPES = {"行政许可", "行政确认", "公共服务", "行政给付", "其他行政权力"}
SOURCES = {"申请人自备", "政府部门核发", "共享库调取"}


def _lines() -> list[dict[str, Any]]:
    with CATALOG.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def lines() -> list[dict[str, Any]]:
    return _lines()


@pytest.fixture(scope="module")
def items(lines: list[dict[str, Any]]) -> dict[str, Item]:
    result: dict[str, Item] = {}
    for rec in lines[1:]:
        if rec["kind"] == "item":
            data = {k: v for k, v in rec.items() if k != "kind"}
            item = Item.from_dict(data)
            assert item.code not in result, f"duplicate item code {item.code}"
            result[item.code] = item
    return result


@pytest.fixture(scope="module")
def bundles(lines: list[dict[str, Any]]) -> list[Bundle]:
    return [
        Bundle.from_dict({k: v for k, v in rec.items() if k != "kind"})
        for rec in lines[1:]
        if rec["kind"] == "bundle"
    ]


@pytest.fixture(scope="module")
def departments(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {rec["code"]: rec for rec in lines[1:] if rec["kind"] == "department"}


@pytest.fixture(scope="module")
def hall() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(HALL.read_text(encoding="utf-8"))
    return data


def _by_name(items: dict[str, Item], name: str) -> Item:
    found = [i for i in items.values() if name in i.name]
    assert len(found) == 1, f"{name}: {[i.name for i in found]}"
    return found[0]


def test_header(lines: list[dict[str, Any]]) -> None:
    header = lines[0]
    assert header["format"] == "clerk-catalog"
    assert header["format_version"] == 1
    assert header["catalog_version"]
    assert "kind" not in header


def test_record_order_and_kinds(lines: list[dict[str, Any]]) -> None:
    kinds = [rec["kind"] for rec in lines[1:]]
    order = {"department": 0, "material": 1, "item": 2, "bundle": 3}
    assert set(kinds) == set(order)
    assert [order[k] for k in kinds] == sorted(order[k] for k in kinds)


def test_item_records_round_trip_exactly(lines: list[dict[str, Any]]) -> None:
    # "exactly the fields of Item.to_dict()": nothing lost, nothing extra
    for rec in lines[1:]:
        data = {k: v for k, v in rec.items() if k != "kind"}
        if rec["kind"] == "item":
            assert Item.from_dict(data).to_dict() == data
        elif rec["kind"] == "bundle":
            assert Bundle.from_dict(data).to_dict() == data


def test_at_least_45_items(items: dict[str, Item]) -> None:
    assert len(items) >= 45


def test_every_department_exists(
    items: dict[str, Item], departments: dict[str, dict[str, Any]]
) -> None:
    for dept in departments.values():
        assert dept["window_mode"] in ("comprehensive", "standing")
        assert dept["name"]
    for item in items.values():
        assert item.department_code in departments, item.code
        assert departments[item.department_code]["name"] == item.department, item.code


def test_bundle_items_exist(items: dict[str, Item], bundles: list[Bundle]) -> None:
    assert len({b.code for b in bundles}) == len(bundles)
    names = {b.name for b in bundles}
    assert {"企业开办一件事", "二手房交易一件事"} <= names
    for bundle in bundles:
        assert len(bundle.item_codes) >= 2, bundle.code
        for code in bundle.item_codes:
            assert code in items, f"{bundle.code}: {code}"


def test_enterprise_bundle_has_six_items(items: dict[str, Item], bundles: list[Bundle]) -> None:
    bundle = next(b for b in bundles if b.name == "企业开办一件事")
    assert len(bundle.item_codes) == 6
    merged = merge_bundle_checklist([items[c] for c in bundle.item_codes])
    names = [m.material.name for m in merged]
    assert len(names) == len(set(names))
    # one set of materials: the merged list is shorter than the sum of the checklists
    total = sum(len(items[c].checklist()) for c in bundle.item_codes)
    assert len(merged) < total


def test_zones_are_hall_queues(
    items: dict[str, Item], bundles: list[Bundle], hall: dict[str, Any]
) -> None:
    queues = {q["code"] for q in hall["queues"]}
    for item in items.values():
        assert item.zone in queues, item.code
    for bundle in bundles:
        assert bundle.zone in queues, bundle.code


def test_time_limits(items: dict[str, Item]) -> None:
    for item in items.values():
        assert 0 <= item.promised_days <= item.legal_days, item.code
        if item.handling is HandlingKind.IMMEDIATE:
            assert item.promised_days == 0, item.code
        else:
            assert item.promised_days > 0, item.code


def test_item_fields(items: dict[str, Item]) -> None:
    for item in items.values():
        assert item.item_type in ITEM_TYPES, item.code
        assert item.version == 1
        assert not item.withdrawn
        assert item.legal_basis.startswith("《"), item.code
        assert item.result_name, item.code
        assert item.delivery_modes, item.code
        assert 2 <= len(item.materials) <= 14, item.code
        assert len({m.code for m in item.materials}) == len(item.materials), item.code
        for m in item.materials:
            assert m.source in SOURCES, (item.code, m.name)
            assert m.copies >= 1


def test_gap_rules(items: dict[str, Item]) -> None:
    gap_items = [i for i in items.values() if i.gap_allowed]
    assert len(gap_items) >= 5
    for item in gap_items:
        # an item that allows 容缺 has at least one required material that may be missing
        assert any(m.gap_allowed and m.required for m in item.materials), item.code
        # but never the core material: the application form and the ID stay mandatory
        for m in item.materials:
            if m.name.endswith(("申请书", "申请表")) or m.name == "居民身份证":
                assert not m.gap_allowed, (item.code, m.name)


def test_scenarios_referenced_exist(items: dict[str, Item]) -> None:
    for item in items.values():
        known = {s.code for s in item.scenarios}
        assert len(known) == len(item.scenarios), item.code
        for m in item.materials:
            assert set(m.scenarios) <= known, (item.code, m.name)


def test_hukou_scenarios_filter_the_checklist(items: dict[str, Item]) -> None:
    hukou = _by_name(items, "户口迁移")
    assert {s.name for s in hukou.scenarios} == {"购房迁入", "租房迁入", "投靠亲属"}
    lists = {s.code: {m.name for m in hukou.checklist(s.code)} for s in hukou.scenarios}
    buy, rent, kin = lists["BUY"], lists["RENT"], lists["KIN"]
    assert buy != rent and rent != kin and buy != kin
    assert "不动产权证书" in buy and "不动产权证书" not in rent | kin
    assert "房屋租赁合同（登记备案）" in rent and "房屋租赁合同（登记备案）" not in buy | kin
    assert "被投靠人同意落户的书面意见" in kin and "被投靠人同意落户的书面意见" not in buy | rent
    # the common lines appear in every scenario
    common = buy & rent & kin
    assert {"户口迁移申请表", "迁移人居民户口簿", "入学通知书或学籍证明"} <= common
    with pytest.raises(ValueError):
        hukou.checklist("NOPE")


def test_items_named_in_the_brief_are_present(items: dict[str, Item]) -> None:
    for name in (
        "二手房",
        "企业设立登记",
        "公章刻制",
        "发票",
        "社会保险登记",
        "公积金单位缴存登记",
        "银行账户开户",
        "个体工商户",
        "异地就医备案",
        "异地医保转移",
        "护照",
        "往来港澳通行证",
        "护士执业注册",
        "道路运输从业人员",
        "名称变更",
        "食品经营许可",
        "城乡居民基本养老保险",
        "住房公积金提取",
        "居住证",
    ):
        assert any(name in i.name for i in items.values()), name


def test_every_staff_role_present(hall: dict[str, Any]) -> None:
    staff = hall["staff"]
    roles = [s["role"] for s in staff]
    for role in ("clerk", "helpdesk", "supervisor", "department"):
        assert role in roles, role
    # A hall file never holds an admin: the demo's comes from admin.json through init-demo.
    assert "admin" not in roles
    admin = json.loads((HALL.parent / "admin.json").read_text(encoding="utf-8"))
    assert admin["username"] == "admin01" and admin["password"]
    assert roles.count("clerk") >= 4
    assert roles.count("helpdesk") >= 2
    assert roles.count("department") >= 2
    assert len({s["username"] for s in staff}) == len(staff)
    windows = {w["number"] for w in hall["windows"]}
    for s in staff:
        assert s["display_name"] and s["password"]
        if s["role"] == "clerk":
            assert s["window"] in windows, s["username"]
        if s["role"] == "department":
            assert s["department_code"], s["username"]
        else:
            assert s["department_code"] is None, s["username"]


def test_department_users_name_catalog_departments(
    hall: dict[str, Any], departments: dict[str, dict[str, Any]]
) -> None:
    for s in hall["staff"]:
        if s["role"] == "department":
            assert s["department_code"] in departments


def test_hall_shape(hall: dict[str, Any]) -> None:
    assert hall["hall"]["code"] == "HS01"
    assert hall["hall"]["name"] == "黄石市民之家"
    assert hall["hall"]["address"]
    zones = {z["code"] for z in hall["zones"]}
    assert zones == {"SOCIAL", "ENTERPRISE", "ESTATE", "POLICE", "TAX", "FUND"}
    prefixes = {q["code"]: q["prefix"] for q in hall["queues"]}
    assert prefixes == {
        "SOCIAL": "A",
        "ENTERPRISE": "B",
        "ESTATE": "C",
        "POLICE": "D",
        "TAX": "E",
        "FUND": "F",
    }
    for q in hall["queues"]:
        assert q["zone"] in zones


def test_windows_1_to_12(hall: dict[str, Any]) -> None:
    numbers = sorted(w["number"] for w in hall["windows"])
    assert numbers == list(range(1, 13))
    queues = {q["code"] for q in hall["queues"]}
    zones = {z["code"] for z in hall["zones"]}
    served: set[str] = set()
    for w in hall["windows"]:
        assert w["label"].startswith(f"{w['number']}号窗口")
        assert w["zone"] in zones
        assert w["queues"], w["number"]
        assert len(set(w["queues"])) == len(w["queues"])
        assert set(w["queues"]) <= queues
        served |= set(w["queues"])
    assert served == queues  # every queue has a window that calls it


def test_generator_is_deterministic(tmp_path: Path) -> None:
    # the committed file is exactly what the generator writes
    out = tmp_path / "catalog.jsonl"
    script = DEMO / "build_catalog.py"
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, str(script), "--out", str(out)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert out.read_bytes() == CATALOG.read_bytes()


def test_2027_overrides() -> None:
    overrides = load_overrides(OVERRIDES)
    holidays = {
        date(2027, 1, 1),
        date(2027, 2, 5),
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
        date(2027, 4, 5),
        date(2027, 5, 1),
        date(2027, 5, 2),
        date(2027, 6, 9),
        date(2027, 9, 15),
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
    }
    assert overrides == dict.fromkeys(holidays, False)  # statutory days only, no 调休 invented
    cal = WorkdayCalendar(overrides)
    assert not cal.is_working_day(date(2027, 6, 9))  # a Wednesday: 端午
    assert cal.is_working_day(date(2027, 6, 10))
    # 2027-02-04 (Thu) + 1 working day skips 除夕..初三 (Fri..Mon) to Tuesday 02-09
    assert cal.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 9)

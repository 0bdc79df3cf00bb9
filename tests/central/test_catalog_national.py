"""The national item model (GB/T 39554 实施清单) in catalog files: 基本编码 and 实施编码 of an
item, the department's credit code (GB 32100, python-stdnum's check character), its level and
where its decisions are challenged; every error with its line and field."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from clerk_app.central.catalog_import import import_catalog
from clerk_app.central.catalog_io import DepartmentEntry, parse_catalog_lines
from clerk_app.central.db import make_engine, upgrade
from clerk_app.central.gen_catalog import generate_catalog
from clerk_app.central.models import Department
from clerk_app.central.services.catalog import snapshot_stream
from clerk_app.domain.catalog import Item

from .test_catalog_io import DEPT, HEADER, item_dict, lines

# 国家税务总局黄石市税务局 of the demo catalog: a credit code with a correct check character
TAX = {
    "kind": "department",
    "code": "HSSW",
    "name": "国家税务总局黄石市税务局",
    "window_mode": "comprehensive",
    "review_body": "国家税务总局湖北省税务局",
    "court": "黄石市西塞山区人民法院",
    "credit_code": "11420200MB0000003P",
    "level": "市",
}


def tax_item(code: str = "T1", **changes: Any) -> dict[str, Any]:
    national = {
        "basic_code": "1000003000",
        "implementation_code": "11420200MB0000003P1000003000",
    }
    return item_dict(
        code,
        department="国家税务总局黄石市税务局",
        department_code="HSSW",
        **{**national, **changes},
    )


def messages(*records: Any) -> list[str]:
    parsed = parse_catalog_lines(lines(HEADER, *records))
    return [str(e) for e in parsed.errors]


def test_the_new_fields_are_read_into_the_department_and_the_item() -> None:
    parsed = parse_catalog_lines(lines(HEADER, TAX, tax_item()))
    assert parsed.ok, parsed.errors
    assert parsed.departments == [
        DepartmentEntry(
            "HSSW",
            "国家税务总局黄石市税务局",
            "comprehensive",
            review_body="国家税务总局湖北省税务局",
            court="黄石市西塞山区人民法院",
            credit_code="11420200MB0000003P",
            level="市",
        )
    ]
    item = parsed.items[0]
    assert (item.basic_code, item.implementation_code) == (
        "1000003000",
        "11420200MB0000003P1000003000",
    )
    assert Item.from_dict(item.to_dict()) == item


def test_a_wrong_check_character_is_refused_with_line_and_field() -> None:
    bad = {**TAX, "credit_code": "11420200MB0000003X"}
    assert messages(bad, tax_item()) == [
        "第2行 [HSSW] credit_code: 统一社会信用代码校验位不正确，请核对后重新输入",
        "第3行 [T1] department_code: 文件中没有部门HSSW",
    ]


def test_a_short_credit_code_and_an_unknown_level_are_refused() -> None:
    assert messages({**TAX, "credit_code": "11420200MB"}) == [
        "第2行 [HSSW] credit_code: 统一社会信用代码应为18位，现在是10位"
    ]
    assert messages({**TAX, "level": "州"}) == ["第2行 [HSSW] level: 取值不在允许范围内"]


def test_a_credit_code_whose_authority_is_a_letter_is_accepted() -> None:
    """GB 32100 allows Y (其他) as the registration authority; stdnum's validate() would
    refuse it, its check character routine does not."""
    first17 = "Y1420200MB0000009"
    from stdnum.cn import uscc

    code = first17 + uscc.calc_check_digit(first17)
    parsed = parse_catalog_lines(lines(HEADER, {**TAX, "credit_code": code}))
    assert parsed.ok, parsed.errors


def test_two_items_may_not_share_an_implementation_code() -> None:
    assert messages(TAX, tax_item("T1"), tax_item("T2")) == [
        "第4行 [T2] implementation_code: 实施编码11420200MB0000003P1000003000重复（第3行已有）"
    ]


def test_a_malformed_basic_code_is_refused_with_its_field() -> None:
    found = messages(TAX, tax_item(basic_code="基本 编码"))
    assert len(found) == 1 and found[0].startswith("第3行 [T1] basic_code:"), found


def test_older_files_without_the_fields_stay_readable() -> None:
    parsed = parse_catalog_lines(lines(HEADER, DEPT, item_dict()))
    assert parsed.ok, parsed.errors
    assert parsed.departments[0].credit_code == "" and parsed.items[0].basic_code == ""


def test_import_and_snapshot_carry_the_department_fields(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        parsed = parse_catalog_lines(lines(HEADER, TAX, DEPT, tax_item(), item_dict()))
        import_catalog(engine, parsed)
        with engine.connect() as conn:
            row = conn.execute(
                select(Department.review_body, Department.court, Department.credit_code).where(
                    Department.code == "HSSW"
                )
            ).one()
        assert tuple(row) == (
            "国家税务总局湖北省税务局",
            "黄石市西塞山区人民法院",
            TAX["credit_code"],
        )
        body = gzip.decompress(b"".join(snapshot_stream(engine)))
        records = [json.loads(x) for x in body.splitlines()]
    finally:
        engine.dispose()
    departments = {r["code"]: r for r in records if r.get("kind") == "department"}
    assert departments["HSSW"] == TAX
    assert departments["HSGA"] == DEPT  # empty optional fields are left out
    items = {r["code"]: r for r in records if r.get("kind") == "item"}
    assert items["T1"]["basic_code"] == "1000003000"


def test_the_synthetic_catalog_fills_the_fields_and_passes_the_reader(tmp_path: Path) -> None:
    header, departments, items, bundles = generate_catalog(2000)
    from clerk_app.central.catalog_io import read_catalog_file, write_catalog_file
    from clerk_app.central.gen_catalog import MATERIAL_DIRECTORY

    path = tmp_path / "g.jsonl"
    write_catalog_file(path, header, departments, items, bundles, MATERIAL_DIRECTORY)
    parsed = read_catalog_file(path)
    assert parsed.ok, parsed.errors[:3]
    assert {d.level for d in parsed.departments} == {"市", "县", "乡", "村"}
    assert all(d.credit_code for d in parsed.departments)
    # a county tax bureau's decisions go to the prefecture's tax bureau, not a government
    tax = [d for d in parsed.departments if d.name == "恩施市税务局"]
    assert tax and tax[0].review_body == "国家税务总局恩施土家族苗族自治州税务局"
    # the same item in several counties shares its 基本编码, and only the same item does
    names: dict[str, set[str]] = {}
    departments_of: dict[str, set[str]] = {}
    for item in parsed.items:
        names.setdefault(item.basic_code, set()).add(item.name)
        departments_of.setdefault(item.basic_code, set()).add(item.department_code)
    assert all(len(n) == 1 for n in names.values())
    assert max(len(d) for d in departments_of.values()) > 1

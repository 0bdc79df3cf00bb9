"""Catalog files: every error found with its line, nothing written from a bad file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from clerk_app.central.catalog_import import CatalogRejected, import_catalog
from clerk_app.central.catalog_io import (
    CatalogError,
    CatalogHeader,
    DepartmentEntry,
    ParsedCatalog,
    item_to_dict,
    parse_catalog_lines,
    read_catalog_file,
    write_catalog_file,
)
from clerk_app.central.db import make_engine, upgrade
from clerk_app.central.models import CatalogBundle, CatalogItem, CatalogMeta, Department
from clerk_app.domain.catalog import (
    Bundle,
    DeliveryMode,
    HandlingKind,
    Item,
    Material,
    MaterialForm,
    Scenario,
)

from .conftest import small_catalog

HEADER = {
    "format": "clerk-catalog",
    "format_version": 1,
    "catalog_version": "2026.11-test",
    "generated_at": "2026-11-23T10:00:00+08:00",
    "source": "测试",
}
DEPT = {"kind": "department", "code": "HSGA", "name": "黄石市公安局", "window_mode": "standing"}


def item_dict(code: str = "4202000001", **changes: Any) -> dict[str, Any]:
    item = Item(
        code=code,
        name="居民身份证换领",
        department="黄石市公安局",
        department_code="HSGA",
        zone="POLICE",
        materials=(
            Material("M01", "居民身份证", MaterialForm.ORIGINAL_CHECKED),
            Material("M02", "户口簿", MaterialForm.ORIGINAL_CHECKED, scenarios=("S2",)),
        ),
        scenarios=(Scenario("S1", "本人办理"), Scenario("S2", "户籍迁入")),
    )
    return {"kind": "item", **item.to_dict(), **changes}


def lines(*records: Any) -> list[bytes]:
    return [
        r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode("utf-8")
        for r in records
    ]


def errors_of(*records: Any) -> list[CatalogError]:
    parsed = parse_catalog_lines(lines(*records))
    assert not parsed.ok
    return parsed.errors


def test_a_good_file_parses_into_domain_objects(tmp_path: Path) -> None:
    bundle = {"kind": "bundle", "code": "B1", "name": "一件事", "item_codes": ["4202000001"]}
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join(lines(HEADER, DEPT, item_dict(), bundle)) + b"\n")
    parsed = read_catalog_file(path)
    assert parsed.ok, parsed.errors
    assert parsed.header == CatalogHeader("2026.11-test", str(HEADER["generated_at"]), "测试")
    assert parsed.departments == [DepartmentEntry("HSGA", "黄石市公安局", "standing")]
    assert parsed.items[0].checklist("S1") == [parsed.items[0].materials[0]]
    assert parsed.bundles == [Bundle("B1", "一件事", ("4202000001",))]
    assert parsed.item_dicts() == [parsed.items[0].to_dict()]


def test_write_then_read_round_trips_gzip(tmp_path: Path) -> None:
    catalog = small_catalog(30)
    assert catalog.header is not None
    path = tmp_path / "c.jsonl.gz"
    write_catalog_file(
        path,
        catalog.header,
        catalog.departments,
        catalog.items,
        catalog.bundles,
        catalog.materials,
    )
    assert gzip.decompress(path.read_bytes()).startswith(b'{"format":"clerk-catalog"')
    parsed = read_catalog_file(path)
    assert parsed.ok, parsed.errors
    assert parsed.items == catalog.items
    assert parsed.departments == catalog.departments
    assert parsed.bundles == catalog.bundles


def test_every_error_is_collected_with_line_code_and_field() -> None:
    errors = errors_of(
        HEADER,
        DEPT,
        item_dict("A1"),
        b"{not json",
        item_dict("A1"),  # duplicate
        item_dict("A2", department_code="NOPE"),
        item_dict("A3", handling="sometimes"),
        item_dict("A4", legal_days="twenty"),
        {"kind": "bundle", "code": "B1", "name": "一件事", "item_codes": ["A1", "ZZ9"]},
        {"kind": "mystery", "code": "X"},
        item_dict("A5", colour="red"),
        item_dict("A6", promised_days=30, legal_days=20),
        item_dict("A7", name=""),
    )
    found = {(e.line, e.code, e.field) for e in errors}
    assert (4, "", "") in found  # bad JSON
    assert (5, "A1", "code") in found  # duplicate, names the first line
    assert (6, "A2", "department_code") in found
    assert (7, "A3", "handling") in found
    assert (8, "A4", "legal_days") in found
    assert (9, "B1", "item_codes[1]") in found
    assert any(e.line == 10 for e in errors)
    assert (11, "A5", "colour") in found
    assert (12, "A6", "promised_days") in found
    assert (13, "A7", "name") in found
    assert [e.line for e in errors] == sorted(e.line for e in errors)
    duplicate = next(e for e in errors if e.line == 5)
    assert "第3行" in duplicate.message
    assert str(duplicate).startswith("第5行 [A1] code: ")
    # Every message is Chinese text for the clerk, never pydantic's English.
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e.message) for e in errors)


@pytest.mark.parametrize(
    "header",
    [
        {"format": "something-else", "format_version": 1, "catalog_version": "x"},
        {**HEADER, "format_version": 2},
        {**HEADER, "catalog_version": ""},
        DEPT,
        b"[]",
        b"garbage",
    ],
)
def test_a_wrong_header_refuses_the_file(header: Any) -> None:
    parsed = parse_catalog_lines(lines(header, DEPT, item_dict()))
    assert not parsed.ok
    assert parsed.errors[0].line == 1


def test_material_naming_an_unknown_scenario_is_an_error() -> None:
    data = item_dict()
    data["materials"][1]["scenarios"] = ["S9"]
    (error,) = errors_of(HEADER, DEPT, data)
    assert (error.line, error.field) == (3, "materials[1].scenarios[0]")


def test_empty_and_damaged_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert read_catalog_file(empty).errors[0].message == "文件为空，缺少文件头"
    damaged = tmp_path / "bad.jsonl.gz"
    damaged.write_bytes(gzip.compress(b"x" * 1000)[:20])
    assert read_catalog_file(damaged).errors[0].line == 0
    damaged.write_bytes(b"plain text, not gzip")
    assert "gzip" in read_catalog_file(damaged).errors[0].message
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(
        json.dumps(HEADER).encode() + b"\n" + '{"kind":"department","code":"Ä"}'.encode("latin-1")
    )
    assert read_catalog_file(latin).errors[0].message == "不是UTF-8编码的文本"
    with pytest.raises(FileNotFoundError):
        read_catalog_file(tmp_path / "missing.jsonl")


def _count(url: str, model: type) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(model)) or 0
    finally:
        engine.dispose()


def test_import_replace_and_upsert(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        first = small_catalog(40, seed=1)
        result = import_catalog(engine, first)
        assert (result.items, result.bundles) == (40, len(first.bundles))
        # upsert: changed items are updated, new ones added, the rest kept
        changed = Item.from_dict({**first.items[0].to_dict(), "name": "改名后的事项", "version": 2})
        extra = Item.from_dict({**first.items[1].to_dict(), "code": "NEW-ITEM-1"})
        assert first.header is not None
        update = ParsedCatalog(CatalogHeader("v2"), first.departments, [changed, extra], [])
        import_catalog(engine, update, mode="upsert")
        with engine.connect() as conn:
            stored = conn.execute(
                select(CatalogItem.name, CatalogItem.version, CatalogItem.data).where(
                    CatalogItem.code == changed.code
                )
            ).one()
            assert stored.name == "改名后的事项" and stored.version == 2
            assert Item.from_dict(stored.data) == changed
            assert conn.scalar(select(CatalogMeta.catalog_version)) == "v2"
        assert _count(db_url, CatalogItem) == 41
        # replace: exactly the new catalog
        import_catalog(engine, update, mode="replace")
        assert _count(db_url, CatalogItem) == 2
        assert _count(db_url, CatalogBundle) == 0
    finally:
        engine.dispose()


def test_a_bad_file_writes_nothing(db_url: str, tmp_path: Path) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        good = small_catalog(20)
        import_catalog(engine, good)
        path = tmp_path / "bad.jsonl"
        path.write_bytes(b"\n".join(lines(HEADER, DEPT, item_dict("Z1"), item_dict("Z1"))))
        bad = read_catalog_file(path)
        with pytest.raises(CatalogRejected) as caught:
            import_catalog(engine, bad)
        assert caught.value.errors[0].line == 4
        assert _count(db_url, CatalogItem) == 20
        assert _count(db_url, Department) == len(good.departments)
        with engine.connect() as conn:
            assert conn.scalar(select(CatalogMeta.catalog_version)) == good.header.catalog_version  # type: ignore[union-attr]
    finally:
        engine.dispose()


codes = st.from_regex(r"[A-Z0-9]{1,12}", fullmatch=True)
texts = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30)


@st.composite
def items(draw: st.DrawFn) -> Item:
    scenario_codes = draw(st.lists(codes, max_size=3, unique=True))
    materials = [
        Material(
            code=code,
            name=draw(texts),
            form=draw(st.sampled_from(list(MaterialForm))),
            copies=draw(st.integers(0, 9)),
            required=draw(st.booleans()),
            gap_allowed=draw(st.booleans()),
            note=draw(st.text(max_size=20)),
            scenarios=tuple(draw(st.lists(st.sampled_from(scenario_codes), max_size=2)))
            if scenario_codes
            else (),
        )
        for code in draw(st.lists(codes, min_size=1, max_size=6, unique=True))
    ]
    handling = draw(st.sampled_from(list(HandlingKind)))
    # 即办件 promise no limit; 承诺件 promise at least a day (the catalog rules)
    immediate = handling is HandlingKind.IMMEDIATE
    legal = draw(st.integers(0 if immediate else 1, 60))
    return Item(
        code=draw(codes),
        name=draw(texts),
        department=draw(texts),
        department_code="HSGA",
        handling=handling,
        legal_days=legal,
        promised_days=0 if immediate else draw(st.integers(1, legal)),
        delivery_modes=tuple(
            draw(st.lists(st.sampled_from(list(DeliveryMode)), min_size=1, max_size=3))
        ),
        gap_allowed=draw(st.booleans()),
        zone=draw(st.sampled_from(["SOCIAL", "ESTATE", ""])),
        version=draw(st.integers(1, 99)),
        withdrawn=draw(st.booleans()),
        materials=tuple(materials),
        scenarios=tuple(Scenario(c, draw(texts)) for c in scenario_codes),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items())
def test_any_valid_item_survives_the_file_format(item: Item) -> None:
    record = json.dumps({"kind": "item", **item.to_dict()}, ensure_ascii=False).encode("utf-8")
    parsed = parse_catalog_lines([json.dumps(HEADER).encode(), json.dumps(DEPT).encode(), record])
    assert parsed.errors == []
    assert parsed.items == [item]
    assert parsed.item_dicts() == [item.to_dict()]
    assert item_to_dict(item) == item.to_dict()


def test_the_documented_example_is_a_valid_catalog() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "catalog-format.md"
    block = doc.read_text(encoding="utf-8").split("## Example")[1].split("```json")[1]
    example = block.split("```")[0].strip().splitlines()
    parsed = parse_catalog_lines([line.encode("utf-8") for line in example])
    assert parsed.ok, parsed.errors
    assert [m.code for m in parsed.items[0].checklist("S1")] == ["M01"]

"""The catalog model for bundles: standard material codes, the catalog rules, the bundle's
checklist command, and the merged checklist's properties."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clerk_app.central.catalog_import import import_catalog
from clerk_app.central.catalog_io import parse_catalog_lines, read_catalog_file
from clerk_app.central.cli import main
from clerk_app.central.db import make_engine, upgrade
from clerk_app.central.services.catalog import snapshot_stream
from clerk_app.contract.catalog import BundleRecord
from clerk_app.domain.catalog import (
    JOINT_HANDLING_DAYS,
    Bundle,
    Item,
    Material,
    ProducedMaterial,
    merge_bundle_checklist,
)

ROOT = Path(__file__).resolve().parents[2]
DEMO_CATALOG = ROOT / "resources" / "demo" / "catalog.jsonl"
ENTERPRISE = "420200-YJS-0001"

HEADER = {"format": "clerk-catalog", "format_version": 1, "catalog_version": "t1"}
DEPT = {"kind": "department", "code": "D1", "name": "部门一", "window_mode": "comprehensive"}
DIRECTORY = [
    {"kind": "material", "code": "SQB", "name": "申请表", "key": True},
    {"kind": "material", "code": "YYZZ", "name": "营业执照"},
]


def _item(code: str, *materials: dict[str, Any], **changes: Any) -> dict[str, Any]:
    record = {
        "kind": "item",
        "code": code,
        "name": f"事项{code}",
        "department": "部门一",
        "department_code": "D1",
        "materials": list(materials),
    }
    record.update(changes)
    return record


def _parse(*records: dict[str, Any]) -> list[str]:
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in (HEADER, DEPT, *records)]
    return [str(e) for e in parse_catalog_lines(lines).errors]


def _bundle(**changes: Any) -> dict[str, Any]:
    record = {"kind": "bundle", "code": "B1", "name": "一件事", "item_codes": ["A", "B"]}
    record.update(changes)
    return record


def test_a_clean_bundle_catalog_passes() -> None:
    a = _item("A", {"code": "M1", "name": "申请表", "standard_code": "SQB"})
    b = _item("B", {"code": "M1", "name": "营业执照", "standard_code": "YYZZ"})
    produces = [{"item_code": "A", "material_code": "YYZZ"}]
    bundle = _bundle(optional_items=["B"], produces=produces, lead_department_code="D1")
    assert _parse(*DIRECTORY, a, b, bundle) == []


def test_an_unknown_standard_code_is_refused_with_line_and_field() -> None:
    a = _item("A", {"code": "M1", "name": "申请表", "standard_code": "NOPE"})
    assert _parse(*DIRECTORY, a) == [
        "第5行 [A] materials[0].standard_code: 材料目录中没有材料编码NOPE"
    ]


def test_a_key_material_is_never_gap_allowed() -> None:
    a = _item("A", {"code": "M1", "name": "申请表", "standard_code": "SQB", "gap_allowed": True})
    assert _parse(*DIRECTORY, a) == [
        "第5行 [A] materials[0].gap_allowed: 「申请表」是关键材料，不能容缺受理"
    ]


def test_immediate_with_a_promise_and_promised_without_one_are_refused() -> None:
    immediate = _item("A", handling="immediate", legal_days=5, promised_days=2)
    promised = _item("B", handling="promised", legal_days=5, promised_days=0)
    assert _parse(immediate, promised) == [
        "第3行 [A] promised_days: 即办件当场办结，不能有承诺办结时限",
        "第4行 [B] promised_days: 承诺件须有承诺办结时限（至少1个工作日）",
    ]


def test_bundle_references_and_order_are_checked() -> None:
    a = _item("A", {"code": "M1", "name": "营业执照", "standard_code": "YYZZ"})
    b = _item("B")
    bundle = _bundle(
        optional_items=["Z"],
        produces=[{"item_code": "B", "material_code": "YYZZ"}],
        lead_department_code="NOPE",
    )
    assert _parse(*DIRECTORY, a, b, bundle) == [
        "第7行 [B1] optional_items[0]: 事项Z不在本一件事中",
        "第7行 [B1] produces[0]: 事项A排在产生材料YYZZ的事项之前",
        "第7行 [B1] lead_department_code: 文件中没有部门NOPE",
    ]


def test_older_bundle_shapes_stay_readable() -> None:
    old = {"code": "B1", "name": "一件事", "item_codes": ["A"], "zone": "", "version": 1}
    bundle = Bundle.from_dict(old)
    assert bundle.optional_items == () and bundle.produces == ()
    assert bundle.time_limit_days == JOINT_HANDLING_DAYS
    record = BundleRecord.model_validate({"kind": "bundle", **old})
    assert record.to_bundle() == bundle
    assert Bundle.from_dict(bundle.to_dict()) == bundle


@pytest.fixture
def demo_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'central.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        import_catalog(engine, read_catalog_file(DEMO_CATALOG))
    finally:
        engine.dispose()
    return url


def test_catalog_bundle_prints_the_merged_checklist(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalog", "bundle", ENTERPRISE, "--db", demo_db, "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert {tuple(sorted(line)) for line in lines} == {
        ("code", "items", "name", "produced_by", "required")
    }
    asked = [line for line in lines if line["produced_by"] is None]
    assert len(asked) <= 6  # the seeds: at most 6 materials at the window, cut from 23
    licence = next(line for line in lines if line["code"] == "ZZ-YYZZ")
    assert licence["produced_by"] == "420200-XK-0201-01"
    assert len({line["code"] for line in lines}) == len(lines)

    assert main(["catalog", "bundle", ENTERPRISE, "--db", demo_db]) == 0
    text = capsys.readouterr().out
    assert "窗口收取材料6项" in text
    assert "本件内产生：营业执照 ← 企业设立登记" in text
    assert main(["catalog", "bundle", "NOPE", "--db", demo_db]) == 2
    assert "没有一件事NOPE" in capsys.readouterr().err


def test_the_snapshot_carries_the_directory_and_reads_back_clean(demo_db: str) -> None:
    engine = make_engine(demo_db)
    try:
        data = gzip.decompress(b"".join(snapshot_stream(engine)))
    finally:
        engine.dispose()
    parsed = parse_catalog_lines(data.splitlines())
    assert parsed.ok, parsed.errors[:3]
    assert {m.code for m in parsed.materials} >= {"ZZ-YYZZ", "QYKB-SQB"}
    enterprise = next(b for b in parsed.bundles if b.code == ENTERPRISE)
    assert enterprise.produces and enterprise.lead_department_code == "HSSCJG"


# -- properties of the merged checklist ------------------------------------------------------

CODES = ["C1", "C2", "C3", "C4", ""]
NAMES = ["申请表", "身份证", "营业执照", "章程"]


@st.composite
def bundles(draw: st.DrawFn) -> tuple[Bundle, list[Item]]:
    items = []
    for i in range(draw(st.integers(1, 5))):
        picks = draw(
            st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(NAMES)), max_size=5)
        )
        materials = tuple(
            Material(f"M{j}", name, required=draw(st.booleans()), standard_code=code)
            for j, (code, name) in enumerate(picks)
        )
        items.append(Item(f"I{i}", f"事项{i}", "部门", materials=materials))
    codes = tuple(i.code for i in items)
    produces = tuple(
        ProducedMaterial(draw(st.sampled_from(codes)), code)
        for code in draw(st.lists(st.sampled_from(CODES[:-1]), max_size=3, unique=True))
    )
    chosen = draw(st.lists(st.sampled_from(items), min_size=1, unique_by=lambda i: i.code))
    return Bundle("B", "一件事", codes, produces=produces), chosen


@settings(max_examples=200, deadline=None)
@given(bundles())
def test_a_merged_checklist_asks_each_material_once_and_nothing_produced(
    case: tuple[Bundle, list[Item]],
) -> None:
    bundle, chosen = case
    lines = merge_bundle_checklist(chosen, bundle=bundle)
    keys = [line.material.merge_key for line in lines]
    assert len(keys) == len(set(keys))  # never a material twice
    produced = bundle.produced_materials([i.code for i in chosen])
    for line in lines:
        if line.material.standard_code in produced:
            assert not line.asked and line.produced_by == produced[line.material.standard_code]
        else:
            assert line.asked
    # every material of every chosen item is on exactly one line, with that item listed
    for item in chosen:
        for material in item.materials:
            (line,) = [ln for ln in lines if ln.material.merge_key == material.merge_key]
            assert item.code in line.item_codes


def test_the_generator_makes_bundles_the_import_accepts(tmp_path: Path) -> None:
    out = tmp_path / "gen.jsonl.gz"
    assert main(["gen-catalog", "--items", "2000", "--out", str(out)]) == 0
    parsed = read_catalog_file(out)
    assert parsed.ok, parsed.errors[:3]
    assert parsed.materials and any(m.key for m in parsed.materials)
    assert all(m.standard_code for item in parsed.items for m in item.materials)
    assert any(b.produces for b in parsed.bundles)
    assert all(b.lead_department_code for b in parsed.bundles)
    items = {i.code: i for i in parsed.items}
    for bundle in parsed.bundles:
        lines = merge_bundle_checklist([items[c] for c in bundle.item_codes], bundle=bundle)
        produced = {p.material_code for p in bundle.produces}
        assert all(line.asked != (line.material.standard_code in produced) for line in lines)

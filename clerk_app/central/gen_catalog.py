"""A synthetic service catalog at Enshi prefecture's scale (69,074 items, DESIGN.md §1).

Items are named the way provincial catalogs name them (object + action, e.g.
"食品经营许可证核发"), implemented by departments of four levels: prefecture (州级), county
(县市级), township (乡镇级) and village (村级). Codes look like a provincial implementation
code: the department's credit-code-like identifier, the item type, object, action and a
sequence. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from stdnum.cn import uscc as stdnum_uscc

from clerk_app.central.catalog_io import (
    CatalogHeader,
    DepartmentEntry,
    write_catalog_file,
)
from clerk_app.central.gen_catalog_data import (
    BUNDLES,
    COUNTIES,
    COUNTY_DEPARTMENTS,
    ID_DOCUMENT,
    KEY_MATERIALS,
    LEVEL_SHARES,
    MATERIAL_CODES,
    MATERIAL_POOL,
    PREFECTURE,
    SCENARIO_SETS,
    TOWN_NAMES,
    TOWNSHIP_DEPARTMENT,
    TYPE_CODES,
    VARIANTS,
    VILLAGE_DEPARTMENT,
    VILLAGE_WORDS,
    DepartmentKind,
)
from clerk_app.domain.catalog import (
    Bundle,
    DeliveryMode,
    HandlingKind,
    Item,
    Material,
    MaterialCode,
    MaterialForm,
    ProducedMaterial,
    Scenario,
)

ENSHI_ITEM_COUNT = 69_074

# The material directory the generated items' standard codes name (write it with the items).
MATERIAL_DIRECTORY: tuple[MaterialCode, ...] = tuple(
    MaterialCode(code, name, key=name in KEY_MATERIALS) for name, code in MATERIAL_CODES.items()
)


@dataclass
class _Unit:
    """One implementing department (实施主体) with the item names it still has to give out."""

    code: str
    name: str
    uscc: str
    kind: DepartmentKind
    region: str
    level: str = "县"  # 省/市/县/乡/村 (a prefecture such as Enshi is 市级)
    review_body: str = ""  # "" = the hall's
    names: list[tuple[str, int, int]] = field(default_factory=list)  # (name, object, action)


PREFECTURE_GOVERNMENT = "恩施土家族苗族自治州人民政府"
PREFECTURE_TAX = "国家税务总局恩施土家族苗族自治州税务局"
PROVINCE_TAX = "国家税务总局湖北省税务局"


def _uscc(prefix: str, region: str, serial: int) -> str:
    """A synthetic credit code with a correct GB 32100 check character."""
    first17 = f"{prefix}{region}MB{serial:07d}"
    return first17 + stdnum_uscc.calc_check_digit(first17)


def _review_body(kind: DepartmentKind, level: str, place: str) -> str:
    """行政复议法 (2023) Art. 24, 27: a government department's decision goes to the government
    of its level; a tax bureau's to the next-higher tax authority."""
    if kind.name == "税务局":
        return PROVINCE_TAX if level == "市" else PREFECTURE_TAX
    return PREFECTURE_GOVERNMENT if level == "市" else f"{place}人民政府"


def _units() -> dict[str, list[_Unit]]:
    levels: dict[str, list[_Unit]] = {"prefecture": [], "county": [], "township": [], "village": []}
    serial = 0
    for level, (region, place) in [("prefecture", PREFECTURE)] + [("county", c) for c in COUNTIES]:
        grade = "市" if level == "prefecture" else "县"
        for kind in COUNTY_DEPARTMENTS:
            serial += 1
            name = f"{place}{kind.name}"
            levels[level].append(
                _Unit(
                    f"{region}-{kind.abbr}",
                    name,
                    _uscc("11", region, serial),
                    kind,
                    region,
                    grade,
                    _review_body(kind, grade, place),
                )
            )
    town_index = 0
    for region, place in COUNTIES:
        for t in range(11):
            town = TOWN_NAMES[town_index % len(TOWN_NAMES)]
            town_index += 1
            suffix = "镇" if t % 3 else "乡"
            town_code = f"{region}{101 + t:03d}"
            serial += 1
            levels["township"].append(
                _Unit(
                    f"{town_code}-ZF",
                    f"{place}{town}{suffix}人民政府",
                    _uscc("11", region, serial),
                    TOWNSHIP_DEPARTMENT,
                    region,
                    "乡",
                    f"{place}人民政府",  # a township's decision: the county government
                )
            )
            for v in range(30):
                word = VILLAGE_WORDS[(v + t) % len(VILLAGE_WORDS)]
                village = f"{word}村" if v < len(VILLAGE_WORDS) else f"{word}湾村"
                serial += 1
                levels["village"].append(
                    _Unit(
                        f"{town_code}{v + 1:03d}-CW",
                        f"{place}{town}{suffix}{village}民委员会",
                        _uscc("54", region, serial),
                        VILLAGE_DEPARTMENT,
                        region,
                        "村",  # not an administrative organ: no review body of its own
                    )
                )
    return levels


def _name_plan(kind: DepartmentKind, count: int) -> Iterator[tuple[str, int, int]]:
    """The first ``count`` item names of a department: fixed names, then object × action."""
    produced = 0
    for i, fixed in enumerate(kind.fixed):
        if produced == count:
            return
        yield fixed, 900 + i, 0
        produced += 1
    for variant in VARIANTS:
        for o, obj in enumerate(kind.objects):
            for a, action in enumerate(kind.actions):
                if produced == count:
                    return
                yield f"{obj}{action}{variant}", o, a + 10 * VARIANTS.index(variant)
                produced += 1
    n = 0
    while produced < count:  # more than the templates hold: number the extra ones
        n += 1
        yield f"{kind.objects[n % len(kind.objects)]}其他事项{n}", 999, n % 100
        produced += 1


def _materials(rng: random.Random, gap_item: bool, scenarios: list[Scenario]) -> list[Material]:
    count = rng.randint(3, 8)
    picks = rng.sample(MATERIAL_POOL[1:], count - 2)
    chosen = [ID_DOCUMENT, MATERIAL_POOL[0]]
    chosen += picks
    materials: list[Material] = []
    for i, (name, form, source) in enumerate(chosen, start=1):
        required = i <= 2 or rng.random() < 0.75
        gap_allowed = (
            gap_item and required and i > 2 and rng.random() < 0.5 and name not in KEY_MATERIALS
        )
        applies: tuple[str, ...] = ()
        if scenarios and i > 2 and rng.random() < 0.4:
            applies = (rng.choice(scenarios).code,)
        materials.append(
            Material(
                code=f"M{i:02d}",
                name=name,
                form=form,
                copies=1 if form is not MaterialForm.COPY else rng.choice((1, 1, 2)),
                required=required,
                gap_allowed=gap_allowed,
                source=source,
                scenarios=applies,
                standard_code=MATERIAL_CODES[name],
            )
        )
    return materials


def generate_catalog(
    n_items: int = ENSHI_ITEM_COUNT, *, seed: int = 2026, catalog_version: str | None = None
) -> tuple[CatalogHeader, list[DepartmentEntry], list[Item], list[Bundle]]:
    """Build ``n_items`` items (and the departments and bundles they need) in memory."""
    rng = random.Random(seed)
    levels = _units()
    targets: list[tuple[str, int]] = []
    remaining = n_items
    for i, (level, share) in enumerate(LEVEL_SHARES):
        count = remaining if i == len(LEVEL_SHARES) - 1 else round(n_items * share)
        count = min(count, remaining)
        targets.append((level, count))
        remaining -= count
    items: list[Item] = []
    used_units: list[_Unit] = []
    for level, count in targets:
        units = levels[level]
        if count <= 0:
            continue
        # Spread a level's items over its departments; with few items, few departments.
        active = units if count >= len(units) else units[:count]
        per_unit, extra = divmod(count, len(active))
        for index, unit in enumerate(active):
            quota = per_unit + (1 if index < extra else 0)
            if quota:
                used_units.append(unit)
            for seq, (name, obj, act) in enumerate(_name_plan(unit.kind, quota), start=1):
                items.append(_make_item(rng, unit, name, obj, act, seq))
    departments = [
        DepartmentEntry(
            u.code,
            u.name,
            "standing" if u.kind.standing else "comprehensive",
            review_body=u.review_body,
            credit_code=u.uscc,
            level=u.level,
        )
        for u in used_units
    ]
    bundles = _bundles(items)
    header = CatalogHeader(
        catalog_version=catalog_version or f"synthetic-{n_items}-seed{seed}",
        generated_at="2026-11-23T10:00:00+08:00",
        source=f"clerk-central gen-catalog --items {n_items} --seed {seed}（合成数据，仅供测试）",
    )
    return header, departments, items, bundles


def _make_item(rng: random.Random, unit: _Unit, name: str, obj: int, act: int, seq: int) -> Item:
    kind = unit.kind
    immediate = rng.random() < 0.3
    legal_days = rng.choice((5, 10, 15, 20, 20, 30, 60))
    promised_days = 0 if immediate else max(1, min(legal_days, rng.choice((1, 3, 5, 7, 10, 15))))
    scenarios: list[Scenario] = []
    if rng.random() < 0.2:
        scenarios = [Scenario(c, n) for c, n in rng.choice(SCENARIO_SETS)]
    gap_item = rng.random() < 0.35
    type_code = TYPE_CODES.get(kind.item_type, "10")
    code = f"{unit.uscc}{type_code}{obj:04d}{act:03d}{seq:04d}"
    delivery = [DeliveryMode.WINDOW]
    if rng.random() < 0.5:
        delivery.append(DeliveryMode.MAIL)
    if rng.random() < 0.3:
        delivery.append(DeliveryMode.ELECTRONIC)
    return Item(
        code=code,
        name=name,
        department=unit.name,
        department_code=unit.code,
        # The name plan is the same for every department of a kind: the seq-th name of a kind
        # is one item of the basic list, implemented by each county's department.
        basic_code=f"{type_code}{kind.abbr}{seq:05d}",
        implementation_code=code,
        item_type=kind.item_type,
        handling=HandlingKind.IMMEDIATE if immediate else HandlingKind.PROMISED,
        legal_days=legal_days,
        promised_days=promised_days,
        fees="不收费",
        legal_basis=f"《{kind.name.removesuffix('局')}相关法律法规》",
        result_name=f"{name.split('（')[0]}结果文书",
        delivery_modes=tuple(delivery),
        gap_allowed=gap_item,
        zone=kind.zone,
        materials=tuple(_materials(rng, gap_item, scenarios)),
        scenarios=tuple(scenarios),
    )


def _bundles(items: list[Item]) -> list[Bundle]:
    """一件事 bundles for each region whose departments carry all the member items."""
    by_region: dict[str, dict[str, Item]] = {}
    for item in items:
        region = item.department_code.split("-")[0]
        by_region.setdefault(region, {}).setdefault(item.name, item)
    bundles: list[Bundle] = []
    for region, named in sorted(by_region.items()):
        for plan in BUNDLES:
            if not all(m in named for m in plan.members):
                continue
            members = [named[m] for m in plan.members]
            bundles.append(
                Bundle(
                    code=f"{region}-{plan.code}",
                    name=plan.name,
                    item_codes=tuple(i.code for i in members),
                    zone=plan.zone,
                    description=f"{plan.name}：一次告知、一表申请、一窗受理",
                    optional_items=tuple(named[m].code for m in plan.optional),
                    produces=_produced(plan.produces, named, members),
                    lead_department_code=members[0].department_code,
                )
            )
    return bundles


def _produced(
    plan: tuple[tuple[str, str], ...], named: dict[str, Item], members: list[Item]
) -> tuple[ProducedMaterial, ...]:
    """The planned products whose material no member at or before the producer asks for (the
    random checklists may ask it: such a product is left out, the catalog rule would refuse)."""
    produced: list[ProducedMaterial] = []
    for producer_name, material_name in plan:
        code = MATERIAL_CODES[material_name]
        producer = named[producer_name]
        before = members[: members.index(producer) + 1]
        if not any(m.standard_code == code for item in before for m in item.materials):
            produced.append(ProducedMaterial(producer.code, code))
    return tuple(produced)


def write_generated_catalog(
    out: Path | str, n_items: int = ENSHI_ITEM_COUNT, *, seed: int = 2026
) -> tuple[int, int, int]:
    """Generate and write a catalog file (gzip when ``out`` ends in .gz).

    Returns (departments, items, bundles).
    """
    header, departments, items, bundles = generate_catalog(n_items, seed=seed)
    write_catalog_file(out, header, departments, items, bundles, MATERIAL_DIRECTORY)
    return len(departments), len(items), len(bundles)

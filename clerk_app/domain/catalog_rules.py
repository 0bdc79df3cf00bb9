"""The catalog's own rules, beyond the shape of its records: each yields ``(field, message)``.

- 即办件 are completed on the spot: no promised limit; 承诺件 promise one.
- The promised limit never ends after the legal one. In different units, ``n`` working days
  span at least ``n + 2 * ((n - 1) // 5)`` calendar days (a weekend after every five; holidays
  only lengthen it): a promise of 7 working days needs a legal limit of 9 calendar days or more.
- A material's standard code names an entry of the hall's material directory; a key material
  (the application form, the identity document) is never 容缺.
- A bundle's optional items, produced materials and lead department refer to what the bundle
  and the catalog hold, and an item never needs a material the bundle only produces later.

A material without a standard code is not checked against the directory: the directory marks
what is key, so forms and identity documents must carry their code for the 容缺 rule to hold.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set

from clerk_app.domain.catalog import Bundle, HandlingKind, Item, MaterialCode
from clerk_app.domain.workdays import LimitUnit

Problem = tuple[str, str]  # (field, message in Chinese)


def handling_problems(handling: HandlingKind, promised_days: int) -> Iterator[Problem]:
    if handling is HandlingKind.IMMEDIATE and promised_days > 0:
        yield "promised_days", "即办件当场办结，不能有承诺办结时限"
    if handling is HandlingKind.PROMISED and promised_days == 0:
        yield "promised_days", "承诺件须有承诺办结时限（至少1个工作日）"


def limit_problems(
    legal_days: int, legal_unit: LimitUnit, promised_days: int, promised_unit: LimitUnit
) -> Iterator[Problem]:
    """A promised limit that may end after the legal one."""
    if promised_unit is legal_unit or promised_unit is LimitUnit.CALENDAR_DAYS:
        # Calendar days never end after as many working days.
        shortest_promise = promised_days
    else:
        shortest_promise = promised_days + 2 * (max(promised_days - 1, 0) // 5)
    if shortest_promise > legal_days:
        yield (
            "promised_days",
            f"承诺办结时限（{promised_unit.days(promised_days)}）不能超过法定办结时限"
            f"（{legal_unit.days(legal_days)}）",
        )


def material_code_problems(item: Item, directory: Mapping[str, MaterialCode]) -> Iterator[Problem]:
    for i, material in enumerate(item.materials):
        if not material.standard_code:
            continue
        entry = directory.get(material.standard_code)
        if entry is None:
            yield (
                f"materials[{i}].standard_code",
                f"材料目录中没有材料编码{material.standard_code}",
            )
        elif entry.key and material.gap_allowed:
            yield f"materials[{i}].gap_allowed", f"「{entry.name}」是关键材料，不能容缺受理"


def _uses(item: Item, material_code: str) -> bool:
    return any(m.standard_code == material_code for m in item.materials)


def bundle_problems(
    bundle: Bundle,
    items: Mapping[str, Item],
    departments: Set[str],
    directory: Mapping[str, MaterialCode],
) -> Iterator[Problem]:
    """Problems of a bundle whose items all exist (missing items are reported elsewhere)."""
    order = {code: n for n, code in enumerate(bundle.item_codes)}
    if len(order) != len(bundle.item_codes):
        yield "item_codes", "一件事中事项重复"
    for i, code in enumerate(bundle.optional_items):
        if code not in order:
            yield f"optional_items[{i}]", f"事项{code}不在本一件事中"
    if bundle.item_codes and not bundle.required_items():
        yield "optional_items", "一件事至少要有一个必办事项"
    yield from _produced_problems(bundle, items, order, directory)
    if bundle.lead_department_code and bundle.lead_department_code not in departments:
        yield "lead_department_code", f"文件中没有部门{bundle.lead_department_code}"
    if bundle.time_limit_days == 0:
        yield "time_limit_days", "一件事须有联合办理时限"


def _produced_problems(
    bundle: Bundle,
    items: Mapping[str, Item],
    order: Mapping[str, int],
    directory: Mapping[str, MaterialCode],
) -> Iterator[Problem]:
    """A produced material exists, and no item at or before its producer needs it."""
    for i, produced in enumerate(bundle.produces):
        if produced.item_code not in order:
            yield f"produces[{i}].item_code", f"事项{produced.item_code}不在本一件事中"
            continue
        if produced.material_code not in directory:
            yield f"produces[{i}].material_code", f"材料目录中没有材料编码{produced.material_code}"
        for code in bundle.item_codes[: order[produced.item_code] + 1]:
            item = items.get(code)
            if item is None or not _uses(item, produced.material_code):
                continue
            if code == produced.item_code:
                yield f"produces[{i}]", f"事项{code}不能需要它自己产生的材料"
            else:
                message = f"事项{code}排在产生材料{produced.material_code}的事项之前"
                yield f"produces[{i}]", message

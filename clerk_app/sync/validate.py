"""Fast structural check of an item record of the catalog snapshot.

``Item.from_dict`` builds some 380,000 dataclasses and enum values for the Enshi catalog and
takes most of the download time. The download only needs to know that the record is sound:
that ``Item.from_dict`` will accept it later, when the clerk opens the item. This check is
at least as strict as ``from_dict`` (a property test feeds both the same mangled records)
and names the field at fault.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeGuard

from clerk_app.domain.catalog import DeliveryMode, HandlingKind, MaterialForm

_HANDLING = frozenset(h.value for h in HandlingKind)
_DELIVERY = frozenset(d.value for d in DeliveryMode)
_FORMS = frozenset(f.value for f in MaterialForm)
_INT_FIELDS = ("legal_days", "promised_days", "version")
_TEXT_FIELDS = (
    "department_code", "item_type", "fees", "legal_basis", "result_name", "zone",
)  # fmt: skip


def _is_text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str)


def _is_int(value: Any) -> bool:
    # from_dict calls int(): finite floats pass, inf and NaN (json reads "Infinity") do not
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _one_of(value: Any, allowed: frozenset[str]) -> bool:
    return isinstance(value, str) and value in allowed  # a list is unhashable: test type first


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


Problem = tuple[str, str]  # (field, message)


def item_record_problem(data: dict[str, Any]) -> Problem | None:
    """``(field, message)`` of the first problem of an ``Item.to_dict()``-shaped record."""
    return (
        _scalar_problem(data)
        or _delivery_problem(data)
        or _list_problem(data, "materials", _material_problem)
        or _list_problem(data, "scenarios", _scenario_problem)
    )


def _scalar_problem(data: dict[str, Any]) -> Problem | None:
    for key in ("code", "name", "department"):
        value = data.get(key)
        if not _is_text(value) or not value.strip():
            return key, "缺少或不是文字"
    for key in _TEXT_FIELDS:
        if key in data and not _is_text(data[key]):
            return key, "应为文字"
    for key in _INT_FIELDS:
        if key in data and not _is_int(data[key]):
            return key, "应为整数"
    if "handling" in data and not _one_of(data["handling"], _HANDLING):
        return "handling", f"办件类型 {data['handling']!r} 无效"
    return None


def _delivery_problem(data: dict[str, Any]) -> Problem | None:
    modes = data.get("delivery_modes", ["window"])
    if not isinstance(modes, list) or not all(_one_of(m, _DELIVERY) for m in modes):
        return "delivery_modes", "送达方式无效"
    return None


def _list_problem(
    data: dict[str, Any], key: str, entry_problem: Callable[[Any], Problem | None]
) -> Problem | None:
    entries = data.get(key, [])
    if not isinstance(entries, list):
        return key, "应为列表"
    for n, entry in enumerate(entries, start=1):
        problem = entry_problem(entry)
        if problem is not None:
            where = f"{key}[{n}]"
            return (f"{where}.{problem[0]}" if problem[0] else where), problem[1]
    return None


def _scenario_problem(sc: Any) -> Problem | None:
    if not isinstance(sc, dict):
        return "", "应为对象"
    for key in ("code", "name"):
        if not _is_text(sc.get(key)):
            return key, "缺少或不是文字"
    if "description" in sc and not _is_text(sc["description"]):
        return "description", "应为文字"
    return None


def _material_problem(m: Any) -> Problem | None:
    if not isinstance(m, dict):
        return "", "应为对象"
    for key in ("code", "name"):
        if not _is_text(m.get(key)):
            return key, "缺少或不是文字"
    if "form" in m and not _one_of(m["form"], _FORMS):
        return "form", f"材料形式 {m['form']!r} 无效"
    if "copies" in m and not _is_int(m["copies"]):
        return "copies", "应为整数"
    for key in ("source", "note", "blank_form", "sample"):
        if key in m and not _is_text(m[key]):
            return key, "应为文字"
    if "scenarios" in m and not _text_list(m["scenarios"]):
        return "scenarios", "应为文字列表"
    return None

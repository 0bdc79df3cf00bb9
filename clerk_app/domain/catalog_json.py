"""``Item.to_dict()`` without ``dataclasses.asdict``, for writing 69,074 items quickly (the
central server's catalog file and change log, the counter's local store).

``Material.to_dict`` goes through ``asdict``, which deep-copies recursively and makes
``Item.to_dict`` cost about 170 µs an item: twelve seconds for the Enshi catalog. The
explicit version below builds the same dict in a fifth of the time. If the domain
dataclasses gain or lose a field, the field check fails and the slow, always-right
``to_dict`` is used instead (a unit test compares both).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from clerk_app.domain.catalog import Item, Material, Scenario

_ITEM_FIELDS = (
    "code", "name", "department", "item_type", "handling", "legal_days", "promised_days",
    "legal_unit", "promised_unit", "fees", "legal_basis", "result_name", "delivery_modes",
    "gap_allowed", "zone", "version", "withdrawn", "department_code", "materials", "scenarios",
    "basic_code", "implementation_code",
)  # fmt: skip
_MATERIAL_FIELDS = (
    "code", "name", "form", "copies", "required", "gap_allowed", "source", "note", "blank_form",
    "sample", "scenarios", "standard_code",
)  # fmt: skip
_SCENARIO_FIELDS = ("code", "name", "description")


def _same_fields(cls: type, expected: tuple[str, ...]) -> bool:
    return tuple(f.name for f in fields(cls)) == expected


FAST_PATH_OK = (
    _same_fields(Item, _ITEM_FIELDS)
    and _same_fields(Material, _MATERIAL_FIELDS)
    and _same_fields(Scenario, _SCENARIO_FIELDS)
)


def _material(m: Material) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": m.name,
        "form": m.form.value,
        "copies": m.copies,
        "required": m.required,
        "gap_allowed": m.gap_allowed,
        "source": m.source,
        "note": m.note,
        "blank_form": m.blank_form,
        "sample": m.sample,
        "scenarios": list(m.scenarios),
        "standard_code": m.standard_code,
    }


def item_to_dict(item: Item) -> dict[str, Any]:
    """Exactly ``item.to_dict()``, five times faster."""
    if not FAST_PATH_OK:
        return item.to_dict()
    return {
        "code": item.code,
        "name": item.name,
        "department": item.department,
        "department_code": item.department_code,
        "basic_code": item.basic_code,
        "implementation_code": item.implementation_code,
        "item_type": item.item_type,
        "handling": item.handling.value,
        "legal_days": item.legal_days,
        "promised_days": item.promised_days,
        "legal_unit": item.legal_unit.value,
        "promised_unit": item.promised_unit.value,
        "fees": item.fees,
        "legal_basis": item.legal_basis,
        "result_name": item.result_name,
        "delivery_modes": [d.value for d in item.delivery_modes],
        "gap_allowed": item.gap_allowed,
        "zone": item.zone,
        "version": item.version,
        "withdrawn": item.withdrawn,
        "materials": [_material(m) for m in item.materials],
        "scenarios": [
            {"code": s.code, "name": s.name, "description": s.description} for s in item.scenarios
        ],
    }

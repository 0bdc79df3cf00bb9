"""The service catalog: items (事项), materials (申请材料), scenarios (情形) and bundles (一件事).

These are plain frozen dataclasses shared by the counter app, the printer and the central
server. The catalog file format and the server's API serialise them with ``to_dict`` /
``from_dict`` so that every layer agrees on one shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from clerk_app.domain.workdays import LimitUnit


class MaterialForm(StrEnum):
    """How a material is handed over at the window."""

    ORIGINAL_KEPT = "original_kept"  # 原件收取
    ORIGINAL_CHECKED = "original_checked"  # 原件核验不收
    COPY = "copy"  # 复印件
    ELECTRONIC = "electronic"  # 电子

    @property
    def label(self) -> str:
        return _FORM_LABELS[self]


_FORM_LABELS = {
    MaterialForm.ORIGINAL_KEPT: "原件收取",
    MaterialForm.ORIGINAL_CHECKED: "原件核验不收",
    MaterialForm.COPY: "复印件",
    MaterialForm.ELECTRONIC: "电子",
}


class HandlingKind(StrEnum):
    IMMEDIATE = "immediate"  # 即办件: completed on the spot
    PROMISED = "promised"  # 承诺件: completed within the promised working days

    @property
    def label(self) -> str:
        return "即办件" if self is HandlingKind.IMMEDIATE else "承诺件"


class DeliveryMode(StrEnum):
    WINDOW = "window"  # 窗口领取
    MAIL = "mail"  # 免费邮寄
    ELECTRONIC = "electronic"  # 电子证照

    @property
    def label(self) -> str:
        return {"window": "窗口领取", "mail": "免费邮寄", "electronic": "电子送达"}[self.value]


@dataclass(frozen=True, slots=True)
class Material:
    """One line of an item's checklist."""

    code: str
    name: str
    form: MaterialForm = MaterialForm.COPY
    copies: int = 1
    required: bool = True
    gap_allowed: bool = False  # 容缺: may be missing at acceptance under a signed commitment
    source: str = "申请人自备"  # source channel (申请人自备 / 政府部门核发 / 共享库调取 ...)
    note: str = ""
    blank_form: str = ""  # reference to a blank form (空白表格)
    sample: str = ""  # reference to a filled-in sample (示例样表)
    scenarios: tuple[str, ...] = ()  # scenario codes it applies to; empty = every scenario
    # 材料编码 of the hall's material directory: the same material in different items shares
    # it, so a bundle asks it once. "" = not in the directory (merged on the name).
    standard_code: str = ""

    @property
    def merge_key(self) -> str:
        """What makes two items' materials the same material in a bundle."""
        return f"code:{self.standard_code}" if self.standard_code else f"name:{self.name.strip()}"

    def applies_to(self, scenario_code: str | None) -> bool:
        return not self.scenarios or scenario_code is None or scenario_code in self.scenarios

    @property
    def requirement_label(self) -> str:
        if self.required and self.gap_allowed:
            return "必要(可容缺)"
        return "必要" if self.required else "非必要"

    def to_dict(self) -> dict[str, Any]:
        # Written out, not dataclasses.asdict: a 69,074-item catalog serialises ~400k of these.
        return {
            "code": self.code,
            "name": self.name,
            "form": self.form.value,
            "copies": self.copies,
            "required": self.required,
            "gap_allowed": self.gap_allowed,
            "source": self.source,
            "note": self.note,
            "blank_form": self.blank_form,
            "sample": self.sample,
            "scenarios": list(self.scenarios),
            "standard_code": self.standard_code,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Material:
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            form=MaterialForm(data.get("form", MaterialForm.COPY.value)),
            copies=int(data.get("copies", 1)),
            required=bool(data.get("required", True)),
            gap_allowed=bool(data.get("gap_allowed", False)),
            source=str(data.get("source", "申请人自备")),
            note=str(data.get("note", "")),
            blank_form=str(data.get("blank_form", "")),
            sample=str(data.get("sample", "")),
            scenarios=tuple(data.get("scenarios", ())),
            standard_code=str(data.get("standard_code", "")),
        )


@dataclass(frozen=True, slots=True)
class MaterialCode:
    """One entry of the hall's material directory (材料目录): a standard material code.

    ``key`` marks the materials acceptance cannot do without (the application form, the
    identity document): never 容缺.
    """

    code: str
    name: str
    key: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "key": self.key}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MaterialCode:
        return cls(str(data["code"]), str(data["name"]), bool(data.get("key", False)))


@dataclass(frozen=True, slots=True)
class Scenario:
    """A 情形: the applicant's situation, which filters the checklist."""

    code: str
    name: str
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "description": self.description}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scenario:
        return cls(str(data["code"]), str(data["name"]), str(data.get("description", "")))


@dataclass(frozen=True, slots=True)
class Item:
    """A 事项 of the catalog, at one version."""

    code: str
    name: str
    department: str  # 实施主体
    item_type: str = "行政许可"  # 行政许可 / 行政确认 / 公共服务 ...
    handling: HandlingKind = HandlingKind.PROMISED
    legal_days: int = 20  # 法定办结时限, in ``legal_unit``
    promised_days: int = 10  # 承诺办结时限, in ``promised_unit`` (0 for 即办件)
    legal_unit: LimitUnit = LimitUnit.WORKING_DAYS  # 护照法 counts 自然日
    promised_unit: LimitUnit = LimitUnit.WORKING_DAYS
    fees: str = "不收费"
    legal_basis: str = ""
    result_name: str = ""  # 办理结果 (证照/批文名称)
    delivery_modes: tuple[DeliveryMode, ...] = (DeliveryMode.WINDOW,)
    gap_allowed: bool = False  # whether 容缺受理 is possible for this item at all
    zone: str = ""  # zone/queue code it belongs to (e.g. SOCIAL, ENTERPRISE, ESTATE)
    version: int = 1
    withdrawn: bool = False
    department_code: str = ""
    materials: tuple[Material, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    # GB/T 39554 实施清单: the 基本编码 is the same for one item in every department and county
    # (search groups on it); the 实施编码 names this department's implementation of it.
    basic_code: str = ""
    implementation_code: str = ""

    @property
    def group_key(self) -> str:
        """What makes items of different departments/counties the same item."""
        return f"basic:{self.basic_code}" if self.basic_code else f"code:{self.code}"

    def checklist(self, scenario_code: str | None = None) -> list[Material]:
        """The materials that apply to the chosen scenario, in catalog order."""
        if scenario_code is not None and self.scenarios:
            known = {s.code for s in self.scenarios}
            if scenario_code not in known:
                raise ValueError(f"事项 {self.code} 没有情形 {scenario_code}")
        return [m for m in self.materials if m.applies_to(scenario_code)]

    def scenario(self, code: str) -> Scenario:
        for s in self.scenarios:
            if s.code == code:
                return s
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "department": self.department,
            "department_code": self.department_code,
            "basic_code": self.basic_code,
            "implementation_code": self.implementation_code,
            "item_type": self.item_type,
            "handling": self.handling.value,
            "legal_days": self.legal_days,
            "promised_days": self.promised_days,
            "legal_unit": self.legal_unit.value,
            "promised_unit": self.promised_unit.value,
            "fees": self.fees,
            "legal_basis": self.legal_basis,
            "result_name": self.result_name,
            "delivery_modes": [d.value for d in self.delivery_modes],
            "gap_allowed": self.gap_allowed,
            "zone": self.zone,
            "version": self.version,
            "withdrawn": self.withdrawn,
            "materials": [m.to_dict() for m in self.materials],
            "scenarios": [s.to_dict() for s in self.scenarios],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Item:
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            department=str(data["department"]),
            department_code=str(data.get("department_code", "")),
            basic_code=str(data.get("basic_code", "")),
            implementation_code=str(data.get("implementation_code", "")),
            item_type=str(data.get("item_type", "行政许可")),
            handling=HandlingKind(data.get("handling", HandlingKind.PROMISED.value)),
            legal_days=int(data.get("legal_days", 20)),
            promised_days=int(data.get("promised_days", 10)),
            legal_unit=LimitUnit(data.get("legal_unit", LimitUnit.WORKING_DAYS.value)),
            promised_unit=LimitUnit(data.get("promised_unit", LimitUnit.WORKING_DAYS.value)),
            fees=str(data.get("fees", "不收费")),
            legal_basis=str(data.get("legal_basis", "")),
            result_name=str(data.get("result_name", "")),
            delivery_modes=tuple(DeliveryMode(d) for d in data.get("delivery_modes", ["window"])),
            gap_allowed=bool(data.get("gap_allowed", False)),
            zone=str(data.get("zone", "")),
            version=int(data.get("version", 1)),
            withdrawn=bool(data.get("withdrawn", False)),
            materials=tuple(Material.from_dict(m) for m in data.get("materials", ())),
            scenarios=tuple(Scenario.from_dict(s) for s in data.get("scenarios", ())),
        )


JOINT_HANDLING_DAYS = 45  # 行政许可法 Art. 42 ¶2: joint handling, working days
JOINT_EXTENSION_DAYS = 15  # ... extendable by 15 with the government's approval


@dataclass(frozen=True, slots=True)
class ProducedMaterial:
    """An item of a bundle whose result is a material a later item needs (营业执照 from
    设立登记): the window does not ask the citizen for it."""

    item_code: str
    material_code: str  # a standard material code

    def to_dict(self) -> dict[str, Any]:
        return {"item_code": self.item_code, "material_code": self.material_code}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProducedMaterial:
        return cls(str(data["item_code"]), str(data["material_code"]))


@dataclass(frozen=True, slots=True)
class Bundle:
    """一件事一次办: several items handled together with one merged set of materials.

    ``item_codes`` are in handling order; ``optional_items`` are those the citizen may leave
    out (刻章, 社保 …); ``produces`` says which item yields a material a later item needs; the
    lead department (牵头部门) answers for the bundle, which has its own joint time limit.
    """

    code: str
    name: str
    item_codes: tuple[str, ...]
    zone: str = ""
    version: int = 1
    description: str = ""
    optional_items: tuple[str, ...] = ()
    produces: tuple[ProducedMaterial, ...] = ()
    lead_department_code: str = ""
    time_limit_days: int = JOINT_HANDLING_DAYS
    extension_days: int = JOINT_EXTENSION_DAYS

    def required_items(self) -> tuple[str, ...]:
        return tuple(c for c in self.item_codes if c not in self.optional_items)

    def produced_materials(self, chosen: Sequence[str] | None = None) -> dict[str, str]:
        """Standard material code -> the chosen item producing it (all items when None)."""
        present = set(self.item_codes if chosen is None else chosen)
        return {p.material_code: p.item_code for p in self.produces if p.item_code in present}

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "item_codes": list(self.item_codes),
            "zone": self.zone,
            "version": self.version,
            "description": self.description,
            "optional_items": list(self.optional_items),
            "produces": [p.to_dict() for p in self.produces],
            "lead_department_code": self.lead_department_code,
            "time_limit_days": self.time_limit_days,
            "extension_days": self.extension_days,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bundle:
        """Reads older shapes too (no optional items, production, lead or limit)."""
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            item_codes=tuple(data["item_codes"]),
            zone=str(data.get("zone", "")),
            version=int(data.get("version", 1)),
            description=str(data.get("description", "")),
            optional_items=tuple(data.get("optional_items", ())),
            produces=tuple(ProducedMaterial.from_dict(p) for p in data.get("produces", ())),
            lead_department_code=str(data.get("lead_department_code", "")),
            time_limit_days=int(data.get("time_limit_days", JOINT_HANDLING_DAYS)),
            extension_days=int(data.get("extension_days", JOINT_EXTENSION_DAYS)),
        )


@dataclass(frozen=True, slots=True)
class MergedMaterial:
    """One material of a bundle's merged checklist, with the items that need it.

    ``produced_by`` is the bundle's item whose result this material is: not asked at the
    window (None when the citizen brings it).
    """

    material: Material
    item_codes: tuple[str, ...] = field(default=())
    produced_by: str | None = None

    @property
    def asked(self) -> bool:
        return self.produced_by is None


_FORM_STRENGTH = {
    MaterialForm.ELECTRONIC: 0,
    MaterialForm.COPY: 1,
    MaterialForm.ORIGINAL_CHECKED: 2,
    MaterialForm.ORIGINAL_KEPT: 3,
}


def _stricter(prev: Material, m: Material) -> Material:
    """One material asked by two items: the strictest of both requirements."""
    return Material(
        code=prev.code,
        name=prev.name,
        form=m.form if _FORM_STRENGTH[m.form] > _FORM_STRENGTH[prev.form] else prev.form,
        copies=max(prev.copies, m.copies),
        required=prev.required or m.required,
        # 容缺 stays possible unless an item that requires the material forbids it
        gap_allowed=(prev.gap_allowed or not prev.required) and (m.gap_allowed or not m.required),
        source=prev.source,
        note="；".join(n for n in dict.fromkeys([prev.note, m.note]) if n),
        blank_form=prev.blank_form or m.blank_form,
        sample=prev.sample or m.sample,
        standard_code=prev.standard_code,
    )


def merge_bundle_checklist(
    items: Sequence[Item],
    scenarios: dict[str, str | None] | None = None,
    bundle: Bundle | None = None,
) -> list[MergedMaterial]:
    """Merge and de-duplicate the materials of several items (一件事一次办).

    Materials are the same when they share a standard material code; a material without one
    is the same as another of equal name. The merged line keeps the strictest requirement:
    required if any item requires it, 容缺 only if every item that requires it allows it, the
    most copies asked, and an original kept over a copy. With the ``bundle``, a material one
    of the chosen items produces is marked ``produced_by`` that item (not asked).
    """
    scenarios = scenarios or {}
    produced = bundle.produced_materials([i.code for i in items]) if bundle else {}
    merged: dict[str, tuple[Material, list[str]]] = {}
    for item in items:
        for m in item.checklist(scenarios.get(item.code)):
            key = m.merge_key
            if key not in merged:
                merged[key] = (m, [item.code])
            else:
                prev, codes = merged[key]
                merged[key] = (_stricter(prev, m), [*codes, item.code])
    return [
        MergedMaterial(
            material,
            tuple(codes),
            produced.get(material.standard_code) if material.standard_code else None,
        )
        for material, codes in merged.values()
    ]

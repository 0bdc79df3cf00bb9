"""The service catalog: items (事项), materials (申请材料), scenarios (情形) and bundles (一件事).

These are plain frozen dataclasses shared by the counter app, the printer and the central
server. The catalog file format and the server's API serialise them with ``to_dict`` /
``from_dict`` so that every layer agrees on one shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


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
        )


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
    legal_days: int = 20  # 法定办结时限, working days
    promised_days: int = 10  # 承诺办结时限, working days (0 for 即办件)
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
            "item_type": self.item_type,
            "handling": self.handling.value,
            "legal_days": self.legal_days,
            "promised_days": self.promised_days,
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
            item_type=str(data.get("item_type", "行政许可")),
            handling=HandlingKind(data.get("handling", HandlingKind.PROMISED.value)),
            legal_days=int(data.get("legal_days", 20)),
            promised_days=int(data.get("promised_days", 10)),
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


@dataclass(frozen=True, slots=True)
class Bundle:
    """一件事一次办: several items handled together with one merged set of materials."""

    code: str
    name: str
    item_codes: tuple[str, ...]
    zone: str = ""
    version: int = 1
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["item_codes"] = list(self.item_codes)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bundle:
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            item_codes=tuple(data["item_codes"]),
            zone=str(data.get("zone", "")),
            version=int(data.get("version", 1)),
            description=str(data.get("description", "")),
        )


@dataclass(frozen=True, slots=True)
class MergedMaterial:
    """One material of a bundle's merged checklist, with the items that need it."""

    material: Material
    item_codes: tuple[str, ...] = field(default=())


def merge_bundle_checklist(
    items: Sequence[Item], scenarios: dict[str, str | None] | None = None
) -> list[MergedMaterial]:
    """Merge and de-duplicate the materials of several items (一件事一次办).

    Materials are the same when their names are equal (codes differ between departments).
    The merged line keeps the strictest requirement: required if any item requires it,
    容缺 only if every item that requires it allows it, the most copies asked, and an
    original kept over a copy.
    """
    scenarios = scenarios or {}
    order: list[str] = []
    merged: dict[str, tuple[Material, list[str]]] = {}
    strength = {
        MaterialForm.ELECTRONIC: 0,
        MaterialForm.COPY: 1,
        MaterialForm.ORIGINAL_CHECKED: 2,
        MaterialForm.ORIGINAL_KEPT: 3,
    }
    for item in items:
        for m in item.checklist(scenarios.get(item.code)):
            key = m.name.strip()
            if key not in merged:
                merged[key] = (m, [item.code])
                order.append(key)
                continue
            prev, codes = merged[key]
            form = m.form if strength[m.form] > strength[prev.form] else prev.form
            combined = Material(
                code=prev.code,
                name=prev.name,
                form=form,
                copies=max(prev.copies, m.copies),
                required=prev.required or m.required,
                # 容缺 stays possible unless an item that requires the material forbids it
                gap_allowed=(prev.gap_allowed or not prev.required)
                and (m.gap_allowed or not m.required),
                source=prev.source,
                note="；".join(n for n in dict.fromkeys([prev.note, m.note]) if n),
                blank_form=prev.blank_form or m.blank_form,
                sample=prev.sample or m.sample,
            )
            merged[key] = (combined, [*codes, item.code])
    return [MergedMaterial(merged[k][0], tuple(merged[k][1])) for k in order]

"""The catalog file format (docs/catalog-format.md): one JSON record per line, a header first.

The same records are the catalog snapshot a counter PC downloads and the items a pull brings;
the server validates imported files with them and the counter the snapshot it receives.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

from clerk_app.domain.catalog import (
    JOINT_EXTENSION_DAYS,
    JOINT_HANDLING_DAYS,
    Bundle,
    DeliveryMode,
    HandlingKind,
    MaterialCode,
    MaterialForm,
    ProducedMaterial,
)
from clerk_app.domain.workdays import LimitUnit

FORMAT_NAME = "clerk-catalog"
FORMAT_VERSION = 1

CODE_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z_.\-]*$"
Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=CODE_PATTERN)]
OptionalCode = Annotated[
    str, StringConstraints(max_length=64, pattern=r"^([0-9A-Za-z][0-9A-Za-z_.\-]*)?$")
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
ShortText = Annotated[str, StringConstraints(max_length=500)]
LongText = Annotated[str, StringConstraints(max_length=5000)]
ZoneCode = Annotated[str, StringConstraints(max_length=32, pattern=r"^[A-Z0-9_]*$")]
Days = Annotated[StrictInt, Field(ge=0, le=3650)]
# The administrative level of a department (实施主体层级, GB/T 39554): "" = not given.
DepartmentLevel = Literal["", "省", "市", "县", "乡", "村"]
# A unified social credit code as written in the file; its checksum is checked by the reader.
CreditCode = Annotated[str, StringConstraints(max_length=18, pattern=r"^[0-9A-Z]*$")]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HeaderRecord(_Record):
    model_config = ConfigDict(extra="ignore", frozen=True)  # room for future header fields

    format: Literal["clerk-catalog"]
    format_version: Literal[1]
    catalog_version: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    generated_at: Annotated[str, StringConstraints(max_length=64)] = ""
    source: ShortText = ""


class DepartmentRecord(_Record):
    kind: Literal["department"]
    code: Code
    name: Name
    window_mode: Literal["comprehensive", "standing"]
    phone: Annotated[str, StringConstraints(max_length=40)] = ""  # printed on the notices
    # Where a decision of the department is challenged (行政复议法 2023, 行政诉讼法); "" = the
    # hall's (the template's [remedies]).
    review_body: Annotated[str, StringConstraints(max_length=200)] = ""
    court: Annotated[str, StringConstraints(max_length=200)] = ""
    credit_code: CreditCode = ""  # 统一社会信用代码 of the department (GB 32100)
    level: DepartmentLevel = ""  # 省/市/县/乡/村


# Fields of a department record that a file may leave out when empty.
OPTIONAL_DEPARTMENT_FIELDS = ("phone", "review_body", "court", "credit_code", "level")


class MaterialRecord(_Record):
    """Mirrors ``clerk_app.domain.catalog.Material``."""

    code: Code
    name: Name
    form: MaterialForm = MaterialForm.COPY
    copies: Annotated[StrictInt, Field(ge=0, le=99)] = 1
    required: StrictBool = True
    gap_allowed: StrictBool = False
    source: ShortText = "申请人自备"
    note: LongText = ""
    blank_form: ShortText = ""
    sample: ShortText = ""
    scenarios: Annotated[list[Code], Field(max_length=50)] = []
    standard_code: OptionalCode = ""  # a `material` record of the file; "" = none


class MaterialCodeRecord(_Record):
    """An entry of the hall's material directory; mirrors ``domain.catalog.MaterialCode``."""

    kind: Literal["material"]
    code: Code
    name: Name
    key: StrictBool = False  # application form, identity document: never 容缺

    def to_material_code(self) -> MaterialCode:
        return MaterialCode(self.code, self.name, self.key)


class ScenarioRecord(_Record):
    """Mirrors ``clerk_app.domain.catalog.Scenario``."""

    code: Code
    name: Name
    description: LongText = ""


class ItemFields(_Record):
    """Mirrors ``clerk_app.domain.catalog.Item`` (exactly ``Item.to_dict()``)."""

    code: Code
    name: Name
    department: Name
    department_code: Code
    basic_code: OptionalCode = ""  # 基本编码: the same item in every department/county
    implementation_code: OptionalCode = ""  # 实施编码: this department's implementation
    item_type: Annotated[str, StringConstraints(min_length=1, max_length=50)] = "行政许可"
    handling: HandlingKind = HandlingKind.PROMISED
    legal_days: Days = 20
    promised_days: Days = 10
    legal_unit: LimitUnit = LimitUnit.WORKING_DAYS
    promised_unit: LimitUnit = LimitUnit.WORKING_DAYS
    fees: ShortText = "不收费"
    legal_basis: LongText = ""
    result_name: ShortText = ""
    delivery_modes: Annotated[list[DeliveryMode], Field(min_length=1, max_length=3)] = [
        DeliveryMode.WINDOW
    ]
    gap_allowed: StrictBool = False
    zone: ZoneCode = ""
    version: Annotated[StrictInt, Field(ge=1, le=1_000_000)] = 1
    withdrawn: StrictBool = False
    materials: Annotated[list[MaterialRecord], Field(max_length=200)] = []
    scenarios: Annotated[list[ScenarioRecord], Field(max_length=50)] = []


class ItemRecord(ItemFields):
    """An item line of a catalog file: ``Item.to_dict()`` plus ``kind``."""

    kind: Literal["item"]


class ProducedRecord(_Record):
    """An item of the bundle whose result is a material (a standard code) a later item needs."""

    item_code: Code
    material_code: Code


class BundleRecord(_Record):
    """Mirrors ``clerk_app.domain.catalog.Bundle``."""

    kind: Literal["bundle"]
    code: Code
    name: Name
    item_codes: Annotated[list[Code], Field(min_length=1, max_length=50)]
    zone: ZoneCode = ""
    version: Annotated[StrictInt, Field(ge=1, le=1_000_000)] = 1
    description: LongText = ""
    optional_items: Annotated[list[Code], Field(max_length=50)] = []
    produces: Annotated[list[ProducedRecord], Field(max_length=200)] = []
    lead_department_code: OptionalCode = ""
    time_limit_days: Days = JOINT_HANDLING_DAYS
    extension_days: Days = JOINT_EXTENSION_DAYS

    def to_bundle(self) -> Bundle:
        return Bundle(
            self.code,
            self.name,
            tuple(self.item_codes),
            self.zone,
            self.version,
            self.description,
            optional_items=tuple(self.optional_items),
            produces=tuple(ProducedMaterial(p.item_code, p.material_code) for p in self.produces),
            lead_department_code=self.lead_department_code,
            time_limit_days=self.time_limit_days,
            extension_days=self.extension_days,
        )


AnyRecord = Annotated[
    DepartmentRecord | MaterialCodeRecord | ItemRecord | BundleRecord, Field(discriminator="kind")
]


class CatalogMetaOut(BaseModel):
    catalog_version: str
    item_count: int
    bundle_count: int = 0

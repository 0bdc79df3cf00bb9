"""Cases and applicants as they cross the wire (``Case.to_dict()`` and ``Person.to_dict()``).

The ``…In`` models are what a window uploads, checked strictly; the ``…Out`` models are what
the server answers, as stored (a role that may not see an identity gets it masked).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_validator,
)

from clerk_app.contract.catalog import Code, ItemFields, MaterialRecord
from clerk_app.contract.common import STRICT, Day, HallCode, Moment, WindowNo
from clerk_app.domain.bundle_link import parse_bundle_number
from clerk_app.domain.cases import (
    CaseStatus,
    DecisionKind,
    IdKind,
    MaterialState,
    Person,
    parse_case_number,
)
from clerk_app.domain.catalog import JOINT_HANDLING_DAYS, DeliveryMode
from clerk_app.domain.countries import is_nationality
from clerk_app.domain.phones import check_phone

Why = Annotated[str, StringConstraints(max_length=60)]


# ------------------------------------------------------------------------------- applicants


def _phone_field(value: str) -> str:
    """Any telephone the phone-number rules know (a window sends it in E.164; a case keeps
    what its window recorded, the applicant library stores E.164); or none."""
    check = check_phone(value)
    if not check.ok:
        raise ValueError(check.error)
    return value


def _nationality_field(value: str) -> str:
    if value and not is_nationality(value):
        raise ValueError(f"国籍代码{value}不是ISO 3166-1三位字母代码")
    return value.upper()


class PersonIn(BaseModel):
    """``Person.to_dict()``."""

    model_config = STRICT

    id_kind: IdKind
    id_number: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    mobile: Annotated[str, StringConstraints(max_length=32)] = ""
    address: Annotated[str, StringConstraints(max_length=500)] = ""
    nationality: Annotated[str, StringConstraints(max_length=3)] = ""
    contact_note: Annotated[str, StringConstraints(max_length=200)] = ""

    _phone = field_validator("mobile")(_phone_field)
    _nationality = field_validator("nationality")(_nationality_field)

    def to_person(self) -> Person:
        return Person(**self.model_dump())


class PersonOut(BaseModel):
    id_kind: IdKind
    id_number: str
    name: str
    mobile: str = ""
    address: str = ""
    nationality: str = ""
    contact_note: str = ""

    @classmethod
    def of(cls, person: Person) -> PersonOut:
        return cls(
            id_kind=person.id_kind,
            id_number=person.id_number,
            name=person.name,
            mobile=person.mobile,
            address=person.address,
            nationality=person.nationality,
            contact_note=person.contact_note,
        )

    def to_person(self) -> Person:
        return Person(**self.model_dump())


class LookupIn(BaseModel):
    """One applicant's record: its kind and (passports) country with the number. A window of
    an older version sends the number alone: any kind of that number is found."""

    model_config = STRICT

    id_number: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    id_kind: IdKind | None = None
    nationality: Annotated[str, StringConstraints(max_length=3)] = ""
    why: Why = ""  # the case number or ticket the lookup is for (kept in the audit trail)

    _nationality = field_validator("nationality")(_nationality_field)


# ------------------------------------------------------------------------------- cases (in)


class MaterialCheckIn(BaseModel):
    model_config = STRICT

    material: MaterialRecord
    state: MaterialState
    copies_received: Annotated[StrictInt, Field(ge=0, le=999)] = 0
    note: Annotated[str, StringConstraints(max_length=2000)] = ""
    defect_reason: Annotated[str, StringConstraints(max_length=2000)] = ""
    # The shared library's entry reused (免提交), checked by the server; "" = handed in.
    library_entry: Annotated[str, StringConstraints(pattern=r"^([0-9a-f-]{36})?$")] = ""


class DecisionIn(BaseModel):
    model_config = STRICT

    kind: DecisionKind
    reason: Annotated[str, StringConstraints(max_length=5000)] = ""
    competent_agency: Annotated[str, StringConstraints(max_length=300)] = ""
    commitment_deadline: Day | None = None
    commitment_signed: StrictBool = False


class CaseEventIn(BaseModel):
    model_config = STRICT

    at: Moment
    actor: Annotated[str, StringConstraints(max_length=64)]
    window: Annotated[str, StringConstraints(max_length=50)]
    action: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    status: CaseStatus | None = None
    detail: Annotated[str, StringConstraints(max_length=5000)] = ""


class BundleLinkIn(BaseModel):
    """``BundleLink.to_dict()``: the bundle application an item case belongs to."""

    model_config = STRICT

    number: Annotated[str, StringConstraints(min_length=1, max_length=48)]
    code: Code
    name: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    item_codes: Annotated[list[Code], Field(max_length=50)] = []
    promised_date: Day | None = None
    lead_department_code: Annotated[str, StringConstraints(max_length=64)] = ""
    time_limit_days: Annotated[StrictInt, Field(ge=0, le=3650)] = JOINT_HANDLING_DAYS

    @field_validator("number")
    @classmethod
    def _bundle_number(cls, value: str) -> str:
        if parse_bundle_number(value) is None:
            raise ValueError("一件事编号格式不正确（应为 YJS-大厅-窗口-日期-流水号）")
        return value


class CaseIn(BaseModel):
    """``Case.to_dict()`` as a counter PC uploads it."""

    model_config = STRICT

    number: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    hall_code: HallCode
    window_no: WindowNo
    item: ItemFields
    applicant: PersonIn
    scenario_code: Code | None = None
    agent: PersonIn | None = None
    checks: Annotated[list[MaterialCheckIn], Field(max_length=300)] = []
    decision: DecisionIn | None = None
    status: CaseStatus = CaseStatus.RECEIVED
    received_at: Moment | None = None
    promised_date: Day | None = None
    clerk: Annotated[str, StringConstraints(max_length=64)] = ""
    clerk_name: Annotated[str, StringConstraints(max_length=100)] = ""
    ticket_no: Annotated[str, StringConstraints(max_length=16)] = ""
    delivery_mode: DeliveryMode = DeliveryMode.WINDOW
    mail_address: Annotated[str, StringConstraints(max_length=500)] = ""
    events: Annotated[list[CaseEventIn], Field(max_length=2000)] = []
    bundle: BundleLinkIn | None = None
    # DepartmentDocument.to_dict() of what the department issued: the window sends back what
    # it pulled; the server keeps its own (case_writes never takes them from a window).
    department_documents: Annotated[list[dict[str, Any]], Field(max_length=50)] = []

    @field_validator("number")
    @classmethod
    def _case_number(cls, value: str) -> str:
        if parse_case_number(value) is None:
            raise ValueError("案件编号格式不正确（应为 大厅-窗口-日期-流水号）")
        return value


# ------------------------------------------------------------------------------- cases (out)


class CaseStored(BaseModel):
    number: str
    stored: bool


class CaseOut(BaseModel):
    """A case as the server holds it: ``Case.to_dict()``, plus what the back office added
    (``backoffice``, ``result``, ``delivery``: kept as stored)."""

    model_config = ConfigDict(extra="allow")

    number: str
    hall_code: str
    window_no: int
    item: dict[str, Any]  # the catalog item as it was when the case was received
    applicant: PersonOut
    scenario_code: str | None = None
    agent: PersonOut | None = None
    checks: list[dict[str, Any]] = []
    decision: dict[str, Any] | None = None
    status: CaseStatus = CaseStatus.RECEIVED
    received_at: str | None = None
    promised_date: str | None = None
    clerk: str = ""
    clerk_name: str = ""
    ticket_no: str = ""
    delivery_mode: str = "window"
    mail_address: str = ""
    events: list[dict[str, Any]] = []
    bundle: dict[str, Any] | None = None  # BundleLink.to_dict() of a bundle's item case
    department_documents: list[dict[str, Any]] = []  # 不予许可决定书, 补正通知 of the department


class CaseHeadline(BaseModel):
    """What every list of cases shows of one: where, which item, whose (masked), which state."""

    number: str
    hall_code: str
    window_no: int
    item_code: str
    item_name: str
    applicant_name: str
    applicant_id_masked: str
    status: CaseStatus
    status_label: str
    received_at: datetime | None
    bundle_no: str = ""  # 一件事编号: the same on every item case of one bundle application


class CaseSummaryOut(CaseHeadline):
    uploaded_at: datetime
    uploaded_by: str

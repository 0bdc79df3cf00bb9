"""Request and response bodies of the HTTP API (pydantic), and the hall configuration file."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_validator,
)

from clerk_app.central.catalog_io import Code, ItemFields, MaterialRecord
from clerk_app.domain.cases import (
    CaseStatus,
    DecisionKind,
    IdKind,
    MaterialState,
    parse_case_number,
)

Role = Literal[
    "clerk", "helpdesk", "supervisor", "admin", "department", "kiosk", "display", "evaluator"
]
HallCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{2,8}$")]
WindowNo = Annotated[StrictInt, Field(ge=1, le=99)]
Username = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _sane_year(value: date) -> date:
    """Dates of a hall's business: far-off years are typos or probes, and would overflow when
    converted to UTC (year 1 at +08:00, year 9999 at -08:00)."""
    if not 2000 <= value.year <= 2100:
        raise ValueError("日期应在2000年至2100年之间")
    return value


Moment = Annotated[datetime, AfterValidator(_sane_year)]
Day = Annotated[date, AfterValidator(_sane_year)]


class FieldErrorOut(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    """Every refusal (4xx): the reason in Chinese, and for invalid data the fields at fault."""

    detail: str
    errors: list[FieldErrorOut] = []


# ------------------------------------------------------------------------------- auth


DeviceCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class DeviceProofIn(_In):
    """The PC's device key (made on the PC, kept in its data folder)."""

    code: DeviceCode
    secret: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{32,128}$")]
    kind: Literal["window", "kiosk", "display", "evaluator"] | None = None
    name: Annotated[str, StringConstraints(max_length=100)] = ""


class LoginIn(_In):
    username: Username
    password: Password
    window_no: WindowNo | None = None
    device: DeviceProofIn | None = None


class PasswordChangeIn(_In):
    old_password: Password
    new_password: Password


class PasswordResetIn(_In):
    new_password: Password


class DeviceOut(BaseModel):
    code: str
    kind: str
    window_no: int | None
    binding: str
    name: str
    status: str
    status_label: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    last_seen_at: datetime | None


class UserOut(BaseModel):
    username: str
    display_name: str
    role: str
    hall_code: str
    hall_name: str
    window_no: int | None
    department_code: str | None


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    user: UserOut


# ------------------------------------------------------------------------------- halls


class ZoneConf(_In):
    code: Code
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class QueueConf(_In):
    code: Code
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
    zone: Code | None = None


class WindowConf(_In):
    number: WindowNo
    label: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    zone: Code | None = None
    queues: Annotated[list[Code], Field(max_length=20)] = []


class StaffConf(_In):
    username: Username
    display_name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    role: Role
    password: Annotated[str, StringConstraints(min_length=6, max_length=256)]
    window: WindowNo | None = None
    department_code: Code | None = None


class HallInfo(_In):
    code: HallCode
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    address: Annotated[str, StringConstraints(max_length=500)] = ""
    phone: Annotated[str, StringConstraints(max_length=40)] = ""  # printed on the notices
    # The public progress page the notices' QR opens; "" = this server's /api/v1/progress
    public_progress_url: Annotated[str, StringConstraints(max_length=300)] = ""


class HallFile(_In):
    """resources/demo/hall.json: a hall, its zones, queues, windows and staff."""

    hall: HallInfo
    zones: list[ZoneConf] = []
    queues: list[QueueConf] = []
    windows: list[WindowConf] = []
    staff: list[StaffConf] = []


class StaffOut(BaseModel):
    username: str
    display_name: str
    role: str
    window: int | None
    department_code: str | None


class HallOut(BaseModel):
    """The hall configuration as served: hall.json without passwords."""

    hall: dict[str, str]
    # The QR check code's key (domain/progress.py): only for the hall's staff accounts
    progress_secret: str | None = None
    zones: list[dict[str, str]]
    queues: list[dict[str, str | None]]
    windows: list[dict[str, int | str | list[str] | None]]
    staff: list[StaffOut]


# ------------------------------------------------------------------------------- catalog


class CatalogMetaOut(BaseModel):
    catalog_version: str
    item_count: int
    bundle_count: int


# ------------------------------------------------------------------------------- applicants


class PersonIn(_In):
    """``Person.to_dict()``."""

    id_kind: IdKind
    id_number: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    mobile: Annotated[str, StringConstraints(max_length=32)] = ""
    address: Annotated[str, StringConstraints(max_length=500)] = ""


class PersonOut(BaseModel):
    id_kind: str
    id_number: str
    name: str
    mobile: str
    address: str


# ------------------------------------------------------------------------------- cases


class MaterialCheckIn(_In):
    material: MaterialRecord
    state: MaterialState
    copies_received: Annotated[StrictInt, Field(ge=0, le=999)] = 0
    note: Annotated[str, StringConstraints(max_length=2000)] = ""
    defect_reason: Annotated[str, StringConstraints(max_length=2000)] = ""


class DecisionIn(_In):
    kind: DecisionKind
    reason: Annotated[str, StringConstraints(max_length=5000)] = ""
    competent_agency: Annotated[str, StringConstraints(max_length=300)] = ""
    commitment_deadline: Day | None = None
    commitment_signed: StrictBool = False


class CaseEventIn(_In):
    at: Moment
    actor: Annotated[str, StringConstraints(max_length=64)]
    window: Annotated[str, StringConstraints(max_length=50)]
    action: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    status: CaseStatus | None = None
    detail: Annotated[str, StringConstraints(max_length=5000)] = ""


class CaseIn(_In):
    """``Case.to_dict()`` as a counter PC uploads it."""

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
    delivery_mode: Annotated[str, StringConstraints(max_length=32)] = "window"
    mail_address: Annotated[str, StringConstraints(max_length=500)] = ""
    events: Annotated[list[CaseEventIn], Field(max_length=2000)] = []

    @field_validator("number")
    @classmethod
    def _case_number(cls, value: str) -> str:
        if parse_case_number(value) is None:
            raise ValueError("案件编号格式不正确（应为 大厅-窗口-日期-流水号）")
        return value


class CaseStored(BaseModel):
    number: str
    stored: bool


class CaseSummaryOut(BaseModel):
    number: str
    hall_code: str
    window_no: int
    item_code: str
    item_name: str
    applicant_name: str
    applicant_id_masked: str
    status: str
    status_label: str
    received_at: datetime | None
    uploaded_at: datetime
    uploaded_by: str


class HealthOut(BaseModel):
    status: str
    catalog_version: str

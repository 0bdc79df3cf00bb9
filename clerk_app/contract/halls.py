"""A hall's layout: the configuration file (hall.json) read by the server, and the hall as the
server serves it to its windows (no passwords)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from clerk_app.contract.catalog import Code
from clerk_app.contract.common import STRICT, HallCode, Username, WindowNo
from clerk_app.contract.enums import Role

Label = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class ZoneConf(BaseModel):
    model_config = STRICT

    code: Code
    name: Label


class QueueConf(BaseModel):
    model_config = STRICT

    code: Code
    name: Label
    prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
    zone: Code | None = None


class WindowConf(BaseModel):
    model_config = STRICT

    number: WindowNo
    label: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    zone: Code | None = None
    queues: Annotated[list[Code], Field(max_length=20)] = []


class StaffConf(BaseModel):
    model_config = STRICT

    username: Username
    display_name: Label
    role: Role
    password: Annotated[str, StringConstraints(min_length=6, max_length=256)]
    window: WindowNo | None = None
    department_code: Code | None = None
    # A department account of the agency's head (负责人): may approve an Art. 42 extension.
    department_head: bool = False


class HallInfo(BaseModel):
    model_config = STRICT

    code: HallCode
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    address: Annotated[str, StringConstraints(max_length=500)] = ""
    phone: Annotated[str, StringConstraints(max_length=40)] = ""  # printed on the notices
    # The public progress page the notices' QR opens; "" = this server's /api/v1/progress
    public_progress_url: Annotated[str, StringConstraints(max_length=300)] = ""
    # Printed on the help desk's preparation list (准备资料清单)
    opening_hours: Annotated[str, StringConstraints(max_length=200)] = ""
    # How many days a not-ready pre-check can be reopened from its preparation list
    precheck_open_days: int = Field(default=30, ge=1, le=365)


class HallFile(BaseModel):
    """resources/demo/hall.json: a hall, its zones, queues, windows and staff."""

    model_config = STRICT

    hall: HallInfo
    zones: list[ZoneConf] = []
    queues: list[QueueConf] = []
    windows: list[WindowConf] = []
    staff: list[StaffConf] = []


class HallInfoOut(BaseModel):
    code: str
    name: str
    address: str
    phone: str
    public_progress_url: str
    opening_hours: str = ""
    precheck_open_days: int = 30


class ZoneOut(BaseModel):
    code: str
    name: str


class QueueOut(BaseModel):
    code: str
    name: str
    prefix: str
    zone: str | None


class WindowOut(BaseModel):
    number: int
    label: str
    zone: str | None
    queues: list[str]


class StaffOut(BaseModel):
    username: str
    display_name: str
    role: Role
    window: int | None
    department_code: str | None


class WorkdayOverrideOut(BaseModel):
    """One row of the hall's working-day override table: a 调休 working day or a holiday."""

    day: date
    working: bool


class MaterialSettingsOut(BaseModel):
    """The hall's rules for electronic materials (issue 14), set by its admin."""

    # A required line received without an electronic copy blocks the decision (else: a warning)
    missing_ecopy_blocks: bool = False
    # Days the files of a closed case are kept after it closed; None: kept for good
    retention_days: int | None = None
    # Other halls whose shared materials library this hall's windows may reuse from
    library_shared_with: list[str] = []


class MaterialSettingsIn(BaseModel):
    """``PUT /halls/{hall}/material-settings`` (the hall's admin): the whole setting."""

    model_config = STRICT

    missing_ecopy_blocks: bool = False
    retention_days: Annotated[int, Field(ge=1, le=36500)] | None = None
    library_shared_with: Annotated[list[HallCode], Field(max_length=50)] = []


class HallOut(BaseModel):
    """The hall configuration as served: hall.json without passwords."""

    hall: HallInfoOut
    # The QR check code's key (domain/progress.py): only for the hall's staff accounts
    progress_secret: str | None = None
    zones: list[ZoneOut]
    queues: list[QueueOut]
    windows: list[WindowOut]
    staff: list[StaffOut]
    # The server's override rows, so the counter counts dates with the server's calendar;
    # None from a server that does not send them (the counter then reads its shipped table).
    workday_overrides: list[WorkdayOverrideOut] | None = None
    # None from a server that does not send them: the defaults of MaterialSettingsOut
    material_settings: MaterialSettingsOut | None = None

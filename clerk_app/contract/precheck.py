"""The help-desk pre-check's payloads (帮办预审): what the help desk saves, what the window reads.

The domain object is :class:`clerk_app.domain.precheck.Precheck`; these models are its wire
shape. ``PrecheckIn`` is what a help-desk or window PC sends (the server keeps its own clock,
hall and actor); ``PrecheckOut`` is what the server answers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from clerk_app.contract.queue import UtcTime
from clerk_app.domain.precheck import (
    Finding,
    ItemRef,
    MaterialFinding,
    Precheck,
    PrecheckStatus,
)

__all__ = [
    "FindingWire",
    "ItemRefWire",
    "MissingCount",
    "PrecheckDayStats",
    "PrecheckIn",
    "PrecheckOut",
    "precheck_in",
    "precheck_out",
]

Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Note = Annotated[str, StringConstraints(max_length=200)]
PrecheckNumber = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^YS-[0-9A-Z-]{10,40}$")
]


class ItemRefWire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: Code
    version: int = Field(ge=1, le=100_000)


class FindingWire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    material_code: Code
    finding: Finding
    note: Note = ""


class PrecheckIn(BaseModel):
    """A pre-check as a help-desk or window PC saves it (create, update, or move)."""

    model_config = ConfigDict(extra="forbid")

    number: PrecheckNumber
    status: PrecheckStatus
    item_refs: list[ItemRefWire] = Field(min_length=1, max_length=20)
    scenario_code: Code | None = None
    bundle_code: Code | None = None
    findings: list[FindingWire] = Field(default_factory=list, max_length=200)
    applicant_kind: Annotated[str, StringConstraints(max_length=24)] | None = None
    applicant_id: Annotated[str, StringConstraints(max_length=40)] | None = None
    agent_authorisation: Note = ""
    note: Note = ""
    ticket_no: Annotated[str, StringConstraints(max_length=16)] | None = None
    case_number: Annotated[str, StringConstraints(max_length=40)] | None = None
    base_version: int = Field(default=0, ge=0)  # the version the PC last saw (0: new)


class PrecheckOut(BaseModel):
    """A stored pre-check (the applicant's number masked for roles that see masked data)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    number: str
    hall_code: str
    status: PrecheckStatus
    item_refs: tuple[ItemRefWire, ...]
    scenario_code: str | None = None
    bundle_code: str | None = None
    findings: tuple[FindingWire, ...] = ()
    applicant_kind: str | None = None
    applicant_id: str | None = None
    agent_authorisation: str = ""
    note: str = ""
    ticket_no: str | None = None
    case_number: str | None = None
    checked_by: str
    created_at: UtcTime
    updated_at: UtcTime
    open_until: date
    version: int

    def to_domain(self) -> Precheck:
        return Precheck(
            number=self.number,
            hall_code=self.hall_code,
            item_refs=tuple(ItemRef(r.code, r.version) for r in self.item_refs),
            scenario_code=self.scenario_code,
            findings=tuple(
                MaterialFinding(f.material_code, f.finding, f.note) for f in self.findings
            ),
            checked_by=self.checked_by,
            created_at=self.created_at,
            open_until=self.open_until,
            status=self.status,
            bundle_code=self.bundle_code,
            applicant_kind=self.applicant_kind,
            applicant_id=self.applicant_id,
            agent_authorisation=self.agent_authorisation,
            note=self.note,
            ticket_no=self.ticket_no,
            case_number=self.case_number,
            version=self.version,
        )


class MissingCount(BaseModel):
    """A material the day's citizens most often lacked: its name (what the hall improves its
    guidance on; the same material under several items' codes counts once), one of its codes,
    and how many pre-checks lacked it."""

    model_config = ConfigDict(frozen=True)

    material_code: str
    count: int
    name: str = ""


class PrecheckDayStats(BaseModel):
    """Today's pre-checks of a hall for the supervisor's page."""

    model_config = ConfigDict(frozen=True)

    day: date
    total: int
    ready: int  # handed to a window with a ticket (or accepted)
    became_cases: int
    still_open: int
    most_missing: tuple[MissingCount, ...] = ()


def precheck_in(precheck: Precheck, base_version: int) -> PrecheckIn:
    """What a PC sends to save ``precheck`` over the version it last saw."""
    return PrecheckIn(
        number=precheck.number,
        status=precheck.status,
        item_refs=[ItemRefWire(code=r.code, version=r.version) for r in precheck.item_refs],
        scenario_code=precheck.scenario_code,
        bundle_code=precheck.bundle_code,
        findings=[
            FindingWire(material_code=f.material_code, finding=f.finding, note=f.note)
            for f in precheck.findings
        ],
        applicant_kind=precheck.applicant_kind,
        applicant_id=precheck.applicant_id,
        agent_authorisation=precheck.agent_authorisation,
        note=precheck.note,
        ticket_no=precheck.ticket_no,
        case_number=precheck.case_number,
        base_version=base_version,
    )


def precheck_out(precheck: Precheck, updated_at: datetime) -> PrecheckOut:
    """A pre-check as this PC keeps it (the same shape as the server's answer)."""
    data = precheck_in(precheck, precheck.version).model_dump(exclude={"base_version"})
    return PrecheckOut.model_validate(
        {
            **data,
            "hall_code": precheck.hall_code,
            "checked_by": precheck.checked_by,
            "created_at": precheck.created_at,
            "updated_at": updated_at,
            "open_until": precheck.open_until,
            "version": precheck.version,
        }
    )

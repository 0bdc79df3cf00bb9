"""The department's back office (后台分类审批): its requests and what it sees of a case."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field, StrictInt, StringConstraints

from clerk_app.contract.cases import CaseHeadline
from clerk_app.contract.common import STRICT, Day
from clerk_app.domain.deadlines import DeadlineLevel
from clerk_app.domain.workdays import LimitUnit

Text = Annotated[str, StringConstraints(max_length=500)]
ShortText = Annotated[str, StringConstraints(max_length=100)]
Version = Annotated[StrictInt | None, Field(ge=1)]


class _Request(BaseModel):
    model_config = STRICT

    version: Version = None  # the case version the user saw; a stale one is refused (409)


class NoteIn(_Request):
    note: Text = ""


class ReasonIn(_Request):
    reason: Text


class ExtendIn(_Request):
    reason: Text
    working_days: Annotated[StrictInt, Field(ge=1, le=60)]


class ExtensionApprovalIn(_Request):
    """延期 (行政许可法 Art. 42): working days the head approves (10 at most, 15 for a bundle's
    joint handling; the service says which) and the reason told to the applicant."""

    reason: Text
    working_days: Annotated[StrictInt, Field(ge=1, le=15)]


class SupplyIn(_Request):
    """补齐: the codes of the 容缺 materials the applicant brought."""

    materials: Annotated[list[ShortText], Field(min_length=1, max_length=50)]
    note: Text = ""


class CorrectionItemIn(BaseModel):
    """One thing to correct: the material and what it must become."""

    model_config = STRICT

    material: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    requirement: Annotated[str, StringConstraints(min_length=1, max_length=500)]


class CorrectionIn(_Request):
    """退回补正: everything to correct, once, and the working days given to correct it."""

    items: Annotated[list[CorrectionItemIn], Field(min_length=1, max_length=30)]
    working_days: Annotated[StrictInt, Field(ge=1, le=60)] = 10
    note: Text = ""


class GapOut(BaseModel):
    """One material still missing under a 容缺 commitment."""

    code: str
    name: str


class ResultDecisionIn(_Request):
    """准予 or 不予许可: the result document's name, number and validity."""

    result_name: ShortText = ""
    result_number: ShortText
    validity: ShortText = ""
    reason: Text = ""
    # The result enters the shared materials library on approval (issue 14), all optional:
    # its 材料编码 (else the one a bundle says the item produces), valid until, issuer (else
    # the department) and the file uploaded before (POST /library/result-files)
    result_material_code: Annotated[str, StringConstraints(max_length=64)] = ""
    result_valid_until: Day | None = None
    result_issuer: Annotated[str, StringConstraints(max_length=120)] = ""
    result_file_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None


class DepartmentCaseOut(CaseHeadline):
    """One case as the department sees it: summary, deadline warning, back-office record
    (the applicant's name and masked ID only)."""

    version: int
    promised_date: date | None
    deadline: DeadlineLevel
    deadline_label: str
    working_days_left: int | None
    legal_days: int
    promised_days: int
    legal_unit: LimitUnit = LimitUnit.WORKING_DAYS
    promised_unit: LimitUnit = LimitUnit.WORKING_DAYS
    # The last day the law allows: legal limit + days suspended + an approved Art. 42 extension
    legal_limit_date: date | None = None
    joint: bool = False  # a bundle's case: joint handling (45 working days, +15)
    backoffice: dict[str, Any]  # suspensions, extensions, the result, the notice due
    # 容缺: the materials still missing, the commitment date and its warning
    gaps: list[GapOut] = Field(default_factory=list)
    commitment_date: date | None = None
    gap_deadline: DeadlineLevel = DeadlineLevel.NONE
    gap_deadline_label: str = ""
    events: list[dict[str, Any]]  # ``CaseEvent.to_dict()`` of each event
    # ``DepartmentDocument.to_dict()`` of what the department issued (不予许可决定书, 补正)
    documents: list[dict[str, Any]] = Field(default_factory=list)

"""Department API (后台分类审批), role ``department``: list, take, suspend, resume, extend,
approve an Art. 42 extension (the department head only), approve, deny (with its 不予许可决定书),
return for 补正 and terminate (终止办理) the cases of one's own department, and record the 补齐 of
容缺 materials. Thin: the rules are in ``services/backoffice.py``, ``services/backoffice_docs.py``
and ``services/time_limits.py``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.types import DecoratedCallable
from sqlalchemy.orm import Session

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.services import (
    backoffice,
    backoffice_docs,
    library,
    library_files,
    time_limits,
)
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.backoffice import ResultInfo
from clerk_app.contract.backoffice import (
    CorrectionIn,
    DepartmentCaseOut,
    ExtendIn,
    ExtensionApprovalIn,
    NoteIn,
    ReasonIn,
    ResultDecisionIn,
    SupplyIn,
)
from clerk_app.domain.department_docs import CorrectionLine

router = APIRouter(prefix="/department", tags=["department"], route_class=ReleasingRoute)

Number = Annotated[str, Path(max_length=40)]
Reader = Annotated[AuthUser, require("department.read")]
Decider = Annotated[AuthUser, require("department.decide")]

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "本部门没有该案件"},
    409: {"description": "案件状态不允许此操作，或已被他人修改"},
    403: {"description": "不是部门审批账号，或批准延期的不是部门负责人"},
    422: {"description": "缺少理由、结果编号，或延长超过法定时限"},
}


@dataclass(frozen=True)
class OnCase:
    """A department decision on one case: which case, by whom, when."""

    number: str
    session: Session
    user: AuthUser
    now: datetime

    def at(self, version: int | None) -> backoffice.CaseAction:
        """The action on the case as the user saw it (``version``: the one their screen had)."""
        return backoffice.CaseAction(self.session, self.user, self.number, self.now, version)


# async: it touches no database, and a plain def would cost a worker-thread hop.
async def _on_case(number: Number, session: SessionDep, user: Decider, now: NowDep) -> OnCase:
    return OnCase(number, session, user, now)


Deciding = Annotated[OnCase, Depends(_on_case)]


def _case_action(action: str, summary: str) -> Callable[[DecoratedCallable], DecoratedCallable]:
    """The POST route of one department action on a case; it answers the case as it is now."""
    return router.post(
        f"/cases/{{number}}/{action}",
        response_model=DepartmentCaseOut,
        responses=_ERRORS,
        summary=summary,
    )


@router.get(
    "/cases",
    response_model=list[DepartmentCaseOut],
    summary="本部门案件（state: new/active/open/ready/done/all）",
)
def list_cases(
    session: SessionDep,
    user: Reader,
    now: NowDep,
    state: Annotated[str, Query(max_length=10)] = "open",
    q: Annotated[str, Query(max_length=100)] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DepartmentCaseOut]:
    return backoffice.list_cases(session, user, now, state=state, q=q, limit=limit)


@router.get(
    "/cases/{number}",
    response_model=DepartmentCaseOut,
    responses=_ERRORS,
    summary="案件详情（含期限预警与审批记录）",
)
def get_case(number: Number, session: SessionDep, user: Reader, now: NowDep) -> DepartmentCaseOut:
    return backoffice.get_case(session, user, number, now)


@_case_action("take", "接件审批（→审批中）")
def take(body: NoteIn, on: Deciding) -> DepartmentCaseOut:
    return backoffice.take(on.at(body.version), note=body.note)


@_case_action("suspend", "暂停审批（须填理由）")
def suspend(body: ReasonIn, on: Deciding) -> DepartmentCaseOut:
    return backoffice.suspend(on.at(body.version), body.reason)


@_case_action("resume", "恢复审批（承诺日期顺延暂停的工作日）")
def resume(body: NoteIn, on: Deciding) -> DepartmentCaseOut:
    return time_limits.resume(on.at(body.version), note=body.note)


@_case_action("extend", "延长办理期限（不超过法定时限）")
def extend(body: ExtendIn, on: Deciding) -> DepartmentCaseOut:
    return time_limits.extend(on.at(body.version), body.reason, body.working_days)


@_case_action(
    "approve-extension",
    "负责人批准延期（行政许可法第四十二条：延长10个工作日，联合办理15个；须填理由）",
)
def approve_extension(body: ExtensionApprovalIn, on: Deciding) -> DepartmentCaseOut:
    return time_limits.approve_art42_extension(on.at(body.version), body.reason, body.working_days)


def _decide(
    on: OnCase,
    body: ResultDecisionIn,
    *,
    approve: bool,
    issued: library.IssuedResult | None = None,
) -> DepartmentCaseOut:
    result = ResultInfo(body.result_name, body.result_number, body.validity)
    return backoffice.decide(
        on.at(body.version), approve=approve, result=result, reason=body.reason, issued=issued
    )


@_case_action("approve", "准予（→待领取，待通知申请人；结果归入共享材料库）")
def approve(body: ResultDecisionIn, on: Deciding, request: Request) -> DepartmentCaseOut:
    issued = library_files.issued_result(
        on.session,
        request.app.state.blob_store,
        material_code=body.result_material_code,
        valid_until=body.result_valid_until,
        issuer=body.result_issuer,
        file_sha256=body.result_file_sha256,
    )
    return _decide(on, body, approve=True, issued=issued)


@_case_action("deny", "不予许可（须填理由）")
def deny(body: ResultDecisionIn, on: Deciding) -> DepartmentCaseOut:
    return _decide(on, body, approve=False)


@_case_action("correction", "退回补正（审批中→暂停；一次告知全部补正内容和期限）")
def correction(body: CorrectionIn, on: Deciding) -> DepartmentCaseOut:
    lines = [CorrectionLine(i.material, i.requirement) for i in body.items]
    return backoffice_docs.request_correction(
        on.at(body.version), lines, body.working_days, note=body.note
    )


@_case_action("supply", "登记容缺材料补齐")
def supply(body: SupplyIn, on: Deciding) -> DepartmentCaseOut:
    return backoffice.supply(on.at(body.version), body.materials, note=body.note)


@_case_action("terminate", "终止办理（容缺承诺期限已过仍未补齐；须填理由）")
def terminate(body: ReasonIn, on: Deciding) -> DepartmentCaseOut:
    return backoffice.terminate(on.at(body.version), body.reason)

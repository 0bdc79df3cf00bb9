"""Department API (后台分类审批), role ``department``: list, take, suspend, resume, extend,
approve, deny and terminate (终止办理) the cases of one's own department, and record
the 补齐 of 容缺 materials. Thin: the rules are in
``services/backoffice.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from sqlalchemy.orm import Session

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.services import backoffice
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.backoffice import ResultInfo
from clerk_app.contract.backoffice import (
    DepartmentCaseOut,
    ExtendIn,
    NoteIn,
    ReasonIn,
    ResultDecisionIn,
    SupplyIn,
)

router = APIRouter(prefix="/department", tags=["department"], route_class=ReleasingRoute)

Number = Annotated[str, Path(max_length=40)]
Reader = Annotated[AuthUser, require("department.read")]
Decider = Annotated[AuthUser, require("department.decide")]

_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "不是部门审批账号"},
    404: {"description": "本部门没有该案件"},
    409: {"description": "案件状态不允许此操作，或已被他人修改"},
    422: {"description": "缺少理由、结果编号，或延长超过法定时限"},
}


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


@router.post(
    "/cases/{number}/take",
    response_model=DepartmentCaseOut,
    responses=_ERRORS,
    summary="接件审批（→审批中）",
)
def take(
    number: Number, body: NoteIn, session: SessionDep, user: Decider, now: NowDep
) -> DepartmentCaseOut:
    return backoffice.take(
        session, user, number, now, note=body.note, expected_version=body.version
    )


@router.post(
    "/cases/{number}/suspend",
    response_model=DepartmentCaseOut,
    responses=_ERRORS,
    summary="暂停审批（须填理由）",
)
def suspend(
    number: Number, body: ReasonIn, session: SessionDep, user: Decider, now: NowDep
) -> DepartmentCaseOut:
    return backoffice.suspend(
        session, user, number, body.reason, now, expected_version=body.version
    )


@router.post(
    "/cases/{number}/resume",
    response_model=DepartmentCaseOut,
    responses=_ERRORS,
    summary="恢复审批（承诺日期顺延暂停的工作日）",
)
def resume(
    number: Number, body: NoteIn, session: SessionDep, user: Decider, now: NowDep
) -> DepartmentCaseOut:
    return backoffice.resume(
        session, user, number, now, note=body.note, expected_version=body.version
    )


@router.post(
    "/cases/{number}/extend",
    response_model=DepartmentCaseOut,
    responses=_ERRORS,
    summary="延长办理期限（不超过法定时限）",
)
def extend(
    number: Number, body: ExtendIn, session: SessionDep, user: Decider, now: NowDep
) -> DepartmentCaseOut:
    return backoffice.extend(
        session, user, number, body.reason, body.working_days, now, expected_version=body.version
    )


def _decide(
    session: Session,
    user: AuthUser,
    number: str,
    body: ResultDecisionIn,
    now: datetime,
    *,
    approve: bool,
) -> DepartmentCaseOut:
    result = ResultInfo(body.result_name, body.result_number, body.validity)
    return backoffice.decide(
        session,
        user,
        number,
        now,
        approve=approve,
        result=result,
        reason=body.reason,
        expected_version=body.version,
    )


@router.post(
    "/cases/{number}/approve",
    response_model=DepartmentCaseOut,
    responses=_ERRORS,
    summary="准予（→待领取，待通知申请人）",
)
def approve(
    number: Number, body: ResultDecisionIn, session: SessionDep, user: Decider, now: NowDep
) -> DepartmentCaseOut:
    return _decide(session, user, number, body, now, approve=True)


@router.post(
    "/cases/{number}/deny",
    response_model=DepartmentCaseOut,
    responses=_ERRORS,
    summary="不予许可（须填理由）",
)
def deny(
    number: Number, body: ResultDecisionIn, session: SessionDep, user: Decider, now: NowDep
) -> DepartmentCaseOut:
    return _decide(session, user, number, body, now, approve=False)


@router.post(
    "/cases/{number}/supply",
    response_model=DepartmentCaseOut,
    responses=_ERRORS,
    summary="登记容缺材料补齐",
)
def supply(
    number: Number, body: SupplyIn, session: SessionDep, user: Decider, now: NowDep
) -> DepartmentCaseOut:
    return backoffice.supply(
        session, user, number, body.materials, now, note=body.note, expected_version=body.version
    )


@router.post(
    "/cases/{number}/terminate",
    response_model=DepartmentCaseOut,
    responses=_ERRORS,
    summary="终止办理（容缺承诺期限已过仍未补齐；须填理由）",
)
def terminate(
    number: Number, body: ReasonIn, session: SessionDep, user: Decider, now: NowDep
) -> DepartmentCaseOut:
    return backoffice.terminate(
        session, user, number, body.reason, now, expected_version=body.version
    )

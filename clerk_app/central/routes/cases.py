from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.services import cases
from clerk_app.central.services.auth import AuthUser
from clerk_app.contract.cases import CaseIn, CaseOut, CaseStored, CaseSummaryOut
from clerk_app.domain.cases import CaseStatus

router = APIRouter(prefix="/cases", tags=["cases"], route_class=ReleasingRoute)
CaseWriter = Annotated[AuthUser, require("case.write")]
CaseReader = Annotated[AuthUser, require("case.read")]


@router.post("", response_model=CaseStored, summary="上传案件（按编号覆盖）")
def upload(body: CaseIn, session: SessionDep, user: CaseWriter, now: NowDep) -> CaseStored:
    number = cases.upload_case(session, user, body.model_dump(mode="json"), now)
    return CaseStored(number=number, stored=True)


@router.get("", response_model=list[CaseSummaryOut], summary="查询本大厅案件")
def search(
    session: SessionDep,
    user: CaseReader,
    hall: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str, Query(max_length=100)] = "",
    status: CaseStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[CaseSummaryOut]:
    return cases.search_cases(session, user, hall=hall, q=q, status=status, limit=limit)


@router.get("/{number}", response_model=CaseOut, summary="案件详情（Case.to_dict()）")
def get_case(
    number: Annotated[str, Path(max_length=40)],
    session: SessionDep,
    user: CaseReader,
    now: NowDep,
    why: Annotated[str, Query(max_length=60, description="为何查看：票号或相关案件编号")] = "",
) -> CaseOut:
    return cases.get_case(session, user, number, why=why.strip(), now=now)

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from clerk_app.central.deps import CurrentUser, NowDep, ReleasingRoute, SessionDep
from clerk_app.central.schemas import CaseIn, CaseStored, CaseSummaryOut
from clerk_app.central.services import cases
from clerk_app.domain.cases import CaseStatus

router = APIRouter(prefix="/cases", tags=["cases"], route_class=ReleasingRoute)


@router.post("", response_model=CaseStored, summary="上传案件（按编号覆盖）")
def upload(body: CaseIn, session: SessionDep, user: CurrentUser, now: NowDep) -> dict[str, Any]:
    number = cases.upload_case(session, user, body.model_dump(mode="json"), now)
    return {"number": number, "stored": True}


@router.get("", response_model=list[CaseSummaryOut], summary="查询本大厅案件")
def search(
    session: SessionDep,
    user: CurrentUser,
    hall: Annotated[str | None, Query(max_length=16)] = None,
    q: Annotated[str, Query(max_length=100)] = "",
    status: CaseStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    return cases.search_cases(session, user, hall=hall, q=q, status=status, limit=limit)


@router.get("/{number}", summary="案件详情（Case.to_dict()）")
def get_case(
    number: Annotated[str, Path(max_length=40)], session: SessionDep, user: CurrentUser
) -> dict[str, Any]:
    return cases.get_case(session, user, number)

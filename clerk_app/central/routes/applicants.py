from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from clerk_app.central.deps import CurrentUser, NowDep, ReleasingRoute, SessionDep
from clerk_app.central.schemas import PersonIn, PersonOut
from clerk_app.central.services import applicants
from clerk_app.central.services.errors import NotFound
from clerk_app.domain.cases import Person

router = APIRouter(prefix="/applicants", tags=["applicants"], route_class=ReleasingRoute)
IdNumber = Annotated[str, Path(min_length=1, max_length=32, description="证件号码")]


@router.get("/{id_number}", response_model=PersonOut, summary="按证件号码查找申请人")
def get_applicant(id_number: IdNumber, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    person = applicants.find_applicant(session, id_number)
    if person is None:
        raise NotFound("申请人库中没有此证件号码")
    return person.to_dict()


@router.put("/{id_number}", response_model=PersonOut, summary="保存申请人信息")
def put_applicant(
    id_number: IdNumber, body: PersonIn, session: SessionDep, user: CurrentUser, now: NowDep
) -> dict[str, Any]:
    person = Person.from_dict(body.model_dump(mode="json"))
    return applicants.save_applicant(session, id_number, person, now).to_dict()

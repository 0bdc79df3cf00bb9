"""The hall's applicant library. The ID number travels in the body, never in the URL (URLs
reach access logs); each lookup is audited and bounded per user (services/applicants.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep, SettingsDep
from clerk_app.central.policy import require
from clerk_app.central.services import applicants
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import NotFound
from clerk_app.contract.cases import LookupIn, PersonIn, PersonOut

router = APIRouter(prefix="/applicants", tags=["applicants"], route_class=ReleasingRoute)
ApplicantReader = Annotated[AuthUser, require("applicant.read")]
ApplicantWriter = Annotated[AuthUser, require("applicant.write")]


def lookup_bound(
    request: Request, per_minute: int, name: str = "lookup_bound"
) -> applicants.LookupBound:
    """The app's per-user bound of lookups called ``name`` (the applicant library's, the
    materials library's: each its own count)."""
    bound: applicants.LookupBound | None = getattr(request.app.state, name, None)
    if bound is None or bound.per_minute != per_minute:
        bound = applicants.LookupBound(per_minute)
        setattr(request.app.state, name, bound)
    return bound


@router.post(
    "/lookup",
    response_model=PersonOut,
    responses={
        404: {"description": "本大厅申请人库中没有此证件号码"},
        429: {"description": "查询过于频繁"},
    },
    summary="按证件号码查找申请人（本大厅；每次查询记入审计）",
)
def lookup(
    body: LookupIn,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: ApplicantReader,
    now: NowDep,
) -> Any:
    wait = lookup_bound(request, settings.applicant_lookups_per_minute).take(user.staff_id, now)
    if wait is not None:
        return JSONResponse(
            {"detail": f"查询过于频繁，请{wait}秒后再试"},
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    halls = applicants.library_halls(settings.applicant_library_groups, user.hall_code)
    person = applicants.look_up(
        session,
        user,
        body.id_number,
        kind=body.id_kind,
        nationality=body.nationality,
        halls=halls,
        why=body.why.strip(),
        now=now,
    )
    if person is None:
        raise NotFound("申请人库中没有此证件")
    return PersonOut.of(person)


@router.put("", response_model=PersonOut, summary="保存申请人信息（本大厅申请人库）")
def put_applicant(
    body: PersonIn, session: SessionDep, user: ApplicantWriter, now: NowDep
) -> PersonOut:
    return PersonOut.of(applicants.save_applicant(session, user.hall_code, body.to_person(), now))

"""Cases uploaded by counter PCs: upsert by number, look-up and search within one's hall."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import false, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from clerk_app.central.models import CaseRecord
from clerk_app.central.services import audit, case_writes, privacy
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    ServiceError,
)
from clerk_app.contract.cases import CaseOut, CaseSummaryOut
from clerk_app.domain.cases import Case, CaseStatus
from clerk_app.domain.identifiers import mask_id

_ATTEMPTS = 3


def upload_case(session: Session, user: AuthUser, data: dict[str, Any], now: datetime) -> str:
    """Store a window's case (``Case.to_dict()``, validated by ``CaseIn``).

    It goes through the one writer of cases (``case_writes``): a new case, or a change of the
    stored one the lifecycle and the window's rights allow; without a version, it is based on
    whatever the server holds. Each change bumps the version and reaches every window's pull.
    """
    case_writes.check_text(data)
    try:
        case = Case.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise Invalid(f"案件数据不完整：{exc}") from exc
    for attempt in range(_ATTEMPTS):
        try:
            written = case_writes.window_write(
                session, user, case, now, base_version=None, blind=True
            )
            session.commit()
            return written.number
        except (case_writes.ConcurrentWrite, IntegrityError, OperationalError):
            session.rollback()
            if attempt == _ATTEMPTS - 1:
                raise Conflict(f"案件{case.number}正被同时修改，请稍后重试") from None
        except ServiceError as exc:
            session.rollback()
            if case_writes.is_refusal(exc):
                number, reason = case.number, exc.detail
                case_writes.record_refusal(session, user, number, "POST /cases", reason, now)
            raise
        except BaseException:
            session.rollback()
            raise
    raise AssertionError("unreachable")


def _check_hall(user: AuthUser, hall_code: str) -> None:
    if hall_code != user.hall_code:  # admins too: each hall's admin sees its own hall
        raise Forbidden("只能查看本大厅的案件")


def get_case(
    session: Session, user: AuthUser, number: str, *, why: str = "", now: datetime | None = None
) -> CaseOut:
    """The case as the user's role may see it; a full identity read is audited (commits)."""
    record = session.get(CaseRecord, number.strip().upper())
    if record is None:
        raise NotFound(f"没有编号为{number}的案件")
    _check_hall(user, record.hall_code)
    data = privacy.case_for(user.role, dict(record.data))
    if data is None:
        raise Forbidden("此账户不能查看案件")
    if privacy.identity_view(user.role) == "full":
        detail = {"why": why or record.number, "record": "case"}
        audit.record_by(session, user, "pii.read", record.number, detail, now)
        session.commit()
    return CaseOut.model_validate(data)


def headline(record: CaseRecord, status: CaseStatus) -> dict[str, Any]:
    """The :class:`CaseHeadline` fields of a stored case shown in ``status``."""
    return {
        "number": record.number,
        "hall_code": record.hall_code,
        "window_no": record.window_no,
        "item_code": record.item_code,
        "item_name": record.item_name,
        "applicant_name": record.applicant_name,
        "applicant_id_masked": mask_id(record.applicant_id_number),
        "status": status,
        "status_label": status.label,
        "received_at": as_utc(record.received_at) if record.received_at else None,
        "bundle_no": record.bundle_no or "",
    }


def _summary(record: CaseRecord) -> CaseSummaryOut:
    return CaseSummaryOut(
        **headline(record, CaseStatus(record.status)),
        uploaded_at=as_utc(record.uploaded_at),
        uploaded_by=record.uploaded_by,
    )


def search_cases(
    session: Session,
    user: AuthUser,
    *,
    hall: str | None = None,
    q: str = "",
    status: CaseStatus | None = None,
    limit: int = 50,
) -> list[CaseSummaryOut]:
    """Newest first; ``q`` matches number, applicant name or ID, item name or code."""
    hall_code = hall or user.hall_code
    _check_hall(user, hall_code)
    stmt = select(CaseRecord).where(CaseRecord.hall_code == hall_code)
    text = q.strip()
    if text:
        stmt = stmt.where(
            or_(
                CaseRecord.number.contains(text.upper(), autoescape=True),
                # a masked view must not confirm whose ID number a case holds
                CaseRecord.applicant_id_number.contains(text.upper(), autoescape=True)
                if privacy.identity_view(user.role) == "full"
                else false(),
                CaseRecord.applicant_name.contains(text, autoescape=True),
                CaseRecord.item_name.contains(text, autoescape=True),
                CaseRecord.item_code.contains(text, autoescape=True),
            )
        )
    if status is not None:
        stmt = stmt.where(CaseRecord.status == status.value)
    stmt = stmt.order_by(
        CaseRecord.received_at.desc().nulls_last(), CaseRecord.number.desc()
    ).limit(limit)
    return [_summary(r) for r in session.scalars(stmt)]

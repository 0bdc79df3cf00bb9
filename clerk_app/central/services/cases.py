"""Cases uploaded by counter PCs: upsert by number, look-up and search within one's hall."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clerk_app.central.models import CaseRecord
from clerk_app.central.services.applicants import remember_if_new
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.domain.cases import Case, CaseStatus, parse_case_number
from clerk_app.domain.identifiers import mask_id


def upload_case(session: Session, user: AuthUser, data: dict[str, Any], now: datetime) -> str:
    """Store a case (``Case.to_dict()``), replacing an earlier upload of the same number."""
    try:
        case = Case.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise Invalid(f"案件数据不完整：{exc}") from exc
    if case.hall_code != user.hall_code:
        raise Conflict(f"案件属于大厅{case.hall_code}，当前登录的是{user.hall_code}，不能上传")
    parsed = parse_case_number(case.number)
    if parsed is None or parsed[0] != case.hall_code:
        raise Invalid("案件编号中的大厅编码与案件所属大厅不一致")
    record = session.get(CaseRecord, case.number, with_for_update=True)
    if record is None:
        record = CaseRecord(number=case.number)
        session.add(record)
    elif record.hall_code != case.hall_code:
        raise Conflict("同一编号的案件已属于其他大厅")
    record.hall_code = case.hall_code
    record.window_no = case.window_no
    record.item_code = case.item.code
    record.item_version = case.item.version
    record.item_name = case.item.name
    record.applicant_id_number = case.applicant.id_number
    record.applicant_name = case.applicant.name
    record.status = case.status.value
    record.received_at = as_utc(case.received_at) if case.received_at else None
    record.data = case.to_dict()
    record.uploaded_at = now
    record.uploaded_by = user.username
    remember_if_new(session, case.applicant, now)
    session.commit()
    return case.number


def _check_hall(user: AuthUser, hall_code: str) -> None:
    if hall_code != user.hall_code and not user.is_admin:
        raise Forbidden("只能查看本大厅的案件")


def get_case(session: Session, user: AuthUser, number: str) -> dict[str, Any]:
    record = session.get(CaseRecord, number.strip().upper())
    if record is None:
        raise NotFound(f"没有编号为{number}的案件")
    _check_hall(user, record.hall_code)
    return dict(record.data)


def _summary(record: CaseRecord) -> dict[str, Any]:
    return {
        "number": record.number,
        "hall_code": record.hall_code,
        "window_no": record.window_no,
        "item_code": record.item_code,
        "item_name": record.item_name,
        "applicant_name": record.applicant_name,
        "applicant_id_masked": mask_id(record.applicant_id_number),
        "status": record.status,
        "status_label": CaseStatus(record.status).label,
        "received_at": as_utc(record.received_at) if record.received_at else None,
        "uploaded_at": as_utc(record.uploaded_at),
        "uploaded_by": record.uploaded_by,
    }


def search_cases(
    session: Session,
    user: AuthUser,
    *,
    hall: str | None = None,
    q: str = "",
    status: CaseStatus | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Newest first; ``q`` matches number, applicant name or ID, item name or code."""
    hall_code = hall or user.hall_code
    _check_hall(user, hall_code)
    stmt = select(CaseRecord).where(CaseRecord.hall_code == hall_code)
    text = q.strip()
    if text:
        stmt = stmt.where(
            or_(
                CaseRecord.number.contains(text.upper(), autoescape=True),
                CaseRecord.applicant_id_number.contains(text.upper(), autoescape=True),
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

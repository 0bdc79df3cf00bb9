"""The shared applicant library (一次录入、一号匹配): look up and save by document number."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk_app.central.models import Applicant
from clerk_app.central.services.errors import Invalid
from clerk_app.domain.cases import Person
from clerk_app.domain.identifiers import check_document, normalize


def find_applicant(session: Session, id_number: str) -> Person | None:
    row = session.scalars(
        select(Applicant).where(Applicant.id_number == normalize(id_number))
    ).one_or_none()
    if row is None:
        return None
    return Person.from_dict(
        {
            "id_kind": row.id_kind,
            "id_number": row.id_number,
            "name": row.name,
            "mobile": row.mobile,
            "address": row.address,
        }
    )


def save_applicant(session: Session, id_number: str, person: Person, now: datetime) -> Person:
    """Insert or update; an invalid document number is refused, never stored silently."""
    check = check_document(person.id_kind, person.id_number)
    if not check.ok:
        raise Invalid(check.error)
    if normalize(id_number) != check.normalized:
        raise Invalid("地址中的证件号码与提交的证件号码不一致")
    row = session.scalars(
        select(Applicant).where(Applicant.id_number == check.normalized).with_for_update()
    ).one_or_none()
    if row is None:
        row = Applicant(id_number=check.normalized)
        session.add(row)
    row.id_kind = person.id_kind.value
    row.name = person.name.strip()
    row.mobile = person.mobile.strip()
    row.address = person.address.strip()
    row.updated_at = now
    session.commit()
    return Person(person.id_kind, check.normalized, row.name, row.mobile, row.address)


def remember_if_new(session: Session, person: Person, now: datetime) -> None:
    """Add a case's applicant to the library when unknown; never overwrite what is there."""
    number = normalize(person.id_number)
    if not check_document(person.id_kind, number).ok:
        return
    exists = session.scalar(select(Applicant.id).where(Applicant.id_number == number))
    if exists is None:
        session.add(
            Applicant(
                id_number=number,
                id_kind=person.id_kind.value,
                name=person.name,
                mobile=person.mobile,
                address=person.address,
                updated_at=now,
            )
        )

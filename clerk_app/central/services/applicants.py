"""Each hall's applicant library (一次录入、一号匹配): look up and save by document number.

A record belongs to the hall whose window saved it; a lookup searches the caller's hall and
the halls configured to share a library with it (``CentralSettings.applicant_library_groups``),
never any other. Every lookup, found or not, is written to the hall's audit trail
(``pii.read``: who, when, the masked number, why) and bounded per user per minute.
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk_app.central.models import Applicant
from clerk_app.central.services import audit
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import Invalid
from clerk_app.domain.cases import IdKind, Person
from clerk_app.domain.identifiers import check_document, mask_id, normalize


def library_halls(groups: str, hall_code: str) -> list[str]:
    """The halls whose library ``hall_code`` reads, its own first.

    ``groups``: halls sharing one library, a group per ``;``, halls by ``,``
    (``"HS01,HS02;HS03,HS04"``). A hall in no group reads only its own library.
    """
    halls = [hall_code]
    for group in groups.split(";"):
        members = [code.strip() for code in group.split(",") if code.strip()]
        if hall_code in members:
            halls += [code for code in members if code not in halls]
    return halls


def _person(row: Applicant) -> Person:
    return Person(IdKind(row.id_kind), row.id_number, row.name, row.mobile, row.address)


def look_up(
    session: Session,
    user: AuthUser,
    id_number: str,
    *,
    halls: list[str],
    why: str,
    now: datetime,
) -> Person | None:
    """The applicant in the first of ``halls`` that knows them; the read is audited (commits)."""
    number = normalize(id_number)
    rows = {
        row.hall_code: row
        for row in session.scalars(
            select(Applicant).where(Applicant.id_number == number, Applicant.hall_code.in_(halls))
        )
    }
    row = next((rows[code] for code in halls if code in rows), None)
    detail: dict[str, object] = {"why": why, "record": "applicant", "found": row is not None}
    if row is not None and row.hall_code != user.hall_code:
        detail["library"] = row.hall_code
    audit.record_by(session, user, "pii.read", mask_id(number), detail, now)
    person = _person(row) if row is not None else None
    session.commit()
    return person


def _store(
    session: Session, hall_code: str, person: Person, number: str, now: datetime
) -> Applicant:
    row = session.scalars(
        select(Applicant)
        .where(Applicant.hall_code == hall_code, Applicant.id_number == number)
        .with_for_update()
    ).one_or_none()
    if row is None:
        row = Applicant(hall_code=hall_code, id_number=number)
        session.add(row)
    row.id_kind = person.id_kind.value
    row.name = person.name.strip()
    row.mobile = person.mobile.strip()
    row.address = person.address.strip()
    row.updated_at = now
    return row


def store(session: Session, hall_code: str, person: Person, now: datetime) -> Person:
    """Insert or update in the hall's library (no commit); an invalid number is refused."""
    check = check_document(person.id_kind, person.id_number)
    if not check.ok:
        raise Invalid(check.error)
    row = _store(session, hall_code, person, check.normalized, now)
    return Person(person.id_kind, check.normalized, row.name, row.mobile, row.address)


def save_applicant(session: Session, hall_code: str, person: Person, now: datetime) -> Person:
    saved = store(session, hall_code, person, now)
    session.commit()
    return saved


def remember_if_new(session: Session, person: Person, now: datetime, *, hall_code: str) -> None:
    """Add a case's applicant to its hall's library when unknown; never overwrite."""
    number = normalize(person.id_number)
    if not check_document(person.id_kind, number).ok:
        return
    exists = session.scalar(
        select(Applicant.id).where(Applicant.hall_code == hall_code, Applicant.id_number == number)
    )
    if exists is None:
        session.add(
            Applicant(
                hall_code=hall_code,
                id_number=number,
                id_kind=person.id_kind.value,
                name=person.name,
                mobile=person.mobile,
                address=person.address,
                updated_at=now,
            )
        )


class LookupBound:
    """At most ``per_minute`` lookups per user in any 60 seconds (one process, in memory)."""

    WINDOW_S = 60.0

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, key: int, now: datetime) -> int | None:
        """Count one lookup; None when allowed, else the seconds to wait (Retry-After)."""
        moment = now.timestamp()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= moment - self.WINDOW_S:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return max(1, int(hits[0] + self.WINDOW_S - moment + 0.999))
            hits.append(moment)
            if len(self._hits) > 10_000:  # forget idle users
                for idle in [k for k, v in self._hits.items() if not v or k != key][:5_000]:
                    self._hits.pop(idle, None)
            return None

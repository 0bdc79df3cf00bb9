"""Each hall's applicant library (一次录入、一号匹配): look up and save by document: kind,
a passport's country and number (``Person.record_key``).

A record belongs to the hall whose window saved it; a lookup searches the caller's hall and
the halls configured to share a library with it (``CentralSettings.applicant_library_groups``),
never any other. Every lookup, found or not, is written to the hall's audit trail
(``pii.read``: who, when, the masked number, why) and bounded per user per minute.
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from clerk_app.central.models import Applicant
from clerk_app.central.services import audit
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import Invalid
from clerk_app.domain.cases import IdKind, Person, record_key
from clerk_app.domain.identifiers import check_document, mask_id, normalize
from clerk_app.domain.phones import to_e164


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
    return Person(
        IdKind(row.id_kind),
        row.id_number,
        row.name,
        row.mobile,
        row.address,
        row.nationality,
        row.contact_note,
    )


def _of_document(kind: IdKind, number: str, nationality: str) -> ColumnElement[bool]:
    kind_value, country, normalized = record_key(kind, normalize(number), nationality)
    return and_(
        Applicant.id_kind == kind_value,
        Applicant.nationality == country,
        Applicant.id_number == normalized,
    )


def look_up(
    session: Session,
    user: AuthUser,
    id_number: str,
    *,
    kind: IdKind | None = None,
    nationality: str = "",
    halls: list[str],
    why: str,
    now: datetime,
) -> Person | None:
    """The applicant in the first of ``halls`` that knows this document; the read is audited
    (commits). Without ``kind`` (a window of an older version) any kind of the number is
    found, the newest record first."""
    number = normalize(id_number)
    document = (
        _of_document(kind, number, nationality)
        if kind is not None
        else Applicant.id_number == number
    )
    rows: dict[str, Applicant] = {}
    for found in session.scalars(
        select(Applicant)
        .where(document, Applicant.hall_code.in_(halls))
        .order_by(Applicant.updated_at.desc(), Applicant.id.desc())
    ):
        rows.setdefault(found.hall_code, found)
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
    kind_value, country, _ = record_key(person.id_kind, number, person.nationality)
    row = session.scalars(
        select(Applicant)
        .where(
            Applicant.hall_code == hall_code,
            _of_document(person.id_kind, number, person.nationality),
        )
        .with_for_update()
    ).one_or_none()
    if row is None:
        row = Applicant(hall_code=hall_code, id_kind=kind_value, nationality=country)
        row.id_number = number
        session.add(row)
    row.name = person.name.strip()
    row.mobile = to_e164(person.mobile)
    row.contact_note = person.contact_note.strip() if not row.mobile else ""
    row.address = person.address.strip()
    row.updated_at = now
    return row


def store(session: Session, hall_code: str, person: Person, now: datetime) -> Person:
    """Insert or update in the hall's library (no commit); an invalid number, or a passport
    without its country, is refused."""
    check = check_document(person.id_kind, person.id_number)
    if not check.ok:
        raise Invalid(check.error)
    if person.id_kind is IdKind.PASSPORT and not person.nationality:
        raise Invalid("护照须注明签发国（国籍）")
    return _person(_store(session, hall_code, person, check.normalized, now))


def save_applicant(session: Session, hall_code: str, person: Person, now: datetime) -> Person:
    saved = store(session, hall_code, person, now)
    session.commit()
    return saved


def remember_if_new(session: Session, person: Person, now: datetime, *, hall_code: str) -> None:
    """Add a case's applicant to its hall's library when unknown; never overwrite."""
    number = normalize(person.id_number)
    if not check_document(person.id_kind, number).ok:
        return
    kind_value, country, _ = person.record_key
    exists = session.scalar(
        select(Applicant.id).where(
            Applicant.hall_code == hall_code,
            _of_document(person.id_kind, number, person.nationality),
        )
    )
    if exists is None:
        session.add(
            Applicant(
                hall_code=hall_code,
                id_number=number,
                id_kind=kind_value,
                nationality=country,
                name=person.name,
                mobile=to_e164(person.mobile),
                contact_note=person.contact_note if not person.mobile else "",
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

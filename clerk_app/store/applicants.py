"""Applicants this PC has served, remembered for the next visit and shared through the outbox.

A record is found by its document (``Person.record_key``): kind, a passport's country, number.
"""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from clerk_app.contract.sync import OpKind
from clerk_app.domain.cases import IdKind, Person, record_key
from clerk_app.domain.hall_time import hall_now
from clerk_app.store import schema as t
from clerk_app.store.case_rows import normalize_id
from clerk_app.store.database import Database, dumps
from clerk_app.store.outbox import applicant_payload, queue_operation


class Applicants:
    def __init__(self, db: Database) -> None:
        self._db = db

    def find(self, kind: IdKind, id_number: str, nationality: str = "") -> Person | None:
        """The record of this document (a passport's ``nationality`` is part of its key)."""
        kind_value, country, number = record_key(kind, normalize_id(id_number), nationality)
        a = t.applicants.c
        query = select(a.data).where(
            a.id_kind == kind_value, a.nationality == country, a.id_number == number
        )
        with self._db.read() as conn:
            data = conn.scalar(query)
        return None if data is None else Person.from_dict(json.loads(data))

    def save(self, person: Person) -> None:
        """Remember the applicant (and queue it for the shared library) in one transaction.
        The same data again (the next visit of a known applicant) writes nothing: the server
        already has, or will get, what the last ``applicant.save`` carries."""
        person = replace(person, id_number=normalize_id(person.id_number))
        kind_value, country, number = person.record_key
        now = hall_now()
        payload = applicant_payload(person)
        values = {
            "id_kind": kind_value,
            "nationality": country,
            "id_number": number,
            "name": person.name,
            "updated_at": now.isoformat(),
            "data": dumps(person.to_dict()),
        }
        stmt = sqlite_insert(t.applicants).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id_kind", "nationality", "id_number"], set_=values
        )
        with self._db.write() as conn:
            if _last_queued(conn, person) == dumps(payload):
                return
            conn.execute(stmt)
            queue_operation(conn, OpKind.APPLICANT_SAVE, person.id_number, payload, now)


# An operation the server holds or will push; a refused or discarded one is sent again.
_SENT_OR_WAITING = ("pending", "done")


def _last_queued(conn: Connection, person: Person) -> str | None:
    """The payload of this applicant's newest ``applicant.save``, if it was sent or waits to
    be (None: none, or the newest was refused or discarded). The outbox's ``ref`` is the
    number alone: a passport of another country with the same number is skipped."""
    o = t.outbox.c
    rows = conn.execute(
        select(o.payload, o.state)
        .where(o.kind == OpKind.APPLICANT_SAVE, o.ref == person.id_number)
        .order_by(o.id.desc())
    )
    for payload, state in rows:
        if Person.from_dict(json.loads(payload)).record_key == person.record_key:
            return str(payload) if state in _SENT_OR_WAITING else None
    return None

"""Help-desk pre-checks on this PC: saved with their outbox operation in one transaction,
numbered per desk and day, updated from the server's answers and pulls.

An operation carries the version it builds on. Saves made while earlier ones still wait build
on the version those will produce (each applied save adds one), so a help desk working offline
pushes its whole series in order; another PC's change meanwhile makes the push a conflict,
which the sync status shows, instead of silently overwriting.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select

from clerk_app.contract.precheck import PrecheckOut, precheck_in, precheck_out
from clerk_app.contract.sync import OpKind
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.precheck import Precheck
from clerk_app.store import schema as t
from clerk_app.store.database import Database, dumps
from clerk_app.store.outbox import queue_operation
from clerk_app.store.settings import put_setting, read_setting

_WAITING = (
    "SELECT count(*) FROM outbox WHERE ref = ? AND kind = 'precheck.save' "
    "AND state IN ('pending', 'rejected')"
)


def _waiting_saves(conn: Connection, number: str) -> int:
    return int(conn.exec_driver_sql(_WAITING, (number,)).scalar_one())


def _put(conn: Connection, out: PrecheckOut, server_version: int | None, at: str) -> None:
    values: dict[str, object] = {
        "status": out.status.value,
        "ticket_no": out.ticket_no,
        "data": dumps(out.model_dump(mode="json")),
        "updated_at": at,
    }
    exists = conn.execute(
        select(t.prechecks.c.number).where(t.prechecks.c.number == out.number)
    ).first()
    if server_version is not None:
        values["server_version"] = server_version
    if exists:
        conn.execute(t.prechecks.update().where(t.prechecks.c.number == out.number), values)
    else:
        conn.execute(t.prechecks.insert().values(number=out.number, **values))


def apply_remote_precheck(conn: Connection, number: str, version: int, data: object) -> int:
    """A pulled pre-check; local saves still waiting keep theirs (the push settles it)."""
    out = PrecheckOut.model_validate(data)
    row = conn.execute(
        select(t.prechecks.c.server_version).where(t.prechecks.c.number == number)
    ).first()
    if row is not None and version <= row.server_version:
        return 0  # the echo of our own push, or older
    if _waiting_saves(conn, number):
        conn.execute(
            t.prechecks.update()
            .where(t.prechecks.c.number == number)
            .values(server_version=version)
        )
        return 0
    _put(conn, out, version, hall_now().isoformat())
    return 1


class Prechecks:
    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, precheck: Precheck, at: datetime) -> Precheck:
        """Keep ``precheck`` and queue its push; returns it with the version it builds on."""
        with self._db.write() as conn:
            row = conn.execute(
                select(t.prechecks.c.server_version).where(t.prechecks.c.number == precheck.number)
            ).first()
            base = (row.server_version if row else 0) + _waiting_saves(conn, precheck.number)
            stored = replace(precheck, version=base)
            _put(conn, precheck_out(stored, at), None, at.isoformat())
            queue_operation(
                conn,
                OpKind.PRECHECK_SAVE,
                precheck.number,
                precheck_in(stored, base).model_dump(mode="json"),
                at,
            )
        return replace(stored, version=base + 1)

    def get(self, number: str) -> Precheck | None:
        with self._db.read() as conn:
            row = conn.execute(
                select(t.prechecks.c.data, t.prechecks.c.server_version).where(
                    t.prechecks.c.number == number.strip().upper()
                )
            ).first()
        if row is None:
            return None
        return PrecheckOut.model_validate(json.loads(row.data)).to_domain()

    def search(self, text: str, limit: int = 50) -> list[Precheck]:
        """This PC's pre-checks whose number contains ``text``, or whose ticket, case number
        or applicant's ID is ``text``; newest first (the server's ``GET /prechecks?q=``)."""
        wanted = text.strip().upper()
        if not wanted:
            return []
        data = t.prechecks.c.data

        def field(name: str) -> Any:
            return func.upper(func.json_extract(data, f"$.{name}"))

        query = (
            select(data)
            .where(
                or_(
                    t.prechecks.c.number.contains(wanted, autoescape=True),
                    func.upper(t.prechecks.c.ticket_no) == wanted,
                    field("case_number") == wanted,
                    field("applicant_id") == wanted,
                )
            )
            .order_by(func.json_extract(data, "$.created_at").desc(), t.prechecks.c.number.desc())
            .limit(limit)
        )
        with self._db.read() as conn:
            rows = conn.execute(query).scalars().all()
        return [PrecheckOut.model_validate(json.loads(row)).to_domain() for row in rows]

    def next_sequence(self, desk: str, day: date) -> int:
        """The next pre-check number's sequence for this desk and day (never handed out twice)."""
        key = f"precheck_seq:{desk}:{day:%Y%m%d}"
        with self._db.write() as conn:
            sequence = int(read_setting(conn, key) or 0) + 1
            put_setting(conn, key, str(sequence))
        return sequence

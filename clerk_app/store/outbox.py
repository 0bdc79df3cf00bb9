"""The outbox: operations waiting to be pushed to the central server, and their answers.

Every clerk change writes its operation here in the change's own transaction
(``queue_operation``); the sync engine pushes them in order and stores each answer in one
transaction (``Outbox.record_results``). A row's ``state`` is pending, done, rejected (the
clerk retries or discards it, see ``clerk_app.store.rejected``) or discarded.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from clerk_app.contract.sync import CASE_KINDS, OperationIn, OpKind, OpResult, OpStatus
from clerk_app.domain.cases import Case, Person
from clerk_app.domain.hall_time import hall_now
from clerk_app.store import schema as t
from clerk_app.store.case_rows import rewrite_server_case
from clerk_app.store.database import Database, dumps

log = logging.getLogger(__name__)

# A case's outbox rows still to settle: pushed next, or refused and waiting for the clerk.
_CASE_CHANGE_WAITS = (
    "SELECT 1 FROM outbox WHERE ref = ? AND kind LIKE 'case.%' "
    "AND state IN ('pending', 'rejected') LIMIT 1"
)


_APPLIED = frozenset({OpStatus.APPLIED, OpStatus.DUPLICATE})


def is_case_operation(kind: str) -> bool:
    return kind in CASE_KINDS


def case_payload(case: Case) -> dict[str, Any]:
    """What every ``case.*`` operation carries: the whole case."""
    return {"case": case.to_dict()}


def applicant_payload(person: Person) -> dict[str, Any]:
    return person.to_dict()


def queue_operation(
    conn: Connection, kind: OpKind, ref: str, payload: dict[str, Any], at: datetime
) -> str:
    """Add a pending operation inside the change's transaction; returns its id."""
    op_id = str(uuid.uuid4())
    conn.execute(
        insert(t.outbox).values(
            op_id=op_id,
            kind=kind,
            ref=ref,
            payload=dumps(payload),
            created_at=at.isoformat(),
            state="pending",
        )
    )
    return op_id


def change_waits(conn: Connection, number: str) -> bool:
    """A change of the case waits in the outbox (to push, or refused for the clerk)."""
    return conn.exec_driver_sql(_CASE_CHANGE_WAITS, (number,)).first() is not None


@dataclass(frozen=True)
class OutboxOperation:
    """An outbox row to push, with the base version the server must still hold."""

    id: int
    op_id: str
    kind: OpKind
    ref: str
    payload: dict[str, Any]
    base_version: int | None

    def to_wire(self) -> OperationIn:
        return OperationIn(
            op_id=self.op_id, kind=self.kind, base_version=self.base_version, payload=self.payload
        )


@dataclass
class _AnswerWrites:
    """The rows a batch of answers changes, gathered for one executemany each."""

    now: str
    done: list[tuple[Any, ...]] = field(default_factory=list)
    based: list[tuple[Any, ...]] = field(default_factory=list)
    refused: list[tuple[Any, ...]] = field(default_factory=list)
    conflicts: list[tuple[Any, ...]] = field(default_factory=list)
    server_cases: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    prechecks: list[tuple[Any, ...]] = field(default_factory=list)

    def add(self, op: OutboxOperation, answer: OpResult) -> None:
        is_case = op.kind.is_case
        if answer.status in _APPLIED:
            self.done.append((answer.version, self.now, op.id))
            if op.kind == OpKind.PRECHECK_SAVE and answer.version is not None:
                self.prechecks.append((answer.version, op.ref, answer.version))
            if is_case and answer.version is not None:
                self.based.append((answer.version, answer.version, op.ref))
                if answer.case is not None:
                    self.server_cases[op.ref] = (answer.version, answer.case)
            return
        conflict = answer.status is OpStatus.CONFLICT
        self.refused.append(
            (
                "conflict" if conflict else "rejected",
                answer.detail or "服务器拒绝了此操作",
                answer.version,
                dumps(answer.changed) if answer.changed is not None else None,
                dumps(answer.base) if answer.base is not None else None,
                op.id,
            )
        )
        if is_case and conflict and answer.version is not None:
            current = dumps(answer.current) if answer.current is not None else None
            self.conflicts.append((answer.version, current, op.ref))

    def write(self, conn: Connection) -> None:
        statements = (
            (
                "UPDATE outbox SET state = 'done', result_version = ?, done_at = ?, "
                "error = NULL, refusal = NULL, attempts = attempts + 1 "
                "WHERE id = ? AND state = 'pending'",
                self.done,
            ),
            (
                "UPDATE cases SET base_version = ?, "
                "server_version = max(coalesce(server_version, 0), ?) WHERE number = ?",
                self.based,
            ),
            (
                "UPDATE outbox SET state = 'rejected', refusal = ?, error = ?, "
                "result_version = ?, changed = ?, conflict_base = ?, attempts = attempts + 1 "
                "WHERE id = ? AND state = 'pending'",
                self.refused,
            ),
            (
                "UPDATE cases SET server_version = ?, "
                "server_data = coalesce(?, server_data) WHERE number = ?",
                self.conflicts,
            ),
            (
                "UPDATE prechecks SET server_version = ? WHERE number = ? AND server_version < ?",
                self.prechecks,
            ),
        )
        for sql, rows in statements:
            if rows:
                conn.exec_driver_sql(sql, rows)
        for number, (version, data) in self.server_cases.items():
            _adopt_server_case(conn, number, version, data)


def _adopt_server_case(conn: Connection, number: str, version: int, data: dict[str, Any]) -> None:
    """Replace the local case by the server's answer to our write, unless a later change
    of it waits to be pushed or the local case is already based on a newer version."""
    row = conn.exec_driver_sql("SELECT base_version FROM cases WHERE number = ?", (number,)).first()
    if row is None or (row.base_version or 0) > version or change_waits(conn, number):
        return
    try:
        remote = Case.from_dict(data)
    except (KeyError, TypeError, ValueError):
        log.exception("the server answered with a malformed case %s", number)
        return
    rewrite_server_case(conn, remote, version)


class Outbox:
    def __init__(self, db: Database) -> None:
        self._db = db

    def pending(self, limit: int = 100) -> list[OutboxOperation]:
        """The oldest pending outbox operations, in order, each with its base version.

        A case's first pending operation is based on the server version its local data came
        from; each further one in the same batch on the version the one before will produce
        (the server applies them one after the other, in order).
        """
        o = t.outbox.c
        c = t.cases.c
        with self._db.read() as conn:
            rows = conn.execute(
                select(o.id, o.op_id, o.kind, o.ref, o.payload)
                .where(o.state == "pending")
                .order_by(o.id)
                .limit(limit)
            ).all()
            refs = {r.ref for r in rows if is_case_operation(r.kind)}
            found = conn.execute(select(c.number, c.base_version).where(c.number.in_(refs)))
            bases: dict[str, int | None] = {r[0]: r[1] for r in found}
        operations = []
        for r in rows:
            kind = OpKind(r.kind)
            base: int | None = None
            if kind.is_case:
                base = bases.get(r.ref)
                bases[r.ref] = (base or 0) + 1
            operations.append(
                OutboxOperation(r.id, r.op_id, kind, r.ref, json.loads(r.payload), base)
            )
        return operations

    def record_results(self, outcomes: Iterable[tuple[OutboxOperation, OpResult]]) -> None:
        """Store the server's answers to pushed operations, all in one transaction.

        applied / duplicate: done, and the case is now based on the version it produced;
        when the answer carries the case as the server holds it (its events are the server's
        record: actor, time, status), that case replaces the local one unless another change
        of it still waits (the pull skips this version as our own echo);
        conflict: rejected, with the server's version and data kept for the clerk;
        rejected: rejected with the server's reason.
        Plain driver statements with executemany: a batch of 200 answers costs milliseconds.
        """
        writes = _AnswerWrites(now=hall_now().isoformat())
        for op, answer in outcomes:
            writes.add(op, answer)
        with self._db.write() as conn:
            writes.write(conn)

    def counts(self) -> dict[str, int]:
        """Outbox rows per state (pending / done / rejected / discarded)."""
        o = t.outbox.c
        with self._db.read() as conn:
            rows = conn.execute(select(o.state, func.count()).group_by(o.state)).all()
        return {r[0]: int(r[1]) for r in rows}

    def sync_counts(self) -> tuple[int, int]:
        """(operations waiting to be pushed, operations rejected by the server)."""
        counts = self.counts()
        return counts.get("pending", 0), counts.get("rejected", 0)

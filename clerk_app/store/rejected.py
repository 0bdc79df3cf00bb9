"""Operations the server refused: listed for the clerk, who retries or discards each.

After a conflict (another window changed the case first) a retry puts the clerk's change
onto the server's version (``merge_after_conflict``) instead of overwriting it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from clerk_app.contract.sync import OpKind
from clerk_app.domain.cases import Case, CaseEvent, check_transition
from clerk_app.domain.hall_time import hall_now
from clerk_app.store import schema as t
from clerk_app.store.case_rows import load_case, rewrite_local_case, rewrite_server_case
from clerk_app.store.database import Database
from clerk_app.store.outbox import case_payload, change_waits, is_case_operation, queue_operation


@dataclass(frozen=True)
class RejectedOperation:
    """An operation the server refused; the clerk fixes and retries it, or discards it."""

    op_id: str
    kind: str
    ref: str
    detail: str
    conflict: bool  # True: another window changed the case first (stale version)
    server_version: int | None
    changed: tuple[str, ...]
    created_at: datetime


def _event_key(ev: CaseEvent) -> tuple[str, str]:
    """What the server keeps of an event this window sent (it records its own actor, time and
    status): the action and the text."""
    return (ev.action, ev.detail)


def _unseen(local: Sequence[CaseEvent], server: Sequence[CaseEvent]) -> list[CaseEvent]:
    """This window's events the server does not hold, in order: each server event accounts
    for one local event with the same action and text (two reprints stay two)."""
    left = Counter(_event_key(ev) for ev in server)
    unseen = []
    for ev in local:
        key = _event_key(ev)
        if left[key]:
            left[key] -= 1
        else:
            unseen.append(ev)
    return unseen


def merge_after_conflict(local: Case, server: Case, base: Case | None) -> Case:
    """The case a retry sends after a conflict: the clerk's change put onto the server's.

    - Events: every event of the server (the audit trail is never lost), then this window's
      events the server has not seen (matched by action and text: the server rewrites who,
      when and the status of what a window sends).
    - Fields: three-way with ``base`` (the server's case at this window's base version): a
      field this window changed takes its value, any other field keeps the server's. Without
      a base, this window's fields win.
    - Status: this window's only where the lifecycle allows going there from the server's
      status; otherwise the server's status stays.
    """
    local_data = local.to_dict()
    server_data = server.to_dict()
    merged = dict(server_data)
    base_data = base.to_dict() if base is not None else None
    for key, value in local_data.items():
        if key in ("events", "status"):
            continue
        if base_data is None or base_data.get(key) != value:
            merged[key] = value
    extra = [ev.to_dict() for ev in _unseen(local.events, server.events)]
    merged["events"] = [*server_data["events"], *extra]
    status = server.status
    changed_status = base is None or local.status is not base.status
    if local.status is not server.status and changed_status:
        try:
            check_transition(server.status, local.status)
            status = local.status
        except ValueError:
            status = server.status
    merged["status"] = status.value
    return Case.from_dict(merged)


def _rejected_row(conn: Connection, op_id: str) -> Any:
    o = t.outbox.c
    row = conn.execute(
        select(o.id, o.kind, o.ref, o.payload, o.refusal, o.result_version, o.conflict_base).where(
            o.op_id == op_id, o.state == "rejected"
        )
    ).first()
    if row is None:
        raise LookupError("没有这条被退回的操作（可能已重试或已放弃）")
    return row


def _discard(conn: Connection, *conditions: Any) -> None:
    conn.execute(
        update(t.outbox)
        .where(*conditions)
        .values(state="discarded", done_at=hall_now().isoformat())
    )


def _merge_onto_server(conn: Connection, row: Any, stored: Case) -> Case:
    """The clerk's case merged onto the server's version kept at the conflict, stored."""
    c = t.cases.c
    server = conn.execute(select(c.server_data).where(c.number == row.ref)).scalar()
    if not server:
        return stored
    base = Case.from_dict(json.loads(row.conflict_base)) if row.conflict_base else None
    merged = merge_after_conflict(stored, Case.from_dict(json.loads(server)), base)
    if merged != stored:
        rewrite_local_case(conn, merged)
    return merged


def _case_retry_payload(conn: Connection, row: Any) -> dict[str, Any]:
    """The case as it is now (after a conflict: merged and based on the server's version);
    every refused operation of the case is discarded, this one replaces them."""
    stored = load_case(conn, row.ref)
    if row.refusal == "conflict" and row.result_version is not None:
        if stored is not None:
            stored = _merge_onto_server(conn, row, stored)
        conn.execute(
            update(t.cases)
            .where(t.cases.c.number == row.ref)
            .values(base_version=row.result_version or None)
        )
    o = t.outbox.c
    _discard(conn, o.ref == row.ref, o.kind.like("case.%"), o.state == "rejected")
    return json.loads(row.payload) if stored is None else case_payload(stored)


class RejectedOperations:
    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> list[RejectedOperation]:
        """Operations the server refused and the clerk has not yet retried or discarded."""
        o = t.outbox.c
        with self._db.read() as conn:
            rows = conn.execute(
                select(
                    o.op_id,
                    o.kind,
                    o.ref,
                    o.error,
                    o.refusal,
                    o.result_version,
                    o.changed,
                    o.created_at,
                )
                .where(o.state == "rejected")
                .order_by(o.id)
            ).all()
        return [
            RejectedOperation(
                op_id=r.op_id,
                kind=r.kind,
                ref=r.ref,
                detail=r.error or "",
                conflict=r.refusal == "conflict",
                server_version=r.result_version,
                changed=tuple(json.loads(r.changed)) if r.changed else (),
                created_at=datetime.fromisoformat(r.created_at),
            )
            for r in rows
        ]

    def retry(self, op_id: str) -> str:
        """Queue a refused operation again, after the clerk fixed what the server refused.

        A case operation is sent with the case as it is now; after a conflict the clerk's
        change is first merged onto the server's version (``merge_after_conflict``: the
        server's changes and audit trail stay) and based on it. Every refused operation of
        the same case is replaced by this one. Returns the new operation id (a new id: the
        refused one may be recorded with other content).
        """
        with self._db.write() as conn:
            row = _rejected_row(conn, op_id)
            if is_case_operation(row.kind):
                payload = _case_retry_payload(conn, row)
            else:
                payload = json.loads(row.payload)
                _discard(conn, t.outbox.c.id == row.id)
            return queue_operation(conn, OpKind(row.kind), row.ref, payload, hall_now())

    def discard(self, op_id: str) -> None:
        """Give up a refused operation, explicitly. When nothing else of its case waits, the
        case falls back to the server's version if one is known (the clerk's discarded change
        stays in the outbox history, marked "discarded")."""
        c = t.cases.c
        with self._db.write() as conn:
            row = _rejected_row(conn, op_id)
            _discard(conn, t.outbox.c.id == row.id)
            if not is_case_operation(row.kind) or change_waits(conn, row.ref):
                return
            server = conn.execute(
                select(c.server_version, c.server_data).where(c.number == row.ref)
            ).first()
            if server is not None and server.server_data:
                remote = Case.from_dict(json.loads(server.server_data))
                rewrite_server_case(conn, remote, server.server_version)

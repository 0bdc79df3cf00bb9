"""The tamper-evident audit trail (DESIGN.md §3 "Authority, privacy and audit").

:func:`record` appends one entry to the hall's chain inside the caller's transaction, so the
entry commits (or rolls back) with the change it describes. Each entry's hash covers its own
content and the previous entry's hash; :func:`verify` recomputes every chain and names the first
entry that does not match. Entries never carry a full identity number, a phone number or a
token: callers pass keys (case number, username) and masked values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from clerk_app.central.audit_models import AuditEntry, AuditHead
from clerk_app.central.models import Staff
from clerk_app.central.services.auth import AuthUser, as_utc, user_of

GENESIS = "0" * 64
SYSTEM = "system"

_ENTRIES = AuditEntry.metadata.tables["audit_log"]
_HEADS = AuditHead.metadata.tables["audit_heads"]
# Statements built once: an entry is appended with every case write.
_HEAD_INSERT = insert(_HEADS)
_HEAD_UPDATE = update(_HEADS).where(_HEADS.c.hall_code == bindparam("b_hall"))
# A no-op write that reads the head back: the row lock (PostgreSQL) or the writer lock
# (SQLite) is taken before the head is read, in one round trip.
_HEAD_TAKE = _HEAD_UPDATE.values(seq=_HEADS.c.seq).returning(_HEADS.c.seq, _HEADS.c.hash)
_ENTRY_INSERT = insert(_ENTRIES)


def entry_hash(
    prev_hash: str,
    hall_code: str,
    seq: int,
    at: datetime,
    actor: str,
    role: str,
    action: str,
    subject: str,
    detail: dict[str, Any],
) -> str:
    """SHA-256 over a canonical JSON of the entry and the previous entry's hash."""
    content = json.dumps(
        [
            prev_hash,
            hall_code,
            seq,
            as_utc(at).isoformat(timespec="microseconds"),
            actor,
            role,
            action,
            subject,
            detail,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


def _advance_head(session: Session, hall_code: str) -> tuple[int, str]:
    """Take the hall's chain head (locking it until commit): (last seq, last hash)."""
    # A write, not a read: a plain read on SQLite runs outside the writer lock, so two appends
    # could read the same head; the UPDATE ... RETURNING locks and reads at once.
    row = session.execute(_HEAD_TAKE, {"b_hall": hall_code}).first()
    if row is None:
        session.execute(_HEAD_INSERT, {"hall_code": hall_code, "seq": 0, "hash": GENESIS})
        return 0, GENESIS
    return int(row.seq), str(row.hash)


def record(
    session: Session,
    *,
    hall_code: str,
    actor: str,
    role: str,
    action: str,
    subject: str,
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> int:
    """Append an entry to ``hall_code``'s chain in the current transaction; its sequence number.

    Does not commit: the entry lands with the change it records.
    """
    at = as_utc(now or datetime.now(UTC))
    detail = detail or {}
    last_seq, last_hash = _advance_head(session, hall_code)
    seq = last_seq + 1
    digest = entry_hash(last_hash, hall_code, seq, at, actor, role, action, subject, detail)
    session.execute(
        _ENTRY_INSERT,
        {
            "hall_code": hall_code,
            "seq": seq,
            "at": at,
            "actor": actor,
            "role": role,
            "action": action,
            "subject": subject,
            "detail": detail,
            "prev_hash": last_hash,
            "hash": digest,
        },
    )
    session.execute(_HEAD_UPDATE, {"b_hall": hall_code, "seq": seq, "hash": digest})
    return seq


def record_by(
    session: Session,
    user: AuthUser,
    action: str,
    subject: str,
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> int:
    """:func:`record` for an authenticated user of a hall."""
    return record(
        session,
        hall_code=user.hall_code,
        actor=user.username,
        role=user.role,
        action=action,
        subject=subject,
        detail=detail,
        now=now,
    )


def record_staff(
    session: Session,
    staff: Staff,
    action: str,
    subject: str,
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> int:
    """:func:`record` for an account acting before it has a session (login, registration)."""
    return record_by(session, user_of(staff, None), action, subject, detail, now)


@dataclass(frozen=True, slots=True)
class ChainReport:
    hall_code: str
    entries: int
    ok: bool
    broken_seq: int | None = None  # the first entry that does not match
    reason: str = ""


def _entries(session: Session, hall_code: str) -> Generator[AuditEntry, None, None]:
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.hall_code == hall_code)
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=2000)
    )
    result = session.scalars(stmt)
    try:
        yield from result
    finally:
        result.close()  # a broken chain stops early: the server-side cursor must not linger


def verify_hall(session: Session, hall_code: str) -> ChainReport:
    """Recompute one hall's chain from the first entry to the head."""
    entries = _entries(session, hall_code)
    try:
        return _walk(session, hall_code, entries)
    finally:
        entries.close()


def _walk(session: Session, hall_code: str, entries: Iterator[AuditEntry]) -> ChainReport:
    prev, expected_seq, count = GENESIS, 1, 0
    for entry in entries:
        count += 1
        if entry.seq != expected_seq:
            reason = f"缺少第{expected_seq}条（下一条是第{entry.seq}条）"
            return ChainReport(hall_code, count, False, expected_seq, reason)
        if entry.prev_hash != prev:
            return ChainReport(hall_code, count, False, entry.seq, "与上一条的链接不符")
        digest = entry_hash(
            prev,
            entry.hall_code,
            entry.seq,
            entry.at,
            entry.actor,
            entry.role,
            entry.action,
            entry.subject,
            dict(entry.detail),
        )
        if digest != entry.hash:
            return ChainReport(hall_code, count, False, entry.seq, "内容被改动（哈希不符）")
        prev, expected_seq = entry.hash, expected_seq + 1
    head = session.get(AuditHead, hall_code)
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        reason = f"链尾记录为第{head.seq}条，实际只到第{expected_seq - 1}条（末尾被删除）"
        return ChainReport(hall_code, count, False, expected_seq, reason)
    return ChainReport(hall_code, count, True)


def verify(session: Session, hall_code: str | None = None) -> list[ChainReport]:
    """Every hall's chain (or one hall's)."""
    if hall_code is not None:
        return [verify_hall(session, hall_code)]
    halls = set(session.scalars(select(AuditHead.hall_code)))
    halls |= set(session.scalars(select(AuditEntry.hall_code).distinct()))
    return [verify_hall(session, code) for code in sorted(halls)]

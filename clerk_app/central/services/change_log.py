"""The change log windows pull (DESIGN.md §3 "Sync"): :func:`record_change` writes one row in the
transaction that makes the change; ``services.sync`` serves the rows in a never-skipping order."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, literal_column
from sqlalchemy.orm import Session

from clerk_app.central.models import CaseRecord
from clerk_app.central.sync_models import ChangeLog
from clerk_app.domain.cases import parse_case_number

CHANGE_KINDS = frozenset({"case", "item", "bundle", "hall", "catalog", "precheck"})

# Statements built once: building them per operation cost more than running them.
_CHANGE_LOG = ChangeLog.metadata.tables["change_log"]
_LOG_INSERT = insert(_CHANGE_LOG).returning(_CHANGE_LOG.c.seq)
_LOG_INSERT_PG = (
    insert(_CHANGE_LOG)
    .values(xid=literal_column("pg_current_xact_id()::text::bigint"))
    .returning(_CHANGE_LOG.c.seq)
)


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _hall_of(kind: str, key: str, data: dict[str, Any] | None) -> str | None:
    """Which hall's windows pull this change (None: every hall)."""
    if kind == "hall":
        return key
    if kind == "case":
        if data is not None and isinstance(data.get("hall_code"), str):
            return str(data["hall_code"])
        parsed = parse_case_number(key)
        return parsed[0] if parsed else None
    return None


def _version_of(session: Session, kind: str, key: str, data: dict[str, Any] | None) -> int:
    if data is not None and isinstance(data.get("version"), int):
        return int(data["version"])
    if kind == "case":
        record = session.get(CaseRecord, key)
        if record is not None:
            return record.version
    return 0


def record_change(
    session: Session,
    kind: str,
    key: str,
    data: dict[str, Any] | None,
    *,
    version: int | None = None,
    hall_code: str | None = None,
    now: datetime | None = None,
) -> int:
    """Log a change windows must pull; call it inside the transaction that makes the change.

    ``kind`` is "case" (key: case number, data: ``Case.to_dict()``), "item" / "bundle" (key: code,
    data: ``to_dict()``, or None when deleted), "hall" (key: hall code) or "catalog". ``data``
    None means removed. The version defaults to ``data["version"]`` or, for a case, the stored
    ``CaseRecord.version`` (flush the record first). Returns the change's sequence number.
    Does not commit.
    """
    if kind not in CHANGE_KINDS:
        raise ValueError(f"unknown change kind {kind!r}")
    values = {
        "kind": kind,
        "key": key,
        "hall_code": hall_code if hall_code is not None else _hall_of(kind, key, data),
        "version": version if version is not None else _version_of(session, kind, key, data),
        "data": data,
        "changed_at": now or datetime.now(UTC),
    }
    if is_postgres(session):
        seq = session.execute(_LOG_INSERT_PG, values).scalar_one()
    else:
        seq = session.execute(_LOG_INSERT, {**values, "xid": 0}).scalar_one()
    return int(seq)

"""The audit trail's tables: append-only entries, hash-chained per hall, and each chain's head.

``audit_log`` rows are never updated or deleted by the application. Each row holds the hash of
the previous row of the same hall (``prev_hash``) and its own hash over its content and that
link, so an edit, a deletion or an insertion in the middle breaks the chain where it happened.
``audit_heads`` holds the last sequence number and hash of each hall's chain: appending updates
that row first, which serialises appends of one hall (a row lock on PostgreSQL, the single
writer on SQLite) without blocking other halls.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clerk_app.central.models import Base, JsonDoc, UtcDateTime

# BIGINT on PostgreSQL, but SQLite only auto-increments an INTEGER PRIMARY KEY.
_IdType = BigInteger().with_variant(Integer(), "sqlite")


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        UniqueConstraint("hall_code", "seq"),
        Index("ix_audit_log_subject", "subject"),
    )

    id: Mapped[int] = mapped_column(_IdType, primary_key=True, autoincrement=True)
    hall_code: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(BigInteger)  # 1, 2, 3 … within the hall
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))  # username, or "system"
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(48))  # e.g. case.accept, auth.login, pii.read
    subject: Mapped[str] = mapped_column(String(100))  # case number, username, record key
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    __tablename__ = "audit_heads"

    hall_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))


__all__ = ["AuditEntry", "AuditHead"]

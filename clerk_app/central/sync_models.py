"""Sync tables: the change log windows pull, and the operations they pushed.

``change_log`` is the pull side: one row per change a window must see, written in the same
transaction as the change. ``xid`` holds the writing PostgreSQL transaction id
(``pg_current_xact_id()``) so a pull can serve only rows of transactions that are surely finished
(below ``pg_snapshot_xmin``); on SQLite it is 0 and the sequence alone orders the rows, since
the single writer commits them in sequence order.

``applied_operations`` is the push side: an operation id is recorded in the same transaction as
the change it made, with a hash of the request and the answer given, so a retry gets the same
answer and never applies twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from clerk_app.central.models import Base, JsonDoc, UtcDateTime

# BIGINT on PostgreSQL, but SQLite only auto-increments an INTEGER PRIMARY KEY.
SeqType = BigInteger().with_variant(Integer(), "sqlite")


class ChangeLog(Base):
    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_xid_seq", "xid", "seq"),)

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    xid: Mapped[int] = mapped_column(BigInteger, default=0)
    kind: Mapped[str] = mapped_column(String(16))  # case | item | bundle | hall | catalog
    key: Mapped[str] = mapped_column(String(100))
    # None: every hall pulls it (catalog); else only windows of that hall.
    hall_code: Mapped[str | None] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc, nullable=True)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AppliedOperation(Base):
    __tablename__ = "applied_operations"

    op_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    username: Mapped[str] = mapped_column(String(64))
    window_no: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    applied_at: Mapped[datetime] = mapped_column(UtcDateTime)


__all__ = ["AppliedOperation", "Base", "ChangeLog"]

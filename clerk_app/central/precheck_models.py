"""The help-desk pre-checks (帮办预审) a hall's help desks record and its windows accept."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from clerk_app.central.models import Base, JsonDoc, UtcDateTime


class PrecheckRecord(Base):
    __tablename__ = "prechecks"
    __table_args__ = (
        Index("ix_prechecks_hall_code_created_at", "hall_code", "created_at"),
        Index("ix_prechecks_ticket_no", "hall_code", "ticket_no"),
    )

    number: Mapped[str] = mapped_column(String(40), primary_key=True)
    hall_code: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))  # PrecheckStatus values
    item_refs: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc)  # [{code, version}]
    scenario_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    bundle_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc)
    applicant_kind: Mapped[str | None] = mapped_column(String(24), nullable=True)
    applicant_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    agent_authorisation: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    ticket_no: Mapped[str | None] = mapped_column(String(16), nullable=True)
    case_number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    checked_by: Mapped[str] = mapped_column(String(64))  # the help-desk account that opened it
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    open_until: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)


__all__ = ["PrecheckRecord"]

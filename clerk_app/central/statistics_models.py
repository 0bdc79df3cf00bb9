"""Statistics facts of cases: one row per case, kept by the one writer of cases.

A case is a JSON document (``cases.data``); aggregating a year of them would parse every
document. The writer (``services/case_writes._log``) therefore keeps, in the same transaction,
the few values the statistics group and count by: decision, dates that decide whether a
deadline or a 容缺 commitment was kept, and the materials a notice or a commitment listed.
``services/statistics*.py`` reads only these columns and the queue tables, with SQL aggregates.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from clerk_app.central.models import Base


class CaseFact(Base):
    __tablename__ = "case_facts"
    __table_args__ = (Index("ix_case_facts_hall_day", "hall_code", "received_day"),)

    number: Mapped[str] = mapped_column(
        ForeignKey("cases.number", ondelete="CASCADE"), primary_key=True
    )
    hall_code: Mapped[str] = mapped_column(String(16))
    received_day: Mapped[date] = mapped_column(Date)  # hall time
    window_no: Mapped[int] = mapped_column(Integer)
    clerk: Mapped[str] = mapped_column(String(64))
    department_code: Mapped[str] = mapped_column(String(64))
    item_code: Mapped[str] = mapped_column(String(64))
    item_name: Mapped[str] = mapped_column(String(300))
    # The item's 基本编码 ("" when the catalog gives none): one item across departments/counties
    basic_code: Mapped[str] = mapped_column(String(64), default="")
    zone: Mapped[str] = mapped_column(String(32))  # the item's zone code
    # The queue ticket the case was received on (None: a walk-in without a known ticket).
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_tickets.id", ondelete="SET NULL")
    )
    decision: Mapped[str] = mapped_column(String(24))  # DecisionKind value, "" before one
    notice_given: Mapped[bool] = mapped_column(Boolean)  # a one-time notice was ever issued
    promised_date: Mapped[date | None] = mapped_column(Date)
    done_day: Mapped[date | None] = mapped_column(Date)  # first approved/denied/completed
    # 容缺: the commitment date and how it went: open, kept, late (supplied after it), broken
    gap_deadline: Mapped[date | None] = mapped_column(Date)
    gap_state: Mapped[str] = mapped_column(String(8))  # "" when not a 容缺 case


def basic_item_key() -> ColumnElement[str]:
    """The group of the 基本事项 grouping: the 基本编码, else the item's own code."""
    return func.coalesce(func.nullif(CaseFact.basic_code, ""), CaseFact.item_code)


class CaseFactMaterial(Base):
    """A material a one-time notice or a 容缺 commitment listed as missing or defective; kept
    when the material is supplied later (it was missing at the window all the same)."""

    __tablename__ = "case_fact_materials"
    __table_args__ = (Index("ix_case_fact_materials_hall_day", "hall_code", "received_day"),)

    number: Mapped[str] = mapped_column(
        ForeignKey("case_facts.number", ondelete="CASCADE"), primary_key=True
    )
    material_name: Mapped[str] = mapped_column(String(300), primary_key=True)
    hall_code: Mapped[str] = mapped_column(String(16))
    received_day: Mapped[date] = mapped_column(Date)
    defective: Mapped[bool] = mapped_column(Boolean)


__all__ = ["CaseFact", "CaseFactMaterial"]

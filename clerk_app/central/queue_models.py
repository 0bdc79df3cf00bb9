"""Queue tables (叫号): tickets, appointments, window state, ratings, the event log.

The rules that use them are in ``services/queue/`` and docs/queue-rules.md. Status and kind
values are plain strings checked by the services (see models.py on why no database enums).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clerk_app.central.models import Base, JsonDoc, Queue, UtcDateTime, Window

__all__ = [
    "Appointment",
    "Base",
    "CallRequest",
    "EventCounter",
    "QueueCounter",
    "QueueEvent",
    "Rating",
    "Ticket",
    "WindowState",
]


class QueueCounter(Base):
    """The last number given per hall, counter key (queue code or "WALKIN") and service day."""

    __tablename__ = "queue_counters"

    hall_id: Mapped[int] = mapped_column(
        ForeignKey("halls.id", ondelete="CASCADE"), primary_key=True
    )
    counter_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    service_date: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class Ticket(Base):
    """One visit: a number slip (or a walk-in) from issue to finish.

    ``priority``: 0 green channel, 1 appointment checked in on time, 2 everyone else.
    ``sort_at``: the time that orders the ticket within its priority (the issue time; a
    transfer keeps it). ``target_window_id``: set when the ticket was transferred to one window.
    """

    __tablename__ = "queue_tickets"
    __table_args__ = (
        UniqueConstraint("queue_id", "service_date", "number"),
        Index("ix_queue_tickets_callable", "hall_id", "status", "priority", "sort_at"),
        # The waiting/missed counts and the longest wait of a queue, from the index alone.
        Index("ix_queue_tickets_counts", "queue_id", "service_date", "status", "issued_at"),
        Index("ix_queue_tickets_hall_day", "hall_id", "service_date"),  # statistics
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id", ondelete="CASCADE"), index=True)
    service_date: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))  # normal appointment green walk_in
    priority: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sort_at: Mapped[datetime] = mapped_column(UtcDateTime)
    issued_by: Mapped[str] = mapped_column(String(64))
    issue_request_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id", ondelete="SET NULL"))
    target_window_id: Mapped[int | None] = mapped_column(
        ForeignKey("windows.id", ondelete="SET NULL")
    )
    clerk: Mapped[str | None] = mapped_column(String(64))
    call_count: Mapped[int] = mapped_column(Integer, default=0)
    called_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    missed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    appointment_code: Mapped[str | None] = mapped_column(String(40))
    # Why staff gave a green-channel number (audit); never shown on the display or the slip.
    green_reason: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str | None] = mapped_column(String(200))
    case_numbers: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    transfer_note: Mapped[str | None] = mapped_column(String(200))
    precheck_no: Mapped[str | None] = mapped_column(String(40))

    queue: Mapped[Queue] = relationship()
    window: Mapped[Window | None] = relationship(foreign_keys=[window_id])
    target_window: Mapped[Window | None] = relationship(foreign_keys=[target_window_id])


class Appointment(Base):
    """A booking imported from the online platform; checked in at the kiosk by its code."""

    __tablename__ = "queue_appointments"
    __table_args__ = (UniqueConstraint("hall_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100), default="")
    id_number_masked: Mapped[str] = mapped_column(String(40), default="")
    mobile_masked: Mapped[str] = mapped_column(String(20), default="")
    item_name: Mapped[str] = mapped_column(String(300), default="")
    slot_start: Mapped[datetime] = mapped_column(UtcDateTime)
    slot_end: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16))  # booked checked_in cancelled
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_tickets.id", ondelete="SET NULL")
    )
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)

    queue: Mapped[Queue] = relationship()


class WindowState(Base):
    """A window's live state: open/paused/closed and the ticket it serves now."""

    __tablename__ = "queue_window_states"

    window_id: Mapped[int] = mapped_column(
        ForeignKey("windows.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(16))  # open paused closed
    pause_reason: Mapped[str | None] = mapped_column(String(200))
    current_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_tickets.id", ondelete="SET NULL")
    )
    clerk: Mapped[str | None] = mapped_column(String(64))
    clerk_name: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    paused_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # since when, while paused


class CallRequest(Base):
    """An idempotency key of call-next / walk-in: a retried request returns the same ticket."""

    __tablename__ = "queue_call_requests"

    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(16))  # call_next walk_in
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("queue_tickets.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class Rating(Base):
    """The citizen's rating of one finished ticket (好差评); score 1-2 is 差评 → follow-up."""

    __tablename__ = "queue_ratings"
    # By hall and time (statistics); the open 差评 of a hall by due date (follow-up and alert).
    __table_args__ = (
        Index("ix_queue_ratings_hall_rated", "hall_id", "rated_at"),
        Index("ix_queue_ratings_followup", "hall_id", "followup_status", "followup_due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"))
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("queue_tickets.id", ondelete="CASCADE"), unique=True
    )
    window_no: Mapped[int] = mapped_column(Integer)
    clerk: Mapped[str | None] = mapped_column(String(64))
    score: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(100))
    comment: Mapped[str | None] = mapped_column(String(500))
    case_numbers: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    rated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    evaluator: Mapped[str] = mapped_column(String(64))
    followup_status: Mapped[str | None] = mapped_column(String(16))  # open done; None if good
    followup_note: Mapped[str | None] = mapped_column(Text)
    followed_up_by: Mapped[str | None] = mapped_column(String(64))
    followed_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The follow-up (好差评: verified, rectified, answered) by its due date (hall's working days)
    followup_due: Mapped[date | None] = mapped_column(Date)
    assigned_to: Mapped[str | None] = mapped_column(String(64))
    assigned_by: Mapped[str | None] = mapped_column(String(64))
    assigned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    contact: Mapped[str | None] = mapped_column(Text)  # when and how the citizen was reached
    finding: Mapped[str | None] = mapped_column(Text)  # what the check found (核实)
    rectification: Mapped[str | None] = mapped_column(Text)  # what was changed (整改)
    answer: Mapped[str | None] = mapped_column(Text)  # what the citizen was told (答复)
    followup_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class EventCounter(Base):
    """The last event number of a hall: taken as the last statement of each writing
    transaction, so a hall's event numbers are gapless and commit in order."""

    __tablename__ = "queue_event_counters"

    hall_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class QueueEvent(Base):
    """The live-event log: what SSE streams and what Last-Event-ID resumes from."""

    __tablename__ = "queue_events"

    hall_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

"""queue tables: tickets, appointments, window states, ratings, the event log

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "queue_event_counters",
        sa.Column("hall_code", sa.String(length=16), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", name=op.f("pk_queue_event_counters")),
    )
    op.create_table(
        "queue_events",
        sa.Column("hall_code", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("hall_code", "seq", name=op.f("pk_queue_events")),
    )
    op.create_table(
        "queue_counters",
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("counter_key", sa.String(length=40), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hall_id"],
            ["halls.id"],
            name=op.f("fk_queue_counters_hall_id_halls"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "hall_id", "counter_key", "service_date", name=op.f("pk_queue_counters")
        ),
    )
    op.create_table(
        "queue_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sort_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=64), nullable=False),
        sa.Column("issue_request_id", sa.String(length=64), nullable=True),
        sa.Column("window_id", sa.Integer(), nullable=True),
        sa.Column("target_window_id", sa.Integer(), nullable=True),
        sa.Column("clerk", sa.String(length=64), nullable=True),
        sa.Column("call_count", sa.Integer(), nullable=False),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("missed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appointment_code", sa.String(length=40), nullable=True),
        sa.Column("outcome", sa.String(length=200), nullable=True),
        sa.Column("case_numbers", sa.JSON(), nullable=False),
        sa.Column("transfer_note", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["hall_id"],
            ["halls.id"],
            name=op.f("fk_queue_tickets_hall_id_halls"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"],
            ["queues.id"],
            name=op.f("fk_queue_tickets_queue_id_queues"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_window_id"],
            ["windows.id"],
            name=op.f("fk_queue_tickets_target_window_id_windows"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["window_id"],
            ["windows.id"],
            name=op.f("fk_queue_tickets_window_id_windows"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_tickets")),
        sa.UniqueConstraint("issue_request_id", name=op.f("uq_queue_tickets_issue_request_id")),
        sa.UniqueConstraint(
            "queue_id",
            "service_date",
            "number",
            name=op.f("uq_queue_tickets_queue_id_service_date_number"),
        ),
    )
    op.create_index(
        "ix_queue_tickets_callable",
        "queue_tickets",
        ["hall_id", "status", "priority", "sort_at"],
        unique=False,
    )
    op.create_index(op.f("ix_queue_tickets_queue_id"), "queue_tickets", ["queue_id"], unique=False)
    op.create_table(
        "queue_appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("id_number_masked", sa.String(length=40), nullable=False),
        sa.Column("mobile_masked", sa.String(length=20), nullable=False),
        sa.Column("item_name", sa.String(length=300), nullable=False),
        sa.Column("slot_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("slot_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["hall_id"],
            ["halls.id"],
            name=op.f("fk_queue_appointments_hall_id_halls"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"],
            ["queues.id"],
            name=op.f("fk_queue_appointments_queue_id_queues"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["queue_tickets.id"],
            name=op.f("fk_queue_appointments_ticket_id_queue_tickets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_appointments")),
        sa.UniqueConstraint("hall_id", "code", name=op.f("uq_queue_appointments_hall_id_code")),
    )
    op.create_table(
        "queue_call_requests",
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["queue_tickets.id"],
            name=op.f("fk_queue_call_requests_ticket_id_queue_tickets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["window_id"],
            ["windows.id"],
            name=op.f("fk_queue_call_requests_window_id_windows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_queue_call_requests")),
    )
    op.create_index(
        op.f("ix_queue_call_requests_created_at"),
        "queue_call_requests",
        ["created_at"],
        unique=False,
    )
    op.create_table(
        "queue_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hall_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("window_no", sa.Integer(), nullable=False),
        sa.Column("clerk", sa.String(length=64), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=True),
        sa.Column("comment", sa.String(length=500), nullable=True),
        sa.Column("case_numbers", sa.JSON(), nullable=False),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("evaluator", sa.String(length=64), nullable=False),
        sa.Column("followup_status", sa.String(length=16), nullable=True),
        sa.Column("followup_note", sa.Text(), nullable=True),
        sa.Column("followed_up_by", sa.String(length=64), nullable=True),
        sa.Column("followed_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["hall_id"],
            ["halls.id"],
            name=op.f("fk_queue_ratings_hall_id_halls"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["queue_tickets.id"],
            name=op.f("fk_queue_ratings_ticket_id_queue_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_ratings")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_queue_ratings_ticket_id")),
    )
    op.create_table(
        "queue_window_states",
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pause_reason", sa.String(length=200), nullable=True),
        sa.Column("current_ticket_id", sa.Integer(), nullable=True),
        sa.Column("clerk", sa.String(length=64), nullable=True),
        sa.Column("clerk_name", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["current_ticket_id"],
            ["queue_tickets.id"],
            name=op.f("fk_queue_window_states_current_ticket_id_queue_tickets"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["window_id"],
            ["windows.id"],
            name=op.f("fk_queue_window_states_window_id_windows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("window_id", name=op.f("pk_queue_window_states")),
    )


def downgrade() -> None:
    op.drop_table("queue_window_states")
    op.drop_table("queue_ratings")
    op.drop_index(op.f("ix_queue_call_requests_created_at"), table_name="queue_call_requests")
    op.drop_table("queue_call_requests")
    op.drop_table("queue_appointments")
    op.drop_index(op.f("ix_queue_tickets_queue_id"), table_name="queue_tickets")
    op.drop_index("ix_queue_tickets_callable", table_name="queue_tickets")
    op.drop_table("queue_tickets")
    op.drop_table("queue_counters")
    op.drop_table("queue_events")
    op.drop_table("queue_event_counters")

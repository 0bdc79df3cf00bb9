"""supervision: the hall's alert thresholds, the dates alerts select on, the 差评 follow-up

- halls: the supervisor's alert thresholds (longest wait, pause, deadline days) and the 差评
  follow-up limit in working days;
- cases: ``promised_date``, ``gap_due`` (the 容缺 commitment while a gap is open) and
  ``department_code`` copied from the case document by every write, indexed per hall;
  existing cases are filled from their documents here;
- queue_window_states: ``paused_at`` (a paused window's ``updated_at`` is its pause time);
- queue_ratings: the follow-up's due date, assignee, contact, finding, rectification, answer
  and version; open 差评 get a due date five working days after their rating.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from clerk_app.domain.cases import Case
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.domain.supervision import (
    DEFAULT_FOLLOWUP_DAYS,
    case_alert_dates,
    followup_due,
)
from clerk_app.domain.workdays import default_calendar

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500


def upgrade() -> None:
    with op.batch_alter_table("halls") as batch:
        for name, default in (
            ("alert_wait_minutes", "30"),
            ("alert_pause_minutes", "15"),
            ("alert_deadline_days", "2"),
            ("followup_days", "5"),
        ):
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default=default))
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("promised_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("gap_due", sa.Date(), nullable=True))
        batch.add_column(sa.Column("department_code", sa.String(64), nullable=True))
    op.create_index("ix_cases_hall_promised", "cases", ["hall_code", "promised_date"])
    op.create_index("ix_cases_hall_gap_due", "cases", ["hall_code", "gap_due"])
    with op.batch_alter_table("queue_window_states") as batch:
        batch.add_column(sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("queue_ratings") as batch:
        batch.add_column(sa.Column("followup_due", sa.Date(), nullable=True))
        batch.add_column(sa.Column("assigned_to", sa.String(64), nullable=True))
        batch.add_column(sa.Column("assigned_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True))
        for name in ("contact", "finding", "rectification", "answer"):
            batch.add_column(sa.Column(name, sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("followup_version", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_index(
        "ix_queue_ratings_followup",
        "queue_ratings",
        ["hall_id", "followup_status", "followup_due"],
    )
    bind = op.get_bind()
    bind.execute(
        sa.text("UPDATE queue_window_states SET paused_at = updated_at WHERE status = 'paused'")
    )
    _fill_cases(bind)
    _fill_followup_due(bind)


def _fill_cases(bind: sa.Connection) -> None:
    cases = sa.table(
        "cases",
        sa.column("number", sa.String),
        sa.column("data", sa.JSON),
        sa.column("promised_date", sa.Date),
        sa.column("gap_due", sa.Date),
        sa.column("department_code", sa.String),
    )
    last = ""
    while True:
        rows = bind.execute(
            sa.select(cases.c.number, cases.c.data)
            .where(cases.c.number > last)
            .order_by(cases.c.number)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for number, data in rows:
            values = _alert_values(data)
            if values:
                bind.execute(cases.update().where(cases.c.number == number).values(**values))
        last = rows[-1][0]


def _alert_values(data: Any) -> dict[str, Any]:
    try:
        dates = case_alert_dates(Case.from_dict(data))
    except (KeyError, TypeError, ValueError):
        return {}  # an unreadable document stays without alerts, as the department sees it
    return {
        "promised_date": dates.promised_date,
        "gap_due": dates.gap_due,
        "department_code": dates.department_code or None,
    }


def _fill_followup_due(bind: sa.Connection) -> None:
    ratings = sa.table(
        "queue_ratings",
        sa.column("id", sa.Integer),
        sa.column("rated_at", sa.DateTime(timezone=True)),
        sa.column("followup_status", sa.String),
        sa.column("followup_due", sa.Date),
    )
    calendar = default_calendar()
    rows = bind.execute(
        sa.select(ratings.c.id, ratings.c.rated_at).where(ratings.c.followup_status.is_not(None))
    ).all()
    for rating_id, rated_at in rows:
        due = followup_due(_hall_day(rated_at), DEFAULT_FOLLOWUP_DAYS, calendar)
        bind.execute(ratings.update().where(ratings.c.id == rating_id).values(followup_due=due))


def _hall_day(moment: datetime | str) -> date:
    if isinstance(moment, str):  # SQLite hands back text through a lightweight table
        moment = datetime.fromisoformat(moment)
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return aware.astimezone(HALL_TZ).date()


def downgrade() -> None:
    op.drop_index("ix_queue_ratings_followup", table_name="queue_ratings")
    with op.batch_alter_table("queue_ratings") as batch:
        for name in (
            "followup_version",
            "answer",
            "rectification",
            "finding",
            "contact",
            "assigned_at",
            "assigned_by",
            "assigned_to",
            "followup_due",
        ):
            batch.drop_column(name)
    with op.batch_alter_table("queue_window_states") as batch:
        batch.drop_column("paused_at")
    op.drop_index("ix_cases_hall_gap_due", table_name="cases")
    op.drop_index("ix_cases_hall_promised", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("department_code")
        batch.drop_column("gap_due")
        batch.drop_column("promised_date")
    with op.batch_alter_table("halls") as batch:
        for name in (
            "followup_days",
            "alert_deadline_days",
            "alert_pause_minutes",
            "alert_wait_minutes",
        ):
            batch.drop_column(name)

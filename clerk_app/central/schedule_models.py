"""Jobs the server runs by itself on a schedule (``purge_schedule.py``): one row per job.

``last_day`` is the hall day the job last ran for: a process claims a day by moving it forward
with one conditional UPDATE, so of several server processes (PostgreSQL, ``--workers``, more
machines) exactly one runs the job each day.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from clerk_app.central.models import Base, UtcDateTime


class ScheduledRun(Base):
    __tablename__ = "scheduled_runs"

    job: Mapped[str] = mapped_column(String(32), primary_key=True)  # e.g. "blobs.purge"
    last_day: Mapped[date | None] = mapped_column(Date, nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    claimed_by: Mapped[str] = mapped_column(String(120), default="")  # host and process
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    outcome: Mapped[str] = mapped_column(String(400), default="")  # the run's summary line

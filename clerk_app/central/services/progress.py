"""The public progress look-up behind the notices' QR (扫码查询办理进度).

Anyone may ask, without logging in, so it answers with as little as is useful: the status, the
item's name, the promised date and the last step with its date; never the applicant, the
documents, the materials or who handled the case. It answers only when the check code of the
QR matches (domain/progress.py); a wrong code gets the very same "not found" as a case that does
not exist, so the page cannot be used to learn which case numbers exist. Each client address may
ask a limited number of times per minute (:class:`RateLimiter`).
"""

from __future__ import annotations

import threading
from collections import deque
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk_app.central.models import CaseRecord, Hall
from clerk_app.central.services.errors import NotFound, ServiceError
from clerk_app.contract.progress import ProgressOut, StepOut
from clerk_app.domain.cases import STATUS_LABELS, CaseStatus
from clerk_app.domain.hall_time import in_hall_time
from clerk_app.domain.progress import code_matches

NOT_FOUND = "没有查到该办件，请核对二维码或查询码"
PER_MINUTE = 20  # look-ups per client address and minute

# The steps a citizen may read (the case's events carry more, e.g. prints, that stay inside).
_ACTION_LABELS = {"created": "窗口收件", "decided": "窗口作出受理决定"}
_STATUSES = frozenset(s.value for s in CaseStatus)


class TooManyRequests(ServiceError):
    status_code = 429


class RateLimiter:
    """At most ``limit`` calls per ``window`` for each key (a client address), in memory.

    Per server process: behind a proxy with N processes a client gets at most N times the
    limit, still far below what guessing a 32-bit code needs.
    """

    def __init__(self, limit: int = PER_MINUTE, window: timedelta = timedelta(minutes=1)):
        self.limit = limit
        self.window = window
        self._calls: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def check(self, key: str, now: datetime) -> None:
        with self._lock:
            calls = self._calls.setdefault(key, deque())
            while calls and now - calls[0] >= self.window:
                calls.popleft()
            if len(calls) >= self.limit:
                raise TooManyRequests("查询过于频繁，请一分钟后再试")
            calls.append(now)
            if len(self._calls) > 10_000:  # forget clients that went quiet
                for other in [k for k, v in self._calls.items() if now - v[-1] >= self.window]:
                    del self._calls[other]


def _step(event: dict[str, Any]) -> str:
    status = event.get("status")
    if status in _STATUSES:
        return STATUS_LABELS[CaseStatus(status)]
    return _ACTION_LABELS.get(str(event.get("action", "")), "")


def _day(value: object) -> str:
    try:
        return in_hall_time(datetime.fromisoformat(str(value))).date().isoformat()
    except ValueError:
        return ""


def look_up(session: Session, number: str, code: str) -> ProgressOut:
    """Status, item, promised date and last step of case ``number`` if ``code`` is its code."""
    record = session.get(CaseRecord, number.strip())
    if record is None:
        raise NotFound(NOT_FOUND)
    secret = session.scalar(select(Hall.progress_secret).where(Hall.code == record.hall_code))
    if not code_matches(secret or "", record.number, code):
        raise NotFound(NOT_FOUND)  # the same answer: no oracle for which numbers exist
    data = record.data or {}
    try:
        status_label = CaseStatus(record.status).label
    except ValueError:
        status_label = record.status
    promised = data.get("promised_date")
    last: StepOut | None = None
    for event in reversed(list(data.get("events") or [])):
        step = _step(event)
        if step:
            last = StepOut(step=step, date=_day(event.get("at")))
            break
    return ProgressOut(
        case_number=record.number,
        status=record.status,
        status_label=status_label,
        item_name=record.item_name,
        promised_date=date.fromisoformat(promised).isoformat() if promised else None,
        last_step=last,
    )

"""What every room of the queue shares: the hall's day, the upsert, the closing commit."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from clerk_app.central.models import Hall
from clerk_app.central.services.auth import as_utc
from clerk_app.central.services.errors import Invalid
from clerk_app.central.services.events import append_events

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

_Model = TypeVar("_Model", bound=BaseModel)


def from_row(model: type[_Model], row: object, derived: dict[str, Any]) -> _Model:
    """The contract model of a table row: each field named like a column is read from the row,
    the ``derived`` ones are given. A column added to the row and the model needs no edit here."""
    columns = {name: getattr(row, name) for name in model.model_fields if name not in derived}
    return model.model_validate(columns | derived)


def service_day(now: datetime) -> date:
    """The hall's day (China time) a ticket belongs to."""
    return as_utc(now).astimezone(CHINA_TZ).date()


def upsert_insert(session: Session) -> Any:
    """The dialect's ``insert`` that knows ``on_conflict_do_…``."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def check_request_id(request_id: str | None) -> None:
    if request_id is not None and not re.fullmatch(r"[0-9A-Za-z_.:-]{1,64}", request_id):
        raise Invalid("请求编号只能包含字母、数字和 _ . : -，最长64位")


def commit(session: Session, hall: Hall, events: list[tuple[str, Any]], now: datetime) -> None:
    """Append the action's live events (the transaction's last statement) and commit."""
    append_events(session, hall.code, events, now)
    session.commit()

"""Reading the queue client's answers whatever their shape (a client object or its JSON)."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel


def ticket_dict(ticket: Any) -> dict[str, Any]:
    """The API's Ticket shape from a QueueClient ``Ticket`` (or a dict), datetimes as text."""
    if ticket is None:
        return {}
    if isinstance(ticket, dict):
        data = dict(ticket)
    elif isinstance(ticket, BaseModel):
        data = ticket.model_dump(mode="json")
    elif is_dataclass(ticket) and not isinstance(ticket, type):
        data = asdict(ticket)
    else:
        data = {}
    for key, value in list(data.items()):
        if isinstance(value, datetime):
            data[key] = value.isoformat()
        elif isinstance(value, tuple):
            data[key] = list(value)
    return data


def read_field(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)

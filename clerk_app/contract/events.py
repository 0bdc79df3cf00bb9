"""A hall's live event (Server-Sent Events, ``GET /halls/{hall}/events``): its sequence number
in the hall, its kind (``QueueEventKind`` and a few others) and its data."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class LiveEvent(BaseModel):
    seq: int | None  # None: a frame without an id (the client keeps its resume point)
    kind: str
    data: dict[str, Any]

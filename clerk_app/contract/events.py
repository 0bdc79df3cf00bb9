"""A hall's live event (Server-Sent Events, ``GET /halls/{hall}/events``): its sequence number
in the hall, its kind (``QueueEventKind`` and a few others) and its data."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel


class LiveEvent(BaseModel):
    seq: int | None  # None: a frame without an id (the client keeps its resume point)
    kind: str
    data: dict[str, Any]

    def sse_frame(self) -> str:
        """The event as one Server-Sent Events frame (what ``sync/events.py`` parses back)."""
        data = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"))
        head = f"id: {self.seq}\n" if self.seq is not None else ""
        return f"{head}event: {self.kind}\ndata: {data}\n\n"

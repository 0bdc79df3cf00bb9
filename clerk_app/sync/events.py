"""Client of the server's live events (Server-Sent Events, ``GET /halls/{hall}/events``).

``EventStream`` reads the stream with requests in its own thread and calls
``on_event(kind, data)`` for each event, in order, from that thread (a Qt UI re-emits it as a
signal). When the connection drops it reconnects with exponential backoff and jitter and
resumes with ``Last-Event-ID``, so no event is lost or repeated across a reconnect.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import requests

from clerk_app.contract.events import LiveEvent
from clerk_app.sync.threads import OwnsThread

log = logging.getLogger(__name__)

EventCallback = Callable[[str, dict[str, Any]], None]
StateCallback = Callable[[bool], None]


class EventStream(OwnsThread):
    """Follow a hall's live events until ``stop()``.

    ``last_id``: the last event already seen (None: only what happens from now on).
    ``on_state(connected)``: called when the stream connects or loses its connection.
    """

    def __init__(
        self,
        base_url: str,
        hall: str,
        token: str,
        on_event: EventCallback,
        last_id: int | None = None,
        *,
        on_state: StateCallback | None = None,
        min_backoff: float = 0.5,
        max_backoff: float = 15.0,
        read_timeout: float = 40.0,  # the server sends a keep-alive every 15 s
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.hall = hall
        self.token = token
        self.on_event = on_event
        self.on_state = on_state
        self.last_id = last_id
        self.min_backoff, self.max_backoff = min_backoff, max_backoff
        self.read_timeout = read_timeout
        self.connected = threading.Event()
        self.reconnects = 0
        self._stop = threading.Event()
        self._response: requests.Response | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ control

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._start_thread(self._run, "clerk-event-stream")

    def stop(self, timeout: float = 5.0) -> None:
        """Stop reading and wait for the thread (closing the connection wakes it)."""
        self._stop.set()
        with self._lock:
            response = self._response
        if response is not None:
            _interrupt(response)
        self._join_thread(timeout)

    def wait_connected(self, timeout: float = 10.0) -> bool:
        return self.connected.wait(timeout)

    # ------------------------------------------------------------------ thread

    def _url(self) -> str:
        return f"{self.base_url}/api/v1/halls/{quote(self.hall, safe='')}/events"

    def _set_state(self, connected: bool) -> None:
        if connected == self.connected.is_set():
            return
        if connected:
            self.connected.set()
        else:
            self.connected.clear()
        if self.on_state is not None:
            try:
                self.on_state(connected)
            except Exception:
                log.exception("event stream state callback failed")

    def _run(self) -> None:
        delay = self.min_backoff
        with requests.Session() as session:
            while not self._stop.is_set():
                try:
                    got_events = self._follow(session)
                    if got_events:
                        delay = self.min_backoff
                except requests.RequestException as exc:
                    if not self._stop.is_set():
                        log.info("event stream interrupted: %s", exc)
                except Exception:  # a bug in a callback must not end the stream
                    if not self._stop.is_set():  # stop() cuts the socket under the reader
                        log.exception("event stream failed")
                self._set_state(False)
                if self._stop.is_set():
                    break
                self.reconnects += 1
                # Full jitter: many windows reconnecting after an outage spread out.
                self._stop.wait(random.uniform(delay / 2, delay))
                delay = min(delay * 2, self.max_backoff)

    def _follow(self, session: requests.Session) -> bool:
        """Read one connection until it ends; True if it delivered anything."""
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Accept": "text/event-stream",
            "Cache-Control": "no-cache",
        }
        if self.last_id is not None:
            headers["Last-Event-ID"] = str(self.last_id)
        response = session.get(
            self._url(), headers=headers, stream=True, timeout=(5.0, self.read_timeout)
        )
        with self._lock:
            self._response = response
        try:
            if self._stop.is_set():
                return False
            if response.status_code != 200:
                log.warning("event stream refused: HTTP %s", response.status_code)
                return False
            self._set_state(True)
            delivered = False
            for event in _parse(response.iter_lines(decode_unicode=False)):
                if self._stop.is_set():
                    break
                if event.seq is not None:
                    self.last_id = event.seq
                delivered = True
                try:
                    self.on_event(event.kind, event.data)
                except Exception:
                    log.exception("event callback failed for %s", event.kind)
            return delivered
        finally:
            with self._lock:
                self._response = None
            response.close()


def _interrupt(response: requests.Response) -> None:
    """Wake a reader blocked in ``recv`` on this response: shut its socket down, then close.

    ``Response.close()`` alone does not interrupt a read in progress in another thread.
    """
    raw = response.raw
    connection = getattr(raw, "_connection", None) or getattr(raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(Exception):  # racing the reader's own close: harmless
        response.close()


def _parse(lines: Iterator[bytes]) -> Iterator[LiveEvent]:
    """SSE frames as events; comments and ``retry`` lines are skipped."""
    fields: dict[str, str] = {}
    data_lines: list[str] = []
    for raw in lines:
        line = raw.decode("utf-8", "replace")
        if line == "":
            if "event" in fields or data_lines:
                yield _event(fields, data_lines)
            fields, data_lines = {}, []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            data_lines.append(value)
        elif name in ("id", "event"):
            fields[name] = value


def _event(fields: dict[str, str], data_lines: list[str]) -> LiveEvent:
    """One frame: its id (when a number), kind (``message`` when unnamed) and JSON data."""
    text = "\n".join(data_lines)
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        data = {"text": text}
    event_id = fields.get("id", "")
    return LiveEvent.model_validate(
        {
            "seq": int(event_id) if event_id.isdigit() else None,
            "kind": fields.get("event") or "message",
            "data": data if isinstance(data, dict) else {"value": data},
        }
    )

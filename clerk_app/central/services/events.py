"""Live events of the queue: the ``queue_events`` log and their fan-out to SSE streams.

Writing: ``append_events`` is the LAST step of a writing transaction. It bumps the hall's row in
``queue_event_counters`` (a row lock held only until the commit that follows), inserts the
events, and on PostgreSQL calls ``pg_notify('clerk_events', '<hall>:<seq>')`` in the same
transaction. A hall's event numbers are therefore gapless and become visible in order, so a
stream that has sent event *n* never has to look below *n* again (``Last-Event-ID`` resumes).

Fan-out: every app instance (one per server process) owns an ``EventHub``. A stream subscribes
to its hall and is only *woken* by the hub; it then reads the new rows from the database.
Wake-ups come from

- this process's own commits (a session ``after_commit`` hook; SQLite needs nothing else), and
- on PostgreSQL, one LISTEN connection per hub (psycopg 3) that turns every NOTIFY, from any
  server process, into a wake-up.

A lost or duplicated wake-up is harmless: the stream reads by sequence number.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import Engine, event, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from clerk_app.central.queue_models import EventCounter, QueueEvent
from clerk_app.contract.events import LiveEvent

log = logging.getLogger(__name__)

CHANNEL = "clerk_events"
_PENDING_KEY = "clerk_queue_events_pending"

# Event kinds (interfaces2.md "Live events"), plus the few this server adds.
EVENT_KINDS = frozenset(
    {
        "ticket_issued",
        "ticket_called",
        "ticket_recalled",
        "ticket_finished",
        "ticket_missed",
        "ticket_transferred",
        "window_paused",
        "window_resumed",
        "queue_status",
        "window_profile_changed",
        "window_session",
        "ticket_rated",
        "device_status",
    }
)


def _counter_upsert(session: Session, hall_code: str, n: int) -> int:
    """Add ``n`` to the hall's event counter; the new last number."""
    dialect = session.get_bind().dialect.name
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        upsert(EventCounter)
        .values(hall_code=hall_code, last_seq=n)
        .on_conflict_do_update(
            index_elements=[EventCounter.hall_code],
            set_={"last_seq": EventCounter.last_seq + n},
        )
        .returning(EventCounter.last_seq)
    )
    return int(session.execute(stmt).scalar_one())


# PostgreSQL: counter, events and NOTIFY in one round trip (data-modifying CTEs always run).
_PG_APPEND = text(
    """
    WITH c AS (
        INSERT INTO queue_event_counters (hall_code, last_seq) VALUES (:hall, :n)
        ON CONFLICT (hall_code)
        DO UPDATE SET last_seq = queue_event_counters.last_seq + EXCLUDED.last_seq
        RETURNING last_seq
    ), ins AS (
        INSERT INTO queue_events (hall_code, seq, kind, data, created_at)
        SELECT :hall, c.last_seq - :n + e.ord, e.kind, e.data, :now
        FROM c, json_to_recordset(CAST(:events AS json)) AS e(ord int, kind text, data json)
        RETURNING seq
    )
    SELECT c.last_seq, pg_notify(:channel, :hall || ':' || c.last_seq) FROM c
    """
)


def append_events(
    session: Session, hall_code: str, events: Iterable[tuple[str, dict[str, Any]]], now: datetime
) -> list[int]:
    """Log ``events`` for the hall in this transaction; call it just before ``commit``."""
    items = list(events)
    if not items:
        return []
    for kind, _data in items:
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
    session.flush()  # the changes first: the counter's row lock is then held only briefly
    if session.get_bind().dialect.name == "postgresql":
        rows = [{"ord": i, "kind": kind, "data": data} for i, (kind, data) in enumerate(items, 1)]
        last = int(
            session.execute(
                _PG_APPEND,
                {
                    "hall": hall_code,
                    "n": len(items),
                    "events": json.dumps(rows, ensure_ascii=False, separators=(",", ":")),
                    "now": now,
                    "channel": CHANNEL,
                },
            ).scalar_one()
        )
        first = last - len(items) + 1
    else:
        last = _counter_upsert(session, hall_code, len(items))
        first = last - len(items) + 1
        session.execute(
            insert(QueueEvent),
            [
                {"hall_code": hall_code, "seq": first + i, "kind": k, "data": d, "created_at": now}
                for i, (k, d) in enumerate(items)
            ],
        )
    mark_events_pending(session, hall_code)
    return list(range(first, last + 1))


def mark_events_pending(session: Session, hall_code: str) -> None:
    """The hall has new events in this transaction: wake its streams after the commit."""
    pending: set[str] = session.info.setdefault(_PENDING_KEY, set())
    pending.add(hall_code)


@event.listens_for(Session, "after_commit")
def _wake_after_commit(session: Session) -> None:
    halls: set[str] | None = session.info.pop(_PENDING_KEY, None)
    if not halls:
        return
    bind = session.get_bind()
    for hub in list(_HUBS):
        # Only the hubs on this engine: another app instance learns of it by NOTIFY (or,
        # failing that, by its streams' periodic re-read).
        if hub.engine is bind:
            for hall in halls:
                hub.publish(hall)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)


def read_events(session: Session, hall_code: str, after: int, limit: int = 500) -> list[LiveEvent]:
    """The hall's events with a number above ``after``, oldest first."""
    rows = session.execute(
        select(QueueEvent.seq, QueueEvent.kind, QueueEvent.data)
        .where(QueueEvent.hall_code == hall_code, QueueEvent.seq > after)
        .order_by(QueueEvent.seq)
        .limit(limit)
    )
    return [LiveEvent(seq=seq, kind=kind, data=data) for seq, kind, data in rows]


def last_event_id(session: Session, hall_code: str) -> int:
    value = session.scalar(select(EventCounter.last_seq).where(EventCounter.hall_code == hall_code))
    return int(value or 0)


def recent_events(
    session: Session, hall_code: str, kinds: set[str], limit: int
) -> list[QueueEvent]:
    """The newest events of the given kinds, newest first."""
    return list(
        session.scalars(
            select(QueueEvent)
            .where(QueueEvent.hall_code == hall_code, QueueEvent.kind.in_(kinds))
            .order_by(QueueEvent.seq.desc())
            .limit(limit)
        )
    )


# ----------------------------------------------------------------------------- the hub


@dataclass(eq=False)
class Subscription:
    """One SSE stream: woken (thread-safe) when its hall may have new events."""

    hall_code: str
    loop: asyncio.AbstractEventLoop
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    closed: bool = False

    def notify(self) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is already closed
            self.loop.call_soon_threadsafe(self.wake.set)

    def close(self) -> None:
        self.closed = True
        self.notify()


_HUBS: weakref.WeakSet[EventHub] = weakref.WeakSet()


class EventHub:
    """Wakes the SSE streams of one app instance; on PostgreSQL also LISTENs for NOTIFY."""

    def __init__(self, engine: Engine, *, reconnect_delay: float = 0.5) -> None:
        self.engine = engine
        self._subs: set[Subscription] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._closing_loops: set[asyncio.AbstractEventLoop] = set()
        self._listener: threading.Thread | None = None
        self._reconnect_delay = reconnect_delay
        self.listening = threading.Event()  # set while the LISTEN connection is up
        self.notifications = 0  # NOTIFYs received (tests read it)

    # -- lifecycle

    def start(self) -> None:
        _HUBS.add(self)
        _patch_uvicorn_shutdown()
        if self.engine.dialect.name == "postgresql" and self._listener is None:
            self._listener = threading.Thread(
                target=self._listen_loop, name="clerk-events-listen", daemon=True
            )
            self._listener.start()

    def stop(self) -> None:
        self._stop.set()
        self.close_all()
        if self._listener is not None:
            self._listener.join(timeout=5)
            self._listener = None
        _HUBS.discard(self)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    # -- subscriptions

    def subscribe(self, hall_code: str) -> Subscription:
        sub = Subscription(hall_code, asyncio.get_running_loop())
        if self._stop.is_set() or sub.loop in self._closing_loops:
            sub.closed = True
        with self._lock:
            self._subs.add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.discard(sub)

    def publish(self, hall_code: str | None) -> None:
        """Wake the streams of ``hall_code`` (None: every stream)."""
        with self._lock:
            subs = [s for s in self._subs if hall_code is None or s.hall_code == hall_code]
        for sub in subs:
            sub.notify()

    def close_all(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """End the streams (of one event loop, i.e. one uvicorn server) so shutdown can finish."""
        if loop is not None:
            self._closing_loops.add(loop)
        with self._lock:
            subs = [s for s in self._subs if loop is None or s.loop is loop]
        for sub in subs:
            sub.close()

    # -- PostgreSQL LISTEN

    def _dsn(self) -> str:
        url = self.engine.url.set(drivername="postgresql")
        return url.render_as_string(hide_password=False)

    def _listen_loop(self) -> None:
        delay = self._reconnect_delay
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._dsn(), autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    delay = self._reconnect_delay
                    self.publish(None)  # NOTIFYs may have been missed while disconnected
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=0.5):
                            self.notifications += 1
                            hall, _, _seq = notify.payload.partition(":")
                            self.publish(hall)
            except psycopg.Error as exc:
                self.listening.clear()
                if self._stop.is_set():
                    break
                log.warning(
                    "event listener lost its connection (%s); retrying in %.1fs", exc, delay
                )
                self._stop.wait(delay)
                delay = min(delay * 2, 10.0)
        self.listening.clear()


# ----------------------------------------------------------------------------- uvicorn shutdown

_PATCHED = False


def _patch_uvicorn_shutdown() -> None:
    """End SSE streams when a uvicorn server starts shutting down.

    uvicorn waits for open responses to finish *before* it runs the app's lifespan shutdown,
    so an endless event stream would hold the server forever. ``Server.shutdown`` runs on the
    server's own event loop: the wrapper closes the streams of that loop first.
    """
    global _PATCHED
    if _PATCHED:
        return
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - the server always ships uvicorn
        return
    original: Callable[..., Any] = uvicorn.Server.shutdown

    async def shutdown(self: Any, *args: Any, **kwargs: Any) -> None:
        loop = asyncio.get_running_loop()
        for hub in list(_HUBS):
            hub.close_all(loop)
        await original(self, *args, **kwargs)

    uvicorn.Server.shutdown = shutdown  # type: ignore[method-assign]
    _PATCHED = True

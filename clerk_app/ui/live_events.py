"""The hall's live events (server-sent events) delivered on the GUI thread.

``clerk_app.sync.events.EventStream`` reads the stream on its own thread and calls a plain
callback there. :class:`LiveEvents` turns that callback into a Qt signal; Qt queues the emission
onto the GUI thread, so screens never touch widgets from the reader thread.

Screens take a :class:`LiveEvents` (or anything with the same signals and ``start``/``stop``)
through their constructor; tests give them one and call :meth:`LiveEvents.deliver` directly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from clerk_app.ui.workers import ThreadHandoff

log = logging.getLogger(__name__)

EventCallback = Callable[[str, dict[str, Any]], None]

# Kinds the stream itself may report (not server events): the connection went up or down.
CONNECTED_KINDS = frozenset({"_connected", "connected", "open"})
DISCONNECTED_KINDS = frozenset({"_disconnected", "disconnected", "error"})


class StreamLike(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...


StreamFactory = Callable[[EventCallback], StreamLike]


def event_stream_factory(base_url: str, hall: str, token: str | None) -> StreamFactory:
    """A factory of the real ``EventStream`` for one hall."""

    def make(on_event: EventCallback) -> StreamLike:
        from clerk_app.sync.events import EventStream

        def on_state(connected: bool) -> None:
            on_event("_connected" if connected else "_disconnected", {})

        stream: StreamLike = EventStream(base_url, hall, token or "", on_event, on_state=on_state)
        return stream

    return make


class LiveEvents(QObject):
    """Signals: ``eventReceived(kind, data)`` and ``connectedChanged(bool)``."""

    eventReceived = Signal(str, dict)
    connectedChanged = Signal(bool)

    def __init__(self, factory: StreamFactory | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._stream: StreamLike | None = None
        self._connected: bool | None = None
        self._handoff = ThreadHandoff(self._dispatch_pair)  # reader thread → GUI thread

    @property
    def connected(self) -> bool:
        return bool(self._connected)

    def start(self) -> None:
        if self._stream is not None or self._factory is None:
            return
        try:
            handoff = self._handoff  # the reader thread never touches this QObject itself

            def from_thread(kind: str, data: dict[str, Any]) -> None:
                handoff((kind, data if isinstance(data, dict) else {"value": data}))

            self._stream = self._factory(from_thread)
            self._stream.start()
        except Exception:  # the screen still works, refreshed by its own requests
            log.exception("实时事件不可用")
            self._stream = None

    def stop(self) -> None:
        """Stop the stream without blocking the GUI: the reader thread may sit in a socket read
        until the server's next keep-alive, so the stream is stopped on a helper thread."""
        stream, self._stream = self._stream, None
        if stream is None:
            return

        def stop_stream() -> None:
            try:
                stream.stop()
            except Exception:  # closing a dead connection must not break closing a window
                log.debug("event stream stop failed", exc_info=True)

        threading.Thread(target=stop_stream, name="stop-event-stream", daemon=True).start()

    def restart(self, factory: StreamFactory) -> None:
        """Follow the server to a new address (the demo server came back on another port)."""
        self.stop()
        self._factory = factory
        self.start()

    @Slot(object)
    def _dispatch_pair(self, pair: object) -> None:
        assert isinstance(pair, tuple) and len(pair) == 2
        self._dispatch(str(pair[0]), pair[1])

    def deliver(self, kind: str, data: dict[str, Any] | None = None) -> None:
        """Deliver one event as if it came from the stream (GUI thread; also for tests)."""
        self._dispatch(kind, data or {})

    def _dispatch(self, kind: str, data: object) -> None:
        payload = data if isinstance(data, dict) else {}
        if kind in CONNECTED_KINDS:
            self._set_connected(True)
            return
        if kind in DISCONNECTED_KINDS:
            self._set_connected(False)
            return
        self._set_connected(True)  # an event arrived: the stream is up
        self.eventReceived.emit(kind, payload)

    def _set_connected(self, connected: bool) -> None:
        if connected != self._connected:
            self._connected = connected
            self.connectedChanged.emit(connected)

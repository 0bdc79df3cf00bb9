"""Whether the server answers, asking it again while it does not (waiting longer each time:
``clerk_app.domain.reconnect.probe_delay_ms``), and following it to a new address. The queue
panel and the hall page share this."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QWidget

from clerk_app.domain.reconnect import PROBE_FIRST_MS, PROBE_MAX_MS, probe_delay_ms
from clerk_app.ui.live_events import LiveEvents, event_stream_factory
from clerk_app.ui.screen_parts import follow_events, live_events_for, single_shot
from clerk_app.ui.workers import TaskRunner, serial_pool

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

    from clerk_app.sync.client import ApiError
    from clerk_app.sync.queue_client import QueueClient
    from clerk_app.ui.context import WindowContext

log = logging.getLogger(__name__)


class ReconnectProbe:
    """The screen's view of the server: ``online`` until a request finds it unreachable
    (:meth:`lost`); from then on ``probe`` runs after 3 s, 6 s … up to 30 s (by default) until
    a request gets an answer (:meth:`answered`)."""

    def __init__(
        self,
        parent: QWidget,
        probe: Callable[[], None],
        *,
        online: bool,
        first_ms: int = PROBE_FIRST_MS,
        max_ms: int = PROBE_MAX_MS,
    ) -> None:
        self._timer = single_shot(parent, probe)
        self._first_ms = first_ms
        self._max_ms = max_ms
        self._attempt = 0
        self.online = online

    def lost(self) -> bool:
        """A request found the server unreachable: probe again later. True if it was online."""
        was_online = self.online
        if was_online:
            self.online = False
            self._attempt = 0
        self._timer.start(
            probe_delay_ms(self._attempt, first_ms=self._first_ms, max_ms=self._max_ms)
        )
        self._attempt += 1
        return was_online

    def answered(self) -> bool:
        """The server answered: no more probes. True if it was offline until now."""
        self._timer.stop()
        self._attempt = 0
        was_offline = not self.online
        self.online = True
        return was_offline

    def stop(self) -> None:
        self._timer.stop()


def follow_server(
    queue_client: Any, events: LiveEvents | None, hall_code: str, base_url: str
) -> bool:
    """The server answers at ``base_url`` now (demo): send the client's requests and the
    ``events`` stream (when given) there. False when the client has no server to move."""
    central = getattr(queue_client, "central", None)
    if central is None:
        return False
    central.base_url = base_url
    if events is not None:
        events.restart(event_stream_factory(base_url, hall_code, central.token))
    return True


class QueueServerLink:
    """Mixed into the queue panel and the hall page: their queue client (None when the window
    logged in offline) and whether it answers (their :class:`ReconnectProbe`)."""

    _context: WindowContext
    _client: QueueClient | None
    _runner: TaskRunner
    _refresh_timer: QTimer
    _probe: ReconnectProbe
    _events: LiveEvents | None

    def refresh(self) -> None:
        raise NotImplementedError

    def _update_view(self) -> None:
        raise NotImplementedError

    def _on_event(self, kind: str, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def _online_changed(self, online: bool) -> None:
        """The server answers again (True) or stopped answering: say so."""
        raise NotImplementedError

    def _link_server(
        self,
        context: WindowContext,
        queue_client: QueueClient | None,
        runner: TaskRunner | None,
        *,
        refresh_debounce_ms: int,
        probe_first_ms: int = PROBE_FIRST_MS,
    ) -> None:
        """The constructor's part about the server: the client, a runner for its requests
        (serial by default), a debounced refresh and the reconnect probe."""
        widget = cast(QWidget, self)
        self._context = context
        self._client = queue_client
        self._runner = runner if runner is not None else TaskRunner(serial_pool(), widget)
        self._refresh_timer = single_shot(widget, self.refresh, refresh_debounce_ms)
        self._probe = ReconnectProbe(
            widget, self.refresh, online=queue_client is not None, first_ms=probe_first_ms
        )

    def _follow_events(self, events: LiveEvents | None) -> None:
        """Listen to ``events`` (a stream of the screen's own when None) and show the state."""
        if events is None:
            events = live_events_for(self._client, self._context.hall_code, cast(QWidget, self))
        self._events = events
        follow_events(events, self._on_event, self._on_stream_connected)
        self._update_view()

    def set_message(self, text: str, *, error: bool = False) -> None:
        raise NotImplementedError

    def _refused(self, exc: ApiError) -> None:
        """The server refused a request (its reason is already said)."""
        raise NotImplementedError

    def _request_failed(self, exc: BaseException, *, quiet: bool = False) -> None:
        """Say why a request failed: the server is unreachable (probe until it answers), it
        refused (its reason, then :meth:`_refused`) or something broke (logged, and said
        unless ``quiet``)."""
        from clerk_app.sync.client import ApiError, OfflineError

        if isinstance(exc, OfflineError):
            self._went_offline()
        elif isinstance(exc, ApiError):
            self.set_message(exc.detail, error=True)
            self._refused(exc)
        else:
            log.error("queue request failed", exc_info=exc)
            if not quiet:
                text = QCoreApplication.translate("QueuePanel", "操作未完成：%1").replace(
                    "%1", str(exc)
                )
                self.set_message(text, error=True)
        self._update_view()

    def shutdown(self) -> None:
        """Stop probing, refreshing and the live events and wait for a running request
        (closing the window)."""
        self._probe.stop()
        self._refresh_timer.stop()
        if self._events is not None:
            self._events.stop()
        self._runner.pool.waitForDone(15_000)

    def _went_offline(self) -> None:
        if self._probe.lost():
            self._online_changed(False)

    def _went_online(self) -> None:
        if self._probe.answered():
            self._online_changed(True)

    @Slot(bool)
    def _on_stream_connected(self, _connected: bool) -> None:
        # Either way one request: after (re)connecting it brings the screen up to date; after
        # the stream dropped it finds out at once whether the server is still reachable.
        self._refresh_timer.start()

    @property
    def _server(self) -> QueueClient:
        """The queue client: only asked for after checking there is one (an offline login
        has none, and every button that needs it is off)."""
        assert self._client is not None
        return self._client

    @property
    def online(self) -> bool:
        return self._probe.online

"""The daemon thread a sync worker (the upload engine, the event stream) runs and joins."""

from __future__ import annotations

import threading
from collections.abc import Callable


class OwnsThread:
    """At most one daemon thread at a time, started and joined by the object that owns it."""

    _thread: threading.Thread | None = None

    def _start_thread(self, target: Callable[[], None], name: str) -> None:
        self._thread = threading.Thread(target=target, name=name, daemon=True)
        self._thread.start()

    def _join_thread(self, timeout: float) -> None:
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

"""Demo: the shared demo server may come back on another port. While it cannot be reached,
``locate()`` (re-reading ``demo-server.json``, on a worker thread) is asked where it is; found
elsewhere, ``moved`` says the new address."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    from clerk_app.ui.workers import TaskRunner

RELOCATE_MS = 2_000  # while offline, how often a demo window looks for a moved server


class ServerFollower(QObject):
    moved = Signal(str)  # the server's new base URL

    def __init__(
        self,
        locate: Callable[[], str | None],
        current_url: Callable[[], str],
        is_online: Callable[[], bool],
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._locate = locate
        self._current_url = current_url
        self._is_online = is_online
        self._runner = runner
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOCATE_MS)
        self._timer.timeout.connect(self._look)

    def server_lost(self) -> None:
        """The server stopped answering: look for it in a moment (once at a time)."""
        if not self._stopped and not self._timer.isActive():
            self._timer.start()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    @Slot()
    def _look(self) -> None:
        if self._stopped:
            return
        self._runner.start(
            self._locate, on_success=self._found, on_failure=lambda _e: self.server_lost()
        )

    def _found(self, url: object) -> None:
        if self._stopped:
            return
        if isinstance(url, str) and url and url.rstrip("/") != self._current_url():
            self.moved.emit(url.rstrip("/"))
        elif not self._is_online():
            self.server_lost()  # not back yet: look again in a moment

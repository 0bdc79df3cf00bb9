"""Work off the GUI thread whose results must come back in the order it was started: the
scanner folder's files and the capture dialog's incoming pages (a small scan that arrived after
a large PDF is not put before it in the strip).

:class:`InOrder` runs each function on the global thread pool and hands its outcome (the return
value, or the exception it raised) to its ``deliver`` callable on the GUI thread once every
outcome started before it was delivered. The outcome crosses through a
:class:`~clerk_app.ui.workers.ThreadHandoff` (like the camera's JPEG): an owner destroyed first
(a source without a parent, a closed dialog) drops it instead of being called.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from clerk_app.ui.workers import ThreadHandoff

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Job:
    deliver: Callable[[Any], None]
    done: bool = False
    outcome: Any = field(default=None)


class InOrder(QObject):
    """Runs functions off the GUI thread, delivers their outcomes in the order started."""

    idle = Signal()  # every outcome started so far has been delivered

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._jobs: deque[_Job] = deque()

    def start(self, fn: Callable[..., Any], *args: Any, deliver: Callable[[Any], None]) -> None:
        """``fn(*args)`` on a pool thread; ``deliver(result or exception)`` on the GUI thread."""
        job = _Job(deliver)
        self._jobs.append(job)
        handoff = ThreadHandoff(self._ended)

        def run() -> None:
            try:
                outcome: object = fn(*args)
            except Exception as exc:  # reported to the owner; the pool thread must survive
                outcome = exc
            handoff((job, outcome))

        QThreadPool.globalInstance().start(run)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    @Slot(object)
    def _ended(self, ended: tuple[_Job, object]) -> None:
        job, outcome = ended
        job.done, job.outcome = True, outcome
        while self._jobs and self._jobs[0].done:
            head = self._jobs.popleft()
            try:
                head.deliver(head.outcome)
            except Exception:  # one bad delivery must not hold back the ones after it
                log.exception("delivering %r failed", head.outcome)
        if not self._jobs:
            self.idle.emit()

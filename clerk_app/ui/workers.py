"""Long work (network, catalog download, PDF rendering, password hashing) off the GUI thread.

A :class:`Task` is a QRunnable that calls one function in a QThreadPool and reports back through
typed Qt signals, which Qt delivers queued on the GUI thread. Errors are caught in one place and
arrive as the exception object, never as a crash of the worker thread.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

ProgressFn = Callable[[int], None]


class TaskSignals(QObject):
    """Signals of one task; lives on the thread that created it (the GUI thread)."""

    succeeded = Signal(object)  # the function's return value
    failed = Signal(object)  # the exception it raised
    progress = Signal(int)
    done = Signal()  # after succeeded or failed


class Task(QRunnable):
    """Runs ``fn(*args, **kwargs)`` on a pool thread.

    With ``with_progress=True`` the function receives a keyword ``progress`` callable; every call
    of it becomes a :attr:`TaskSignals.progress` emission on the GUI thread.
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        *args: Any,
        with_progress: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns the task; the owner keeps it until done
        self.signals = TaskSignals()
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._with_progress = with_progress

    def run(self) -> None:
        kwargs = dict(self._kwargs)
        if self._with_progress:
            kwargs["progress"] = self.signals.progress.emit
        try:
            result = self._fn(*self._args, **kwargs)
        except Exception as exc:  # reported to the GUI; the worker thread must survive
            log.debug("task %r failed", self._fn, exc_info=True)
            outcome, value = self.signals.failed, exc
        else:
            outcome, value = self.signals.succeeded, result
        try:
            outcome.emit(value)
            self.signals.done.emit()
        except RuntimeError:
            # The signals object was deleted under a task still running: the interpreter is
            # exiting (its globals, the task list among them, are being torn down). Nobody is
            # left to tell; the thread ends quietly instead of printing a traceback.
            log.debug("task %r finished after the app was torn down", self._fn)


# Every started task stays referenced here until its owner saw it finish. A task whose owner
# was destroyed first (a window closed mid-upload) stays for the life of the process: a small
# leak, where freeing it while the pool may still touch it would be a crash.
_started: set[Task] = set()

# A finished task is freed only some seconds after its ``done`` reached the GUI thread: the
# worker thread may still be returning from ``done.emit()`` and QThreadPool reads the runnable
# after ``run()`` returns. Freeing it at once was a use-after-free (rare heap corruption).
RETIRE_AFTER_S = 5.0
_retiring: deque[tuple[float, Task]] = deque()


def _retire(task: Task) -> None:
    now = time.monotonic()
    _retiring.append((now, task))
    while _retiring and now - _retiring[0][0] > RETIRE_AFTER_S:
        _retiring.popleft()


def _owner_alive(callback: Callable[..., Any]) -> bool:
    """False when the callback is a method of a Qt object already deleted (a dialog closed
    while its task ran on a runner that outlives it): the late result is dropped."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Relay(QObject):
    """Receives a task's signals on the GUI thread and calls the owner's plain callbacks.

    Connecting worker-thread signals to bound slots of a QObject that lives on the GUI thread
    makes Qt queue the calls onto the GUI thread whatever kind of callable the owner gave.
    """

    def __init__(
        self,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        on_progress: Callable[[int], None] | None,
        on_done: Callable[[_Relay], None],
        parent: QObject,
    ) -> None:
        # A child of the runner: when the screen that owns the runner is destroyed, the relay
        # goes with it and Qt drops a late result instead of calling into deleted widgets.
        super().__init__(parent)
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self._on_done = on_done

    @Slot(object)
    def succeeded(self, result: object) -> None:
        if self._on_success is not None and _owner_alive(self._on_success):
            self._on_success(result)

    @Slot(object)
    def failed(self, exc: object) -> None:
        if self._on_failure is not None and _owner_alive(self._on_failure):
            assert isinstance(exc, BaseException)
            self._on_failure(exc)

    @Slot(int)
    def progress(self, value: int) -> None:
        if self._on_progress is not None and _owner_alive(self._on_progress):
            self._on_progress(value)

    @Slot()
    def done(self) -> None:
        self._on_done(self)


# Pools made by serial_pool(): kept for the life of the process. A pool that a widget owns is
# destroyed from C++ with the GIL held; ~QThreadPool then waits for a running request that
# needs the GIL to finish or time out, and the whole application deadlocks.
_serial_pools: list[QThreadPool] = []


def serial_pool(max_threads: int = 1) -> QThreadPool:
    """A pool running one task at a time (one HTTP session per screen), never destroyed
    while a task runs. Its idle thread expires on its own, so keeping the pool costs nothing."""
    pool = QThreadPool()
    pool.setMaxThreadCount(max_threads)
    _serial_pools.append(pool)
    return pool


class TaskRunner(QObject):
    """Starts tasks on a pool and keeps each one alive until it reported back."""

    finishedAll = Signal()  # no task of this runner is running any more

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        # A runner destroyed from Python while a finished task's relay still waits for its
        # deleteLater crashes PySide (memory corruption); one that belongs to its screen goes
        # with it through Qt, which drops the pending delete. So every runner needs an owner.
        if parent is None:
            raise TypeError("TaskRunner needs a parent QObject (the screen that owns it)")
        super().__init__(parent)
        self.pool = pool if pool is not None else QThreadPool.globalInstance()
        self._running: dict[_Relay, Task] = {}

    def start(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
        **kwargs: Any,
    ) -> Task:
        task = Task(fn, *args, with_progress=on_progress is not None, **kwargs)
        relay = _Relay(on_success, on_failure, on_progress, self._finished, self)
        task.signals.succeeded.connect(relay.succeeded)
        task.signals.failed.connect(relay.failed)
        task.signals.progress.connect(relay.progress)
        task.signals.done.connect(relay.done)
        self._running[relay] = task
        _started.add(task)
        self.pool.start(task)
        return task

    def _finished(self, relay: _Relay) -> None:
        task = self._running.pop(relay, None)
        if task is not None:
            _started.discard(task)
            _retire(task)
        relay.deleteLater()
        if not self._running:
            self.finishedAll.emit()

    @property
    def busy(self) -> bool:
        return bool(self._running)


class _Carrier(QObject):
    carried = Signal(object)


class ThreadHandoff:
    """Hands values from any thread (a plain Python thread too) to a slot on the GUI thread.

    The emitting QObject has no parent and lives as long as this handoff is referenced (the
    worker's callback keeps it), so a worker still running after its screen closed emits into a
    live object whose connection Qt dropped with the receiver, never into a deleted one. Emitting
    through the receiver itself from a foreign thread was a use-after-free once it was gone.
    """

    def __init__(self, slot: Callable[[Any], None]) -> None:
        self._carrier = _Carrier()
        self._carrier.carried.connect(slot, Qt.ConnectionType.QueuedConnection)

    def __call__(self, value: object) -> None:
        self._carrier.carried.emit(value)

"""Small helpers shared by the acceptance panels: message labels, domain-label translation and
running a blocking call off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

# Colours of checklist states and messages; chosen to stay readable on a dim counter screen.
RECEIVED_BG = QColor("#cfead6")
MISSING_REQUIRED_BG = QColor("#f6cfd2")
DEFECTIVE_BG = QColor("#ffdca8")
ERROR_COLOUR = "#b00020"
WARNING_COLOUR = "#9a5b00"
OK_COLOUR = "#1b6e2a"


def tr_domain(text: str) -> str:
    """Translate a label that comes from the domain layer (it has no Qt, so no tr())."""
    return QCoreApplication.translate("domain", text)


def message_label(parent: QWidget, object_name: str, colour: str) -> QLabel:
    """A word-wrapped label for errors or warnings under a field, hidden while empty."""
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour};")
    label.setVisible(False)
    return label


def set_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class _CallSignals(QObject):
    """Lives in the GUI thread; the worker emits through it so the slot runs in the GUI thread."""

    done = Signal(object)  # (result, exception or None)


class _Call(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _CallSignals) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # reported to the GUI thread, never swallowed
            self._signals.done.emit((None, exc))
        else:
            self._signals.done.emit((result, None))


class BackgroundCaller(QObject):
    """Runs blocking calls (network) in a thread pool and delivers the outcome to a callback in
    the GUI thread. The GUI never waits for the network."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._pending: set[_CallSignals] = set()

    def call(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any, BaseException | None], None],
    ) -> None:
        signals = _CallSignals()  # no parent: kept alive by _pending until delivered

        def deliver(outcome: tuple[Any, BaseException | None]) -> None:
            self._pending.discard(signals)
            on_done(*outcome)

        signals.done.connect(deliver)
        self._pending.add(signals)
        self.pool.start(_Call(fn, signals))

    def wait(self, msecs: int = 5000) -> bool:
        """Wait for running calls (tests and shutdown only)."""
        return self.pool.waitForDone(msecs)

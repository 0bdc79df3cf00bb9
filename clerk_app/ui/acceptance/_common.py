"""Small helpers shared by the acceptance panels: colours, message labels, domain-label
translation and running a blocking call off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from clerk_app.domain.catalog import Bundle
from clerk_app.ui.workers import TaskRunner, serial_pool

# Colours of checklist states and messages; chosen to stay readable on a dim counter screen.
RECEIVED_BG = QColor("#cfead6")
MISSING_REQUIRED_BG = QColor("#f6cfd2")
DEFECTIVE_BG = QColor("#ffdca8")
ERROR_COLOUR = "#b00020"
OK_COLOUR = "#1b6e2a"


ITEM_MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def bundle_mark(bundle: Bundle, item_code: str) -> str:
    """An item's mark by its place in the bundle (①…), the same whichever items are chosen."""
    position = bundle.item_codes.index(item_code) if item_code in bundle.item_codes else 0
    return ITEM_MARKS[position] if position < len(ITEM_MARKS) else f"({position + 1})"


def short_name(name: str) -> str:
    """An item's name without its closing parenthesis: 企业设立登记（有限公司） -> 企业设立登记."""
    head = name.split("（", 1)[0]
    return head if head and name.endswith("）") else name


def set_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class BackgroundCaller(QObject):
    """Runs blocking calls (network) on worker threads and delivers the outcome to a callback in
    the GUI thread. The GUI never waits for the network."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = serial_pool(2)  # lives for the process: see workers.serial_pool
        self._runner = TaskRunner(self.pool, self)

    def call(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any, BaseException | None], None],
    ) -> None:
        self._runner.start(
            fn,
            on_success=lambda result: on_done(result, None),
            on_failure=lambda exc: on_done(None, exc),
        )

    def wait(self, msecs: int = 5000) -> bool:
        """Wait for running calls (tests and shutdown only)."""
        return self.pool.waitForDone(msecs)

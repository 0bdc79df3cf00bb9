"""Pieces shared by the unattended device screens (kiosk, evaluator): big centred labels,
single-shot timers and the live-event hookup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from clerk_app.ui.live_events import LiveEvents


def big_label(parent: QWidget, name: str, text: str, size: int, *, bold: bool = False) -> QLabel:
    """A centred, wrapping label in ``size`` points: read from a step away, not from a desk."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    font = QFont(parent.font())
    font.setPointSize(size)
    font.setBold(bold)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def single_shot(parent: QWidget, slot: Callable[[], Any], interval_ms: int = 0) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    if interval_ms:
        timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer


def follow_events(
    events: LiveEvents | None,
    on_event: Callable[[str, dict[str, Any]], None],
    on_connected: Callable[[bool], None],
) -> None:
    """Start the hall's live events (when there are any) into the screen's two slots."""
    if events is None:
        return
    events.eventReceived.connect(on_event)
    events.connectedChanged.connect(on_connected)
    events.start()

"""Pieces shared by the screens: big centred labels (kiosk, evaluator), single-shot timers
and the hall's live events (queue panel, 大厅管理, kiosk, evaluator)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from clerk_app.ui.live_events import LiveEvents, event_stream_factory


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


def live_events_for(queue_client: Any, hall_code: str, parent: QObject) -> LiveEvents | None:
    """The hall's live events over the queue client's server and login (None when offline)."""
    central = getattr(queue_client, "central", None) if queue_client is not None else None
    if central is None:
        return None
    return LiveEvents(event_stream_factory(central.base_url, hall_code, central.token), parent)


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

"""Pieces shared by the screens: big centred labels (kiosk, evaluator), tables whose name
columns are read whole, single-shot timers and the hall's live events (queue panel, 大厅管理,
kiosk, evaluator)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QWidget

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


def ok_cancel_buttons(dialog: QDialog, name: str, on_ok: Callable[[], Any]) -> QDialogButtonBox:
    """A dialog's OK and Cancel: OK runs ``on_ok`` (which accepts when the answer is whole),
    Cancel rejects."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.setObjectName(name)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def readable_columns(
    view: QTableView,
    stretch: int,
    *,
    wrapped: Mapping[int, int] | None = None,
    interactive: Iterable[int] = (),
) -> None:
    """Names are read whole, never "…": column ``stretch`` (the name) takes the width the
    others leave and wraps onto more lines; the columns of ``wrapped`` get that many characters
    and wrap too; every other column is as wide as its content (short codes, states, dates).
    Rows grow to their wrapped text."""
    model = view.model()
    assert model is not None, "set the model first"
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(36)
    em = view.fontMetrics().horizontalAdvance("中")
    fixed = dict(wrapped or {})
    interactive = set(interactive)
    for column in range(model.columnCount()):
        if column == stretch:
            mode = QHeaderView.ResizeMode.Stretch
        elif column in fixed or column in interactive:
            mode = QHeaderView.ResizeMode.Interactive
        else:
            mode = QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
        if column in fixed:  # after the mode: a ResizeToContents section ignores resizeSection
            header.resizeSection(column, fixed[column] * em + 12)
    _RowFitter(view, model)


class _RowFitter(QObject):
    """Rows as high as their wrapped text, measured again whenever the text or a column width
    changes. (The vertical header's ResizeToContents measures only the rows in view when it
    runs: a row scrolled into view later kept a height too small for its lines.)"""

    def __init__(self, view: QTableView, model: QAbstractItemModel) -> None:
        super().__init__(view)
        self._view = view
        self._model = model
        self._timer = single_shot(view, self.fit)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for signal in (
            model.modelReset,
            model.dataChanged,
            model.rowsInserted,
            model.layoutChanged,
            view.horizontalHeader().sectionResized,
        ):
            signal.connect(self._timer.start)
        self.fit()

    def fit(self) -> None:
        # One line of text gets the theme's row height, more lines what they need.
        one_line = self._view.fontMetrics().height() + 10
        for row in range(self._model.rowCount()):
            self._view.setRowHeight(row, max(one_line, self._view.sizeHintForRow(row)))


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

"""A scroll area that is only as tall as what it shows (the decision's details)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QWidget

NO_CAP = 16_777_215  # Qt's largest widget size (QWIDGETSIZE_MAX)


class FitScrollArea(QScrollArea):
    """A scroll area as tall as its contents (for its width), up to ``max_height``; beyond
    that it scrolls. Its height follows what the contents show."""

    def __init__(self, parent: QWidget | None = None, max_height: int = NO_CAP) -> None:
        super().__init__(parent)
        self._max_height = max_height
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_max_height(self, max_height: int) -> None:
        self._max_height = max_height
        self.updateGeometry()

    def _content_height(self) -> int:
        widget = self.widget()
        if widget is None:
            return 0
        width = self.viewport().width()
        if widget.hasHeightForWidth() and width > 0:
            height = widget.heightForWidth(width)
        else:
            height = widget.sizeHint().height()
        return min(max(height, 0), self._max_height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._content_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._content_height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # a field shown or hidden, a message: new height
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # wrapped text: the height depends on the width

"""A widget kept at the right end of a group box's title line (the ticket and 新申请人 on the
applicant box: a row of their own took the checklist's room on a 768-pixel screen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QGroupBox, QWidget


class TitleCorner(QObject):
    """Keeps ``corner`` at the right end of ``box``'s title line, whatever the box's width
    and the corner's contents."""

    def __init__(self, box: QGroupBox, corner: QWidget) -> None:
        super().__init__(box)
        self._box = box
        self._corner = corner
        box.installEventFilter(self)
        corner.installEventFilter(self)
        # The box's contents start below the corner.
        layout = box.layout()
        if layout is not None:
            margins = layout.contentsMargins()
            margins.setTop(margins.top() + 4)
            layout.setContentsMargins(margins)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self.place()
        return False

    def place(self) -> None:
        hint = self._corner.sizeHint()
        self._corner.setGeometry(
            self._box.width() - hint.width() - 8, 0, hint.width(), hint.height()
        )
        self._corner.raise_()

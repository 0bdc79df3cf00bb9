"""The capture dialog (采集电子件) of one checklist line: a strip of the line's pages, fed by the
window's page sources (the 高拍仪 on Space, the scanner's folder by itself) and by files, and
the clerk's steps on it (layout: forms/capture.ui).

Every change is handed to ``keep`` at once (the checklist panel writes it to the PC's store:
a crash loses no page); the dialog has nothing to confirm, 完成 / Esc closes it. Keys: Space
takes a page with the first camera, Ctrl+O adds files, Ctrl+←/→ move the selected page, R / Shift+R
turn it a quarter clockwise / anticlockwise, Del deletes it.

有效期至 / 发证机关 (optional) are what the window reads off the document for the shared
materials library; they go with the line's file to the server.

A page that cannot be taken (too large, not PDF/JPEG/PNG by its bytes, unreadable) is refused
with the reason under the strip; nothing already in the strip is lost.

What comes in is read, checked and split (a PDF: one page each, with the strip's thumbnails)
off the GUI thread; the pages join the strip in the order they came, and closing the dialog
waits for the ones under way (正在读取页面…).

A source's lasting trouble (the scanner's folder on a network share that hangs or is gone) is
shown under the strip while it lasts (扫描目录无响应 / 不可用); the other sources keep working and
closing never waits for the folder.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QIcon,
    QKeySequence,
    QPixmap,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QWidget

from clerk_app.devices.pages import THUMB_EDGE, PageError, pages_from_bytes, thumbnail_png
from clerk_app.domain.attachments import HEAD_BYTES, file_refusal, sniff_media_type
from clerk_app.domain.capture import (
    NO_DETAILS,
    Capture,
    DocumentDetails,
    Page,
    appended,
    deleted,
    moved,
    rotated,
)
from clerk_app.store.attachments import DEFAULT_MAX_BYTES
from clerk_app.ui.capture.ordered import InOrder
from clerk_app.ui.capture.sources import PageSource
from clerk_app.ui.forms.ui_capture import Ui_CaptureDialog

log = logging.getLogger(__name__)
ERROR_STYLE = "color: #b00020; font-weight: bold;"
NOTE_STYLE = "color: #555555;"
SOURCE_STATUS_STYLE = "color: #8a4b00; font-weight: bold;"


@dataclass(frozen=True, slots=True)
class Arrival:
    """What came in, read off the GUI thread: its pages, or why it is not taken."""

    origin: str
    pages: tuple[Page, ...] = ()
    thumbnails: dict[tuple[str, int], bytes] = field(default_factory=dict)
    refusal: str = ""  # the bytes' fault (too large, not a page, damaged)
    unreadable: str = ""  # a file that could not be read (the OS's reason)


def arrival_of_bytes(data: bytes, origin: str, max_bytes: int) -> Arrival:
    """A page (or a PDF of pages) from a source or a file, checked and split (a pool thread)."""
    refusal = file_refusal(data[:HEAD_BYTES], len(data), max_bytes)
    if refusal is not None:
        return Arrival(origin, refusal=refusal)
    try:
        pages = tuple(pages_from_bytes(data, sniff_media_type(data) or "", origin))
    except PageError as exc:
        return Arrival(origin, refusal=str(exc))
    thumbnails: dict[tuple[str, int], bytes] = {}
    for page in pages:  # the strip's pictures made here too: a 50-page PDF takes a while
        with contextlib.suppress(PageError, OSError, ValueError):
            thumbnails[(page.sha256, page.rotation)] = thumbnail_png(page)
    return Arrival(origin, pages, thumbnails)


def arrival_of_file(path: Path, origin: str, max_bytes: int) -> Arrival:
    """A file the clerk added: too large is refused without reading it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:  # not read into memory at all
            return Arrival(origin, refusal=file_refusal(b"", size, max_bytes) or "")
        data = path.read_bytes()
    except OSError as exc:
        return Arrival(origin, unreadable=str(exc))
    return arrival_of_bytes(data, origin, max_bytes)


class PageStripModel(QAbstractListModel):
    """The line's pages for the icon strip: a thumbnail and "第n页 · origin" each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: Capture = ()
        self._icons: dict[tuple[str, int], QIcon] = {}  # by page hash and rotation

    def pages(self) -> Capture:
        return self._pages

    def set_pages(self, pages: Capture) -> None:
        self.beginResetModel()
        self._pages = pages
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._pages)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._pages):
            return None
        page = self._pages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                QCoreApplication.translate("PageStripModel", "第%1页").replace(
                    "%1", str(index.row() + 1)
                )
                + "\n"
                + page.origin
            )
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(page.sha256, page.rotation, index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return page.origin
        return None

    def add_thumbnails(self, thumbnails: dict[tuple[str, int], bytes]) -> None:
        """Thumbnails made off the GUI thread (PNG by page hash and rotation)."""
        for key, png in thumbnails.items():
            pixmap = QPixmap()
            pixmap.loadFromData(png)
            self._icons[key] = QIcon(pixmap)

    def _icon(self, sha256: str, rotation: int, row: int) -> QIcon:
        key = (sha256, rotation)
        if key not in self._icons:
            pixmap = QPixmap()
            # an unreadable page shows without a picture; the save refuses it
            with contextlib.suppress(PageError, OSError, ValueError):
                pixmap.loadFromData(thumbnail_png(self._pages[row]))
            self._icons[key] = QIcon(pixmap)
        return self._icons[key]


class CaptureDialog(QDialog):
    """Capture pages for one checklist line (see the module doc)."""

    def __init__(
        self,
        line: str,
        pages: Capture,
        sources: Sequence[PageSource],
        keep: Callable[[Capture], None],
        parent: QWidget | None = None,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        details: DocumentDetails = NO_DETAILS,
        keep_details: Callable[[DocumentDetails], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._sources = list(sources)
        self._keep = keep
        self._keep_details = keep_details
        self._details = details
        self._max_bytes = max_bytes
        self._arrivals = InOrder(self)  # what came in, read off the GUI thread
        self._arrivals.idle.connect(self._arrivals_done)
        self._closing: int | None = None  # closed while pages were still being read
        self.form = Ui_CaptureDialog()
        self.form.setupUi(self)
        form = self.form
        self.line_label = form.captureLineLabel
        self.sources_label = form.captureSourcesLabel
        self.strip = form.captureStrip
        self.message_label = form.captureMessageLabel
        self.source_status_label = QLabel(self)
        self.source_status_label.setObjectName("captureSourceStatusLabel")
        self.source_status_label.setWordWrap(True)
        self.source_status_label.setStyleSheet(SOURCE_STATUS_STYLE)
        self.source_status_label.setVisible(False)
        form.captureLayout.insertWidget(
            form.captureLayout.indexOf(self.strip) + 1, self.source_status_label
        )
        self.shoot_button = form.captureShootButton
        self.file_button = form.captureFileButton
        self.rotate_button = form.captureRotateButton
        self.delete_button = form.captureDeleteButton
        self.done_button = form.captureDoneButton
        self.valid_edit = form.captureValidEdit
        self.issuer_edit = form.captureIssuerEdit
        self.valid_edit.setText(details.valid_until.isoformat() if details.valid_until else "")
        self.issuer_edit.setText(details.issuer)
        for edit in (self.valid_edit, self.issuer_edit):
            edit.editingFinished.connect(self.keep_details)
            edit.setEnabled(keep_details is not None)
        font = QFont(self.line_label.font())
        font.setBold(True)
        self.line_label.setFont(font)
        self.line_label.setText(self.tr("材料：%1").replace("%1", line))
        self.model = PageStripModel(self)
        self.strip.setModel(self.model)
        self.strip.setIconSize(QSize(THUMB_EDGE, THUMB_EDGE))
        self.strip.setGridSize(QSize(THUMB_EDGE + 48, THUMB_EDGE + 72))
        self.model.set_pages(pages)
        self._select(len(pages) - 1)
        self.shoot_button.clicked.connect(self.shoot)
        self.file_button.clicked.connect(self.add_files)
        self.rotate_button.clicked.connect(lambda: self.rotate(1))
        self.delete_button.clicked.connect(self.delete_current)
        self.done_button.clicked.connect(self.accept)
        self._install_keys()
        for source in self._sources:
            source.page_arrived.connect(self.take)
            source.failed.connect(self.show_message)
            source.status_changed.connect(self._show_source_status)
        self._show_sources()
        self.message_label.setVisible(False)

    def _install_keys(self) -> None:
        keys: list[tuple[str, Callable[[], object]]] = [
            ("Space", self.shoot),
            ("Ctrl+O", self.add_files),
            ("Ctrl+Left", lambda: self.move_current(-1)),
            ("Ctrl+Right", lambda: self.move_current(1)),
            ("R", lambda: self.rotate(1)),
            ("Shift+R", lambda: self.rotate(-1)),
            ("Delete", self.delete_current),
        ]
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # -- sources ----------------------------------------------------------------------------
    def _show_sources(self) -> None:
        names = "、".join(s.name for s in self._sources) or self.tr("无（只能添加文件）")
        self.sources_label.setText(self.tr("页面来源：%1").replace("%1", names))
        self.shoot_button.setEnabled(any(s.can_trigger for s in self._sources))

    def showEvent(self, event: QShowEvent) -> None:
        for source in self._sources:
            source.start()
        self.strip.setFocus(Qt.FocusReason.OtherFocusReason)
        super().showEvent(event)

    def done(self, result: int) -> None:
        self.keep_details()  # typed and closed with Esc: kept all the same
        self._stop_sources()
        if self._arrivals.busy:  # the pages under way are kept first, then it closes
            self._closing = result
            for button in (self.shoot_button, self.file_button, self.done_button):
                button.setEnabled(False)
            self._show_note(self.tr("正在读取页面…"))
            return
        super().done(result)

    def _arrivals_done(self) -> None:
        if self.message() == self.tr("正在读取页面…"):
            self.show_message("")
        if self._closing is not None:
            super().done(self._closing)

    @property
    def busy(self) -> bool:
        """Pages that came in are still being read."""
        return self._arrivals.busy

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_sources()
        super().closeEvent(event)

    def _stop_sources(self) -> None:
        for source in self._sources:
            source.stop()
            for signal, slot in (
                (source.page_arrived, self.take),
                (source.failed, self.show_message),
                (source.status_changed, self._show_source_status),
            ):
                with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
                    signal.disconnect(slot)
        self._sources = []
        self._show_source_status()

    def _show_source_status(self, _text: str = "") -> None:
        """Every source's lasting trouble under the strip (none: hidden)."""
        text = "\n".join(s.status for s in self._sources if s.status)
        self.source_status_label.setText(text)
        self.source_status_label.setVisible(bool(text))

    def source_status(self) -> str:
        return self.source_status_label.text() if self.source_status_label.isVisibleTo(self) else ""

    def shoot(self) -> None:
        """Space: the first camera takes a page (it arrives through ``page_arrived``)."""
        camera = next((s for s in self._sources if s.can_trigger), None)
        if camera is None:
            self.show_message(self.tr("没有可拍照的高拍仪；请用扫描仪或添加文件"))
            return
        camera.trigger()

    # -- pages in ---------------------------------------------------------------------------
    def take(self, data: bytes, origin: str) -> None:
        """A page (or a PDF of pages) from a source; read off the GUI thread, then appended
        (or refused with the reason)."""
        self._start_arrival(arrival_of_bytes, bytes(data), origin)

    def add_files(self) -> None:
        for path in self.ask_files(self):
            self.take_file(path)

    def take_file(self, path: Path) -> None:
        """A file the clerk picked; read off the GUI thread like a source's page."""
        self._start_arrival(arrival_of_file, path, self.tr("文件 %1").replace("%1", path.name))

    def _start_arrival(
        self, read: Callable[[Any, str, int], Arrival], what: Any, origin: str
    ) -> None:
        if self._closing is not None:
            return
        self._arrivals.start(read, what, origin, self._max_bytes, deliver=self._arrived)
        if not self.message():
            self._show_note(self.tr("正在读取页面…"))

    def _arrived(self, arrival: Arrival | BaseException) -> None:
        if isinstance(arrival, BaseException):  # a fault of ours: said, nothing else lost
            log.error("reading a page failed", exc_info=arrival)
            self.show_message(self.tr("页面未能读取：%1").replace("%1", str(arrival)))
        elif arrival.unreadable:
            self.show_message(
                self.tr("%1：无法读取（%2）")
                .replace("%1", arrival.origin)
                .replace("%2", arrival.unreadable)
            )
        elif arrival.refusal:
            self._refuse(arrival.origin, arrival.refusal)
        else:
            self.model.add_thumbnails(arrival.thumbnails)
            pages = self.model.pages()
            new = arrival.pages
            if not self._change(appended(pages, *new), len(pages) + len(new) - 1):
                return  # not kept on the PC: the reason is shown, the strip stays
            if self._arrivals.busy:
                self._show_note(self.tr("正在读取页面…"))
            else:
                self.show_message("")

    def _refuse(self, origin: str, reason: str) -> None:
        """A page not taken: the reason under the strip (what is in the strip stays)."""
        self.show_message(self.tr("%1：%2").replace("%1", origin).replace("%2", reason))

    @classmethod
    def ask_files(cls, parent: QWidget) -> list[Path]:
        """The files the clerk picks (PDF/JPEG/PNG). Tests patch this."""
        names, _filter = QFileDialog.getOpenFileNames(
            parent,
            QCoreApplication.translate("CaptureDialog", "添加文件"),
            "",
            QCoreApplication.translate("CaptureDialog", "PDF或图片 (*.pdf *.jpg *.jpeg *.png)")
            + ";;"
            + QCoreApplication.translate("CaptureDialog", "所有文件 (*)"),
        )
        return [Path(n) for n in names]

    # -- the clerk's steps --------------------------------------------------------------------
    def current_row(self) -> int:
        index = self.strip.currentIndex()
        return index.row() if index.isValid() else -1

    def move_current(self, step: int) -> None:
        row = self.current_row()
        if row < 0:
            return
        target = max(0, min(row + step, self.model.rowCount() - 1))
        self._change(moved(self.model.pages(), row, target), target)

    def rotate(self, quarter_turns: int) -> None:
        row = self.current_row()
        if row >= 0:
            self._change(rotated(self.model.pages(), row, quarter_turns), row)

    def delete_current(self) -> None:
        row = self.current_row()
        if row >= 0:
            pages = deleted(self.model.pages(), row)
            self._change(pages, min(row, len(pages) - 1))

    def pages(self) -> Capture:
        return self.model.pages()

    # -- what the document says (for the shared library) ----------------------------------------
    def entered_details(self) -> DocumentDetails | None:
        """有效期至 and 发证机关 as typed; None (with the reason shown) for a wrong date."""
        text = self.valid_edit.text().strip()
        try:
            valid = date.fromisoformat(text) if text else None
        except ValueError:
            self.show_message(self.tr("有效期至请按 YYYY-MM-DD 填写，例如 2030-05-01"))
            return None
        return DocumentDetails(valid, self.issuer_edit.text().strip())

    def keep_details(self) -> None:
        details = self.entered_details()
        if details is None or details == self._details or self._keep_details is None:
            return
        try:
            self._keep_details(details)
        except Exception as exc:
            log.exception("keeping the document's details failed")
            self.show_message(self.tr("页面未能保存到本机：%1").replace("%1", str(exc)))
            return
        self._details = details
        self.show_message("")

    def details(self) -> DocumentDetails:
        return self._details

    def _change(self, pages: Capture, select: int) -> bool:
        try:
            self._keep(pages)  # on the PC first: a crash after this loses nothing
        except Exception as exc:  # a full or failing disk: the strip stays as it was
            log.exception("keeping the captured pages failed")
            self.show_message(self.tr("页面未能保存到本机：%1").replace("%1", str(exc)))
            return False
        self.model.set_pages(pages)
        self._select(select)
        return True

    def _select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.strip.setCurrentIndex(self.model.index(row, 0))

    def _show_note(self, text: str) -> None:
        """A passing note (not an error) under the strip."""
        self.message_label.setStyleSheet(NOTE_STYLE)
        self.message_label.setText(text)
        self.message_label.setVisible(True)

    def show_message(self, text: str) -> None:
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def message(self) -> str:
        return self.message_label.text() if self.message_label.isVisibleTo(self) else ""

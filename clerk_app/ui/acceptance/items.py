"""Finding the item (事项) or bundle (一件事): search while typing, this window's frequent items
first, Down arrow into the results, Enter picks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from clerk_app.domain.acceptance import acceptable, bundle_subject
from clerk_app.domain.catalog import Bundle, HandlingKind
from clerk_app.ui.acceptance._common import set_message
from clerk_app.ui.forms.ui_item_search import Ui_ItemSearchPanel
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.screen_parts import readable_columns
from clerk_app.ui.table_model import AnyIndex, Column, RowTableModel

if TYPE_CHECKING:
    from clerk_app.store.catalog import ItemHit
    from clerk_app.ui.context import WindowContext

_CONTEXT = "ItemHitModel"
_BUNDLE_COLOUR = QColor("#1f4e9c")
_IMMEDIATE_COLOUR = QColor("#1b6e2a")

Hit = Union["ItemHit", Bundle]


def _name(row: Hit) -> str:
    if isinstance(row, Bundle):
        return QCoreApplication.translate("ItemHitModel", "【一件事】%1").replace("%1", row.name)
    name = f"★ {row.name}" if row.frequent else row.name
    if row.same_item > 1:  # one item of the national list, implemented in several places
        return (
            QCoreApplication.translate("ItemHitModel", "%1（%2处实施）")
            .replace("%1", name)
            .replace("%2", str(row.same_item))
        )
    return name


def _department(row: Hit) -> str:
    if isinstance(row, Bundle):
        return QCoreApplication.translate("ItemHitModel", "联办 %1 个事项").replace(
            "%1", str(len(row.item_codes))
        )
    return row.department


def _handling(row: Hit) -> str:
    if isinstance(row, Bundle):
        return QCoreApplication.translate("ItemHitModel", "一件事")
    return tr_domain(HandlingKind(row.handling).label)


class ItemHitModel(RowTableModel[Hit]):
    """Search results: bundles (一件事) that match, then items (ItemHit), frequent ones marked ★."""

    NAME, DEPARTMENT, CODE, HANDLING = range(4)
    translation_context = _CONTEXT
    columns = (
        Column(QT_TRANSLATE_NOOP("ItemHitModel", "事项名称"), _name),
        Column(QT_TRANSLATE_NOOP("ItemHitModel", "实施部门"), _department),
        Column(QT_TRANSLATE_NOOP("ItemHitModel", "编码"), lambda row: row.code),
        Column(QT_TRANSLATE_NOOP("ItemHitModel", "类型"), _handling),
    )

    def set_results(self, hits: list[ItemHit], bundles: list[Bundle] | None = None) -> None:
        self.set_rows([*(bundles or []), *hits])

    def hit(self, row: int) -> Hit | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            row = self.hit(index.row()) if index.isValid() else None
            return None if row is None else _tooltip(row, index.column())
        return super().data(index, role)

    def extra_data(self, row: Hit, column: int, role: int) -> Any:
        """Bundles in blue, their names bold; 即办件 in green."""
        if isinstance(row, Bundle):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(_BUNDLE_COLOUR)
            if role == Qt.ItemDataRole.FontRole and column == self.NAME:
                font = QFont()
                font.setBold(True)
                return font
            return None
        immediate = HandlingKind(row.handling) is HandlingKind.IMMEDIATE
        if role == Qt.ItemDataRole.ForegroundRole and column == self.HANDLING and immediate:
            return QBrush(_IMMEDIATE_COLOUR)
        return None


def _tooltip(row: Hit, column: int) -> str | None:
    """A bundle's description anywhere; an item's name, department and code on its name."""
    if isinstance(row, Bundle):
        return row.description or row.name
    if column != ItemHitModel.NAME:
        return None
    tip = f"{row.name}\n{row.department}\n{row.code}"
    return tip + (
        "\n" + QCoreApplication.translate("ItemHitModel", "本窗口常办事项") if row.frequent else ""
    )


def _initials(text: str) -> str:
    """Pinyin initials of a Chinese name ("开办企业" -> "kbqy"); non-Chinese kept lower-case."""
    from pypinyin import Style, lazy_pinyin  # imported lazily: its dictionaries are large

    return "".join(p[0] for p in lazy_pinyin(text, style=Style.FIRST_LETTER) if p).lower()


class ItemSearchPanel(QWidget):
    """Search line and results. Emits ``itemChosen(Item)`` or ``bundleChosen((Bundle, [Item]))``."""

    itemChosen = Signal(object)  # Item
    bundleChosen = Signal(object)  # tuple[Bundle, list[Item]]

    def __init__(self, context: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._bundles: list[tuple[Bundle, str]] | None = None  # (bundle, pinyin initials)
        self.model = ItemHitModel(self)
        self.form = Ui_ItemSearchPanel()
        self.form.setupUi(self)
        self.search_edit = self.form.itemSearchEdit
        self.view = self.form.itemResultsView
        self.status_label = self.form.itemSearchStatus
        self.error_label = self.form.itemSearchError
        self.error_label.setVisible(False)  # hidden while empty
        self.view.setModel(self.model)
        # The name is read whole (wrapped); the department wraps in a few characters; it and
        # the code (both in the tooltip) only show when there is room for them.
        readable_columns(self.view, ItemHitModel.NAME, wrapped={ItemHitModel.DEPARTMENT: 6})
        self.view.setColumnHidden(ItemHitModel.CODE, True)

        # Coalesce a burst of keystrokes (a paste, a scanner) into one query.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._refresh_timer.start)
        self.search_edit.installEventFilter(self)
        self.view.installEventFilter(self)
        self.view.doubleClicked.connect(lambda index: self.choose_row(index.row()))

    # The name comes first: the department (also in the tooltip and the checklist's title)
    # shows from this width of the list on, the code from the next.
    DEPARTMENT_COLUMN_FROM = 520
    CODE_COLUMN_FROM = 700

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.width()
        self.view.setColumnHidden(ItemHitModel.DEPARTMENT, width < self.DEPARTMENT_COLUMN_FROM)
        self.view.setColumnHidden(ItemHitModel.CODE, width < self.CODE_COLUMN_FROM)

    # -- public API ---------------------------------------------------------------------
    def show_results(self, shown: bool) -> None:
        """Show the search (hidden while the section lists a chosen bundle's items)."""
        for widget in (self.search_edit, self.view, self.status_label):
            widget.setVisible(shown)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def clear(self) -> None:
        self.search_edit.clear()
        set_message(self.error_label, "")
        self.refresh()

    def refresh(self) -> None:
        """Run the search now (normally triggered by typing)."""
        self._refresh_timer.stop()
        query = self.search_edit.text().strip()
        hits = self._context.store.catalog.search(query, window_no=self._context.window_no)
        bundles = self._matching_bundles(query)
        self.model.set_results(hits, bundles)
        if self.model.rowCount() > 0:
            self.view.selectRow(0)
        if not query:
            self.status_label.setText(self.tr("本窗口常办事项（★）；输入关键字搜索"))
        elif self.model.rowCount() == 0:
            self.status_label.setText(self.tr("没有找到“%1”，请换个关键字").replace("%1", query))
        else:
            self.status_label.setText(
                self.tr("找到 %1 项").replace("%1", str(self.model.rowCount()))
            )

    def choose_row(self, row: int) -> bool:
        """Pick the result of ``row``; False (with a message) if it cannot be offered."""
        hit = self.model.hit(row)
        if hit is None:
            return False
        set_message(self.error_label, "")
        store = self._context.store
        if isinstance(hit, Bundle):
            items, unavailable = bundle_subject(hit.item_codes, store.catalog.item)
            if unavailable or not items:
                set_message(
                    self.error_label,
                    self.tr("“%1”中的事项 %2 已停止办理或不在本机目录，请逐项办理")
                    .replace("%1", hit.name)
                    .replace("%2", "、".join(unavailable)),
                )
                return False
            self.bundleChosen.emit((hit, items))
            return True
        item = store.catalog.item(hit.code)
        if not acceptable(item):
            set_message(
                self.error_label,
                self.tr("事项“%1”已停止办理，不能受理").replace("%1", hit.name),
            )
            return False
        self.itemChosen.emit(item)
        return True

    # -- internals ----------------------------------------------------------------------
    def _matching_bundles(self, query: str) -> list[Bundle]:
        if not query:
            return []
        if self._bundles is None:
            self._bundles = [(b, _initials(b.name)) for b in self._context.store.catalog.bundles()]
        q = query.lower()
        return [
            b
            for b, initials in self._bundles
            if q in b.name.lower() or q in b.code.lower() or (q.isascii() and q in initials)
        ]

    def _current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else (0 if self.model.rowCount() else -1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers()
            if watched is self.search_edit and self._search_key(event.key(), enter):
                return True
            if watched is self.view and self._results_key(event.key(), enter):
                return True
        return super().eventFilter(watched, event)

    def _search_key(self, key: int, enter: bool) -> bool:
        """Down goes into the results, Enter picks the current one; True when handled."""
        if self._refresh_timer.isActive():
            self.refresh()  # keys that act on results must see the latest results
        if key == Qt.Key.Key_Down and self.model.rowCount():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.view.selectRow(max(self._current_row(), 0))
            return True
        if enter:
            if self.model.rowCount():
                self.choose_row(self._current_row())
            return True
        return False

    def _results_key(self, key: int, enter: bool) -> bool:
        """Enter picks the row; Up from the first row goes back to the search line."""
        if enter:
            self.choose_row(self._current_row())
            return True
        if key == Qt.Key.Key_Up and self._current_row() <= 0:
            self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

"""A bundle's items at the window (layout: forms/bundle_items.ui): which ones the citizen takes
(the optional ones: Space), each item's own decision (keys 1–5; Alt+1–5 decide all of them on
the decision panel), its own promised date and its department.

The decisions and dates are the decision panel's (``DecisionPanel.item_kind`` …); this panel
shows them and holds only the citizen's choice of optional items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QMenu, QWidget

from clerk_app.domain.acceptance_bundle import KIND_KEYS, KIND_SHORT, chosen_items, is_optional
from clerk_app.domain.cases import DecisionKind
from clerk_app.domain.catalog import Bundle, HandlingKind, Item
from clerk_app.ui.acceptance._common import (
    ERROR_COLOUR,
    MISSING_REQUIRED_BG,
    bundle_mark,
    short_name,
)
from clerk_app.ui.acceptance.decision import DecisionPanel
from clerk_app.ui.forms.ui_bundle_items import Ui_BundleItemsPanel
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.screen_parts import readable_columns
from clerk_app.ui.table_model import Column, RowTableModel


@dataclass(frozen=True, slots=True)
class BundleItemRow:
    """One item of the bundle as the list shows it."""

    item: Item
    mark: str
    optional: bool
    chosen: bool
    kind: DecisionKind | None
    promised: date | None
    problems: tuple[str, ...] = ()
    lead: bool = False  # the bundle's lead department (牵头部门) decides this item

    def department_text(self) -> str:
        return self.item.department + (tr_domain("（牵头）") if self.lead else "")

    def name_text(self) -> str:
        box = ("☑ " if self.chosen else "☐ ") if self.optional else ""
        return f"{box}{self.mark}{short_name(self.item.name)}"

    def kind_text(self) -> str:
        if not self.chosen:
            return tr_domain("不办")
        return tr_domain(KIND_SHORT[self.kind]) if self.kind is not None else "—"

    def date_text(self) -> str:
        if not self.chosen or self.promised is None:
            return "—"
        if self.kind is not None and self.kind not in (
            DecisionKind.ACCEPT,
            DecisionKind.ACCEPT_WITH_GAPS,
            DecisionKind.COMPLETE_ON_SPOT,
        ):
            return "—"
        return f"{self.promised:%m-%d}"


class BundleItemsModel(RowTableModel[BundleItemRow]):
    translation_context = "BundleItemsPanel"
    NAME, KIND, DATE, DEPARTMENT = range(4)
    columns = (
        Column(QT_TRANSLATE_NOOP("BundleItemsPanel", "事项"), BundleItemRow.name_text),
        Column(QT_TRANSLATE_NOOP("BundleItemsPanel", "决定"), BundleItemRow.kind_text),
        Column(QT_TRANSLATE_NOOP("BundleItemsPanel", "办结"), BundleItemRow.date_text),
        Column(QT_TRANSLATE_NOOP("BundleItemsPanel", "部门"), BundleItemRow.department_text),
    )

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return self._tooltip(self.row_at(index.row()))
        return super().data(index, role)

    def _tooltip(self, row: BundleItemRow) -> str:
        lines = [f"{row.item.name}（{row.item.code}）", row.department_text()]
        if row.kind is not None and row.chosen:
            lines.append(tr_domain(row.kind.label))
        if row.promised is not None:
            handling = (
                tr_domain("即办件")
                if row.item.handling is HandlingKind.IMMEDIATE
                else tr_domain("承诺件")
            )
            lines.append(f"{handling}　{row.promised.isoformat()}")
        lines += [f"• {p}" for p in row.problems]
        return "\n".join(lines)

    def extra_data(self, row: BundleItemRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.chosen:
            return QBrush(Qt.GlobalColor.gray)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.KIND and row.problems:
            return QBrush(MISSING_REQUIRED_BG)
        return None


class BundleItemsPanel(QWidget):
    """The bundle's item list. ``choiceChanged(list[str])``: the codes of the items the
    citizen now takes (required ones always), in the bundle's order."""

    choiceChanged = Signal(list)

    def __init__(self, decision: DecisionPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._decision = decision
        self._bundle: Bundle | None = None
        self._items: list[Item] = []  # every item of the bundle the window may take
        self._chosen: list[str] = []
        self.form = Ui_BundleItemsPanel()
        self.form.setupUi(self)
        self.view = self.form.bundleItemsView
        self.model = BundleItemsModel(self)
        self.view.setModel(self.model)
        readable_columns(self.view, BundleItemsModel.NAME, wrapped={BundleItemsModel.DEPARTMENT: 5})
        self.view.installEventFilter(self)
        self.view.selectionModel().currentRowChanged.connect(self._show_current)
        self.view.doubleClicked.connect(lambda index: self.toggle(index.row()))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        decision.itemsChanged.connect(self.refresh)
        self.setVisible(False)

    # -- subject ------------------------------------------------------------------------
    def set_bundle(self, bundle: Bundle | None, items: list[Item], chosen: list[str]) -> None:
        """Show ``bundle`` (None: no bundle) with every item the window may take and the
        optional ones the citizen takes."""
        self._bundle = bundle
        self._items = list(items) if bundle is not None else []
        self._chosen = [i.code for i in chosen_items(bundle, items, chosen)] if bundle else []
        self.refresh()
        if self.model.rowCount():
            self.view.selectRow(0)

    def chosen(self) -> list[str]:
        return list(self._chosen)

    def items(self) -> list[Item]:
        """Every item of the bundle the window may take, chosen or not."""
        return list(self._items)

    # -- keys and clicks ----------------------------------------------------------------
    def focus_list(self) -> None:
        """Go to the first item whose decision cannot be taken (else the current one)."""
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        rows = self.model.rows
        faulty = next((n for n, r in enumerate(rows) if r.problems), None)
        if faulty is not None:
            self.view.selectRow(faulty)
        elif not self.view.currentIndex().isValid() and rows:
            self.view.selectRow(0)

    def toggle(self, row: int) -> bool:
        """Take or leave out the optional item of ``row`` (a required one stays)."""
        if self._bundle is None or not 0 <= row < self.model.rowCount():
            return False
        code = self.model.row_at(row).item.code
        if not is_optional(self._bundle, code):
            return False
        wanted = set(self._chosen) ^ {code}
        self._chosen = [i.code for i in chosen_items(self._bundle, self._items, list(wanted))]
        self.choiceChanged.emit(self.chosen())
        self.view.selectRow(row)
        return True

    def decide(self, row: int, kind: DecisionKind) -> bool:
        if not 0 <= row < self.model.rowCount():
            return False
        entry = self.model.row_at(row)
        if not entry.chosen:
            return False
        done = self._decision.set_item_kind(entry.item.code, kind)
        self.view.selectRow(row)
        return done

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            row = self.view.currentIndex().row()
            if event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            ):
                if event.key() == Qt.Key.Key_Space:
                    self.toggle(row)
                    return True
                kind = KIND_KEYS.get(event.text())
                if kind is not None:
                    self.decide(row, kind)
                    return True
        return super().eventFilter(watched, event)

    def _menu(self, point: QPoint) -> None:
        row = self.view.indexAt(point).row()
        if row < 0:
            return
        menu = QMenu(self)
        menu.setObjectName("bundleItemMenu")
        for key, kind in KIND_KEYS.items():
            action = menu.addAction(f"{tr_domain(kind.label)} ({key})")
            action.triggered.connect(lambda _c=False, k=kind: self.decide(row, k))
        if self._bundle is not None and is_optional(self._bundle, self.model.row_at(row).item.code):
            menu.addSeparator()
            menu.addAction(self.tr("选/不选 (空格)")).triggered.connect(lambda: self.toggle(row))
        menu.popup(self.view.viewport().mapToGlobal(point))

    # -- view ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the decision panel's decisions, dates and problems for the items."""
        current = self.view.currentIndex().row()
        if self._bundle is None:
            self.model.set_rows([])
            return
        problems = self._decision.item_problems()
        rows = [
            BundleItemRow(
                item=item,
                mark=bundle_mark(self._bundle, item.code),
                optional=is_optional(self._bundle, item.code),
                chosen=item.code in self._chosen,
                kind=self._decision.item_kind(item.code) if item.code in self._chosen else None,
                promised=self._decision.promised_date_of(item.code),
                problems=tuple(problems.get(item.code, ())),
                lead=item.department_code == self._bundle.lead_department_code,
            )
            for item in self._items
        ]
        self.model.set_rows(rows)
        if 0 <= current < len(rows):
            self.view.selectRow(current)
        self._show_current()

    # The department column shows from this width of the list on (at 1366×768 the list is
    # narrower: the current item's department is named under it, all of them in tooltips).
    DEPARTMENT_COLUMN_FROM = 480

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.view.setColumnHidden(
            BundleItemsModel.DEPARTMENT, self.width() < self.DEPARTMENT_COLUMN_FROM
        )
        self._show_current()

    def _show_current(self) -> None:
        """Under the list: why the current item's decision cannot be taken, else its
        department (when its column is hidden) and the keys."""
        label = self.form.bundleItemsDetail
        row = self.view.currentIndex().row()
        entry = self.model.row_at(row) if 0 <= row < self.model.rowCount() else None
        faulty = sum(1 for r in self.model.rows if r.problems)
        if entry is not None and entry.problems:
            text = self.tr("%1：%2").replace("%1", entry.mark).replace("%2", entry.problems[0])
        elif faulty:
            text = self.tr("%1 项决定不能确认（红色）").replace("%1", str(faulty))
        else:
            text = self.tr("空格 选/不选 · 1–5 本项决定 [Shift+F9]")
        if entry is not None and self.view.isColumnHidden(BundleItemsModel.DEPARTMENT):
            text = f"{entry.mark}{entry.department_text()}\n{text}"
        label.setStyleSheet(f"color: {ERROR_COLOUR};" if faulty else "")
        label.setText(text)

"""The checklist table's model: one row per material line, the clerk's steps applied through
``clerk_app.domain.material_checks``."""

from __future__ import annotations

from base64 import b64encode
from collections.abc import Mapping
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor

from clerk_app.devices.pages import PageError, thumbnail_png
from clerk_app.domain.capture import (
    NO_DETAILS,
    Capture,
    DocumentDetails,
    lacks_ecopy,
    verified_with_ecopy,
)
from clerk_app.domain.cases import MaterialCheck, MaterialState
from clerk_app.domain.catalog import Material
from clerk_app.domain.library import LibraryOffer
from clerk_app.domain.material_checks import (
    marked_defective,
    required_received,
    toggled_received,
    with_copies,
    with_note,
)
from clerk_app.ui.acceptance._common import DEFECTIVE_BG, MISSING_REQUIRED_BG, RECEIVED_BG
from clerk_app.ui.acceptance.library_texts import library_colour, library_text
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.table_model import AnyIndex, Column, RowTableModel

_CONTEXT = "ChecklistModel"
_OPTIONAL_COLOUR = QColor("#666666")
_MISSING_ECOPY_COLOUR = QColor("#b00020")
_TOOLTIP_PAGES = 3  # pages shown in the 电子件 cell's tooltip
_TOOLTIP_EDGE = 120


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    check: MaterialCheck
    serves: tuple[str, ...] = ()  # bundle: names of the items this material serves
    offer: LibraryOffer | None = None  # what the shared library holds for the line (免提交)
    pages: Capture = ()  # captured at the window (电子件), kept until the case is saved
    details: DocumentDetails = NO_DETAILS  # 有效期至 / 发证机关 read off the document

    @property
    def lacks_ecopy(self) -> bool:
        return lacks_ecopy(self.check, len(self.pages))


def _ecopy_text(r: ChecklistRow) -> str:
    """The 电子件 cell: "3页", "核验+电子件 3页" for a verified original, "库中调取" for a
    line the shared library provides (its file is the library's), "—" without."""
    if not r.pages:
        if r.check.library_entry:
            return QCoreApplication.translate("ChecklistModel", "库中调取")
        return "—"
    count = QCoreApplication.translate("ChecklistModel", "%1页").replace("%1", str(len(r.pages)))
    if verified_with_ecopy(r.check, len(r.pages)):
        return QCoreApplication.translate("ChecklistModel", "核验+电子件") + " " + count
    return count


def _state_text(r: ChecklistRow) -> str:
    check = r.check
    text = tr_domain(check.state.label)
    if check.state is MaterialState.DEFECTIVE and check.defect_reason:
        text += f"：{check.defect_reason}"
    library = library_text(r)  # what the shared library holds for the line (免提交)
    return f"{text}\n{library}" if library else text


def _received_text(r: ChecklistRow) -> str:
    if r.check.library_entry:  # taken from the shared library: nothing handed over
        return QCoreApplication.translate("ChecklistModel", "免提交")
    # Shown as received / asked (the 份数 column is hidden to leave the name room).
    return f"{r.check.copies_received} / {r.check.material.copies}"


class ChecklistModel(RowTableModel[ChecklistRow]):
    """MaterialCheck rows; 实收份数 and 备注 are editable, the rest follows from the catalog."""

    NAME, FORM, COPIES, REQUIREMENT, STATE, RECEIVED, NOTE, SERVES, ECOPY = range(9)
    CheckRole = Qt.ItemDataRole.UserRole
    translation_context = _CONTEXT
    columns = (
        Column(QT_TRANSLATE_NOOP("ChecklistModel", "材料名称"), lambda r: r.check.material.name),
        Column(
            QT_TRANSLATE_NOOP("ChecklistModel", "形式"),
            lambda r: tr_domain(r.check.material.form.label),
        ),
        Column(QT_TRANSLATE_NOOP("ChecklistModel", "份数"), lambda r: str(r.check.material.copies)),
        Column(
            QT_TRANSLATE_NOOP("ChecklistModel", "要求"),
            lambda r: tr_domain(r.check.material.requirement_label),
        ),
        Column(QT_TRANSLATE_NOOP("ChecklistModel", "状态"), _state_text),
        Column(QT_TRANSLATE_NOOP("ChecklistModel", "实收份数"), _received_text),
        Column(QT_TRANSLATE_NOOP("ChecklistModel", "备注"), lambda r: r.check.note),
        Column(QT_TRANSLATE_NOOP("ChecklistModel", "适用事项"), lambda r: "、".join(r.serves)),
        Column(QT_TRANSLATE_NOOP("ChecklistModel", "电子件"), _ecopy_text),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thumbs: dict[tuple[str, int], str] = {}  # page hash, turns -> PNG data URI

    # -- content ------------------------------------------------------------------------
    def set_materials(self, materials: list[Material]) -> None:
        self.set_rows([ChecklistRow(MaterialCheck(m)) for m in materials])

    def checks(self) -> list[MaterialCheck]:
        return [r.check for r in self._rows]

    def check(self, row: int) -> MaterialCheck:
        return self._rows[row].check

    def set_offers(self, offers: Mapping[int, LibraryOffer]) -> None:
        """What the shared library holds for each line (by row; lines absent: nothing)."""
        self._rows = [replace(r, offer=offers.get(i)) for i, r in enumerate(self._rows)]
        if self._rows:
            last = self.index(len(self._rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def set_check(self, row: int, check: MaterialCheck) -> None:
        self._rows[row] = replace(self._rows[row], check=check)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def pages(self, row: int) -> Capture:
        return self._rows[row].pages

    def set_pages(self, row: int, pages: Capture) -> None:
        self._rows[row] = replace(self._rows[row], pages=pages)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def details(self, row: int) -> DocumentDetails:
        return self._rows[row].details

    def set_details(self, row: int, details: DocumentDetails) -> None:
        self._rows[row] = replace(self._rows[row], details=details)

    def lacking_ecopy(self) -> list[str]:
        """Names of the required lines received without an electronic copy."""
        return [r.check.material.name for r in self._rows if r.lacks_ecopy]

    # -- the clerk's steps --------------------------------------------------------------
    def toggle_received(self, row: int) -> None:
        """已收 <-> 未收; a 需补正 line becomes 已收 (the corrected material was handed in)."""
        self.set_check(row, toggled_received(self.check(row)))

    def mark_defective(self, row: int, reason: str) -> None:
        self.set_check(row, marked_defective(self.check(row), reason))

    def mark_required_received(self) -> int:
        """Every required material still 未收 becomes 已收; returns how many changed."""
        changed = 0
        for row, r in enumerate(self._rows):
            received = required_received(r.check)
            if received is not None:
                self.set_check(row, received)
                changed += 1
        return changed

    def set_copies(self, row: int, copies: int) -> bool:
        check = with_copies(self.check(row), copies)
        if check is None:
            return False
        self.set_check(row, check)
        return True

    def _pages_tooltip(self, pages: Capture) -> str:
        """The first pages as small pictures with where each came from (rich text)."""
        cells = []
        for number, page in enumerate(pages[:_TOOLTIP_PAGES], start=1):
            key = (page.sha256, page.rotation)
            if key not in self._thumbs:
                try:
                    png = thumbnail_png(page, _TOOLTIP_EDGE)
                    self._thumbs[key] = "data:image/png;base64," + b64encode(png).decode()
                except (PageError, OSError, ValueError):
                    self._thumbs[key] = ""
            picture = f'<img src="{self._thumbs[key]}"><br>' if self._thumbs[key] else ""
            label = QCoreApplication.translate("ChecklistModel", "第%1页").replace(
                "%1", str(number)
            )
            cells.append(f"<td align='center'>{picture}{label}<br>{escape(page.origin)}</td>")
        more = ""
        if len(pages) > _TOOLTIP_PAGES:
            more = QCoreApplication.translate("ChecklistModel", "共 %1 页").replace(
                "%1", str(len(pages))
            )
        return f"<table><tr>{''.join(cells)}</tr></table>{more}"

    # -- Qt model -----------------------------------------------------------------------
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in (self.RECEIVED, self.NOTE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.ECOPY and r.pages:
            return self._pages_tooltip(r.pages)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(r)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(r, index.column())
        return super().data(index, role)

    def _edit_value(self, row: ChecklistRow, column: int) -> Any:
        """What an editor starts from: the number of copies, the state without its reason."""
        if column == self.RECEIVED:
            return row.check.copies_received
        if column == self.STATE:
            return tr_domain(row.check.state.label)
        return self.columns[column].text(row)

    def extra_data(self, row: ChecklistRow, column: int, role: int) -> Any:
        """Colours and alignment: the state cell coloured, optional materials grey."""
        check = row.check
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATE:
            return library_colour(row.offer, check)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.STATE:
            colour = _state_colour(check)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.REQUIREMENT:
            return None if check.material.required else QBrush(_OPTIONAL_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.ECOPY and row.lacks_ecopy:
            return QBrush(_MISSING_ECOPY_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.COPIES,
            self.RECEIVED,
            self.ECOPY,
        ):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = index.row()
        if index.column() == self.RECEIVED:
            try:
                copies = int(str(value).strip())
            except ValueError:
                return False
            return self.set_copies(row, copies)
        if index.column() == self.NOTE:
            self.set_check(row, with_note(self.check(row), str(value)))
            return True
        return False


def _tooltip(r: ChecklistRow) -> str:
    material = r.check.material
    lines = [
        material.name,
        QCoreApplication.translate("ChecklistModel", "来源：%1").replace("%1", material.source),
    ]
    if material.note:
        lines.append(
            QCoreApplication.translate("ChecklistModel", "说明：%1").replace("%1", material.note)
        )
    if material.blank_form:
        lines.append(
            QCoreApplication.translate("ChecklistModel", "空白表格：%1").replace(
                "%1", material.blank_form
            )
        )
    if material.sample:
        lines.append(
            QCoreApplication.translate("ChecklistModel", "示例样表：%1").replace(
                "%1", material.sample
            )
        )
    if r.check.defect_reason:
        lines.append(
            QCoreApplication.translate("ChecklistModel", "需补正：%1").replace(
                "%1", r.check.defect_reason
            )
        )
    if r.serves:
        lines.append(
            QCoreApplication.translate("ChecklistModel", "适用事项：%1").replace(
                "%1", "、".join(r.serves)
            )
        )
    if r.pages:
        lines.append(
            QCoreApplication.translate("ChecklistModel", "电子件：%1").replace(
                "%1", "、".join(p.origin for p in r.pages)
            )
        )
    elif r.lacks_ecopy:
        lines.append(QCoreApplication.translate("ChecklistModel", "电子件：未采集（F11 采集）"))
    return "\n".join(lines)


def _state_colour(check: MaterialCheck) -> QColor | None:
    if check.state is MaterialState.RECEIVED:
        return RECEIVED_BG
    if check.state is MaterialState.DEFECTIVE:
        return DEFECTIVE_BG
    if check.material.required:
        return MISSING_REQUIRED_BG
    return None

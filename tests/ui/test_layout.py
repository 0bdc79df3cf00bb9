"""Every main screen at 1366×768 (the usual counter PC) and at 1920×1080, with the demo data:
the name, note and reason columns show the whole text (no "…": measured with the font against
the cell, wrapped lines included), the tables need no sideways scrolling, the supervisor's
queue table shows its rows, and no label covers an input box.

The screens are built by tests/ui/screens.py, which ``make screenshots`` uses too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QTableView,
    QTextEdit,
    QWidget,
)

from tests.ui.screens import (
    LONG_MATERIALS_ITEM,
    SIZES,
    DemoHall,
    longest_item_names,
    screens,
    start_demo_hall,
    stop_demo_hall,
)

# Columns whose text the clerk must read whole, by header.
NAME_HEADERS = {
    "材料名称",
    "事项名称",
    "事项",
    "队列",
    "申请人",
    "服务队列",
    "电子件",
    "材料",
    "说明",
    "原因",
}
INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit)
# Tables that must never need sideways scrolling on the clerk's screens.
NO_SIDEWAYS = {
    "checklistView",
    "itemResultsView",
    "ready_table",
    "history_table",
    "hallQueuesTable",
    "hallWindowsTable",
}
# The supervisor sees every queue of the demo hall at once.
QUEUE_TABLE_ROWS = 6


@pytest.fixture(scope="module")
def hall(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoHall]:
    demo = start_demo_hall(tmp_path_factory.mktemp("layout"))
    yield demo
    stop_demo_hall(demo)


def rect_in_window(widget: QWidget, rect: QRect | None = None) -> QRect:
    """``rect`` (default: the whole widget) in window coordinates, cut to what is visible."""
    window = widget.window()
    local = widget.rect() if rect is None else rect
    visible = widget.visibleRegion().boundingRect()
    local = local.intersected(visible)
    if local.isEmpty():
        return QRect()
    return QRect(widget.mapTo(window, local.topLeft()), local.size())


def shown(widget: QWidget) -> bool:
    return widget.isVisibleTo(widget.window()) and widget.isVisible()


def cell_problems(view: QTableView, screen: str) -> tuple[list[str], set[str]]:
    """Names in ``view`` that do not fit their cell, and every name measured."""
    model = view.model()
    problems: list[str] = []
    measured: set[str] = set()
    if model is None or not shown(view):
        return problems, measured
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    viewport = view.viewport().rect()
    for column in range(model.columnCount()):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if header not in NAME_HEADERS or view.isColumnHidden(column):
            continue
        for row in range(model.rowCount()):
            if view.isRowHidden(row):
                continue
            index = model.index(row, column)
            text = str(index.data() or "")
            if not text:
                continue
            font = index.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font if isinstance(font, QFont) else view.font())
            cell = view.visualRect(index)
            width = cell.width() - 2 * margin
            where = f"{screen}: {view.objectName()} «{header}» row {row + 1} «{text}»"
            if cell.left() < 0 or cell.left() + cell.width() > viewport.width() + 1:
                problems.append(f"{where}: column outside the table ({cell}, {viewport})")
                continue
            if view.wordWrap():
                flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
                needed = metrics.boundingRect(QRect(0, 0, max(width, 1), 100_000), flags, text)
                fits = needed.width() <= width + 1 and needed.height() <= cell.height()
                size = f"needs {needed.width()}×{needed.height()}"
            else:
                fits = metrics.horizontalAdvance(text) <= width
                size = f"needs {metrics.horizontalAdvance(text)} px"
            if not fits:
                problems.append(f"{where}: cut ({size}, cell {cell.width()}×{cell.height()})")
            measured.add(text.removeprefix("★ "))
    return problems, measured


def table_problems(view: QTableView, screen: str) -> list[str]:
    problems: list[str] = []
    if not shown(view):
        return problems
    name = view.objectName()
    if name in NO_SIDEWAYS and view.horizontalScrollBar().maximum() > 0:
        problems.append(f"{screen}: {name} needs a horizontal scrollbar")
    if name == "hallQueuesTable":
        model = view.model()
        assert model is not None
        wanted = min(QUEUE_TABLE_ROWS, model.rowCount())
        viewport = view.viewport().rect()
        whole = sum(
            1
            for row in range(model.rowCount())
            if viewport.contains(view.visualRect(model.index(row, 0)))
        )
        if whole < wanted:
            problems.append(f"{screen}: {name} shows {whole} whole rows of {wanted}")
    return problems


def overlaps(root: QWidget, screen: str) -> list[str]:
    """Visible labels with text whose visible part covers a visible input box."""
    labels = [
        (label, rect_in_window(label))
        for label in root.findChildren(QLabel)
        if shown(label) and label.text().strip() and not _inside_input(label)
    ]
    inputs = [
        (box, rect_in_window(box))
        for box in root.findChildren(QWidget)
        if isinstance(box, INPUTS) and shown(box) and not _inside_input(box)
    ]
    problems = []
    for label, label_rect in labels:
        for box, box_rect in inputs:
            if label_rect.isEmpty() or box_rect.isEmpty():
                continue
            common = label_rect.intersected(box_rect)
            if common.width() > 1 and common.height() > 1:
                problems.append(
                    f"{screen}: label {label.objectName() or label.text()[:12]!r} "
                    f"{label_rect} covers {type(box).__name__} {box.objectName()!r} {box_rect}"
                )
    return problems


def _inside_input(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (*INPUTS, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_shows_names_whole_and_no_label_covers_an_input(
    hall: DemoHall, size: tuple[int, int]
) -> None:
    problems: list[str] = []
    measured: set[str] = set()
    seen: list[str] = []
    for name, widget in screens(hall, size):
        seen.append(name)
        root = widget.window()
        if root.width() > size[0] or root.height() > size[1]:
            problems.append(f"{name}: {root.width()}×{root.height()} does not fit the screen")
        for view in root.findChildren(QTableView):
            found, texts = cell_problems(view, name)
            problems += found
            measured |= texts
            problems += table_problems(view, name)
        problems += overlaps(root, name)
    assert seen == [
        "login",
        "setup",
        "acceptance",
        "capture_dialog",
        "acceptance_messages",
        "acceptance_long_names",
        "acceptance_library",
        "acceptance_bundle",
        "acceptance_bundle_house",
        "ready_list",
        "delivery",
        "delivery_passport",
        "delivery_bundle",
        "history",
        "history_bundle",
        "case_detail_bundle",
        "hall_management",
        "hall_alerts",
        "hall_appointments",
        "hall_followups",
        "statistics",
        "print_preview",
        "upload_refused",
        "precheck",
        "kiosk",
        "hall_display",
        "evaluator",
    ]
    # The longest names of the demo were among those measured (or the test proves nothing).
    longest_material = max((m.name for m in hall.item(LONG_MATERIALS_ITEM).materials), key=len)
    assert longest_material in measured
    for item_name in longest_item_names(hall.items):
        assert item_name in measured, item_name
    assert "2页" in measured  # the 电子件 column of the line captured in capture_dialog
    assert not problems, "\n".join(problems)


def test_screenshots_are_not_kept_in_git() -> None:
    root = Path(__file__).resolve().parents[2]
    ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
    assert "out/" in ignored


def whole_rows(view: QTableView) -> int:
    """Rows of ``view`` shown whole (not cut at the top or the bottom)."""
    model = view.model()
    return sum(
        1
        for row in range(model.rowCount())
        if not view.isRowHidden(row)
        and view.visualRect(model.index(row, 0)).top() >= 0
        and view.visualRect(model.index(row, 0)).bottom() < view.viewport().height()
    )


def check_acceptance_room(page: Any) -> None:
    from clerk_app.domain.cases import DecisionKind
    from tests.ui.screens import settle

    panel = page.decision_panel

    def top(widget: QWidget) -> int:
        return int(widget.mapTo(page, widget.rect().topLeft()).y())

    def bottom(widget: QWidget) -> int:
        return int(widget.mapTo(page, widget.rect().bottomLeft()).y())

    assert page.applicant_box.isAncestorOf(page.new_button)
    assert bottom(page.new_button) < top(page.applicant_panel)
    assert top(page.new_button) < top(page.applicant_box) + 30  # the title line

    def empty_band() -> int:
        """Pixels between the last field shown and the confirm row."""
        shown = [w for w in (panel.delivery_box, panel.refuse_box) if w.isVisible()]
        return top(panel.confirm_button) - max(bottom(w) for w in shown)

    assert empty_band() < 30
    view = page.checklist_panel.findChild(QTableView, "checklistView")
    assert view is not None
    model = view.model()
    whole_rows = sum(
        1
        for row in range(model.rowCount())
        if view.visualRect(model.index(row, 0)).top() >= 0
        and view.visualRect(model.index(row, 0)).bottom() < view.viewport().height()
    )
    assert whole_rows >= 5, whole_rows

    panel.choose(DecisionKind.REFUSE)
    settle(100)
    assert panel.refuse_box.isVisible()
    assert panel.details_scroll.verticalScrollBar().maximum() == 0  # all of it in sight
    assert empty_band() < 30
    panel.choose(DecisionKind.ACCEPT)
    settle(100)
    assert empty_band() < 30


def test_the_checklist_gets_the_room_the_decision_and_the_new_button_do_not_need(
    hall: DemoHall,
) -> None:
    """At 1366×768: 新申请人 sits on the applicant box's title line (no row of its own), the
    decision box is as tall as the chosen decision's fields (no empty band), and so the
    checklist shows more rows. A decision with more fields grows the box, unscrolled."""
    for name, window in screens(hall, (1366, 768)):
        if name == "acceptance":
            check_acceptance_room(window.acceptance)  # type: ignore[attr-defined]
            break
    else:
        pytest.fail("no acceptance screen")


def test_a_bundle_keeps_the_checklists_height(hall: DemoHall) -> None:
    """At 1366×768 with a bundle of five items (企业开办 without the bank) and with 二手房
    (one item 容缺): the items' own decisions, dates and departments are listed in the item
    section, so the checklist keeps its rows; the decision box holds one date line."""
    found: dict[str, tuple[int, int, int]] = {}
    for name, window in screens(hall, (1366, 768)):
        if name in ("acceptance_bundle", "acceptance_bundle_house"):
            page = window.acceptance  # type: ignore[attr-defined]
            checklist = page.checklist_panel.view
            found[name] = (
                whole_rows(checklist),
                whole_rows(page.bundle_items.view),
                page.decision_box.height(),
            )
        if name == "ready_list":
            break
    assert set(found) == {"acceptance_bundle", "acceptance_bundle_house"}, found
    # 企业开办 accepted with one key: the decision is its radios, delivery and one date line
    checklist_rows, item_rows, decision_height = found["acceptance_bundle"]
    assert checklist_rows >= 5 and item_rows >= 4 and decision_height < 200, found
    # 二手房 with a 容缺 item adds the commitment row and the gap line; its materials' names
    # are long (three lines each): three whole rows stay in sight
    checklist_rows, item_rows, decision_height = found["acceptance_bundle_house"]
    assert checklist_rows >= 3 and item_rows >= 4 and decision_height < 250, found

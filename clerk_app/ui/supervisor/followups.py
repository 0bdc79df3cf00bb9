"""The 差评回访 tab of 大厅管理 (好差评 rules: a 差评 is checked, rectified and answered).

Each 差评 with its window, clerk, ticket, cases, the citizen's reason and comment, its due date
(the hall's working days; overdue ones red) and who it is assigned to. The supervisor assigns
it, records the contact with the citizen, the finding, the rectification and the answer
(保存, Ctrl+S), and closes it (办结回访) once every step is written; the server keeps each
change (versioned, audited) and refuses a close with a step missing.

Requests run on the page's task runner, never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from clerk_app.contract.enums import FollowupStatus
from clerk_app.contract.queue import FollowupIn, RatingOut, StaffRef
from clerk_app.domain.hall_time import in_hall_time
from clerk_app.domain.hall_watch import short_window_label
from clerk_app.ui.forms.ui_rating_followups import Ui_RatingFollowupsPanel
from clerk_app.ui.queue.label_role import set_role
from clerk_app.ui.screen_parts import readable_columns
from clerk_app.ui.table_model import AnyIndex, Column, RowTableModel
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.sync.queue_client import QueueClient

OVERDUE_BACKGROUND = QColor("#f6b3ad")
DARK_TEXT = QColor("#1b1f24")
STATUS_LABELS = {
    FollowupStatus.OPEN: str(QT_TRANSLATE_NOOP("RatingFollowupsModel", "待处理")),
    FollowupStatus.IN_PROGRESS: str(QT_TRANSLATE_NOOP("RatingFollowupsModel", "处理中")),
    FollowupStatus.DONE: str(QT_TRANSLATE_NOOP("RatingFollowupsModel", "已办结")),
}
FILTERS = (
    ("open", str(QT_TRANSLATE_NOOP("RatingFollowupsPanel", "未办结"))),
    ("done", str(QT_TRANSLATE_NOOP("RatingFollowupsPanel", "已办结"))),
    ("all", str(QT_TRANSLATE_NOOP("RatingFollowupsPanel", "全部"))),
)
TEXT_FIELDS = ("contact", "finding", "rectification", "answer")


class RatingFollowupsModel(RowTableModel[RatingOut]):
    """回访期限 (red when overdue), 号码, 窗口, 工作人员, 评价、原因, 状态, 分派给."""

    translation_context = "RatingFollowupsModel"
    DUE_COLUMN = 0
    REASON_COLUMN = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            Column(
                QT_TRANSLATE_NOOP("RatingFollowupsModel", "回访期限"),
                lambda r: r.followup_due.isoformat() if r.followup_due else "—",
            ),
            Column(
                QT_TRANSLATE_NOOP("RatingFollowupsModel", "号码"), lambda r: r.ticket_number or "—"
            ),
            Column(QT_TRANSLATE_NOOP("RatingFollowupsModel", "窗口"), self.window_text),
            Column(
                QT_TRANSLATE_NOOP("RatingFollowupsModel", "工作人员"),
                lambda r: r.clerk_name or r.clerk or "—",
            ),
            Column(QT_TRANSLATE_NOOP("RatingFollowupsModel", "评价、原因"), self.rating_text),
            Column(QT_TRANSLATE_NOOP("RatingFollowupsModel", "状态"), self.status_text),
            Column(
                QT_TRANSLATE_NOOP("RatingFollowupsModel", "分派给"),
                lambda r: r.assigned_to_name or r.assigned_to or "—",
            ),
        )

    def due_text(self, rating: RatingOut) -> str:
        if rating.followup_due is None:
            return "—"
        text = rating.followup_due.isoformat()
        return self.tr("%1（已逾期）").replace("%1", text) if rating.overdue else text

    @staticmethod
    def window_text(rating: RatingOut) -> str:
        return short_window_label(rating.window_no, rating.window_label or "")

    def rating_text(self, rating: RatingOut) -> str:
        if not rating.reason:
            return rating.label
        return self.tr("%1：%2").replace("%1", rating.label).replace("%2", rating.reason)

    def status_text(self, rating: RatingOut) -> str:
        status = rating.followup_status or FollowupStatus.OPEN
        return self.tr(STATUS_LABELS[status])

    def row_of(self, rating_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == rating_id), -1)

    def replace_row(self, rating: RatingOut) -> None:
        row = self.row_of(rating.id)
        if row < 0:
            return
        self._rows[row] = rating
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and index.column() == self.DUE_COLUMN
            and self._rows[index.row()].overdue
        ):
            return self.tr("已逾期，请尽快回访")
        return super().data(index, role)

    def extra_data(self, row: RatingOut, column: int, role: int) -> Any:
        if not row.overdue:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(DARK_TEXT)
        return None


class RatingFollowupsPanel(QWidget):
    """See the module doc. ``server`` gives the page's QueueClient, ``runner`` its thread."""

    loaded = Signal()  # after each list from the server (tests wait for it)
    followupSaved = Signal(object)  # RatingOut as the server now holds it
    countChanged = Signal(int)  # open 差评 (shown on the tab)

    def __init__(
        self,
        server: Callable[[], QueueClient],
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = Ui_RatingFollowupsPanel()
        self.form.setupUi(self)
        form = self.form
        self._server = server
        self._runner = runner
        self.model = RatingFollowupsModel(self)
        self.table = form.followupTable
        self.table.setModel(self.model)
        readable_columns(self.table, RatingFollowupsModel.REASON_COLUMN)
        form.followupSplitter.setStretchFactor(0, 3)
        form.followupSplitter.setStretchFactor(1, 2)
        self.filter_combo = form.followupFilterCombo
        for code, label in FILTERS:
            self.filter_combo.addItem(self.tr(label), code)
        self.assignee_combo = form.followupAssigneeCombo
        self.editors: dict[str, QPlainTextEdit] = {
            "contact": form.followupContactEdit,
            "finding": form.followupFindingEdit,
            "rectification": form.followupRectificationEdit,
            "answer": form.followupAnswerEdit,
        }
        self.save_button = form.followupSaveButton
        self.close_button = form.followupCloseButton
        self.message_label = form.followupMessageLabel
        self._pending_select: int | None = None
        self._typed: tuple[int, dict[str, str]] | None = None  # kept over a refused save
        self._saving = False
        self._has_staff = False
        self._connect()
        self._show_rating(None)

    def _connect(self) -> None:
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.save_button.clicked.connect(lambda: self.save(done=False))
        self.close_button.clicked.connect(lambda: self.save(done=True))
        shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.save(done=False))

    # --- loading ---------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        status = str(self.filter_combo.currentData() or "open")
        if not self._has_staff:
            self._runner.start(
                lambda: self._server().rating_assignees(),
                on_success=self._staff_loaded,
                on_failure=self._failed,
            )
        self._runner.start(
            lambda: self._server().rating_followups(status),
            on_success=lambda ratings: self._loaded(status, ratings),
            on_failure=self._failed,
        )

    def _staff_loaded(self, staff: list[StaffRef]) -> None:
        self._has_staff = True
        current = self.assignee_combo.currentData()
        self.assignee_combo.blockSignals(True)
        self.assignee_combo.clear()
        self.assignee_combo.addItem(self.tr("（未分派）"), "")
        for person in staff:
            label = self.tr("%1（%2）").replace("%1", person.display_name)
            self.assignee_combo.addItem(label.replace("%2", person.username), person.username)
        self.assignee_combo.setCurrentIndex(max(self.assignee_combo.findData(current), 0))
        self.assignee_combo.blockSignals(False)
        self._selection_changed()

    def _loaded(self, status: str, ratings: list[RatingOut]) -> None:
        if status != self.filter_combo.currentData():
            return  # the supervisor chose another list meanwhile: its answer follows
        selected = self.selected()
        wanted = self._pending_select or (selected.id if selected is not None else None)
        self.model.set_rows(ratings)
        open_count = sum(1 for r in ratings if r.followup_status is not FollowupStatus.DONE)
        overdue = sum(1 for r in ratings if r.overdue)
        self.form.followupSummaryLabel.setText(
            self.tr("共 %1 条，未办结 %2，已逾期 %3（红色）")
            .replace("%1", str(len(ratings)))
            .replace("%2", str(open_count))
            .replace("%3", str(overdue))
        )
        if status != "done":  # the open and the whole list both hold every open one
            self.countChanged.emit(open_count)
        opening = self._pending_select is not None
        self._pending_select = None
        if wanted is not None and self.select_rating(wanted):
            if opening:
                self._focus_first_step()
        elif wanted is not None:
            self._show_rating(None)
        elif ratings:
            self.table.selectRow(0)
        self._restore_typed()
        self.loaded.emit()

    def _restore_typed(self) -> None:
        typed, self._typed = self._typed, None
        rating = self.selected()
        if typed is None or rating is None or rating.id != typed[0]:
            return
        if rating.followup_status is FollowupStatus.DONE:
            return  # closed by someone else: nothing more to record
        for name, text in typed[1].items():  # only what was changed here
            self.editors[name].setPlainText(text)
        self._say(
            self.tr("此差评回访刚被他人更新，已显示最新内容并保留您修改的部分，请核对后再保存"),
            error=True,
        )

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self._say(str(getattr(exc, "detail", "") or exc), error=True)
        self._update_buttons()
        rating = self.selected()
        if getattr(exc, "status", None) == HTTPStatus.CONFLICT and rating is not None:
            # Someone else changed or closed it meanwhile: read what the server holds now,
            # keeping what was typed here for the next 保存 (on the new version).
            typed = {
                name: editor.toPlainText()
                for name, editor in self.editors.items()
                if editor.toPlainText().strip() != (getattr(rating, name) or "")
            }
            self._typed = (rating.id, typed)
            self.refresh()

    # --- selection -------------------------------------------------------------------------

    def selected(self) -> RatingOut | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_rating(self, rating_id: int) -> bool:
        row = self.model.row_of(rating_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def open_rating(self, rating_id: int) -> None:
        """Show one 差评's follow-up (from an alert): selected, the first empty step focused;
        looked for among all 差评 when the current list does not hold it."""
        if self.select_rating(rating_id):
            self._focus_first_step()
            return
        self._pending_select = rating_id
        everything = self.filter_combo.findData("all")
        if self.filter_combo.currentIndex() == everything:
            self.refresh()
        else:
            self.filter_combo.setCurrentIndex(everything)  # reloads

    def _focus_first_step(self) -> None:
        empty = [e for e in self.editors.values() if not e.toPlainText().strip()]
        target = empty[0] if empty else self.editors["contact"]
        if target.isEnabled():
            target.setFocus()

    def _selection_changed(self) -> None:
        self._show_rating(self.selected())
        if self.selected() is not None and self._pending_select is None:
            self._say("")

    def _show_rating(self, rating: RatingOut | None) -> None:
        form = self.form
        if rating is None:
            for label in (
                form.followupTicketLabel,
                form.followupCasesLabel,
                form.followupRatingLabel,
                form.followupCommentLabel,
                form.followupDueLabel,
            ):
                label.setText("—")
            for editor in self.editors.values():
                editor.setPlainText("")
            self._update_buttons()
            return
        where = rating.window_label or str(rating.window_no)
        clerk = rating.clerk_name or rating.clerk or "—"
        when = f"{in_hall_time(rating.rated_at):%Y-%m-%d %H:%M}"
        form.followupTicketLabel.setText(f"{rating.ticket_number or '—'} · {where} · {clerk}")
        form.followupCasesLabel.setText("、".join(rating.case_numbers) or self.tr("（未办件）"))
        form.followupRatingLabel.setText(f"{rating.label} · {rating.reason or '—'} · {when}")
        form.followupCommentLabel.setText(rating.comment or self.tr("（未留言）"))
        form.followupDueLabel.setText(self.model.due_text(rating))
        set_role(form.followupDueLabel, "error" if rating.overdue else "")
        index = self.assignee_combo.findData(rating.assigned_to or "")
        self.assignee_combo.setCurrentIndex(max(index, 0))
        for name, editor in self.editors.items():
            editor.setPlainText(getattr(rating, name) or "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        rating = self.selected()
        editable = (
            rating is not None and rating.followup_status is not FollowupStatus.DONE
        ) and not self._saving
        for editor in self.editors.values():
            editor.setReadOnly(not editable)
        self.assignee_combo.setEnabled(editable and self._has_staff)
        self.save_button.setEnabled(editable)
        self.close_button.setEnabled(editable)

    # --- saving ----------------------------------------------------------------------------

    def change(self, *, done: bool) -> FollowupIn | None:
        """The change the editors hold for the selected 差评."""
        rating = self.selected()
        if rating is None:
            return None
        texts = {name: editor.toPlainText().strip() for name, editor in self.editors.items()}
        assignee = self.assignee_combo.currentData() if self._has_staff else None
        return FollowupIn(
            version=rating.followup_version,
            assigned_to=str(assignee) if assignee is not None else None,
            done=done,
            **texts,
        )

    @Slot()
    def save(self, *, done: bool) -> None:
        rating = self.selected()
        change = self.change(done=done)
        if rating is None or change is None or self._saving or not self.save_button.isEnabled():
            return
        self._saving = True
        self._update_buttons()
        self._runner.start(
            lambda: self._server().record_followup(rating.id, change),
            on_success=self._saved,
            on_failure=self._failed,
        )

    def _saved(self, rating: RatingOut) -> None:
        self._saving = False
        self.model.replace_row(rating)
        self._show_rating(rating)
        if rating.followup_status is FollowupStatus.DONE:
            self._say(self.tr("%1 的差评回访已办结").replace("%1", rating.ticket_number or ""))
        else:
            self._say(self.tr("回访情况已保存"))
        self.followupSaved.emit(rating)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
        set_role(self.message_label, "error" if error else "ok")

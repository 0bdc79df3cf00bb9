"""The status bar's sync indicator, and the details dialog behind it.

The indicator tells the clerk the truth: online or offline, how many operations wait to be
uploaded, how many the server refused, and when the last sync succeeded. A click opens the
details: every refused operation with the server's reason, and two explicit ways out —
"修改后重新提交" (after fixing the case) or "放弃此操作" (confirmed; nothing is dropped silently).
A push the server refused as a whole (this account may not upload) is shown as such, with the
server's reason; the engine holds it until the login changes or "重新上传" is pressed
(``pushRetryRequested``, connected to ``engine.retry_push``).

Wiring (the main window does it): ``engine = SyncEngine(..., on_status=widget.post_status)``;
``widget.post_status`` may be called from the engine's worker thread (a queued signal carries
it to the GUI thread). Connect ``operationRetried`` / ``operationDiscarded`` to
``engine.wake`` so the change goes out at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clerk_app.domain.hall_time import in_hall_time
from clerk_app.store.local import LocalStore
from clerk_app.store.rejected import RejectedOperation
from clerk_app.sync.engine import SyncStatus
from clerk_app.ui.table_model import AnyIndex, Column, RowTableModel
from clerk_app.ui.workers import ThreadHandoff

_KIND_LABELS = {
    "case.create": "新建案件",
    "case.update": "修改案件",
    "case.print": "打印记录",
    "case.upsert": "案件",
    "case.event": "案件记录",
    "case.deliver": "出件",
    "applicant.save": "申请人信息",
    "applicant.upsert": "申请人信息",
}


def kind_label(kind: str) -> str:
    return _KIND_LABELS.get(kind, kind)


def status_text(status: SyncStatus) -> str:
    """One line for the status bar, in Chinese."""
    parts = ["● 在线" if status.online else "○ 离线"]
    parts.append(f"待上传 {status.pending}")
    if status.rejected:
        parts.append(f"被退回 {status.rejected}")
    if status.refused:
        parts.append("上传被拒绝")
    if status.last_success is not None:
        parts.append(f"上次同步 {in_hall_time(status.last_success):%m-%d %H:%M}")
    else:
        parts.append("尚未同步")
    return "　".join(parts)


class SyncStatusWidget(QLabel):
    """A clickable status-bar label; ``clicked`` opens the details (see ``open_details``)."""

    clicked = Signal()
    statusChanged = Signal(object)  # SyncStatus, in the GUI thread
    operationRetried = Signal(str)  # new operation id
    operationDiscarded = Signal(str)  # discarded operation id
    pushRetryRequested = Signal()  # the clerk asks to send a refused push again

    def __init__(self, store: LocalStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        self.store = store
        self.status: SyncStatus | None = None
        self.dialog: SyncDetailsDialog | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("点击查看同步详情和被退回的操作")
        self._handoff = ThreadHandoff(self.set_status)  # from the sync thread
        self.clicked.connect(self.open_details)
        pending, rejected = store.outbox.sync_counts()
        self.set_status(SyncStatus(False, pending, rejected, None, None))

    def post_status(self, status: SyncStatus) -> None:
        """Thread-safe: hand a status over to the GUI thread."""
        self._handoff(status)

    @Slot(object)
    def set_status(self, status: SyncStatus) -> None:
        self.status = status
        self.setText(status_text(status))
        self.setProperty("rejected", status.rejected > 0 or bool(status.refused))
        self.setProperty("online", status.online)
        tip = "点击查看同步详情和被退回的操作"
        if status.error:
            tip = f"{status.error}\n{tip}"
        if status.refused:
            tip = f"中心服务器拒绝上传：{status.refused}\n{tip}"
        self.setToolTip(tip)
        self.style().unpolish(self)
        self.style().polish(self)
        self.statusChanged.emit(status)

    def refresh_counts(self) -> None:
        """Re-read the counts from the store (after a retry or discard)."""
        pending, rejected = self.store.outbox.sync_counts()
        old = self.status or SyncStatus(False, 0, 0, None, None)
        self.set_status(replace(old, pending=pending, rejected=rejected))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def open_details(self) -> SyncDetailsDialog:
        dialog = SyncDetailsDialog(self.store, self.status, self)
        dialog.retried.connect(self.operationRetried)
        dialog.discarded.connect(self.operationDiscarded)
        dialog.pushRetryRequested.connect(self.pushRetryRequested)
        dialog.retried.connect(lambda _id: self.refresh_counts())
        dialog.discarded.connect(lambda _id: self.refresh_counts())
        self.dialog = dialog
        dialog.setModal(True)
        dialog.show()
        return dialog


def _rejected_at(row: RejectedOperation) -> str:
    created: datetime = row.created_at
    return f"{in_hall_time(created):%m-%d %H:%M}"


class RejectedModel(RowTableModel[RejectedOperation]):
    """The operations the server refused; every cell's tooltip is the server's reason."""

    columns = (
        Column("对象", lambda r: r.ref),
        Column("操作", lambda r: kind_label(r.kind)),
        Column("类型", lambda r: "版本冲突" if r.conflict else "被拒绝"),
        Column("服务器的原因", lambda r: r.detail),
        Column("时间", _rejected_at),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            valid = index.isValid() and 0 <= index.row() < len(self._rows)
            return self._rows[index.row()].detail if valid else None
        return super().data(index, role)


Confirm = Callable[[QWidget, str], bool]


def ask_confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "放弃操作",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class SyncDetailsDialog(QDialog):
    """Refused operations with the server's reason; retry after fixing, or discard."""

    retried = Signal(str)
    discarded = Signal(str)
    pushRetryRequested = Signal()

    def __init__(
        self,
        store: LocalStore,
        status: SyncStatus | None,
        parent: QWidget | None = None,
        *,
        confirm: Confirm = ask_confirm,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sync_details")
        self.setWindowTitle("数据同步详情")
        self.store = store
        self.confirm = confirm
        self.summary = QLabel(self)
        self.summary.setObjectName("sync_summary")
        self.summary.setWordWrap(True)
        self.model = RejectedModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("rejected_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.reason = QLabel(self)
        self.reason.setObjectName("rejected_reason")
        self.reason.setWordWrap(True)
        self.retry_button = QPushButton("修改后重新提交(&R)", self)
        self.retry_button.setObjectName("retry_button")
        self.retry_button.setToolTip("先在案件查询中改正案件，再点此按当前内容重新提交")
        self.discard_button = QPushButton("放弃此操作(&D)", self)
        self.discard_button.setObjectName("discard_button")
        self.retry_push_button = QPushButton("重新上传(&U)", self)
        self.retry_push_button.setObjectName("retry_push_button")
        self.retry_push_button.setToolTip("换有受理权限的账号登录后会自动重新上传")
        self.retry_push_button.clicked.connect(self.retry_push)
        close_button = QPushButton("关闭", self)
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_push_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason)
        layout.addLayout(buttons)
        self.retry_button.clicked.connect(self.retry_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.resize(820, 420)
        self._status = status
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(self.store.rejected.all())
        pending, rejected = self.store.outbox.sync_counts()
        status = self._status
        online = "在线" if status is not None and status.online else "离线（网络恢复后自动上传）"
        last = (
            f"{in_hall_time(status.last_success):%Y-%m-%d %H:%M:%S}"
            if status is not None and status.last_success
            else "尚未同步"
        )
        text = f"连接：{online}　待上传：{pending}　被退回：{rejected}　上次成功同步：{last}"
        if status is not None and status.error:
            text += f"\n最近一次同步失败：{status.error}"
        refused = status.refused if status is not None else None
        if refused:
            text += (
                f"\n中心服务器拒绝了本窗口的上传：{refused}。"
                "已停止自动重试，待上传的操作保留在本机；换账号登录或点“重新上传”后再试。"
            )
        self.retry_push_button.setVisible(bool(refused))
        if not rejected:
            text += "\n没有被退回的操作。"
        self.summary.setText(text)
        if self.model.rows:
            self.table.selectRow(0)
        self._on_selection()

    def selected(self) -> RejectedOperation | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[rows[0].row()]

    def _on_selection(self) -> None:
        op = self.selected()
        self.retry_button.setEnabled(op is not None)
        self.discard_button.setEnabled(op is not None)
        if op is None:
            self.reason.setText("")
            return
        extra = ""
        if op.conflict:
            extra = (
                f"\n服务器当前版本：{op.server_version}。重新提交时保留服务器上的改动和办理记录，"
                "只把本窗口改过的内容合并上去。"
            )
        self.reason.setText(f"{op.ref}：{op.detail}{extra}")

    def retry_push(self) -> None:
        """Send the refused push again (the engine tries at once; its answer comes back
        through the status bar)."""
        if self._status is not None:
            self._status = replace(self._status, refused=None)
        self.reload()
        self.pushRetryRequested.emit()

    def retry_selected(self) -> None:
        op = self.selected()
        if op is None:
            return
        try:
            new_id = self.store.rejected.retry(op.op_id)
        except LookupError as exc:
            self.reason.setText(str(exc))
            self.reload()
            return
        self.reload()
        self.retried.emit(new_id)

    def discard_selected(self) -> None:
        op = self.selected()
        if op is None:
            return
        text = (
            f"确定放弃对 {op.ref} 的这次{kind_label(op.kind)}吗？\n"
            "放弃后它不会再上传到中心服务器"
            + ("，本机案件将恢复为服务器上的版本。" if op.conflict else "。")
        )
        if not self.confirm(self, text):
            return
        try:
            self.store.rejected.discard(op.op_id)
        except LookupError as exc:
            self.reason.setText(str(exc))
            self.reload()
            return
        self.reload()
        self.discarded.emit(op.op_id)

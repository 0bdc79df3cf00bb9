"""The status bar's sync indicator, and the details dialog behind it.

Beside it, ``UploadStatusWidget`` says how the captured material files are getting to the
server (waiting, the % of bytes the server confirmed, refused with the reasons).

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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from clerk_app.domain.hall_time import hall_now, in_hall_time
from clerk_app.store.attachments import RefusedFile, UploadProgress
from clerk_app.store.local import LocalStore
from clerk_app.store.rejected import RejectedOperation
from clerk_app.sync.engine import SyncStatus
from clerk_app.ui.table_model import AnyIndex, Column, Row, RowTableModel
from clerk_app.ui.workers import ThreadHandoff

_KIND_LABELS = {
    "case.create": str(QT_TRANSLATE_NOOP("SyncDetailsDialog", "新建案件")),
    "case.update": str(QT_TRANSLATE_NOOP("SyncDetailsDialog", "修改案件")),
    "case.print": str(QT_TRANSLATE_NOOP("SyncDetailsDialog", "打印记录")),
    "case.upsert": str(QT_TRANSLATE_NOOP("SyncDetailsDialog", "案件")),
    "case.event": str(QT_TRANSLATE_NOOP("SyncDetailsDialog", "案件记录")),
    "case.deliver": str(QT_TRANSLATE_NOOP("SyncDetailsDialog", "出件")),
    "applicant.save": str(QT_TRANSLATE_NOOP("SyncDetailsDialog", "申请人信息")),
    "applicant.upsert": str(QT_TRANSLATE_NOOP("SyncDetailsDialog", "申请人信息")),
}


def kind_label(kind: str) -> str:
    label = _KIND_LABELS.get(kind)
    return QCoreApplication.translate("SyncDetailsDialog", label) if label else kind


def status_text(status: SyncStatus) -> str:
    """One line for the status bar."""
    parts = [
        QCoreApplication.translate("SyncStatusWidget", "● 在线")
        if status.online
        else QCoreApplication.translate("SyncStatusWidget", "○ 离线")
    ]
    parts.append(
        QCoreApplication.translate("SyncStatusWidget", "待上传 %1").replace(
            "%1", str(status.pending)
        )
    )
    if status.rejected:
        parts.append(
            QCoreApplication.translate("SyncStatusWidget", "被退回 %1").replace(
                "%1", str(status.rejected)
            )
        )
    if status.refused:
        parts.append(QCoreApplication.translate("SyncStatusWidget", "上传被拒绝"))
    if status.last_success is not None:
        last = f"{in_hall_time(status.last_success):%m-%d %H:%M}"
        parts.append(
            QCoreApplication.translate("SyncStatusWidget", "上次同步 %1").replace("%1", last)
        )
    else:
        parts.append(QCoreApplication.translate("SyncStatusWidget", "尚未同步"))
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
        self.setToolTip(self.tr("点击查看同步详情和被退回的操作"))
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
        tip = self.tr("点击查看同步详情和被退回的操作")
        if status.error:
            tip = f"{status.error}\n{tip}"
        if status.refused:
            tip = self.tr("中心服务器拒绝上传：%1").replace("%1", status.refused) + f"\n{tip}"
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


def _rejection_kind(row: RejectedOperation) -> str:
    if row.conflict:
        return QCoreApplication.translate("SyncDetailsDialog", "版本冲突")
    return QCoreApplication.translate("SyncDetailsDialog", "被拒绝")


class _ReasonModel(RowTableModel[Row]):
    """Rows the server refused: every cell's tooltip is the server's reason."""

    def reason(self, row: Row) -> str | None:
        raise NotImplementedError

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            valid = index.isValid() and 0 <= index.row() < len(self._rows)
            return self.reason(self._rows[index.row()]) if valid else None
        return super().data(index, role)


class RejectedModel(_ReasonModel[RejectedOperation]):
    """The operations the server refused; every cell's tooltip is the server's reason."""

    translation_context = "SyncDetailsDialog"
    columns = (
        Column(QT_TRANSLATE_NOOP("SyncDetailsDialog", "对象"), lambda r: r.ref),
        Column(QT_TRANSLATE_NOOP("SyncDetailsDialog", "操作"), lambda r: kind_label(r.kind)),
        Column(QT_TRANSLATE_NOOP("SyncDetailsDialog", "类型"), _rejection_kind),
        Column(QT_TRANSLATE_NOOP("SyncDetailsDialog", "服务器的原因"), lambda r: r.detail),
        Column(QT_TRANSLATE_NOOP("SyncDetailsDialog", "时间"), _rejected_at),
    )

    def reason(self, row: RejectedOperation) -> str | None:
        return row.detail


Confirm = Callable[[QWidget, str], bool]


def ask_confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("SyncDetailsDialog", "放弃操作"),
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
        self.setWindowTitle(self.tr("数据同步详情"))
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
        self.retry_button = QPushButton(self.tr("修改后重新提交(&R)"), self)
        self.retry_button.setObjectName("retry_button")
        self.retry_button.setToolTip(self.tr("先在案件查询中改正案件，再点此按当前内容重新提交"))
        self.discard_button = QPushButton(self.tr("放弃此操作(&D)"), self)
        self.discard_button.setObjectName("discard_button")
        self.retry_push_button = QPushButton(self.tr("重新上传(&U)"), self)
        self.retry_push_button.setObjectName("retry_push_button")
        self.retry_push_button.setToolTip(self.tr("换有受理权限的账号登录后会自动重新上传"))
        self.retry_push_button.clicked.connect(self.retry_push)
        close_button = QPushButton(self.tr("关闭"), self)
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
        online = (
            self.tr("在线")
            if status is not None and status.online
            else self.tr("离线（网络恢复后自动上传）")
        )
        last = (
            f"{in_hall_time(status.last_success):%Y-%m-%d %H:%M:%S}"
            if status is not None and status.last_success
            else self.tr("尚未同步")
        )
        text = (
            self.tr("连接：%1　待上传：%2　被退回：%3　上次成功同步：%4")
            .replace("%1", online)
            .replace("%2", str(pending))
            .replace("%3", str(rejected))
            .replace("%4", last)
        )
        if status is not None and status.error:
            text += "\n" + self.tr("最近一次同步失败：%1").replace("%1", status.error)
        refused = status.refused if status is not None else None
        if refused:
            text += "\n" + self.tr(
                "中心服务器拒绝了本窗口的上传：%1。"
                "已停止自动重试，待上传的操作保留在本机；换账号登录或点“重新上传”后再试。"
            ).replace("%1", refused)
        self.retry_push_button.setVisible(bool(refused))
        if not rejected:
            text += "\n" + self.tr("没有被退回的操作。")
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
            extra = "\n" + self.tr(
                "服务器当前版本：%1。重新提交时保留服务器上的改动和办理记录，"
                "只把本窗口改过的内容合并上去。"
            ).replace("%1", str(op.server_version))
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
        if op.conflict:
            text = self.tr(
                "确定放弃对 %1 的这次%2吗？\n"
                "放弃后它不会再上传到中心服务器，本机案件将恢复为服务器上的版本。"
            )
        else:
            text = self.tr("确定放弃对 %1 的这次%2吗？\n放弃后它不会再上传到中心服务器。")
        text = text.replace("%1", op.ref).replace("%2", kind_label(op.kind))
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


# ------------------------------------------------------------------ captured files' upload


def upload_text(progress: UploadProgress) -> str:
    """One status-bar line about the captured files ("" = nothing waiting or refused)."""
    parts: list[str] = []
    if progress.pending:
        text = QCoreApplication.translate("UploadStatusWidget", "材料待上传 %1").replace(
            "%1", str(progress.pending)
        )
        if progress.uploading:
            text += QCoreApplication.translate("UploadStatusWidget", "（已传 %1%）").replace(
                "%1", str(progress.percent)
            )
        parts.append(text)
    if progress.refused:
        parts.append(
            QCoreApplication.translate("UploadStatusWidget", "材料被拒 %1").replace(
                "%1", str(progress.refused)
            )
        )
    return "　".join(parts)


def _refused_line(row: RefusedFile) -> str:
    return (
        QCoreApplication.translate("UploadStatusWidget", "%1 第%2项 %3：%4")
        .replace("%1", row.file.case_number)
        .replace("%2", str(row.file.line_no + 1))  # the checklist's numbering
        .replace("%3", row.file.file_name)
        .replace("%4", row.file.error or "")
    )


class UploadStatusWidget(QLabel):
    """The captured files on their way to the server: how many wait, how far the upload is
    (the bytes the server confirmed), how many it refused and the clerk has not yet noted
    (red; the reasons in the tooltip, a click lists them: 重新上传 or 已知悉). Hidden while
    there is nothing to say.

    The store is read with one aggregate query on an indexed column (and the refused rows,
    a few); ``refresh`` runs after every sync round (``StatusLine`` connects it) and every
    ``poll_ms`` while files are uploading, so the percentage moves chunk by chunk.
    ``resendRequested``: refused files are pending again (connect it to the sync engine's
    ``wake``). ``clerk``: the username an acknowledgement is noted under."""

    clicked = Signal()
    resendRequested = Signal()

    def __init__(
        self,
        store: LocalStore,
        parent: QWidget | None = None,
        poll_ms: int = 2000,
        *,
        clerk: str = "",
        now: Callable[[], datetime] = hall_now,
    ):
        super().__init__(parent)
        self.setObjectName("upload_status")
        self.store = store
        self.clerk = clerk
        self._now = now
        self.progress = UploadProgress()
        self.dialog: UploadRefusedDialog | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.refresh)
        self.clicked.connect(self.open_refused)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self.show_progress(self.store.attachments.upload_progress())

    def show_progress(self, progress: UploadProgress) -> None:
        self.progress = progress
        text = upload_text(progress)
        self.setText(text)
        self.setVisible(bool(text))
        self.setProperty("role", "error" if progress.refused else "")  # red (the theme's)
        tip = ""
        if progress.pending:
            tip = (
                self.tr("采集的材料文件保存在本机，案件上传后依次上传：%1 个待上传，共 %2 MB")
                .replace("%1", str(progress.pending))
                .replace("%2", f"{progress.pending_bytes / 1048576:.1f}")
            )
        if progress.refused:
            lines = [_refused_line(row) for row in progress.refused_rows]
            tip = "\n".join(
                [t for t in (tip, self.tr("中心服务器拒收的材料（点击查看）：")) if t] + lines
            )
        self.setToolTip(tip)
        self.style().unpolish(self)
        self.style().polish(self)
        if progress.pending and not self._poll.isActive():
            self._poll.start()
        elif not progress.pending:
            self._poll.stop()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.progress.refused:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def open_refused(self) -> UploadRefusedDialog:
        dialog = UploadRefusedDialog(self.store, self, clerk=self.clerk, now=self._now)
        dialog.changed.connect(self.refresh)
        dialog.resent.connect(self.resendRequested)
        self.dialog = dialog
        dialog.setModal(True)
        dialog.show()
        return dialog


def _moment(text: str | None) -> str:
    """A stored instant in hall time, to the minute ("—": none noted)."""
    if not text:
        return "—"
    try:
        return f"{in_hall_time(datetime.fromisoformat(text)):%m-%d %H:%M}"
    except ValueError:
        return text


def _line(row: RefusedFile) -> str:
    number = QCoreApplication.translate("UploadRefusedDialog", "第%1项").replace(
        "%1", str(row.file.line_no + 1)
    )
    return f"{number} {row.material_name}".strip()


def _acknowledged(row: RefusedFile) -> str:
    if not row.acknowledged:
        return ""
    return f"{row.file.acknowledged_by or ''} {_moment(row.file.acknowledged_at)}".strip()


class RefusedFilesModel(_ReasonModel[RefusedFile]):
    """The captured files the server refused; each cell's tooltip is the server's reason."""

    translation_context = "UploadRefusedDialog"
    columns = (
        Column(QT_TRANSLATE_NOOP("UploadRefusedDialog", "案件"), lambda r: r.file.case_number),
        Column(QT_TRANSLATE_NOOP("UploadRefusedDialog", "材料"), _line),
        Column(QT_TRANSLATE_NOOP("UploadRefusedDialog", "文件"), lambda r: r.file.file_name),
        Column(QT_TRANSLATE_NOOP("UploadRefusedDialog", "原因"), lambda r: r.file.error or ""),
        Column(
            QT_TRANSLATE_NOOP("UploadRefusedDialog", "被拒时间"),
            lambda r: _moment(r.file.refused_at),
        ),
        Column(QT_TRANSLATE_NOOP("UploadRefusedDialog", "已知悉"), _acknowledged),
    )
    REASON = 3
    ACKNOWLEDGED = 5

    def reason(self, row: RefusedFile) -> str | None:
        return row.file.error


class UploadRefusedDialog(QDialog):
    """The refused files, newest first, with the server's reason. The clerk sends the
    selected files again (重新上传: a refusal the server may no longer make, e.g. after a
    permission or a limit changed) or notes them (已知悉: they leave the status line's red
    count; the file and its record stay, with who noted it and when). The acknowledged ones
    are listed on request."""

    changed = Signal()  # refusals were acknowledged or sent again: the count moved
    resent = Signal()  # files are pending again: the sync engine may send them now

    def __init__(
        self,
        store: LocalStore,
        parent: QWidget | None = None,
        *,
        clerk: str = "",
        now: Callable[[], datetime] = hall_now,
        limit: int = 200,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("upload_refused")
        self.setWindowTitle(self.tr("被拒收的材料"))
        self.store = store
        self.clerk = clerk
        self._now = now
        self._limit = limit
        self.summary = QLabel(self)
        self.summary.setObjectName("upload_refused_summary")
        self.summary.setWordWrap(True)
        self.model = RefusedFilesModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("upload_refused_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RefusedFilesModel.REASON, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.show_acknowledged = QCheckBox(self.tr("显示已知悉的"), self)
        self.show_acknowledged.setObjectName("upload_refused_show_acknowledged")
        self.show_acknowledged.toggled.connect(self.reload)
        self.resend_button = QPushButton(self.tr("重新上传(&U)"), self)
        self.resend_button.setObjectName("upload_refused_resend")
        self.resend_button.setToolTip(
            self.tr("原因已消除（如权限或大小限制已调整）时，把选中的文件再交给中心服务器")
        )
        self.resend_button.clicked.connect(self.resend_selected)
        self.acknowledge_button = QPushButton(self.tr("已知悉(&K)"), self)
        self.acknowledge_button.setObjectName("upload_refused_acknowledge")
        self.acknowledge_button.setToolTip(
            self.tr("不再计入状态栏的“材料被拒”；文件和记录保留在本机")
        )
        self.acknowledge_button.clicked.connect(self.acknowledge_selected)
        close_button = QPushButton(self.tr("关闭"), self)
        close_button.setObjectName("upload_refused_close")
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.resend_button)
        buttons.addWidget(self.acknowledge_button)
        buttons.addWidget(self.show_acknowledged)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.resize(980, 400)
        self.reload()

    @Slot()
    def reload(self) -> None:
        shown = self.show_acknowledged.isChecked()
        rows = self.store.attachments.refused(self._limit, acknowledged=shown)
        self.model.set_rows(list(rows))
        self.table.setColumnHidden(RefusedFilesModel.ACKNOWLEDGED, not shown)
        open_count = self.store.attachments.upload_progress(0).refused
        if open_count:
            text = self.tr(
                "中心服务器拒收了 %1 个材料文件（原因见下表）。原因已消除的可重新上传；"
                "否则请在案件中重新采集该材料，并点“已知悉”。"
            ).replace("%1", str(open_count))
        else:
            text = self.tr("没有未处理的被拒材料。")
        if len(rows) >= self._limit:
            text += self.tr("（只列出最近的 %1 个）").replace("%1", str(len(rows)))
        self.summary.setText(text)
        if rows:
            self.table.selectRow(0)
        self._on_selection()

    def selected(self) -> list[RefusedFile]:
        return [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]

    def _on_selection(self) -> None:
        chosen = self.selected()
        self.resend_button.setEnabled(bool(chosen))
        self.acknowledge_button.setEnabled(any(not r.acknowledged for r in chosen))

    def acknowledge_selected(self) -> None:
        ids = [r.file.id for r in self.selected() if not r.acknowledged]
        if not ids:
            return
        self.store.attachments.acknowledge_refused(ids, self.clerk, self._now())
        self.reload()
        self.changed.emit()

    def resend_selected(self) -> None:
        ids = [r.file.id for r in self.selected()]
        if not ids or not self.store.attachments.resend_refused(ids):
            return
        self.reload()
        self.changed.emit()
        self.resent.emit()

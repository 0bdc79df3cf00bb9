"""A saved case's documents, printed one after the other: one preview at a time, the next once
it closes. Leaving with documents still to print flags the notices that must be handed over."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from clerk_app.domain.notices import MUST_HAND_OVER

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from clerk_app.domain.cases import Case
    from clerk_app.printing import DocType
    from clerk_app.ui.context import WindowContext
    from clerk_app.ui.print_preview import PrintPreviewDialog
    from clerk_app.ui.workers import TaskRunner


class SavedCasePrinter(QObject):
    """The print queue of one window; previews open over ``window``."""

    previewOpened = Signal(object)  # PrintPreviewDialog
    allPrinted = Signal()  # the queue ran empty (the print records wait in the outbox)

    def __init__(self, context: WindowContext, runner: TaskRunner, window: QWidget) -> None:
        super().__init__(window)
        self._context = context
        self._runner = runner
        self._window = window
        # (case, document, the bundle's cases when the document is the bundle's notice)
        self._queue: deque[tuple[Case, DocType, list[Case] | None]] = deque()
        self.current_preview: PrintPreviewDialog | None = None
        self._stopped = False

    def print_case(self, case: Case) -> None:
        """Queue every document of a saved case; the first preview opens now if none is open."""
        from clerk_app.printing import documents_for

        for doc_type in documents_for(case):
            self._queue.append((case, doc_type, None))
        if self.current_preview is None:
            self._open_next()

    def print_bundle(self, cases: list[Case]) -> None:
        """Queue a bundle application's documents: its 一件事受理通知书 (logged on the first
        case, whose number the bundle's is made of), then each item's own notice where its
        decision needs one (容缺, 一次性告知, 不予受理)."""
        from clerk_app.printing.bundle_notice import BundleDoc, own_documents

        notice = cast("DocType", BundleDoc.BUNDLE_NOTICE)  # only .label and .value are used
        self._queue.append((cases[0], notice, list(cases)))
        for case in cases:
            for doc_type in own_documents(case):
                self._queue.append((case, doc_type, None))
        if self.current_preview is None:
            self._open_next()

    def _open_next(self) -> None:
        from clerk_app.ui.print_preview import open_bundle_preview, open_preview

        if self._stopped:
            return
        if not self._queue:
            self.current_preview = None
            self.allPrinted.emit()
            return
        case, doc_type, bundle = self._queue.popleft()
        if bundle is not None:
            dialog = open_bundle_preview(
                self._context, bundle, runner=self._runner, parent=self._window
            )
        else:
            dialog = open_preview(
                self._context, case, doc_type, runner=self._runner, parent=self._window
            )
        dialog.finished.connect(self._preview_finished)
        self.current_preview = dialog
        dialog.open()
        self.previewOpened.emit(dialog)

    @Slot(int)
    def _preview_finished(self, _result: int) -> None:
        self.current_preview = None
        # Next document once this dialog is gone, so focus returns through the window.
        QTimer.singleShot(0, self._open_next)

    def abandon(self) -> None:
        """Leaving with documents still to print: a notice that must be handed over (open or
        still queued) is flagged 通知书未打印, to be reprinted from 案件查询."""
        from clerk_app.ui.print_preview import flag_unprinted_notice

        self._stopped = True
        user = self._context.user
        by = user.display_name or user.username
        while self._queue:
            case, doc_type, _bundle = self._queue.popleft()
            if doc_type.value in MUST_HAND_OVER:
                flag_unprinted_notice(self._context.store, case, doc_type, by)
        preview, self.current_preview = self.current_preview, None
        if preview is not None:
            preview.abandon()

"""The 出件 page's printing: the 送达回证 or 邮寄单 of one case, or of several cases handed out
together (a bundle's results: one preview, one print, each case's print log gets its entry)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from clerk_app.domain.cases import Case
from clerk_app.domain.hall_time import hall_now
from clerk_app.printing.delivery import (
    Delivery,
    DeliveryDoc,
    render_deliveries,
    render_delivery,
)
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.print_preview import (
    PREVIEW_DPI,
    PdfPreviewDialog,
    PrintPreviewDialog,
    RenderFn,
    make_print_context,
    open_rendered_preview,
    rasterize_pdf,
)
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.store.local import LocalStore
    from clerk_app.store.prints import PrintRecord
    from clerk_app.ui.context import WindowContext


def printed_before(context: WindowContext, numbers: Sequence[str], doc: DeliveryDoc) -> bool:
    """Whether ``doc`` was printed for any of the cases already (this print is a reprint)."""
    return context.store.prints.printed(doc.value, numbers)


def open_delivery_preview(
    context: WindowContext,
    case: Case,
    doc: DeliveryDoc,
    delivery: Delivery,
    *,
    reprint: bool = False,
    runner: TaskRunner | None = None,
    parent: QWidget | None = None,
) -> PrintPreviewDialog:
    """The print preview of the 送达回证 or 邮寄单; a print is logged under ``doc.value``."""
    templates_dir = context.templates_dir
    return open_rendered_preview(
        context,
        case,
        doc,
        lambda ctx: render_delivery(doc, case, delivery, ctx, templates_dir=templates_dir),
        reprint=reprint,
        runner=runner,
        parent=parent,
    )


class DeliveriesPreviewDialog(PdfPreviewDialog):
    """The documents of several cases in one preview; a print is logged for each case."""

    def __init__(
        self,
        store: LocalStore,
        handed: Sequence[tuple[Case, Delivery]],
        doc: DeliveryDoc,
        render: RenderFn,
        *,
        printed_by: str,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(render, runner=runner, parent=parent)
        self._store = store
        self.numbers = [case.number for case, _ in handed]
        self.doc_type = doc
        self.printed_by = printed_by
        link = handed[0][0].bundle
        self._name = link.number if link is not None else self.numbers[0]
        self.setWindowTitle(
            self.tr("打印预览：%1（%2 件）")
            .replace("%1", tr_domain(doc.label))
            .replace("%2", str(len(handed)))
        )

    def suggested_file_name(self) -> str:
        return f"{self._name}-{self.doc_type.label}.pdf"

    def record_output(self) -> list[PrintRecord]:
        now = hall_now()
        return [
            self._store.prints.record(number, self.doc_type.value, self.printed_by, now)
            for number in self.numbers
        ]


def open_deliveries_preview(
    context: WindowContext,
    handed: Sequence[tuple[Case, Delivery]],
    doc: DeliveryDoc,
    *,
    runner: TaskRunner | None = None,
    parent: QWidget | None = None,
) -> DeliveriesPreviewDialog:
    """One preview of the 送达回证 (or 邮寄单) of every case in ``handed``."""
    numbers = [case.number for case, _ in handed]
    ctx = make_print_context(context, reprint=printed_before(context, numbers, doc))
    templates_dir = context.templates_dir
    pairs = list(handed)

    def render() -> tuple[bytes, list[QImage]]:
        pdf = render_deliveries(doc, pairs, ctx, templates_dir=templates_dir)
        return pdf, rasterize_pdf(pdf, PREVIEW_DPI)

    dialog = DeliveriesPreviewDialog(
        context.store,
        pairs,
        doc,
        render,
        printed_by=context.user.username,
        runner=runner,
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    return dialog

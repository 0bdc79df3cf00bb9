"""Print preview of one document: render (pool thread), look, then print or save as PDF.

The PDF comes from ``clerk_app.printing.render_document``; pypdfium2 turns its pages into images
for the screen and, at the printer's resolution, for a physical printer. "Print to file" (a
QPrinter in PDF format) writes the rendered PDF itself, so the file keeps searchable text.
A print is recorded in the case's print log only when it really happened.

Tests replace :meth:`PrintPreviewDialog.ask_printer` and :meth:`ask_save_path` (the two places
that would open a system dialog) to print into a file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMessageBox,
    QWidget,
)

from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.notices import MUST_HAND_OVER
from clerk_app.pdfium_lock import PDFIUM_LOCK
from clerk_app.ui.app import fit_to_screen
from clerk_app.ui.forms.ui_print_preview import Ui_PdfPreviewDialog
from clerk_app.ui.i18n import tr_domain
from clerk_app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from clerk_app.domain.cases import Case
    from clerk_app.printing import DocType, PrintContext
    from clerk_app.store.local import LocalStore
    from clerk_app.store.prints import PrintRecord
    from clerk_app.ui.context import WindowContext

log = logging.getLogger(__name__)

PREVIEW_DPI = 144.0
MAX_PRINT_DPI = 300.0  # enough for barcodes and small print; higher only costs memory
ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)

_pdfium_lock = PDFIUM_LOCK  # pdfium is not thread-safe: one lock in the process


def rasterize_pdf(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page of ``pdf`` as an image at ``dpi`` (safe to call on a pool thread)."""
    import pypdfium2 as pdfium

    formats = {
        "BGR": QImage.Format.Format_BGR888,
        "RGB": QImage.Format.Format_RGB888,
        "BGRA": QImage.Format.Format_ARGB32,
        "BGRX": QImage.Format.Format_RGB32,
        "L": QImage.Format.Format_Grayscale8,
    }
    images: list[QImage] = []
    with _pdfium_lock:
        document = pdfium.PdfDocument(pdf)
        try:
            for index in range(len(document)):
                page = document[index]
                bitmap = page.render(scale=dpi / 72.0)
                image = QImage(
                    bytes(bitmap.buffer),
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    formats[bitmap.mode],
                ).copy()  # own the pixels before pdfium frees the bitmap
                image.setDotsPerMeterX(round(dpi / 0.0254))
                image.setDotsPerMeterY(round(dpi / 0.0254))
                images.append(image)
                bitmap.close()
                page.close()
        finally:
            document.close()
    return images


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    """Paint page images onto ``printer``, each scaled to the full paper, one per sheet."""
    printer.setFullPage(True)  # the PDF carries its own margins
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(
            QCoreApplication.translate(
                "PrintPreviewDialog", "打印机无法开始打印，请检查打印机是否就绪"
            )
        )
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for index, image in enumerate(pages):
            if index > 0 and not printer.newPage():
                raise OSError(QCoreApplication.translate("PrintPreviewDialog", "打印机无法换页"))
            paper = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
            target_size = image.size().scaled(paper.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(paper.topLeft(), target_size)
            target.moveCenter(QRect(0, 0, paper.width(), paper.height()).center())
            painter.drawImage(target, image)
    finally:
        painter.end()


def render_pdf(
    doc_type: DocType, case: Case, ctx: PrintContext, templates_dir: Path | None
) -> tuple[bytes, list[QImage]]:
    """The document's PDF and its preview images (pool thread)."""
    from clerk_app.printing import render_document

    pdf = render_document(doc_type, case, ctx, templates_dir=templates_dir)
    return pdf, rasterize_pdf(pdf, PREVIEW_DPI)


RenderFn = Callable[[], tuple[bytes, list[QImage]]]


class PdfPreviewDialog(QDialog):
    """Shows a PDF rendered on a pool thread; 打印 (Ctrl+P) and 另存为PDF (Ctrl+S).

    ``render`` returns the PDF and its page images (see :func:`rasterize_pdf`). A subclass names
    the file (:meth:`suggested_file_name`) and says what a done print records
    (:meth:`record_output`, emitted by :attr:`printed`).
    """

    printed = Signal(object)  # what record_output returned, after a real print or save
    rendered = Signal(int)  # number of pages, once the preview is ready
    renderFailed = Signal(str)
    # The PC's document printer (the app's settings, set at start-up); "" = the system's default.
    printer_name: str = ""

    def __init__(
        self,
        render: RenderFn,
        *,
        size: tuple[int, int] = (900, 980),
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner or TaskRunner(parent=self)
        self.pdf: bytes = b""
        self.pages: list[QImage] = []
        self.page_index = 0
        self.zoom: float | None = None  # None = fit the width of the view

        self.form = Ui_PdfPreviewDialog()
        self.form.setupUi(self)
        form = self.form
        self.status = form.preview_status
        self.page_label = form.preview_page_label
        self.page_view = form.preview_page
        self.scroll_area = form.preview_scroll
        self.prev_button = form.preview_prev
        self.next_button = form.preview_next
        self.zoom_out_button = form.preview_zoom_out
        self.zoom_in_button = form.preview_zoom_in
        self.fit_button = form.preview_fit
        self.save_button = form.preview_save
        self.print_button = form.preview_print
        self.close_button = form.preview_close
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button.clicked.connect(self.fit_width)
        self.save_button.clicked.connect(self.save_as_pdf)
        self.print_button.clicked.connect(self.print_document)
        self.close_button.clicked.connect(self.reject)
        fit_to_screen(self, *size)

        for keys, slot in (
            (QKeySequence.StandardKey.Print, self.print_document),
            (QKeySequence.StandardKey.Save, self.save_as_pdf),
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            (QKeySequence(Qt.Key.Key_PageDown), self.next_page),
            (QKeySequence(Qt.Key.Key_PageUp), self.previous_page),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        self._set_ready(False)
        # The results arrive queued on this (the GUI) thread: after a subclass's __init__.
        self._runner.start(render, on_success=self._rendered, on_failure=self._render_failed)

    # --- seams: system dialogs ---------------------------------------------------------------

    @classmethod
    def ask_printer(cls, parent: QWidget) -> QPrinter | None:
        """Let the clerk choose a printer; None when cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if cls.printer_name:  # the PC's document printer (setup), else the system's default
            printer.setPrinterName(cls.printer_name)
        printer.setPageSize(printer.pageLayout().pageSize())
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(QCoreApplication.translate("PrintPreviewDialog", "打印"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return printer

    @classmethod
    def ask_save_path(cls, parent: QWidget, suggested: str) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("PrintPreviewDialog", "另存为PDF"),
            suggested,
            QCoreApplication.translate("PrintPreviewDialog", "PDF 文件 (*.pdf)"),
        )
        return Path(path) if path else None

    # --- rendering -----------------------------------------------------------------------------

    def _set_ready(self, ready: bool) -> None:
        for widget in (
            self.print_button,
            self.save_button,
            self.zoom_in_button,
            self.zoom_out_button,
            self.fit_button,
        ):
            widget.setEnabled(ready)
        self._update_navigation()

    def _rendered(self, result: tuple[bytes, list[QImage]]) -> None:
        self.pdf, self.pages = result
        self.page_index = 0
        # %1, not a plural %n: PySide's tr stops at the subclass's context, whose Chinese
        # with the count filled in looks translated, so a plural here is never found.
        pages = self.tr("共 %1 页，请核对后打印").replace("%1", str(len(self.pages)))
        self.status.setText(pages)
        self._set_ready(bool(self.pages))
        self._show_page()
        self.print_button.setFocus()
        self.rendered.emit(len(self.pages))

    def _render_failed(self, exc: BaseException) -> None:
        log.error("rendering %s failed", self.windowTitle(), exc_info=exc)
        message = self.tr("文书生成失败：%1").replace("%1", str(exc))
        self.status.setText(message)
        self.status.setProperty("role", "error")
        self.status.style().polish(self.status)
        self.renderFailed.emit(message)

    def _update_navigation(self) -> None:
        count = len(self.pages)
        self.prev_button.setEnabled(self.page_index > 0)
        self.next_button.setEnabled(self.page_index < count - 1)
        if count:
            self.page_label.setText(
                self.tr("第 %1 / %2 页")
                .replace("%1", str(self.page_index + 1))
                .replace("%2", str(count))
            )

    def _effective_zoom(self) -> float:
        if self.zoom is not None or not self.pages:
            return self.zoom or 1.0
        available = self.scroll_area.viewport().width() - 48  # padding and a margin
        return max(available / self.pages[self.page_index].width(), 0.1)

    def _show_page(self) -> None:
        if not self.pages:
            return
        image = self.pages[self.page_index]
        zoom = self._effective_zoom()
        size = QSize(round(image.width() * zoom), round(image.height() * zoom))
        pixmap = QPixmap.fromImage(
            image.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        self.page_view.setPixmap(pixmap)
        self._update_navigation()

    def resizeEvent(self, event: object) -> None:  # keep "fit width" fitting
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.zoom is None:
            self._show_page()

    @Slot()
    def next_page(self) -> None:
        if self.page_index < len(self.pages) - 1:
            self.page_index += 1
            self._show_page()

    @Slot()
    def previous_page(self) -> None:
        if self.page_index > 0:
            self.page_index -= 1
            self._show_page()

    @Slot()
    def zoom_in(self) -> None:
        current = self._effective_zoom()
        self.zoom = next((z for z in ZOOM_STEPS if z > current + 0.01), ZOOM_STEPS[-1])
        self._show_page()

    @Slot()
    def zoom_out(self) -> None:
        current = self._effective_zoom()
        self.zoom = next((z for z in reversed(ZOOM_STEPS) if z < current - 0.01), ZOOM_STEPS[0])
        self._show_page()

    @Slot()
    def fit_width(self) -> None:
        self.zoom = None
        self._show_page()

    # --- output --------------------------------------------------------------------------------

    def suggested_file_name(self) -> str:
        return "document.pdf"

    def record_output(self) -> object:
        """What a print or save that really happened records; :attr:`printed` carries it."""
        return None

    @Slot()
    def print_document(self) -> None:
        if not self.pdf:
            return
        printer = self.ask_printer(self)
        if printer is None:
            return
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("正在打印…"))
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            # Printing to a file: the rendered PDF itself is the best copy (searchable text).
            self._write_file(Path(printer.outputFileName()), self.tr("已打印到文件 %1"))
            return
        dpi = float(min(printer.resolution(), MAX_PRINT_DPI))
        self._runner.start(
            rasterize_pdf,
            self.pdf,
            dpi,
            on_success=lambda pages: self._paint(printer, pages),
            on_failure=self._output_failed,
        )

    def _paint(self, printer: QPrinter, pages: list[QImage]) -> None:
        try:
            paint_pages(printer, pages)
        except OSError as exc:
            self._output_failed(exc)
            return
        self._recorded(self.tr("已送打印机：%1").replace("%1", printer.printerName()))

    @Slot()
    def save_as_pdf(self) -> None:
        if not self.pdf:
            return
        path = self.ask_save_path(self, self.suggested_file_name())
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        self._write_file(path, self.tr("已保存到 %1"))

    def _write_file(self, path: Path, message: str) -> None:
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            self._output_failed(exc)
            return
        self._recorded(message.replace("%1", str(path)))

    def _output_failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(True)
        self.status.setText(self.tr("打印失败，未记录：%1").replace("%1", str(exc)))
        self.status.setProperty("role", "error")
        self.status.style().polish(self.status)

    def _recorded(self, message: str) -> None:
        record = self.record_output()
        self.status.setText(message)
        self.printed.emit(record)
        self.accept()


class UnprintedNoticeWarning:
    """Closing the preview of a notice that must be handed over, unprinted. True = close it
    anyway (the case is then flagged 通知书未打印); False = back to the preview. Tests patch
    :meth:`ask`."""

    @classmethod
    def ask(cls, parent: QWidget, label: str) -> bool:
        box = QMessageBox(parent)
        box.setObjectName("unprintedNoticeBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("PrintPreviewDialog", "通知书尚未打印"))
        box.setText(
            QCoreApplication.translate(
                "PrintPreviewDialog",
                "该通知书尚未打印，必须交给申请人：%1。\n"
                "仍要关闭吗？关闭后案件将标记为“通知书未打印”，请在案件查询中补打。",
            ).replace("%1", label)
        )
        back = box.addButton(
            QCoreApplication.translate("PrintPreviewDialog", "返回打印"),
            QMessageBox.ButtonRole.RejectRole,
        )
        back.setObjectName("backToPrintButton")
        close = box.addButton(
            QCoreApplication.translate("PrintPreviewDialog", "仍然关闭"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        close.setObjectName("closeUnprintedButton")
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is close


class PrintPreviewDialog(PdfPreviewDialog):
    """One document of a case; a print is recorded in the case's print log.

    ``render`` replaces the decision notices' renderer for another document of the case (the
    delivery receipt, the mail slip); the print is logged under ``doc_type.value`` all the same.
    """

    def __init__(
        self,
        store: LocalStore,
        case: Case,
        doc_type: DocType,
        ctx: PrintContext,
        *,
        printed_by: str | None = None,
        templates_dir: Path | None = None,
        render: RenderFn | None = None,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        if render is None:

            def render() -> tuple[bytes, list[QImage]]:
                return render_pdf(doc_type, case, ctx, templates_dir)

        super().__init__(render, runner=runner, parent=parent)
        self._store = store
        self.case = case
        self.doc_type = doc_type
        self.ctx = ctx
        self.printed_by = printed_by or ctx.printed_by  # the print log names a user
        self.record: PrintRecord | None = None
        title = (
            self.tr("打印预览：%1 %2")
            .replace("%1", tr_domain(doc_type.label))
            .replace("%2", case.number)
        )
        if ctx.reprint:
            title += self.tr("（补打）")
        self.setWindowTitle(title)

    def suggested_file_name(self) -> str:
        return f"{self.case.number}-{self.doc_type.label}.pdf"

    def reject(self) -> None:
        """Esc, 关闭 or the window's close box. A notice that must be handed over (一次性告知书,
        不予受理通知书) and was not printed: warn, and flag the case when closed anyway."""
        if self.unprinted_notice:
            if not UnprintedNoticeWarning.ask(self, tr_domain(self.doc_type.label)):
                self.print_button.setFocus()
                return
            flag_unprinted_notice(self._store, self.case, self.doc_type, self.printed_by)
        super().reject()

    @property
    def unprinted_notice(self) -> bool:
        """A notice that must be handed over, not printed (yet)."""
        return self.record is None and self.doc_type.value in MUST_HAND_OVER

    def abandon(self) -> None:
        """The window goes away under the preview (logout, closing): nobody is left to
        answer the warning, so an unprinted notice is flagged at once, then it closes."""
        if self.unprinted_notice:
            flag_unprinted_notice(self._store, self.case, self.doc_type, self.printed_by)
        super().reject()

    def record_output(self) -> PrintRecord:
        self.record = self._store.prints.record(
            self.case.number, self.doc_type.value, self.printed_by, hall_now()
        )
        return self.record


def flag_unprinted_notice(store: LocalStore, case: Case, doc_type: DocType, by: str) -> None:
    """Mark ``case`` 通知书未打印 for ``doc_type`` (a failure is logged: the clerk was warned,
    the case stays as it is)."""
    try:
        store.prints.flag_unprinted(case.number, doc_type.value, by, hall_now())
    except Exception:
        log.exception("flagging %s unprinted failed", case.number)


def make_print_context(context: WindowContext, *, reprint: bool = False) -> PrintContext:
    """What the paper says about where, by whom and when it was printed."""
    from clerk_app.printing import PrintContext

    return PrintContext(
        hall_name=context.hall_name,
        window_label=context.window_label,
        printed_by=context.user.display_name or context.user.username,
        printed_at=hall_now(),
        reprint=reprint,
        progress_page=context.progress_page,
        progress_secret=context.progress_secret,
        hall_phone=context.hall_phone,
        department_phones=context.store.catalog.department_phones(),
        department_remedies=context.store.catalog.department_remedies(),
        calendar=context.calendar,
    )


def open_preview(
    context: WindowContext,
    case: Case,
    doc_type: DocType,
    *,
    reprint: bool = False,
    runner: TaskRunner | None = None,
    parent: QWidget | None = None,
) -> PrintPreviewDialog:
    """A preview for the logged-in clerk; prints are logged under the clerk's user name."""
    dialog = PrintPreviewDialog(
        context.store,
        case,
        doc_type,
        make_print_context(context, reprint=reprint),
        printed_by=context.user.username,
        templates_dir=context.templates_dir,
        runner=runner,
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    return dialog


class LoggedDoc(Protocol):
    """A document of the print log beside the decision's own (送达回证, 终止办理通知书, the
    department's documents): its log name and its label."""

    @property
    def value(self) -> str: ...

    @property
    def label(self) -> str: ...


def open_rendered_preview(
    context: WindowContext,
    case: Case,
    doc: LoggedDoc,
    render_pdf: Callable[[PrintContext], bytes],
    *,
    reprint: bool,
    runner: TaskRunner | None = None,
    parent: QWidget | None = None,
) -> PrintPreviewDialog:
    """The preview of ``doc`` made by ``render_pdf`` with this window's print context; a print
    is logged under ``doc.value`` by the logged-in clerk."""
    ctx = make_print_context(context, reprint=reprint)

    def render() -> tuple[bytes, list[QImage]]:
        pdf = render_pdf(ctx)
        return pdf, rasterize_pdf(pdf, PREVIEW_DPI)

    dialog = PrintPreviewDialog(
        context.store,
        case,
        cast("DocType", doc),  # the preview only uses .label and .value
        ctx,
        printed_by=context.user.username,
        templates_dir=context.templates_dir,
        render=render,
        runner=runner,
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    return dialog


def open_bundle_preview(
    context: WindowContext,
    cases: list[Case],
    *,
    reprint: bool = False,
    runner: TaskRunner | None = None,
    parent: QWidget | None = None,
) -> PrintPreviewDialog:
    """The 一件事受理通知书 of a bundle's cases; its print is logged on the first case (the
    bundle number is made of its number), as a reprint when ``reprint``."""
    from clerk_app.printing.bundle_notice import BundleDoc, render_bundle_notice

    templates_dir = context.templates_dir
    return open_rendered_preview(
        context,
        cases[0],
        BundleDoc.BUNDLE_NOTICE,
        lambda ctx: render_bundle_notice(cases, ctx, templates_dir=templates_dir),
        reprint=reprint,
        runner=runner,
        parent=parent,
    )

"""The help desk's print previews (the common PDF preview dialog): the 准备资料清单 of a
pre-check that is not ready, and the 80 mm slip of a ticket taken for a ready one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from clerk_app.ui.print_preview import PREVIEW_DPI, PdfPreviewDialog, rasterize_pdf


class RenderedPreview(PdfPreviewDialog):
    """A preview of the PDF ``render_pdf`` makes (on a pool thread), saved as ``file_name``."""

    def __init__(
        self,
        render_pdf: Callable[[], bytes],
        file_name: str,
        *,
        size: tuple[int, int] = (900, 980),
        parent: QWidget | None = None,
    ) -> None:
        def render() -> tuple[bytes, list[QImage]]:
            pdf = render_pdf()
            return pdf, rasterize_pdf(pdf, PREVIEW_DPI)

        self._file_name = file_name
        super().__init__(render, size=size, parent=parent)

    def suggested_file_name(self) -> str:
        return self._file_name


class PreparationListPreview(RenderedPreview):
    def __init__(
        self, render_pdf: Callable[[], bytes], number: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(render_pdf, f"准备资料清单-{number}.pdf", parent=parent)
        self.setWindowTitle(self.tr("准备资料清单 %1").replace("%1", number))


class TicketSlipPreview(RenderedPreview):
    """The slip of a ticket taken at the help desk: number, pre-check number and QR."""

    def __init__(
        self, render_pdf: Callable[[], bytes], ticket_no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(render_pdf, f"取号凭条-{ticket_no}.pdf", size=(560, 820), parent=parent)
        self.setObjectName("precheckSlipPreview")
        self.setWindowTitle(self.tr("取号凭条 %1").replace("%1", ticket_no))

"""The preview of a 准备资料清单 before it is printed (the common PDF preview dialog)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from clerk_app.ui.print_preview import PREVIEW_DPI, PdfPreviewDialog, rasterize_pdf


class PreparationListPreview(PdfPreviewDialog):
    def __init__(
        self, render_pdf: Callable[[], bytes], number: str, parent: QWidget | None = None
    ) -> None:
        def render() -> tuple[bytes, list[QImage]]:
            pdf = render_pdf()
            return pdf, rasterize_pdf(pdf, PREVIEW_DPI)

        self._number = number
        super().__init__(render, parent=parent)
        self.setWindowTitle(self.tr("准备资料清单 {number}").format(number=number))

    def suggested_file_name(self) -> str:
        return f"准备资料清单-{self._number}.pdf"

"""Print preview: renders the document off the GUI thread, prints into a PDF file through
QPrinter (PdfFormat, no real printer), saves as PDF, and records only real prints."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter

from clerk_app.domain.cases import Case
from clerk_app.printing import DocType
from clerk_app.ui.history import CaseDetailDialog
from clerk_app.ui.print_preview import (
    PrintPreviewDialog,
    open_preview,
    paint_pages,
    rasterize_pdf,
)


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _preview(qtbot: Any, context: Any, case: Case, runner: Any, **kwargs: Any) -> Any:
    dialog = open_preview(context, case, DocType.ACCEPTANCE_NOTICE, runner=runner, **kwargs)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # tests read it after
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=30_000) as blocker:
        dialog.show()
    return dialog, blocker.args[0]


def _ink(image: QImage) -> int:
    """How many sampled pixels are dark: a blank page has none."""
    dark = 0
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            if QColor(image.pixel(x, y)).lightness() < 128:
                dark += 1
    return dark


def test_preview_renders_pages_and_navigates(
    qtbot: Any, context: Any, saved_cases: list[Case], runner: Any
) -> None:
    dialog, pages = _preview(qtbot, context, saved_cases[0], runner)
    assert pages >= 1 and len(dialog.pages) == pages
    assert _ink(dialog.pages[0]) > 50
    pixmap = dialog.page_view.pixmap()
    assert not pixmap.isNull()
    assert dialog.page_label.text() == f"第 1 / {pages} 页"
    width = pixmap.width()
    dialog.zoom_in()
    assert dialog.page_view.pixmap().width() > width
    dialog.zoom_out()
    dialog.zoom_out()
    assert dialog.page_view.pixmap().width() < width
    dialog.fit_width()
    if pages > 1:
        qtbot.keyClick(dialog, Qt.Key.Key_PageDown)
        assert dialog.page_index == 1
    assert dialog.print_button.isEnabled()
    # Nothing printed yet: nothing recorded.
    assert context.store.prints.log(saved_cases[0].number) == []


def test_print_to_pdf_file_records_the_print(
    qtbot: Any,
    context: Any,
    saved_cases: list[Case],
    runner: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(
        PrintPreviewDialog, "ask_printer", classmethod(lambda cls, p: pdf_printer(out))
    )
    case = saved_cases[0]
    dialog, pages = _preview(qtbot, context, case, runner)
    with qtbot.waitSignal(dialog.printed, timeout=30_000) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == pages
    text = reader.pages[0].extract_text()
    assert "受理通知书" in text and case.number in text
    record = blocker.args[0]
    assert record.printed_by == "clerk01" and not record.reprint
    log = context.store.prints.log(case.number)
    assert [(r.doc_type, r.reprint) for r in log] == [("acceptance_notice", False)]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_cancelled_print_records_nothing(
    qtbot: Any,
    context: Any,
    saved_cases: list[Case],
    runner: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(PrintPreviewDialog, "ask_printer", classmethod(lambda cls, p: None))
    dialog, _pages = _preview(qtbot, context, saved_cases[0], runner)
    dialog.print_document()
    assert context.store.prints.log(saved_cases[0].number) == []
    assert dialog.isVisible()


def test_page_images_painted_on_a_qprinter(
    qtbot: Any, context: Any, saved_cases: list[Case], runner: Any, tmp_path: Path
) -> None:
    """The path a physical printer takes: page images at the printer's resolution."""
    dialog, pages = _preview(qtbot, context, saved_cases[0], runner)
    out = tmp_path / "painted.pdf"
    printer = pdf_printer(out)
    images = rasterize_pdf(dialog.pdf, 100)
    assert len(images) == pages
    assert images[0].width() == pytest.approx(210 / 25.4 * 100, abs=2)  # A4 at 100 dpi
    paint_pages(printer, images)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) == pages
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert width_mm == pytest.approx(210, abs=2)
    # Render the printed file back: the page is not blank.
    back = rasterize_pdf(out.read_bytes(), 50)
    assert _ink(back[0]) > 20


def test_save_as_pdf(
    qtbot: Any,
    context: Any,
    saved_cases: list[Case],
    runner: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "saved"  # no suffix: .pdf is added
    monkeypatch.setattr(
        PrintPreviewDialog, "ask_save_path", classmethod(lambda cls, p, suggested: target)
    )
    case = saved_cases[1]
    dialog, _pages = _preview(qtbot, context, case, runner)
    assert dialog.suggested_file_name() == f"{case.number}-受理通知书.pdf"
    with qtbot.waitSignal(dialog.printed, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert len(context.store.prints.log(case.number)) == 1


def test_reprint_from_case_detail(
    qtbot: Any,
    context: Any,
    saved_cases: list[Case],
    runner: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = saved_cases[0]
    outputs = iter([tmp_path / "first.pdf", tmp_path / "second.pdf"])
    monkeypatch.setattr(
        PrintPreviewDialog, "ask_printer", classmethod(lambda cls, p: pdf_printer(next(outputs)))
    )
    detail = CaseDetailDialog(context, case, runner=runner)
    qtbot.addWidget(detail)
    detail.show()
    assert detail.print_buttons["acceptance_notice"].text() == "打印受理通知书"
    for _round in range(2):
        preview = detail.print_document(DocType.ACCEPTANCE_NOTICE)
        qtbot.waitUntil(lambda p=preview: p.print_button.isEnabled(), timeout=30_000)
        with qtbot.waitSignal(detail.printed, timeout=30_000):
            preview.print_document()
    log = context.store.prints.log(case.number)
    assert [(r.printed_by, r.reprint) for r in log] == [("clerk01", False), ("clerk01", True)]
    assert detail.prints_model.rowCount() == 2
    assert detail.print_buttons["acceptance_notice"].text() == "补打受理通知书"
    # The reprint carries the 补打 mark on paper.
    text = PdfReader(tmp_path / "second.pdf").pages[0].extract_text()
    assert "补打" in text
    # And the timeline shows both prints.
    actions = [detail.events_model.row_at(r).action for r in range(detail.events_model.rowCount())]
    assert actions.count("printed") == 2


def test_render_failure_is_shown_not_raised(
    qtbot: Any, context: Any, saved_cases: list[Case], runner: Any, tmp_path: Path
) -> None:
    (tmp_path / "documents.toml").write_text("this is = = not toml", encoding="utf-8")
    context.templates_dir = tmp_path
    dialog = open_preview(context, saved_cases[0], DocType.ACCEPTANCE_NOTICE, runner=runner)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.renderFailed, timeout=30_000):
        dialog.show()
    assert "文书生成失败" in dialog.status.text()
    assert not dialog.print_button.isEnabled()

"""案件查询 reprints a bundle application's 一件事受理通知书 from any of its item cases: logged
as a reprint on the bundle's first case, as the first print was; refused, with the reason,
when some of the bundle's cases are not on this PC (a notice listing part of the items)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from clerk_app.domain.bundle_link import BundleLink
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.printing.bundle_notice import BUNDLE_NOTICE
from clerk_app.ui.history import CaseDetailDialog, missing_bundle_items
from clerk_app.ui.print_preview import PrintPreviewDialog
from clerk_app.ui.saved_case_printing import SavedCasePrinter
from tests.ui.bundle_cases import HOUSING, housing_bundle
from tests.ui.conftest import APPLICANTS, make_case
from tests.ui.test_print import pdf_printer

RENDER_TIMEOUT_MS = 30_000


@pytest.fixture
def paper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every print goes to the next PDF file of this list."""
    printed: list[Path] = []

    def printer(_cls: Any, _parent: Any) -> Any:
        printed.append(tmp_path / f"print-{len(printed)}.pdf")
        return pdf_printer(printed[-1])

    monkeypatch.setattr(PrintPreviewDialog, "ask_printer", classmethod(printer))
    return printed


def _print(qtbot: Any, preview: Any) -> None:
    qtbot.waitUntil(preview.print_button.isEnabled, timeout=RENDER_TIMEOUT_MS)
    with qtbot.waitSignal(preview.printed, timeout=RENDER_TIMEOUT_MS):
        preview.print_document()


def _detail(qtbot: Any, context: Any, case: Any, runner: Any) -> CaseDetailDialog:
    detail = CaseDetailDialog(context, case, runner=runner)
    qtbot.addWidget(detail)
    detail.show()
    return detail


def _bundle_button(detail: CaseDetailDialog) -> QPushButton:
    button = detail.print_buttons[BUNDLE_NOTICE]  # the old ones wait for their deferred delete
    assert button.objectName() == "detail_print_bundle_notice"
    return button


def test_reprint_of_the_bundle_notice_from_an_item_case(
    qtbot: Any,
    context: Any,
    runner: Any,
    paper: list[Path],
    demo_catalog: tuple[str, list[Item], list[Bundle]],
) -> None:
    cases = housing_bundle(context, demo_catalog, ready=0)
    # Saved at the window: the bundle's notice printed first, on its first case.
    window = QWidget()
    qtbot.addWidget(window)
    printer = SavedCasePrinter(context, runner, window)
    opened: list[Any] = []
    printer.previewOpened.connect(opened.append)
    with qtbot.waitSignal(printer.allPrinted, timeout=RENDER_TIMEOUT_MS):
        printer.print_bundle(cases)
        _print(qtbot, opened[0])
    assert [(r.doc_type, r.reprint) for r in context.store.prints.log(cases[0].number)] == [
        (BUNDLE_NOTICE, False)
    ]

    # The applicant lost it: 案件查询 opens the bundle's second item case.
    detail = _detail(qtbot, context, cases[1], runner)
    button = _bundle_button(detail)
    assert button.text() == "补打一件事受理通知书" and button.isVisibleTo(detail)
    with qtbot.waitSignal(detail.printed, timeout=RENDER_TIMEOUT_MS):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        [preview] = detail.findChildren(PrintPreviewDialog)
        assert preview.doc_type.value == BUNDLE_NOTICE and preview.isVisible()
        assert preview.case.number == cases[0].number  # logged where the first print was
        _print(qtbot, preview)
    assert [(r.doc_type, r.reprint) for r in context.store.prints.log(cases[0].number)] == [
        (BUNDLE_NOTICE, False),
        (BUNDLE_NOTICE, True),
    ]
    assert context.store.prints.log(cases[1].number) == []
    text = PdfReader(paper[-1]).pages[0].extract_text()
    assert "补打" in text and cases[0].bundle_no in text
    assert all(case.item.name in text.replace("\n", "") for case in cases)


def test_a_bundle_never_printed_prints_first_time(
    qtbot: Any,
    context: Any,
    runner: Any,
    paper: list[Path],
    demo_catalog: tuple[str, list[Item], list[Bundle]],
) -> None:
    cases = housing_bundle(context, demo_catalog, ready=0)
    detail = _detail(qtbot, context, cases[2], runner)
    button = _bundle_button(detail)
    assert button.text() == "打印一件事受理通知书" and button.property("primary")
    preview = detail.print_bundle_notice()
    assert preview is not None
    with qtbot.waitSignal(detail.printed, timeout=RENDER_TIMEOUT_MS):
        _print(qtbot, preview)
    assert [r.reprint for r in context.store.prints.log(cases[0].number)] == [False]
    assert _bundle_button(detail).text() == "补打一件事受理通知书"


def test_a_bundle_with_cases_on_another_pc_is_not_printed_in_part(
    qtbot: Any,
    context: Any,
    runner: Any,
    paper: list[Path],
    demo_catalog: tuple[str, list[Item], list[Bundle]],
) -> None:
    _version, items, bundles = demo_catalog
    bundle = next(b for b in bundles if b.code == HOUSING)
    by_code = {i.code: i for i in items}
    chosen = [by_code[code] for code in bundle.item_codes[:3]]
    link = BundleLink("", bundle.code, bundle.name, tuple(i.code for i in chosen))
    # Only two of the three item cases are in this PC's store.
    here = context.store.cases.save_bundle(
        [make_case(item, APPLICANTS[0]) for item in chosen[:2]], link
    )
    assert missing_bundle_items(here[0].bundle, here) == [chosen[2].code]
    detail = _detail(qtbot, context, here[1], runner)
    qtbot.mouseClick(_bundle_button(detail), Qt.MouseButton.LeftButton)
    assert detail.findChildren(PrintPreviewDialog) == []
    box = detail.bundle_message
    assert box is not None and box.isVisible()
    assert chosen[2].name in box.text() and "本机只有其中 2 件" in box.text()
    assert here[0].bundle_no in box.text()
    box.close()
    assert context.store.prints.log(here[0].number) == [] and paper == []

"""A saved bundle prints its 一件事受理通知书 first, then only the notices its items need of
their own (the 容缺 item's), one preview after the other."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from clerk_app.printing import DocType
from clerk_app.printing.bundle_notice import BUNDLE_NOTICE
from clerk_app.printing.bundle_samples import sample_bundle_cases
from clerk_app.ui.case_list import doc_label
from clerk_app.ui.context import WindowContext
from clerk_app.ui.saved_case_printing import SavedCasePrinter


def test_bundle_notice_then_the_gap_items_own_notice(
    qtbot: QtBot, context: WindowContext, runner: Any
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    printer = SavedCasePrinter(context, runner, window)
    cases = sample_bundle_cases()
    opened: list[Any] = []
    printer.previewOpened.connect(opened.append)
    printer.print_bundle(cases)
    first = opened[0]
    assert first.doc_type.value == BUNDLE_NOTICE and first.case.number == cases[0].number
    assert doc_label(BUNDLE_NOTICE) == "一件事受理通知书"
    qtbot.waitUntil(lambda: bool(first.pages), timeout=20_000)  # rendered off the GUI thread
    first.reject()
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=10_000)
    second = opened[1]
    assert second.doc_type is DocType.GAP_ACCEPTANCE_NOTICE
    assert second.case.number == cases[2].number  # the registration, accepted with gaps
    with qtbot.waitSignal(printer.allPrinted, timeout=10_000):
        second.reject()
    assert len(opened) == 2  # the accepted items print nothing of their own

"""The flagship flow, keyboard only: from the login dialog to a printed acceptance notice.

A clerk logs in at window 1 of the demo hall (real embedded central server on SQLite), the
catalog comes down, she identifies the applicant, finds the item by its code, ticks the
materials, accepts, and prints. No mouse event is sent: every step types into whatever widget
has the keyboard focus at that moment, so a focus chain that breaks fails the test. Chinese
text arrives the way an input method delivers it (a committed string), as on a real counter.
The "printer" is a PDF file (the preview's printer seam); its text must hold the notice title
and the case number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from stdnum.cn import ric

from clerk_app.domain.cases import CaseStatus
from clerk_app.printing import DocType
from clerk_app.sync.client import CentralClient
from clerk_app.ui.acceptance import AcceptancePage
from clerk_app.ui.app import ClerkShell
from clerk_app.ui.login import load_demo_accounts
from clerk_app.ui.main_window import MainWindow
from clerk_app.ui.print_preview import PrintPreviewDialog
from tests.ui.conftest import DEMO_HALL, DEMO_PASSWORD

ITEM_CODE = "420200-JF-0605-01"  # 失业保险金申领: 社会事务, window 1's zone, no scenarios
APPLICANT_ID = "42020219880516213" + ric.calc_check_digit("42020219880516213" + "0")
TIMEOUT = 60_000


def focused(qtbot: Any) -> QWidget:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=TIMEOUT)
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_keys(qtbot: Any, text: str) -> None:
    qtbot.keyClicks(focused(qtbot), text)


def type_chinese(qtbot: Any, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focused(qtbot), event)


def press(
    qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(qtbot), key, modifier)


def wait_focus(qtbot: Any, name: str) -> QWidget:
    def there() -> bool:
        widget = QApplication.focusWidget()
        return widget is not None and widget.objectName() == name

    qtbot.waitUntil(there, timeout=TIMEOUT)
    return focused(qtbot)


@pytest.mark.slow
def test_login_to_printed_acceptance_notice_keyboard_only(
    qtbot: Any,
    central: Any,
    store: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    printed_files: list[Path] = []

    def print_to_file(cls: type, parent: QWidget) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = tmp_path / f"printed-{len(printed_files)}.pdf"
        printer.setOutputFileName(str(path))
        printed_files.append(path)
        return printer

    monkeypatch.setattr(PrintPreviewDialog, "ask_printer", classmethod(print_to_file))

    shell = ClerkShell(
        store,
        lambda: CentralClient(central.base_url),
        server_label="演示模式",
        demo_accounts=load_demo_accounts(DEMO_HALL),
    )
    login = shell.show_login()
    login.activateWindow()

    # --- login: user name, Tab, password, Enter ---------------------------------------------
    assert wait_focus(qtbot, "login_username") is login.username
    type_keys(qtbot, "clerk01")
    press(qtbot, Qt.Key.Key_Tab)
    assert wait_focus(qtbot, "login_password") is login.password
    type_keys(qtbot, DEMO_PASSWORD)
    with qtbot.waitSignal(shell.mainWindowShown, timeout=TIMEOUT) as shown:
        press(qtbot, Qt.Key.Key_Return)
    window: MainWindow = shown.args[0]
    try:
        _work_at_the_window(qtbot, window, store, printed_files)
    finally:
        window.close()


def _work_at_the_window(
    qtbot: Any, window: MainWindow, store: Any, printed_files: list[Path]
) -> None:
    assert window.context.online and window.context.window_no == 1
    assert store.catalog.item_count() > 0  # the catalog came down with the login
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)

    # --- applicant: the cursor starts in the ID number ----------------------------------------
    wait_focus(qtbot, "idNumberEdit")
    type_keys(qtbot, APPLICANT_ID)
    press(qtbot, Qt.Key.Key_Return)
    wait_focus(qtbot, "nameEdit")
    type_chinese(qtbot, "周建华")
    press(qtbot, Qt.Key.Key_Return)
    wait_focus(qtbot, "mobileEdit")
    type_keys(qtbot, "13971234567")
    press(qtbot, Qt.Key.Key_Return)
    wait_focus(qtbot, "addressEdit")
    type_chinese(qtbot, "黄石市黄石港区湖滨大道1号")
    press(qtbot, Qt.Key.Key_Return)  # last field: on to the item search

    # --- item: by its code, Down into the results, Enter picks ---------------------------------
    search = focused(qtbot)
    assert search.objectName() not in ("addressEdit", "idNumberEdit")
    type_keys(qtbot, ITEM_CODE)
    page = window.acceptance
    assert isinstance(page, AcceptancePage)
    qtbot.waitUntil(
        lambda: (
            page.item_panel.model.rowCount() > 0
            and getattr(page.item_panel.model.hit(0), "code", None) == ITEM_CODE
        ),
        timeout=TIMEOUT,
    )
    press(qtbot, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.item_panel.view.hasFocus(), timeout=TIMEOUT)
    with qtbot.waitSignal(page.item_panel.itemChosen, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_Return)

    # --- checklist: Ctrl+A ticks every required material ---------------------------------------
    qtbot.waitUntil(lambda: page.checklist_panel.view.hasFocus(), timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)

    # --- decision: F9, Alt+1 受理, Ctrl+Enter confirms -------------------------------------------
    press(qtbot, Qt.Key.Key_F9)
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    previews: list[PrintPreviewDialog] = []
    window.previewOpened.connect(previews.append)
    with qtbot.waitSignal(page.caseSaved, timeout=TIMEOUT) as saved:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    case = saved.args[0]
    assert case.status is CaseStatus.ACCEPTED and case.number

    # --- print: every document of the decision, Ctrl+P in each preview -------------------------
    from clerk_app.printing import documents_for

    expected = documents_for(case)
    assert expected[0] is DocType.ACCEPTANCE_NOTICE
    for index in range(len(expected)):
        qtbot.waitUntil(lambda i=index: len(previews) > i, timeout=TIMEOUT)
        preview = previews[index]
        qtbot.waitUntil(preview.print_button.isEnabled, timeout=TIMEOUT)
        qtbot.waitUntil(lambda p=preview: p.isAncestorOf(focused(qtbot)), timeout=TIMEOUT)
        with qtbot.waitSignal(preview.printed, timeout=TIMEOUT):
            press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    # The printed notice is a real PDF with the title and the case number in its text.
    notice = printed_files[0]
    text = "".join(page_.extract_text() for page_ in PdfReader(notice).pages)
    assert "受理通知书" in text
    assert case.number in text
    log = store.prints.log(case.number)
    assert [r.doc_type for r in log] == [d.value for d in expected]
    assert all(r.printed_by == "clerk01" and not r.reprint for r in log)

    # And the case reaches the central server in the background.
    with qtbot.waitSignal(window.uploadFinished, timeout=TIMEOUT) as uploaded:
        window.sync_now()
    assert not isinstance(uploaded.args[0], BaseException)
    assert window.context.client is not None
    assert store.outbox.pending() == []


def test_a_pre_check_saves_the_window_keystrokes(qtbot: Any, tmp_path: Path) -> None:
    """Issue 11's counter speed: the same 3-material acceptance typed at the window from
    nothing, and started from the help desk's pre-check QR (``make bench`` prints both)."""
    from tests.bench.bench_precheck_keys import keys_from_precheck, keys_without_precheck

    plain = keys_without_precheck(tmp_path / "plain")
    from_precheck = keys_from_precheck(tmp_path / "precheck")
    assert 0 < from_precheck < plain

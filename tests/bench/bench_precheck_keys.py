"""Counter speed with and without the help desk's pre-check (issue 11): the keystrokes a window
clerk types for the same 3-material acceptance, typed at the window from nothing or started
from the pre-check's QR (``PrecheckAtWindow.open``: the scanner types the QR, not the clerk).

Keystrokes are deterministic, so this is a row of counts, not a timing. Every key goes to the
widget that has the focus, as at a real counter (the keyboard-flow test's way); a committed
Chinese string counts one key a character (an input method's lower bound).

    QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_precheck_keys
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.bench.common import BenchRow, print_table

ITEM_CODE = "420200-GG-0603-01"  # 城乡居民基本养老保险参保登记: 3 required materials, window 1
APPLICANT_ID = "42020219880506123X"
SECRET = "bench-hall-secret"
TIMEOUT_MS = 20_000


class Keyboard:
    """Types into the focused widget and counts the keys."""

    def __init__(self) -> None:
        self.count = 0

    @staticmethod
    def focused() -> QWidget:
        wait_until(lambda: QApplication.focusWidget() is not None)
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def type(self, text: str) -> None:
        QTest.keyClicks(self.focused(), text)
        self.count += len(text)

    def chinese(self, text: str) -> None:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(self.focused(), event)
        self.count += len(text)

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        QTest.keyClick(self.focused(), key, modifier)
        self.count += 1


def wait_until(condition: Callable[[], bool], ms: int = TIMEOUT_MS) -> None:
    waited = 0
    while not condition():
        if waited > ms:
            raise TimeoutError("the acceptance page did not get there")
        QTest.qWait(10)
        waited += 10


def _window(directory: Path) -> tuple[object, object]:
    """An offline window-1 clerk's context on a fresh store with the demo catalog, and the
    acceptance page shown."""
    from dataclasses import replace

    from clerk_app.store.local import LocalStore
    from clerk_app.ui.acceptance import AcceptancePage
    from tests.ui.conftest import clerk_context, load_demo_catalog

    store = LocalStore(directory / "local.sqlite3")
    version, items, bundles = load_demo_catalog()
    store.catalog.replace(version, items, bundles)
    context = replace(clerk_context(store), progress_secret=SECRET)
    page = AcceptancePage(context)
    page.resize(1366, 768)
    page.show()
    page.activateWindow()
    page.start_new()
    QTest.qWait(50)
    return context, page


def _applicant_rest(keys: Keyboard) -> None:
    """Name, mobile and address after the ID (none of them is on a pre-check)."""
    keys.press(Qt.Key.Key_Return)
    keys.chinese("周建华")
    keys.press(Qt.Key.Key_Return)
    keys.type("13971234567")
    keys.press(Qt.Key.Key_Return)
    keys.chinese("黄石市黄石港区湖滨大道1号")
    keys.press(Qt.Key.Key_Return)


def _confirm(keys: Keyboard, page: object) -> object:
    """F9, Alt+1 受理, Ctrl+Enter; the case stored."""
    saved: list[object] = []
    page.caseSaved.connect(saved.append)  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_F9)
    keys.press(Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: bool(saved))
    return saved[0]


def keys_without_precheck(directory: Path) -> int:
    context, page = _window(directory)
    keys = Keyboard()
    page.applicant_panel.focus_number()  # type: ignore[attr-defined]  # where a new one starts
    keys.type(APPLICANT_ID)
    _applicant_rest(keys)
    keys.type(ITEM_CODE)
    panel = page.item_panel  # type: ignore[attr-defined]
    wait_until(lambda: panel.model.rowCount() > 0 and panel.model.hit(0).code == ITEM_CODE)
    keys.press(Qt.Key.Key_Down)
    wait_until(panel.view.hasFocus)
    keys.press(Qt.Key.Key_Return)
    wait_until(page.checklist_panel.view.hasFocus)  # type: ignore[attr-defined]
    keys.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _check_received(_confirm(keys, page))
    page.close()  # type: ignore[attr-defined]
    context.store.close()  # type: ignore[attr-defined]
    return keys.count


def keys_from_precheck(directory: Path) -> int:
    from datetime import timedelta

    from clerk_app.domain.hall_time import hall_now
    from clerk_app.domain.precheck import Finding, ItemRef, MaterialFinding, Precheck
    from clerk_app.printing.preparation_list import HallInfo
    from clerk_app.sync.prechecks import PrecheckDesk
    from clerk_app.ui.helpdesk.at_window import PrecheckAtWindow
    from clerk_app.ui.workers import TaskRunner

    context, page = _window(directory)
    store = context.store  # type: ignore[attr-defined]
    desk = PrecheckDesk(
        store,
        hall_code="HS01",
        desk="W01",
        secret=SECRET,
        hall=HallInfo("黄石市民之家"),
        printed_by="张敏",
        open_days=30,
    )
    # The help desk's work, sealed in the slip's QR (another PC: this one never saw it).
    item = store.catalog.item(ITEM_CODE)
    now = hall_now()
    precheck = Precheck(
        number="YS-HS01-H01-" + f"{now:%Y%m%d}" + "-0001",
        hall_code="HS01",
        item_refs=(ItemRef(item.code, item.version),),
        scenario_code=None,
        findings=tuple(
            MaterialFinding(m.code, Finding.BROUGHT) for m in item.checklist(None) if m.required
        ),
        checked_by="helpdesk01",
        created_at=now,
        open_until=now.date() + timedelta(days=30),
        applicant_kind="resident_id",
        applicant_id=APPLICANT_ID,
    )
    qr = desk.qr_text(precheck)
    owner = QObject()
    at_window = PrecheckAtWindow(context, desk, page, TaskRunner(parent=owner))  # type: ignore[arg-type]
    messages: list[str] = []
    at_window.message.connect(messages.append)
    at_window.open(qr)
    wait_until(lambda: bool(messages))
    assert "已按帮办预审" in messages[0], messages

    keys = Keyboard()
    page.applicant_panel.focus_number()  # type: ignore[attr-defined]  # F2 would be one key more
    _applicant_rest(keys)
    _check_received(_confirm(keys, page))
    page.close()  # type: ignore[attr-defined]
    owner.deleteLater()
    store.close()
    return keys.count


def _check_received(case: object) -> None:
    from clerk_app.domain.cases import MaterialState

    states = [c.state for c in case.checks]  # type: ignore[attr-defined]
    assert states.count(MaterialState.RECEIVED) == 3, states


def run_precheck_keys_bench() -> list[BenchRow]:
    from clerk_app.ui.app import create_application

    app = QApplication.instance() or create_application(["clerk-bench"])
    with tempfile.TemporaryDirectory() as tmp:
        plain = keys_without_precheck(Path(tmp) / "plain")
        from_precheck = keys_from_precheck(Path(tmp) / "precheck")
    app.processEvents()
    return [
        BenchRow(
            "window keystrokes, 3-material acceptance from a pre-check (baseline: without)",
            from_precheck,
            "keys",
            plain,
            "fewer than without",
        )
    ]


def main() -> None:
    print_table(run_precheck_keys_bench(), "Keystrokes at the window (issue 11)")


if __name__ == "__main__":
    main()

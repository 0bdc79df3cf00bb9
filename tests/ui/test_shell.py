"""The shell: main window (title, tabs, status bar, shortcuts), idle lock, printing after a
saved case, and the command line (render-sample without Qt, the no-display message)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLineEdit, QWidget

from clerk_app.domain.cases import Case
from clerk_app.ui.lock import IDLE_MINUTES_SETTING, idle_interval_ms
from clerk_app.ui.main import build_parser, default_data_dir, display_available, main
from clerk_app.ui.main_window import MainWindow
from clerk_app.ui.print_preview import PrintPreviewDialog
from tests.ui.conftest import DEMO_PASSWORD, ROOT


class _PlainPage(QWidget):
    """Stands in for the acceptance page where a test only needs something to type into."""

    def __init__(self, context: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.field = QLineEdit(self)
        self.field.setObjectName("plain_field")


def _window(qtbot: Any, context: Any, runner: Any, **kwargs: Any) -> MainWindow:
    window = MainWindow(context, runner=runner, **kwargs)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts only reach the active window
        window.show()
        window.activateWindow()
    return window


def test_main_window_title_tabs_status_and_shortcuts(
    qtbot: Any, context: Any, runner: Any, saved_cases: list[Case]
) -> None:
    window = _window(qtbot, context, runner)
    title = window.windowTitle()
    assert "黄石市民之家" in title and "1号窗口" in title and "张敏" in title
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "受理 (F1)",
        "出件 (Ctrl+2)",
        "待领取 (Ctrl+3)",
        "案件查询 (F6)",
    ]
    assert window.status_online.text() == "● 离线登录：案件保存在本机"
    version = context.store.catalog.version()
    count = context.store.catalog.item_count()
    assert window.status_catalog.text() == f"事项目录 {version}（{count} 项）"
    assert "张敏" in window.status_user.text()

    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.current_page() is window.history
    assert window.history.search.hasFocus()
    assert window.history.model.rowCount() == len(saved_cases)
    qtbot.keyClick(window.history.search, Qt.Key.Key_F1)
    assert window.current_page() is window.acceptance
    ctrl = Qt.KeyboardModifier.ControlModifier
    for key, page in (
        (Qt.Key.Key_2, window.delivery),
        (Qt.Key.Key_3, window.ready_list),
        (Qt.Key.Key_4, window.history),
        (Qt.Key.Key_1, window.acceptance),
    ):
        qtbot.keyClick(window, key, ctrl)
        assert window.current_page() is page
        if page is window.delivery:
            assert window.delivery.scan_edit.hasFocus()  # ready for the barcode scanner

    with qtbot.waitSignal(window.logoutRequested):
        qtbot.keyClick(
            window,
            Qt.Key.Key_Q,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )


def test_idle_lock_and_unlock_keeps_typed_text(qtbot: Any, context: Any, runner: Any) -> None:
    window = _window(qtbot, context, runner, acceptance_factory=_PlainPage, idle_ms=300)
    page = window.acceptance
    assert isinstance(page, _PlainPage)
    page.field.setFocus()
    qtbot.keyClicks(page.field, "420202199003071234")
    # No input for 300 ms: the screen locks itself.
    qtbot.waitUntil(lambda: window.is_locked, timeout=5_000)
    overlay = window.lock_overlay
    assert overlay.isVisible() and overlay.password.hasFocus()
    central = window.centralWidget()
    assert central is not None and not central.isEnabled()
    assert not window.action_history.isEnabled()  # shortcuts cannot reach the work underneath

    # Wrong password: still locked, said plainly.
    qtbot.keyClicks(overlay.password, "wrong-password")
    qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "密码错误" in overlay.message.text(), timeout=10_000)
    assert window.is_locked

    with qtbot.waitSignal(overlay.unlocked, timeout=10_000):
        qtbot.keyClicks(overlay.password, DEMO_PASSWORD)
        qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    assert not window.is_locked
    assert central.isEnabled()
    assert page.field.text() == "420202199003071234"
    assert page.field.hasFocus()  # back where the clerk was


def test_input_keeps_the_screen_unlocked(qtbot: Any, context: Any, runner: Any) -> None:
    window = _window(qtbot, context, runner, acceptance_factory=_PlainPage, idle_ms=400)
    page = window.acceptance
    assert isinstance(page, _PlainPage)
    page.field.setFocus()
    # Keep typing for longer than the interval: the app-wide filter restarts the timer.
    for _ in range(8):
        qtbot.keyClick(page.field, Qt.Key.Key_A)
        qtbot.wait(100)
        assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=5_000)


def test_lock_shortcut_and_logout_from_lock(qtbot: Any, context: Any, runner: Any) -> None:
    window = _window(qtbot, context, runner, acceptance_factory=_PlainPage, idle_ms=0)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    with qtbot.waitSignal(window.logoutRequested):
        qtbot.mouseClick(window.lock_overlay.logout_button, Qt.MouseButton.LeftButton)


def test_idle_setting(store: Any) -> None:
    assert idle_interval_ms(store) == 5 * 60_000
    store.settings.set(IDLE_MINUTES_SETTING, "2")
    assert idle_interval_ms(store) == 120_000
    store.settings.set(IDLE_MINUTES_SETTING, "abc")
    assert idle_interval_ms(store) == 5 * 60_000


def test_saved_case_opens_a_preview_per_document(
    qtbot: Any,
    context: Any,
    runner: Any,
    saved_cases: list[Case],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clerk_app.printing import documents_for

    counter = iter(range(10))

    def to_file(cls: type, parent: QWidget) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"doc{next(counter)}.pdf"))
        return printer

    monkeypatch.setattr(PrintPreviewDialog, "ask_printer", classmethod(to_file))
    window = _window(qtbot, context, runner, acceptance_factory=_PlainPage)
    case = saved_cases[0]
    expected = documents_for(case)
    assert len(expected) >= 1
    shown: list[PrintPreviewDialog] = []
    window.previewOpened.connect(shown.append)
    window.on_case_saved(case)
    for index, doc in enumerate(expected):
        qtbot.waitUntil(lambda i=index: len(shown) > i, timeout=10_000)
        preview = shown[index]
        assert preview.doc_type == doc
        qtbot.waitUntil(preview.print_button.isEnabled, timeout=30_000)
        qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(context.store.prints.log(case.number)) == len(expected))
    assert [r.doc_type for r in context.store.prints.log(case.number)] == [
        d.value for d in expected
    ]
    first = PdfReader(tmp_path / "doc0.pdf").pages[0].extract_text()
    assert expected[0].label in first and case.number in first


# --- command line -------------------------------------------------------------------------


def _run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clerk_app.ui.main", *args],
        cwd=ROOT,
        env=env or dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_render_sample_writes_pdf_without_qt(tmp_path: Path) -> None:
    out = tmp_path / "sample.pdf"
    code = (
        "import sys\n"
        "from clerk_app.ui.main import main\n"
        f"rc = main(['render-sample', 'acceptance_notice', '--out', {str(out)!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print('QT:', loaded)\n"
        "sys.exit(rc)\n"
    )
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("DISPLAY", None)  # it must not even need a display
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "QT: []" in proc.stdout  # no Qt module imported, so no QApplication either
    text = PdfReader(out).pages[0].extract_text()
    assert "受理通知书" in text


def test_render_sample_unknown_doc_lists_valid_names(tmp_path: Path) -> None:
    proc = _run_cli("render-sample", "nonsense", "--out", str(tmp_path / "x.pdf"))
    assert proc.returncode == 2
    assert "未知的文书类型" in proc.stderr
    assert "acceptance_notice" in proc.stderr and "refusal_notice" in proc.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_no_display_prints_xvfb_hint(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    assert not display_available()
    assert main(["--demo"]) == 1
    assert "xvfb-run" in capsys.readouterr().err
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_available()


def test_data_dir_choice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLERK_DATA_DIR", str(tmp_path / "env"))
    assert default_data_dir(demo=True) == tmp_path / "env" / "demo"
    assert default_data_dir(demo=False, explicit=tmp_path / "x") == tmp_path / "x"
    args = build_parser().parse_args(["--demo", "--window", "5", "--data-dir", str(tmp_path)])
    assert args.demo and args.window == 5 and args.data_dir == tmp_path


def test_startup_probe_reports_milliseconds(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CLERK_DATA_DIR=str(tmp_path))
    proc = _run_cli("--startup-probe", env=env)
    assert proc.returncode == 0, proc.stderr
    ms = float(proc.stdout.strip().splitlines()[-1])
    assert 0 < ms < 20_000


def test_lock_hides_open_dialogs_and_brings_them_back(
    qtbot: Any, context: Any, runner: Any, saved_cases: list[Case]
) -> None:
    window = _window(qtbot, context, runner, acceptance_factory=_PlainPage, idle_ms=0)
    window.show_history_tab()
    detail = window.history.open_case(saved_cases[0])
    detail.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(detail)
    assert detail.isVisible()
    window.lock()
    assert not detail.isVisible()  # nobody reads the case over the clerk's shoulder
    window.lock_overlay.unlock()
    assert detail.isVisible() and detail.case.number == saved_cases[0].number


def test_upload_failure_only_changes_the_status_bar(
    qtbot: Any, context: Any, runner: Any, saved_cases: list[Case]
) -> None:
    import socket

    from clerk_app.sync.client import CentralClient

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    context.client = CentralClient(f"http://127.0.0.1:{port}", timeout=1.0)
    window = MainWindow(context, runner=runner, acceptance_factory=_PlainPage)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.uploadFinished, timeout=60_000) as blocker:
        window.show()  # the sync engine offers the outbox to the server at once
    status = blocker.args[0]
    assert not status.online and status.pending >= len(saved_cases)
    assert window.status_online.text() == "● 服务器无法连接：案件保存在本机"
    assert window.status_sync.text() == "案件已保存在本机，网络恢复后自动上传"
    assert f"待上传 {status.pending}" in window.sync_status.text()
    # Nothing was lost: every case is still here and still pending.
    assert len(context.store.cases.search()) == len(saved_cases)
    assert {op.ref for op in context.store.outbox.pending()} == {
        case.number for case in saved_cases
    }
    window.close()
    assert window.sync_engine is not None and not window.sync_engine.running

"""The device modes end to end: the connecting screen, the device login and the window."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from clerk_app.ui import modes


@pytest.fixture(scope="module")
def queue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("modes") / "central.sqlite3"
    server = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield server
    server.stop()


def run_until(qtbot: Any, check: Any, start: Any) -> list[Any]:
    """Run a mode's event loop until ``check()`` returns a widget, then quit; the widgets."""
    seen: list[Any] = []

    def poll() -> None:
        found = check()
        if found is not None:
            seen.append(found)
            found.close()  # as Ctrl+Shift+Q does: the last window closed ends the mode
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(QApplication.closeAllWindows)  # never hang the test run
    guard.start(20_000)
    try:
        assert start() == 0
    finally:
        guard.stop()  # a late quit() would end the event loops of the next tests
    return seen


def top_level(name: str) -> Any:
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return widget
    return None


def test_run_kiosk_logs_in_and_opens_the_kiosk(
    qtbot: Any, queue_server: Any, tmp_path: Path
) -> None:
    seen = run_until(
        qtbot,
        lambda: (
            ((k := top_level("kiosk")) is not None and len(k.category_buttons) == 6 and k) or None
        ),
        lambda: modes.run_kiosk(
            queue_server.base_url,
            "HS01",
            "kiosk01",
            "Demo@2026",
            slip_dir=tmp_path,
            printer_target="",
            fullscreen=False,
        ),
    )
    assert seen and seen[0].title_label.text() == "黄石市民之家"


def test_run_evaluator_opens_the_rating_screen(qtbot: Any, queue_server: Any) -> None:
    seen = run_until(
        qtbot,
        lambda: top_level("evaluator"),
        lambda: modes.run_evaluator(
            queue_server.base_url, "HS01", 3, "eval03", "Demo@2026", fullscreen=False
        ),
    )
    assert seen and seen[0].page == "welcome"


def test_run_hall_display_opens_the_board(qtbot: Any, queue_server: Any) -> None:
    seen = run_until(
        qtbot,
        lambda: top_level("hallDisplay"),
        lambda: modes.run_hall_display(
            queue_server.base_url, "HS01", "kiosk01", "Demo@2026", voice=False, fullscreen=False
        ),
    )
    assert seen


def test_connecting_screen_says_why_and_retries(qtbot: Any, queue_server: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    screen = modes.ConnectingScreen(
        "自助取号", lambda: modes.device_login(dead, "HS01", "kiosk01", "Demo@2026")
    )
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: "无法连接中心服务器" in screen.status_label.text(), timeout=15_000)
    assert "秒后自动重试" in screen.status_label.text()
    screen.shutdown()

    wrong = modes.ConnectingScreen(
        "自助取号",
        lambda: modes.device_login(queue_server.base_url, "HS01", "kiosk01", "wrong"),
    )
    qtbot.addWidget(wrong)
    qtbot.waitUntil(lambda: "密码" in wrong.status_label.text(), timeout=15_000)
    wrong.shutdown()


def test_a_demo_kiosk_follows_the_server_to_its_new_port(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo server stopped and came back on another port: when its connection drops the
    kiosk re-reads demo-server.json and reopens itself there (issue 9 point 6)."""
    from clerk_app.central.embedded import start_embedded
    from clerk_app.ui.demo_server import read_shared_demo_server, write_shared_demo_server

    monkeypatch.setattr(modes, "RELOCATE_MS", 50)
    old = start_embedded(f"sqlite:///{tmp_path / 'old.sqlite3'}", init_demo=True)
    moved = start_embedded(f"sqlite:///{tmp_path / 'moved.sqlite3'}", init_demo=True)
    write_shared_demo_server(tmp_path, old.base_url)
    stopping: list[threading.Thread] = []

    def check() -> Any:
        kiosk = top_level("kiosk")
        if kiosk is None:
            return None
        url = kiosk.property("serverUrl")
        if url == old.base_url and not stopping:
            write_shared_demo_server(tmp_path, moved.base_url)  # the server's new address
            # the old server goes away for real (its live-event stream drops), off this thread
            old.server.force_exit = True
            stopping.append(threading.Thread(target=old.stop))
            stopping[0].start()
        return kiosk if url == moved.base_url else None

    try:
        seen = run_until(
            qtbot,
            check,
            lambda: modes.run_kiosk(
                old.base_url,
                "HS01",
                "kiosk01",
                "Demo@2026",
                slip_dir=tmp_path,
                printer_target="",
                fullscreen=False,
                locate=lambda: read_shared_demo_server(tmp_path),
            ),
        )
    finally:
        for thread in stopping:
            thread.join(15)
        old.stop()
        moved.stop()
    assert stopping and seen and seen[0].property("serverUrl") == moved.base_url

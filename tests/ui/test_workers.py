"""The task runner: results reach live screens only, and a runner always has an owner."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from clerk_app.ui.workers import TaskRunner


class _Screen(QDialog):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []

    def on_result(self, value: object) -> None:
        self.results.append(value)
        self.setWindowTitle(str(value))  # would raise on a deleted C++ object


@pytest.fixture
def owner() -> QObject:
    return QObject()  # stands for the main window, which outlives its dialogs


def test_late_result_for_a_closed_screen_is_dropped(qtbot: QtBot, owner: QObject) -> None:
    runner = TaskRunner(parent=owner)
    release = threading.Event()
    screen = _Screen()
    runner.start(lambda: release.wait(5) and 42, on_success=screen.on_result)
    screen.deleteLater()  # the clerk closed the preview before it finished rendering
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen), timeout=5000)
    with qtbot.waitSignal(runner.finishedAll, timeout=5000):
        release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def test_result_reaches_a_live_screen(qtbot: QtBot, owner: QObject) -> None:
    runner = TaskRunner(parent=owner)
    screen = _Screen()
    with qtbot.waitSignal(runner.finishedAll, timeout=5000):
        runner.start(lambda: 7, on_success=screen.on_result)
    assert screen.results == [7]


def test_a_runner_without_owner_is_refused() -> None:
    with pytest.raises(TypeError, match="parent"):
        TaskRunner()

"""The scanner's folder on a network share that hangs or goes away: its looks, stats and moves
run off the GUI thread, one look at a time; the capture dialog says so under the strip and
keeps taking pages from the other sources; closing never waits for the share."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from clerk_app.domain.capture import Capture
from clerk_app.domain.hall_time import hall_today
from clerk_app.ui.capture import sources as sources_module
from clerk_app.ui.capture.dialog import CaptureDialog
from clerk_app.ui.capture.sources import HotFolderSource, TestFrameSource
from tests.ui.test_capture_sources import Clock, _jpeg
from tests.ui.test_capture_threads import HELD_AT_MOST_S, Held, loop_runs

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
SLOW_AFTER_S = 5.0


class Share:
    """Stands for the folder's listing on a network share: it answers, hangs (until released)
    or fails, as the test says. Counts the looks and says when a hung one returned."""

    def __init__(self) -> None:
        self.real: Callable[..., Any] = sources_module._list_folder
        self.hung = False
        self.gone = False
        self.release = threading.Event()
        self.entered = threading.Event()
        self.returned = threading.Event()
        self.looks = 0

    def __call__(self, *args: Any) -> Any:
        self.looks += 1
        if self.gone:
            raise OSError(errno.EHOSTDOWN, "Host is down")
        if self.hung:
            self.entered.set()
            if not self.release.wait(HELD_AT_MOST_S):
                raise RuntimeError("hung look never released (run on the GUI thread?)")
            self.returned.set()
        return self.real(*args)

    def come_back(self) -> None:
        self.hung = self.gone = False
        self.release.set()


@pytest.fixture
def share(monkeypatch: pytest.MonkeyPatch) -> Iterator[Share]:
    fake = Share()
    monkeypatch.setattr(sources_module, "_list_folder", fake)
    yield fake
    fake.release.set()  # no I/O thread left waiting, whatever the test did


class Kept:
    def __init__(self) -> None:
        self.pages: list[Capture] = []

    def __call__(self, pages: Capture) -> None:
        self.pages.append(pages)


def _dialog(
    qtbot: QtBot, folder: Path, clock: Clock, parent: QObject | None = None
) -> tuple[CaptureDialog, HotFolderSource]:
    source = HotFolderSource(
        folder,
        settle_seconds=1.0,
        poll_ms=60_000,
        slow_after_seconds=SLOW_AFTER_S,
        clock=clock,
        parent=parent,
    )
    camera = TestFrameSource("高拍仪", size=(300, 400))
    dialog = CaptureDialog("身份证", (), [source, camera], Kept())
    qtbot.addWidget(dialog)
    dialog.show()  # starts the sources: the first look finds the leftovers
    qtbot.waitUntil(lambda: not source.scanning)
    return dialog, source


def _taken(folder: Path) -> Path:
    return folder / "taken" / f"{hall_today():%Y-%m-%d}"


def test_a_hung_share_leaves_the_window_running_and_is_said_under_the_strip(
    qtbot: QtBot, tmp_path: Path, share: Share
) -> None:
    clock = Clock()
    dialog, source = _dialog(qtbot, tmp_path, clock)
    page = _jpeg()
    (tmp_path / "scan.jpg").write_bytes(page)
    share.hung = True
    source.scan()
    assert share.entered.wait(HELD_AT_MOST_S)
    loop_runs(qtbot)  # the GUI thread is not waiting for the share
    looks = share.looks
    source.scan()  # the next tick: the look under way is not doubled
    assert share.looks == looks and source.scanning
    assert dialog.source_status() == ""  # not slow yet
    clock.now += SLOW_AFTER_S
    source.scan()
    assert dialog.source_status() == f"扫描目录无响应：{tmp_path}（正在重试）"
    assert dialog.source_status_label.isVisible()
    dialog.shoot()  # the 高拍仪 keeps working meanwhile
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.source_status() != ""  # an arrival does not hide the share's trouble

    share.come_back()
    qtbot.waitUntil(lambda: not source.scanning)
    assert dialog.source_status() == "" and not dialog.source_status_label.isVisible()
    clock.now += 2
    source.scan()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    qtbot.waitUntil(lambda: not source.busy)
    assert (_taken(tmp_path) / "scan.jpg").read_bytes() == page
    assert not (tmp_path / "scan.jpg").exists()


def test_a_share_that_is_gone_is_said_and_taken_again_when_back(
    qtbot: QtBot, tmp_path: Path, share: Share
) -> None:
    clock = Clock()
    dialog, source = _dialog(qtbot, tmp_path, clock)
    share.gone = True
    source.scan()
    qtbot.waitUntil(lambda: dialog.source_status() != "")
    assert dialog.source_status() == f"扫描目录不可用：{tmp_path}（Host is down；正在重试）"
    assert source.running
    source.scan()  # retried at every tick
    qtbot.waitUntil(lambda: not source.scanning)
    assert dialog.source_status() != ""

    share.come_back()
    (tmp_path / "scan.jpg").write_bytes(_jpeg())
    source.scan()
    qtbot.waitUntil(lambda: not source.scanning)
    assert dialog.source_status() == ""
    clock.now += 2
    source.scan()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.message() == "" or "正在读取" in dialog.message()


def test_closing_the_dialog_during_a_hung_look_does_not_wait_and_nothing_breaks_after(
    qtbot: QtBot, tmp_path: Path, share: Share
) -> None:
    clock = Clock()
    owner = QObject()  # the window that owns the source, closed too before the share answers
    dialog, source = _dialog(qtbot, tmp_path, clock, parent=owner)
    (tmp_path / "scan.jpg").write_bytes(_jpeg())
    share.hung = True
    source.scan()
    assert share.entered.wait(HELD_AT_MOST_S)
    dialog.accept()  # returns at once: the look is left to itself
    assert not dialog.isVisible() and not source.running
    assert dialog.source_status() == ""
    shiboken6.delete(owner)  # the source goes with its window
    assert not shiboken6.isValid(source)

    share.come_back()
    assert share.returned.wait(HELD_AT_MOST_S)
    loop_runs(qtbot)  # the late answer is dropped, not handed to a deleted source
    loop_runs(qtbot)
    assert (tmp_path / "scan.jpg").exists()  # not taken, not lost


def test_a_source_stopped_during_a_hung_look_drops_its_answer_and_starts_afresh(
    qtbot: QtBot, tmp_path: Path, share: Share
) -> None:
    clock = Clock()
    dialog, source = _dialog(qtbot, tmp_path, clock)
    page = _jpeg()
    (tmp_path / "scan.jpg").write_bytes(page)
    share.hung = True
    source.scan()
    assert share.entered.wait(HELD_AT_MOST_S)
    dialog.accept()
    assert not dialog.isVisible()
    again, _ = _reopened(qtbot, source)
    looks = share.looks
    clock.now += SLOW_AFTER_S
    source.scan()  # the old look still hangs: said, and still no second one
    assert share.looks == looks
    assert again.source_status().startswith("扫描目录无响应")

    share.come_back()
    qtbot.waitUntil(lambda: not source.scanning)  # the old answer dropped, a new look made
    assert again.source_status() == ""
    clock.now += 2
    source.scan()
    qtbot.waitUntil(lambda: again.model.rowCount() == 1)
    qtbot.waitUntil(lambda: not source.busy)
    assert (_taken(tmp_path) / "scan.jpg").read_bytes() == page


def _reopened(qtbot: QtBot, source: HotFolderSource) -> tuple[CaptureDialog, Kept]:
    kept = Kept()
    dialog = CaptureDialog("身份证", (), [source], kept)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, kept


def test_a_page_moved_after_the_dialog_closed_comes_with_the_next_start(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    move = Held(sources_module._move_file)
    monkeypatch.setattr(sources_module, "_move_file", move)
    try:
        clock = Clock()
        dialog, source = _dialog(qtbot, tmp_path, clock)
        page = _jpeg()
        (tmp_path / "scan.jpg").write_bytes(page)
        source.scan()
        qtbot.waitUntil(lambda: not source.scanning)
        clock.now += 2
        source.scan()
        qtbot.waitUntil(move.entered.is_set)  # read, being moved to taken/ (the share is slow)
        loop_runs(qtbot)
        dialog.accept()  # closes at once
        assert not dialog.isVisible()
    finally:
        move.release.set()
    qtbot.waitUntil(lambda: not source.busy)
    assert (_taken(tmp_path) / "scan.jpg").read_bytes() == page
    again, _ = _reopened(qtbot, source)
    qtbot.waitUntil(lambda: again.model.rowCount() == 1)  # not lost: the next capture has it

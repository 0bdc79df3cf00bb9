"""Capture never freezes the clerk's window: a line's PDF is joined, a file read and split, a
scanner's file read off the GUI thread. Each test holds the slow step on a ``threading.Event``
and shows the event loop still runs (a timer fires), what the window says meanwhile, and what
is kept once the step is released — never a measured time."""

# ruff: noqa: F811  (the fixtures of test_capture, imported, are the tests' arguments)
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

import clerk_app.ui.acceptance.page as page_module
import clerk_app.ui.capture.dialog as dialog_module
import clerk_app.ui.capture.sources as sources_module
from clerk_app.devices.pages import PageError
from clerk_app.domain.cases import Case, DecisionKind
from clerk_app.domain.hall_time import hall_today
from clerk_app.store.local import LocalStore
from clerk_app.ui.acceptance import AcceptancePage
from clerk_app.ui.capture.dialog import CaptureDialog
from clerk_app.ui.capture.sources import HotFolderSource, TestFrameSource
from tests.ui.test_acceptance import (
    ESTATE,
    ESTATE_TAX,
    HOUSE_BUNDLE,
    fill_applicant,
    ready_page,
    row_of,
)
from tests.ui.test_capture import (  # noqa: F401  (fixtures)
    _press,
    _two_page_pdf,
    camera,
    context,
    drive_dialog,
    folder,
    page,
    pdf_pages,
    select_line,
    store,
)
from tests.ui.test_capture_sources import Clock, Collected, _jpeg, _start

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

REAL_JOIN = page_module.joined_pdf
HELD_AT_MOST_S = 30  # a released step never waits this long; a broken test fails, never hangs


class Held:
    """Wraps a slow step so that it waits until the test releases it (the calls it holds are
    counted, so the test knows the step is under way)."""

    def __init__(self, fn: Callable[..., Any], *, hold: Callable[..., bool] = lambda *a: True):
        self.fn = fn
        self._hold = hold
        self.release = threading.Event()
        self.entered = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._hold(*args):
            self.entered.set()
            if not self.release.wait(HELD_AT_MOST_S):
                raise RuntimeError("held step never released (called on the GUI thread?)")
        return self.fn(*args, **kwargs)


@pytest.fixture
def released() -> Iterator[list[Held]]:
    """Every held step is released at the end, whatever the test did (no pool thread left
    waiting)."""
    held: list[Held] = []
    yield held
    for step in held:
        step.release.set()


def loop_runs(qtbot: QtBot) -> None:
    """The GUI thread's event loop is not blocked: a timer started now fires."""
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    qtbot.waitUntil(lambda: fired == [True])


def looked_at(qtbot: QtBot, source: HotFolderSource) -> None:
    """One look at the scanner's folder, answered (it runs off the GUI thread)."""
    source.scan()
    qtbot.waitUntil(lambda: not source.scanning)


def capture_one_page(qtbot: QtBot, page: AcceptancePage, monkeypatch: pytest.MonkeyPatch) -> None:
    drive_dialog(
        qtbot,
        monkeypatch,
        lambda d: _press(qtbot, d, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
    )
    page.capture_line()


def hold_joins(monkeypatch: pytest.MonkeyPatch, released: list[Held], fn: Any = None) -> Held:
    held = Held(fn or REAL_JOIN)
    released.append(held)
    monkeypatch.setattr(page_module, "joined_pdf", held)
    return held


def confirm_accept(page: AcceptancePage) -> list[Case]:
    page.decision_panel.choose(DecisionKind.ACCEPT)
    saved: list[Case] = []
    page.caseSaved.connect(saved.append)
    assert page.decision_panel.confirm(), page.decision_panel.errors_text()
    return saved


# ------------------------------------------------------------------ the save waits for its PDFs


def test_a_save_before_the_join_finished_waits_without_freezing_the_window(
    qtbot: QtBot,
    page: AcceptancePage,
    store: LocalStore,
    monkeypatch: pytest.MonkeyPatch,
    released: list[Held],
) -> None:
    ready_page(qtbot, page)
    page.checklist_panel.model.mark_required_received()
    select_line(page, "监护人居民身份证")
    join = hold_joins(monkeypatch, released)
    capture_one_page(qtbot, page, monkeypatch)  # closing the dialog starts the join: held
    assert join.entered.wait(HELD_AT_MOST_S)

    saved = confirm_accept(page)
    assert page.is_saving()
    loop_runs(qtbot)
    button = page.decision_panel.confirm_button
    assert not button.isEnabled() and button.text() == "正在合成电子件…"
    assert "正在合成电子件" in page.saved_label.text() and page.saved_label.isVisible()
    assert not page.checklist_box.isEnabled() and not page.applicant_box.isEnabled()
    page.decision_panel.confirm()  # pressed again meanwhile: still one save
    page.capture_line()  # F11 meanwhile: nothing opens
    assert saved == [] and store.cases.search() == []

    join.release.set()
    qtbot.waitUntil(lambda: not page.is_saving())
    (case,) = saved
    assert len(store.cases.search()) == 1
    line = [c.material.name for c in case.checks].index("监护人居民身份证")
    assert pdf_pages(store, case.number, line) == ["144x192"]  # the camera page, 600x800 px
    assert button.isEnabled() and button.text() != "正在合成电子件…"
    assert page.checklist_box.isEnabled() and page.saved_label.text().startswith("已保存")


def test_a_join_that_fails_stops_the_save_and_keeps_the_draft_and_the_pages(
    qtbot: QtBot,
    page: AcceptancePage,
    store: LocalStore,
    monkeypatch: pytest.MonkeyPatch,
    released: list[Held],
) -> None:
    ready_page(qtbot, page)
    page.checklist_panel.model.mark_required_received()
    select_line(page, "监护人居民身份证")

    def broken(pages: Any, *, title: str = "") -> bytes:
        raise PageError("图片已损坏，无法读取")

    join = hold_joins(monkeypatch, released, broken)
    capture_one_page(qtbot, page, monkeypatch)
    saved = confirm_accept(page)
    assert page.is_saving()
    join.release.set()
    qtbot.waitUntil(lambda: not page.is_saving())
    assert saved == [] and store.cases.search() == []
    assert "电子件不能保存：图片已损坏，无法读取" in page.decision_panel.errors_text()
    assert page.decision_panel.confirm_button.isEnabled() and page.checklist_box.isEnabled()
    key = page.checklist_panel.capture_key()
    assert len(store.capture.load(key)["监护人居民身份证"]) == 1  # the page stays on the PC
    assert page.stored_draft() is not None  # and the draft with it
    assert page.checklist_panel.has_pages()

    monkeypatch.setattr(page_module, "joined_pdf", REAL_JOIN)
    (case,) = confirm_saved(qtbot, page)  # the same page, confirmed again once it joins
    assert store.attachments.of_case(case.number)


def confirm_saved(qtbot: QtBot, page: AcceptancePage) -> list[Case]:
    saved = confirm_accept(page)
    qtbot.waitUntil(lambda: not page.is_saving())
    return saved


def test_a_change_while_the_save_waits_stops_it(
    qtbot: QtBot,
    page: AcceptancePage,
    store: LocalStore,
    monkeypatch: pytest.MonkeyPatch,
    released: list[Held],
) -> None:
    """The inputs are disabled while the save waits; a change made anyway (a key the page
    still takes) is not saved unseen: the clerk confirms again."""
    ready_page(qtbot, page)
    model = page.checklist_panel.model
    model.mark_required_received()
    select_line(page, "监护人居民身份证")
    join = hold_joins(monkeypatch, released)
    capture_one_page(qtbot, page, monkeypatch)
    saved = confirm_accept(page)
    assert page.is_saving()
    model.set_copies(row_of(model, "监护人居民身份证"), 2)  # a line's count changed meanwhile
    join.release.set()
    qtbot.waitUntil(lambda: not page.is_saving())
    assert saved == [] and store.cases.search() == []
    assert "申请内容有改动，请重新确认" in page.decision_panel.errors_text()


def test_a_bundles_merged_line_waits_for_its_join_and_goes_to_every_item_case(
    qtbot: QtBot,
    page: AcceptancePage,
    store: LocalStore,
    monkeypatch: pytest.MonkeyPatch,
    released: list[Held],
) -> None:
    fill_applicant(qtbot, page.applicant_panel)
    page.set_bundle(HOUSE_BUNDLE, [ESTATE, ESTATE_TAX])
    page.checklist_panel.model.mark_required_received()
    select_line(page, "房屋买卖合同")
    join = hold_joins(monkeypatch, released)
    capture_one_page(qtbot, page, monkeypatch)
    saved = confirm_accept(page)
    assert page.is_saving()
    loop_runs(qtbot)
    join.release.set()
    qtbot.waitUntil(lambda: not page.is_saving())
    assert len(saved) == 2
    files = [store.attachments.of_case(c.number) for c in saved]
    assert all(len(f) == 1 for f in files)
    assert len({f[0].sha256 for f in files}) == 1  # one file, in every item case


# ------------------------------------------------------------------ the dialog reads elsewhere


def test_a_large_file_is_read_off_the_gui_thread_and_pages_keep_their_order(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, released: list[Held]
) -> None:
    pdf = _two_page_pdf(tmp_path / "申请表.pdf")
    split = Held(dialog_module.pages_from_bytes, hold=lambda data, *_: data.startswith(b"%PDF"))
    released.append(split)
    monkeypatch.setattr(dialog_module, "pages_from_bytes", split)
    frames = TestFrameSource("高拍仪", size=(300, 400))
    kept: list[tuple[Any, ...]] = []
    dialog = CaptureDialog("户口迁移申请表", (), [frames], kept.append)
    qtbot.addWidget(dialog)
    dialog.show()

    dialog.take_file(pdf)  # Ctrl+O: held while it is split
    assert split.entered.wait(HELD_AT_MOST_S)
    frames.trigger()  # a camera page after it: read at once, but waits its turn
    loop_runs(qtbot)
    assert dialog.busy and dialog.model.rowCount() == 0
    assert dialog.message() == "正在读取页面…"
    dialog.accept()  # 完成 while reading: closes once the pages are in
    assert dialog.isVisible()

    split.release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    origins = [p.origin for p in dialog.pages()]
    assert origins == ["文件 申请表.pdf 第1页", "文件 申请表.pdf 第2页", "高拍仪"]
    assert [p.origin for p in kept[-1]] == origins  # kept on the PC too


# ------------------------------------------------------------------ the scanner's folder


def test_a_scanners_files_are_read_off_the_gui_thread_in_order_and_moved(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, released: list[Held]
) -> None:
    read = Held(sources_module._read_file, hold=lambda path, *_: path.name == "001.jpg")
    released.append(read)
    monkeypatch.setattr(sources_module, "_read_file", read)
    clock = Clock()
    source = HotFolderSource(tmp_path, settle_seconds=1.0, poll_ms=60_000, clock=clock)
    got = Collected(source)
    _start(qtbot, source)
    first, second = _jpeg(100, 100), _jpeg(120, 100)
    (tmp_path / "001.jpg").write_bytes(first)
    (tmp_path / "002.jpg").write_bytes(second)
    older = (tmp_path / "001.jpg").stat().st_mtime_ns - 1_000_000_000
    os.utime(tmp_path / "001.jpg", ns=(older, older))
    looked_at(qtbot, source)
    clock.now += 2
    looked_at(qtbot, source)  # both settled: the first one's read is held
    assert read.entered.wait(HELD_AT_MOST_S)
    loop_runs(qtbot)
    looked_at(qtbot, source)  # looked at again meanwhile: nothing is read twice
    assert source.busy and got.pages == []
    assert (tmp_path / "001.jpg").exists()  # moved only once read

    read.release.set()
    qtbot.waitUntil(lambda: not source.busy)
    assert [data for data, _ in got.pages] == [first, second]
    taken = tmp_path / "taken" / f"{hall_today():%Y-%m-%d}"
    assert sorted(p.name for p in taken.iterdir()) == ["001.jpg", "002.jpg"]
    assert not (tmp_path / "001.jpg").exists() and got.failures == []


def test_a_file_being_read_when_the_source_stops_stays_for_the_next_start(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, released: list[Held]
) -> None:
    read = Held(sources_module._read_file)
    released.append(read)
    monkeypatch.setattr(sources_module, "_read_file", read)
    clock = Clock()
    source = HotFolderSource(tmp_path, settle_seconds=1.0, poll_ms=60_000, clock=clock)
    got = Collected(source)
    _start(qtbot, source)
    scan = _jpeg()
    (tmp_path / "scan.jpg").write_bytes(scan)
    looked_at(qtbot, source)
    clock.now += 2
    looked_at(qtbot, source)
    assert read.entered.wait(HELD_AT_MOST_S)
    source.stop()  # the dialog closed meanwhile
    read.release.set()
    qtbot.waitUntil(lambda: not source.busy)
    assert got.pages == [] and (tmp_path / "scan.jpg").exists()  # not taken, not lost
    _start(qtbot, source)
    clock.now += 2
    source.scan()
    qtbot.waitUntil(lambda: bool(got.pages))
    assert got.pages == [(scan, "扫描仪文件夹")]

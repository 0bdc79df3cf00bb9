"""Page sources of a window (issue 14): the scanner's hot folder, the synthetic test frame,
the 高拍仪 camera (no device on this machine: its no-device path and the image→page seam)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLoggingCategory, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMainWindow, QStatusBar

from clerk_app.domain.attachments import sniff_media_type
from clerk_app.domain.cases import IdKind, Person
from clerk_app.domain.hall_time import hall_today
from clerk_app.store.attachments import LocalAttachment, NewAttachment
from clerk_app.store.local import LocalStore
from clerk_app.sync.engine import SyncStatus
from clerk_app.ui.app_config import AppPaths, AppSettings, CaptureDevices
from clerk_app.ui.capture.sources import (
    CameraSource,
    HotFolderSource,
    PageSource,
    TestFrameSource,
    image_to_jpeg,
    sources_from_config,
)
from clerk_app.ui.main import main
from clerk_app.ui.setup_dialog import SetupDialog
from clerk_app.ui.status_line import StatusLine
from clerk_app.ui.sync_status import SyncStatusWidget, UploadStatusWidget
from tests.ui.conftest import clerk_context, make_case


@pytest.fixture
def quiet_multimedia() -> Iterator[None]:
    """QtMultimedia's backend says which optional libraries (pipewire, VA-API) this machine
    lacks when it first lists cameras: not this code's warnings."""
    QLoggingCategory.setFilterRules("qt.multimedia*=false")
    yield
    QLoggingCategory.setFilterRules("")


class Clock:
    """A clock the test steps (a file's settling is measured on it, never waited for)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Collected:
    def __init__(self, source: PageSource) -> None:
        self.pages: list[tuple[bytes, str]] = []
        self.failures: list[str] = []
        source.page_arrived.connect(lambda data, label: self.pages.append((data, label)))
        source.failed.connect(self.failures.append)


def _jpeg(width: int = 200, height: int = 300) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#ddeeff"))
    return image_to_jpeg(image)


def _folder_source(folder: Path, clock: Clock, **options: Any) -> tuple[HotFolderSource, Collected]:
    source = HotFolderSource(folder, settle_seconds=1.0, poll_ms=60_000, clock=clock, **options)
    return source, Collected(source)


def _start(qtbot: Any, source: HotFolderSource) -> None:
    """Start, and wait for the first look (what it finds are leftovers)."""
    source.start()
    qtbot.waitUntil(lambda: not source.scanning)


def _scan(qtbot: Any, source: HotFolderSource) -> None:
    """One look at the folder, and the files it took read (off the GUI thread)."""
    source.scan()
    qtbot.waitUntil(lambda: not source.busy)


def _taken_dir(folder: Path) -> Path:
    return folder / "taken" / f"{hall_today():%Y-%m-%d}"


def test_a_file_written_slowly_is_taken_once_whole(qtbot: Any, tmp_path: Path) -> None:
    clock = Clock()
    source, got = _folder_source(tmp_path, clock)
    _start(qtbot, source)
    page = _jpeg()
    target = tmp_path / "scan001.jpg"
    thirds = [page[: len(page) // 3], page[len(page) // 3 : 2 * len(page) // 3]]
    thirds.append(page[2 * len(page) // 3 :])
    target.write_bytes(thirds[0])
    _scan(qtbot, source)
    for piece in thirds[1:]:
        clock.now += 0.8  # the driver writes the next piece before the file settles
        with target.open("ab") as handle:
            handle.write(piece)
        _scan(qtbot, source)
        assert got.pages == []
    clock.now += 0.5
    _scan(qtbot, source)
    assert got.pages == []  # whole, but not yet still for a second
    clock.now += 0.6
    _scan(qtbot, source)
    assert got.pages == [(page, "扫描仪文件夹")]
    assert got.failures == []
    assert not target.exists()
    assert (_taken_dir(tmp_path) / "scan001.jpg").read_bytes() == page
    clock.now += 5
    _scan(qtbot, source)
    assert len(got.pages) == 1  # taken once


def test_pages_arrive_in_the_order_the_driver_wrote_them(qtbot: Any, tmp_path: Path) -> None:
    clock = Clock()
    source, got = _folder_source(tmp_path, clock)
    _start(qtbot, source)
    first, second = _jpeg(100, 100), _jpeg(120, 100)
    (tmp_path / "b.jpg").write_bytes(first)
    (tmp_path / "a.jpg").write_bytes(second)
    older = (tmp_path / "b.jpg").stat().st_mtime_ns - 1_000_000_000
    os.utime(tmp_path / "b.jpg", ns=(older, older))
    _scan(qtbot, source)
    clock.now += 2
    _scan(qtbot, source)
    assert [data for data, _ in got.pages] == [first, second]


def test_a_text_file_named_jpg_is_refused_and_moved(qtbot: Any, tmp_path: Path) -> None:
    clock = Clock()
    source, got = _folder_source(tmp_path, clock)
    _start(qtbot, source)
    (tmp_path / "photo.jpg").write_text("这不是图片，是一段文字", encoding="utf-8")
    _scan(qtbot, source)
    clock.now += 2
    _scan(qtbot, source)
    assert got.pages == []
    assert len(got.failures) == 1
    assert "photo.jpg" in got.failures[0]
    assert "不是PDF、JPEG或PNG" in got.failures[0]
    assert "refused" in got.failures[0]
    assert (tmp_path / "refused" / "photo.jpg").is_file()
    assert not (tmp_path / "photo.jpg").exists()
    # A second file of the same name keeps the first one.
    (tmp_path / "photo.jpg").write_text("again", encoding="utf-8")
    _scan(qtbot, source)
    clock.now += 2
    _scan(qtbot, source)
    assert (tmp_path / "refused" / "photo-2.jpg").read_text(encoding="utf-8") == "again"


def test_a_pdf_is_taken_and_an_empty_file_waits(qtbot: Any, tmp_path: Path) -> None:
    clock = Clock()
    source, got = _folder_source(tmp_path, clock)
    _start(qtbot, source)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    (tmp_path / "scan.pdf").write_bytes(pdf)
    (tmp_path / "empty.jpg").write_bytes(b"")  # a driver that created the file, no bytes yet
    _scan(qtbot, source)
    clock.now += 2
    _scan(qtbot, source)
    assert got.pages == [(pdf, "扫描仪文件夹")]
    assert got.failures == []
    assert (tmp_path / "empty.jpg").exists()


def test_leftovers_are_not_taken_unless_configured(qtbot: Any, tmp_path: Path) -> None:
    old = _jpeg()
    (tmp_path / "yesterday.jpg").write_bytes(old)
    (tmp_path / "~scan.tmp").write_bytes(b"driver's scratch")
    clock = Clock()
    source, got = _folder_source(tmp_path, clock)
    _start(qtbot, source)
    clock.now += 5
    _scan(qtbot, source)
    assert got.pages == [] and got.failures == []
    assert (tmp_path / "yesterday.jpg").exists()
    source.stop()

    taking, taken = _folder_source(tmp_path, clock, take_existing=True)
    _start(qtbot, taking)
    clock.now += 5
    _scan(qtbot, taking)
    assert taken.pages == [(old, "扫描仪文件夹")]
    assert (tmp_path / "~scan.tmp").exists()  # a driver's temporary file is never taken


def test_a_missing_folder_says_so_and_is_taken_once_it_is_there(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "nowhere"
    clock = Clock()
    source, got = _folder_source(folder, clock, take_existing=True)
    _start(qtbot, source)
    assert source.running  # a share not mounted yet: looked at again at every tick
    assert "扫描仪文件夹不存在" in source.status and str(folder) in source.status
    folder.mkdir()
    (folder / "scan.jpg").write_bytes(_jpeg())
    _scan(qtbot, source)
    assert source.status == ""
    clock.now += 2
    _scan(qtbot, source)
    assert len(got.pages) == 1 and got.failures == []


def test_a_folder_that_goes_away_is_said_and_retried(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    clock = Clock()
    source, got = _folder_source(folder, clock)
    statuses: list[str] = []
    source.status_changed.connect(statuses.append)
    _start(qtbot, source)
    folder.rmdir()
    _scan(qtbot, source)
    assert source.running
    assert source.status.startswith("扫描目录不可用：") and str(folder) in source.status
    folder.mkdir()  # the share is back
    page = _jpeg()
    (folder / "scan.jpg").write_bytes(page)
    _scan(qtbot, source)
    assert source.status == ""
    clock.now += 2
    _scan(qtbot, source)
    assert got.pages == [(page, "扫描仪文件夹")] and got.failures == []
    assert [bool(s) for s in statuses] == [True, False]


def test_the_watcher_takes_a_new_file_without_being_asked(qtbot: Any, tmp_path: Path) -> None:
    """The real wiring: QFileSystemWatcher / poll timer and the settle timer, no fake clock."""
    source = HotFolderSource(tmp_path, settle_seconds=0.05, poll_ms=200)
    page = _jpeg()
    _start(qtbot, source)
    with qtbot.waitSignal(source.page_arrived, timeout=10_000) as arrived:
        (tmp_path / "new.jpg").write_bytes(page)
    assert arrived.args == [page, "扫描仪文件夹"]
    source.stop()


def test_the_test_frame_source_gives_numbered_jpeg_pages(qtbot: Any) -> None:
    source = TestFrameSource(size=(620, 877))
    got = Collected(source)
    assert source.can_trigger
    source.trigger()
    source.trigger()
    assert [label for _, label in got.pages] == ["高拍仪（演示）"] * 2
    first, second = (data for data, _ in got.pages)
    assert sniff_media_type(first) == "image/jpeg"
    assert first != second  # each page says its number
    image = QImage.fromData(first)
    assert (image.width(), image.height()) == (620, 877)


def test_a_camera_that_is_not_there_says_so(qtbot: Any, quiet_multimedia: None) -> None:
    source = CameraSource("/dev/video-not-plugged")
    got = Collected(source)
    source.trigger()
    assert got.failures == ["高拍仪未启动"]
    source.start()
    assert not source.running
    assert source.session is None
    assert "未找到高拍仪" in got.failures[-1]
    assert "/dev/video-not-plugged" in got.failures[-1]


def test_a_captured_image_becomes_a_jpeg_page(qtbot: Any) -> None:
    """The seam QImageCapture.imageCaptured(id, QImage) is connected to."""
    source = CameraSource("any")
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    with qtbot.waitSignal(source.page_arrived, timeout=10_000) as arrived:
        source.image_captured(7, image)
    data, label = arrived.args
    assert label == "高拍仪"
    assert sniff_media_type(data) == "image/jpeg"
    decoded = QImage.fromData(data)
    assert (decoded.width(), decoded.height()) == (800, 600)
    with qtbot.waitSignal(source.failed, timeout=10_000) as failed:
        source.image_captured(8, QImage())
    assert failed.args == ["高拍仪没有给出图像"]


@pytest.mark.qt_log_ignore("No RHI backend")  # offscreen: the frame converts on the CPU
def test_a_video_frame_becomes_a_jpeg_page(qtbot: Any, quiet_multimedia: None) -> None:
    """A video sink's frame (QVideoFrame) goes through the same handler."""
    from PySide6.QtMultimedia import QVideoFrame

    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#228833"))
    source = CameraSource("any")
    with qtbot.waitSignal(source.page_arrived, timeout=10_000) as arrived:
        source.frame_arrived(QVideoFrame(image))
    decoded = QImage.fromData(arrived.args[0])
    assert (decoded.width(), decoded.height()) == (320, 240)


def test_sources_from_config(qtbot: Any, tmp_path: Path) -> None:
    assert sources_from_config(CaptureDevices(), demo=False) == []
    demo = sources_from_config(CaptureDevices(scan_folder=tmp_path), demo=True)
    assert [type(s) for s in demo] == [TestFrameSource, HotFolderSource]
    assert [s.can_trigger for s in demo] == [True, False]
    real = sources_from_config(
        CaptureDevices("/dev/video0", tmp_path, scan_take_existing=True), demo=False
    )
    assert [type(s) for s in real] == [CameraSource, HotFolderSource]
    camera, folder = real
    assert isinstance(camera, CameraSource) and camera.device_id == "/dev/video0"
    assert isinstance(folder, HotFolderSource) and folder.take_existing
    assert folder.folder == tmp_path


# ------------------------------------------------------------------ per-PC settings

CAMERAS = [("/dev/video0", "USB 高拍仪 HD"), ("/dev/video2", "Integrated Webcam")]


@pytest.fixture
def pc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    found = AppPaths(tmp_path / "etc" / "clerk-app.toml", tmp_path / "user.toml", tmp_path / "data")
    monkeypatch.setenv("CLERK_CONFIG", str(found.user_config))
    monkeypatch.setenv("CLERK_SYSTEM_CONFIG", str(found.system_config))
    return found


def _setup(qtbot: Any, pc: AppPaths, central: Any) -> SetupDialog:
    dialog = SetupDialog(AppSettings.load(pc), pc, printers=[], cameras=CAMERAS)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.setup_server.setText(central.base_url)
    qtbot.mouseClick(dialog.form.setup_test_server, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.server_ok, timeout=20_000)
    return dialog


def test_the_setup_dialog_keeps_the_camera_and_the_scanner_folder(
    qtbot: Any, central: Any, pc: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _setup(qtbot, pc, central)
    form = dialog.form
    assert [form.setup_camera.itemData(i) for i in range(form.setup_camera.count())] == [
        "",
        "/dev/video0",
        "/dev/video2",
    ]
    form.setup_camera.setCurrentIndex(1)
    # A folder that is not there is refused with a clear message; nothing is written.
    form.setup_scan_folder.setText(str(tmp_path / "not-there"))
    qtbot.mouseClick(form.setup_save, Qt.MouseButton.LeftButton)
    assert not pc.user_config.exists()
    assert form.setup_capture_status.isVisible()
    assert "扫描仪文件夹不存在" in form.setup_capture_status.text()
    assert str(tmp_path / "not-there") in form.setup_capture_status.text()
    # The browse button fills the field with the folder picked.
    scans = tmp_path / "scans"
    scans.mkdir()
    monkeypatch.setattr(dialog, "ask_folder", lambda start: str(scans))
    qtbot.mouseClick(form.setup_scan_browse, Qt.MouseButton.LeftButton)
    assert form.setup_scan_folder.text() == str(scans)
    assert not form.setup_capture_status.isVisible()
    form.setup_scan_take_existing.setChecked(True)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(form.setup_save, Qt.MouseButton.LeftButton)
    saved = AppSettings.load(pc)
    assert saved.capture_devices() == CaptureDevices("/dev/video0", scans, True)

    # Opened again: what was saved is shown; a camera unplugged since is kept, said so.
    again = SetupDialog(saved, pc, printers=[], cameras=CAMERAS[1:])
    qtbot.addWidget(again)
    assert again.form.setup_camera.currentData() == "/dev/video0"
    assert "未连接" in again.form.setup_camera.currentText()
    assert again.form.setup_scan_folder.text() == str(scans)
    assert again.form.setup_scan_take_existing.isChecked()
    # A kiosk has no capture devices.
    again.form.setup_device.setCurrentIndex(again.form.setup_device.findData("kiosk"))
    assert not again.form.setup_capture_group.isEnabled()
    assert "camera_device" not in again.values()


def test_the_setup_command_sets_the_capture_devices(
    central: Any, pc: AppPaths, tmp_path: Path, capsys: Any
) -> None:
    args = ["setup", "--no-check", "--server", central.base_url, "--device", "window"]
    missing = str(tmp_path / "share")
    assert main([*args, "--window", "2", "--camera", "/dev/video0", "--scan-folder", missing]) == 0
    assert "目前不存在" in capsys.readouterr().err  # a share mounted later: said, written
    saved = AppSettings.load(pc)
    assert saved.capture_devices() == CaptureDevices("/dev/video0", Path(missing))
    assert main([*args, "--camera", ""]) == 0  # no camera any more
    assert AppSettings.load(pc).camera_device == ""


# ------------------------------------------------------------------ upload progress


AT = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)
PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")


def _captured(store: LocalStore, sizes: list[int]) -> tuple[str, list[LocalAttachment]]:
    item = store.catalog.item(store.catalog.search("登记", limit=1)[0].code)
    assert item is not None
    number = store.cases.save_new(make_case(item, PERSON)).number
    files = [
        NewAttachment(number, line, b"%PDF-1.4\n" + bytes([line]) * (size - 9), f"材料{line}.pdf")
        for line, size in enumerate(sizes)
    ]
    return number, store.attachments.add_all(files, captured_by="c", captured_at=AT)


def test_the_status_line_says_how_far_the_captured_files_are(
    qtbot: Any, catalog_store: LocalStore
) -> None:
    store = catalog_store
    bar = QStatusBar()
    qtbot.addWidget(bar)
    widget = UploadStatusWidget(store, bar)
    bar.addWidget(widget)
    bar.show()
    assert not widget.isVisible()  # nothing captured: nothing said

    number, (first, second, third) = _captured(store, [1000, 3000, 4000])
    widget.refresh()
    assert widget.isVisible()
    assert widget.text() == "材料待上传 3"
    assert "3 个待上传" in widget.toolTip()

    store.attachments.note_offset(first.id, 1000)  # the server confirmed a whole file
    store.attachments.note_offset(second.id, 1500)  # and half of another
    store.attachments.mark_refused(third.id, "文件不是PDF、JPEG或PNG")
    widget.refresh()
    # 2500 of the 4000 bytes still pending are on the server
    assert widget.text() == "材料待上传 2（已传 62%）　材料被拒 1"
    assert widget.property("role") == "error"
    assert "文件不是PDF、JPEG或PNG" in widget.toolTip()
    assert f"{number} 第3项 材料2.pdf" in widget.toolTip()  # line 2 of 0, 1, 2

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    dialog = widget.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    reason = dialog.model.index(0, 3)
    assert dialog.model.data(reason) == "文件不是PDF、JPEG或PNG"
    assert dialog.model.data(dialog.model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == (
        "文件不是PDF、JPEG或PNG"
    )
    dialog.accept()

    store.attachments.mark_stored(first.id, AT)
    store.attachments.mark_stored(second.id, AT)
    widget.refresh()
    assert widget.text() == "材料被拒 1"


def test_the_status_line_follows_the_upload_while_it_runs(
    qtbot: Any, catalog_store: LocalStore
) -> None:
    """While files are pending the widget reads the store again on its own (the sync worker
    notes every chunk); a sync round's status refreshes it at once."""
    store = catalog_store
    bar = QStatusBar()
    qtbot.addWidget(bar)
    widget = UploadStatusWidget(store, bar, poll_ms=20)
    sync = SyncStatusWidget(store, bar)
    sync.statusChanged.connect(widget.refresh)
    _, (only,) = _captured(store, [2000])
    sync.set_status(SyncStatus(True, 0, 0, None, None))
    assert widget.text() == "材料待上传 1"
    store.attachments.note_offset(only.id, 500)
    qtbot.waitUntil(lambda: widget.text() == "材料待上传 1（已传 25%）", timeout=5000)
    store.attachments.mark_stored(only.id, AT)
    qtbot.waitUntil(lambda: widget.isHidden(), timeout=5000)


def test_the_window_status_line_carries_it_but_not_for_the_help_desk(
    qtbot: Any, catalog_store: LocalStore
) -> None:
    store = catalog_store
    _, (only,) = _captured(store, [2000])
    store.attachments.mark_refused(only.id, "案件已办结，不能再添加材料")
    window = QMainWindow()
    qtbot.addWidget(window)
    line = StatusLine(window.statusBar(), clerk_context(store), "")
    window.show()
    assert line.upload_status is not None and line.upload_status.isVisible()
    assert line.upload_status.text() == "材料被拒 1"
    helpdesk = QMainWindow()
    qtbot.addWidget(helpdesk)
    desk = StatusLine(helpdesk.statusBar(), clerk_context(store), "帮办账号不能受理案件")
    assert desk.upload_status is None
    assert helpdesk.statusBar().findChild(UploadStatusWidget) is None


def test_files_written_since_login_are_taken_and_restarts_keep_going(
    qtbot: Any, tmp_path: Path
) -> None:
    """The clerk may scan before opening the capture: what the folder got since the login is
    the clerk's; what was there before is a leftover. Stopped and started again (the dialog
    closed and opened), the source takes what arrived in between."""
    old, mine, later = _jpeg(100, 100), _jpeg(110, 100), _jpeg(120, 100)
    (tmp_path / "old.jpg").write_bytes(old)
    (tmp_path / "mine.jpg").write_bytes(mine)
    login = (tmp_path / "mine.jpg").stat().st_mtime - 60
    os.utime(tmp_path / "old.jpg", (login - 3600, login - 3600))
    clock = Clock()
    source, got = _folder_source(tmp_path, clock, since=login)
    _start(qtbot, source)
    source.start()  # a second show of the dialog changes nothing
    clock.now += 2
    _scan(qtbot, source)
    assert got.pages == [(mine, "扫描仪文件夹")]
    source.stop()
    (tmp_path / "later.jpg").write_bytes(later)
    _start(qtbot, source)
    clock.now += 2
    _scan(qtbot, source)
    assert [data for data, _ in got.pages] == [mine, later]
    assert (tmp_path / "old.jpg").exists()


def test_the_window_context_gives_its_sources(qtbot: Any, store: Any, tmp_path: Path) -> None:
    context = replace(
        clerk_context(store), capture_devices=CaptureDevices(scan_folder=tmp_path), demo=True
    )
    demo, folder = context.page_sources()
    assert isinstance(demo, TestFrameSource)
    assert isinstance(folder, HotFolderSource) and folder.since == context.logged_in_at

"""Where a window's pages come from (issue 14): the 高拍仪 (a document camera, QtMultimedia),
a scanner's or 高拍仪 driver's output folder, and a synthetic page for tests and the demo.

Every source is a :class:`PageSource`: ``start()`` / ``stop()``, ``page_arrived(bytes, label)``
with the page (JPEG/PNG or a PDF file, checked by its first bytes) and a Chinese label of where
it came from, ``failed(reason)`` with a sentence for the clerk (a missing folder, no camera, a
refused file); a source never raises into the window. ``status`` (with ``status_changed``) is a
lasting trouble the window shows while it lasts (the scanner's share hangs), "" when none.
``can_trigger`` / ``trigger()``: a camera takes one frame now, a folder waits for its driver.

:func:`sources_from_config` builds a window's sources from the PC's settings
(:class:`clerk_app.ui.app_config.CaptureDevices`, in ``WindowContext.capture_devices``).
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QFileSystemWatcher,
    QIODevice,
    QObject,
    QPointF,
    QRectF,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QImage, QImageWriter, QPainter, QPen

from clerk_app.domain.attachments import HEAD_BYTES, file_refusal
from clerk_app.domain.hall_time import hall_now, hall_today
from clerk_app.store.attachments import DEFAULT_MAX_BYTES
from clerk_app.ui.app_config import CaptureDevices
from clerk_app.ui.capture.ordered import InOrder
from clerk_app.ui.workers import ThreadHandoff, serial_pool

if TYPE_CHECKING:  # QtMultimedia loads its backends: only when a camera is used
    from PySide6.QtMultimedia import QCamera, QCameraDevice, QImageCapture, QMediaCaptureSession

log = logging.getLogger(__name__)

JPEG_QUALITY = 85
TAKEN_DIR = "taken"
REFUSED_DIR = "refused"
# Names a driver writes before renaming to the final one (and the OS's own files).
_TEMPORARY_SUFFIXES = frozenset({".tmp", ".part", ".crdownload", ".partial", ".lock"})
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})


def camera_label() -> str:
    return QCoreApplication.translate("PageSource", "高拍仪")


def demo_camera_label() -> str:
    return QCoreApplication.translate("PageSource", "高拍仪（演示）")


def folder_label() -> str:
    return QCoreApplication.translate("PageSource", "扫描仪文件夹")


def image_to_jpeg(image: QImage, quality: int = JPEG_QUALITY) -> bytes:
    """``image`` as JPEG bytes (safe on a worker thread: QImage is not a widget)."""
    if image.isNull():
        raise ValueError(QCoreApplication.translate("PageSource", "高拍仪没有给出图像"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"jpeg"))
    writer.setQuality(quality)
    if not writer.write(image):
        raise ValueError(
            QCoreApplication.translate("PageSource", "无法把图像编码为JPEG：%1").replace(
                "%1", writer.errorString()
            )
        )
    return bytes(buffer.data().data())


class PageSource(QObject):
    """One place pages come from; see the module's docstring."""

    page_arrived = Signal(bytes, str)  # the page's bytes, where it came from (Chinese)
    failed = Signal(str)  # why a page did not come, for the clerk
    status_changed = Signal(str)  # ``status`` changed

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.running = False
        self.status = ""  # a lasting trouble for the clerk (a hung share), "" when none

    @property
    def can_trigger(self) -> bool:
        return False

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False

    def trigger(self) -> None:
        """Take one page now (a camera); a folder does nothing."""


# ------------------------------------------------------------------ a page drawn by the app


class TestFrameSource(PageSource):
    """A synthetic page (text and lines on white, JPEG): the tests' camera and the demo's 高拍仪.

    ``trigger()`` emits one page at once, numbered; it needs no ``start()``."""

    __test__ = False  # not a pytest class despite its name

    def __init__(
        self,
        name: str | None = None,
        *,
        size: tuple[int, int] = (1240, 1754),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(name or demo_camera_label(), parent)
        self.size = size
        self.count = 0

    @property
    def can_trigger(self) -> bool:
        return True

    def trigger(self) -> None:
        self.count += 1
        self.page_arrived.emit(image_to_jpeg(self.frame(self.count)), self.name)

    def frame(self, number: int) -> QImage:
        width, height = self.size
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor("#1f3a5f"), max(2, width // 300)))
            margin = width * 0.08
            painter.drawRect(QRectF(margin / 2, margin / 2, width - margin, height - margin))
            font = QFont()
            font.setPixelSize(max(12, width // 18))
            painter.setFont(font)
            title = QCoreApplication.translate("PageSource", "演示材料 第 %1 页").replace(
                "%1", str(number)
            )
            painter.drawText(
                QRectF(margin, margin, width - 2 * margin, height / 8),
                Qt.AlignmentFlag.AlignCenter,
                title,
            )
            font.setPixelSize(max(10, width // 40))
            painter.setFont(font)
            painter.drawText(
                QRectF(margin, margin + height / 8, width - 2 * margin, height / 16),
                Qt.AlignmentFlag.AlignCenter,
                f"{self.name} · {hall_now():%Y-%m-%d %H:%M:%S}",
            )
            painter.setPen(QPen(QColor("#888888"), max(1, width // 600)))
            top = margin + height / 4
            step = height / 40
            line = 0
            while top + line * step < height - margin:
                y = top + line * step
                right = width - margin - (line * 37 % 5) * width / 20
                painter.drawLine(QPointF(margin, y), QPointF(right, y))
                line += 1
        finally:
            painter.end()
        return image


# ------------------------------------------------------------------ a driver's output folder


@dataclass(slots=True)
class _Seen:
    size: int
    mtime_ns: int
    since: float  # the clock's time when size and mtime were first seen like this


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class _Listing:
    """One look at the folder (made on its I/O thread)."""

    entries: tuple[_Entry, ...]  # the candidate files, oldest first (a driver's page order)
    started: float  # the clock before the first stat …
    finished: float  # … and after the last one
    problem: str = ""  # the folder is missing or not writable (nothing listed)


@dataclass(frozen=True, slots=True)
class _FileRead:
    data: bytes
    size: int  # on disk (more than ``data`` holds when the file is too large)


def _folder_problem(folder: Path) -> str:
    where = str(folder)
    if not folder.is_dir():
        return QCoreApplication.translate(
            "PageSource", "扫描仪文件夹不存在：%1（请在本机设置中改正，或检查网络共享）"
        ).replace("%1", where)
    if not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
        return QCoreApplication.translate(
            "PageSource", "扫描仪文件夹无法读写：%1（本程序要把取走的文件移到其中的子文件夹）"
        ).replace("%1", where)
    return ""


def _list_folder(folder: Path, clock: Callable[[], float], check: bool) -> _Listing:
    """The folder's candidate files with size and time (runs on the folder's I/O thread: on a
    hung network share every call here may block for long). OSError: the folder is gone."""
    started = clock()
    if check:
        problem = _folder_problem(folder)
        if problem:
            return _Listing((), started, clock(), problem)
    found: list[_Entry] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            lower = entry.name.lower()
            if (
                lower.startswith((".", "~"))
                or lower in _SYSTEM_FILES
                or Path(lower).suffix in _TEMPORARY_SUFFIXES
                or not entry.is_file(follow_symlinks=False)
            ):
                continue
            try:
                stat = entry.stat()
            except FileNotFoundError:  # taken away meanwhile
                continue
            found.append(_Entry(entry.name, stat.st_size, stat.st_mtime_ns))
    found.sort(key=lambda e: (e.mtime_ns, e.name))
    return _Listing(tuple(found), started, clock())


def _read_file(path: Path, max_bytes: int) -> _FileRead:
    """A settled file's bytes, at most one more than ``max_bytes`` (runs on a pool thread: a
    large scan on a network share takes a while). OSError: not readable yet."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
        size = os.fstat(handle.fileno()).st_size
    return _FileRead(data, size)


def _move_file(folder: Path, name: str, target_dir: Path) -> Path:
    """Moves ``folder/name`` into ``target_dir`` under a free name (the folder's I/O thread)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 1
    while target.exists():
        number += 1
        target = target_dir / f"{stem}-{number}{suffix}"
    shutil.move(str(folder / name), str(target))
    return target


# The folder threads' answers cross to the GUI thread through one carrier made once and never
# freed, and wait here with a weak reference to their source: the threads hold no Qt object
# and no source, so nothing is ever freed on them (a source or carrier freed on a pool
# thread, or by the garbage collector at a random moment, took its timers along: a crash).
_folder_answers: ThreadHandoff | None = None
_folder_jobs = itertools.count(1)
_awaited: dict[int, tuple[weakref.ref[HotFolderSource], str, dict[str, object]]] = {}


def _folder_answered(answer: tuple[int, object]) -> None:
    job, outcome = answer
    awaited = _awaited.pop(job, None)
    if awaited is None:
        return
    ref, then, given = awaited
    source = ref()
    if source is None or not shiboken6.isValid(source):
        return  # deleted meanwhile (a window closed): the answer is dropped
    getattr(source, then)(outcome=outcome, **given)


class HotFolderSource(PageSource):
    """Takes the files a scanner's or 高拍仪's driver saves into ``folder``.

    A new file is taken once its size and time stayed the same for ``settle_seconds`` (drivers
    write slowly) and it can be read (off the GUI thread; the pages still come in the order the
    files were written); its type is told by its first bytes. Taken files move to
    ``taken/YYYY-MM-DD/``, refused ones to ``refused/`` (``failed`` says why): nothing is
    deleted, the clerk can get a file back. Files already there at the first ``start()`` are
    someone else's leftovers, left alone unless ``take_existing`` — except those written since
    ``since`` (wall-clock seconds: the window's login), which this clerk scanned before opening
    the capture; a source stopped and started again takes what arrived in between (and a file
    whose reading was under way when it stopped: it stays in the folder until then). A
    QFileSystemWatcher wakes the scan; a poll timer scans too
    (watchers miss events on some filesystems and network shares). ``clock`` and ``scan()``
    let tests step time.

    The folder is often a network share that can hang for tens of seconds: every look, stat
    and move runs on the source's own I/O thread, one look at a time (a tick while one is under
    way is skipped, so a hung share piles up no threads). A look slower than
    ``slow_after_seconds`` or a folder that cannot be listed is said in ``status`` (retried at
    every tick, cleared once the folder answers); a source stopped meanwhile drops the answer.
    """

    def __init__(
        self,
        folder: Path,
        *,
        take_existing: bool = False,
        since: float | None = None,
        settle_seconds: float = 1.0,
        poll_ms: int = 1000,
        slow_after_seconds: float = 4.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.monotonic,
        name: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(name or folder_label(), parent)
        self.folder = Path(folder)
        self.take_existing = take_existing
        self.since = since
        self._started_before = False
        self.settle_seconds = settle_seconds
        self.slow_after_seconds = slow_after_seconds
        self.max_bytes = max_bytes
        self._clock = clock
        self._seen: dict[str, _Seen] = {}
        self._ignored: set[str] = set()  # leftovers, and files that could not be moved away
        self._leftovers_pending = False  # the first look of the first start finds them
        self._reading: set[str] = set()  # files being read off the GUI thread
        self._moving: set[str] = set()  # files read, being moved to taken/ or refused/
        self._held: list[bytes] = []  # pages moved after a stop: handed over at the next start
        self._run = 0  # counts the starts: a file read for an earlier run is not taken
        self._check_folder = True  # until a look of this run succeeded: say what is wrong
        self._scan_started: float | None = None  # the look under way (at most one)
        self._reads = InOrder(self)
        # One thread for the folder's looks and moves, in the order asked; never destroyed
        # while it runs (a hung share must not make a closing window wait).
        self._io = serial_pool(1)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._soon)
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.scan)
        self._wake = QTimer(self)  # a burst of watcher events makes one scan
        self._wake.setSingleShot(True)
        self._wake.setInterval(50)
        self._wake.timeout.connect(self.scan)
        self._settle = QTimer(self)  # a file waiting to settle is looked at again
        self._settle.setSingleShot(True)
        self._settle.timeout.connect(self.scan)

    def start(self) -> None:
        if self.running:
            return
        self._seen.clear()
        if self.take_existing:
            self._ignored = set()
            self._leftovers_pending = False
        elif not self._started_before:
            self._leftovers_pending = True
        self._started_before = True
        self._run += 1
        self._check_folder = True
        self.running = True
        self._poll.start()
        held, self._held = self._held, []
        for data in held:
            self.page_arrived.emit(data, self.name)
        self.scan()

    def stop(self) -> None:
        self.running = False
        self._poll.stop()
        self._wake.stop()
        self._settle.stop()
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self._set_status("")

    @property
    def scanning(self) -> bool:
        """A look at the folder is under way (on the folder's I/O thread)."""
        return self._scan_started is not None

    @property
    def busy(self) -> bool:
        """The folder is being looked at, or files are being read or moved."""
        return self.scanning or self._reads.busy or bool(self._moving)

    def _in_folder(
        self, fn: Callable[..., object], *args: object, then: str, **given: object
    ) -> None:
        """``fn(*args)`` on the folder's I/O thread; then this source's method ``then`` gets
        ``given`` and ``outcome`` (the result or the exception) on the GUI thread, or nothing
        if the source was deleted meanwhile (see :func:`_folder_answered`)."""
        global _folder_answers
        if _folder_answers is None:
            _folder_answers = ThreadHandoff(_folder_answered)
        answers = _folder_answers
        job = next(_folder_jobs)
        _awaited[job] = (weakref.ref(self), then, given)

        def run() -> None:
            try:
                outcome: object = fn(*args)
            except Exception as exc:  # reported to the source; the thread must survive
                outcome = exc
            answers((job, outcome))

        self._io.start(run)

    @Slot()
    def _soon(self) -> None:
        self._wake.start()

    @Slot()
    def scan(self) -> None:
        """Look at the folder once (off the GUI thread): take every file that has settled."""
        if not self.running:
            return
        if self._scan_started is not None:  # the last look has not answered: no second one
            if self._clock() - self._scan_started >= self.slow_after_seconds:
                self._set_status(
                    QCoreApplication.translate(
                        "PageSource", "扫描目录无响应：%1（正在重试）"
                    ).replace("%1", str(self.folder))
                )
            return
        self._scan_started = self._clock()
        self._in_folder(
            _list_folder,
            self.folder,
            self._clock,
            self._check_folder,
            then="_listed",
            run=self._run,
        )

    def _listed(self, run: int, outcome: object) -> None:
        self._scan_started = None
        if not self.running:
            return
        if run != self._run:  # a look from before a restart: look again for this run
            self.scan()
            return
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, OSError):
                log.error("scan folder %s", self.folder, exc_info=outcome)
            log.warning("scan folder %s: %s", self.folder, outcome)
            reason = (outcome.strerror if isinstance(outcome, OSError) else None) or str(outcome)
            self._check_folder = True
            self._set_status(
                QCoreApplication.translate("PageSource", "扫描目录不可用：%1（%2；正在重试）")
                .replace("%1", str(self.folder))
                .replace("%2", reason)
            )
            return
        assert isinstance(outcome, _Listing)
        if outcome.problem:
            self._set_status(outcome.problem)
            return
        self._check_folder = False
        self._set_status("")
        if str(self.folder) not in self._watcher.directories():
            self._watcher.addPath(str(self.folder))  # again after the share came back
        self._take_settled(outcome)

    def _take_settled(self, listing: _Listing) -> None:
        if self._leftovers_pending:
            since_ns = None if self.since is None else int(self.since * 1e9)
            self._ignored = {
                e.name for e in listing.entries if since_ns is None or e.mtime_ns < since_ns
            }
            self._leftovers_pending = False
        present = {e.name for e in listing.entries}
        self._ignored &= present  # a leftover removed: a new file of that name is new
        for gone in set(self._seen) - present:
            del self._seen[gone]
        waiting = False
        for entry in listing.entries:
            name = entry.name
            if name in self._ignored or name in self._reading or name in self._moving:
                continue
            if self._settled(entry, listing):
                self._take(name)
            elif name in self._seen:
                waiting = True
        if waiting and not self._settle.isActive():
            self._settle.start(max(50, int(self.settle_seconds * 1000)))

    def _settled(self, entry: _Entry, listing: _Listing) -> bool:
        seen = self._seen.get(entry.name)
        if seen is None or (seen.size, seen.mtime_ns) != (entry.size, entry.mtime_ns):
            # stat'ed at the latest when the look finished; still the same at the latest
            # when the next one started: the quiet time is never overstated
            self._seen[entry.name] = _Seen(entry.size, entry.mtime_ns, listing.finished)
            return self.settle_seconds <= 0 and entry.size > 0
        return entry.size > 0 and listing.started - seen.since >= self.settle_seconds

    def _set_status(self, text: str) -> None:
        if text != self.status:
            self.status = text
            self.status_changed.emit(text)

    def _take(self, name: str) -> None:
        """Read the settled file off the GUI thread; ``_read`` takes it in arrival order."""
        self._seen.pop(name, None)
        self._reading.add(name)
        self._reads.start(
            _read_file,
            self.folder / name,
            self.max_bytes,
            deliver=partial(self._read, name, self._run),
        )

    def _read(self, name: str, run: int, outcome: _FileRead | BaseException) -> None:
        self._reading.discard(name)
        if not self.running or run != self._run:
            return  # stopped meanwhile: the file stays where it is, taken at the next start
        path = self.folder / name
        if isinstance(outcome, BaseException):  # still locked by the driver (Windows)
            log.info("hot folder: %s not readable yet: %s", path, outcome)
            return  # seen again, it settles again and is read again
        data = outcome.data
        refusal = file_refusal(data[:HEAD_BYTES], max(outcome.size, len(data)), self.max_bytes)
        if refusal is None:
            target_dir = self.folder / TAKEN_DIR / f"{hall_today():%Y-%m-%d}"
        else:
            target_dir = self.folder / REFUSED_DIR
        self._moving.add(name)  # not looked at again until it is moved
        self._in_folder(
            _move_file,
            self.folder,
            name,
            target_dir,
            then="_moved",
            name=name,
            data=data,
            refusal=refusal,
        )

    def _moved(self, name: str, data: bytes, refusal: str | None, outcome: object) -> None:
        """The read file was moved away (or not: then it is left alone, and said so)."""
        self._moving.discard(name)
        moved = outcome if isinstance(outcome, Path) else None
        if moved is None:
            log.warning("hot folder: cannot move %s out of %s: %s", name, self.folder, outcome)
            self._ignored.add(name)
        if refusal is not None:
            where = (
                QCoreApplication.translate("PageSource", "已移到 %1").replace("%1", str(moved))
                if moved
                else ""
            )
            self.failed.emit(
                QCoreApplication.translate("PageSource", "%1 未采用：%2。%3")
                .replace("%1", name)
                .replace("%2", refusal)
                .replace("%3", where)
            )
            return
        if moved is None:
            self.failed.emit(
                QCoreApplication.translate(
                    "PageSource", "%1 已采集，但无法移出扫描仪文件夹（请手工移走）"
                ).replace("%1", name)
            )
        log.info("hot folder: took %s (%d bytes)", self.folder / name, len(data))
        if self.running:
            self.page_arrived.emit(data, self.name)
        else:  # stopped while it was moved: the page is not lost, the next start hands it over
            self._held.append(data)


# ------------------------------------------------------------------ the document camera


def _encode(image: QImage) -> bytes | str:
    """The JPEG, or why there is none (runs on a pool thread)."""
    try:
        return image_to_jpeg(image)
    except ValueError as exc:
        return str(exc)


def camera_devices() -> list[tuple[str, str]]:
    """The PC's video inputs as (id, description) pairs: what the setup dialog offers."""
    from PySide6.QtMultimedia import QMediaDevices

    return [
        (bytes(device.id().data()).decode("utf-8", "replace"), device.description())
        for device in QMediaDevices.videoInputs()
    ]


class CameraSource(PageSource):
    """The 高拍仪 through QtMultimedia: ``trigger()`` captures one still to a buffer, encoded to
    JPEG on a worker thread (a 10-megapixel frame takes a moment). ``session`` (after a
    successful ``start()``) is the QMediaCaptureSession a capture dialog may show as a live
    viewfinder (``session.setVideoOutput(video_widget)``).

    ``device_id`` is a QCameraDevice id (the setup dialog stores it); "" = the PC's default
    camera. With no such camera, ``start()`` says so through ``failed``.
    """

    def __init__(
        self, device_id: str = "", *, name: str | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(name or camera_label(), parent)
        self.device_id = device_id
        self.session: QMediaCaptureSession | None = None  # once started
        self._camera: QCamera | None = None
        self._capture: QImageCapture | None = None

    @property
    def can_trigger(self) -> bool:
        return True

    def _device(self) -> QCameraDevice | None:
        from PySide6.QtMultimedia import QMediaDevices

        devices = QMediaDevices.videoInputs()
        if not self.device_id:
            default = QMediaDevices.defaultVideoInput()
            return None if default.isNull() else default
        for device in devices:
            ident = bytes(device.id().data()).decode("utf-8", "replace")
            if self.device_id in (ident, device.description()):
                return device
        return None

    def start(self) -> None:
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession

        if self.running:
            return
        if self._camera is not None:  # started before: the same camera again
            self.running = True
            self._camera.start()
            return
        device = self._device()
        if device is None:
            wanted = self.device_id or QCoreApplication.translate("PageSource", "默认摄像头")
            self.failed.emit(
                QCoreApplication.translate(
                    "PageSource", "未找到高拍仪（%1）：请检查连接线和驱动，或在本机设置中另选设备"
                ).replace("%1", wanted)
            )
            return
        camera = QCamera(device, self)
        capture = QImageCapture(self)
        session = QMediaCaptureSession(self)
        session.setCamera(camera)
        session.setImageCapture(capture)
        capture.imageCaptured.connect(self.image_captured)
        capture.errorOccurred.connect(self._capture_error)
        camera.errorOccurred.connect(self._camera_error)
        self._camera, self._capture, self.session = camera, capture, session
        self.running = True
        camera.start()

    def stop(self) -> None:
        self.running = False
        if self._camera is not None:
            self._camera.stop()

    def trigger(self) -> None:
        capture = self._capture
        if not self.running or capture is None:
            self.failed.emit(QCoreApplication.translate("PageSource", "高拍仪未启动"))
            return
        if not capture.isReadyForCapture():
            self.failed.emit(QCoreApplication.translate("PageSource", "高拍仪尚未就绪，请稍候再拍"))
            return
        capture.capture()  # to a buffer: imageCaptured(id, QImage), no file

    @Slot(int, QImage)
    def image_captured(self, _request: int, image: QImage) -> None:
        """A still arrived (QImageCapture.imageCaptured; the tests call it with a QImage).
        Encoded on a pool thread; the page comes back to the GUI thread (ThreadHandoff: the
        source may be gone by then, the result is dropped)."""
        copy = image.copy()  # detached from the camera's buffer before crossing threads
        handoff = ThreadHandoff(self._encoded)
        QThreadPool.globalInstance().start(lambda: handoff(_encode(copy)))

    @Slot(object)
    def _encoded(self, result: bytes | str) -> None:
        if isinstance(result, bytes):
            self.page_arrived.emit(result, self.name)
        else:
            self.failed.emit(result)

    def frame_arrived(self, frame: object) -> None:
        """A QVideoFrame (a video sink's frame) taken as the page."""
        from PySide6.QtMultimedia import QVideoFrame

        if isinstance(frame, QVideoFrame):
            self.image_captured(-1, frame.toImage())

    def _capture_error(self, _request: int, _error: object, message: str) -> None:
        self.failed.emit(
            QCoreApplication.translate("PageSource", "高拍仪拍摄失败：%1").replace("%1", message)
        )

    def _camera_error(self, _error: object, message: str) -> None:
        self.failed.emit(
            QCoreApplication.translate("PageSource", "高拍仪出错：%1").replace("%1", message)
        )


# ------------------------------------------------------------------ a window's sources


def sources_from_config(
    config: CaptureDevices,
    *,
    demo: bool,
    parent: QObject | None = None,
    since: float | None = None,
) -> list[PageSource]:
    """A window's page sources from the PC's settings: the 高拍仪 first (the demo's is a
    :class:`TestFrameSource`: the demo has no camera), then the scanner's folder (``since``:
    files written after it are this clerk's, see :class:`HotFolderSource`). Not started: the
    capture dialog starts them while it is open."""
    sources: list[PageSource] = []
    if demo:
        sources.append(TestFrameSource(parent=parent))
    elif config.camera_device:
        sources.append(CameraSource(config.camera_device, parent=parent))
    if config.scan_folder is not None:
        sources.append(
            HotFolderSource(
                config.scan_folder,
                take_existing=config.scan_take_existing,
                since=since,
                parent=parent,
            )
        )
    return sources

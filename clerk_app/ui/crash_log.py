"""The counter app's log file and its last line of defence against an unexpected error.

- ``start_logging(log_dir)``: a rotating log file in the PC's data folder (``clerk-app.log``,
  at most ``LOG_BYTES`` × (``LOG_BACKUPS`` + 1)) beside stderr; every handler redacts ID numbers,
  phones and tokens (``domain.redact``), so no personal data reaches the disk.
- ``install_crash_handler(log_file)``: an exception nobody caught (in a Qt slot, in the main
  code or in a worker thread) is written to the log with its traceback; on the GUI thread the
  clerk gets a short message saying where the log is. The app keeps running: the local cache is
  SQLite in WAL mode and every clerk action is one transaction (``store/database.py``), so an
  error between two actions leaves nothing half-written, and a crash inside one rolls it back.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication

from clerk_app.domain.redact import RedactingFilter

LOG_FILE = "clerk-app.log"
LOG_BYTES = 2 * 1024 * 1024
LOG_BACKUPS = 4
LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s %(message)s"

log = logging.getLogger("clerk_app.crash")

# What the GUI shows for an uncaught error (set by the app once a QApplication exists).
Notify = Callable[[str], None]


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a line is logged (a test runner swaps it; a
    stream kept from an earlier test would be closed)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def start_logging(log_dir: Path | None, *, level: int = logging.INFO) -> Path | None:
    """Log to stderr and, when ``log_dir`` can be written, to the rotating file there; the
    log file's path (None: stderr only, the reason logged). Safe to call again: one stderr
    handler and one log file per process (a new folder replaces the earlier file)."""
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, _StderrHandler) for h in root.handlers):
        _add(root, _StderrHandler())
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if log_dir is None:
        return None
    path = log_dir / LOG_FILE
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            if Path(handler.baseFilename) == path:
                return path
            root.removeHandler(handler)
            handler.close()
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError as exc:  # a read-only profile: the app still runs, logging to stderr
        log.warning("日志文件无法写入（%s）：只输出到控制台", exc)
        return None
    _add(root, handler)
    return path


def _add(root: logging.Logger, handler: logging.Handler) -> None:
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)


def log_files(log_dir: Path) -> list[Path]:
    """The log file and its rotated copies, newest first."""
    current = log_dir / LOG_FILE
    rotated = [log_dir / f"{LOG_FILE}.{n}" for n in range(1, LOG_BACKUPS + 1)]
    return [p for p in (current, *rotated) if p.is_file()]


class CrashHandler:
    """``sys.excepthook`` and ``threading.excepthook`` for the app's lifetime."""

    def __init__(self, log_file: Path | None, notify: Notify | None = None) -> None:
        self.log_file = log_file
        self.notify = notify
        self.count = 0

    def message(self) -> str:
        where = (
            str(self.log_file)
            if self.log_file is not None
            else QCoreApplication.translate("Main", "控制台输出")
        )
        return QCoreApplication.translate(
            "Main",
            "程序遇到一个意外错误，已记录到日志。已保存的业务数据不受影响；"
            "如果当前操作没有完成，请重试。\n"
            "如问题反复出现，请通过“帮助 › 导出诊断包”把诊断包交给信息科。\n日志：%1",
        ).replace("%1", where)

    def handle(
        self,
        kind: type[BaseException],
        value: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, traceback)
            return
        self.count += 1
        log.critical("未捕获的异常", exc_info=(kind, value, traceback))
        if self.notify is not None and threading.current_thread() is threading.main_thread():
            try:
                self.notify(self.message())
            except Exception:  # the message box itself failed: the log has it already
                log.exception("无法显示错误提示")

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:  # pragma: no cover - only SystemExit-like cases
            return
        log.critical(
            "线程 %s 中未捕获的异常",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
        self.count += 1

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self.handle_thread


def install_crash_handler(log_file: Path | None, notify: Notify | None = None) -> CrashHandler:
    handler = CrashHandler(log_file, notify)
    handler.install()
    return handler

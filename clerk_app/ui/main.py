"""``clerk-app``: the counter application's entry point.

    clerk-app --demo                       everything on this PC (embedded central server)
    clerk-app --server URL [--window N]    a real hall
    clerk-app --kiosk                      the ticket kiosk (取号机), full screen
    clerk-app --hall-display               the hall's call board with voice (叫号屏)
    clerk-app --evaluator --window N       the rating screen facing the citizen (评价器)
    clerk-app render-sample DOC --out F    a sample document as PDF (no GUI needed)

    clerk-app setup --server URL …         write this PC's configuration (IT, no GUI)
    clerk-app cache-status [--path DIR]    unsynced work in a local cache (before a purge)

Every setting (server, hall, window, what this PC is, device account, printers, language, data
folder) comes from one object, :class:`~clerk_app.ui.app_config.AppSettings`: the command line,
then ``CLERK_*`` environment variables, then the user's and the system's config file. Without
any server address, the first start shows the setup dialog (``ui/setup_dialog.py``). A PC set
up as a kiosk, display or evaluator (``device = "kiosk"`` …) starts in that mode by itself.
With ``--demo`` the device modes use the demo accounts (kiosk01, eval<NN> for window NN;
password Demo@2026).

One demo central server is SHARED by every process on this PC: the first ``clerk-app --demo``
starts it and writes its address to ``<data dir>/demo-server.json``; a later
``clerk-app --demo --kiosk`` (or ``--hall-display``, ``--evaluator``, or a second clerk window
``--demo --window 2``) finds it there, checks ``GET /api/v1/health`` and uses it; only when no
server answers does it start its own. A clerk window started with ``--demo --window N`` keeps
its local store in ``<data dir>/window-N`` (another counter PC, in effect).

Start-up is kept light: Qt, the store, the sync client and the server are imported only once
the command line says they are needed, so the login window shows quickly (``--startup-probe``
measures it; in a device mode it exits once the device's screen is up after its login).
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # fallback for the probe where /proc is unavailable

import argparse  # noqa: E402
import contextlib  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from concurrent.futures import Future  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from clerk_app.ui.app_config import AppPaths, AppSettings, platform_paths  # noqa: E402
from clerk_app.ui.demo_server import DemoServer, read_shared_demo_server  # noqa: E402

if TYPE_CHECKING:
    from clerk_app.store.local import LocalStore
    from clerk_app.sync.client import CentralClient
    from clerk_app.ui.crash_log import CrashHandler

HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "vnc", "eglfs", "linuxfb", "wayland"})
DEMO_PASSWORD = "Demo@2026"
DEMO_KIOSK_USER = "kiosk01"
PROBE_DEVICE_TIMEOUT_MS = 90_000

XVFB_HELP = """\
没有可用的图形显示（DISPLAY 未设置）。
No display is available. Run the application under a virtual X server, for example:

    xvfb-run -a -s "-screen 0 1366x768x24" clerk-app --demo

or, without any window at all (tests, benchmarks):

    QT_QPA_PLATFORM=offscreen clerk-app --demo
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clerk-app", description="综合窗口受理系统（窗口端）")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="演示模式：在本机启动内置中心服务器（SQLite）并载入演示数据",
    )
    parser.add_argument("--server", metavar="URL", help="中心服务器地址，如 http://10.0.0.5:8000")
    parser.add_argument("--window", metavar="N", type=int, help="本机窗口号（预填到登录框）")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help="本机数据目录（默认 $CLERK_DATA_DIR、配置文件或 ~/.local/share/clerk-app）",
    )
    parser.add_argument(
        "--startup-probe",
        action="store_true",
        help="显示登录窗口（设备模式：登录后的设备界面）后立即退出，"
        "并输出自进程启动以来的毫秒数（启动性能测试用）",
    )
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--kiosk", action="store_true", help="自助取号机模式（全屏）")
    modes.add_argument(
        "--hall-display", action="store_true", help="大厅叫号显示屏模式（全屏，语音播报）"
    )
    modes.add_argument(
        "--evaluator", action="store_true", help="服务评价器模式（全屏），需同时指定 --window N"
    )
    parser.add_argument(
        "--user", metavar="NAME", help="设备账号（默认 $CLERK_KIOSK_USER；演示模式自动选择）"
    )
    parser.add_argument(
        "--password", metavar="PASSWORD", help="设备账号密码（默认 $CLERK_KIOSK_PASSWORD）"
    )
    parser.add_argument("--hall", metavar="CODE", help="大厅编码（默认 $CLERK_HALL；演示模式自动）")
    parser.add_argument(
        "--windowed", action="store_true", help="设备模式不全屏（调试或桌面演示用）"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sample = sub.add_parser("render-sample", help="把一份样例文书渲染为 PDF（无需图形界面）")
    sample.add_argument("doc", metavar="DOC", help="文书类型，如 acceptance_notice")
    sample.add_argument("--out", metavar="FILE.pdf", type=Path, required=True)
    from clerk_app.ui.setup_cli import add_setup_command

    add_setup_command(sub)
    from clerk_app.ui.cache_status import add_cache_status_command

    add_cache_status_command(sub)
    return parser


@dataclass(frozen=True, slots=True)
class Run:
    """What this run of clerk-app is: its command line, its settings and its PC's paths."""

    args: argparse.Namespace
    settings: AppSettings
    paths: AppPaths

    @property
    def data_dir(self) -> Path:
        """Where this PC keeps its local store (and, in demo mode, the embedded server's DB)."""
        base = self.settings.data_root(self.paths)
        return base / "demo" if self.args.demo else base

    @property
    def log_dir(self) -> Path:
        """The rotating log file's folder: in the data folder, where the clerk's account can
        always write (an installed app's own folder may be read-only)."""
        return self.data_dir / "logs"


def load_run(args: argparse.Namespace, paths: AppPaths | None = None) -> Run:
    """The settings of this run: the command line's options over everything else."""
    paths = paths or platform_paths()
    given = {
        "server_url": args.server,
        "hall": args.hall,
        "window": args.window,
        "kiosk_user": args.user,
        "kiosk_password": args.password,
        "data_dir": args.data_dir,
    }
    return Run(args, AppSettings.load(paths, **given), paths)


def default_data_dir(demo: bool, explicit: Path | None = None) -> Path:
    """Where this PC keeps its local store (and, in demo mode, the embedded server's DB)."""
    argv = ["--data-dir", str(explicit)] if explicit is not None else []
    return load_run(build_parser().parse_args([*argv, *(["--demo"] if demo else [])])).data_dir


def display_available() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform in HEADLESS_PLATFORMS or not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def elapsed_since_process_start_ms() -> float:
    """Milliseconds since the OS started this process (Linux), else since this module loaded."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat: starttime, in clock ticks after boot
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
        return max((uptime - start_ticks / ticks) * 1000.0, 0.0)
    except (OSError, ValueError, IndexError):
        return (time.perf_counter() - _STARTED) * 1000.0


def render_sample_command(doc: str, out: Path) -> int:
    """``render-sample``: no Qt at all, so it runs on a server or in CI."""
    from clerk_app.printing.samples import render_sample, sample_kinds

    kinds = sample_kinds()
    if doc not in kinds:
        print(f"未知的文书类型：{doc}", file=sys.stderr)
        print("可用的文书类型：", file=sys.stderr)
        for name, label in kinds.items():
            print(f"  {name:<26} {label}", file=sys.stderr)
        return 2
    try:
        render_sample(doc, out)
    except OSError as exc:
        print(f"无法写入 {out}：{exc}", file=sys.stderr)
        return 1
    print(f"已生成 {out}")
    return 0


def open_store_in_background(path: Path) -> Future[LocalStore]:
    """Open (and migrate) the local store on a thread while the login window already shows."""
    import threading

    future: Future[LocalStore] = Future()

    def work() -> None:
        try:
            from clerk_app.store.local import LocalStore

            future.set_result(LocalStore(path))
        except BaseException as exc:  # the login dialog reports it
            future.set_exception(exc)

    threading.Thread(target=work, name="open-local-store", daemon=True).start()
    return future


def _start_logging(run: Run) -> Path | None:
    """The rotating log file in this PC's data folder (and stderr); no personal data in it."""
    from clerk_app.ui.crash_log import start_logging

    return start_logging(run.log_dir)


def install_crash_handler(log_file: Path | None) -> CrashHandler:
    from clerk_app.ui.crash_log import install_crash_handler as install

    return install(log_file)


def _crash_messages(app: Any, handler: CrashHandler) -> None:
    """An uncaught error on the GUI thread: logged, and the clerk told where the log is."""
    from PySide6.QtWidgets import QMessageBox

    def notify(text: str) -> None:
        QMessageBox.critical(app.activeWindow(), app.translate("Main", "意外错误"), text)

    handler.notify = notify


def _application(run: Run) -> Any:
    """The QApplication in the configured language, printing to the configured printer."""
    from PySide6.QtCore import QLocale

    from clerk_app.ui.app import create_application
    from clerk_app.ui.print_preview import PdfPreviewDialog

    locale = QLocale(run.settings.lang) if run.settings.lang else None
    app = create_application([sys.argv[0]], locale)  # our options are not for Qt
    PdfPreviewDialog.printer_name = run.settings.document_printer
    return app


def run_gui(run: Run) -> int:
    from clerk_app.ui.app import ClerkShell
    from clerk_app.ui.i18n import resources_dir
    from clerk_app.ui.login import DemoAccount, load_demo_accounts

    log_file = _start_logging(run)
    crash = install_crash_handler(log_file)
    args, settings = run.args, run.settings
    data_dir = run.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    store_dir = data_dir
    if args.demo and args.window is not None:
        store_dir = data_dir / f"window-{args.window}"  # one store per simulated counter PC
        store_dir.mkdir(parents=True, exist_ok=True)
    store_future = open_store_in_background(store_dir / "local.sqlite3")
    app = _application(run)
    _crash_messages(app, crash)

    server: DemoServer | None = None
    demo_accounts: list[DemoAccount] | None = None
    connect: Callable[[], CentralClient | None] | None = None
    if args.demo:
        demo_accounts = load_demo_accounts(resources_dir() / "demo" / "hall.json")
        server_label = app.translate("Main", "演示模式：本机内置中心服务器，数据在 %1").replace(
            "%1", str(data_dir)
        )
        if not args.startup_probe:  # the probe measures the window, not the server
            server = DemoServer(data_dir, after=store_future)
            demo_server = server

            def connect() -> CentralClient | None:
                # This simulated PC's own device key (the demo server approves it at once).
                from clerk_app.sync.client import CentralClient
                from clerk_app.sync.device_key import key_file, load_or_create

                key = load_or_create(key_file(store_dir))
                return CentralClient(demo_server.base_url(), device=key)

            if server.shared_url is not None:
                server_label = app.translate(
                    "Main", "演示模式：共用本机已在运行的演示服务器 %1"
                ).replace("%1", server.shared_url)
    else:
        url = settings.server_url
        server_label = (
            app.translate("Main", "中心服务器：%1").replace("%1", url)
            if url
            else app.translate("Main", "中心服务器：未设置（clerk-app setup）")
        )

        def connect() -> CentralClient | None:
            # Runs on the login's pool thread, so reading the key never delays the window.
            from clerk_app.sync.client import CentralClient
            from clerk_app.sync.device_key import key_file, load_or_create

            if not url:
                return None
            # The PC's key, kept beside its local store: the admin approves it once per window.
            return CentralClient(url, device=load_or_create(key_file(store_dir)))

    shell = ClerkShell(
        store_future,
        connect,
        server_label=server_label,
        demo_accounts=demo_accounts,
        window_no=args.window if args.demo else settings.window,
        locate_server=(lambda: read_shared_demo_server(data_dir)) if args.demo else None,
        log_dir=log_file.parent if log_file is not None else None,
        capture_devices=settings.capture_devices(),
        demo=args.demo,
    )
    shell.show_login()
    if args.startup_probe:
        from PySide6.QtCore import QTimer

        def report() -> None:
            print(f"{elapsed_since_process_start_ms():.0f}", flush=True)
            app.exit(0)  # not quit(): that asks the windows, and a busy login may say no

        QTimer.singleShot(0, report)  # runs once the shown dialog has been laid out and painted
    try:
        return int(app.exec())
    finally:
        shell.shutdown()
        _close_windows(app)
        with contextlib.suppress(Exception):  # a store that never opened has nothing to close
            store_future.result(timeout=120).close()
        if server is not None:
            server.stop()


def _device_account(run: Run, role: str) -> tuple[str, str] | None:
    """The device's login: the settings (options, environment, config), or the demo's."""
    user, password = run.settings.kiosk_user, run.settings.kiosk_password
    if run.args.demo:
        if not user:
            user = f"eval{run.args.window:02d}" if role == "evaluator" else DEMO_KIOSK_USER
        password = password or DEMO_PASSWORD
    if not user or not password:
        return None
    return user, password


def _demo_hall_code() -> str:
    import json

    from clerk_app.ui.i18n import resources_dir

    hall = json.loads((resources_dir() / "demo" / "hall.json").read_text(encoding="utf-8"))
    return str(hall["hall"]["code"])


def _watch_for_device_window(app: Any, on_shown: Callable[[], None]) -> None:
    """Call ``on_shown`` once a device screen (not the connecting screen) is visible."""
    from PySide6.QtCore import QTimer

    def check() -> None:
        shown = [
            w
            for w in app.topLevelWidgets()
            if w.isVisible() and w.objectName() != "connectingScreen"
        ]
        if shown:
            on_shown()
        else:
            QTimer.singleShot(50, check)

    QTimer.singleShot(0, check)


def _device_server(run: Run) -> tuple[str, DemoServer | None] | int:
    """The central server a device talks to (in demo mode, the shared demo server), or the
    exit code when there is none."""
    if not run.args.demo:
        if not run.settings.server_url:
            print(
                "请用 --server、环境变量 CLERK_SERVER_URL 或 clerk-app setup 指定中心服务器地址",
                file=sys.stderr,
            )
            return 2
        return run.settings.server_url, None
    data_dir = run.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    server = DemoServer(data_dir)
    try:
        return server.base_url(), server
    except Exception as exc:
        print(f"演示服务器未能启动：{exc}", file=sys.stderr)
        return 1


def _probe_device_startup(app: Any, server_said: str) -> None:
    """--startup-probe: print the server and the time to the device's window, then quit."""
    from PySide6.QtCore import QTimer

    def report() -> None:
        print(server_said)
        print(f"{elapsed_since_process_start_ms():.0f}", flush=True)
        app.exit(0)

    def too_slow() -> None:
        print("设备界面未能在规定时间内显示（无法登录中心服务器？）", file=sys.stderr)
        app.exit(3)

    _watch_for_device_window(app, report)
    QTimer.singleShot(PROBE_DEVICE_TIMEOUT_MS, too_slow)


def _run_device_mode(
    run: Run,
    role: str,
    base_url: str,
    hall: str,
    account: tuple[str, str],
    server: DemoServer | None,
) -> int:
    from clerk_app.sync.device_key import load_or_create
    from clerk_app.ui import modes
    from clerk_app.ui.first_run import device_key_path

    username, password = account
    # Demo: a restarted demo server has a new port; the device finds it in demo-server.json.
    locate: Callable[[], str | None] | None = None
    if server is not None:
        shared_dir = server.data_dir

        def locate() -> str | None:
            return read_shared_demo_server(shared_dir)

    window = run.args.window if run.args.demo else run.settings.window
    key = load_or_create(device_key_path(run.data_dir, role, window))
    full = not run.args.windowed
    if role == "kiosk":
        slips, printer = run.settings.slip_dir(run.paths), run.settings.ticket_printer
        return modes.run_kiosk(
            base_url,
            hall,
            username,
            password,
            slip_dir=slips,
            printer_target=printer,
            fullscreen=full,
            locate=locate,
            device=key,
        )
    if role == "display":
        return modes.run_hall_display(
            base_url, hall, username, password, fullscreen=full, locate=locate, device=key
        )
    assert window is not None  # main() refuses an evaluator without its window
    return modes.run_evaluator(
        base_url, hall, window, username, password, fullscreen=full, locate=locate, device=key
    )


def run_device(run: Run, role: str) -> int:
    """``--kiosk``, ``--hall-display`` or ``--evaluator --window N`` (or a PC set up as one):
    a device of the hall."""
    import logging

    install_crash_handler(_start_logging(run))  # a device has no one to read a message box
    args = run.args
    account = _device_account(run, role)
    if account is None:
        print(
            "设备模式需要设备账号：--user/--password、环境变量 "
            "CLERK_KIOSK_USER / CLERK_KIOSK_PASSWORD 或配置文件（演示模式请加 --demo）",
            file=sys.stderr,
        )
        return 2
    hall = run.settings.hall or (_demo_hall_code() if args.demo else "")
    if not hall:
        print("请用 --hall、环境变量 CLERK_HALL 或配置文件指定大厅编码", file=sys.stderr)
        return 2
    found = _device_server(run)
    if isinstance(found, int):
        return found
    base_url, server = found
    shared = server is not None and server.reused
    logging.getLogger(__name__).info(
        "中心服务器 %s%s", base_url, "（共用演示服务器）" if shared else ""
    )
    app = _application(run)
    if args.startup_probe:
        _probe_device_startup(app, f"server {base_url} {'shared' if shared else 'own'}")
    try:
        return _run_device_mode(run, role, base_url, hall, account, server)
    finally:
        if server is not None:
            server.stop()


def _close_windows(app: Any) -> None:
    """Close and delete every window now, while the objects they call back into still live."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for widget in app.topLevelWidgets():
        widget.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def role_of(run: Run) -> str:
    """What this run is: the mode the command line asks for, else (not in the demo) what the
    PC was set up as."""
    args = run.args
    if args.kiosk or args.hall_display or args.evaluator:
        return "kiosk" if args.kiosk else "display" if args.hall_display else "evaluator"
    return "window" if args.demo else run.settings.device


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(args_list)
    if args.command == "render-sample":
        return render_sample_command(args.doc, args.out)
    if args.command == "cache-status" and args.path is not None:
        from clerk_app.ui.cache_status import cache_status_command

        return cache_status_command(args.path, args.count)  # even with a broken config file
    try:
        run = load_run(args)
    except (ValueError, OSError) as exc:  # a config file or variable the app cannot read
        print(f"配置有误：{exc}", file=sys.stderr)
        return 2
    if args.command == "setup":
        from clerk_app.ui.setup_cli import setup_command

        return setup_command(args, run.settings, run.paths)
    if args.command == "cache-status":
        from clerk_app.ui.cache_status import cache_status_command

        return cache_status_command(run.settings.data_root(run.paths), args.count)
    role = role_of(run)
    window = args.window if args.demo else run.settings.window
    if role == "evaluator" and window is None:
        print("评价器模式需要指定窗口号：clerk-app --evaluator --window N", file=sys.stderr)
        return 2
    if not display_available():
        print(XVFB_HELP, file=sys.stderr)
        return 1
    if not args.demo and not args.startup_probe and not run.settings.server_url:
        from clerk_app.ui.setup_dialog import first_run_setup

        if not first_run_setup(_application(run), run.settings, run.paths):
            return 0  # closed without saving: the next start asks again
        return main(args_list)  # configured now: start as what the PC was set up as
    if role != "window":
        return run_device(run, role)
    return run_gui(run)


if __name__ == "__main__":
    sys.exit(main())

"""``clerk-app setup``: configure a PC without the dialog (IT pushing it to 50 PCs).

    clerk-app setup --server https://clerk.example.gov.cn --device window --window 3 \\
        [--user ADMIN --password-stdin] [--ticket-printer tcp://10.0.0.9:9100] \\
        [--document-printer NAME] [--lang zh_CN] [--camera ID] [--scan-folder DIR] \\
        [--system] [--no-check]

It merges the options into the config file (the user's, or with ``--system`` the PC's
/etc/clerk-app/clerk-app.toml), after checking the server live (``--no-check`` skips it, e.g.
when preparing an image offline). With an account it also asks the server to register this PC
in its role and prints the device code the admin approves. Exit 0 when written, 1 when the
server check or the registration failed (nothing written), 2 on bad options.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from clerk_app.ui.app_config import AppPaths, AppSettings, write_config

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
DEVICE_ROLES = ("window", "kiosk", "display", "evaluator")
# Options of the subcommand → fields of the config file.
FIELD_OF = {
    "server": "server_url",
    "hall": "hall",
    "device": "device",
    "window": "window",
    "ticket_printer": "ticket_printer",
    "document_printer": "document_printer",
    "lang": "lang",
    "data_dir": "data_dir",
    "camera": "camera_device",
    "scan_folder": "scan_folder",
}


def add_setup_command(sub: Any) -> None:
    setup = sub.add_parser("setup", help="写入本机配置（无需图形界面，供批量部署）")
    keep = argparse.SUPPRESS  # an option not given leaves what the main parser read
    setup.add_argument("--server", metavar="URL", default=keep, help="中心服务器地址")
    setup.add_argument("--hall", metavar="CODE", default=keep, help="大厅编码")
    setup.add_argument("--device", choices=DEVICE_ROLES, default=keep, help="本机用途")
    setup.add_argument("--window", metavar="N", type=int, default=keep, help="本机所在窗口号")
    setup.add_argument("--user", metavar="NAME", default=keep, help="登记本机所用的账号")
    setup.add_argument(
        "--password-stdin", action="store_true", help="从标准输入读取该账号的密码（一行）"
    )
    setup.add_argument("--ticket-printer", metavar="TARGET", default=keep, help="取号凭条打印机")
    setup.add_argument("--document-printer", metavar="NAME", default=keep, help="文书打印机")
    setup.add_argument("--lang", choices=("zh_CN", "en_US"), default=keep, help="界面语言")
    setup.add_argument(
        "--camera",
        metavar="ID",
        default=keep,
        help="高拍仪的摄像头设备ID（如 /dev/video0；空=不用）",
    )
    setup.add_argument(
        "--scan-folder", metavar="DIR", default=keep, help="扫描仪/高拍仪驱动保存文件的文件夹"
    )
    setup.add_argument("--system", action="store_true", help="写入全机配置文件（需管理员权限）")
    setup.add_argument("--no-check", action="store_true", help="不连接服务器检查（离线制作镜像）")


def _read_existing(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}


def _chosen(args: argparse.Namespace, existing: dict[str, Any]) -> dict[str, Any]:
    chosen = dict(existing)
    for option, field in FIELD_OF.items():
        value = getattr(args, option, None)
        if value is not None:
            chosen[field] = str(value) if isinstance(value, Path) else value
    if "server_url" in chosen:
        from clerk_app.ui.first_run import normalized_server_url

        chosen["server_url"] = normalized_server_url(str(chosen["server_url"]))
    return chosen


def _register(
    args: argparse.Namespace, chosen: dict[str, Any], settings: AppSettings, paths: AppPaths
) -> int | None:
    """Ask the server to register this PC (with ``--user``); an exit code when it failed."""
    from clerk_app.sync.device_key import load_or_create
    from clerk_app.ui.first_run import Registration, device_key_path, register_device

    user = getattr(args, "user", None)
    if not user:
        return None
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else ""
    if not password:
        print("登记本机需要该账号的密码：--password-stdin", file=sys.stderr)
        return EXIT_BAD_INPUT
    role = str(chosen.get("device", "window"))
    window = chosen.get("window")
    data_dir = Path(chosen["data_dir"]) if chosen.get("data_dir") else settings.data_root(paths)
    key = load_or_create(device_key_path(data_dir, role, window))
    outcome = register_device(chosen["server_url"], role, window, user, password, key)
    print(outcome.message)
    if outcome.state is Registration.REFUSED:
        return EXIT_FAILED
    if outcome.hall and not chosen.get("hall"):
        chosen["hall"] = outcome.hall
    if role != "window":  # a kiosk, display or evaluator logs in with this account every day
        chosen["kiosk_user"], chosen["kiosk_password"] = user, password
    return None


def setup_command(args: argparse.Namespace, settings: AppSettings, paths: AppPaths) -> int:
    target = paths.system_config if args.system else paths.user_config
    try:
        existing = _read_existing(target)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        print(f"无法读取配置文件 {target}：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    chosen = _chosen(args, existing)
    if not chosen.get("server_url"):
        print("请用 --server 指定中心服务器地址", file=sys.stderr)
        return EXIT_BAD_INPUT
    if chosen.get("device") == "evaluator" and not chosen.get("window"):
        print("评价器需要 --window N", file=sys.stderr)
        return EXIT_BAD_INPUT
    folder = chosen.get("scan_folder")
    if folder and not Path(str(folder)).is_dir():  # a share may be mounted later: only said
        print(f"注意：扫描仪文件夹 {folder} 目前不存在，窗口采集时会提示", file=sys.stderr)
    if not args.no_check:
        from clerk_app.ui.first_run import check_server

        check = check_server(chosen["server_url"])
        print(check.message)
        if not check.ok:
            return EXIT_FAILED
        failed = _register(args, chosen, settings, paths)
        if failed is not None:
            return failed
    try:
        write_config(target, chosen, shared=args.system)
    except ValidationError as exc:
        problems = "；".join(f"{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in exc.errors())
        print(f"配置有误：{problems}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"无法写入配置文件 {target}：{exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"已写入配置文件 {target}")
    return EXIT_OK

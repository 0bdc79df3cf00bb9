"""``clerk-central admin|account|device …``: accounts and devices from the server's terminal.

    clerk-central admin create --hall HS01 --username U --display-name NAME [--password-stdin]
    clerk-central account reset-password|disable|enable USERNAME --admin ADMIN [--password-stdin]
    clerk-central device list|approve|revoke [CODE] --admin ADMIN [--state pending]

Admins are created only here (a hall file refuses them). Every other command acts as the admin
named by ``--admin``, who must be an admin of the account's (or device's) hall; each change is
written to that hall's audit trail. A password is read from standard input with
``--password-stdin``, otherwise asked twice without echo; never given as an argument.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.models import Staff
from clerk_app.central.services import accounts, device_registry
from clerk_app.central.services.auth import AuthUser, user_of
from clerk_app.central.services.errors import Invalid, NotFound
from clerk_app.contract.accounts import DeviceOut

COMMANDS = ("admin", "account", "device")


def add_parsers(sub: Any, with_db: Callable[[argparse.ArgumentParser], Any]) -> None:
    admin = sub.add_parser("admin", help="创建管理员账户（大厅配置文件不能创建管理员）")
    admin_actions = admin.add_subparsers(dest="admin_command", required=True)
    create = with_db(admin_actions.add_parser("create", help="创建本大厅的管理员"))
    create.add_argument("--hall", required=True, help="大厅代码，如 HS01")
    create.add_argument("--username", required=True)
    create.add_argument("--display-name", required=True)
    create.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")

    account = sub.add_parser("account", help="账户：重置密码、停用、启用")
    account_actions = account.add_subparsers(dest="account_command", required=True)
    for name, text in (
        ("reset-password", "重置密码（该账户所有登录失效）"),
        ("disable", "停用账户（其登录立即失效）"),
        ("enable", "启用账户"),
    ):
        p = with_db(account_actions.add_parser(name, help=text))
        p.add_argument("username")
        p.add_argument("--admin", required=True, help="执行此操作的本大厅管理员账号")
        if name == "reset-password":
            p.add_argument("--password-stdin", action="store_true", help="从标准输入读取新密码")

    device = sub.add_parser("device", help="设备登记：列出、批准、撤销")
    device_actions = device.add_subparsers(dest="device_command", required=True)
    listing = with_db(device_actions.add_parser("list", help="列出本大厅的设备"))
    listing.add_argument("--admin", required=True, help="本大厅管理员账号")
    listing.add_argument("--state", choices=("pending", "approved", "revoked"), default=None)
    for name, text in (("approve", "批准设备登记"), ("revoke", "撤销设备（其登录立即失效）")):
        p = with_db(device_actions.add_parser(name, help=text))
        p.add_argument("code", help="设备码，如 7K3F-9Q2M-XA4B")
        p.add_argument("--admin", required=True, help="本大厅管理员账号")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise Invalid("两次输入的密码不一致")
    return first


def _admin(session: Session, username: str) -> AuthUser:
    staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
    if staff is None or staff.role != "admin" or staff.disabled:
        raise NotFound(f"没有可用的管理员账号{username}")
    return user_of(staff, None)


def _device_line(view: DeviceOut) -> str:
    seen = view.last_seen_at.isoformat() if view.last_seen_at else "—"
    return (
        f"{view.code}  {view.binding}  {view.status_label}  {view.name or '—'}  "
        f"申请人{view.requested_by}  最近使用{seen}"
    )


def run(args: argparse.Namespace, db_url: str, say: Callable[[str], None]) -> int:
    password = None
    if args.command == "admin" or getattr(args, "account_command", "") == "reset-password":
        password = _read_password(args.password_stdin)
    upgrade(db_url)
    engine = make_engine(db_url)
    now = datetime.now(UTC)
    try:
        with make_session_factory(engine)() as session:
            if args.command == "admin":
                assert password is not None
                accounts.create_admin(
                    session, args.hall, args.username, args.display_name, password, now
                )
                session.commit()
                say(f"已创建大厅{args.hall}的管理员{args.username}")
                return 0
            admin = _admin(session, args.admin)
            if args.command == "account":
                command = args.account_command
                if command == "reset-password":
                    assert password is not None
                    accounts.reset_password(session, admin, args.username, password, now)
                    say(f"已重置{args.username}的密码，其所有登录已失效")
                else:
                    accounts.set_disabled(session, admin, args.username, command == "disable", now)
                    say(f"已{'停用' if command == 'disable' else '启用'}账户{args.username}")
                return 0
            if args.device_command == "list":
                views = device_registry.list_devices(session, admin, args.state)
                for view in views:
                    say(_device_line(view))
                say(f"共{len(views)}台设备")
                return 0
            action = (
                device_registry.approve
                if args.device_command == "approve"
                else device_registry.revoke
            )
            say(_device_line(action(session, admin, args.code, now)))
            return 0
    finally:
        engine.dispose()

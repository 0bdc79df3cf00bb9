"""``clerk-central``: run, migrate and load the central server.

    clerk-central serve --db URL [--host 127.0.0.1] [--port 8700] [--workers N]
        [--ssl-certfile F --ssl-keyfile F] [--public-url URL] [--forwarded-allow-ips IPS]
        (also runs the daily blobs purge at $CLERK_CENTRAL_PURGE_AT, purge_schedule.py)
    clerk-central migrate --db URL
    clerk-central init-demo --db URL [--hall-file F] [--catalog-file F]
    clerk-central import-catalog FILE --db URL [--mode replace|upsert]
    clerk-central gen-catalog --items N --out FILE [--seed S]
    clerk-central catalog bundle CODE --db URL [--json]  (cli_catalog.py)
    clerk-central dept list|take|suspend|resume|extend|approve-extension|approve|deny|supply|
        terminate --db URL --user U ...
    clerk-central calendar years [--from Y] [--to Y] [--check]  (cli_calendar.py)
    clerk-central blobs verify --db URL  (cli_blobs.py)
    clerk-central library show|revoke --db URL --user ADMIN  (cli_library.py)
    clerk-central audit verify --db URL [--hall CODE]
    clerk-central report --db URL --hall H --month 2026-11 --out F.xlsx|F.pdf  (cli_report.py)
    clerk-central admin create | account … | device list|approve|revoke  (cli_accounts.py)

``--db`` defaults to $CLERK_CENTRAL_DB or sqlite:///var/central.db.
"""

from __future__ import annotations

import argparse
import logging.config
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session

from clerk_app.central import (
    cli_accounts,
    cli_blobs,
    cli_calendar,
    cli_catalog,
    cli_library,
    cli_report,
    logs,
)
from clerk_app.central.blob_store import blob_store_from
from clerk_app.central.catalog_import import import_catalog
from clerk_app.central.catalog_io import read_catalog_file
from clerk_app.central.config import CentralSettings, default_db_url
from clerk_app.central.db import make_engine, make_session_factory, normalize_url, upgrade
from clerk_app.central.demo import DemoDataError, init_demo
from clerk_app.central.gen_catalog import write_generated_catalog
from clerk_app.central.models import Staff
from clerk_app.central.purge_schedule import scheduled_purge
from clerk_app.central.services import (
    attachment_view,
    audit,
    backoffice,
    backoffice_docs,
    library,
    library_files,
    time_limits,
)
from clerk_app.central.services.auth import AuthUser, user_of
from clerk_app.central.services.errors import Invalid, NotFound, ServiceError
from clerk_app.central.zh_errors import describe
from clerk_app.contract.attachments import MaterialLineOut, UnreadableIn
from clerk_app.contract.backoffice import DepartmentCaseOut
from clerk_app.domain.department_docs import parse_correction_lines

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _say(text: str) -> None:
    print(text, flush=True)


def _fail(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clerk-central", description="综合窗口中心服务")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--db",
            default=None,
            help="数据库URL（默认 $CLERK_CENTRAL_DB 或 sqlite:///var/central.db）",
        )
        return p

    serve = with_db(sub.add_parser("serve", help="迁移数据库并启动服务"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument(
        "--workers", type=int, default=1, help="服务进程数（PostgreSQL时可多进程，SQLite只用1个）"
    )
    serve.add_argument("--ssl-certfile", type=Path, default=None, help="HTTPS证书（PEM，含证书链）")
    serve.add_argument("--ssl-keyfile", type=Path, default=None, help="HTTPS私钥（PEM）")
    serve.add_argument(
        "--public-url",
        default=None,
        help="对外地址，如 https://zwfw.example.gov.cn（默认 $CLERK_CENTRAL_PUBLIC_URL）；"
        "二维码等绝对链接用它，不用请求的Host头",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="只信任这些地址（反向代理）发来的X-Forwarded-*头（逗号分隔，默认127.0.0.1）",
    )
    with_db(sub.add_parser("migrate", help="把数据库迁移到最新结构"))
    demo = with_db(sub.add_parser("init-demo", help="载入演示大厅、人员和事项目录（可重复执行）"))
    demo.add_argument("--hall-file", type=Path, default=None)
    demo.add_argument("--catalog-file", type=Path, default=None)
    imp = with_db(sub.add_parser("import-catalog", help="导入目录文件（有错误则整体拒绝）"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--mode", choices=("replace", "upsert"), default="replace")
    gen = sub.add_parser("gen-catalog", help="生成合成事项目录（恩施规模69074项）")
    gen.add_argument("--items", type=int, default=69_074)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--seed", type=int, default=2026)
    cli_catalog.add_parser(sub, with_db)
    cli_report.add_parser(sub, with_db)
    cli_calendar.add_parser(sub)
    cli_blobs.add_parser(sub, with_db)
    cli_library.add_parser(sub, with_db)
    _add_dept_parser(sub, with_db)
    audit_cmd = sub.add_parser("audit", help="审计日志")
    audit_actions = audit_cmd.add_subparsers(dest="audit_command", required=True)
    verify = with_db(audit_actions.add_parser("verify", help="校验审计日志哈希链是否完整"))
    verify.add_argument("--hall", default=None, help="只校验此大厅（默认全部）")
    cli_accounts.add_parsers(sub, with_db)
    return parser


def _audit_verify(db_url: str, hall_code: str | None) -> int:
    """Prove every hall's chain intact, or name the first broken entry (exit 1)."""
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            reports = audit.verify(session, hall_code)
    finally:
        engine.dispose()
    if not reports:
        _say("审计日志为空")
        return EXIT_OK
    for report in reports:
        if report.ok:
            _say(f"大厅{report.hall_code}：{report.entries}条审计记录，哈希链完整")
        else:
            _fail(f"大厅{report.hall_code}：审计链在第{report.broken_seq}条断开：{report.reason}")
    return EXIT_OK if all(r.ok for r in reports) else EXIT_FAILED


def _add_dept_parser(sub: Any, with_db: Callable[[argparse.ArgumentParser], Any]) -> None:
    """``clerk-central dept …``: the department's back-office actions from a terminal."""
    dept = sub.add_parser(
        "dept",
        help="部门后台审批：列出、接件、暂停、恢复、延期、准予、不予许可、退回补正、补齐、终止办理",
    )
    actions = dept.add_subparsers(dest="dept_command", required=True)

    def action(name: str, text: str, *, number: bool = True) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = with_db(actions.add_parser(name, help=text))
        p.add_argument("--user", required=True, help="部门审批账号（如 gahz01）")
        if number:
            p.add_argument("number", help="案件编号")
            p.add_argument("--version", type=int, default=None, help="看到的案件版本（可选）")
        return p

    listing = action("list", "列出本部门案件", number=False)
    listing.add_argument("--state", default="open", choices=sorted(backoffice.STATES))
    listing.add_argument("--q", default="", help="按编号、申请人或事项名称查找")
    listing.add_argument("--limit", type=int, default=100)
    action("take", "接件审批（→审批中）").add_argument("--note", default="")
    action("suspend", "暂停审批").add_argument("--reason", required=True)
    action("resume", "恢复审批（承诺日期顺延）").add_argument("--note", default="")
    extend = action("extend", "延长办理期限")
    extend.add_argument("--days", type=int, required=True, help="延长的工作日数")
    extend.add_argument("--reason", required=True)
    art42 = action("approve-extension", "负责人批准延期（行政许可法第四十二条，须部门负责人账号）")
    art42.add_argument("--days", type=int, default=10, help="延期的工作日数（至多10，联合办理15）")
    art42.add_argument("--reason", required=True, help="延期理由（告知申请人）")
    for name, text in (("approve", "准予"), ("deny", "不予许可")):
        p = action(name, text)
        p.add_argument("--result-number", required=True, help="结果文号或证照编号")
        p.add_argument("--result-name", default="", help="结果名称（默认取事项的结果名称）")
        p.add_argument("--validity", default="", help="有效期，如 2031-11-22 或 长期有效")
        p.add_argument("--reason", default="", required=name == "deny")
    approving = actions.choices["approve"]
    approving.add_argument("--material-code", default="", help="结果的材料编码（归入共享材料库）")
    approving.add_argument("--valid-until", default=None, type=date.fromisoformat, help="有效期至")
    approving.add_argument("--issuer", default="", help="发证机关（默认本部门）")
    approving.add_argument(
        "--result-file", type=Path, default=None, help="结果文件（证照扫描件，PDF/JPEG/PNG）"
    )
    supply = action("supply", "登记容缺材料补齐")
    supply.add_argument("--material", action="append", required=True, help="材料编码（可多次）")
    supply.add_argument("--note", default="")
    action("terminate", "终止办理（容缺承诺期限已过仍未补齐）").add_argument(
        "--reason", required=True
    )
    correct = action("correct", "退回补正（一次告知全部补正内容；补正期间暂停计时）")
    correct.add_argument(
        "--item", action="append", required=True, help="“材料：要补正的内容”（可多次）"
    )
    correct.add_argument("--days", type=int, default=10, help="补正期限（工作日，默认10）")
    correct.add_argument("--note", default="")
    action("files", "案件的电子材料（按材料清单逐项）")
    unreadable = action("unreadable", "某页不清晰，退回补正（补正通知书写明材料和页码）")
    unreadable.add_argument("--file", required=True, help="材料文件的 upload_id（见 dept files）")
    unreadable.add_argument("--page", type=int, required=True, help="不清晰的页码（从1起）")
    unreadable.add_argument("--reason", required=True, help="不清晰的原因")
    unreadable.add_argument("--days", type=int, default=10, help="补正期限（工作日，默认10）")


def _dept_user(session: Session, username: str) -> AuthUser:
    staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
    if staff is None:
        raise NotFound(f"没有账号{username}")
    return user_of(staff, None)


def _dept_line(view: DepartmentCaseOut) -> str:
    promised = view.promised_date.isoformat() if view.promised_date else "—"
    warning = f"【{view.deadline_label}】" if view.deadline_label else ""
    if view.gaps and view.commitment_date is not None:
        level = f"，{view.gap_deadline_label}" if view.gap_deadline in ("yellow", "red") else ""
        warning += f"【待补齐，承诺期限{view.commitment_date.isoformat()}{level}】"
    return (
        f"{view.number}  {view.status_label}  {view.applicant_name}  "
        f"{view.item_name}  承诺办结{promised}{warning}  版本{view.version}"
    )


def _unreadable(on: backoffice.CaseAction, args: argparse.Namespace) -> DepartmentCaseOut:
    try:
        body = UnreadableIn(
            upload_id=args.file, page=args.page, reason=args.reason, working_days=args.days
        )
    except ValidationError as exc:
        raise Invalid("请给出材料文件编号、页码（从1起）、原因和1至60个工作日的期限") from exc
    return attachment_view.mark_unreadable(on, body)


def _files_line(line: MaterialLineOut) -> str:
    files = [
        f"{f.upload_id} {f.file_name} {f.pages}页 {f.captured_by}采集 {f.state_label}"
        for f in line.files
    ]
    if line.library is not None:
        files.append(f"{line.library.label}（来源案件{line.library.source_case}）")
    return f"{line.line_no + 1}. {line.material_name}：" + ("；".join(files) or "无电子件")


def _correct(on: backoffice.CaseAction, args: argparse.Namespace) -> DepartmentCaseOut:
    try:
        lines = parse_correction_lines("\n".join(args.item))
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    return backoffice_docs.request_correction(on, lines, args.days, note=args.note)


def _decide(on: backoffice.CaseAction, args: argparse.Namespace) -> DepartmentCaseOut:
    result = backoffice.ResultInfo(args.result_name, args.result_number, args.validity)
    approve = args.dept_command == "approve"
    issued = _issued(on, args) if approve else None
    return backoffice.decide(on, approve=approve, result=result, reason=args.reason, issued=issued)


def _issued(on: backoffice.CaseAction, args: argparse.Namespace) -> library.IssuedResult:
    """The approval's result for the library; ``--result-file`` is stored first (like
    ``POST /library/result-files``: type checked, audited) and named by its hash."""
    sha256, pages = "", 0
    if args.result_file is not None:
        try:
            data = args.result_file.read_bytes()
        except OSError as exc:
            raise Invalid(f"无法读取结果文件{args.result_file}：{exc.strerror}") from exc
        settings = CentralSettings()
        try:
            store = blob_store_from(settings)
        except ValueError as exc:
            raise Invalid(f"文件存储配置有误：{exc}") from exc
        stored = library_files.store_result_file(on.session, on.user, data, settings, store, on.now)
        sha256, pages = stored.sha256, stored.pages
        _say(f"结果文件已存储：{stored.pages}页，SHA-256 {sha256}")
    return library.IssuedResult(
        args.material_code,
        "",
        args.valid_until,
        args.issuer,
        file_sha256=sha256,
        file_pages=pages,
    )


DeptCommand = Callable[[backoffice.CaseAction, argparse.Namespace], DepartmentCaseOut]
# Each `clerk-central dept` command on one case (the same services as the department's routes).
_DEPT_COMMANDS: dict[str, DeptCommand] = {
    "take": lambda on, args: backoffice.take(on, note=args.note),
    "suspend": lambda on, args: backoffice.suspend(on, args.reason),
    "resume": lambda on, args: time_limits.resume(on, note=args.note),
    "extend": lambda on, args: time_limits.extend(on, args.reason, args.days),
    "approve-extension": lambda on, args: time_limits.approve_art42_extension(
        on, args.reason, args.days
    ),
    "supply": lambda on, args: backoffice.supply(on, args.material, note=args.note),
    "terminate": lambda on, args: backoffice.terminate(on, args.reason),
    "correct": _correct,
    "unreadable": _unreadable,
    "approve": _decide,
    "deny": _decide,
}


def _dept(args: argparse.Namespace, db_url: str) -> int:
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            user = _dept_user(session, args.user)
            now = datetime.now(UTC)
            command = args.dept_command
            if command == "list":
                views = backoffice.list_cases(
                    session, user, now, state=args.state, q=args.q, limit=args.limit
                )
                for view in views:
                    _say(_dept_line(view))
                _say(f"共{len(views)}件（{backoffice.STATE_LABELS[args.state]}）")
                return EXIT_OK
            if command == "files":
                for line in attachment_view.list_materials(session, user, args.number).lines:
                    _say(_files_line(line))
                return EXIT_OK
            on = backoffice.CaseAction(session, user, args.number, now, args.version)
            view = _DEPT_COMMANDS[command](on, args)
            _say(_dept_line(view))
            _say(f"最新记录：{view.events[-1]['detail']}")
            return EXIT_OK
    finally:
        engine.dispose()


def serve_options(args: argparse.Namespace) -> dict[str, Any]:
    """uvicorn's options for ``serve``: TLS, the proxies trusted for forwarded headers, logging
    that masks ID numbers and tokens. Raises ``ValueError`` with the reason in Chinese."""
    if (args.ssl_certfile is None) != (args.ssl_keyfile is None):
        raise ValueError("--ssl-certfile 和 --ssl-keyfile 需同时给出")
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_level": "info",
        "log_config": logs.uvicorn_log_config(),
        "proxy_headers": True,
        "forwarded_allow_ips": args.forwarded_allow_ips,
        "server_header": False,
    }
    if args.ssl_certfile is not None:
        for path in (args.ssl_certfile, args.ssl_keyfile):
            if not path.is_file():
                raise ValueError(f"找不到证书文件：{path}")
        options["ssl_certfile"] = str(args.ssl_certfile)
        options["ssl_keyfile"] = str(args.ssl_keyfile)
    return options


def _serve(db_url: str, args: argparse.Namespace) -> int:
    import uvicorn

    from clerk_app.central.app import create_app

    workers: int = args.workers
    if workers < 1 or (workers > 1 and db_url.startswith("sqlite")):
        _fail("多进程（--workers 大于1）需要PostgreSQL；SQLite只能用1个进程")
        return EXIT_BAD_INPUT
    try:
        given = {"public_url": args.public_url} if args.public_url is not None else {}
        settings = CentralSettings(**given)
        options = serve_options(args)
    except ValidationError as exc:
        _fail("配置有误：" + "；".join(f"{f}：{m}" for f, m in describe(exc.errors())))
        return EXIT_BAD_INPUT
    except ValueError as exc:
        _fail(str(exc))
        return EXIT_BAD_INPUT
    upgrade(db_url)
    logging.config.dictConfig(options["log_config"])  # the scheduler logs before uvicorn starts
    # The daily purge runs in this process (beside its workers), in a thread of its own.
    scheduler = scheduled_purge(db_url, settings)
    if scheduler is not None:
        scheduler.start()
    try:
        if workers == 1:
            uvicorn.run(create_app(db_url, settings), **options)
            return EXIT_OK
        # Worker processes build their own app (and pool); events fan out through LISTEN/NOTIFY.
        os.environ["CLERK_CENTRAL_DB"] = db_url
        os.environ["CLERK_CENTRAL_PUBLIC_URL"] = settings.public_url
        uvicorn.run("clerk_app.central.app:app_from_env", factory=True, workers=workers, **options)
        return EXIT_OK
    finally:
        if scheduler is not None:
            scheduler.stop()


def _import(db_url: str, path: Path, mode: str) -> int:
    started = time.perf_counter()
    try:
        parsed = read_catalog_file(path)
    except OSError as exc:
        _fail(f"无法读取目录文件：{exc}")
        return EXIT_BAD_INPUT
    if not parsed.ok:
        for error in parsed.errors:
            print(str(error), flush=True)
        _fail(f"目录文件有{len(parsed.errors)}处错误，未导入任何内容")
        return EXIT_BAD_INPUT
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        result = import_catalog(engine, parsed, mode="upsert" if mode == "upsert" else "replace")
    finally:
        engine.dispose()
    _say(
        f"已导入目录{result.catalog_version}：{result.departments}个部门、{result.items}个事项、"
        f"{result.bundles}个一件事，用时{time.perf_counter() - started:.1f}秒"
    )
    return EXIT_OK


def _migrate(db_url: str, _args: argparse.Namespace) -> int:
    upgrade(db_url)
    shown = make_url(normalize_url(db_url)).render_as_string(hide_password=True)
    _say(f"数据库已迁移到最新结构：{shown}")
    return EXIT_OK


def _init_demo(db_url: str, args: argparse.Namespace) -> int:
    init_demo(db_url, hall_file=args.hall_file, catalog_file=args.catalog_file, say=_say)
    return EXIT_OK


def _gen_catalog(_db_url: str, args: argparse.Namespace) -> int:
    if args.items < 0:
        _fail("--items 不能为负数")
        return EXIT_BAD_INPUT
    started = time.perf_counter()
    departments, items, bundles = write_generated_catalog(args.out, args.items, seed=args.seed)
    _say(
        f"已生成{args.out}：{departments}个部门、{items}个事项、{bundles}个一件事，"
        f"用时{time.perf_counter() - started:.1f}秒"
    )
    return EXIT_OK


_COMMANDS: dict[str, Callable[[str, argparse.Namespace], int]] = {
    "serve": _serve,
    "migrate": _migrate,
    "init-demo": _init_demo,
    "import-catalog": lambda db_url, args: _import(db_url, args.file, args.mode),
    "dept": lambda db_url, args: _dept(args, db_url),
    "audit": lambda db_url, args: _audit_verify(db_url, args.hall),
    "gen-catalog": _gen_catalog,
    "catalog": lambda db_url, args: cli_catalog.run(args, db_url, _say),
    "report": lambda db_url, args: cli_report.run(args, db_url, _say),
    "calendar": lambda db_url, args: cli_calendar.run(args, _say),
    "blobs": lambda db_url, args: cli_blobs.run(args, db_url, _say),
    "library": lambda db_url, args: cli_library.run(args, db_url, _say),
}


def _run(args: argparse.Namespace, db_url: str) -> int:
    command = _COMMANDS.get(args.command)
    if command is not None:
        return command(db_url, args)
    if args.command in cli_accounts.COMMANDS:
        return cli_accounts.run(args, db_url, _say)
    return EXIT_FAILED  # pragma: no cover - argparse makes the command required


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db_url: str = getattr(args, "db", None) or default_db_url()
    try:
        return _run(args, db_url)
    except DemoDataError as exc:
        _fail(str(exc))
        return EXIT_BAD_INPUT
    except ValidationError as exc:
        _fail("大厅配置文件有误：" + "；".join(f"{f}：{m}" for f, m in describe(exc.errors())))
        return EXIT_BAD_INPUT
    except ServiceError as exc:
        _fail(exc.detail)
        return EXIT_BAD_INPUT
    except OperationalError as exc:
        _fail(f"无法连接或操作数据库：{exc.orig or exc}")
        return EXIT_FAILED
    except ArgumentError as exc:
        _fail(f"数据库URL不合法：{exc}")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())

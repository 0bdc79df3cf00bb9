"""``clerk-central blobs verify --db URL``: re-hash every stored attachment file;
``clerk-central blobs purge --db URL [--dry-run]``: retention (services/retention.py).

Reads each blob the database lists from the configured blob store (``CLERK_CENTRAL_BLOB_STORE``
and friends, as ``serve`` does), names every one that is missing or whose bytes no longer
hash to its name, and every stored attachment whose blob has no row. Exit 0 when all are
whole, 1 when any is not (for a monitoring job), 2 when the store cannot be opened.

``purge`` removes the files of cases closed longer than their hall's retention period, retires
the shared library's entries whose retention ran out (and their files), removes stale partial
uploads and the result files departments uploaded but no approval took (after the same
``--partial-days``), and says what it removed (``--dry-run``: what it would remove); run it
once a day (cron, a systemd timer). Exit 0, or 2 when the store cannot be opened.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from clerk_app.central.blob_store import BlobStore, blob_store_from
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.page_cache import caching_store_from
from clerk_app.central.services.attachments import BlobProblem, verify_blobs
from clerk_app.central.services.retention import PARTIAL_DAYS, purge, summary

EXIT_OK, EXIT_DAMAGED, EXIT_BAD_INPUT = 0, 1, 2


def add_parser(sub: Any, with_db: Callable[[Any], Any]) -> None:
    blobs = sub.add_parser("blobs", help="电子材料文件")
    actions = blobs.add_subparsers(dest="blobs_command", required=True)
    with_db(actions.add_parser("verify", help="重新计算每个文件的SHA-256，列出缺失或损坏的文件"))
    purging = actions.add_parser("purge", help="删除超过保存期限的已办结案件材料和半截上传")
    with_db(purging)
    purging.add_argument("--dry-run", action="store_true", help="只列出将删除的内容，不删除")
    purging.add_argument(
        "--partial-days",
        type=int,
        default=PARTIAL_DAYS,
        help=f"半截上传多少天未动即删除（默认{PARTIAL_DAYS}）",
    )


def run(args: argparse.Namespace, db_url: str, say: Callable[[str], None]) -> int:
    settings = CentralSettings(db=db_url)
    try:
        store: BlobStore = blob_store_from(settings)
        if args.blobs_command == "purge":
            store = caching_store_from(settings)  # a deleted blob's rendered pages go too
    except ValueError as exc:
        say(f"文件存储配置有误：{exc}")
        return EXIT_BAD_INPUT
    if args.blobs_command == "purge":
        return _purge(args, db_url, settings, store, say)
    return _verify(db_url, store, say)


def _purge(
    args: argparse.Namespace,
    db_url: str,
    settings: CentralSettings,
    store: BlobStore,
    say: Callable[[str], None],
) -> int:
    if args.partial_days < 1:
        say("--partial-days 至少为1天")
        return EXIT_BAD_INPUT
    engine = make_engine(db_url)
    try:
        report = purge(
            make_session_factory(engine),
            store,
            settings.upload_dir(),
            datetime.now(UTC),
            dry_run=args.dry_run,
            partial_days=args.partial_days,
        )
    finally:
        engine.dispose()
    for line in report.lines:
        say(line)
    say(f"{store.describe()}：{summary(report)}")
    return EXIT_OK


def _verify(db_url: str, store: BlobStore, say: Callable[[str], None]) -> int:
    engine = make_engine(db_url)
    whole = 0
    problems: list[BlobProblem] = []
    try:
        with make_session_factory(engine)() as session:
            for found in verify_blobs(session, store):
                if isinstance(found, BlobProblem):
                    problems.append(found)
                    say(f"{found.sha256}：{found.reason}")
                else:
                    whole += 1
    finally:
        engine.dispose()
    say(f"{store.describe()}：{whole}个文件完好，{len(problems)}个缺失或损坏")
    return EXIT_DAMAGED if problems else EXIT_OK

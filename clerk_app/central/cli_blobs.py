"""``clerk-central blobs verify --db URL``: re-hash every stored attachment file.

Reads each blob the database lists from the configured blob store (``CLERK_CENTRAL_BLOB_STORE``
and friends, as ``serve`` does), names every one that is missing or whose bytes no longer
hash to its name, and every stored attachment whose blob has no row. Exit 0 when all are
whole, 1 when any is not (for a monitoring job), 2 when the store cannot be opened.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from clerk_app.central.blob_store import blob_store_from
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.services.attachments import BlobProblem, verify_blobs

EXIT_OK, EXIT_DAMAGED, EXIT_BAD_INPUT = 0, 1, 2


def add_parser(sub: Any, with_db: Callable[[Any], Any]) -> None:
    blobs = sub.add_parser("blobs", help="电子材料文件")
    actions = blobs.add_subparsers(dest="blobs_command", required=True)
    with_db(actions.add_parser("verify", help="重新计算每个文件的SHA-256，列出缺失或损坏的文件"))


def run(args: argparse.Namespace, db_url: str, say: Callable[[str], None]) -> int:
    settings = CentralSettings(db=db_url)
    try:
        store = blob_store_from(settings)
    except ValueError as exc:
        say(f"文件存储配置有误：{exc}")
        return EXIT_BAD_INPUT
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

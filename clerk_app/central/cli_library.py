"""``clerk-central library …``: an admin's look at the shared materials library.

- ``library show --db URL --user ADMIN --id-kind resident_id --id-number N [--nationality X]``
  lists the applicant's entries the admin's hall may use (audited as a lookup, like a
  window's; the ID masked in the output);
- ``library revoke ENTRY_ID --db URL --user ADMIN --reason …`` revokes an entry of the hall
  (never offered or reused again; audited).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.models import Staff
from clerk_app.central.services import library
from clerk_app.central.services.auth import AuthUser, user_of
from clerk_app.central.services.errors import NotFound, ServiceError
from clerk_app.contract.library import LibraryLookupIn
from clerk_app.domain.cases import IdKind

EXIT_OK, EXIT_REFUSED = 0, 2


def add_parser(sub: Any, with_db: Callable[[Any], Any]) -> None:
    parser = sub.add_parser("library", help="共享材料库（一号匹配）：查看、撤销")
    actions = parser.add_subparsers(dest="library_command", required=True)
    show = with_db(actions.add_parser("show", help="列出申请人在库中的材料（记入审计）"))
    show.add_argument("--user", required=True, help="管理员账号")
    kinds = [k.value for k in IdKind]
    show.add_argument("--id-kind", default=IdKind.RESIDENT_ID.value, choices=kinds)
    show.add_argument("--id-number", required=True)
    show.add_argument("--nationality", default="", help="护照的国家（ISO三位字母）")
    revoke = with_db(actions.add_parser("revoke", help="撤销库中的一份材料（不再提供复用）"))
    revoke.add_argument("entry_id")
    revoke.add_argument("--user", required=True, help="管理员账号")
    revoke.add_argument("--reason", required=True)


def _admin(session: Any, username: str) -> AuthUser:
    staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
    if staff is None:
        raise NotFound(f"没有账号{username}")
    user = user_of(staff, None)
    if user.role != "admin":
        raise NotFound(f"{username}不是管理员账号")
    return user


def run(args: argparse.Namespace, db_url: str, say: Callable[[str], None]) -> int:
    engine = make_engine(db_url)
    now = datetime.now(UTC)
    try:
        with make_session_factory(engine)() as session:
            user = _admin(session, args.user)
            if args.library_command == "revoke":
                library.revoke(session, user, args.entry_id, args.reason, now)
                say(f"已撤销材料{args.entry_id}")
                return EXIT_OK
            body = LibraryLookupIn(
                id_kind=IdKind(args.id_kind),
                id_number=args.id_number,
                nationality=args.nationality,
                why="clerk-central library show",
            )
            found = library.lookup(session, user, body, now)
    except ServiceError as exc:
        say(exc.detail)
        return EXIT_REFUSED
    finally:
        engine.dispose()
    for e in found.entries:
        until = e.valid_until.isoformat() if e.valid_until else "长期"
        flag = "（已过期）" if e.valid_until is not None and e.valid_until < found.as_of else ""
        say(
            f"{e.entry_id}  {e.material_code} {e.material_name}  有效期至{until}{flag}  "
            f"{e.origin.value}  来自{e.source_case}  {e.pages}页"
        )
    say(f"{found.id_number_masked}：{len(found.entries)}份材料（截至{found.as_of}）")
    return EXIT_OK

"""Loading the demo data (hall, staff, catalog) into a central database, idempotently."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clerk_app.central.catalog_import import import_catalog
from clerk_app.central.catalog_io import ParsedCatalog, read_catalog_file
from clerk_app.central.config import resources_dir
from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.gen_catalog import MATERIAL_DIRECTORY, generate_catalog
from clerk_app.central.models import CatalogItem, CatalogMeta, Staff
from clerk_app.central.services.accounts import create_admin
from clerk_app.central.services.halls import load_hall_config

# Without the demo catalog file a small synthetic one keeps the demo usable.
FALLBACK_ITEMS = 2000


def default_hall_file() -> Path:
    return resources_dir() / "demo" / "hall.json"


def default_catalog_file() -> Path:
    return resources_dir() / "demo" / "catalog.jsonl"


def demo_admin_file() -> Path:
    return resources_dir() / "demo" / "admin.json"


def _ensure_demo_admin(session: Session, hall_code: str, say: Callable[[str], None]) -> None:
    """The demo hall's admin (resources/demo/admin.json), created once and said so: a hall file
    never creates an admin, only this demo loader and ``clerk-central admin create`` do."""
    try:
        data = json.loads(demo_admin_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    username = str(data["username"])
    if session.scalars(select(Staff.id).where(Staff.username == username)).first() is not None:
        return
    create_admin(
        session,
        hall_code,
        username,
        str(data["display_name"]),
        str(data["password"]),
        datetime.now(UTC),
    )
    say(f"已创建演示管理员{username}（仅演示大厅）")


@dataclass(frozen=True, slots=True)
class DemoResult:
    hall_code: str
    staff: int
    catalog_version: str
    items: int
    catalog_imported: bool  # False when the same catalog version was already there


class DemoDataError(ValueError):
    """The hall or catalog file is unusable; the message says why, in Chinese."""


def _catalog(catalog_file: Path | None, say: Callable[[str], None]) -> ParsedCatalog:
    path = catalog_file or default_catalog_file()
    if not path.exists():
        if catalog_file is not None:
            raise DemoDataError(f"找不到目录文件：{path}")
        say(f"未找到演示目录 {path}，改用{FALLBACK_ITEMS}个合成事项")
        header, departments, items, bundles = generate_catalog(FALLBACK_ITEMS)
        return ParsedCatalog(
            header, departments, items, bundles, materials=list(MATERIAL_DIRECTORY)
        )
    parsed = read_catalog_file(path)
    if not parsed.ok:
        details = "\n".join(str(e) for e in parsed.errors[:20])
        raise DemoDataError(f"目录文件 {path} 有{len(parsed.errors)}处错误：\n{details}")
    return parsed


def init_demo(
    db_url: str,
    *,
    hall_file: Path | None = None,
    catalog_file: Path | None = None,
    say: Callable[[str], None] = lambda _text: None,
) -> DemoResult:
    """Migrate, then load the hall with its staff (hashed passwords) and the catalog.

    Running it again changes nothing: the hall is updated in place, passwords that still
    match keep their hash, and a catalog of the same version and size is not re-imported.
    """
    upgrade(db_url)
    hall_path = hall_file or default_hall_file()
    try:
        hall_data = json.loads(hall_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DemoDataError(f"找不到大厅配置文件：{hall_path}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DemoDataError(f"大厅配置文件不是合法的UTF-8 JSON：{exc}") from exc
    parsed = _catalog(catalog_file, say)
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            hall = load_hall_config(session, hall_data)
            hall_code = hall.code
            if hall_file is None:
                _ensure_demo_admin(session, hall_code, say)
            staff_count = len(hall_data.get("staff", []))
            session.commit()
            current = session.get(CatalogMeta, 1)
            count = session.scalar(select(func.count()).select_from(CatalogItem)) or 0
        assert parsed.header is not None
        same = (
            current is not None
            and current.catalog_version == parsed.header.catalog_version
            and count == len(parsed.items)
        )
        if not same:
            import_catalog(engine, parsed)
        say(
            f"大厅{hall_code}：{staff_count}名人员；目录{parsed.header.catalog_version}：{len(parsed.items)}个事项"
        )
        return DemoResult(
            hall_code, staff_count, parsed.header.catalog_version, len(parsed.items), not same
        )
    finally:
        engine.dispose()

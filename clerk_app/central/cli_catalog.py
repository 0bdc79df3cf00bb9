"""``clerk-central catalog bundle CODE``: a bundle's merged window checklist, for catalog editors.

One line per material with the items that use it; a material an item of the bundle produces
is listed as such (not asked at the window). ``--json`` prints a list of objects with
``code``, ``name``, ``required``, ``items`` and ``produced_by`` (null when the citizen brings it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.models import CatalogBundle, CatalogItem
from clerk_app.domain.catalog import Bundle, Item, MergedMaterial, merge_bundle_checklist

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def add_parser(sub: Any, with_db: Callable[[argparse.ArgumentParser], Any]) -> None:
    catalog = sub.add_parser("catalog", help="查看事项目录：一件事的合并材料清单")
    actions = catalog.add_subparsers(dest="catalog_command", required=True)
    bundle = with_db(actions.add_parser("bundle", help="一件事在窗口的合并材料清单"))
    bundle.add_argument("code", help="一件事编码")
    bundle.add_argument("--json", action="store_true", help="输出JSON列表")


def _load(session: Session, code: str) -> tuple[Bundle, list[Item]] | None:
    data = session.scalar(select(CatalogBundle.data).where(CatalogBundle.code == code))
    if data is None:
        return None
    bundle = Bundle.from_dict(data)
    rows = session.scalars(select(CatalogItem.data).where(CatalogItem.code.in_(bundle.item_codes)))
    by_code = {item.code: item for item in (Item.from_dict(r) for r in rows)}
    return bundle, [by_code[c] for c in bundle.item_codes if c in by_code]


def line_json(line: MergedMaterial) -> dict[str, Any]:
    material = line.material
    return {
        "code": material.standard_code or material.code,
        "name": material.name,
        "required": material.required,
        "items": list(line.item_codes),
        "produced_by": line.produced_by,
    }


def checklist_text(bundle: Bundle, items: list[Item], lines: list[MergedMaterial]) -> list[str]:
    names = {item.code: item.name for item in items}
    asked = [line for line in lines if line.asked]
    produced = [line for line in lines if not line.asked]
    out = [
        f"{bundle.name}（{bundle.code}）：{len(items)}个事项，窗口收取材料{len(asked)}项，"
        f"本件内产生{len(produced)}项"
    ]
    for n, line in enumerate(asked, start=1):
        material = line.material
        code = material.standard_code or "-"
        users = "、".join(names[c] for c in line.item_codes)
        out.append(f"{n:2d}. [{code}] {material.name}（{material.requirement_label}）— {users}")
    for line in produced:
        users = "、".join(names[c] for c in line.item_codes)
        producer = names.get(line.produced_by or "", line.produced_by)
        out.append(f"  本件内产生：{line.material.name} ← {producer}；用于 {users}")
    return out


def run(args: argparse.Namespace, db_url: str, say: Callable[[str], None]) -> int:
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            loaded = _load(session, args.code)
    finally:
        engine.dispose()
    if loaded is None:
        print(f"没有一件事{args.code}", file=sys.stderr, flush=True)
        return EXIT_BAD_INPUT
    bundle, items = loaded
    lines = merge_bundle_checklist(items, bundle=bundle)
    if args.json:
        say(json.dumps([line_json(line) for line in lines], ensure_ascii=False, indent=2))
    else:
        for text in checklist_text(bundle, items, lines):
            say(text)
    return EXIT_OK

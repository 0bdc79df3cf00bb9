"""Writing a validated catalog file into the central database, in one transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.engine import Engine

from clerk_app.central.catalog_io import CatalogError, ParsedCatalog
from clerk_app.central.models import Base
from clerk_app.domain.catalog import Bundle


@dataclass(frozen=True, slots=True)
class ImportResult:
    catalog_version: str
    departments: int
    items: int
    bundles: int


class CatalogRejected(ValueError):
    """Raised by ``import_catalog`` for a catalog with errors; nothing was written."""

    def __init__(self, errors: Sequence[CatalogError]) -> None:
        self.errors = list(errors)
        super().__init__(f"目录文件有{len(self.errors)}处错误，未导入")


_CHUNK = 500  # rows per IN (...) list; well under every driver's parameter limit


def _item_row(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": data["code"],
        "version": data["version"],
        "name": data["name"],
        "department_code": data["department_code"],
        "department": data["department"],
        "zone": data["zone"],
        "handling": data["handling"],
        "withdrawn": data["withdrawn"],
        "data": data,
    }


def _bundle_row(bundle: Bundle) -> dict[str, Any]:
    return {
        "code": bundle.code,
        "name": bundle.name,
        "zone": bundle.zone,
        "version": bundle.version,
        "data": bundle.to_dict(),
    }


def _chunks(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _upsert(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Update rows whose code exists, insert the others (portable across both dialects)."""
    code_col = table.c.code
    existing: set[str] = set()
    codes = [r["code"] for r in rows]
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start : start + _CHUNK]
        existing.update(conn.scalars(select(code_col).where(code_col.in_(chunk))))
    to_update = [{**r, "_code": r["code"]} for r in rows if r["code"] in existing]
    to_insert = [r for r in rows if r["code"] not in existing]
    if to_update:
        columns = [c for c in rows[0] if c != "code"]
        stmt = (
            update(table)
            .where(code_col == bindparam("_code"))
            .values({c: bindparam(c) for c in columns})
        )
        for chunk_rows in _chunks(to_update, 2000):
            conn.execute(stmt, list(chunk_rows))
    for chunk_rows in _chunks(to_insert, 2000):
        conn.execute(insert(table), list(chunk_rows))


def import_catalog(
    engine: Engine, parsed: ParsedCatalog, *, mode: Literal["replace", "upsert"] = "replace"
) -> ImportResult:
    """Write a clean catalog in ONE transaction.

    ``replace`` makes the database hold exactly this catalog; ``upsert`` adds and updates its
    records and keeps others. A catalog with errors raises ``CatalogRejected`` untouched.
    """
    if not parsed.ok or parsed.header is None:
        raise CatalogRejected(parsed.errors or [CatalogError(1, "", "", "缺少文件头")])
    tables = Base.metadata.tables
    department_rows = [d.to_dict() for d in parsed.departments]
    material_rows = [m.to_dict() for m in parsed.materials]
    item_rows = [_item_row(data) for data in parsed.item_dicts()]
    bundle_rows = [_bundle_row(b) for b in parsed.bundles]
    # Parents first: items name departments, bundles name items.
    writes = (
        (tables["departments"], department_rows),
        (tables["material_codes"], material_rows),
        (tables["catalog_items"], item_rows),
        (tables["bundles"], bundle_rows),
    )
    with engine.begin() as conn:
        if mode == "replace":
            for table, _rows in reversed(writes):
                conn.execute(delete(table))
            for table, rows in writes:
                for chunk_rows in _chunks(rows, 2000):
                    conn.execute(insert(table), list(chunk_rows))
        else:
            for table, rows in writes:
                if rows:
                    _upsert(conn, table, rows)
        header = parsed.header
        meta = tables["catalog_meta"]
        conn.execute(delete(meta))
        conn.execute(
            insert(meta).values(
                id=1,
                catalog_version=header.catalog_version,
                generated_at=header.generated_at,
                source=header.source,
                imported_at=datetime.now(UTC),
            )
        )
    return ImportResult(
        header.catalog_version, len(department_rows), len(item_rows), len(bundle_rows)
    )

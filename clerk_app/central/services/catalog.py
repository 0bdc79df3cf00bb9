"""The catalog as the server serves it: its version and a streamed gzip snapshot.

The snapshot is the catalog file format (docs/catalog-format.md), gzip-compressed. Rows are
read with Core selects of the stored JSON text in chunks (no ORM object per row) inside one
read snapshot, so a catalog import running meanwhile never shows through half-done.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, Text, cast, func, select
from sqlalchemy.orm import Session

from clerk_app.central.models import (
    CatalogBundle,
    CatalogItem,
    CatalogMeta,
    Department,
    MaterialDirectoryEntry,
)
from clerk_app.contract.catalog import (
    FORMAT_NAME,
    FORMAT_VERSION,
    OPTIONAL_DEPARTMENT_FIELDS,
    CatalogMetaOut,
)


def catalog_meta(session: Session) -> CatalogMetaOut:
    meta = session.get(CatalogMeta, 1)
    return CatalogMetaOut(
        catalog_version=meta.catalog_version if meta else "",
        item_count=session.scalar(select(func.count()).select_from(CatalogItem)) or 0,
        bundle_count=session.scalar(select(func.count()).select_from(CatalogBundle)) or 0,
    )


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def _with_kind(kind: str, json_text: str) -> str:
    # The stored JSON is an object: put "kind" first without parsing it again.
    return '{"kind":"' + kind + '",' + json_text.lstrip()[1:] + "\n"


def _snapshot_lines(conn: Connection, chunk: int) -> Iterator[str]:
    meta = conn.execute(
        select(CatalogMeta.catalog_version, CatalogMeta.generated_at, CatalogMeta.source)
    ).first()
    yield _dump(
        {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "catalog_version": meta.catalog_version if meta else "",
            "generated_at": meta.generated_at if meta else "",
            "source": meta.source if meta else "",
        }
    )
    optional = [getattr(Department, name) for name in OPTIONAL_DEPARTMENT_FIELDS]
    departments = conn.execute(
        select(Department.code, Department.name, Department.window_mode, *optional).order_by(
            Department.code
        )
    )
    for code, name, mode, *values in departments:
        record = {"kind": "department", "code": code, "name": name, "window_mode": mode}
        record.update(
            (key, value)
            for key, value in zip(OPTIONAL_DEPARTMENT_FIELDS, values, strict=True)
            if value
        )
        yield _dump(record)
    directory = conn.execute(
        select(
            MaterialDirectoryEntry.code, MaterialDirectoryEntry.name, MaterialDirectoryEntry.key
        ).order_by(MaterialDirectoryEntry.code)
    )
    for code, name, key in directory:
        yield _dump({"kind": "material", "code": code, "name": name, "key": key})
    for table, kind in ((CatalogItem.__table__, "item"), (CatalogBundle.__table__, "bundle")):
        result = conn.execution_options(yield_per=chunk).execute(
            select(cast(table.c.data, Text)).order_by(table.c.code)
        )
        for partition in result.partitions():
            yield "".join(_with_kind(kind, row[0]) for row in partition)


def snapshot_stream(engine: Engine, *, chunk: int = 2000, level: int = 3) -> Iterator[bytes]:
    """The whole catalog as gzip bytes, produced piece by piece."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip wrapper
    if engine.dialect.name == "postgresql":
        connection = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    else:
        connection = engine.connect()
    with connection as conn:
        if engine.dialect.name == "sqlite":
            # pysqlite starts no transaction for reads; one explicit BEGIN makes the three
            # queries share one WAL snapshot.
            conn.exec_driver_sql("BEGIN")
        pending: list[bytes] = []
        size = 0
        for text in _snapshot_lines(conn, chunk):
            piece = compressor.compress(text.encode("utf-8"))
            if piece:
                pending.append(piece)
                size += len(piece)
            if size >= 256 * 1024:
                yield b"".join(pending)
                pending, size = [], 0
        pending.append(compressor.flush())
        conn.rollback()
    yield b"".join(pending)

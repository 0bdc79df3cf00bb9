"""Catalog snapshot: download from the embedded central server and store on the counter PC.

Measures ``CentralClient.download_catalog`` (HTTP stream of the gzip JSON Lines snapshot,
line-by-line parsing and validation, pinyin keys, chunked inserts in one transaction) for an
Enshi-size catalog, beside a baseline of bare ``executemany`` inserts of the same rows into
an SQLite table of the same shape (WAL, synchronous=FULL, one transaction): the floor of
storing alone. Goal: download + store ≤ 15 s.

Run: ``.venv/bin/python -m tests.bench.bench_catalog [n_items]``
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from clerk_app.domain.catalog import Bundle, Item
from clerk_app.domain.search import pinyin_keys
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import CentralClient
from tests.bench.common import BenchRow, print_table, synthetic_bundles, synthetic_items

ENSHI_ITEMS = 69_074


def _catalog(n_items: int) -> tuple[list[tuple[str, str, str]], list[Item], list[Bundle], str]:
    """(departments, items, bundles, version) from the central generator or the local one."""
    try:
        from clerk_app.central.gen_catalog import generate_catalog
    except ImportError:
        items = synthetic_items(n_items)
        depts = sorted({(i.department_code, i.department, "comprehensive") for i in items})
        return depts, items, synthetic_bundles(items), f"bench-{n_items}"
    header, departments, items, bundles = generate_catalog(n_items)
    depts = [(d.code, d.name, d.window_mode) for d in departments]
    return depts, items, bundles, header.catalog_version


@contextmanager
def _central_with(
    db_url: str, departments: list[tuple[str, str, str]], items: list[Item], bundles: list[Bundle]
) -> Iterator[tuple[str, float]]:
    """The embedded central server serving this catalog; yields its base URL and how many
    seconds the catalog import took."""
    from clerk_app.central.catalog_import import import_catalog
    from clerk_app.central.catalog_io import (
        CatalogHeader,
        DepartmentEntry,
        ParsedCatalog,
    )
    from clerk_app.central.db import make_engine, upgrade
    from clerk_app.central.embedded import start_embedded

    upgrade(db_url)
    engine = make_engine(db_url)
    parsed = ParsedCatalog(
        header=CatalogHeader(catalog_version=f"bench-{len(items)}"),
        departments=[DepartmentEntry(*d) for d in departments],
        items=items,
        bundles=bundles,
    )
    started = time.perf_counter()
    import_catalog(engine, parsed)
    import_s = time.perf_counter() - started
    engine.dispose()
    server = start_embedded(db_url)
    try:
        yield server.base_url, import_s
    finally:
        server.stop()


def _baseline_rows(items: list[Item]) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for i in items:
        initials, full = pinyin_keys(i.name)
        rows.append(
            (
                i.code, i.name, i.department, i.department_code, i.zone, i.handling.value,
                i.version, i.withdrawn, initials, full,
                json.dumps(i.to_dict(), ensure_ascii=False, separators=(",", ":")),
            )
        )  # fmt: skip
    return rows


def _bare_insert_seconds(path: Path, rows: list[tuple[object, ...]]) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(
            "CREATE TABLE catalog_items (code TEXT PRIMARY KEY, name TEXT, department TEXT, "
            "department_code TEXT, zone TEXT, handling TEXT, version INTEGER, withdrawn INTEGER, "
            "pinyin_initials TEXT, pinyin_full TEXT, data TEXT)"
        )
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO catalog_items VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.execute("COMMIT")
        return time.perf_counter() - t0
    finally:
        conn.close()


def run_catalog_bench(n_items: int = ENSHI_ITEMS) -> list[BenchRow]:
    started = time.perf_counter()
    departments, items, bundles, _version = _catalog(n_items)
    generate_s = time.perf_counter() - started
    rows: list[BenchRow] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        baseline_rows = _baseline_rows(items)
        bare = _bare_insert_seconds(tmpdir / "bare.db", baseline_rows)
        with _central_with(f"sqlite:///{tmpdir / 'central.db'}", departments, items, bundles) as (
            url,
            import_s,
        ):
            t0 = time.perf_counter()
            with requests.get(f"{url}/api/v1/catalog/snapshot", stream=True, timeout=60) as resp:
                size = sum(len(chunk) for chunk in resp.iter_content(1 << 16))
            download_only = time.perf_counter() - t0

            store = LocalStore(tmpdir / "counter.db")
            client = CentralClient(url, timeout=60)
            t0 = time.perf_counter()
            stored = client.download_catalog(store)
            total = time.perf_counter() - t0
            t0 = time.perf_counter()
            store.catalog.warm_search_index()
            index_s = time.perf_counter() - t0
            store.close()
            client.close()
    if stored != len(items):
        raise AssertionError(f"stored {stored} of {len(items)} items")
    rows.append(
        BenchRow(
            f"download + store {stored} items",
            total,
            "s",
            bare,
            "≤ 15 s (baseline: bare executemany)",
        )
    )
    rows.append(BenchRow("items per second", stored / total, "items/s", None, "—"))
    rows.append(
        BenchRow(
            f"snapshot transfer only ({size / 1e6:.1f} MB gzip)", download_only, "s", None, "—"
        )
    )
    rows.append(BenchRow("search index build after download", index_s, "s", None, "< 1 s"))
    rows.append(
        BenchRow(f"central import of {len(items)} items (SQLite)", import_s, "s", bare, "< 60 s")
    )
    rows.append(BenchRow(f"gen-catalog {len(items)} items", generate_s, "s", None, "< 30 s"))
    return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else ENSHI_ITEMS
    print_table(run_catalog_bench(n), f"Catalog snapshot download + store, {n} items")


if __name__ == "__main__":
    main()

"""Item search on the counter: ``Catalog.search`` against a bare SQL LIKE.

Builds an Enshi-size catalog (69,074 items), stores it, and measures per query kind
(1-, 2-, 4-character Chinese, code prefix, pinyin initials) the p50 and p95 latency of
``search_items`` beside ``SELECT ... WHERE name LIKE '%q%' LIMIT 50`` on the same SQLite
data (the baseline; it has no ranking and no pinyin of its own, so it gets the pinyin column).
Goal: p95 ≤ 20 ms for every kind.

Run: ``.venv/bin/python -m tests.bench.bench_search [n_items]``
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from clerk_app.domain.catalog import Item
from clerk_app.store.local import LocalStore
from tests.bench.common import BenchRow, percentile, print_table, synthetic_items

ENSHI_ITEMS = 69_074
QUERIES_PER_KIND = 150
GOAL = "p95 ≤ 20 ms"


def bench_catalog_items(n_items: int, *, seed: int = 2026) -> list[Item]:
    """The central server's synthetic catalog when present, else the local generator."""
    try:
        from clerk_app.central.gen_catalog import generate_catalog
    except ImportError:
        return synthetic_items(n_items, seed=seed)
    return generate_catalog(n_items, seed=seed)[2]


def _queries(items: Sequence[Item], rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """Per kind: (query for search_items, (column, LIKE pattern) for the baseline)."""
    from clerk_app.domain.search import pinyin_keys

    live = [i for i in items if not i.withdrawn]
    names = [i.name for i in live]
    kinds: dict[str, list[tuple[str, str]]] = {}

    def grams(n: int) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        while len(out) < QUERIES_PER_KIND:
            name = rng.choice(names)
            cjk = [
                k
                for k in range(len(name) - n + 1)
                if all("\u4e00" <= c <= "\u9fff" for c in name[k : k + n])
            ]
            if cjk:
                k = rng.choice(cjk)
                out.append((name[k : k + n], f"name LIKE '%{name[k : k + n]}%'"))
        return out

    kinds["1-char Chinese"] = grams(1)
    kinds["2-char Chinese"] = grams(2)
    kinds["4-char Chinese"] = grams(4)
    prefixes = [i.code[: rng.randint(6, 12)] for i in rng.sample(live, QUERIES_PER_KIND)]
    kinds["code prefix"] = [(p, f"code LIKE '{p}%'") for p in prefixes]
    pinyin = []
    for item in rng.sample(live, QUERIES_PER_KIND):
        initials = pinyin_keys(item.name)[0].split("|")[0]
        q = initials[: rng.randint(3, 5)]
        pinyin.append((q, f"pinyin_initials LIKE '%{q}%'"))
    kinds["pinyin initials"] = pinyin
    return kinds


def _time_each(calls: Sequence[Callable[[], object]], repeat: int = 2) -> list[float]:
    """Milliseconds per call (best of ``repeat`` for each, to damp a busy machine)."""
    out = []
    for call in calls:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            call()
            best = min(best, time.perf_counter() - t0)
        out.append(best * 1000)
    return out


def _search_call(store: LocalStore, query: str) -> Callable[[], object]:
    return lambda: store.catalog.search(query, window_no=1)


def _like_call(conn: sqlite3.Connection, where: str) -> Callable[[], object]:
    sql = f"SELECT code, name FROM catalog_items WHERE {where} LIMIT 50"
    return lambda: conn.execute(sql).fetchall()


def run_search_bench(n_items: int = ENSHI_ITEMS) -> list[BenchRow]:
    rng = random.Random(42)
    items = bench_catalog_items(n_items)
    rows: list[BenchRow] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "counter.db"
        store = LocalStore(db)
        t0 = time.perf_counter()
        store.catalog.replace("bench", items, [])
        store_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.catalog.search("登记", window_no=1)  # first search loads and builds the index
        first_ms = (time.perf_counter() - t0) * 1000
        rows.append(
            BenchRow(f"store {len(items)} items (pinyin included)", store_s, "s", None, "—")
        )
        rows.append(BenchRow("first search (index load + build)", first_ms, "ms", None, "< 1 s"))
        baseline_conn = sqlite3.connect(db)
        try:
            for kind, queries in _queries(items, rng).items():
                ours = _time_each([_search_call(store, q) for q, _ in queries])
                base = _time_each([_like_call(baseline_conn, w) for _, w in queries])
                for p in (50, 95):
                    rows.append(
                        BenchRow(
                            f"search {kind} p{p}",
                            percentile(ours, p),
                            "ms",
                            percentile(base, p),
                            GOAL if p == 95 else "—",
                        )
                    )
        finally:
            baseline_conn.close()
            store.close()
    return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else ENSHI_ITEMS
    print_table(run_search_bench(n), f"Item search over {n} items (baseline: SQL LIKE LIMIT 50)")


if __name__ == "__main__":
    main()

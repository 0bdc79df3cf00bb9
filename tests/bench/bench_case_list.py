"""案件查询 with bundles: the case list shows every bundle found whole, under its heading.

A counter store with 1,500 single cases and 200 bundle applications of three item cases each;
per query kind (a bundle number, one case number of a bundle, an applicant's name, the newest
cases with no text) the p50 and p95 of the list as 案件查询 builds it (the search, then the
found bundles' other cases in one more query, grouped under their headings:
``bundle_rows.with_bundles``) beside the plain search it starts from (the baseline).
Goal: the list with its bundles whole costs at most 1.5× the plain search (p95).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_case_list``
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from clerk_app.domain.bundle_link import BundleLink
from clerk_app.domain.cases import (
    Case,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    Person,
)
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.store.local import LocalStore
from clerk_app.ui.bundle_rows import with_bundles
from tests.bench.common import BenchRow, percentile, print_table, synthetic_items

SINGLE_CASES = 1_500
BUNDLES = 200
QUERIES_PER_KIND = 60
GOAL = "p95 ≤ 1.5× the plain search"


def _case(item: Item, applicant: Person, window_no: int, at: datetime) -> Case:
    checks = tuple(MaterialCheck(m, MaterialState.RECEIVED, m.copies) for m in item.materials)
    return Case(
        number="",
        hall_code="HS01",
        window_no=window_no,
        item=item,
        applicant=applicant,
        checks=checks,
        decision=Decision(DecisionKind.ACCEPT),
        status=CaseStatus.ACCEPTED,
        received_at=at,
        promised_date=at.date() + timedelta(days=5),
        clerk="clerk01",
    )


def fill_store(store: LocalStore, rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    """The cases; returns (bundle numbers, case numbers of bundles, applicant names)."""
    items = [i for i in synthetic_items(60, seed=11) if not i.withdrawn]
    bundle = Bundle("YJS-BENCH", "二手房交易一件事", tuple(i.code for i in items[:3]))
    store.catalog.replace("bench", items, [bundle])
    names = [f"申请人{n:03d}" for n in range(120)]
    people = [Person(IdKind.RESIDENT_ID, "420202199003071234", name) for name in names]
    start = datetime(2026, 11, 2, 9, 0).astimezone()
    bundle_numbers: list[str] = []
    member_numbers: list[str] = []
    link = BundleLink("", bundle.code, bundle.name, bundle.item_codes)
    for n in range(SINGLE_CASES + BUNDLES):
        at = start + timedelta(minutes=7 * n)
        who, window = rng.choice(people), 1 + n % 5
        if n % 8 == 0 and len(bundle_numbers) < BUNDLES:
            made = [_case(item, who, window, at) for item in items[:3]]
            stored = store.cases.save_bundle(made, link)
            bundle_numbers.append(stored[0].bundle_no)
            member_numbers += [c.number for c in stored]
        else:
            store.cases.save_new(_case(rng.choice(items[3:]), who, window, at))
    return bundle_numbers, member_numbers, names


def _best_ms(call: Callable[[], object], repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def run_case_list_bench() -> list[BenchRow]:
    rng = random.Random(12)
    rows: list[BenchRow] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = LocalStore(Path(tmp) / "counter.db")
        try:
            bundles, members, names = fill_store(store, rng)
            kinds: dict[str, Sequence[str]] = {
                "bundle number": rng.sample(bundles, QUERIES_PER_KIND),
                "case number of a bundle": rng.sample(members, QUERIES_PER_KIND),
                "applicant name": rng.sample(names, QUERIES_PER_KIND),
                "newest, no text": [""] * 10,
            }
            for kind, queries in kinds.items():
                ours = [
                    _best_ms(lambda q=q: with_bundles(store.cases.search(text=q), store.cases))
                    for q in queries
                ]
                base = [_best_ms(lambda q=q: store.cases.search(text=q)) for q in queries]
                for p in (50, 95):
                    rows.append(
                        BenchRow(
                            f"case list, bundles whole: {kind} p{p}",
                            percentile(ours, p),
                            "ms",
                            percentile(base, p),
                            GOAL if p == 95 else "—",
                        )
                    )
        finally:
            store.close()
    return rows


def main() -> None:
    total = SINGLE_CASES + 3 * BUNDLES
    print_table(
        run_case_list_bench(),
        f"案件查询 over {total} cases, {BUNDLES} bundles (baseline: the plain search)",
    )


if __name__ == "__main__":
    main()

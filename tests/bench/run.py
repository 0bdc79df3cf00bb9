"""`make bench`: every performance goal of the project, each beside a baseline measured in the
same run on the same machine (these machines are noisy: compare ratios, not absolute numbers).

Usage: python -m tests.bench.run [--items N] [--only search,...,statusline,capture,roundtrip]
[--faults]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from tests.bench.common import BenchRow, print_table

ENSHI_ITEMS = 69_074


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=ENSHI_ITEMS, help="catalog size")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated: search,catalog,render,startup,queue,login,sync,keys,caselist,"
        "statistics,alerts,library,upload,statusline,capture,roundtrip",
    )
    parser.add_argument(
        "--faults", action="store_true", help="also run 10,000 sync operations through faults"
    )
    args = parser.parse_args(argv)

    def search() -> list[BenchRow]:
        from tests.bench.bench_search import run_search_bench

        return run_search_bench(args.items)

    def catalog() -> list[BenchRow]:
        from tests.bench.bench_catalog import run_catalog_bench

        return run_catalog_bench(args.items)

    def render() -> list[BenchRow]:
        from tests.bench.bench_render import run_render_bench

        return run_render_bench()

    def startup() -> list[BenchRow]:
        from tests.bench.bench_startup import run_startup_bench

        return run_startup_bench()

    def queue() -> list[BenchRow]:
        from tests.bench.bench_queue import run_queue_bench

        return run_queue_bench()

    def login() -> list[BenchRow]:
        from tests.bench.bench_login import run_login_bench

        return run_login_bench()

    def sync() -> list[BenchRow]:
        from tests.bench.bench_sync import run_sync_bench

        # the 10,000-operation fault-injection run takes minutes: `--faults` asks for it
        return run_sync_bench(faults=args.faults)

    def keys() -> list[BenchRow]:
        from tests.bench.bench_precheck_keys import run_precheck_keys_bench

        return run_precheck_keys_bench()

    def caselist() -> list[BenchRow]:
        from tests.bench.bench_case_list import run_case_list_bench

        return run_case_list_bench()

    def stats() -> list[BenchRow]:
        from tests.bench.bench_statistics import run_statistics_bench

        # a year of a big hall: about 2 million tickets generated into PostgreSQL first
        return run_statistics_bench()

    def alerts() -> list[BenchRow]:
        from tests.bench.bench_alerts import run_alerts_bench

        # the supervisor's alerts over a big hall's year of cases (SQLite, 415,000 cases)
        return run_alerts_bench()

    def library() -> list[BenchRow]:
        from tests.bench.bench_library import run_library_bench

        # lookup p95 with 150,000 entries, over HTTP and in SQL, on SQLite and PostgreSQL
        return run_library_bench()

    def upload() -> list[BenchRow]:
        from tests.bench.bench_upload import run_upload_bench

        # 5×10 MB through the uploader at 3 chunk sizes beside bare PUTs, SQLite and PostgreSQL
        return run_upload_bench()

    def statusline() -> list[BenchRow]:
        from tests.bench.bench_status_line import run_status_line_bench

        # the upload progress read on the GUI thread, 100,000 stored files in the store
        return run_status_line_bench()

    def capture() -> list[BenchRow]:
        from tests.bench.bench_capture import run_capture_bench

        # 20 camera pages (≈ 10 MB) normalised, joined into one PDF and stored on the PC
        return run_capture_bench()

    def roundtrip() -> list[BenchRow]:
        from tests.bench.bench_roundtrip import run_roundtrip_bench

        # a kept-alive call vs a new connection vs a bare socket (Nagle + delayed ACK guard)
        return run_roundtrip_bench()

    suites: dict[str, Callable[[], list[BenchRow]]] = {
        "search": search,
        "catalog": catalog,
        "render": render,
        "startup": startup,
        "queue": queue,
        "login": login,
        "sync": sync,
        "keys": keys,
        "caselist": caselist,
        "statistics": stats,
        "alerts": alerts,
        "library": library,
        "upload": upload,
        "statusline": statusline,
        "capture": capture,
        "roundtrip": roundtrip,
    }
    wanted = [s for s in args.only.split(",") if s] or list(suites)
    unknown = set(wanted) - set(suites)
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    rows: list[BenchRow] = []
    for name in wanted:
        started = time.perf_counter()
        print(f"running {name} …", file=sys.stderr, flush=True)
        rows.extend(suites[name]())
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print()
    print_table(rows, title=f"Benchmarks ({args.items} catalog items)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

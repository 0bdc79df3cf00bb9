"""Notice rendering p95, beside a bare reportlab page with the same font as the baseline."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from datetime import datetime

from tests.bench.common import BenchRow


def _percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _time_ms(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm-up: font registration and template parsing happen once per process
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _bare_page() -> bytes:
    """The floor: one A4 page, one line of embedded CJK text, no layout."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from clerk_app.printing.fonts import register_cjk_font

    font = register_cjk_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(font, 16)
    c.drawString(72, 760, "受理通知书 HS01-05-20261123-0007")
    c.showPage()
    c.save()
    return buf.getvalue()


def run_render_bench(runs: int = 60) -> list[BenchRow]:
    from clerk_app.printing import DocType, PrintContext, render_document, sample_case

    baseline = _time_ms(_bare_page, runs)
    rows: list[BenchRow] = []
    ctx = PrintContext(
        hall_name="黄石市民之家",
        window_label="5号窗口",
        printed_by="bench",
        printed_at=datetime(2026, 11, 23, 10, 0),
    )
    for doc in DocType:
        case = sample_case(doc)
        samples = _time_ms(lambda d=doc, c=case: render_document(d, c, ctx), runs)
        rows.append(
            BenchRow(
                name=f"render {doc.value} p95",
                value=_percentile(samples, 95),
                unit="ms",
                baseline=_percentile(baseline, 95),
                goal="≤ 50 ms",
            )
        )
    rows.append(
        BenchRow(
            name="render acceptance_notice p50",
            value=statistics.median(
                _time_ms(
                    lambda: render_document(
                        DocType.ACCEPTANCE_NOTICE, sample_case(DocType.ACCEPTANCE_NOTICE), ctx
                    ),
                    runs,
                )
            ),
            unit="ms",
            baseline=statistics.median(baseline),
            goal="",
        )
    )
    return rows

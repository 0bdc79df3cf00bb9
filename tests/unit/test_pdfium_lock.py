"""PDFium is not thread-safe, and in demo mode the window and the embedded server share one
process: every module that calls pypdfium2 must hold the one process-wide lock."""

from __future__ import annotations

import re
from pathlib import Path

import clerk_app
from clerk_app.pdfium_lock import PDFIUM_LOCK

PACKAGE = Path(clerk_app.__file__).parent
USES_PDFIUM = re.compile(r"^\s*(import pypdfium2|from pypdfium2)", re.MULTILINE)


def test_every_module_calling_pdfium_takes_the_one_lock() -> None:
    callers = [p for p in PACKAGE.rglob("*.py") if USES_PDFIUM.search(p.read_text("utf-8"))]
    assert len(callers) >= 5  # capture, preview, hand-out merge, server page views and counts
    unlocked = [
        str(path.relative_to(PACKAGE))
        for path in callers
        # imported and then used: "with PDFIUM_LOCK" or the preview's alias of it
        if path.read_text("utf-8").count("PDFIUM_LOCK") < 2
    ]
    assert unlocked == []


def test_the_server_and_the_window_share_the_same_lock() -> None:
    from clerk_app.central import page_render
    from clerk_app.devices import pages
    from clerk_app.printing import delivery

    assert page_render.PDFIUM_LOCK is pages.PDFIUM_LOCK is delivery.PDFIUM_LOCK is PDFIUM_LOCK

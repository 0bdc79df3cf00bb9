"""Log lines of the counter PC and the server: ID numbers, mobiles and tokens masked."""

from __future__ import annotations

import io
import logging

from clerk_app.domain.redact import redact, redact_root_handlers

ID = "420102199003071232"


def test_redact_keeps_case_numbers_and_dates() -> None:
    assert redact("HS01-01-20261123-0001 at 2026-11-23T09:30:00") == (
        "HS01-01-20261123-0001 at 2026-11-23T09:30:00"
    )
    assert redact(f"id={ID},") == "id=4201**********1232,"


def test_root_handlers_redact_every_logger_after_basic_config() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        redact_root_handlers()
        redact_root_handlers()  # twice: still one filter
        assert len(handler.filters) == 1
        log = logging.getLogger("clerk_app.sync.client")
        log.warning("push refused for %s (phone %s), Bearer %s", ID, "13812345678", "tok123")
    finally:
        root.removeHandler(handler)
    line = out.getvalue()
    assert ID not in line and "13812345678" not in line and "tok123" not in line
    assert "4201**********1232" in line and "1381***5678" in line and "Bearer ***" in line

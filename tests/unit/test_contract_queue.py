"""The queue contract: today's JSON shapes in, the same JSON out; enums equal their strings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from clerk_app.contract.enums import TicketKind, TicketPriority, TicketStatus
from clerk_app.contract.queue import HallStatus, Ticket, TicketIn

TICKET_JSON = {
    "id": 7,
    "number": "A007",
    "queue": "A",
    "queue_name": "社会事务",
    "kind": "green",
    "priority": "green",
    "issued_at": "2026-11-23T02:00:00+00:00",
    "sort_at": "2026-11-23T02:00:00.250000+00:00",
    "status": "called",
    "window_no": 5,
    "call_count": 1,
    "waiting_ahead": 0,
    "appointment_code": None,
    "case_numbers": ["NO-1"],
    "check_url": "http://hall/api/v1/tickets/7/position",
    "transfer_note": None,
    "precheck_no": None,
}


def test_a_ticket_reads_and_writes_the_wire_shape_unchanged() -> None:
    ticket = Ticket.model_validate(TICKET_JSON)
    assert ticket.kind == "green" and ticket.kind is TicketKind.GREEN
    assert ticket.status is TicketStatus.CALLED
    assert ticket.issued_at == datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    assert ticket.case_numbers == ("NO-1",)
    assert ticket.model_dump(mode="json") == TICKET_JSON


def test_naive_times_are_read_as_utc() -> None:
    ticket = Ticket.model_validate({**TICKET_JSON, "issued_at": datetime(2026, 11, 23, 2, 0)})
    assert ticket.issued_at.tzinfo is UTC


def test_unknown_answer_fields_are_ignored_and_unknown_request_fields_refused() -> None:
    assert Ticket.model_validate({**TICKET_JSON, "later_field": 1}).number == "A007"
    with pytest.raises(ValidationError):
        TicketIn.model_validate({"queue": "A", "later_field": 1})
    with pytest.raises(ValidationError):  # a window serves walk-ins, the kiosk cannot issue them
        TicketIn.model_validate({"queue": "A", "kind": "walk_in"})


def test_priority_ranks_order_the_calls() -> None:
    assert [p.rank for p in TicketPriority] == [0, 1, 2]
    assert TicketPriority.of_rank(1) is TicketPriority.APPOINTMENT


def test_hall_status_fills_what_an_older_server_leaves_out() -> None:
    status = HallStatus.model_validate(
        {"queues": [], "windows": [{"number": 8, "label": "8号窗口"}], "recent_calls": []}
    )
    assert status.windows[0].status == "closed" and status.windows[0].queues == ()
    assert status.devices == ()

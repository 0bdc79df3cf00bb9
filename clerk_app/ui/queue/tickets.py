"""The ticket a window serves: one the server called (the contract's ``Ticket``), or a walk-in
served while the queue server could not be reached, which only this PC knows."""

from __future__ import annotations

from dataclasses import dataclass

from clerk_app.contract.enums import TicketKind, TicketStatus
from clerk_app.contract.queue import Ticket


@dataclass(frozen=True)
class LocalWalkIn:
    """A citizen served without a ticket while the server was unreachable: no id, no number;
    the cases are kept on this PC and uploaded later like any other."""

    id: None = None
    number: str = ""
    queue_name: str = ""
    kind: TicketKind = TicketKind.WALK_IN
    status: TicketStatus = TicketStatus.SERVING
    call_count: int = 0
    case_numbers: tuple[str, ...] = ()


ServedTicket = Ticket | LocalWalkIn

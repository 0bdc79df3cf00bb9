"""The queue's payloads (叫号): tickets, windows, hall status, appointments, ratings.

Answers (``…`` models) are frozen and ignore fields they do not know, so a newer server can add
one without breaking an older counter; requests (``…In``) refuse unknown fields. Times travel as
ISO 8601 with the UTC offset (``2026-11-23T02:00:00+00:00``) and are read back as aware UTC.

To add a field to the ticket, add it to ``Ticket`` here: the server fills it from the ticket
row's column of the same name (``central/services/queue/tickets.py``), the counter reads it as
an attribute.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
)

from clerk_app.contract.enums import (
    DeviceKind,
    FollowupStatus,
    TicketKind,
    TicketPriority,
    TicketStatus,
    WindowStatus,
)

__all__ = [
    "CallNextIn",
    "DeviceReport",
    "DeviceStatusIn",
    "FinishIn",
    "FollowupIn",
    "HallStatus",
    "HallWindow",
    "ImportResult",
    "PauseIn",
    "ProfileIn",
    "QueueInfo",
    "RatingIn",
    "RatingOut",
    "RatingReasons",
    "RecentCall",
    "ScoreLabel",
    "StaffRef",
    "Ticket",
    "TicketIn",
    "TicketPosition",
    "TransferIn",
    "WalkInIn",
    "WindowState",
]


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything the server stores is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


UtcTime = Annotated[
    datetime,
    AfterValidator(_utc),
    PlainSerializer(lambda moment: moment.isoformat(), return_type=str, when_used="json"),
]


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ----------------------------------------------------------------------------- answers


class Ticket(_Answer):
    """One number slip (or walk-in) as the windows, the kiosk and the evaluator see it."""

    id: int
    number: str
    queue: str  # the queue's code
    queue_name: str
    kind: TicketKind
    priority: TicketPriority
    issued_at: UtcTime
    sort_at: UtcTime  # orders the ticket within its priority; a transfer keeps it
    status: TicketStatus
    window_no: int | None = None  # the window that called it
    call_count: int = 0
    waiting_ahead: int = 0  # waiting tickets of its queue called before it
    appointment_code: str | None = None
    case_numbers: tuple[str, ...] = ()
    check_url: str = ""  # the slip's QR link: the public position page
    transfer_note: str | None = None  # why it was transferred here
    precheck_no: str | None = None  # the help desk's pre-check (帮办预审) the citizen brings


class TicketPosition(_Answer):
    """What the slip's QR link shows the citizen (no login)."""

    number: str
    status: TicketStatus
    waiting_ahead: int
    window_no: int | None = None


class QueueInfo(_Answer):
    """A queue's waiting and missed counts today and its longest wait."""

    code: str
    name: str
    prefix: str
    waiting: int
    longest_wait_s: int
    missed: int


class WindowState(_Answer):
    """A window's state and the queues it serves (``GET …/windows/{n}/state``)."""

    window_no: int
    label: str = ""
    status: WindowStatus = WindowStatus.CLOSED
    pause_reason: str | None = None
    clerk: str | None = None  # who is logged in at the window now
    current: Ticket | None = None
    queues: tuple[QueueInfo, ...] = ()
    missed: tuple[Ticket, ...] = ()  # its queues' missed pool (call_missed candidates)


class HallWindow(_Answer):
    """One window of the hall as the hall status shows it."""

    number: int
    label: str
    status: WindowStatus = WindowStatus.CLOSED
    current_number: str | None = None
    clerk: str | None = None  # who is logged in at the window now
    queues: tuple[str, ...] = ()  # its work profile: queue codes in order of preference
    pause_reason: str | None = None  # set while paused


class RecentCall(_Answer):
    """A call of the hall display's recent list, newest first."""

    number: str
    window_no: int
    window_label: str | None = None
    at: UtcTime
    recall: bool = False


class DeviceReport(_Answer):
    """A hall device's latest report about itself (a hall display that cannot speak)."""

    device: str  # its account
    kind: DeviceKind
    voice_ok: bool
    detail: str = ""
    at: UtcTime


class HallStatus(_Answer):
    """What the hall display and the supervisor show (``GET …/queue-status``)."""

    queues: tuple[QueueInfo, ...] = ()
    windows: tuple[HallWindow, ...] = ()  # by window number
    recent_calls: tuple[RecentCall, ...] = ()
    devices: tuple[DeviceReport, ...] = ()


class ImportResult(_Answer):
    """The answer of an appointment import (a file with any bad record is refused whole)."""

    imported: int
    updated: int
    errors: tuple[str, ...] = ()


class RatingOut(_Answer):
    """A citizen's rating (好差评) and, for a 差评, its follow-up."""

    id: int
    ticket_id: int
    ticket_number: str | None = None
    window_no: int
    clerk: str | None = None
    score: int
    label: str  # 非常满意 … 非常不满意
    bad: bool  # 差评 (score 1-2): needs a reason and a follow-up
    reason: str | None = None
    comment: str | None = None
    case_numbers: tuple[str, ...] = ()
    rated_at: UtcTime
    followup_status: FollowupStatus | None = None
    followup_note: str | None = None
    # The follow-up (差评 only): due date, assignee and the four steps (好差评 rules)
    window_label: str | None = None
    clerk_name: str | None = None
    followup_due: date | None = None
    overdue: bool = False  # not done and past its due date
    assigned_to: str | None = None
    assigned_to_name: str | None = None
    contact: str | None = None
    finding: str | None = None
    rectification: str | None = None
    answer: str | None = None
    followed_up_by: str | None = None
    followed_up_at: UtcTime | None = None
    followup_version: int = 0


class ScoreLabel(_Answer):
    score: int
    label: str


class RatingReasons(_Answer):
    """The scores the evaluator offers and the short list of 差评 reasons."""

    scores: tuple[ScoreLabel, ...]
    bad_reasons: tuple[str, ...]


# ----------------------------------------------------------------------------- requests

RequestId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Reason = Annotated[str, StringConstraints(max_length=200)]
QueueCode = Annotated[str, StringConstraints(min_length=1, max_length=32)]


class TicketIn(_Request):
    queue: QueueCode
    # A walk-in is not taken at the kiosk: a window serves it at once (``WalkInIn``).
    kind: Literal[TicketKind.NORMAL, TicketKind.APPOINTMENT, TicketKind.GREEN] = TicketKind.NORMAL
    appointment_code: Annotated[str, StringConstraints(max_length=40)] | None = None
    request_id: RequestId | None = None
    # The green channel's reason (老年人, 残疾人, 孕妇, 急事 …): required for kind "green".
    reason: Annotated[str, StringConstraints(max_length=100)] | None = None
    # The pre-check the help desk made for this visit (YS-HS01-03-20261123-0007), if any.
    precheck_no: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None


class CallNextIn(_Request):
    request_id: RequestId


class FinishIn(_Request):
    outcome: Annotated[str, StringConstraints(max_length=200)] = "已办结"
    case_numbers: Annotated[
        list[Annotated[str, StringConstraints(min_length=1, max_length=40)]], Field(max_length=50)
    ] = []


class TransferIn(_Request):
    to_queue: QueueCode | None = None
    to_window: Annotated[int, Field(ge=1, le=99)] | None = None
    reason: Reason


class PauseIn(_Request):
    reason: Reason


class WalkInIn(_Request):
    queue: QueueCode | None = None
    request_id: RequestId | None = None


class ProfileIn(_Request):
    queues: Annotated[list[QueueCode], Field(max_length=20)]


class DeviceStatusIn(_Request):
    kind: DeviceKind = DeviceKind.HALL_DISPLAY
    voice_ok: bool
    detail: Annotated[str, StringConstraints(max_length=200)] = ""


class RatingIn(_Request):
    ticket_id: Annotated[int, Field(ge=1, le=2**31 - 1)]
    score: Annotated[int, Field(ge=1, le=5)]
    reason: Annotated[str, StringConstraints(max_length=100)] | None = None
    comment: Annotated[str, StringConstraints(max_length=500)] | None = None


FollowupText = Annotated[str, StringConstraints(max_length=1000)]


class FollowupIn(_Request):
    """A change of a 差评's follow-up: only the fields sent change; ``done`` closes it (every
    step must be recorded by then). ``version`` is the follow-up's as last read (409 if stale).
    ``assigned_to`` "" takes the assignment back."""

    version: Annotated[int, Field(ge=0)]
    assigned_to: Annotated[str, StringConstraints(max_length=64)] | None = None
    contact: FollowupText | None = None
    finding: FollowupText | None = None
    rectification: FollowupText | None = None
    answer: FollowupText | None = None
    done: bool = False


class StaffRef(_Answer):
    """Someone a follow-up can be assigned to."""

    username: str
    display_name: str
    role: str

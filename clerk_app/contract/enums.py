"""The fixed sets of strings the wire carries: kinds, statuses, roles.

Each value is the exact string the JSON holds (and the database stores), so a ``StrEnum`` member
compares equal to it: ``ticket.kind == "green"`` and ``ticket.kind is TicketKind.GREEN`` agree.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What an account is for (the server's policy table says what each may do)."""

    CLERK = "clerk"
    HELPDESK = "helpdesk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    DEPARTMENT = "department"
    KIOSK = "kiosk"
    DISPLAY = "display"
    EVALUATOR = "evaluator"


STAFF_ROLES = frozenset({Role.CLERK, Role.HELPDESK, Role.SUPERVISOR, Role.ADMIN})
SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


class TicketKind(StrEnum):
    NORMAL = "normal"
    APPOINTMENT = "appointment"
    GREEN = "green"  # 绿色通道: given by staff, with a reason
    WALK_IN = "walk_in"  # 无号办理: served at once at a window (W001…)


class TicketPriority(StrEnum):
    """The name of a ticket's call priority; ``rank`` is the order (lower is called first)."""

    GREEN = "green"
    APPOINTMENT = "appointment"  # an appointment checked in on time
    NORMAL = "normal"

    @property
    def rank(self) -> int:
        return _PRIORITY_RANKS[self]

    @classmethod
    def of_rank(cls, rank: int) -> TicketPriority:
        return _PRIORITY_BY_RANK[rank]


_PRIORITY_RANKS = {TicketPriority.GREEN: 0, TicketPriority.APPOINTMENT: 1, TicketPriority.NORMAL: 2}
_PRIORITY_BY_RANK = {rank: priority for priority, rank in _PRIORITY_RANKS.items()}


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    MISSED = "missed"  # 过号: in the missed pool, callable again after a while
    FINISHED = "finished"
    TRANSFERRED = "transferred"
    CANCELLED = "cancelled"  # missed after the last call


# A window's current ticket is in one of these.
ACTIVE_STATUSES = (TicketStatus.CALLED, TicketStatus.SERVING)


class WindowStatus(StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"


class FollowupStatus(StrEnum):
    """The supervisor's follow-up of a 差评 (a good rating has none)."""

    OPEN = "open"  # nobody has touched it yet
    IN_PROGRESS = "in_progress"  # assigned, or some steps recorded
    DONE = "done"  # checked, rectified, answered


class DeviceKind(StrEnum):
    """Hall devices that report their own state."""

    HALL_DISPLAY = "hall_display"


class QueueEventKind(StrEnum):
    """The kinds of a hall's live events (the SSE stream's ``event:`` names)."""

    TICKET_ISSUED = "ticket_issued"
    TICKET_CALLED = "ticket_called"
    TICKET_RECALLED = "ticket_recalled"
    TICKET_MISSED = "ticket_missed"
    TICKET_FINISHED = "ticket_finished"
    TICKET_TRANSFERRED = "ticket_transferred"
    TICKET_RATED = "ticket_rated"
    QUEUE_STATUS = "queue_status"
    WINDOW_PAUSED = "window_paused"
    WINDOW_RESUMED = "window_resumed"
    WINDOW_PROFILE_CHANGED = "window_profile_changed"
    WINDOW_SESSION = "window_session"
    DEVICE_STATUS = "device_status"

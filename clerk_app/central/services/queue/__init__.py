"""Queue calling (叫号), by room:

- ``access``: who may act where (hall, window and queue lookups; the window permission);
- ``tickets``: taking a number, a ticket's place, the ticket as the wire shows it;
- ``calling``: the window's actions (call-next, recall, no-show, missed pool, finish, transfer,
  walk-in); ``calling_pg`` runs call-next and finish on PostgreSQL as the functions of
  ``calling.sql``;
- ``windows``: a window's state, pause/resume, work profiles, the window view;
- ``hall_status``: the counts and the hall view the display and the supervisor watch;
- ``appointments``: importing the booking platform's export.

The rules are written out in docs/queue-rules.md; the tunable ones are ``QueueSettings`` in
``central/config.py``. This package re-exports each room's public functions.
"""

from __future__ import annotations

from clerk_app.central.config import QueueSettings
from clerk_app.central.services.queue.access import (
    ISSUER_ROLES,
    SUPERVISORS,
    WindowCall,
    WindowRef,
    authorize_window,
    get_hall,
    get_queue,
    get_window,
    profile_queue_ids,
    window_actor,
)
from clerk_app.central.services.queue.appointments import (
    APPOINTMENT_FIELDS,
    import_appointments,
    parse_appointments_csv,
)
from clerk_app.central.services.queue.calling import (
    call_missed,
    call_next,
    finish,
    no_show,
    recall,
    transfer,
    walk_in,
)
from clerk_app.central.services.queue.common import CHINA_TZ, service_day
from clerk_app.central.services.queue.hall_status import hall_status, logged_in_at
from clerk_app.central.services.queue.tickets import (
    APPOINTMENT,
    GREEN,
    NORMAL,
    issue_ticket,
    ticket_out,
    ticket_position,
    waiting_ahead,
)
from clerk_app.central.services.queue.windows import pause, resume, set_profile, window_state

__all__ = [
    "APPOINTMENT",
    "APPOINTMENT_FIELDS",
    "CHINA_TZ",
    "GREEN",
    "ISSUER_ROLES",
    "NORMAL",
    "SUPERVISORS",
    "QueueSettings",
    "WindowCall",
    "WindowRef",
    "authorize_window",
    "call_missed",
    "call_next",
    "finish",
    "get_hall",
    "get_queue",
    "get_window",
    "hall_status",
    "import_appointments",
    "issue_ticket",
    "logged_in_at",
    "no_show",
    "parse_appointments_csv",
    "pause",
    "profile_queue_ids",
    "recall",
    "resume",
    "service_day",
    "set_profile",
    "ticket_out",
    "ticket_position",
    "transfer",
    "waiting_ahead",
    "walk_in",
    "window_actor",
    "window_state",
]

"""What the counter's queue panel (叫号面板) offers at a given moment: which buttons work and
what the connection line says, as a pure function of the panel's state (the Qt widget only
applies it; see ``clerk_app.ui.queue.panel``).

The rules, in words: calling needs the server, an idle panel, an open window and nobody being
served; recall, no-show and transfer need a ticket the server knows; finish works on such a
ticket online, and on an offline walk-in always; pausing needs nobody being served; a walk-in
needs only an idle panel, an open window and nobody being served (offline too: the case is kept
on this PC); the missed pool is called like the next ticket, when it has somebody.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from clerk_app.domain.reconnect import Connection, connection_of


class Serving(Enum):
    NOBODY = "nobody"
    TICKET = "ticket"  # a ticket the server knows
    LOCAL_WALK_IN = "local_walk_in"  # served offline without a ticket: only this PC knows


class OfflineHint(Enum):
    """What the clerk can still do without the queue server (only what is enabled)."""

    WALK_IN = "walk_in"  # nobody served, window open: serve a walk-in, kept on this PC
    SERVING_LOCAL = "serving_local"  # an offline walk-in: finish it, then the next one
    CONTINUE_TICKET = "continue_ticket"  # a called ticket: accept its cases, finish later
    PAUSED = "paused"  # the window is paused: resume once the server answers


@dataclass(frozen=True)
class PanelSnapshot:
    has_server: bool  # logged in with the central server (not an offline login)
    online: bool  # the server answered the last request
    busy: bool  # a request of the clerk's is running
    paused: bool  # the window is paused
    serving: Serving
    has_missed: bool  # the window's queues have citizens in the missed pool


@dataclass(frozen=True)
class PanelState:
    connection: Connection
    offline_hint: OfflineHint | None  # None while online
    paused: bool
    can_call: bool
    can_recall: bool
    can_no_show: bool
    can_transfer: bool
    can_finish: bool
    can_pause: bool  # pause, or resume while paused
    can_walk_in: bool
    can_call_missed: bool
    missed_list_enabled: bool


def offline_hint(serving: Serving, paused: bool) -> OfflineHint:
    if serving is Serving.LOCAL_WALK_IN:
        return OfflineHint.SERVING_LOCAL
    if serving is Serving.TICKET:
        return OfflineHint.CONTINUE_TICKET
    return OfflineHint.PAUSED if paused else OfflineHint.WALK_IN


def panel_state(snapshot: PanelSnapshot) -> PanelState:
    connection = connection_of(has_server=snapshot.has_server, online=snapshot.online)
    online = connection is Connection.ONLINE
    idle = not snapshot.busy
    nobody = snapshot.serving is Serving.NOBODY
    ticket = snapshot.serving is Serving.TICKET
    acts_on_ticket = online and idle and ticket
    can_call = online and idle and not snapshot.paused and nobody
    return PanelState(
        connection=connection,
        offline_hint=None if online else offline_hint(snapshot.serving, snapshot.paused),
        paused=snapshot.paused,
        can_call=can_call,
        can_recall=acts_on_ticket,
        can_no_show=acts_on_ticket,
        can_transfer=acts_on_ticket,
        can_finish=acts_on_ticket or (idle and snapshot.serving is Serving.LOCAL_WALK_IN),
        can_pause=online and idle and nobody,
        can_walk_in=idle and not snapshot.paused and nobody,
        can_call_missed=can_call and snapshot.has_missed,
        missed_list_enabled=online,
    )

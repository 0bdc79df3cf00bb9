"""The floor supervisor's view of the hall (大厅管理): how long a wait is too long, and what the
page offers at a given moment, as pure functions (the Qt page only applies them; see
``clerk_app.ui.supervisor.page``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from clerk_app.domain.reconnect import Connection, connection_of

WAIT_AMBER_S = 30 * 60  # the default; a hall sets its own (its alert threshold)


class WaitLevel(StrEnum):
    OK = "ok"
    AMBER = "amber"  # waited the hall's threshold or more (default 30 minutes)
    RED = "red"  # waited twice that or more


def wait_level(seconds: int, amber_s: int = WAIT_AMBER_S) -> WaitLevel:
    """The same rule as the server's long-wait alert: amber from the threshold, red from
    twice it."""
    if seconds >= 2 * amber_s:
        return WaitLevel.RED
    if seconds >= amber_s:
        return WaitLevel.AMBER
    return WaitLevel.OK


def short_window_label(number: int, label: str | None) -> str:
    """ "5号窗口": the hall's label without the description in brackets."""
    if label:
        short = label.split("（")[0].split("(")[0].strip()
        if short:
            return short
    return f"{number}号窗口"


class IssueLabel(Enum):
    ISSUE = "issue"
    ISSUING = "issuing"  # the request is under way
    RETRY = "retry"  # the same choice as a request whose answer was lost: sent with its id


@dataclass(frozen=True)
class HallPageSnapshot:
    has_server: bool  # logged in with the central server (not an offline login)
    online: bool  # the server answered the last request
    manage: bool  # a supervisor or an admin (the help desk has the green channel only)
    acting: bool  # a window change is under way
    issuing: bool  # a green ticket is being issued
    window_selected: bool
    window_paused: bool  # the selected window is paused
    has_queues: bool  # the hall's queues are known
    green_queue: str  # the chosen queue's code, "" for none
    green_reason: str  # the reason as typed or chosen
    pending_green: tuple[str, str] | None  # (queue, reason) of a request whose answer was lost
    has_last_ticket: bool  # a green ticket was issued here (its slip can be printed again)


@dataclass(frozen=True)
class HallPageState:
    connection: Connection
    can_refresh: bool
    can_edit_profile: bool
    can_pause: bool
    can_resume: bool
    can_issue: bool
    issue_label: IssueLabel
    can_reprint: bool


def issue_label(snapshot: HallPageSnapshot) -> IssueLabel:
    if snapshot.issuing:
        return IssueLabel.ISSUING
    choice = (snapshot.green_queue, snapshot.green_reason.strip())
    if snapshot.pending_green is not None and snapshot.pending_green == choice:
        return IssueLabel.RETRY
    return IssueLabel.ISSUE


def hall_page_state(snapshot: HallPageSnapshot) -> HallPageState:
    connection = connection_of(has_server=snapshot.has_server, online=snapshot.online)
    online = connection is Connection.ONLINE
    can_act = online and snapshot.manage and not snapshot.acting and snapshot.window_selected
    chosen = bool(snapshot.green_queue) and bool(snapshot.green_reason.strip())
    return HallPageState(
        connection=connection,
        can_refresh=snapshot.has_server,
        can_edit_profile=can_act and snapshot.has_queues,
        can_pause=can_act and not snapshot.window_paused,
        can_resume=can_act and snapshot.window_paused,
        can_issue=online and not snapshot.issuing and chosen,
        issue_label=issue_label(snapshot),
        can_reprint=snapshot.has_last_ticket,
    )

"""The queue panel's rules (叫号面板): which buttons work and what the connection line says."""

from __future__ import annotations

from dataclasses import fields

import pytest

from clerk_app.domain.counter_panel import (
    OfflineHint,
    PanelSnapshot,
    PanelState,
    Serving,
    panel_state,
)
from clerk_app.domain.reconnect import Connection

NOBODY, TICKET, LOCAL = Serving.NOBODY, Serving.TICKET, Serving.LOCAL_WALK_IN

# The buttons in the order of the table's columns below.
BUTTONS = (
    "can_call",
    "can_recall",
    "can_no_show",
    "can_transfer",
    "can_finish",
    "can_pause",
    "can_walk_in",
    "can_call_missed",
    "missed_list_enabled",
)


def snapshot(
    *,
    has_server: bool = True,
    online: bool = True,
    busy: bool = False,
    paused: bool = False,
    serving: Serving = NOBODY,
    has_missed: bool = True,
) -> PanelSnapshot:
    return PanelSnapshot(has_server, online, busy, paused, serving, has_missed)


# case, snapshot, enabled buttons (call recall no-show transfer finish pause walk-in missed list)
CASES = [
    ("idle online window", snapshot(), "1 0 0 0 0 1 1 1 1"),
    ("nobody in the missed pool", snapshot(has_missed=False), "1 0 0 0 0 1 1 0 1"),
    ("serving a ticket", snapshot(serving=TICKET), "0 1 1 1 1 0 0 0 1"),
    ("online walk-in with a ticket", snapshot(serving=TICKET, paused=False), "0 1 1 1 1 0 0 0 1"),
    ("paused, nobody served", snapshot(paused=True), "0 0 0 0 0 1 0 0 1"),
    ("a request is running", snapshot(busy=True), "0 0 0 0 0 0 0 0 1"),
    ("busy serving a ticket", snapshot(busy=True, serving=TICKET), "0 0 0 0 0 0 0 0 1"),
    ("unreachable, nobody served", snapshot(online=False), "0 0 0 0 0 0 1 0 0"),
    ("unreachable, serving a ticket", snapshot(online=False, serving=TICKET), "0 0 0 0 0 0 0 0 0"),
    ("unreachable, offline walk-in", snapshot(online=False, serving=LOCAL), "0 0 0 0 1 0 0 0 0"),
    ("unreachable and paused", snapshot(online=False, paused=True), "0 0 0 0 0 0 0 0 0"),
    ("offline login", snapshot(has_server=False, online=False), "0 0 0 0 0 0 1 0 0"),
    ("offline login, walk-in", snapshot(has_server=False, serving=LOCAL), "0 0 0 0 1 0 0 0 0"),
    ("offline walk-in while busy", snapshot(online=False, busy=True, serving=LOCAL), "0" * 9),
]


@pytest.mark.parametrize(
    ("case", "given", "enabled"), CASES, ids=[case for case, _given, _enabled in CASES]
)
def test_buttons(case: str, given: PanelSnapshot, enabled: str) -> None:
    state = panel_state(given)
    got = "".join("1" if getattr(state, name) else "0" for name in BUTTONS)
    assert got == enabled.replace(" ", ""), case


@pytest.mark.parametrize(
    ("given", "connection", "hint"),
    [
        (snapshot(), Connection.ONLINE, None),
        (snapshot(serving=TICKET), Connection.ONLINE, None),
        (snapshot(online=False), Connection.UNREACHABLE, OfflineHint.WALK_IN),
        (
            snapshot(online=False, serving=TICKET),
            Connection.UNREACHABLE,
            OfflineHint.CONTINUE_TICKET,
        ),
        (snapshot(online=False, serving=LOCAL), Connection.UNREACHABLE, OfflineHint.SERVING_LOCAL),
        (snapshot(online=False, paused=True), Connection.UNREACHABLE, OfflineHint.PAUSED),
        (
            snapshot(online=False, paused=True, serving=TICKET),
            Connection.UNREACHABLE,
            OfflineHint.CONTINUE_TICKET,
        ),
        (snapshot(has_server=False), Connection.OFFLINE_LOGIN, OfflineHint.WALK_IN),
        (
            snapshot(has_server=False, serving=LOCAL),
            Connection.OFFLINE_LOGIN,
            OfflineHint.SERVING_LOCAL,
        ),
    ],
)
def test_connection_and_offline_hint(
    given: PanelSnapshot, connection: Connection, hint: OfflineHint | None
) -> None:
    state = panel_state(given)
    assert (state.connection, state.offline_hint) == (connection, hint)


def test_the_hint_names_only_what_is_enabled() -> None:
    """Offline, the hint offers a walk-in exactly when the walk-in button works."""
    for serving in Serving:
        for paused in (False, True):
            state = panel_state(snapshot(online=False, serving=serving, paused=paused))
            assert (state.offline_hint is OfflineHint.WALK_IN) == state.can_walk_in


def test_the_state_says_whether_the_window_is_paused() -> None:
    assert panel_state(snapshot(paused=True)).paused
    assert not panel_state(snapshot()).paused
    assert {f.name for f in fields(PanelState)} >= set(BUTTONS)

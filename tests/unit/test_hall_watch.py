"""The supervisor's hall page rules (大厅管理): wait colours and what the page offers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from clerk_app.domain.hall_watch import (
    HallPageSnapshot,
    IssueLabel,
    WaitLevel,
    hall_page_state,
    short_window_label,
    wait_level,
)
from clerk_app.domain.reconnect import Connection


@pytest.mark.parametrize(
    ("seconds", "level"),
    [
        (0, WaitLevel.OK),
        (29 * 60 + 59, WaitLevel.OK),
        (30 * 60, WaitLevel.AMBER),
        (59 * 60 + 59, WaitLevel.AMBER),
        (60 * 60, WaitLevel.RED),
        (5 * 60 * 60, WaitLevel.RED),
        (-5, WaitLevel.OK),
    ],
)
def test_wait_level(seconds: int, level: WaitLevel) -> None:
    assert wait_level(seconds) is level
    assert wait_level(seconds) == level.value  # the item role's value, for views and tests


def test_a_halls_threshold_moves_both_colours() -> None:
    assert wait_level(19 * 60, amber_s=20 * 60) is WaitLevel.OK
    assert wait_level(20 * 60, amber_s=20 * 60) is WaitLevel.AMBER
    assert wait_level(40 * 60, amber_s=20 * 60) is WaitLevel.RED


@pytest.mark.parametrize(
    ("number", "label", "short"),
    [
        (5, "5号窗口（社保综合）", "5号窗口"),
        (5, "5号窗口 (social)", "5号窗口"),
        (7, "综合受理", "综合受理"),
        (8, None, "8号窗口"),
        (9, "", "9号窗口"),
        (10, "（备用）", "10号窗口"),
    ],
)
def test_short_window_label(number: int, label: str | None, short: str) -> None:
    assert short_window_label(number, label) == short


BASE = HallPageSnapshot(
    has_server=True,
    online=True,
    manage=True,
    acting=False,
    issuing=False,
    window_selected=True,
    window_paused=False,
    has_queues=True,
    green_queue="SOCIAL",
    green_reason="老年人",
    pending_green=None,
    has_last_ticket=False,
)

# case, snapshot, enabled (refresh profile pause resume issue reprint)
CASES = [
    ("an open window selected", BASE, "1 1 1 0 1 0"),
    ("a paused window selected", replace(BASE, window_paused=True), "1 1 0 1 1 0"),
    ("no window selected", replace(BASE, window_selected=False), "1 0 0 0 1 0"),
    ("the hall's queues unknown", replace(BASE, has_queues=False), "1 0 1 0 1 0"),
    ("a window change under way", replace(BASE, acting=True), "1 0 0 0 1 0"),
    ("the help desk", replace(BASE, manage=False), "1 0 0 0 1 0"),
    ("no reason given", replace(BASE, green_reason="  "), "1 1 1 0 0 0"),
    ("no queue chosen", replace(BASE, green_queue=""), "1 1 1 0 0 0"),
    ("issuing", replace(BASE, issuing=True), "1 1 1 0 0 0"),
    ("a slip to print again", replace(BASE, has_last_ticket=True), "1 1 1 0 1 1"),
    ("server unreachable", replace(BASE, online=False), "1 0 0 0 0 0"),
    ("offline login", replace(BASE, has_server=False, online=False), "0 0 0 0 0 0"),
]


@pytest.mark.parametrize(
    ("case", "given", "enabled"), CASES, ids=[case for case, _given, _enabled in CASES]
)
def test_what_the_page_offers(case: str, given: HallPageSnapshot, enabled: str) -> None:
    state = hall_page_state(given)
    flags = (
        state.can_refresh,
        state.can_edit_profile,
        state.can_pause,
        state.can_resume,
        state.can_issue,
        state.can_reprint,
    )
    assert "".join("1" if flag else "0" for flag in flags) == enabled.replace(" ", ""), case


@pytest.mark.parametrize(
    ("given", "connection"),
    [
        (BASE, Connection.ONLINE),
        (replace(BASE, online=False), Connection.UNREACHABLE),
        (replace(BASE, has_server=False, online=False), Connection.OFFLINE_LOGIN),
    ],
)
def test_connection(given: HallPageSnapshot, connection: Connection) -> None:
    assert hall_page_state(given).connection is connection


@pytest.mark.parametrize(
    ("given", "label"),
    [
        (BASE, IssueLabel.ISSUE),
        (replace(BASE, issuing=True), IssueLabel.ISSUING),
        (replace(BASE, pending_green=("SOCIAL", "老年人")), IssueLabel.RETRY),
        (
            replace(BASE, pending_green=("SOCIAL", "老年人"), green_reason=" 老年人 "),
            IssueLabel.RETRY,
        ),
        (replace(BASE, pending_green=("SOCIAL", "孕妇")), IssueLabel.ISSUE),  # another citizen
        (replace(BASE, pending_green=("TAX", "老年人")), IssueLabel.ISSUE),
        (replace(BASE, pending_green=("SOCIAL", "老年人"), issuing=True), IssueLabel.ISSUING),
    ],
)
def test_issue_button_label(given: HallPageSnapshot, label: IssueLabel) -> None:
    assert hall_page_state(given).issue_label is label

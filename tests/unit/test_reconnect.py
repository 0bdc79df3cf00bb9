"""The reconnect probe's backoff and the connection a screen shows."""

from __future__ import annotations

import pytest

from clerk_app.domain.reconnect import Connection, connection_of, probe_delay_ms


@pytest.mark.parametrize(
    ("attempt", "delay"),
    [(0, 3_000), (1, 6_000), (2, 12_000), (3, 24_000), (4, 30_000), (50, 30_000), (10_000, 30_000)],
)
def test_probe_doubles_from_three_seconds_up_to_thirty(attempt: int, delay: int) -> None:
    assert probe_delay_ms(attempt) == delay


@pytest.mark.parametrize(
    ("first", "cap", "delays"),
    [
        (200, 30_000, [200, 400, 800, 1_600]),
        (60_000, 30_000, [60_000, 30_000, 30_000]),  # a long first wait, then the cap
        (1_000, 1_000, [1_000, 1_000]),
    ],
)
def test_probe_delays_follow_their_settings(first: int, cap: int, delays: list[int]) -> None:
    got = [probe_delay_ms(n, first_ms=first, max_ms=cap) for n in range(len(delays))]
    assert got == delays


@pytest.mark.parametrize(
    ("has_server", "online", "connection"),
    [
        (True, True, Connection.ONLINE),
        (True, False, Connection.UNREACHABLE),
        (False, False, Connection.OFFLINE_LOGIN),
        (False, True, Connection.OFFLINE_LOGIN),
    ],
)
def test_connection_of(has_server: bool, online: bool, connection: Connection) -> None:
    assert connection_of(has_server=has_server, online=online) is connection

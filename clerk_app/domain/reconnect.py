"""How a screen that talks to the central server stands with it, and how often it asks again
while the server cannot be reached (the queue panel and the hall page probe alike)."""

from __future__ import annotations

from enum import Enum

PROBE_FIRST_MS = 3_000
PROBE_MAX_MS = 30_000


class Connection(Enum):
    OFFLINE_LOGIN = "offline_login"  # logged in without the server: nothing to reconnect to
    UNREACHABLE = "unreachable"  # the server did not answer: probing with backoff
    ONLINE = "online"


def connection_of(*, has_server: bool, online: bool) -> Connection:
    if not has_server:
        return Connection.OFFLINE_LOGIN
    return Connection.ONLINE if online else Connection.UNREACHABLE


def probe_delay_ms(
    attempt: int, *, first_ms: int = PROBE_FIRST_MS, max_ms: int = PROBE_MAX_MS
) -> int:
    """The wait before probe number ``attempt`` (0 first): ``first_ms``, then doubling up to
    ``max_ms``, so a hall's counters do not all hammer a server that is starting up again."""
    if attempt <= 0:
        return first_ms
    # The exponent is capped: a day offline must not build a huge integer.
    return min(first_ms << min(attempt, 32), max_ms)

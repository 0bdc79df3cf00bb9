"""Failed logins slow down, they never lock: a growing delay per account and per address.

After ``free`` failures in a row for an account (or from an address), the next attempt must
wait 1 s, then 2 s, 4 s … up to ``cap``; an attempt before that is answered 429 with
``Retry-After`` without checking the password (no hash spent). A success clears the account's
count; an address's count is forgotten after ``forget`` without failures. Nothing ever blocks
an account for long, so an attacker cannot lock a clerk out by typing wrong passwords for them.

The counts live in the server process's memory (bounded to ``max_keys`` entries): each process
of a multi-process server throttles on its own, which still bounds the rate per process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(slots=True)
class _Count:
    failures: int
    last: datetime
    blocked_until: datetime


@dataclass(frozen=True, slots=True)
class ThrottleRule:
    free: int  # failures in a row before any delay
    base_s: float = 1.0
    cap_s: float = 60.0


class LoginThrottle:
    def __init__(
        self,
        *,
        account: ThrottleRule = ThrottleRule(free=5),
        address: ThrottleRule = ThrottleRule(free=20),
        forget: timedelta = timedelta(minutes=15),
        max_keys: int = 10_000,
    ) -> None:
        self._rules = {"u": account, "a": address}
        self._forget = forget
        self._max_keys = max_keys
        self._counts: dict[tuple[str, str], _Count] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(username: str, address: str) -> list[tuple[str, str]]:
        keys = [("u", username.strip().casefold())]
        if address:
            keys.append(("a", address))
        return keys

    def retry_after(self, username: str, address: str, now: datetime) -> float:
        """Seconds the caller must still wait (0: go ahead)."""
        with self._lock:
            waits = [
                (count.blocked_until - now).total_seconds()
                for key in self._keys(username, address)
                if (count := self._counts.get(key)) is not None
            ]
        return max([0.0, *waits])

    def failed(self, username: str, address: str, now: datetime) -> None:
        with self._lock:
            for key in self._keys(username, address):
                count = self._counts.get(key)
                if count is None or now - count.last > self._forget:
                    count = _Count(0, now, now)
                    self._counts[key] = count
                count.failures += 1
                count.last = now
                rule = self._rules[key[0]]
                over = count.failures - rule.free
                if over > 0:
                    delay = min(rule.cap_s, rule.base_s * 2 ** (over - 1))
                    count.blocked_until = now + timedelta(seconds=delay)
            self._prune(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._counts.pop(self._keys(username, "")[0], None)

    def _prune(self, now: datetime) -> None:
        if len(self._counts) <= self._max_keys:
            return
        stale = [k for k, c in self._counts.items() if now - c.last > self._forget]
        for key in stale:
            del self._counts[key]
        if len(self._counts) > self._max_keys:  # a flood of fresh names: keep the newest half
            newest = sorted(self._counts.items(), key=lambda kv: kv[1].last)[-self._max_keys // 2 :]
            self._counts = dict(newest)

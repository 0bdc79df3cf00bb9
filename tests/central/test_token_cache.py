"""The cache of verified tokens (services/auth.py): what it keeps, and for how long a session
ended elsewhere can still be used (TOKEN_CACHE_SECONDS, never more)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete

from clerk_app.central.db import make_engine
from clerk_app.central.models import AuthToken
from clerk_app.central.services.auth import TOKEN_CACHE_SECONDS, AuthUser, TokenCache
from tests.central.conftest import Central

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
USER = AuthUser(1, "clerk01", "张敏", "clerk", 1, "HS01", "黄石市民之家", 3, None)


class FakeClock:
    def __init__(self) -> None:
        self.seconds = 100.0

    def __call__(self) -> float:
        return self.seconds


def test_a_verified_token_is_kept_for_its_seconds_only() -> None:
    clock = FakeClock()
    cache = TokenCache(seconds=10, clock=clock)
    cache.put("digest", USER, NOW + timedelta(hours=12))
    assert cache.get("digest", NOW) == USER
    clock.seconds += 10
    assert cache.get("digest", NOW) == USER
    clock.seconds += 0.1
    assert cache.get("digest", NOW) is None
    assert cache.get("digest", NOW) is None  # forgotten, not just hidden


def test_a_cached_token_still_expires_on_time() -> None:
    cache = TokenCache(clock=FakeClock())
    cache.put("digest", USER, NOW + timedelta(minutes=1))
    assert cache.get("digest", NOW + timedelta(seconds=59)) == USER
    assert cache.get("digest", NOW + timedelta(minutes=1)) is None


def test_a_flood_of_tokens_does_not_grow_the_cache() -> None:
    cache = TokenCache(max_entries=3, clock=FakeClock())
    for n in range(10):
        cache.put(f"digest{n}", USER, NOW + timedelta(hours=1))
    assert sum(cache.get(f"digest{n}", NOW) is not None for n in range(10)) <= 3
    assert cache.get("digest9", NOW) == USER


def test_a_session_ended_through_this_server_ends_at_once(central: Central) -> None:
    headers = central.login()
    assert central.client.get("/api/v1/halls/HS01", headers=headers).status_code == 200
    assert central.client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert central.client.get("/api/v1/halls/HS01", headers=headers).status_code == 401


def test_a_session_ended_by_another_process_ends_within_the_cache_seconds(
    central: Central,
) -> None:
    """Another worker or the command line deletes the token: this process learns it when its
    cached entry runs out, TOKEN_CACHE_SECONDS at most."""
    clock = FakeClock()
    central.app.state.token_cache = TokenCache(clock=clock)
    headers = central.login()
    assert central.client.get("/api/v1/halls/HS01", headers=headers).status_code == 200
    other_process = make_engine(central.url)  # a plain connection: no session of this app
    try:
        with other_process.begin() as conn:
            conn.execute(delete(AuthToken))
    finally:
        other_process.dispose()
    assert central.client.get("/api/v1/halls/HS01", headers=headers).status_code == 200
    clock.seconds += TOKEN_CACHE_SECONDS + 0.1
    gone = central.client.get("/api/v1/halls/HS01", headers=headers)
    assert gone.status_code == 401
    assert gone.json()["detail"] == "登录已失效，请重新登录"

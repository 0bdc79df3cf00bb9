"""Shared fixtures: headless Qt, the PostgreSQL rule (fail under CI=true, skip elsewhere)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import argon2
import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No per-example deadline: these machines are shared and noisy, and a slow example is not a
# wrong one (speed lives in `make bench`). Example counts stay each test's own.
settings.register_profile("clerk", deadline=None)
settings.load_profile("clerk")


def pytest_configure(config: pytest.Config) -> None:
    """The screens' layouts compiled from forms/*.ui and the translations from
    resources/i18n/*.ts, as `make` does, so a test run straight from pytest sees this
    checkout's forms and translations (a changed source is compiled again)."""
    from clerk_app.ui.forms_build import compile_forms, compile_translations

    compile_forms()
    compile_translations()


@pytest.fixture(autouse=True)
def _no_config_files_of_this_machine(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The counter app's config files (ui/app_config.py) are the test's own, not this PC's
    /etc/clerk-app or ~/.config/clerk-app (absent unless a test writes them)."""
    folder = tmp_path_factory.mktemp("clerk-config")
    monkeypatch.setenv("CLERK_CONFIG", str(folder / "user" / "clerk-app.toml"))
    monkeypatch.setenv("CLERK_SYSTEM_CONFIG", str(folder / "system" / "clerk-app.toml"))


POSTGRES_URL = os.environ.get(
    "CLERK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_reachable() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg

        url = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url, connect_timeout=3):
            return None
    except Exception as exc:  # any failure means "not available here"
        return f"{type(exc).__name__}: {exc}"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The PostgreSQL URL for tests; under CI=true a missing server fails the test."""
    reason = _postgres_reachable()
    if reason is not None:
        message = f"PostgreSQL not reachable at {POSTGRES_URL}: {reason}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield POSTGRES_URL


@pytest.fixture
def pc_in_london() -> Iterator[None]:
    """The PC's own clock set to London time: what the hall shows must not follow it."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.fixture
def hall_day_ahead_of_pc(monkeypatch: pytest.MonkeyPatch) -> Iterator[date]:
    """The PC set to Los Angeles time and the hall's clock at 01:00 on the PC's tomorrow, so a
    date read from the PC's clock instead of the hall's is a day behind at any real time.
    Yields the hall's date."""
    from clerk_app.domain.hall_time import HALL_TZ

    saved = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    hall_day = date.today() + timedelta(days=1)
    moment = datetime(hall_day.year, hall_day.month, hall_day.day, 1, 0, tzinfo=HALL_TZ)
    monkeypatch.setattr("clerk_app.domain.hall_time.hall_now", lambda: moment)
    try:
        yield hall_day
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Tests hash passwords with argon2's cheapest profile.

    The production cost (~0.1 s a hash, on purpose) made up most of the suite's set-up time: every
    seeded hall hashes its staff, every login verifies. A hash carries its own cost, so
    verification, rehash-on-login and the stored format behave as in production.
    """
    cheap = argon2.PasswordHasher.from_parameters(argon2.profiles.CHEAPEST)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("clerk_app.central.services.auth._HASHER", cheap)
        patch.setattr("clerk_app.store.logins.PasswordHasher", lambda: cheap)
        yield

"""Accounts: password policy, change and reset, disabling, admin scope, hall files, and the
login's throttle (a growing delay, never a lock-out), its bounded hashing and its audit.

Each API test runs on SQLite and PostgreSQL; the clock is the app's (``advance_clock``).
"""

from __future__ import annotations

import asyncio
import io
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.cli import main
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.models import Staff
from clerk_app.central.services import audit
from clerk_app.central.services.errors import Busy, Invalid
from clerk_app.central.services.halls import load_hall_config
from clerk_app.central.services.login import LoginGate
from clerk_app.domain.passwords import password_problem

from .conftest import PASSWORD, Central, hall_config, second_hall

API = "/api/v1"
LOGIN = f"{API}/auth/login"
NEW = "Window#2027"


def _entries(url: str, hall: str) -> list[tuple[str, str, str]]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.scalars(
                select(AuditEntry).where(AuditEntry.hall_code == hall).order_by(AuditEntry.seq)
            ).all()
            assert all(r.ok for r in audit.verify(session))
            return [(r.actor, r.action, r.subject) for r in rows]
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Demo@2026", None),
        ("Window#2027", None),
        ("abcDEF12", None),
        ("办事大厅Ab12", None),
        ("Ab1@", "密码至少8位"),
        ("abcdefgh1", "密码须包含大写字母、小写字母、数字、符号中的至少三类"),
        ("ABCDEFGH", "密码须包含大写字母、小写字母、数字、符号中的至少三类"),
        ("xClerk01@", "密码不能包含用户名"),
    ],
)
def test_password_policy(password: str, problem: str | None) -> None:
    assert password_problem(password, "clerk01") == problem


def test_own_password_change_needs_the_old_one_and_ends_every_session(central: Central) -> None:
    first = central.login("super01")
    second = central.login("super01")
    change = f"{API}/auth/password"
    wrong = central.client.post(
        change, json={"old_password": "nope", "new_password": NEW}, headers=first
    )
    assert wrong.status_code == 403 and wrong.json()["detail"] == "原密码不正确"
    weak = central.client.post(
        change, json={"old_password": PASSWORD, "new_password": "weakpass"}, headers=first
    )
    assert weak.status_code == 422 and "至少三类" in weak.json()["detail"]
    done = central.client.post(
        change, json={"old_password": PASSWORD, "new_password": NEW}, headers=first
    )
    assert done.status_code == 204
    for headers in (first, second):
        assert central.client.get(f"{API}/halls/HS01", headers=headers).status_code == 401
    old = central.client.post(LOGIN, json={"username": "super01", "password": PASSWORD})
    assert old.status_code == 401
    assert central.login("super01", NEW)
    assert ("super01", "password_changed", "super01") in _entries(central.url, "HS01")


def test_admin_resets_and_disables_only_accounts_of_their_hall(central: Central) -> None:
    clerk = central.login("clerk01")
    admin = central.login("hs01_admin")
    other_admin = central.login("admin01")  # HS02's
    reset = f"{API}/staff/clerk01/password"
    for headers, status in ((other_admin, 404), (clerk, 403)):
        refused = central.client.post(reset, json={"new_password": NEW}, headers=headers)
        assert refused.status_code == status
    assert central.client.get(f"{API}/halls/HS01", headers=clerk).status_code == 200
    weak = central.client.post(reset, json={"new_password": "clerk01Abc"}, headers=admin)
    assert weak.status_code == 422 and weak.json()["detail"] == "密码不能包含用户名"
    assert central.client.post(reset, json={"new_password": NEW}, headers=admin).status_code == 204
    assert central.client.get(f"{API}/halls/HS01", headers=clerk).status_code == 401
    clerk = central.login("clerk01", NEW)
    # Disabled: the session ends at once and the right password no longer logs in.
    assert (
        central.client.post(f"{API}/staff/clerk01/disable", headers=other_admin).status_code == 404
    )
    assert central.client.post(f"{API}/staff/clerk01/disable", headers=admin).status_code == 204
    assert central.client.get(f"{API}/halls/HS01", headers=clerk).status_code == 401
    refused = central.client.post(LOGIN, json={"username": "clerk01", "password": NEW})
    assert refused.status_code == 403 and refused.json()["detail"] == "账户已停用，请联系管理员"
    assert central.client.post(f"{API}/staff/clerk01/enable", headers=admin).status_code == 204
    assert central.login("clerk01", NEW)
    entries = _entries(central.url, "HS01")
    actions = [a for actor, a, _s in entries if actor == "hs01_admin" and a != "login"]
    assert actions == ["password_reset", "account_disabled", "account_enabled"]
    # HS02's chain knows nothing of it.
    assert all(s != "clerk01" for _a, _x, s in _entries(central.url, "HS02"))


def test_cli_creates_admins_and_manages_accounts(
    central: Central, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", central.url]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{NEW}\n"))
    create = ["admin", "create", "--hall", "HS01", "--username", "boss01", "--display-name", "李"]
    assert main([*create, "--password-stdin", *db]) == 0
    assert central.login("boss01", NEW)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{NEW}\n"))
    assert main([*create, "--password-stdin", *db]) == 2  # never replaces an account
    assert "已存在" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    other = ["admin", "create", "--hall", "HS01", "--username", "boss02", "--display-name", "王"]
    assert main([*other, "--password-stdin", *db]) == 2
    assert "密码至少8位" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("Reset#2028\n"))
    reset = ["account", "reset-password", "clerk01", "--admin", "boss01", "--password-stdin"]
    assert main([*reset, *db]) == 0
    assert central.login("clerk01", "Reset#2028")
    assert main(["account", "disable", "clerk01", "--admin", "admin01", *db]) == 2  # HS02's
    assert main(["account", "disable", "clerk01", "--admin", "boss01", *db]) == 0
    refused = central.client.post(LOGIN, json={"username": "clerk01", "password": "Reset#2028"})
    assert refused.status_code == 403
    assert ("system", "admin_created", "boss01") in _entries(central.url, "HS01")


def test_hall_file_never_makes_admins_nor_touches_another_halls_accounts(central: Central) -> None:
    engine = make_engine(central.url)
    try:
        with make_session_factory(engine)() as session:
            with_admin = hall_config()
            with_admin["staff"].append({**with_admin["staff"][1], "username": "x", "role": "admin"})
            with pytest.raises(Invalid, match="大厅配置文件不能创建管理员账户（x）"):
                load_hall_config(session, with_admin)
            session.rollback()
            # HS02's file names HS01's clerk01: refused, clerk01 stays where it is, untouched.
            before = session.scalars(select(Staff).where(Staff.username == "clerk01")).one()
            hall_id, hash_before = before.hall_id, before.password_hash
            stealing = second_hall()
            stealing["staff"].append({**stealing["staff"][0], "username": "clerk01"})
            stealing["staff"][-1]["password"] = "Stolen#2026"
            with pytest.raises(Invalid, match="用户名clerk01已属于大厅HS01"):
                load_hall_config(session, stealing)
            session.rollback()
            session.expire_all()
            after = session.scalars(select(Staff).where(Staff.username == "clerk01")).one()
            assert (after.hall_id, after.password_hash) == (hall_id, hash_before)
            # Nor may a hall file rewrite an admin of its own hall.
            demoting = hall_config()
            demoting["staff"].append({**demoting["staff"][0], "username": "hs01_admin"})
            with pytest.raises(Invalid, match="hs01_admin是管理员账户"):
                load_hall_config(session, demoting)
    finally:
        engine.dispose()


def test_failures_slow_down_never_lock_and_unknown_users_get_the_same_answer(
    central: Central,
) -> None:
    wrong = {"username": "super01", "password": "wrong-password"}
    unknown = central.client.post(LOGIN, json={"username": "nobody", "password": "x"})
    for _ in range(5):
        response = central.client.post(LOGIN, json=wrong)
        assert (response.status_code, response.json()) == (unknown.status_code, unknown.json())
        assert response.json() == {"detail": "用户名或密码错误"}
    # The sixth failure makes the next attempt wait 1 s, then 2 s, 4 s: a delay, not a lock.
    assert central.client.post(LOGIN, json=wrong).status_code == 401
    for wait in (1, 2, 4):
        early = central.client.post(LOGIN, json={**wrong, "password": PASSWORD})
        assert early.status_code == 429
        assert early.headers["Retry-After"] == str(wait)
        assert early.json()["detail"] == f"登录失败次数过多，请{wait}秒后再试"
        central.advance_clock(timedelta(seconds=wait))
        if wait < 4:
            assert central.client.post(LOGIN, json=wrong).status_code == 401
    # After the wait the right password goes through, and the count starts again.
    assert central.client.post(LOGIN, json={**wrong, "password": PASSWORD}).status_code == 200
    assert central.client.post(LOGIN, json=wrong).status_code == 401
    # Other accounts were never held up by it.
    assert central.login("clerk01")
    actions = [a for actor, a, _s in _entries(central.url, "HS01") if actor == "super01"]
    assert actions.count("login_failed") == 9 and "login" in actions
    # The unknown name left no trace in any hall's chain.
    for hall in ("HS01", "HS02"):
        assert all(actor != "nobody" for actor, _a, _s in _entries(central.url, hall))


def test_one_address_trying_many_names_is_slowed_down_too(central: Central) -> None:
    for n in range(20):
        response = central.client.post(LOGIN, json={"username": f"guess{n}", "password": "x"})
        assert response.status_code == 401
    assert (
        central.client.post(LOGIN, json={"username": "guess20", "password": "x"}).status_code == 401
    )
    blocked = central.client.post(LOGIN, json={"username": "super01", "password": PASSWORD})
    assert blocked.status_code == 429
    central.advance_clock(timedelta(seconds=1))
    assert (
        central.client.post(LOGIN, json={"username": "super01", "password": PASSWORD}).status_code
        == 200
    )


def test_password_hashes_run_a_few_at_a_time_and_the_queue_is_bounded() -> None:
    gate = LoginGate(CentralSettings(hash_workers=2, hash_queue=6))
    running, peak = 0, 0
    lock = threading.Lock()
    release = threading.Event()

    def fake_hash(_n: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        release.wait(5)
        with lock:
            running -= 1
        return 1

    async def burst() -> list[Any]:
        tasks = [asyncio.ensure_future(gate.hash_call(fake_hash, n)) for n in range(8)]
        await asyncio.sleep(0)
        while gate.waiting < 6:
            await asyncio.sleep(0.01)
        release.set()
        return await asyncio.gather(*tasks, return_exceptions=True)

    try:
        results = asyncio.run(burst())
    finally:
        gate.close()
    assert peak == 2  # never more hashes (argon2: 64 MiB each) than workers
    assert results.count(1) == 6
    busy = [r for r in results if isinstance(r, Busy)]
    assert len(busy) == 2 and busy[0].status_code == 503 and busy[0].headers["Retry-After"]

"""Windows are devices: a login takes only the window (or role) its registered PC is for.

Each test runs on SQLite and PostgreSQL. Devices are approved as an admin would: through the
API (``/devices``), the CLI (``clerk-central device …``) or, in the demo, at once.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from clerk_app.central.app import create_app
from clerk_app.central.cli import main
from clerk_app.central.config import CentralSettings
from clerk_app.sync.device_key import DeviceKey

from .conftest import PASSWORD, Central, seed_database
from .test_queue_support import API, add_queue_staff, rid

LOGIN = f"{API}/auth/login"


def _login(
    central: Central,
    username: str,
    key: DeviceKey | None,
    window_no: int | None = None,
    kind: str | None = None,
) -> Any:
    body: dict[str, Any] = {"username": username, "password": PASSWORD, "window_no": window_no}
    if key is not None:
        body["device"] = key.proof(kind)
    return central.client.post(LOGIN, json=body)


def _bearer(response: Any) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _approve(central: Central, admin: dict[str, str], code: str) -> None:
    response = central.client.post(f"{API}/devices/{code}/approve", headers=admin)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "approved"


@pytest.fixture
def hall(central: Central) -> Central:
    add_queue_staff(central.url, n_windows=3)
    return central


def test_a_new_pc_asks_and_an_admin_of_the_hall_approves(hall: Central) -> None:
    key = DeviceKey.generate()
    no_device = _login(hall, "clerk01", None, 3)
    assert no_device.status_code == 403
    assert "本机未提供设备码" in no_device.json()["detail"]
    first = _login(hall, "clerk01", key, 3)
    assert first.status_code == 403
    assert first.json()["detail"] == f"本机尚未登记为3号窗口，请联系管理员审批：设备码 {key.code}"
    # Asking again changes nothing: still pending, still the same words.
    assert _login(hall, "clerk01", key, 3).json()["detail"] == first.json()["detail"]
    admin = hall.login("hs01_admin")
    listed = hall.client.get(f"{API}/devices?state=pending", headers=admin).json()
    assert [(d["code"], d["binding"], d["requested_by"]) for d in listed] == [
        (key.code, "3号窗口", "clerk01")
    ]
    assert "secret" not in str(listed)
    # An admin of another hall neither sees nor approves it; a clerk approves nothing.
    other_admin = hall.login("admin01")
    assert hall.client.get(f"{API}/devices", headers=other_admin).json() == []
    refused = hall.client.post(f"{API}/devices/{key.code}/approve", headers=other_admin)
    assert refused.status_code == 404
    clerk = hall.login("clerk02", window_no=2)
    assert hall.client.post(f"{API}/devices/{key.code}/approve", headers=clerk).status_code == 403
    _approve(hall, admin, key.code)
    ok = _login(hall, "clerk01", key, 3)
    assert ok.status_code == 200 and ok.json()["user"]["window_no"] == 3
    # No window asked: the device's window is taken.
    assert _login(hall, "clerk01", key).json()["user"]["window_no"] == 3


def test_a_login_takes_only_the_window_its_pc_is_registered_for(hall: Central) -> None:
    key = DeviceKey.generate()
    _login(hall, "clerk01", key, 1)
    _approve(hall, hall.login("hs01_admin"), key.code)
    other = _login(hall, "clerk01", key, 3)
    assert other.status_code == 403
    assert other.json()["detail"] == f"本机登记为1号窗口，不能登录3号窗口（设备码 {key.code}）"
    token = _bearer(_login(hall, "clerk01", key, 1))
    called = hall.client.post(
        f"{API}/halls/HS01/windows/3/call-next", json={"request_id": rid()}, headers=token
    )
    assert called.status_code == 403
    # A wrong secret for a known code is refused: the code alone proves nothing.
    forged = DeviceKey(key.code, DeviceKey.generate().secret)
    assert _login(hall, "clerk01", forged, 1).status_code == 403


def test_helpdesk_on_a_window_pc_does_not_call_as_that_window(hall: Central) -> None:
    key = DeviceKey.generate()
    _login(hall, "clerk01", key, 3)
    _approve(hall, hall.login("hs01_admin"), key.code)
    helpdesk = _login(hall, "help01", key, 3)
    assert helpdesk.status_code == 200
    assert helpdesk.json()["user"]["window_no"] == 3  # seated there: the board shows it
    called = hall.client.post(
        f"{API}/halls/HS01/windows/3/call-next",
        json={"request_id": rid()},
        headers=_bearer(helpdesk),
    )
    assert called.status_code == 403


def test_kiosk_and_evaluator_accounts_are_bound_to_their_devices(hall: Central) -> None:
    admin = hall.login("hs01_admin")
    window_pc = DeviceKey.generate()
    _login(hall, "clerk01", window_pc, 1)
    _approve(hall, admin, window_pc.code)
    # A kiosk account cannot log in from a window's PC, nor from no device at all.
    assert _login(hall, "kiosk01", window_pc).status_code == 403
    assert _login(hall, "kiosk01", None).status_code == 403
    kiosk = DeviceKey.generate()
    asked = _login(hall, "kiosk01", kiosk, kind="kiosk")
    assert asked.json()["detail"] == f"本机尚未登记为取号机，请联系管理员审批：设备码 {kiosk.code}"
    _approve(hall, admin, kiosk.code)
    assert _login(hall, "kiosk01", kiosk).status_code == 200
    display = DeviceKey.generate()
    assert "叫号显示屏" in _login(hall, "kiosk01", display, kind="display").json()["detail"]
    # The evaluator of window 2's PC rates window 2 only, whatever window it asks for.
    evaluator = DeviceKey.generate()
    assert _login(hall, "eval02", evaluator, 2).status_code == 403
    _approve(hall, admin, evaluator.code)
    assert _login(hall, "eval02", evaluator, 1).status_code == 403
    token = _bearer(_login(hall, "eval02", evaluator))
    assert (
        hall.client.get(f"{API}/halls/HS01/windows/1/rating/pending", headers=token)
        .json()["detail"]
        .startswith("此评价器绑定的是2号窗口")
    )


def test_revoking_a_device_ends_its_sessions_at_once(hall: Central) -> None:
    key = DeviceKey.generate()
    _login(hall, "clerk01", key, 1)
    admin = hall.login("hs01_admin")
    _approve(hall, admin, key.code)
    token = _bearer(_login(hall, "clerk01", key, 1))
    assert hall.client.get(f"{API}/halls/HS01", headers=token).status_code == 200
    revoked = hall.client.post(f"{API}/devices/{key.code}/revoke", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert hall.client.get(f"{API}/halls/HS01", headers=token).status_code == 401
    again = _login(hall, "clerk01", key, 1)
    assert again.status_code == 403 and "已被撤销" in again.json()["detail"]


def test_device_cli_lists_approves_and_revokes(
    hall: Central, capsys: pytest.CaptureFixture[str]
) -> None:
    key = DeviceKey.generate()
    _login(hall, "clerk02", key, 2)
    db = ["--db", hall.url]
    assert main(["device", "list", "--admin", "hs01_admin", "--state", "pending", *db]) == 0
    listed = capsys.readouterr().out
    assert key.code in listed and "2号窗口" in listed and "待审批" in listed
    # Only an admin of the device's hall may decide.
    assert main(["device", "approve", key.code, "--admin", "admin01", *db]) == 2
    assert f"本大厅没有设备码为{key.code}的设备" in capsys.readouterr().err
    assert main(["device", "approve", key.code, "--admin", "clerk01", *db]) == 2
    assert main(["device", "approve", key.code, "--admin", "hs01_admin", *db]) == 0
    assert _login(hall, "clerk02", key, 2).status_code == 200
    assert main(["device", "revoke", key.code, "--admin", "hs01_admin", *db]) == 0
    assert _login(hall, "clerk02", key, 2).status_code == 403


def test_demo_mode_approves_devices_at_once(db_url: str) -> None:
    seed_database(db_url)
    app = create_app(db_url, CentralSettings(db=db_url, auto_approve_devices=True))
    with TestClient(app) as client:
        key = DeviceKey.generate()
        body = {"username": "clerk01", "password": PASSWORD, "window_no": 2, "device": key.proof()}
        response = client.post(LOGIN, json=body)
        assert response.status_code == 200 and response.json()["user"]["window_no"] == 2
        # The demo's PC moved to window 1: approved again at once (demo only).
        moved = client.post(LOGIN, json={**body, "window_no": 1})
        assert moved.status_code == 200 and moved.json()["user"]["window_no"] == 1


def test_one_account_at_one_window_and_the_board_shows_who_is_really_there(
    hall: Central,
) -> None:
    """Issue 9 point 7: the board showed 张敏 at window 2 while someone else was logged in."""
    admin = hall.login("hs01_admin")
    pcs = {n: DeviceKey.generate() for n in (1, 2)}
    for n, key in pcs.items():
        _login(hall, "clerk01", key, n)
        _approve(hall, admin, key.code)
    # 张敏 (clerk01) works at window 2 for a while: the window's state names her.
    at_two = _bearer(_login(hall, "clerk01", pcs[2], 2))
    hall.client.post(f"{API}/halls/HS01/tickets", json={"queue": "POLICE"}, headers=at_two)
    called = hall.client.post(
        f"{API}/halls/HS01/windows/2/call-next", json={"request_id": rid()}, headers=at_two
    )
    assert called.status_code in (200, 204), called.text
    # She logs in at window 1: her session at window 2 ends (the newest login wins).
    at_one = _bearer(_login(hall, "clerk01", pcs[1], 1))
    assert hall.client.get(f"{API}/halls/HS01", headers=at_two).status_code == 401
    # 王强 (super01) sits down at window 2's PC.
    supervisor = _bearer(_login(hall, "super01", pcs[2], 2))
    board = hall.client.get(f"{API}/halls/HS01/queue-status", headers=supervisor).json()
    clerks = {w["number"]: w["clerk"] for w in board["windows"]}
    assert clerks == {1: "张敏", 2: "王强", 3: None}
    # Logging out clears the window on the next refresh.
    assert hall.client.post(f"{API}/auth/logout", headers=at_one).status_code == 204
    board = hall.client.get(f"{API}/halls/HS01/queue-status", headers=supervisor).json()
    assert {w["number"]: w["clerk"] for w in board["windows"]}[1] is None
    window = hall.client.get(f"{API}/halls/HS01/windows/2/state", headers=supervisor).json()
    assert window["clerk"] == "王强"

"""The hall display reports its voice (issue 9 point 11): a display without a speech engine is
seen in the supervisor's hall status and as a live event, not only in the display's log."""

from __future__ import annotations

from .test_queue_api import Q, q  # noqa: F401 (q is the fixture)
from .test_queue_support import API


def test_display_without_voice_is_seen_by_the_supervisor(q: Q) -> None:  # noqa: F811
    status = q.client.get(f"{API}/halls/HS01/queue-status", headers=q.supervisor).json()
    assert status["devices"] == []
    reported = q.client.post(
        f"{API}/halls/HS01/devices/status",
        json={"voice_ok": False, "detail": "本机没有语音引擎"},
        headers=q.kiosk,
    )
    assert reported.status_code == 204, reported.text
    status = q.client.get(f"{API}/halls/HS01/queue-status", headers=q.supervisor).json()
    [device] = status["devices"]
    assert device["device"] == "kiosk01" and device["kind"] == "hall_display"
    assert device["voice_ok"] is False and device["detail"] == "本机没有语音引擎"

    q.tick()
    q.client.post(f"{API}/halls/HS01/devices/status", json={"voice_ok": True}, headers=q.kiosk)
    status = q.client.get(f"{API}/halls/HS01/queue-status", headers=q.supervisor).json()
    assert [d["voice_ok"] for d in status["devices"]] == [True]  # the newest report counts


def test_device_reports_are_checked(q: Q) -> None:  # noqa: F811
    foreign = q.client.post(
        f"{API}/halls/HS02/devices/status", json={"voice_ok": False}, headers=q.kiosk
    )
    assert foreign.status_code == 403 and "本大厅" in foreign.json()["detail"]
    evaluator = q.client.post(
        f"{API}/halls/HS01/devices/status", json={"voice_ok": False}, headers=q.eval1
    )
    assert evaluator.status_code == 403
    unknown = q.client.post(
        f"{API}/halls/HS01/devices/status",
        json={"voice_ok": False, "kind": "toaster"},
        headers=q.kiosk,
    )
    assert unknown.status_code == 422
    anonymous = q.client.post(f"{API}/halls/HS01/devices/status", json={"voice_ok": False})
    assert anonymous.status_code == 401

"""Live events over a real uvicorn: SSE delivery, Last-Event-ID resume, clean shutdown, and
on PostgreSQL the fan-out between two app instances through LISTEN/NOTIFY."""

from __future__ import annotations

import contextlib
import functools
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from clerk_app.sync.events import EventStream

from .conftest import seed_database
from .test_queue_support import API, LiveServer, add_queue_staff, live_server, rid

Received = list[tuple[str, dict[str, Any]]]


def wait_for(predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def collector() -> tuple[Received, Callable[[str, dict[str, Any]], None]]:
    received: Received = []
    lock = threading.Lock()

    def on_event(kind: str, data: dict[str, Any]) -> None:
        with lock:
            received.append((kind, data))

    return received, on_event


def issue_and_call(server: LiveServer, kiosk: str, clerk: str) -> dict[str, Any]:
    issued = requests.post(
        f"{server.base_url}{API}/halls/HS01/tickets",
        json={"queue": "SOCIAL"},
        headers={"Authorization": f"Bearer {kiosk}"},
        timeout=10,
    )
    assert issued.status_code == 201, issued.text
    called = requests.post(
        f"{server.base_url}{API}/halls/HS01/windows/1/call-next",
        json={"request_id": rid()},
        headers={"Authorization": f"Bearer {clerk}"},
        timeout=10,
    )
    assert called.status_code == 200, called.text
    finished = requests.post(
        f"{server.base_url}{API}/halls/HS01/windows/1/finish",
        json={"outcome": "已受理", "case_numbers": []},
        headers={"Authorization": f"Bearer {clerk}"},
        timeout=10,
    )
    assert finished.status_code == 200, finished.text
    return dict(called.json())


def has_call(received: Received, number: str) -> bool:
    return any(k == "ticket_called" and d["number"] == number for k, d in list(received))


def has_finish(received: Received) -> bool:
    return any(k == "ticket_finished" for k, _ in list(received))


@pytest.fixture
def seeded(db_url: str) -> str:
    seed_database(db_url)
    add_queue_staff(db_url)
    return db_url


def test_stream_delivers_ticket_called_and_resumes_with_last_event_id(seeded: str) -> None:
    with live_server(seeded) as server:
        kiosk, clerk = server.login("kiosk01"), server.login("clerk01", 1)
        display = server.login("kiosk01")
        received, on_event = collector()
        stream = EventStream(server.base_url, "HS01", display, on_event)
        stream.start()
        try:
            assert stream.wait_connected()
            first = issue_and_call(server, kiosk, clerk)
            assert wait_for(lambda: any(k == "ticket_called" for k, _ in received))
            kinds = [k for k, _ in received]
            assert kinds[:2] == ["ticket_issued", "queue_status"]
            called = next(d for k, d in received if k == "ticket_called")
            assert called["number"] == first["number"] == "A001"
            assert called["window_no"] == 1 and called["window_label"] == "1号窗口"
            assert called["recall"] is False
            assert wait_for(lambda: any(k == "ticket_finished" for k, _ in received))
        finally:
            stream.stop()
        assert not stream.running
        seen = len(received)
        last_id = stream.last_id
        assert last_id is not None and last_id >= seen

        # Events while nobody listens are delivered on resume, once and in order.
        second = issue_and_call(server, kiosk, clerk)
        resumed, on_resumed = collector()
        again = EventStream(server.base_url, "HS01", display, on_resumed, last_id=last_id)
        again.start()
        try:
            assert wait_for(lambda: any(k == "ticket_finished" for k, _ in resumed))
        finally:
            again.stop()
        kinds = [k for k, _ in resumed]
        assert kinds[0] == "ticket_issued"
        assert [d["number"] for k, d in resumed if k == "ticket_called"] == [second["number"]]
        assert again.last_id == last_id + len(resumed)


def test_stopping_the_server_ends_open_streams(seeded: str) -> None:
    with live_server(seeded) as server:
        token = server.login("kiosk01")
        response = requests.get(
            f"{server.base_url}{API}/halls/HS01/events",
            headers={"Authorization": f"Bearer {token}"},
            stream=True,
            timeout=(5, 30),
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.iter_lines()
        assert next(lines).startswith(b"retry:")
        started = time.monotonic()
    # live_server asserted the uvicorn thread ended; the stream ended with it.
    assert time.monotonic() - started < 10
    assert list(lines) in ([], [b""]) or all(not x or x.startswith(b":") for x in lines)
    response.close()


def test_stream_refusals_are_4xx_with_reasons(seeded: str) -> None:
    with live_server(seeded) as server:
        url = f"{server.base_url}{API}/halls/HS01/events"
        anonymous = requests.get(url, timeout=10)
        assert anonymous.status_code == 401 and anonymous.json()["detail"] == "请先登录"
        bad = requests.get(url, headers={"Authorization": "Bearer forged"}, timeout=10)
        assert bad.status_code == 401
        token = server.login("kiosk01")
        # A token in the URL would reach access and proxy logs: refused, with the reason.
        in_url = requests.get(url, params={"token": token}, timeout=10)
        assert in_url.status_code == 400 and "Authorization" in in_url.json()["detail"]
        weird = requests.get(
            url, headers={"Authorization": f"Bearer {token}", "Last-Event-ID": "abc"}, timeout=10
        )
        assert weird.status_code == 422 and weird.json()["detail"] == "Last-Event-ID应为事件序号"
        other_hall = requests.get(
            f"{server.base_url}{API}/halls/HS02/events",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert other_hall.status_code == 403


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_two_app_instances_on_postgresql_both_deliver(db_url: str) -> None:
    seed_database(db_url)
    add_queue_staff(db_url)
    with live_server(db_url) as writer, live_server(db_url) as reader:
        kiosk, clerk = writer.login("kiosk01"), writer.login("clerk01", 1)
        reader_hub = reader.app.state.event_hub
        assert reader_hub is not None and reader_hub.listening.wait(10)
        before = reader_hub.notifications
        on_writer, on_w = collector()
        on_reader, on_r = collector()
        streams = [
            EventStream(writer.base_url, "HS01", reader.login("kiosk01"), on_w),
            EventStream(reader.base_url, "HS01", reader.login("kiosk01"), on_r),
        ]
        for s in streams:
            s.start()
        try:
            assert all(s.wait_connected() for s in streams)
            called = issue_and_call(writer, kiosk, clerk)
            for got in (on_writer, on_reader):
                assert wait_for(functools.partial(has_call, got, called["number"]))
                # The finish is the last event: both streams must have it before comparing.
                assert wait_for(functools.partial(has_finish, got))
        finally:
            for s in streams:
                s.stop()
        # The reader instance heard of it through NOTIFY (its own engine never wrote it).
        assert reader_hub.notifications > before
        assert [k for k, _ in on_writer][:5] == [k for k, _ in on_reader][:5]


@contextlib.contextmanager
def server_process(db_url: str) -> Iterator[str]:
    """The app in a separate Python process (a second server process of the deployment)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = (
        "import sys, uvicorn\n"
        "from clerk_app.central.app import create_app\n"
        "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]),"
        " log_level='warning')\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, db_url, str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: _answers(f"{base}{API}/health"), timeout=60), "no server"
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hang is the failure
            proc.kill()
            proc.wait(5)
            raise AssertionError("the server process did not stop on SIGTERM") from None


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_two_server_processes_on_postgresql_both_deliver(db_url: str) -> None:
    seed_database(db_url)
    add_queue_staff(db_url)
    with server_process(db_url) as other_base, live_server(db_url) as here:
        other = LiveServer(other_base, here.app, here.server, here.thread, db_url)
        kiosk, clerk = other.login("kiosk01"), other.login("clerk01", 1)
        on_other, on_o = collector()
        on_here, on_h = collector()
        streams = [
            EventStream(other_base, "HS01", kiosk, on_o),
            EventStream(here.base_url, "HS01", here.login("kiosk01"), on_h),
        ]
        for s in streams:
            s.start()
        try:
            assert all(s.wait_connected() for s in streams)
            hub = here.app.state.event_hub
            assert hub is not None and hub.listening.wait(10)
            before = hub.notifications
            called = issue_and_call(other, kiosk, clerk)  # written by the other process
            for got in (on_other, on_here):
                assert wait_for(functools.partial(has_call, got, called["number"]))
            assert hub.notifications > before
        finally:
            for s in streams:
                s.stop()
        # A stream left open must not keep the process from stopping on SIGTERM.
        held = requests.get(
            f"{other_base}{API}/halls/HS01/events",
            headers={"Authorization": f"Bearer {kiosk}"},
            stream=True,
            timeout=30,
        )
        assert held.status_code == 200
    held.close()

"""CentralClient over real HTTP.

Two kinds of server: the real central server (uvicorn on 127.0.0.1, SQLite) for the API, and
a tiny ``http.server`` that answers with canned bytes for failure paths no healthy server
produces (503 storms, cut gzip streams, broken snapshot lines).
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import clerk_app
from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    Person,
)
from clerk_app.domain.catalog import Item
from clerk_app.domain.phones import to_e164
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import (
    ApiError,
    CatalogRejected,
    CentralClient,
    OfflineError,
)
from clerk_app.sync.device_key import DeviceKey
from clerk_app.sync.engine import SyncEngine

PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------- canned server


@dataclass
class Canned:
    """Answers per path: a list of (status, headers, body), the last one repeating."""

    answers: dict[str, list[tuple[int, dict[str, str], bytes]]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)

    def set(self, path: str, status: int, body: Any = b"", **headers: str) -> None:
        self.add(path, status, body, reset=True, **headers)

    def add(
        self, path: str, status: int, body: Any = b"", reset: bool = False, **headers: str
    ) -> None:
        if not isinstance(body, bytes):
            body = json.dumps(body, ensure_ascii=False).encode()
            headers.setdefault("Content-Type", "application/json")
        if reset:
            self.answers[path] = []
            self.hits[path] = 0
        self.answers.setdefault(path, []).append((status, headers, body))


@pytest.fixture
def canned() -> Iterator[tuple[Canned, str]]:
    state = Canned()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = self.path.split("?")[0]
            state.requests.append((self.command, path, dict(self.headers), body))
            n = state.hits.get(path, 0)
            state.hits[path] = n + 1
            answers = state.answers.get(path) or [(404, {}, b'{"detail": "no route"}')]
            status, headers, payload = answers[min(n, len(answers) - 1)]
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def snapshot_bytes(lines: list[dict[str, Any]]) -> bytes:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines)
    return gzip.compress(text.encode())


HEADER: dict[str, Any] = {"format": "clerk-catalog", "format_version": 1, "catalog_version": "t-1"}
DEPT: dict[str, Any] = {
    "kind": "department",
    "code": "GA",
    "name": "公安局",
    "window_mode": "comprehensive",
}


def item_line(code: str, name: str = "户口迁移", **extra: Any) -> dict[str, Any]:
    item = Item(code, name, "公安局", department_code="GA", zone="POLICE")
    return {"kind": "item", **item.to_dict(), **extra}


# ---------------------------------------------------------------- offline and errors


def test_a_closed_port_is_offline_quickly_with_a_chinese_message() -> None:
    client = CentralClient(f"http://127.0.0.1:{free_port()}", timeout=2, retries=2, backoff=0.05)
    started = time.monotonic()
    with pytest.raises(OfflineError, match="无法连接中心服务器"):
        client.catalog_meta()
    with pytest.raises(OfflineError):
        client.login("clerk01", "Demo@2026", 1)
    with pytest.raises(OfflineError):
        client.upload_case(Case("HS01-01-20261123-0001", "HS01", 1, Item("A", "甲", "局"), PERSON))
    assert time.monotonic() - started < 10


def test_gets_retry_5xx_then_succeed(canned: tuple[Canned, str]) -> None:
    state, url = canned
    state.set("/api/v1/catalog/meta", 503, {"detail": "busy"})
    state.add("/api/v1/catalog/meta", 502, b"<html>bad gateway</html>")
    state.add("/api/v1/catalog/meta", 200, {"catalog_version": "v", "item_count": 3})
    client = CentralClient(url, retries=3, backoff=0.01)
    assert client.catalog_meta().item_count == 3
    assert state.hits["/api/v1/catalog/meta"] == 3


def test_persistent_5xx_is_offline_and_posts_are_not_retried(canned: tuple[Canned, str]) -> None:
    state, url = canned
    state.set("/api/v1/catalog/meta", 500, {"detail": "boom"})
    state.set("/api/v1/cases", 503, {"detail": "数据库暂时不可用，请稍后重试"})
    client = CentralClient(url, retries=2, backoff=0.01)
    with pytest.raises(OfflineError, match="HTTP 500"):
        client.catalog_meta()
    assert state.hits["/api/v1/catalog/meta"] == 3  # first try + 2 retries
    case = Case("HS01-01-20261123-0001", "HS01", 1, Item("A", "甲", "局"), PERSON)
    with pytest.raises(OfflineError, match="HTTP 503"):
        client.upload_case(case)
    assert state.hits["/api/v1/cases"] == 1  # a POST that reached the server is not repeated


def test_4xx_carries_the_servers_detail(canned: tuple[Canned, str]) -> None:
    state, url = canned
    state.set("/api/v1/auth/login", 401, {"detail": "用户名或密码错误"})
    state.set("/api/v1/halls/XX", 403, {"not_detail": 1})
    state.set("/api/v1/cases", 422, {"detail": [{"msg": "字段缺失"}, {"msg": "编号不合法"}]})
    client = CentralClient(url, retries=0)
    with pytest.raises(ApiError) as info:
        client.login("clerk01", "bad", 1)
    assert (info.value.status, info.value.detail) == (401, "用户名或密码错误")
    assert str(info.value) == "用户名或密码错误"
    with pytest.raises(ApiError, match="没有权限") as info:
        client.hall_config("XX")
    assert info.value.status == 403
    with pytest.raises(ApiError, match="字段缺失；编号不合法"):
        client.upload_case(Case("HS01-01-20261123-0001", "HS01", 1, Item("A", "甲", "局"), PERSON))
    assert state.hits["/api/v1/auth/login"] == 1


def test_login_stores_the_token_for_later_requests(canned: tuple[Canned, str]) -> None:
    state, url = canned
    user = {
        "username": "clerk01", "display_name": "张敏", "role": "clerk", "hall_code": "HS01",
        "hall_name": "黄石市民之家", "window_no": 1, "department_code": None,
    }  # fmt: skip
    state.set(
        "/api/v1/auth/login",
        200,
        {"token": "tok-123", "expires_at": "2026-11-24T02:00:00+00:00", "user": user},
    )
    state.set("/api/v1/applicants/lookup", 404, {"detail": "申请人不存在"})
    key = DeviceKey.generate()
    client = CentralClient(url, device=key)
    result = client.login("clerk01", "Demo@2026", 1)
    assert result.token == "tok-123" and result.user.display_name == "张敏"
    assert result.expires_at == datetime(2026, 11, 24, 2, tzinfo=UTC)
    assert client.find_applicant(PERSON.id_number, why="A012") is None
    method, path, headers, body = state.requests[-1]
    assert (method, headers["Authorization"]) == ("POST", "Bearer tok-123")
    # The ID number travels in the body, never in the URL (URLs reach access logs).
    assert PERSON.id_number not in path
    assert json.loads(body) == {
        "id_number": PERSON.id_number,
        "id_kind": "resident_id",
        "nationality": "",
        "why": "A012",
    }
    login_body = json.loads(state.requests[0][3])
    device = login_body.pop("device")
    assert login_body == {
        "username": "clerk01",
        "password": "Demo@2026",
        "window_no": 1,
        "client_version": clerk_app.__version__,  # the server may refuse an old app (426)
    }
    # The PC's key goes with the login: its code and secret, never anything else of the PC's.
    assert (device["code"], device["secret"]) == (key.code, key.secret)


# ---------------------------------------------------------------- catalog snapshot


def test_snapshot_download_validates_and_keeps_the_old_catalog_on_errors(
    canned: tuple[Canned, str], tmp_path: Path
) -> None:
    state, url = canned
    store = LocalStore(tmp_path / "c.db")
    store.catalog.replace("old", [Item("OLD-1", "旧事项", "局")], [])
    client = CentralClient(url, retries=0)
    path = "/api/v1/catalog/snapshot"
    bad_cases: list[tuple[bytes, str]] = [
        (snapshot_bytes([{"format": "other"}, DEPT]), "format"),
        (
            snapshot_bytes([HEADER, DEPT, item_line("A-1"), {"kind": "item", "code": "A-2"}]),
            "第 4 行",
        ),
        (snapshot_bytes([HEADER, item_line("A-1"), item_line("A-1")]), "编码重复"),
        (snapshot_bytes([HEADER, item_line("A-1")]), "部门 GA 不在文件中"),
        (
            snapshot_bytes(
                [
                    HEADER,
                    DEPT,
                    item_line("A-1"),
                    {"kind": "bundle", "code": "B", "name": "一件事", "item_codes": ["A-1", "A-9"]},
                ]
            ),
            "事项 A-9 不在文件中",
        ),
        (snapshot_bytes([HEADER, DEPT, {"kind": "shop"}]), "未知的记录类型"),
        (b"\x1f\x8b\x08\x00garbage-not-deflate", "压缩文件"),
    ]
    for body, message in bad_cases:
        state.set(path, 200, body, **{"Content-Type": "application/x-ndjson"})
        with pytest.raises(CatalogRejected, match=message):
            client.download_catalog(store)
        assert store.catalog.version() == "old" and store.catalog.item_count() == 1
    # a stream cut in the middle is a network problem, not a bad file
    whole = snapshot_bytes([HEADER, DEPT, *[item_line(f"A-{i}") for i in range(3000)]])
    state.set(path, 200, whole[: len(whole) // 2], **{"Content-Type": "application/x-ndjson"})
    with pytest.raises(OfflineError, match="下载中断"):
        client.download_catalog(store)
    assert store.catalog.version() == "old"
    store.close()


def test_snapshot_download_with_transport_gzip_and_progress(
    canned: tuple[Canned, str], tmp_path: Path
) -> None:
    state, url = canned
    lines: list[dict[str, Any]] = [
        HEADER,
        DEPT,
        *[item_line(f"A-{i:04d}", f"户口迁移{i}") for i in range(2500)],
    ]
    lines.append({"kind": "bundle", "code": "B1", "name": "迁户一件事", "item_codes": ["A-0001"]})
    # a proxy that gzips the (already gzip) body again and says so in Content-Encoding
    state.set(
        "/api/v1/catalog/snapshot",
        200,
        gzip.compress(snapshot_bytes(lines)),
        **{"Content-Encoding": "gzip", "Content-Type": "application/x-ndjson"},
    )
    store = LocalStore(tmp_path / "c.db")
    seen: list[int] = []
    assert CentralClient(url).download_catalog(store, seen.append) == 2500
    assert seen == [1000, 2000, 2500]
    assert store.catalog.version() == "t-1"
    assert [b.code for b in store.catalog.bundles()] == ["B1"]
    assert store.catalog.search("hkqy")[0].code == "A-0000"
    expected = Item("A-0005", "户口迁移5", "公安局", department_code="GA", zone="POLICE")
    assert store.catalog.item("A-0005") == expected  # the JSON kept as received opens as the item
    store.close()


# ---------------------------------------------------------------- the real central server


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The embedded central server (real uvicorn on 127.0.0.1) with the demo hall and catalog."""
    from clerk_app.central.embedded import start_embedded

    db_url = f"sqlite:///{tmp_path_factory.mktemp('central') / 'central.db'}"
    server = start_embedded(db_url, init_demo=True)
    yield server.base_url
    server.stop()


@pytest.mark.slow  # the demo hall hashes every staff password on start
def test_against_the_central_server(central: str, tmp_path: Path) -> None:
    client = CentralClient(central)
    with pytest.raises(ApiError, match="用户名或密码错误") as info:
        client.login("clerk01", "wrong", 1)
    assert info.value.status == 401
    result = client.login("clerk01", "Demo@2026", 1)
    assert (result.user.hall_code, result.user.window_no) == ("HS01", 1)
    assert client.hall_config("HS01").hall.code == "HS01"
    meta = client.catalog_meta()

    store = LocalStore(tmp_path / "counter.db")
    assert client.download_catalog(store) == meta.item_count
    assert store.catalog.version() == meta.catalog_version
    assert len(store.catalog.bundles()) == meta.bundle_count
    assert store.catalog.search("bdc"), "pinyin search over the downloaded catalog"

    # applicants: unknown → None; saved → found
    assert client.find_applicant(PERSON.id_number) is None
    client.save_applicant(PERSON)
    found = client.find_applicant(PERSON.id_number)
    assert found == replace(PERSON, mobile=to_e164(PERSON.mobile))  # the library keeps E.164

    # cases made offline are uploaded later; a changed case goes again; a foreign hall is refused
    item = store.catalog.item(store.catalog.search("登记")[0].code)
    assert item is not None
    at = datetime.now(UTC)
    mine = store.cases.save_new(Case("", "HS01", 1, item, PERSON, received_at=at, clerk="clerk01"))
    second = store.cases.save_new(
        Case("", "HS01", 1, item, PERSON, received_at=at, clerk="clerk01")
    )
    foreign = store.cases.save_new(
        Case("", "WH02", 1, item, PERSON, received_at=at, clerk="clerk01")
    )
    engine = SyncEngine(store, client, window_no=1)
    report = engine.push_once()
    assert (report.applied, report.rejected) == (2, 1)
    [refused] = store.rejected.all()
    assert refused.ref == foreign.number
    assert refused.detail  # the server's reason, for the clerk
    assert engine.push_once().sent == 0
    store.cases.update(
        replace(second, status=CaseStatus.ACCEPTED, decision=Decision(DecisionKind.ACCEPT)),
        CaseEvent(at, "clerk01", "1", "decided", CaseStatus.ACCEPTED),
    )
    assert engine.push_once().applied == 1
    assert mine.number != second.number
    store.close()

    # the server's copy is what was uploaded (checked over plain HTTP)
    import requests

    got = requests.get(
        f"{central}/api/v1/cases/{second.number}",
        headers={"Authorization": f"Bearer {result.token}"},
        timeout=10,
    )
    assert got.status_code == 200
    assert got.json()["status"] == "accepted"

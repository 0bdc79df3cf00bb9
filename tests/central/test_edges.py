"""Transport and edges: bounded bodies (also chunked), clean JSON text, security headers,
cookies and links that hold under HTTPS and behind a proxy, log lines without personal data."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import json
import logging
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from starlette.types import Message

from clerk_app.central import cli, logs
from clerk_app.central.app import create_app
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import make_engine
from clerk_app.central.http_guards import lone_surrogate
from clerk_app.domain.redact import redact
from clerk_app.sync.device_key import DeviceKey

from .conftest import ID_LI, PASSWORD, Central, login_from_device, make_case, seed_database
from .test_queue_support import API, add_queue_staff, live_server

MOBILE = "13812345678"
USCC = "91420200MA4KX1234Y"


# ------------------------------------------------------------------------- body limits


def run_app(app: Any, scope: dict[str, Any], chunks: Iterator[bytes]) -> tuple[int, int]:
    """Call the ASGI app directly: (status answered, chunks the app asked for)."""
    asked = 0
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal asked
        asked += 1
        return {"type": "http.request", "body": next(chunks), "more_body": True}

    async def send(message: Message) -> None:
        sent.append(message)

    async def main() -> None:
        async with app.router.lifespan_context(app):
            await app(scope, receive, send)

    asyncio.run(main())
    return next(m["status"] for m in sent if m["type"] == "http.response.start"), asked


def endless(chunk: bytes) -> Iterator[bytes]:
    while True:
        yield chunk


def http_scope(path: str, content_type: bytes | None, token: str) -> dict[str, Any]:
    headers = [
        (b"host", b"testserver"),
        (b"transfer-encoding", b"chunked"),
        (b"authorization", f"Bearer {token}".encode()),
    ]
    if content_type is not None:
        headers.append((b"content-type", content_type))
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
    }


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        (f"{API}/auth/login", b"application/json"),
        (f"{API}/cases", None),  # no content type: the routes read it as JSON
        (f"{API}/department-page/login", b"application/x-www-form-urlencoded"),
        (f"{API}/halls/HS01/appointments/import", b"text/csv"),
    ],
)
def test_an_endless_chunked_body_is_refused_at_the_limit(
    db_url: str, path: str, content_type: bytes | None
) -> None:
    seed_database(db_url)
    limit = 256 * 1024
    app = create_app(db_url, CentralSettings(db=db_url, max_body_bytes=limit))
    with TestClient(app) as client:
        login = {"username": "super01", "password": PASSWORD}
        token = client.post(f"{API}/auth/login", json=login).json()["token"]
    chunk = b"x" * 16 * 1024
    status, asked = run_app(app, http_scope(path, content_type, token), endless(chunk))
    assert status == 413
    # Reading stopped at the limit: memory does not grow with the body.
    assert asked == limit // len(chunk) + 1


def test_a_chunked_upload_to_a_real_server_gets_413_without_being_read_whole(db_url: str) -> None:
    seed_database(db_url)
    with live_server(db_url) as server:
        host, port = server.base_url.removeprefix("http://").split(":")
        sent = 0
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(
                f"POST {API}/auth/login HTTP/1.1\r\nHost: {host}\r\n"
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
            )
            chunk = b"%x\r\n" % (1 << 20) + b" " * (1 << 20) + b"\r\n"
            try:
                for _ in range(200):  # 200 MB offered, ten times the limit
                    sock.sendall(chunk)
                    sent += 1
            except OSError:
                pass  # the server answered and closed: it stopped reading
            answer = b""
            while b"\r\n\r\n" not in answer:
                part = sock.recv(65536)
                if not part:
                    break
                answer += part
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert sent < 200  # the default limit is 20 MB: the server closed long before


# ------------------------------------------------------------------------- JSON text


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (rb'{"a":"\ud800"}', 6),
        (rb'{"a":"\\ud800"}', -1),  # an escaped backslash, then plain text
        (rb'"\ud83d\ude00"', -1),  # a proper pair (an emoji)
        (rb'"\uDE00"', 1),
        (rb'"\ud83d"', 1),
        (rb'"\ud83d\u0041"', 1),
        (rb'"x\\\ud800"', 4),
        (b'"plain \xe5\xad\x97"', -1),
    ],
)
def test_lone_surrogates_are_found_exactly(body: bytes, where: int) -> None:
    assert lone_surrogate(body) == where


def test_a_lone_surrogate_anywhere_in_a_json_body_is_422(central: Central) -> None:
    headers = {**central.login("super01"), "Content-Type": "application/json"}
    bodies = [
        (f"{API}/auth/login", rb'{"username": "\ud800", "password": "x"}'),
        (f"{API}/applicants", rb'{"id_kind":"resident_id","name":"\udfff"}'),
        (f"{API}/halls/HS01/appointments/import", rb'[{"code":"YY0001","name":"\ud800"}]'),
        (f"{API}/cases", b'{"number": "\xed\xa0\x80"}'),  # the surrogate encoded in UTF-8
    ]
    for path, body in bodies:
        method = "PUT" if "applicants" in path else "POST"
        response = central.client.request(method, path, content=body, headers=headers)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["errors"] == []
        assert "Unicode" in response.json()["detail"] or "UTF-8" in response.json()["detail"]


def test_far_off_dates_are_refused_not_overflowed(central: Central) -> None:
    headers = central.login()
    case = make_case(central.catalog.items[0]).to_dict()
    for moment in ("0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00"):
        response = central.client.post(
            f"{API}/cases", json={**case, "received_at": moment}, headers=headers
        )
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == "received_at"
        assert "2000" in response.json()["errors"][0]["message"]


def test_an_appointment_in_year_one_is_listed_as_a_bad_record(central: Central) -> None:
    add_queue_staff(central.url)
    records = [
        {"code": "YY0001", "queue": "SOCIAL", "date": "2026-11-23", "start": "09:00"},
        {"code": "YY0002", "queue": "SOCIAL", "date": "0001-01-01", "start": "00:00"},
    ]
    response = central.client.post(
        f"{API}/halls/HS01/appointments/import", json=records, headers=central.login("super01")
    )
    assert response.status_code == 422, response.text
    assert "第2条" in response.json()["detail"] and "2000" in response.json()["detail"]


# ------------------------------------------------------------------------- headers, cookies


def test_api_answers_carry_the_security_headers(central: Central) -> None:
    response = central.client.get(f"{API}/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in response.headers  # plain HTTP


def department_user(url: str) -> None:
    from clerk_app.central.db import make_session_factory
    from clerk_app.central.services.halls import load_hall_config

    from .conftest import hall_config

    conf = hall_config()
    dept = next(d for d in seed_catalog_departments(url))
    conf["staff"].append(
        {
            "username": "dept01",
            "display_name": "部门审批",
            "role": "department",
            "password": PASSWORD,
            "window": None,
            "department_code": dept,
        }
    )
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            load_hall_config(session, conf)
            session.commit()
    finally:
        engine.dispose()


def seed_catalog_departments(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT code FROM departments ORDER BY code"))]
    finally:
        engine.dispose()


def log_in_page(client: TestClient) -> Any:
    return client.post(
        f"{API}/department-page/login",
        data={"username": "dept01", "password": PASSWORD},
        follow_redirects=False,
    )


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_department_page_cookie_links_and_headers(db_url: str, scheme: str) -> None:
    seed_database(db_url)
    department_user(db_url)
    app = create_app(db_url)
    with TestClient(app, base_url=f"{scheme}://hall.example") as client:
        response = log_in_page(client)
        assert response.status_code == 303, response.text
        # A path: nothing is built from the Host header.
        assert response.headers["location"] == f"{API}/department-page/"
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert ("secure" in cookie.split("; ")) is (scheme == "https")
        page = client.get(f"{API}/department-page/", headers={"Host": "evil.example"})
        assert page.status_code == 200 and "evil.example" not in page.text
        csp = page.headers["content-security-policy"]
        assert "script-src" not in csp and "'unsafe-inline'" not in csp
        assert "style-src 'sha256-" in csp and "frame-ancestors 'none'" in csp
        assert page.headers["cache-control"] == "no-store"
        assert page.headers["x-frame-options"] == "DENY"
        hsts = page.headers.get("strict-transport-security")
        assert (hsts is not None) is (scheme == "https")


def test_a_public_https_url_makes_cookies_secure_behind_a_proxy(db_url: str) -> None:
    seed_database(db_url)
    department_user(db_url)
    settings = CentralSettings(db=db_url, public_url="https://zwfw.example.gov.cn/")
    assert settings.public_url == "https://zwfw.example.gov.cn"
    app = create_app(db_url, settings)
    with TestClient(app, base_url="http://127.0.0.1:8700") as client:
        response = log_in_page(client)
        assert "secure" in response.headers["set-cookie"].lower().split("; ")
        assert "strict-transport-security" in response.headers


def test_ticket_links_use_the_public_url_not_the_host_header(db_url: str) -> None:
    seed_database(db_url)
    add_queue_staff(db_url)
    app = create_app(db_url, CentralSettings(db=db_url, public_url="https://zwfw.example.gov.cn"))
    with TestClient(app) as client:
        token = login_from_device(
            lambda body: client.post(f"{API}/auth/login", json=body),
            db_url,
            "kiosk01",
            None,
            DeviceKey.generate(),
        )
        issued = client.post(
            f"{API}/halls/HS01/tickets",
            json={"queue": "SOCIAL"},
            headers={"Authorization": f"Bearer {token}", "Host": "evil.example"},
        )
        assert issued.status_code == 201, issued.text
        assert issued.json()["check_url"].startswith("https://zwfw.example.gov.cn/api/v1/tickets/")


def test_a_bad_public_url_is_refused() -> None:
    with pytest.raises(ValueError, match="公开地址"):
        CentralSettings(public_url="zwfw.example.gov.cn")


# ------------------------------------------------------------------------- TLS


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A CA made in the test, and a server certificate for 127.0.0.1 signed by it."""
    import trustme

    ca = trustme.CA()
    server = ca.issue_cert("127.0.0.1", "localhost")
    cert, key, ca_file = tmp_path / "server.pem", tmp_path / "server.key", tmp_path / "ca.pem"
    server.private_key_pem.write_to_path(str(key))
    server.cert_chain_pems[0].write_to_path(str(cert))
    for extra in server.cert_chain_pems[1:]:
        with cert.open("ab") as f:
            f.write(extra.bytes())
    ca.cert_pem.write_to_path(str(ca_file))
    return cert, key, ca_file


def serve_args(*extra: str) -> Any:
    return cli._parser().parse_args(["serve", "--port", "0", *extra])


def test_serve_options_carry_tls_proxy_trust_and_redacting_logs(
    certificate: tuple[Path, Path, Path],
) -> None:
    cert, key, _ca = certificate
    options = cli.serve_options(serve_args("--ssl-certfile", str(cert), "--ssl-keyfile", str(key)))
    assert options["ssl_certfile"] == str(cert) and options["ssl_keyfile"] == str(key)
    assert options["proxy_headers"] is True and options["forwarded_allow_ips"] == "127.0.0.1"
    assert "redact" in options["log_config"]["handlers"]["access"]["filters"]
    with pytest.raises(ValueError, match="同时给出"):
        cli.serve_options(serve_args("--ssl-certfile", str(cert)))
    with pytest.raises(ValueError, match="找不到证书文件"):
        cli.serve_options(serve_args("--ssl-certfile", "/nope.pem", "--ssl-keyfile", str(key)))


def test_serve_refuses_a_malformed_public_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLERK_CENTRAL_PUBLIC_URL", raising=False)
    code = cli.main(["serve", "--db", "sqlite:///:memory:", "--public-url", "ftp://x"])
    assert code == cli.EXIT_BAD_INPUT
    assert "公开地址" in capsys.readouterr().err


def test_https_end_to_end_with_a_certificate_made_here(
    db_url: str, certificate: tuple[Path, Path, Path]
) -> None:
    seed_database(db_url)
    department_user(db_url)
    cert, key, ca_file = certificate
    options = cli.serve_options(serve_args("--ssl-certfile", str(cert), "--ssl-keyfile", str(key)))
    tls = {k: options[k] for k in ("ssl_certfile", "ssl_keyfile")}
    with live_server(db_url, **tls) as server:
        base = server.base_url.replace("http://", "https://")
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{base}{API}/health", timeout=10)  # an unknown CA is not trusted
        # Connection: close, so no idle TLS connection is left for the shutdown to wait for.
        close = {"Connection": "close"}
        health = requests.get(f"{base}{API}/health", headers=close, timeout=10, verify=str(ca_file))
        assert health.status_code == 200
        assert health.headers["strict-transport-security"].startswith("max-age=")
        login = requests.post(
            f"{base}{API}/department-page/login",
            data={"username": "dept01", "password": PASSWORD},
            headers=close,
            allow_redirects=False,
            timeout=10,
            verify=str(ca_file),
        )
        assert login.status_code == 303
        assert "secure" in login.headers["set-cookie"].lower().split("; ")


# ------------------------------------------------------------------------- logs


def test_redact_masks_ids_uscc_mobiles_and_tokens() -> None:
    line = (
        f"GET /api/v1/applicants/{ID_LI}?token=abc.DEF-1 mobile {MOBILE} uscc {USCC} "
        'Authorization: Bearer s3cr3t_T0ken {"token": "xyz"} case HS01-01-20261123-0001'
    )
    clean = redact(line)
    for secret in (ID_LI, MOBILE, USCC, "abc.DEF-1", "s3cr3t_T0ken", "xyz"):
        assert secret not in clean
    assert "4201**********1232" in clean and "HS01-01-20261123-0001" in clean


def test_the_access_log_masks_an_id_number_in_the_path(db_url: str) -> None:
    seed_database(db_url)
    seen = io.StringIO()
    handler = logging.StreamHandler(seen)
    with live_server(db_url, access_log=True, log_level="info") as server:
        access = logging.getLogger("uvicorn.access")  # uvicorn set it up: it does not propagate
        access.addHandler(handler)
        try:
            token = server.login("clerk01", 1)
            response = requests.get(
                f"{server.base_url}{API}/applicants/{ID_LI}",
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            )
            # no such route since lookups carry the number in the body; any path is masked
            assert response.status_code in (404, 405)
            assert wait_until(lambda: "applicants" in seen.getvalue())
        finally:
            access.removeHandler(handler)
    assert "/applicants/4201**********1232" in seen.getvalue()
    assert ID_LI not in seen.getvalue()


def wait_until(predicate: Any, tries: int = 200) -> bool:
    import time

    for _ in range(tries):
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())


def test_integrity_errors_are_logged_without_values(
    central: Central, caplog: pytest.LogCaptureFixture
) -> None:
    engine = central.app.state.engine
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE probe (id_number VARCHAR(32) UNIQUE)"))
        conn.execute(text("INSERT INTO probe VALUES (:v)"), {"v": ID_LI})
    with pytest.raises(IntegrityError) as caught, engine.begin() as conn:
        conn.execute(text("INSERT INTO probe VALUES (:v)"), {"v": ID_LI})
    # The engine hides parameters (PostgreSQL's DETAIL line still quotes the row: see below).
    assert "parameters hidden" in str(caught.value)

    async def boom() -> None:
        raise caught.value

    central.app.add_api_route("/probe", boom, methods=["POST"])
    with caplog.at_level(logging.WARNING):
        response = central.client.post("/probe")
    assert response.status_code == 409
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "integrity error" in logged and ID_LI not in logged and "DETAIL" not in logged


def test_the_filter_masks_arguments_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    logs.install()
    log = logging.getLogger("clerk_app.central.app")
    with caplog.at_level(logging.INFO, logger="clerk_app.central.app"):
        log.info("applicant %s phone %s", ID_LI, MOBILE)
        try:
            raise ValueError(f"bad id {ID_LI}")
        except ValueError:
            log.exception("failed")
    text_out = caplog.text
    assert ID_LI not in text_out and MOBILE not in text_out
    assert "4201**********1232" in text_out and "1381***5678" in text_out


# ------------------------------------------------------------------------- live events


def test_a_browser_follows_live_events_with_its_session_cookie(db_url: str) -> None:
    seed_database(db_url)
    department_user(db_url)
    with live_server(db_url) as server, requests.Session() as browser:
        url = f"{server.base_url}{API}/halls/HS01/events"
        assert browser.get(url, timeout=10).status_code == 401
        login = browser.post(
            f"{server.base_url}{API}/department-page/login",
            data={"username": "dept01", "password": PASSWORD},
            allow_redirects=False,
            timeout=10,
        )
        assert login.status_code == 303
        with browser.get(url, stream=True, timeout=(5, 30)) as stream:
            assert stream.status_code == 200, stream.text
            assert next(stream.iter_lines()).startswith(b"retry:")


def style_hashes(html: str) -> list[str]:
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in re.findall(r"<style>(.*?)</style>", html, re.S)
    ]


@pytest.mark.parametrize(
    "path", [f"{API}/department-page/", f"{API}/progress?case=HS01-01-20261123-0001&code=x"]
)
def test_html_pages_allow_exactly_their_own_style(central: Central, path: str) -> None:
    page = central.client.get(path)
    assert page.headers["content-type"].startswith("text/html")
    hashes = style_hashes(page.text)
    assert hashes
    csp = page.headers["content-security-policy"]
    assert all(h in csp for h in hashes), (csp, hashes)
    assert "script" not in csp and "unsafe" not in csp
    assert page.headers["cache-control"] == "no-store"


def test_a_lone_surrogate_in_one_pushed_operation_refuses_that_operation_alone(
    central: Central,
) -> None:
    """The guard leaves the push to its per-operation checks: a whole-batch 422 would be
    retried forever and stall the window's outbox."""
    good = make_case(central.catalog.items[0], sequence=1).to_dict()
    bad = make_case(central.catalog.items[0], sequence=2).to_dict()
    ops = [
        {"op_id": op_id, "kind": "case.upsert", "base_version": None, "payload": {"case": case}}
        for op_id, case in (("op-bad", bad), ("op-good", good))
    ]
    body = json.dumps({"window_no": 1, "operations": ops})
    body = body.replace(json.dumps(bad["applicant"]["name"])[1:-1], "\\ud800", 1)
    assert "\\ud800" in body
    headers = {**central.login("clerk01", window_no=1), "Content-Type": "application/json"}
    response = central.client.post(f"{API}/sync/push", content=body.encode(), headers=headers)
    assert response.status_code == 200, response.text
    results = {r["op_id"]: r["status"] for r in response.json()["results"]}
    assert results["op-bad"] == "rejected" and results["op-good"] == "applied"


@pytest.mark.parametrize("csv_text", ["\r0", "code,queue,date,start\nYY01," + "x" * 200_000])
def test_a_malformed_appointment_csv_is_422(central: Central, csv_text: str) -> None:
    """Found by the fuzz: a bare carriage return, a field over the csv module's limit."""
    response = central.client.post(
        f"{API}/halls/HS01/appointments/import",
        content=csv_text.encode(),
        headers={**central.login("super01"), "Content-Type": "text/csv"},
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith("预约文件")


@pytest.mark.parametrize(("trusted", "secure"), [("127.0.0.1", True), ("10.9.8.7", False)])
def test_forwarded_https_is_believed_only_from_the_trusted_proxy(
    db_url: str, trusted: str, secure: bool
) -> None:
    seed_database(db_url)
    department_user(db_url)
    options = cli.serve_options(serve_args("--forwarded-allow-ips", trusted))
    proxy = {k: options[k] for k in ("proxy_headers", "forwarded_allow_ips")}
    with live_server(db_url, **proxy) as server:
        login = requests.post(
            f"{server.base_url}{API}/department-page/login",
            data={"username": "dept01", "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
            allow_redirects=False,
            timeout=10,
        )
    assert login.status_code == 303
    assert ("secure" in login.headers["set-cookie"].lower().split("; ")) is secure
    assert ("strict-transport-security" in login.headers) is secure

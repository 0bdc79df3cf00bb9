"""Garbage at every endpoint: always a 4xx with a Chinese reason, never a 500.

TestClient re-raises any exception the app does not handle, so a crash fails loudly here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import Central, make_case

HUGE = "字" * 100_000

ENDPOINTS: list[tuple[str, str]] = [
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"),
    ("GET", "/api/v1/halls/HS01"),
    ("GET", "/api/v1/catalog/meta"),
    ("GET", "/api/v1/catalog/snapshot"),
    ("POST", "/api/v1/applicants/lookup"),
    ("PUT", "/api/v1/applicants"),
    ("POST", "/api/v1/cases"),
    ("GET", "/api/v1/cases"),
    ("GET", "/api/v1/cases/HS01-01-20261123-0001"),
]
BODY_ENDPOINTS = [(m, p) for m, p in ENDPOINTS if m in ("POST", "PUT")]

RAW_BODIES: list[bytes] = [
    b"",
    b"{",
    b"null",
    b"[]",
    b'"text"',
    b"12",
    b"\xff\xfe\x00garbage",
    b"[" * 50_000 + b"]" * 50_000,  # deeper than any parser's recursion
    b'{"username": NaN, "password": Infinity}',
    json.dumps({"username": HUGE, "password": HUGE}).encode(),
    json.dumps({"a": list(range(1000))}).encode(),
]


def assert_refused(response: Any) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail), detail


def assert_no_server_error(response: Any) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if response.status_code >= 400:
        assert_refused(response)


@pytest.mark.parametrize(("method", "path"), BODY_ENDPOINTS)
def test_bad_bodies_are_refused(central: Central, method: str, path: str) -> None:
    headers = {**central.login(), "Content-Type": "application/json"}
    for body in RAW_BODIES:
        response = central.client.request(method, path, content=body, headers=headers)
        if path.endswith("/logout"):
            assert_no_server_error(response)  # logout ignores its body
            headers = {**central.login(), "Content-Type": "application/json"}
        else:
            assert_refused(response)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_bodies_that_are_not_json_are_refused(central: Central, content_type: str | None) -> None:
    headers = central.login()
    if content_type:
        headers["Content-Type"] = content_type
    for path in ("/api/v1/cases", "/api/v1/auth/login"):
        assert_refused(central.client.post(path, content=b"username=a&password=b", headers=headers))


def test_wrong_field_types_in_a_case_are_refused(central: Central) -> None:
    headers = central.login()
    valid = make_case(central.catalog.items[0]).to_dict()
    wrong_values: list[Any] = [None, 12, -1, 10**40, "x", HUGE, [], {}, True, 1.5]
    for key in valid:
        for value in wrong_values:
            if value == valid[key] or (key == "scenario_code" and value is None):
                continue
            if key in ("agent", "decision", "received_at", "promised_date") and value is None:
                continue
            body = {**valid, key: value}
            response = central.client.post("/api/v1/cases", json=body, headers=headers)
            assert_no_server_error(response)
    for key in list(valid):
        body = {k: v for k, v in valid.items() if k != key}
        assert_no_server_error(central.client.post("/api/v1/cases", json=body, headers=headers))
    nested = json.loads(json.dumps(valid))
    nested["item"]["materials"][0]["form"] = "stolen"
    nested["checks"][0]["state"] = 7
    nested["events"][0]["at"] = "yesterday"
    assert_refused(central.client.post("/api/v1/cases", json=nested, headers=headers))


def test_bad_paths_queries_and_headers(central: Central) -> None:
    headers = central.login()
    for method, path in [
        ("GET", f"/api/v1/halls/{HUGE[:5000]}"),
        ("GET", "/api/v1/halls/%00"),
        ("GET", f"/api/v1/cases/{HUGE[:5000]}"),
        ("GET", "/api/v1/cases?limit=abc"),
        ("GET", "/api/v1/cases?limit=-1"),
        ("GET", f"/api/v1/cases?limit={10**30}"),
        ("GET", "/api/v1/cases?status=bogus"),
        ("GET", f"/api/v1/cases?q={HUGE[:5000]}"),
        ("GET", "/api/v1/cases?q=%25_%5C"),
        ("GET", "/api/v1/nowhere"),
        ("DELETE", "/api/v1/cases"),
    ]:
        assert_no_server_error(central.client.request(method, path, headers=headers))
    for auth in ["Bearer " + "x" * 10_000, "Basic YWJjOmRlZg==", "Bearer", "Bearer 令牌"]:
        try:
            response = central.client.get("/api/v1/cases", headers={"Authorization": auth})
        except UnicodeEncodeError:
            continue  # HTTP headers cannot carry it at all
        assert response.status_code == 401
        assert_refused(response)
    big = central.client.post(
        "/api/v1/cases", content=b"x", headers={**headers, "Content-Length": "999999999999"}
    )
    assert big.status_code == 413


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
case_keys = st.sampled_from(
    [
        "number",
        "hall_code",
        "window_no",
        "item",
        "applicant",
        "checks",
        "decision",
        "status",
        "events",
    ]
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    endpoint=st.sampled_from(BODY_ENDPOINTS),
    body=json_values | st.dictionaries(case_keys, json_values, max_size=6),
)
def test_random_json_never_breaks_the_server(
    central: Central, endpoint: tuple[str, str], body: Any
) -> None:
    method, path = endpoint
    response = central.client.request(
        method, path, json=body, headers=central.login() if not path.endswith("logout") else {}
    )
    assert_no_server_error(response)

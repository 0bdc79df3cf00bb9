"""The permission table, walked: every endpoint of the OpenAPI document (and the department
page's HTML routes) with every role of a hall and with the same roles of another hall.

The expected answer comes from ``clerk_app.central.policy.RULES``: 401 without a token, 403 for a
role the rule does not list or for another hall's resource (404 where the resource is simply not
in the caller's hall), anything but 401/403 for an allowed role. An endpoint without a rule fails
the test: whoever adds an endpoint adds its rule (docs/security.md says so).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI

from clerk_app.central import policy
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.services.accounts import create_admin
from clerk_app.central.services.halls import load_hall_config
from tests.central.conftest import ID_ZHANG, PASSWORD, Central, hall_config, make_case

DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"
WINDOWS = {"clerk": 1, "helpdesk": 2, "evaluator": 1}
NOW = datetime(2026, 11, 23, tzinfo=UTC)
HALL_PARAMS = set(policy.HALL_PARAMS)
# Parameters naming a record that belongs to a hall: another hall's user gets 403 or 404.
RECORD_PARAMS = {"number", "id_number"}


def role_staff(prefix: str, department_code: str) -> list[dict[str, Any]]:
    return [
        {
            "username": f"{prefix}{role}",
            "display_name": f"{role}账户",
            "role": role,
            "password": PASSWORD,
            "window": WINDOWS.get(role),
            "department_code": department_code if role == "department" else None,
        }
        for role in policy.ROLES
        if role != "admin"  # hall files never hold admins: see the fixture
    ]


@dataclass
class Halls:
    central: Central
    case_number: str
    headers: dict[tuple[str, str], dict[str, str]]  # (hall, role) -> bearer header

    def login(self, hall: str, role: str) -> dict[str, str]:
        return self.central.login(f"{prefix_of(hall)}{role}", window_no=WINDOWS.get(role))


def prefix_of(hall: str) -> str:
    return "p1_" if hall == "HS01" else "p2_"


@pytest.fixture
def halls(central: Central) -> Iterator[Halls]:
    item = central.catalog.items[0]
    engine = make_engine(central.url)
    with make_session_factory(engine)() as session:
        for code, name in (("HS01", "黄石市民之家"), ("HS02", "黄石港区政务服务中心")):
            conf = hall_config(code, name, prefix="t_" if code == "HS01" else "t2_")
            conf["staff"] = role_staff(prefix_of(code), item.department_code)
            load_hall_config(session, conf)
            create_admin(session, code, f"{prefix_of(code)}admin", "admin账户", PASSWORD, NOW)
        session.commit()
    engine.dispose()
    headers = {
        (hall, role): central.login(f"{prefix_of(hall)}{role}", window_no=WINDOWS.get(role))
        for hall in ("HS01", "HS02")
        for role in policy.ROLES
    }
    case = make_case(item)
    stored = central.client.post(
        "/api/v1/cases", json=case.to_dict(), headers=headers[("HS01", "clerk")]
    )
    assert stored.status_code == 200, stored.text
    yield Halls(central, case.number, headers)


def fill(path: str, case_number: str, window_no: int | None) -> str:
    values = {
        "hall": "HS01",
        "hall_code": "HS01",
        "window_no": str(window_no or 1),
        "number": case_number,
        "id_number": ID_ZHANG,
        "action": "take",
    }
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), path)


def operations(app: FastAPI) -> list[tuple[str, str]]:
    spec = app.openapi()
    return [
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]


def missing_rules(app: FastAPI) -> list[str]:
    """OpenAPI operations (and hidden /api/v1 routes) whose route declares no policy action."""
    declared = {(e.method, e.path): e.action for e in policy.endpoints(app.routes)}
    missing = [f"{m} {p}" for m, p in operations(app) if declared.get((m, p)) is None]
    missing += [f"{m} {p}" for (m, p), action in declared.items() if action is None]
    return sorted(set(missing))


def call(halls: Halls, method: str, path: str, headers: dict[str, str] | None) -> int:
    """The status only: a live-event stream is closed once its headers arrived."""
    client = halls.central.client
    body = {} if method in ("POST", "PUT", "PATCH") else None
    with client.stream(method, path, json=body, headers=headers) as response:
        return response.status_code


def test_every_endpoint_has_a_rule(central: Central) -> None:
    assert missing_rules(central.app) == []
    assert operations(central.app), "the OpenAPI document lists the endpoints"


def test_an_endpoint_without_a_rule_is_caught(central: Central) -> None:
    extra = APIRouter()

    @extra.get("/api/v1/unruled")
    def unruled() -> dict[str, str]:  # pragma: no cover - never called
        return {}

    central.app.include_router(extra)
    central.app.openapi_schema = None
    assert missing_rules(central.app) == ["GET /api/v1/unruled"]


def test_docs_table_is_the_policy() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start, end = "<!-- policy-table:start -->\n", "<!-- policy-table:end -->"
    assert start in text and end in text
    table = text.split(start, 1)[1].split(end, 1)[0]
    assert table == policy.markdown_table(), "regenerate with: python -m clerk_app.central.policy"


def test_every_endpoint_answers_as_the_policy_says(halls: Halls) -> None:
    app = halls.central.app
    wrong: list[str] = []
    declared = {(e.method, e.path): e.action for e in policy.endpoints(app.routes)}
    for method, template in operations(app):
        action = declared[(method, template)]
        assert action is not None
        rule = policy.rule(action)
        names = set(re.findall(r"\{(\w+)\}", template))
        anonymous = call(halls, method, fill(template, halls.case_number, None), None)
        if rule.public:
            if anonymous in (401, 403):
                wrong.append(f"{method} {template} public: {anonymous}")
            continue
        if anonymous != 401:
            wrong.append(f"{method} {template} without token: {anonymous}")
        for hall in ("HS01", "HS02"):
            for role in policy.ROLES:
                headers = halls.headers[(hall, role)]
                if action == "auth.logout":
                    headers = halls.login(hall, role)  # the shared token must live on
                path = fill(template, halls.case_number, WINDOWS.get(role))
                got = call(halls, method, path, headers)
                if action == "auth.logout":
                    # One account, one window: the new login ended the shared one; renew it.
                    halls.headers[(hall, role)] = halls.login(hall, role)
                if role not in rule.roles or (hall == "HS02" and names & HALL_PARAMS):
                    expected = {403}
                elif hall == "HS02" and names & RECORD_PARAMS:
                    # a write may fail on its (empty) body first: that reveals nothing
                    expected = {403, 404} if method == "GET" else {403, 404, 422}
                else:
                    expected = None  # allowed: anything but 401/403
                ok = got in expected if expected else got not in (401, 403)
                if not ok:
                    want = sorted(expected) if expected else "not 401/403"
                    wrong.append(f"{method} {template} as {hall}/{role}: {got}, want {want}")
    assert wrong == [], "\n".join(wrong)


def test_a_window_role_acts_only_on_its_own_window(halls: Halls) -> None:
    client = halls.central.client
    own_window = (("clerk", "state"), ("helpdesk", "state"), ("evaluator", "rating/pending"))
    for role, action in own_window:
        other = 3 - WINDOWS[role]
        path = f"/api/v1/halls/HS01/windows/{other}/{action}"
        assert client.get(path, headers=halls.headers[("HS01", role)]).status_code == 403
    path = "/api/v1/halls/HS01/windows/2/state"
    assert client.get(path, headers=halls.headers[("HS01", "supervisor")]).status_code == 200


def test_the_department_page_is_for_department_users_of_the_hall(halls: Halls) -> None:
    client = halls.central.client
    page = f"/api/v1/department-page/cases/{halls.case_number}"
    for hall in ("HS01", "HS02"):
        for role in policy.ROLES:
            token = halls.headers[(hall, role)]["Authorization"].removeprefix("Bearer ")
            client.cookies.set("clerk_dept_session", token)
            got = client.get(page)
            acted = client.post(f"{page}/take", data={"csrf": "x"}, follow_redirects=False)
            client.cookies.clear()
            if role == "department" and hall == "HS01":
                assert got.status_code == 200 and halls.case_number in got.text
                assert acted.status_code == 400  # the CSRF token is wrong, nothing done
            elif role == "department":
                assert got.status_code == 404, got.text
            else:
                assert got.status_code == 401 and halls.case_number not in got.text, role
                assert acted.status_code == 401, role
    assert client.get(page).status_code == 401

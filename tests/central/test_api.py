"""The HTTP API end to end over a real database (SQLite file and PostgreSQL)."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

from clerk_app.domain.cases import Case, CaseStatus, Decision, DecisionKind, IdKind, Person
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.sync.device_key import DeviceKey

from .conftest import ID_LI, ID_ZHANG, PASSWORD, Central, approve_device, make_case

LOGIN = "/api/v1/auth/login"


def test_login_returns_token_and_user(central: Central) -> None:
    key = DeviceKey.generate()
    body = {"username": "clerk01", "password": PASSWORD, "window_no": 2, "device": key.proof()}
    pending = central.client.post(LOGIN, json=body)
    assert pending.status_code == 403
    approve_device(central.url, key.code)
    response = central.client.post(LOGIN, json=body)
    assert response.status_code == 200
    body = response.json()
    assert len(body["token"]) >= 32
    assert body["user"] == {
        "username": "clerk01",
        "display_name": "张敏",
        "role": "clerk",
        "hall_code": "HS01",
        "hall_name": "黄石市民之家",
        "window_no": 2,
        "department_code": None,
    }
    # A window the hall lacks is refused when a device asks to be registered for it.
    missing = central.client.post(
        LOGIN,
        json={
            "username": "clerk01",
            "password": PASSWORD,
            "window_no": 42,
            "device": DeviceKey.generate().proof(),
        },
    )
    assert missing.status_code == 422
    assert missing.json()["detail"] == "本大厅没有42号窗口"


def test_unknown_user_gets_the_same_refusal(central: Central) -> None:
    response = central.client.post(LOGIN, json={"username": "nobody", "password": "x"})
    assert response.status_code == 401
    assert response.json()["detail"] == "用户名或密码错误"


def test_tokens_expire_after_12_hours_and_logout_ends_them(central: Central) -> None:
    headers = central.login()
    assert central.client.get("/api/v1/halls/HS01", headers=headers).status_code == 200
    central.advance_clock(timedelta(hours=12, seconds=1))
    expired = central.client.get("/api/v1/halls/HS01", headers=headers)
    assert expired.status_code == 401
    assert expired.json()["detail"] == "登录已过期，请重新登录"
    fresh = central.login()
    assert central.client.post("/api/v1/auth/logout", headers=fresh).status_code == 204
    gone = central.client.get("/api/v1/halls/HS01", headers=fresh)
    assert gone.status_code == 401
    assert gone.json()["detail"] == "登录已失效，请重新登录"
    assert central.client.get("/api/v1/halls/HS01").json()["detail"] == "请先登录"


def test_a_clerk_sees_only_their_own_hall(central: Central) -> None:
    headers = central.login()
    own = central.client.get("/api/v1/halls/HS01", headers=headers)
    assert own.status_code == 200
    config = own.json()
    assert config["hall"]["code"] == "HS01"
    assert [q["prefix"] for q in config["queues"]] == ["A", "D"]
    assert config["windows"][0]["queues"] == ["SOCIAL", "POLICE"]
    assert {s["username"] for s in config["staff"]} == {"clerk01", "super01", "hs01_admin"}
    assert "password" not in json.dumps(config) and "argon2" not in json.dumps(config)
    other = central.client.get("/api/v1/halls/HS02", headers=headers)
    assert other.status_code == 403
    assert other.json()["detail"] == "只能访问本大厅（HS01）的数据"
    admin = central.login("admin01")  # an admin of HS02: its own hall only
    assert central.client.get("/api/v1/halls/HS02", headers=admin).status_code == 200
    assert central.client.get("/api/v1/halls/HS01", headers=admin).status_code == 403


def test_catalog_meta_and_snapshot_round_trip(central: Central) -> None:
    meta = central.client.get("/api/v1/catalog/meta").json()
    assert central.catalog.header is not None
    assert meta == {
        "catalog_version": central.catalog.header.catalog_version,
        "item_count": len(central.catalog.items),
        "bundle_count": len(central.catalog.bundles),
    }
    response = central.client.get("/api/v1/catalog/snapshot")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert "content-encoding" not in response.headers
    lines = [json.loads(line) for line in gzip.decompress(response.content).splitlines()]
    assert lines[0]["format"] == "clerk-catalog"
    assert lines[0]["catalog_version"] == meta["catalog_version"]
    by_kind: dict[str, list[dict[str, object]]] = {}
    for record in lines[1:]:
        by_kind.setdefault(str(record.pop("kind")), []).append(record)
    items = [Item.from_dict(r) for r in by_kind["item"]]
    assert sorted(items, key=lambda i: i.code) == sorted(
        central.catalog.items, key=lambda i: i.code
    )
    assert [Bundle.from_dict(r) for r in by_kind.get("bundle", [])] == sorted(
        central.catalog.bundles, key=lambda b: b.code
    )
    assert {d["code"] for d in by_kind["department"]} == {
        d.code for d in central.catalog.departments
    }


def lookup(central: Central, id_number: str, headers: dict[str, str] | None) -> Any:
    return central.client.post(
        "/api/v1/applicants/lookup", json={"id_number": id_number}, headers=headers
    )


def test_applicants_are_saved_and_found(central: Central) -> None:
    headers = central.login()
    assert lookup(central, ID_LI, headers).status_code == 404
    person = Person(IdKind.RESIDENT_ID, ID_LI, "李四", "13900139000", "黄石市黄石港区")
    saved = central.client.put("/api/v1/applicants", json=person.to_dict(), headers=headers)
    assert saved.status_code == 200
    stored = replace(person, mobile="+8613900139000")  # any telephone is kept in E.164
    assert Person.from_dict(lookup(central, ID_LI, headers).json()) == stored
    moved = Person(IdKind.RESIDENT_ID, ID_LI, "李四", "13900139001", "黄石市下陆区")
    central.client.put("/api/v1/applicants", json=moved.to_dict(), headers=headers)
    found = Person.from_dict(lookup(central, ID_LI, headers).json())
    assert found == replace(moved, mobile="+8613900139001")
    # A bad checksum is refused, never stored.
    bad_id = ID_LI[:-1] + ("5" if ID_LI[-1] != "5" else "6")
    bad = central.client.put(
        "/api/v1/applicants", json={**person.to_dict(), "id_number": bad_id}, headers=headers
    )
    assert bad.status_code == 422
    assert "校验位" in bad.json()["detail"]
    assert lookup(central, ID_LI, None).status_code == 401


def test_cases_upload_query_and_hall_scoping(central: Central) -> None:
    headers = central.login()
    item = central.catalog.items[0]
    first = make_case(item, sequence=1)
    second = make_case(
        central.catalog.items[1],
        sequence=2,
        applicant=Person(IdKind.RESIDENT_ID, ID_LI, "李四"),
        status=CaseStatus.MISSING_NOTICE,
    )
    second = replace(second, decision=Decision(DecisionKind.MISSING_NOTICE))
    for case in (first, second):
        response = central.client.post("/api/v1/cases", json=case.to_dict(), headers=headers)
        assert response.status_code == 200, response.text
        assert response.json() == {"number": case.number, "stored": True}
    stored = Case.from_dict(
        central.client.get(f"/api/v1/cases/{first.number}", headers=headers).json()
    )
    assert replace(stored, events=()) == replace(first, events=())
    assert [(e.actor, e.action) for e in stored.events] == [("clerk01", "created")]
    # Upsert by number, but the server decides: a window cannot put the case under review.
    later = Case.from_dict({**first.to_dict(), "status": CaseStatus.IN_REVIEW.value})
    refused = central.client.post("/api/v1/cases", json=later.to_dict(), headers=headers)
    assert refused.status_code == 409 and "审批部门" in refused.json()["detail"]
    assert (
        central.client.get(f"/api/v1/cases/{first.number}", headers=headers).json()["status"]
        == "accepted"
    )
    listing = central.client.get("/api/v1/cases", headers=headers).json()
    assert [c["number"] for c in listing] == [second.number, first.number]
    assert listing[1]["applicant_id_masked"] == ID_ZHANG[:4] + "*" * 10 + ID_ZHANG[-4:]
    assert listing[1]["status_label"] == "已受理"
    by_name = central.client.get("/api/v1/cases", params={"q": "李四"}, headers=headers).json()
    assert [c["number"] for c in by_name] == [second.number]
    by_item = central.client.get("/api/v1/cases", params={"q": item.code}, headers=headers).json()
    assert first.number in [c["number"] for c in by_item]
    by_status = central.client.get(
        "/api/v1/cases", params={"status": "missing_notice"}, headers=headers
    ).json()
    assert [c["number"] for c in by_status] == [second.number]
    assert len(central.client.get("/api/v1/cases?limit=1", headers=headers).json()) == 1
    # The case's applicant joins the hall's library.
    assert lookup(central, ID_ZHANG, headers).status_code == 200

    # Another hall's clerk can neither upload into HS01 nor read it.
    other = central.login("hs02_clerk01")
    foreign = make_case(item, hall_code="HS01", sequence=9)
    refused = central.client.post("/api/v1/cases", json=foreign.to_dict(), headers=other)
    assert refused.status_code == 409
    assert central.client.get(f"/api/v1/cases/{first.number}", headers=other).status_code == 403
    assert central.client.get("/api/v1/cases?hall=HS01", headers=other).status_code == 403
    assert central.client.get("/api/v1/cases", headers=other).json() == []
    assert (
        central.client.get("/api/v1/cases/HS01-01-20261123-9999", headers=headers).status_code
        == 404
    )


def test_case_number_must_match_its_hall(central: Central) -> None:
    headers = central.login()
    case = make_case(central.catalog.items[0])
    data = {**case.to_dict(), "number": "HS02-01-20261123-0001"}
    response = central.client.post("/api/v1/cases", json=data, headers=headers)
    assert response.status_code == 422
    data = {**case.to_dict(), "number": "not-a-number"}
    response = central.client.post("/api/v1/cases", json=data, headers=headers)
    assert response.status_code == 422
    assert "案件编号格式不正确" in response.json()["detail"]


def test_openapi_is_served(central: Central) -> None:
    spec = central.client.get("/openapi.json").json()
    for path in (
        "/api/v1/auth/login",
        "/api/v1/halls/{hall_code}",
        "/api/v1/catalog/meta",
        "/api/v1/catalog/snapshot",
        "/api/v1/applicants/lookup",
        "/api/v1/cases",
        "/api/v1/cases/{number}",
    ):
        assert path in spec["paths"], path
    assert central.client.get("/api/v1/health").json()["status"] == "ok"


def test_snapshot_of_an_empty_catalog_is_404(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from clerk_app.central.app import create_app
    from clerk_app.central.db import upgrade

    upgrade(db_url)
    with TestClient(create_app(db_url)) as client:
        assert client.get("/api/v1/catalog/meta").json() == {
            "catalog_version": "",
            "item_count": 0,
            "bundle_count": 0,
        }
        response = client.get("/api/v1/catalog/snapshot")
        assert response.status_code == 404
        assert response.json()["detail"] == "中心尚未导入事项目录"


def test_the_token_check_gives_its_connection_back(central: Central) -> None:
    """A request waiting for a worker thread between the token check and its route must not
    hold a pooled connection: under a burst, those requests took every connection while the
    threads that could serve them waited for one (the server hung until the pool timeout)."""
    from clerk_app.central.deps import check_token

    token = central.login()["Authorization"].removeprefix("Bearer ")
    with central.app.state.session_factory() as session:
        user = check_token(session, token, central.app.state.clock())
        assert user.username == "clerk01"
        assert not session.in_transaction()


def test_sync_endpoints_end_their_read_before_the_answer_is_validated(central: Central) -> None:
    """The answer of a sync endpoint is validated on another worker thread; the endpoint's
    session must not hold its pooled connection across that wait (see ``ReleasingRoute``)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from clerk_app.central.deps import _release_session_after
    from clerk_app.central.models import Hall

    def endpoint(session: Session) -> list[str]:
        return list(session.scalars(select(Hall.code)))  # a read left open, as a lazy load is

    with central.app.state.session_factory() as session:
        assert "HS01" in _release_session_after(endpoint)(session=session)
        assert not session.in_transaction()

"""Least data on SQLite and PostgreSQL: what each role sees of a citizen, applicant libraries
per hall, every read of a citizen's record in the audit trail, and the lookup rate bound."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.services import sync
from clerk_app.central.services.accounts import create_admin
from clerk_app.central.services.halls import load_hall_config
from clerk_app.domain.cases import Case, IdKind, Person
from clerk_app.domain.identifiers import mask_id
from tests.central.conftest import (
    ID_LI,
    ID_ZHANG,
    PASSWORD,
    Central,
    hall_config,
    make_case,
)
from tests.central.test_sync import _pull_until

API = "/api/v1"
NOW = datetime(2026, 11, 23, tzinfo=UTC)
DEVICES = {"kiosk01": None, "display01": None, "eval01": 1}
PHONE, ADDRESS = "13800138000", "黄石市下陆区"


def staff(username: str, role: str, window: int | None = None) -> dict[str, Any]:
    return {
        "username": username,
        "display_name": username,
        "role": role,
        "password": PASSWORD,
        "window": window,
        "department_code": None,
    }


@dataclass
class Hall:
    central: Central
    case: Case
    h: dict[str, dict[str, str]]  # username -> bearer header

    def get(self, path: str, who: str, **params: Any) -> Any:
        return self.central.client.get(f"{API}{path}", headers=self.h[who], params=params)

    def lookup(self, id_number: str, who: str = "clerk01", why: str = "") -> Any:
        return self.central.client.post(
            f"{API}/applicants/lookup",
            json={"id_number": id_number, "why": why},
            headers=self.h[who],
        )

    def audit(self, action: str = "pii.read") -> list[AuditEntry]:
        engine = make_engine(self.central.url)
        try:
            with make_session_factory(engine)() as session:
                rows = session.scalars(
                    select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
                )
                return list(rows)
        finally:
            engine.dispose()


@pytest.fixture
def hall(central: Central) -> Iterator[Hall]:
    conf = hall_config()
    conf["staff"] += [
        staff("help01", "helpdesk", 2),
        staff("kiosk01", "kiosk"),
        staff("display01", "display"),
        staff("eval01", "evaluator", 1),
    ]
    engine = make_engine(central.url)
    with make_session_factory(engine)() as session:
        load_hall_config(session, conf)
        create_admin(session, "HS01", "hsadmin", "测试hsadmin", PASSWORD, NOW)  # never in a file
        session.commit()
    engine.dispose()
    windows = {"clerk01": 1, "help01": 2, "eval01": 1}
    names = ["clerk01", "super01", "help01", "hsadmin", "hs02_clerk01", *DEVICES]
    headers = {name: central.login(name, window_no=windows.get(name)) for name in names}
    case = make_case(central.catalog.items[0])
    stored = central.client.post(f"{API}/cases", json=case.to_dict(), headers=headers["clerk01"])
    assert stored.status_code == 200, stored.text
    # The change windows pull (logged here: how a write logs it is not this test's concern).
    engine = make_engine(central.url)
    with make_session_factory(engine)() as session:
        sync.record_change(session, "case", case.number, case.to_dict(), version=1)
        session.commit()
    engine.dispose()
    yield Hall(central, case, headers)


def test_help_desk_and_admin_see_masked_identity_only(hall: Hall) -> None:
    for who in ("help01", "hsadmin"):
        data = hall.get(f"/cases/{hall.case.number}", who).json()
        assert data["applicant"]["id_number"] == mask_id(ID_ZHANG)
        assert data["applicant"]["name"] == "张三"  # the name, to greet them
        assert data["applicant"]["mobile"] == "" and data["applicant"]["address"] == ""
        text = json.dumps(data, ensure_ascii=False)
        assert ID_ZHANG not in text and PHONE not in text and ADDRESS not in text
        pulled = _pull_until(hall.central, hall.h[who], 1)[0]
        cases = [c for c in pulled if c["kind"] == "case"]
        assert cases and all(
            c["data"]["applicant"]["id_number"] == mask_id(ID_ZHANG) for c in cases
        )
        assert ID_ZHANG not in json.dumps(pulled) and PHONE not in json.dumps(pulled)
        listing = hall.get("/cases", who).json()
        assert [c["applicant_id_masked"] for c in listing] == [mask_id(ID_ZHANG)]
        assert hall.get("/cases", who, q=ID_ZHANG[-6:]).json() == []  # no ID probing
        assert len(hall.get("/cases", who, q="张三").json()) == 1
        assert hall.lookup(ID_ZHANG, who).status_code == 403
    # The clerk who serves the applicant sees them in full.
    assert len(hall.get("/cases", "clerk01", q=ID_ZHANG[-6:]).json()) == 1
    full = hall.get(f"/cases/{hall.case.number}", "clerk01").json()
    assert full["applicant"]["id_number"] == ID_ZHANG and full["applicant"]["mobile"] == PHONE


def test_devices_see_no_personal_data(hall: Hall) -> None:
    for who in DEVICES:
        assert hall.get(f"/cases/{hall.case.number}", who).status_code == 403
        assert hall.get("/cases", who).status_code == 403
        assert hall.lookup(ID_ZHANG, who).status_code == 403
        pulled = hall.get("/sync/pull", who)
        assert pulled.status_code == 200
        assert not [c for c in pulled.json()["changes"] if c["kind"] == "case"]
        assert ID_ZHANG not in pulled.text and "张三" not in pulled.text
        config = hall.get("/halls/HS01", who).json()
        assert config["staff"] == [] and config["queues"], "the layout, not the staff list"
    assert hall.get("/halls/HS01", "clerk01").json()["staff"]


def test_applicants_of_another_hall_are_invisible(hall: Hall) -> None:
    client = hall.central.client
    li = Person(IdKind.RESIDENT_ID, ID_LI, "李四", "13900139000", "黄石港区")
    saved = client.put(f"{API}/applicants", json=li.to_dict(), headers=hall.h["hs02_clerk01"])
    assert saved.status_code == 200
    assert hall.lookup(ID_LI, "hs02_clerk01").status_code == 200
    assert hall.lookup(ID_LI, "clerk01").status_code == 404
    # HS01's applicant (from its case) is not HS02's either.
    assert hall.lookup(ID_ZHANG, "clerk01").status_code == 200
    assert hall.lookup(ID_ZHANG, "hs02_clerk01").status_code == 404
    # Saving the same person in HS01 makes HS01's own record; HS02's stays as it was.
    moved = Person(IdKind.RESIDENT_ID, ID_LI, "李四", "13700137000", "下陆区")
    client.put(f"{API}/applicants", json=moved.to_dict(), headers=hall.h["clerk01"])
    assert hall.lookup(ID_LI, "hs02_clerk01").json()["mobile"] == "+8613900139000"
    assert hall.lookup(ID_LI, "clerk01").json()["mobile"] == "+8613700137000"


def test_halls_share_a_library_only_when_configured(hall: Hall) -> None:
    li = Person(IdKind.RESIDENT_ID, ID_LI, "李四", "13900139000", "黄石港区")
    hall.central.client.put(f"{API}/applicants", json=li.to_dict(), headers=hall.h["hs02_clerk01"])
    assert hall.lookup(ID_LI).status_code == 404
    hall.central.app.state.settings.applicant_library_groups = "HS01,HS02;HS03,HS04"
    assert hall.lookup(ID_LI).json()["name"] == "李四"
    assert hall.audit()[-1].detail["library"] == "HS02"


def test_every_read_of_a_citizen_is_audited(hall: Hall) -> None:
    hall.lookup(ID_ZHANG, why="A012")
    hall.lookup(ID_LI, why="A013")  # not found: the attempt is kept too
    hall.get(f"/cases/{hall.case.number}", "clerk01", why="A012")
    hall.get(f"/cases/{hall.case.number}", "help01")  # masked: not a read of the identity
    entries = hall.audit()
    applicant = {"record": "applicant"}
    assert [(e.actor, e.role, e.subject, e.detail) for e in entries] == [
        ("clerk01", "clerk", mask_id(ID_ZHANG), {**applicant, "why": "A012", "found": True}),
        ("clerk01", "clerk", mask_id(ID_LI), {**applicant, "why": "A013", "found": False}),
        ("clerk01", "clerk", hall.case.number, {"why": "A012", "record": "case"}),
    ]
    assert all(e.hall_code == "HS01" and e.at is not None for e in entries)
    stored = json.dumps([[e.subject, e.detail] for e in entries])
    assert ID_ZHANG not in stored and ID_LI not in stored


def test_applicant_lookups_are_rate_bound_per_user(hall: Hall) -> None:
    settings = hall.central.app.state.settings
    settings.applicant_lookups_per_minute = 3
    for _ in range(3):
        assert hall.lookup(ID_LI).status_code == 404
    refused = hall.lookup(ID_LI)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "频繁" in refused.json()["detail"]
    assert hall.lookup(ID_ZHANG, "super01").status_code == 200  # another user is not bound
    hall.central.advance_clock(timedelta(seconds=61))
    hall.h["clerk01"] = hall.central.login("clerk01", window_no=1)
    assert hall.lookup(ID_ZHANG).status_code == 200


def test_migration_0007_gives_each_hall_its_applicants(db_url: str) -> None:
    upgrade(db_url, "0006")
    engine = make_engine(db_url)
    at = "2026-11-23 02:00:00+00:00"
    try:
        with engine.begin() as conn:
            for hid, code in ((1, "HS01"), (2, "HS02")):
                conn.execute(
                    text("INSERT INTO halls (id, code, name, address) VALUES (:i, :c, :c, '')"),
                    {"i": hid, "c": code},
                )
            for id_number, name in ((ID_ZHANG, "张三"), (ID_LI, "李四")):
                conn.execute(
                    text(
                        "INSERT INTO applicants (id_number, id_kind, name, mobile, address,"
                        " updated_at) VALUES (:n, 'resident_id', :name, :m, '', :at)"
                    ),
                    {"n": id_number, "name": name, "m": PHONE, "at": at},
                )
            for number, hall_code, uploaded in (
                ("HS01-01-20261123-0001", "HS01", "2026-11-23 02:00:00+00:00"),
                ("HS02-01-20261124-0001", "HS02", "2026-11-24 02:00:00+00:00"),
            ):
                conn.execute(
                    text(
                        "INSERT INTO cases (number, hall_code, window_no, item_code, item_version,"
                        " item_name, applicant_id_number, applicant_name, status, data,"
                        " uploaded_at, uploaded_by, version) VALUES (:n, :h, 1, 'X', 1, 'X', :a,"
                        " '张三', 'accepted', '{}', :u, 'clerk01', 1)"
                    ),
                    {"n": number, "h": hall_code, "a": ID_ZHANG, "u": uploaded},
                )
        upgrade(engine, "0007")
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT hall_code, id_number, mobile FROM applicants ORDER BY 1, 2")
            ).all()
        # 张三 applied in both halls: each keeps a record; 李四 had no case: the first hall's.
        assert [tuple(r) for r in rows] == [
            ("HS01", ID_ZHANG, PHONE),
            ("HS01", ID_LI, PHONE),
            ("HS02", ID_ZHANG, PHONE),
        ]
    finally:
        engine.dispose()

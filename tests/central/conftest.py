"""Fixtures of the central server tests: a clean database per test on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from clerk_app.central.app import create_app
from clerk_app.central.catalog_import import import_catalog
from clerk_app.central.catalog_io import ParsedCatalog
from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.gen_catalog import MATERIAL_DIRECTORY, generate_catalog
from clerk_app.central.models import Device, Staff
from clerk_app.central.services.accounts import create_admin
from clerk_app.central.services.halls import load_hall_config
from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    Person,
    make_case_number,
)
from clerk_app.domain.catalog import Item
from clerk_app.sync.device_key import DeviceKey

PASSWORD = "Demo@2026"
# Valid resident IDs (GB 11643 checksum): used as applicants.
ID_ZHANG = "11010519491231002X"
ID_LI = "420102199003071232"


def hall_config(code: str = "HS01", name: str = "黄石市民之家", prefix: str = "") -> dict[str, Any]:
    return {
        "hall": {"code": code, "name": name, "address": "黄石市团城山"},
        "zones": [{"code": "SOCIAL", "name": "社会事务"}, {"code": "POLICE", "name": "公安"}],
        "queues": [
            {"code": "SOCIAL", "name": "社会事务", "prefix": "A", "zone": "SOCIAL"},
            {"code": "POLICE", "name": "公安", "prefix": "D", "zone": "POLICE"},
        ],
        "windows": [
            {"number": 1, "label": "1号窗口", "zone": "SOCIAL", "queues": ["SOCIAL", "POLICE"]},
            {"number": 2, "label": "2号窗口", "zone": "POLICE", "queues": ["POLICE"]},
        ],
        "staff": [
            {
                "username": f"{prefix}clerk01",
                "display_name": "张敏",
                "role": "clerk",
                "password": PASSWORD,
                "window": 1,
                "department_code": None,
            },
            {
                "username": f"{prefix}super01",
                "display_name": "王强",
                "role": "supervisor",
                "password": PASSWORD,
                "window": None,
                "department_code": None,
            },
        ],
    }


def second_hall() -> dict[str, Any]:
    return hall_config("HS02", "黄石港区政务服务中心", prefix="hs02_")


def create_admins(session: Session) -> None:
    """The admins of the test halls: admin01 (HS02) and hs01_admin (HS01), never in hall files."""
    now = datetime(2026, 11, 23, tzinfo=UTC)
    for hall, username, name in (
        ("HS02", "admin01", "系统管理员"),
        ("HS01", "hs01_admin", "管理员"),
    ):
        if session.scalars(select(Staff.id).where(Staff.username == username)).first() is None:
            create_admin(session, hall, username, name, PASSWORD, now)  # seeding runs again


def approve_device(url: str, code: str) -> None:
    """Approve a pending device as the system would after an admin's decision (tests)."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            device = session.scalars(select(Device).where(Device.code == code)).one()
            device.status = "approved"
            session.commit()
    finally:
        engine.dispose()


def small_catalog(n_items: int = 40, seed: int = 7) -> ParsedCatalog:
    header, departments, items, bundles = generate_catalog(n_items, seed=seed)
    return ParsedCatalog(header, departments, items, bundles, materials=list(MATERIAL_DIRECTORY))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: an SQLite file, or a schema of its own on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.db'}"
        return
    base: str = request.getfixturevalue("postgres_url")
    schema = f"central_t_{uuid.uuid4().hex[:12]}"
    plain = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def seed_database(url: str, catalog: ParsedCatalog | None = None) -> ParsedCatalog:
    upgrade(url)
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            load_hall_config(session, hall_config())
            load_hall_config(session, second_hall())
            create_admins(session)
            session.commit()
        parsed = catalog or small_catalog()
        import_catalog(engine, parsed)
        return parsed
    finally:
        engine.dispose()


def login_from_device(
    post: Callable[[dict[str, Any]], Any],
    url: str,
    username: str,
    window_no: int | None,
    key: DeviceKey,
    password: str = PASSWORD,
) -> str:
    """Log in with the device key; a registration it asks for is approved, then it logs in."""
    body = {"username": username, "password": password, "window_no": window_no}
    body["device"] = key.proof()
    response = post(body)
    if response.status_code == 403 and "尚未登记" in response.json()["detail"]:
        approve_device(url, key.code)
        response = post(body)
    elif (
        response.status_code == 200
        and window_no is not None
        and response.json()["user"]["window_no"] != window_no
    ):
        # A help desk or manager at a new PC: in, but placed at the window once approved.
        approve_device(url, key.code)
        response = post(body)
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


class Central:
    """A running app on a seeded database, with its test client."""

    def __init__(self, url: str, app: FastAPI, client: TestClient, catalog: ParsedCatalog) -> None:
        self.url, self.app, self.client, self.catalog = url, app, client, catalog
        self.devices: dict[tuple[str, int | None], DeviceKey] = {}

    def __repr__(self) -> str:  # short: hypothesis prints it on failure
        return f"Central({self.url!r})"

    def login(
        self, username: str = "clerk01", password: str = PASSWORD, window_no: int | None = None
    ) -> dict[str, str]:
        """Log in from a PC registered (and approved) for that window: a device of its own per
        account and window, approved on first use as an admin would."""
        key = self.devices.setdefault((username, window_no), DeviceKey.generate())
        token = login_from_device(
            lambda body: self.client.post("/api/v1/auth/login", json=body),
            self.url,
            username,
            window_no,
            key,
            password,
        )
        return {"Authorization": f"Bearer {token}"}

    def advance_clock(self, delta: timedelta) -> None:
        current = self.app.state.clock
        self.app.state.clock = lambda: current() + delta


@pytest.fixture
def central(db_url: str) -> Iterator[Central]:
    catalog = seed_database(db_url)
    app = create_app(db_url)
    with TestClient(app) as client:
        yield Central(db_url, app, client, catalog)


def make_case(
    item: Item,
    *,
    hall_code: str = "HS01",
    window_no: int = 1,
    sequence: int = 1,
    applicant: Person | None = None,
    status: CaseStatus = CaseStatus.ACCEPTED,
    received_at: datetime | None = None,
) -> Case:
    received = received_at or datetime(2026, 11, 23, 9, 30, tzinfo=UTC) + timedelta(
        minutes=sequence
    )
    person = applicant or Person(
        IdKind.RESIDENT_ID, ID_ZHANG, "张三", "13800138000", "黄石市下陆区"
    )
    checks = tuple(
        MaterialCheck(m, MaterialState.RECEIVED, copies_received=m.copies) for m in item.materials
    )
    return Case(
        number=make_case_number(hall_code, window_no, received.date(), sequence),
        hall_code=hall_code,
        window_no=window_no,
        item=item,
        applicant=person,
        checks=checks,
        decision=Decision(DecisionKind.ACCEPT),
        status=status,
        received_at=received,
        promised_date=date(2026, 12, 4),
        clerk="clerk01",
        clerk_name="张敏",
        ticket_no="A012",
        events=(CaseEvent(received, "clerk01", "1号窗口", "created", status, "收件"),),
    )


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path

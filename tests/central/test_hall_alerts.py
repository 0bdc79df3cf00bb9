"""The supervisor's alerts, thresholds and today's appointments, on SQLite and PostgreSQL.

The server's clock is Monday 2026-11-23 10:00 in the hall (``test_queue_api.START``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.models import CaseRecord
from clerk_app.domain.cases import Case, CaseStatus, Decision, DecisionKind, MaterialCheck

from .conftest import Central, make_case
from .test_queue_api import API, Q

ALERTS = f"{API}/halls/HS01/alerts"
SETTINGS = f"{API}/halls/HS01/alert-settings"


@pytest.fixture
def q(central: Central) -> Q:
    return Q(central)


def alerts(q: Q, headers: dict[str, str] | None = None) -> dict[str, Any]:
    response = q.client.get(ALERTS, headers=headers or q.supervisor)
    assert response.status_code == 200, response.text
    return dict(response.json())


def by_key(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["key"]: a for a in answer["alerts"]}


def upload(q: Q, case: Case) -> None:
    response = q.client.post(f"{API}/cases", json=case.to_dict(), headers=q.clerk1)
    assert response.status_code == 200, response.text


def promised(q: Q, sequence: int, day: date) -> Case:
    case = replace(make_case(q.central.catalog.items[0], sequence=sequence), promised_date=day)
    upload(q, case)
    return case


def test_only_managers_of_the_hall_see_alerts(q: Q) -> None:
    for headers in (q.clerk1, q.helpdesk, q.kiosk):
        assert q.client.get(ALERTS, headers=headers).status_code == 403
    other_hall = q.central.login("hs02_super01")
    assert q.client.get(ALERTS, headers=other_hall).status_code == 403
    answer = alerts(q)
    assert answer["alerts"] == [] and answer["departments"] == []
    assert answer["settings"] == {
        "wait_minutes": 30,
        "pause_minutes": 15,
        "deadline_days": 2,
        "followup_days": 5,
    }


def test_a_long_wait_alerts_yellow_then_red_at_twice_the_threshold(q: Q) -> None:
    q.issue("SOCIAL")
    q.tick(29 * 60)
    assert "queue:SOCIAL" not in by_key(alerts(q))
    q.tick(2 * 60)
    alert = by_key(alerts(q))["queue:SOCIAL"]
    assert alert["kind"] == "queue_wait" and alert["level"] == "yellow"
    assert alert["subject"] == "社会事务" and alert["detail"] == "1"  # one waiting
    q.tick(30 * 60)
    assert by_key(alerts(q))["queue:SOCIAL"]["level"] == "red"
    assert q.call(1) is not None  # served: no one waits any more
    assert "queue:SOCIAL" not in by_key(alerts(q))


def test_a_window_paused_past_its_limit_alerts_until_it_resumes(q: Q) -> None:
    assert q.post(1, "pause", {"reason": "系统故障"}).status_code == 200
    q.tick(10 * 60)
    assert q.post(1, "pause", {"reason": "等待技术支持"}).status_code == 200  # same pause
    q.tick(6 * 60)
    alert = by_key(alerts(q))["window:1"]
    assert alert["kind"] == "window_paused" and alert["window_no"] == 1
    assert alert["subject"] == "1号窗口" and alert["detail"] == "等待技术支持"
    assert alert["level"] == "yellow"
    assert q.post(1, "resume").status_code == 200
    assert "window:1" not in by_key(alerts(q))


def test_cases_near_or_past_their_promised_date_by_department(q: Q) -> None:
    late = promised(q, 1, date(2026, 11, 20))  # last Friday: red
    near = promised(q, 2, date(2026, 11, 25))  # two working days: yellow
    friday = promised(q, 3, date(2026, 11, 28))  # Saturday after 4 working days: none
    promised(q, 4, date(2026, 12, 4))
    answer = alerts(q)
    keys = by_key(answer)
    assert keys[f"case:{late.number}"]["level"] == "red"
    assert keys[f"case:{near.number}"]["level"] == "yellow"
    assert f"case:{friday.number}" not in keys
    red = keys[f"case:{late.number}"]
    item = q.central.catalog.items[0]
    assert red["case_number"] == late.number and red["detail"] == item.name
    assert red["due"] == "2026-11-20" and red["department"]
    [department] = answer["departments"]
    assert (department["code"], department["red"], department["yellow"]) == (
        item.department_code,
        1,
        1,
    )
    # Red alerts come first.
    levels = [a["level"] for a in answer["alerts"]]
    assert levels == sorted(levels, key=lambda level: level != "red")
    # A threshold of 0 days: only what is due today or passed.
    body = {"wait_minutes": 30, "pause_minutes": 15, "deadline_days": 0, "followup_days": 5}
    assert q.client.put(SETTINGS, json=body, headers=q.supervisor).status_code == 200
    assert f"case:{near.number}" not in by_key(alerts(q))


def test_open_gap_commitments_alert_until_supplied(q: Q) -> None:
    case = make_case(q.central.catalog.items[0], sequence=5, status=CaseStatus.ACCEPTED_WITH_GAPS)
    gap = MaterialCheck(replace(case.checks[0].material, gap_allowed=True, required=True))
    case = replace(
        case,
        promised_date=date(2026, 12, 18),
        checks=(gap, *case.checks[1:]),
        decision=Decision(
            DecisionKind.ACCEPT_WITH_GAPS,
            commitment_deadline=date(2026, 11, 24),
            commitment_signed=True,
        ),
    )
    upload(q, case)
    alert = by_key(alerts(q))[f"gap:{case.number}"]
    assert alert["kind"] == "gap_due" and alert["level"] == "yellow"
    assert alert["due"] == "2026-11-24"
    assert f"case:{case.number}" not in by_key(alerts(q))  # its promised date is far
    op = {
        "op_id": "supply-1",
        "kind": "case.supply",
        "base_version": 1,
        "payload": {"case": case.to_dict(), "materials": [gap.material.code], "note": ""},
    }
    pushed = q.client.post(
        f"{API}/sync/push", json={"window_no": 1, "operations": [op]}, headers=q.clerk1
    )
    assert pushed.json()["results"][0]["status"] == "applied", pushed.text
    assert f"gap:{case.number}" not in by_key(alerts(q))
    assert stored_dates(q.central.url, case.number) == (date(2026, 12, 18), None)


def stored_dates(url: str, number: str) -> tuple[date | None, date | None]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            record = session.get(CaseRecord, number)
            assert record is not None
            return record.promised_date, record.gap_due
    finally:
        engine.dispose()


def test_a_bad_rating_not_followed_up_in_time_alerts(q: Q) -> None:
    q.issue("SOCIAL")
    ticket = q.call(1)
    assert ticket is not None
    q.finish(1)
    rated = q.client.post(
        f"{API}/halls/HS01/windows/1/rating",
        json={"ticket_id": ticket["id"], "score": 1, "reason": "服务态度不好"},
        headers=q.eval1,
    )
    assert rated.status_code == 201, rated.text
    assert not [a for a in alerts(q)["alerts"] if a["kind"] == "rating_followup"]
    q.clock.now += timedelta(days=7)  # Monday 2026-11-30: the due day
    supervisor = q.central.login("super01")
    alert = by_key(alerts(q, supervisor))[f"rating:{rated.json()['id']}"]
    assert alert["level"] == "yellow" and alert["subject"] == ticket["number"]
    assert alert["rating_id"] == rated.json()["id"] and alert["detail"] == "服务态度不好"
    q.clock.now += timedelta(days=1)
    supervisor = q.central.login("super01")
    assert by_key(alerts(q, supervisor))[f"rating:{rated.json()['id']}"]["level"] == "red"


def test_thresholds_are_the_halls_checked_and_audited(q: Q) -> None:
    body = {"wait_minutes": 20, "pause_minutes": 10, "deadline_days": 3, "followup_days": 4}
    assert q.client.put(SETTINGS, json=body, headers=q.clerk1).status_code == 403
    bad = q.client.put(SETTINGS, json={**body, "wait_minutes": 0}, headers=q.supervisor)
    assert bad.status_code == 422
    saved = q.client.put(SETTINGS, json=body, headers=q.supervisor)
    assert saved.status_code == 200 and saved.json() == body
    assert q.client.get(SETTINGS, headers=q.supervisor).json() == body
    engine = make_engine(q.central.url)
    try:
        with make_session_factory(engine)() as session:
            entry = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "hall.alert_settings")
            ).one()
            assert entry.actor == "super01" and entry.detail["to"] == body
            assert entry.detail["from"]["wait_minutes"] == 30
    finally:
        engine.dispose()
    q.issue("SOCIAL")
    q.tick(21 * 60)
    assert "queue:SOCIAL" in by_key(alerts(q))


def test_todays_appointments_per_queue_and_slot(q: Q) -> None:
    rows = [
        # code, queue, start (hall time), end
        ("YY0001", "SOCIAL", "09:00", "09:30"),  # on time
        ("YY0002", "SOCIAL", "09:00", "09:30"),  # never came: no-show
        ("YY0003", "SOCIAL", "09:30", "10:00"),  # came late
        ("YY0004", "SOCIAL", "10:30", "11:00"),  # still expected
        ("YY0005", "POLICE", "10:30", "11:00"),
    ]
    csv = "code,queue,date,start,end\n" + "".join(
        f"{code},{queue},2026-11-23,{start},{end}\n" for code, queue, start, end in rows
    )
    imported = q.client.post(
        f"{API}/halls/HS01/appointments/import",
        content=csv.encode(),
        headers={**q.supervisor, "Content-Type": "text/csv"},
    )
    assert imported.status_code == 200, imported.text
    q.clock.now -= timedelta(minutes=55)  # 09:05: YY0001 on time
    q.issue("SOCIAL", kind="appointment", appointment_code="YY0001")
    q.clock.now += timedelta(minutes=55)  # 10:00+: YY0003 (09:30) past the grace period
    q.issue("SOCIAL", kind="appointment", appointment_code="YY0003")
    answer = q.client.get(f"{API}/halls/HS01/appointments/today", headers=q.supervisor)
    assert answer.status_code == 200, answer.text
    assert answer.json()["day"] == "2026-11-23"
    counts = ("booked", "checked_in", "late", "no_show", "expected")
    slots = [
        (s["queue_code"], s["start"][11:16], *(s[name] for name in counts))
        for s in answer.json()["slots"]
    ]
    assert slots == [  # slot starts in UTC: 09:00 in the hall is 01:00
        ("SOCIAL", "01:00", 2, 1, 0, 1, 0),
        ("SOCIAL", "01:30", 1, 1, 1, 0, 0),
        ("SOCIAL", "02:30", 1, 0, 0, 0, 1),
        ("POLICE", "02:30", 1, 0, 0, 0, 1),
    ]
    assert q.client.get(f"{API}/halls/HS01/appointments/today", headers=q.clerk1).status_code == 403

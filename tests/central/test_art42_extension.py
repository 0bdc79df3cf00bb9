"""行政许可法 Art. 42 on the server (SQLite and PostgreSQL): the department head approves an
extension past the legal limit, once, with a reason; joint handling (a bundle's case) has 45
working days +15; the server counts with the hall's calendar (the counter's)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from clerk_app.central import cli
from clerk_app.central.audit_models import AuditEntry
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.services.calendar import server_calendar
from clerk_app.central.services.errors import Invalid
from clerk_app.central.services.halls import load_hall_config
from clerk_app.domain.bundle_link import BundleLink, make_bundle_number
from clerk_app.domain.cases import Case
from clerk_app.domain.extensions import EXTENSION_ACTION
from clerk_app.domain.workdays import LimitUnit
from tests.central.conftest import Central, hall_config, make_case
from tests.central.test_backoffice import API, MONDAY, Backoffice, backoffice_of, department_staff

CAL = server_calendar()


@pytest.fixture
def bo(central: Central) -> Backoffice:
    head = department_staff("head_a", central.catalog.items[0].department_code)
    return backoffice_of(central, {**head, "department_head": True, "display_name": "王建国"})


def upload(bo: Backoffice, case: Case) -> None:
    response = bo.central.client.post("/api/v1/cases", json=case.to_dict(), headers=bo.clerk)
    assert response.status_code == 200, response.text


def as_head(bo: Backoffice, number: str, days: int, reason: str = "需组织专家评审") -> Any:
    return bo.central.client.post(
        f"{API}/{number}/approve-extension",
        json={"working_days": days, "reason": reason},
        headers=bo.central.login("head_a"),
    )


def test_only_the_head_approves_and_only_once(bo: Backoffice) -> None:
    case = bo.upload(1)
    bo.post(case.number, "take")
    refused = bo.post(case.number, "approve-extension", {"working_days": 10, "reason": "评审"})
    assert refused.status_code == 403 and "负责人" in refused.json()["detail"]
    view = bo.central.client.get(f"{API}/{case.number}", headers=bo.a).json()
    limit = date.fromisoformat(view["legal_limit_date"])
    received = date(2026, 11, 23)  # 17:31 in China, Monday
    assert limit == CAL.add_working_days(received, bo.item.legal_days)
    too_long = as_head(bo, case.number, 11)
    assert too_long.status_code == 422 and "1至10个工作日" in too_long.json()["detail"]
    approved = as_head(bo, case.number, 10)
    assert approved.status_code == 200, approved.text
    view = approved.json()
    new_limit = CAL.add_working_days(limit, 10)
    assert view["legal_limit_date"] == new_limit.isoformat()
    assert view["promised_date"] == new_limit.isoformat()
    record = view["backoffice"]["approved_extension"]
    assert record["approved_by"] == "head_a" and record["approved_by_name"] == "王建国"
    assert record["reason"] == "需组织专家评审" and record["working_days"] == 10
    event = view["events"][-1]
    assert event["action"] == EXTENSION_ACTION and event["actor"] == "head_a"
    assert "经本机关负责人王建国批准" in event["detail"] and "需组织专家评审" in event["detail"]
    again = as_head(bo, case.number, 5)
    assert again.status_code == 422 and "只允许延长一次" in again.json()["detail"]
    engine = make_engine(bo.central.url)
    with make_session_factory(engine)() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.subject == case.number)
        ).all()
    engine.dispose()
    assert "case.extension_approve" in actions


def test_extend_reaches_the_approved_limit_not_beyond(bo: Backoffice) -> None:
    case = bo.upload(1)
    bo.post(case.number, "take")
    view = bo.central.client.get(f"{API}/{case.number}", headers=bo.a).json()
    limit = date.fromisoformat(view["legal_limit_date"])
    room = CAL.working_days_between(date(2026, 12, 4), limit)
    past = bo.post(case.number, "extend", {"reason": "专家评审", "working_days": room + 1})
    assert past.status_code == 422
    detail = past.json()["detail"]
    assert f"最多还能延长{room}个工作日" in detail and "须经本机关负责人批准延期" in detail
    assert as_head(bo, case.number, 10).status_code == 200
    # The head's approval moved the promised date to the new limit: no room is left.
    beyond = bo.post(case.number, "extend", {"reason": "专家评审", "working_days": 1})
    assert beyond.status_code == 422 and "不能再延长" in beyond.json()["detail"]


def test_joint_handling_has_45_working_days_and_15_more(bo: Backoffice) -> None:
    first = make_case(bo.item, sequence=3)
    link = BundleLink(make_bundle_number(first.number), "NOT-IN-CATALOG", "企业开办一件事")
    case = replace(first, bundle=link)
    upload(bo, case)
    bo.post(case.number, "take")
    view = bo.central.client.get(f"{API}/{case.number}", headers=bo.a).json()
    assert view["joint"] is True
    limit = CAL.add_working_days(date(2026, 11, 23), 45)
    assert view["legal_limit_date"] == limit.isoformat()
    assert as_head(bo, case.number, 16).status_code == 422
    approved = as_head(bo, case.number, 15)
    assert approved.status_code == 200, approved.text
    assert approved.json()["legal_limit_date"] == CAL.add_working_days(limit, 15).isoformat()
    assert "第四十二条第二款" in approved.json()["events"][-1]["detail"]


def test_the_server_counts_new_year_2027_like_the_counter(bo: Backoffice) -> None:
    """The issue's example through the API: promised 2026-12-31, extended by 1 working day."""
    received = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)  # Monday: the legal limit is in 2027
    assert bo.item.legal_days >= 10
    case = replace(
        make_case(bo.item, sequence=4, received_at=received), promised_date=date(2026, 12, 31)
    )
    upload(bo, case)
    bo.at(datetime(2026, 12, 30, 2, 0, tzinfo=UTC))
    bo.post(case.number, "take")
    extended = bo.post(case.number, "extend", {"reason": "补充核查", "working_days": 1})
    assert extended.status_code == 200, extended.text
    assert extended.json()["promised_date"] == "2027-01-04"


def test_a_head_flag_on_a_non_department_account_is_refused(central: Central) -> None:
    conf = hall_config()
    conf["staff"][0] = {**conf["staff"][0], "department_head": True}
    engine = make_engine(central.url)
    with make_session_factory(engine)() as session, pytest.raises(Invalid, match="部门负责人"):
        load_hall_config(session, conf)
    engine.dispose()


class _OnMonday(datetime):
    """The CLI's clock on the server's MONDAY: the case's legal limit (2026-12-07) must not
    have passed on the day the suite runs."""

    @classmethod
    def now(cls, tz: Any = None) -> Any:
        return MONDAY if tz is None else MONDAY.astimezone(tz)


def test_cli_approves_as_the_head(
    bo: Backoffice, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "datetime", _OnMonday)
    case = bo.upload(1)
    bo.post(case.number, "take")
    db = ["--db", bo.central.url]
    args = ["dept", "approve-extension", case.number, *db, "--reason", "专家评审"]
    assert cli.main([*args, "--user", "dept_a"]) == 2
    assert "负责人" in capsys.readouterr().err
    assert cli.main([*args, "--user", "head_a"]) == 0
    assert "延长办理期限10个工作日" in capsys.readouterr().out


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_department_page_approves_as_the_head(bo: Backoffice) -> None:
    from tests.central.test_department_page import PAGE, csrf_of, form, log_in

    case = bo.upload(1)
    bo.post(case.number, "take")
    log_in(bo, "dept_a")
    page = bo.central.client.get(f"{PAGE}/cases/{case.number}").text
    assert "负责人批准延期（行政许可法第四十二条" in page and "法定期限届满" in page
    fields = {"csrf": csrf_of(page), "working_days": "10", "reason": "专家评审"}
    status, html = form(bo, f"{PAGE}/cases/{case.number}/approve-extension", fields)
    assert status == 403 and "负责人" in html
    log_in(bo, "head_a")
    fields["csrf"] = csrf_of(bo.central.client.get(f"{PAGE}/cases/{case.number}").text)
    status, html = form(bo, f"{PAGE}/cases/{case.number}/approve-extension", fields)
    assert status == 200, html
    assert (
        "已批准延期" in html
        and "批准延期" in html
        and "王建国于2026-11-23批准延长10个工作日" in html
    )


def test_a_calendar_day_case_is_counted_in_days_on_the_server(bo: Backoffice) -> None:
    """护照法's 十五日: the legal limit and a suspension count calendar days."""
    item = replace(
        bo.item,
        legal_days=15,
        promised_days=7,
        legal_unit=LimitUnit.CALENDAR_DAYS,
        promised_unit=LimitUnit.CALENDAR_DAYS,
    )
    case = replace(make_case(item, sequence=5), promised_date=date(2026, 11, 30))
    upload(bo, case)
    bo.post(case.number, "take")
    view = bo.central.client.get(f"{API}/{case.number}", headers=bo.a).json()
    assert view["legal_unit"] == "calendar_days"
    assert view["legal_limit_date"] == "2026-12-08"  # Monday 11-23 + 15 days (a Tuesday)
    bo.post(case.number, "suspend", {"reason": "核查"})
    bo.at(MONDAY + timedelta(days=3))  # Thursday: 3 calendar days suspended
    resumed = bo.post(case.number, "resume").json()
    assert "暂停3日（自然日）" in resumed["events"][-1]["detail"]
    assert resumed["promised_date"] == "2026-12-03"  # 11-30 + 3 days, a Thursday
    assert resumed["legal_limit_date"] == "2026-12-11"  # 11-23 + 18 days

"""The bundle number (一件事编号) on the server, SQLite and PostgreSQL: the item cases of one
bundle application pushed by a window keep their link, each reaches its own department with
the number, a link that cannot be the window's is refused, and a later write cannot change it."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select

from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.models import CaseRecord
from clerk_app.domain.bundle_link import BundleLink, make_bundle_number
from clerk_app.domain.cases import Case
from tests.central.conftest import make_case
from tests.central.test_backoffice import API, Backoffice, bo  # noqa: F401  (the fixture)


def _bundle_cases(bo: Backoffice, first_sequence: int) -> list[Case]:  # noqa: F811
    cases = [
        make_case(bo.item, sequence=first_sequence),
        make_case(bo.other_item, sequence=first_sequence + 1),
    ]
    link = BundleLink(
        number=make_bundle_number(cases[0].number),
        code="YJS-T",
        name="测试一件事",
        item_codes=(bo.item.code, bo.other_item.code),
        promised_date=date(2026, 12, 11),
    )
    return [replace(c, bundle=link) for c in cases]


def _create_op(case: Case) -> dict[str, Any]:
    return {
        "op_id": str(uuid.uuid4()),
        "kind": "case.create",
        "base_version": None,
        "payload": {"case": case.to_dict()},
    }


def _push(bo: Backoffice, cases: list[Case]) -> list[dict[str, Any]]:  # noqa: F811
    response = bo.central.client.post(
        "/api/v1/sync/push",
        json={"window_no": 1, "operations": [_create_op(c) for c in cases]},
        headers=bo.clerk,
    )
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _stored_bundle_numbers(bo: Backoffice) -> dict[str, str | None]:  # noqa: F811
    engine = make_engine(bo.central.url)
    try:
        with make_session_factory(engine)() as session:
            rows = session.execute(select(CaseRecord.number, CaseRecord.bundle_no))
            return {r.number: r.bundle_no for r in rows}
    finally:
        engine.dispose()


def test_a_bundles_cases_are_linked_and_each_reaches_its_department(bo: Backoffice) -> None:  # noqa: F811
    cases = _bundle_cases(bo, 1)
    number = cases[0].bundle_no
    assert number == "YJS-" + cases[0].number
    assert [r["status"] for r in _push(bo, cases)] == ["applied", "applied"]
    single = bo.upload(5)  # an item alone: no link
    stored = _stored_bundle_numbers(bo)
    assert stored == {cases[0].number: number, cases[1].number: number, single.number: None}
    whole = bo.central.client.get(f"/api/v1/cases/{cases[1].number}", headers=bo.clerk).json()
    assert whole["bundle"]["number"] == number and whole["bundle"]["promised_date"] == "2026-12-11"
    listed = bo.central.client.get("/api/v1/cases", headers=bo.clerk).json()
    assert {c["number"]: c["bundle_no"] for c in listed} == {
        cases[0].number: number,
        cases[1].number: number,
        single.number: "",
    }
    # each department sees its own item's case, with the bundle's number
    for headers, seen in (
        (bo.a, {cases[0].number: number, single.number: ""}),
        (bo.b, {cases[1].number: number}),
    ):
        mine = bo.central.client.get(API, params={"state": "new"}, headers=headers).json()
        assert {c["number"]: c["bundle_no"] for c in mine} == seen


def test_a_link_that_is_not_the_windows_is_refused(bo: Backoffice) -> None:  # noqa: F811
    cases = _bundle_cases(bo, 1)
    assert cases[0].bundle is not None
    elsewhere = replace(cases[0].bundle, number="YJS-HS01-02-20261123-0001")  # window 2's
    not_an_item = replace(cases[0].bundle, item_codes=("NO-SUCH",))
    malformed = {**cases[0].to_dict(), "bundle": {**cases[0].bundle.to_dict(), "number": "X1"}}
    results = _push(
        bo, [replace(cases[0], bundle=elsewhere), replace(cases[1], bundle=not_an_item)]
    )
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert "大厅、窗口或日期不一致" in results[0]["detail"]
    assert "不在一件事" in results[1]["detail"]
    response = bo.central.client.post("/api/v1/cases", json=malformed, headers=bo.clerk)
    assert response.status_code == 422 and "一件事编号格式不正确" in response.text
    assert _stored_bundle_numbers(bo) == {}


def test_a_later_write_keeps_the_link(bo: Backoffice) -> None:  # noqa: F811
    case = _bundle_cases(bo, 1)[0]
    (created,) = _push(bo, [case])
    unlinked = replace(case, bundle=None, mail_address="黄石市下陆区某路 1 号")
    op = {**_create_op(unlinked), "kind": "case.update", "base_version": created["version"]}
    response = bo.central.client.post(
        "/api/v1/sync/push", json={"window_no": 1, "operations": [op]}, headers=bo.clerk
    )
    (result,) = response.json()["results"]
    assert result["status"] == "applied", result
    assert result["case"]["bundle"]["number"] == case.bundle_no
    assert _stored_bundle_numbers(bo) == {case.number: case.bundle_no}

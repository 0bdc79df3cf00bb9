"""Help-desk pre-checks on the server (issue 11): the help desk records, the window accepts,
the server keeps the moves, the hall, the version and the least data; the supervisor counts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .conftest import ID_ZHANG, Central
from .test_queue_support import add_queue_staff

API = "/api/v1"
NUMBER = "YS-HS01-H01-20261123-0001"


def body(central: Central, **changes: Any) -> dict[str, Any]:
    item = central.catalog.items[0]
    materials = [m.code for m in item.materials]
    data: dict[str, Any] = {
        "number": NUMBER,
        "status": "open",
        "item_refs": [{"code": item.code, "version": item.version}],
        "findings": [
            {"material_code": materials[0], "finding": "brought", "note": ""},
            *({"material_code": code, "finding": "missing", "note": ""} for code in materials[1:]),
        ],
        "applicant_kind": "resident_id",
        "applicant_id": ID_ZHANG,
        "base_version": 0,
    }
    data.update(changes)
    return data


def put(central: Central, user: str, data: dict[str, Any], window_no: int | None = None) -> Any:
    return central.client.put(
        f"{API}/prechecks/{data['number']}",
        json=data,
        headers=central.login(user, window_no=window_no),
    )


def test_help_desk_opens_and_hands_over_the_window_accepts(central: Central) -> None:
    add_queue_staff(central.url)
    central.app.state.clock = lambda: datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    opened = put(central, "help01", body(central))
    assert opened.status_code == 200, opened.text
    stored = opened.json()
    assert stored["checked_by"] == "help01"
    assert stored["open_until"] == "2026-12-23"  # 30 days, the hall's default
    assert stored["version"] == 1

    handed = put(
        central, "help01", body(central, status="handed_over", ticket_no="A001", base_version=1)
    )
    assert handed.status_code == 200, handed.text

    # the window reads the full identity; the help desk a masked one
    full = central.client.get(
        f"{API}/prechecks/{NUMBER}", headers=central.login("clerk01", window_no=1)
    )
    assert full.json()["applicant_id"] == ID_ZHANG
    masked = central.client.get(f"{API}/prechecks/{NUMBER}", headers=central.login("help01"))
    assert masked.json()["applicant_id"] != ID_ZHANG

    # the window cannot rewrite the help desk's findings, only the outcome
    accepted = put(
        central,
        "clerk01",
        body(
            central,
            status="accepted",
            case_number="HS01-01-20261123-0001",
            findings=[],
            base_version=2,
        ),
        window_no=1,
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["findings"] == stored["findings"]
    assert accepted.json()["ticket_no"] == "A001"

    found = central.client.get(
        f"{API}/prechecks", params={"q": "A001"}, headers=central.login("clerk01", window_no=1)
    )
    assert [p["number"] for p in found.json()] == [NUMBER]

    stats = central.client.get(
        f"{API}/halls/HS01/prechecks/stats",
        params={"day": "2026-11-23"},
        headers=central.login("super01"),
    ).json()
    assert stats["total"] == 1 and stats["ready"] == 1 and stats["became_cases"] == 1
    missing = {m["material_code"] for m in stats["most_missing"]}
    assert missing == {f["material_code"] for f in stored["findings"] if f["finding"] == "missing"}


def test_refusals_say_why_and_change_nothing(central: Central) -> None:
    add_queue_staff(central.url)
    # a window does not open pre-checks; a kiosk does not write them at all
    assert put(central, "clerk01", body(central), window_no=1).status_code == 403
    assert put(central, "help01", body(central)).status_code == 200
    # a stale version, a move that does not exist, another hall's number, a bad number
    stale = put(central, "help01", body(central, base_version=0))
    assert stale.status_code == 409 and "第 1 版" in stale.json()["detail"]
    back = put(central, "help01", body(central, status="closed", base_version=1))
    assert back.status_code == 200
    reopen = put(central, "help01", body(central, status="open", base_version=2))
    assert reopen.status_code == 409 and "已关闭" in reopen.json()["detail"]
    other = put(central, "help01", body(central, number="YS-HS02-H01-20261123-0001"))
    assert other.status_code == 403
    bad = put(central, "help01", body(central, number="YS-HS01-1-2026"))
    assert bad.status_code == 422
    no_case = put(
        central,
        "help01",
        body(central, number="YS-HS01-H01-20261123-0002", status="handed_over"),
    )
    assert no_case.status_code == 200
    accept_without_case = put(
        central,
        "clerk01",
        body(central, number="YS-HS01-H01-20261123-0002", status="accepted", base_version=1),
        window_no=1,
    )
    assert accept_without_case.status_code == 422
    assert "案件编号" in accept_without_case.json()["detail"]


def test_the_most_missing_are_named_and_a_bundles_shared_code_is_told_apart(
    central: Central,
) -> None:
    """Material codes are each item's own (M01 …): the supervisor's list counts by name, one
    per pre-check, and a bundle whose items use one code for two materials counts the right
    one (the n-th finding of a code is the n-th checklist line of that code)."""
    from clerk_app.domain.precheck import precheck_lines

    add_queue_staff(central.url)
    central.app.state.clock = lambda: datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    usable = [i for i in central.catalog.items if not i.withdrawn and len(i.materials) >= 2]
    # ``shared``: the second item's material under a code the first uses for another one
    first, second, shared = next(
        (a, b, m)
        for a in usable
        for b in usable
        for m in b.materials
        if a.code != b.code
        and m.name not in {n.name for n in a.materials}
        and m.code in {n.code for n in a.materials}
    )
    extra = next(m for m in second.materials if m.code != shared.code)
    lines = precheck_lines([first, second], None)
    other = next(m for m in first.materials if m.code == shared.code)
    assert [line.material.code for line in lines].count(shared.code) == 2

    def refs(*items: Any) -> list[dict[str, Any]]:
        return [{"code": i.code, "version": i.version} for i in items]

    def findings(codes_names: list[tuple[str, str]], missing: set[str]) -> list[dict[str, Any]]:
        return [
            {"material_code": code, "finding": "missing" if name in missing else "brought"}
            for code, name in codes_names
        ]

    bundle_lines = [(line.material.code, line.material.name) for line in lines]
    saved = [
        # the bundle: only the second item's material under the shared code is missing
        body(
            central,
            number="YS-HS01-H01-20261123-0011",
            item_refs=refs(first, second),
            findings=findings(bundle_lines, {shared.name}),
        ),
        # the second item alone, the same material missing, and an expired copy of another
        body(
            central,
            number="YS-HS01-H01-20261123-0012",
            item_refs=refs(second),
            findings=[
                {"material_code": shared.code, "finding": "missing"},
                {"material_code": extra.code, "finding": "expired"},
            ],
        ),
        # the first item: everything brought
        body(
            central,
            number="YS-HS01-H01-20261123-0013",
            item_refs=refs(first),
            findings=[{"material_code": m.code, "finding": "brought"} for m in first.materials],
        ),
    ]
    for data in saved:
        assert put(central, "help01", data).status_code == 200

    stats = central.client.get(
        f"{API}/halls/HS01/prechecks/stats",
        params={"day": "2026-11-23"},
        headers=central.login("super01"),
    ).json()
    assert stats["total"] == 3 and stats["still_open"] == 3 and stats["ready"] == 0
    counted = {m["name"]: m["count"] for m in stats["most_missing"]}
    assert counted == {shared.name: 2, extra.name: 1}
    assert other.name not in counted
    assert stats["most_missing"][0] == {
        "material_code": shared.code,
        "name": shared.name,
        "count": 2,
    }


def test_a_pre_check_made_after_midnight_hall_time_counts_on_that_hall_day(
    central: Central,
) -> None:
    """01:30 in the hall is 17:30 UTC the day before: the day's bounds must be compared in UTC
    (SQLite compares the stored UTC wall time as text; a hall-time bound shifted the day by
    8 hours, and the supervisor's 今日帮办预审 showed 0 between 00:00 and 08:00)."""
    add_queue_staff(central.url)
    central.app.state.clock = lambda: datetime(2026, 11, 22, 17, 30, tzinfo=UTC)
    opened = put(central, "help01", body(central))
    assert opened.status_code == 200, opened.text

    def total(day: str) -> int:
        answer = central.client.get(
            f"{API}/halls/HS01/prechecks/stats",
            params={"day": day},
            headers=central.login("super01"),
        )
        assert answer.status_code == 200, answer.text
        return int(answer.json()["total"])

    assert (total("2026-11-23"), total("2026-11-22")) == (1, 0)

"""The 大厅管理 page's 今日帮办预审 box (issue 11), against the real central server (embedded,
SQLite, demo hall): the help desk's pre-checks of today are counted on the server, the
materials most often missing are named, the page asks off the GUI thread with each refresh,
and only managers see it (the help desk's green channel does not ask)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from clerk_app.contract.precheck import PrecheckDayStats
from clerk_app.domain.hall_time import hall_now
from clerk_app.sync.client import CentralClient
from clerk_app.ui.supervisor.page import SupervisorPage
from tests.ui.conftest import DEMO_PASSWORD
from tests.ui.test_supervisor import make_page, page_client, staff_context  # noqa: F401

HUKOU = "420200-XK-0301-01"  # the demo's 户口迁移 (queue POLICE, window 11)


@pytest.fixture
def open_page(make_page: Any) -> Any:  # noqa: F811 - the imported fixture
    """``make_page`` of test_supervisor: a SupervisorPage shown, shut down after the test."""
    return make_page


@pytest.fixture(scope="module")
def hall_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("supervisor_prechecks") / "central.sqlite3"
    server = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield server
    server.stop()


class Desk:
    """A help desk (or a window) saving pre-checks of today straight to the server."""

    def __init__(self, base_url: str, username: str, window_no: int | None = None) -> None:
        self.client = CentralClient(base_url, timeout=5.0)
        self.client.login(username, DEMO_PASSWORD, window_no)

    def save(self, sequence: int, findings: dict[str, str], **fields: Any) -> dict[str, Any]:
        number = f"YS-HS01-H01-{hall_now():%Y%m%d}-{sequence:04d}"
        body = {
            "number": number,
            "status": "open",
            "item_refs": [{"code": HUKOU, "version": fields.pop("version", 1)}],
            "findings": [{"material_code": c, "finding": f} for c, f in findings.items()],
            **fields,
        }
        data: dict[str, Any] = self.client._json("PUT", f"/prechecks/{number}", body=body)
        return data


class CountsAsks:
    """The page's QueueClient, counting its pre-check requests and the threads they ran on."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.threads: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def precheck_stats(self) -> PrecheckDayStats:
        from PySide6.QtCore import QThread

        self.threads.append(QThread.currentThread())
        stats: PrecheckDayStats = self._real.precheck_stats()
        return stats


def test_the_supervisor_sees_todays_pre_checks_by_material_name(
    qtbot: Any, context: Any, hall_server: Any, open_page: Any
) -> None:
    item = context.store.catalog.item(HUKOU)
    assert item is not None and len(item.materials) >= 3
    first, second, third = (m for m in item.materials[:3])
    desk = Desk(hall_server.base_url, "helpdesk01")
    version = item.version
    desk.save(1, {first.code: "missing", second.code: "expired"}, version=version)
    desk.save(2, {first.code: "missing", second.code: "brought"}, version=version)
    handed = desk.save(
        3,
        {m.code: "brought" for m in item.materials},
        version=version,
        status="handed_over",
        ticket_no="D001",
    )

    manager = staff_context(context, hall_server.base_url, "supervisor01", window_no=4)
    client = CountsAsks(page_client(manager))
    page: SupervisorPage = open_page(manager, client)
    with qtbot.waitSignal(page.prechecksApplied, timeout=10_000) as loaded:
        pass
    stats = loaded.args[0]
    assert (stats.total, stats.ready, stats.became_cases, stats.still_open) == (3, 1, 0, 2)
    assert page.prechecks_box.isVisible()
    assert page.prechecks_box.title() == (
        "今日帮办预审：共 3 件，材料齐全 1（已受理成案 0），待补材料 2"
    )
    assert page.precheck_missing_label.text() == (
        f"最常缺少：{first.name}（2）、{second.name}（1）"
    )
    assert third.name not in page.precheck_missing_label.text()
    assert client.threads and all(t is not page.thread() for t in client.threads)

    # the window accepts the handed-over one; the page's refresh shows it
    window = Desk(hall_server.base_url, "clerk05", 11)
    case_number = f"HS01-11-{hall_now():%Y%m%d}-0001"
    number = handed["number"]
    window.client._json(
        "PUT",
        f"/prechecks/{number}",
        body={
            **{k: handed[k] for k in ("number", "item_refs", "findings", "ticket_no")},
            "status": "accepted",
            "case_number": case_number,
            "base_version": handed["version"],
        },
    )
    with qtbot.waitSignal(page.prechecksApplied, timeout=10_000):
        page.refresh_button.click()
    assert page.prechecks_box.title() == (
        "今日帮办预审：共 3 件，材料齐全 1（已受理成案 1），待补材料 2"
    )


def test_the_help_desks_green_channel_does_not_ask_for_the_counts(
    qtbot: Any, context: Any, hall_server: Any, open_page: Any
) -> None:
    helpdesk = staff_context(context, hall_server.base_url, "helpdesk01", window_no=1)
    client = CountsAsks(page_client(helpdesk))
    page: SupervisorPage = open_page(helpdesk, client)
    with qtbot.waitSignal(page.statusApplied, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    assert not page.manage
    assert not page.prechecks_box.isVisible()
    assert client.threads == []


def test_a_day_without_pre_checks_says_so(qtbot: Any, context: Any) -> None:
    page = SupervisorPage(context, None, manage=True)
    qtbot.addWidget(page)
    page.show_prechecks(
        PrecheckDayStats(day=hall_now().date(), total=0, ready=0, became_cases=0, still_open=0)
    )
    assert page.prechecks_box.title() == "今日帮办预审：还没有"
    assert not page.precheck_missing_label.isVisible()

"""案件查询 finds help-desk pre-checks too (issue 11): this PC's copies by number, ticket or
ID (newest first), the server's when online; rows that say they are pre-checks; a detail
dialog with the findings by material name; a window clerk starts the acceptance from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from clerk_app.domain.hall_time import HALL_TZ, hall_now
from clerk_app.domain.precheck import Finding, ItemRef, MaterialFinding, Precheck, PrecheckStatus
from clerk_app.sync.client import CentralClient
from clerk_app.ui.history import HistoryPage
from clerk_app.ui.history_prechecks import PrecheckDetailDialog
from tests.ui.conftest import DEMO_PASSWORD

HUKOU = "420200-XK-0301-01"  # 户口迁移（子女入学随迁）
ID_ZHAO = "42020219850101002X"


def pre_check(context: Any, sequence: int, **fields: Any) -> Precheck:
    item = context.store.catalog.item(HUKOU)
    assert item is not None
    created = datetime(2026, 12, 7, 9, 0, tzinfo=HALL_TZ) + timedelta(minutes=sequence)
    findings = tuple(
        MaterialFinding(m.code, Finding.MISSING if n == 1 else Finding.BROUGHT)
        for n, m in enumerate(item.checklist("BUY"))
    )
    base = Precheck(
        number=f"YS-HS01-H01-20261207-{sequence:04d}",
        hall_code="HS01",
        item_refs=(ItemRef(item.code, item.version),),
        scenario_code="BUY",
        findings=findings,
        checked_by="helpdesk01",
        created_at=created,
        open_until=created.date() + timedelta(days=30),
    )
    return replace(base, **fields)


def test_the_store_finds_pre_checks_by_number_ticket_and_id_newest_first(context: Any) -> None:
    store = context.store.prechecks
    at = hall_now()
    store.save(pre_check(context, 1, applicant_id=ID_ZHAO), at)
    store.save(pre_check(context, 2, ticket_no="D007"), at)
    store.save(pre_check(context, 3, applicant_id=ID_ZHAO, case_number="HS01-01-20261207-0001"), at)

    def numbers(text: str) -> list[str]:
        return [p.number[-4:] for p in store.search(text)]

    assert numbers("YS-HS01-H01-20261207") == ["0003", "0002", "0001"]
    assert numbers("ys-hs01-h01-20261207-0002") == ["0002"]
    assert numbers("d007") == ["0002"]
    assert numbers(ID_ZHAO.lower()) == ["0003", "0001"]
    assert numbers("HS01-01-20261207-0001") == ["0003"]
    assert numbers("D00") == [] and numbers("") == [] and numbers("%") == []


def test_history_lists_pre_checks_below_the_cases_and_opens_one(qtbot: QtBot, context: Any) -> None:
    context.store.prechecks.save(pre_check(context, 5, ticket_no="D011"), hall_now())
    page = HistoryPage(context)
    qtbot.addWidget(page)
    page.show()
    assert not page.prechecks._box.isVisible()  # nothing typed: no pre-checks listed

    qtbot.keyClicks(page.search, "D011")
    qtbot.keyClick(page.search, "\r")
    model = page.prechecks.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert page.form.history_prechecks_box.isVisible()
    assert page.form.history_prechecks_box.title() == "帮办预审（1 件）"
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[0] == "YS-HS01-H01-20261207-0005"
    assert row[1] == "预审 · 待补材料"
    assert "户口迁移" in row[2]
    assert row[5] == "2026-12-07 09:05" and row[6] == "D011"

    with qtbot.waitSignal(page.prechecks.detailOpened) as opened:
        page.prechecks.open_index(model.index(0, 0))
    dialog: PrecheckDetailDialog = opened.args[0]
    item = context.store.catalog.item(HUKOU)
    assert item is not None
    findings = dialog.findings_model
    lacking = item.checklist("BUY")[1]
    assert [findings.index(1, c).data() for c in range(2)] == [lacking.name, "未带"]
    assert dialog.start_button is None  # this page was given no acceptance to start
    dialog.reject()


def test_a_window_clerk_starts_the_acceptance_from_a_pre_check(qtbot: QtBot, context: Any) -> None:
    handed = pre_check(context, 6, status=PrecheckStatus.HANDED_OVER, ticket_no="D012")
    closed = pre_check(context, 7, status=PrecheckStatus.CLOSED, ticket_no="D013")
    for precheck in (handed, closed):
        context.store.prechecks.save(precheck, hall_now())
    page = HistoryPage(context)
    qtbot.addWidget(page)
    started: list[str] = []
    page.prechecks.start_acceptance = started.append
    page.prechecks.show_acceptance = lambda: True

    dialog = page.prechecks.open(handed)
    assert dialog.start_button is not None and dialog.start_button.isEnabled()
    dialog.start_button.click()
    assert started == [handed.number]

    used = page.prechecks.open(closed)
    assert used.start_button is not None and not used.start_button.isEnabled()
    assert "已关闭" in used.start_button.toolTip()
    used.reject()


def test_online_the_servers_pre_checks_are_found_too(
    qtbot: QtBot, context: Any, central: Any
) -> None:
    """A pre-check this PC never pulled: the server's answer to GET /prechecks?q= shows it."""
    desk = CentralClient(central.base_url, timeout=5.0)
    desk.login("helpdesk01", DEMO_PASSWORD, None)
    number = f"YS-HS01-H02-{hall_now():%Y%m%d}-0042"
    item = context.store.catalog.item(HUKOU)
    assert item is not None
    desk._json(
        "PUT",
        f"/prechecks/{number}",
        body={
            "number": number,
            "status": "handed_over",
            "ticket_no": "D042",
            "item_refs": [{"code": item.code, "version": item.version}],
            "findings": [{"material_code": m.code, "finding": "brought"} for m in item.materials],
        },
    )
    clerk = CentralClient(central.base_url, timeout=5.0)
    login = clerk.login("clerk01", DEMO_PASSWORD, 1)
    online = replace(context, client=clerk, user=login.user)
    page = HistoryPage(online)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.prechecks.searched, timeout=10_000):
        page.search.setText("D042")
        page.run_search()
    rows = page.prechecks.model.rows
    assert [p.number for p in rows] == [number]
    assert rows[0].status is PrecheckStatus.HANDED_OVER
    qtbot.waitUntil(lambda: not page._runner.busy, timeout=10_000)


def test_the_main_window_fills_the_acceptance_from_a_pre_check_found_in_history(
    qtbot: QtBot, context: Any, runner: Any, qtmodeltester: Any
) -> None:
    from clerk_app.ui.main_window import MainWindow

    handed = pre_check(context, 8, status=PrecheckStatus.HANDED_OVER, ticket_no="D014")
    context.store.prechecks.save(handed, hall_now())
    window = MainWindow(context, runner=runner, idle_ms=0)
    qtbot.addWidget(window)
    window.show()
    window.show_history_tab()
    history = window.history
    history.search.setText("D014")
    history.run_search()
    qtmodeltester.check(history.prechecks.model)
    assert window.precheck_at_window is not None
    with qtbot.waitSignal(history.prechecks.detailOpened) as opened:
        history.prechecks.open_index(history.prechecks.model.index(0, 0))
    dialog: PrecheckDetailDialog = opened.args[0]
    assert dialog.start_button is not None
    with qtbot.waitSignal(window.precheck_at_window.message, timeout=10_000) as said:
        dialog.start_button.click()
    assert window.tabs.currentWidget() is window.acceptance_scroll
    assert f"已按帮办预审 {handed.number}" in said.args[0]
    assert window.precheck_at_window.current == handed

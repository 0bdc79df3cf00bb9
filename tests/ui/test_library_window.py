"""The shared materials library at acceptance (一号匹配 / 免提交): identify the applicant, the
library is asked off the GUI thread, the checklist shows what it holds, one key takes the
offered lines, and the saved case links the entries; offline from the PC's cache."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
import responses
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clerk_app.domain.cases import Case, DecisionKind, IdKind, MaterialState
from clerk_app.domain.catalog import Bundle, Item, Material, MaterialForm
from clerk_app.domain.library import LibraryEntry
from clerk_app.store.local import LocalStore
from clerk_app.store.logins import CachedUser
from clerk_app.sync.client import CentralClient
from clerk_app.sync.library import LOOKUP
from clerk_app.ui.acceptance import AcceptancePage, ChecklistModel
from clerk_app.ui.context import WindowContext
from tests.ui.test_acceptance import NOW, VALID_ID, fill_applicant, show_active, window_five
from tests.unit.test_library_cache import lookup_answer
from tests.unit.test_library_offers import entry

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

BASE = "http://central.test"

LICENCE_ITEM = Item(
    code="HS-SC-010",
    name="食品经营许可证变更",
    department="黄石市市场监督管理局",
    promised_days=5,
    zone="BIZ",
    materials=(
        Material("A1", "变更申请书", MaterialForm.ORIGINAL_KEPT),
        Material("A2", "居民身份证复印件", MaterialForm.COPY, standard_code="SFZ"),
        Material("A3", "营业执照", MaterialForm.COPY, standard_code="YYZZ"),
        Material("A4", "健康证明", MaterialForm.COPY, standard_code="JKZM"),
    ),
)
TAX_ITEM = Item(
    code="HS-SW-020",
    name="税务登记信息变更",
    department="国家税务总局黄石市税务局",
    promised_days=1,
    zone="BIZ",
    materials=(
        Material("B1", "身份证复印件", MaterialForm.COPY, copies=2, standard_code="SFZ"),
        Material("B2", "变更登记表", MaterialForm.ORIGINAL_KEPT),
    ),
)
BUNDLE = Bundle("BD-CHANGE", "企业变更一件事", (LICENCE_ITEM.code, TAX_ITEM.code))


ID_COPY = entry(1, "SFZ", date(2029, 5, 1))
LICENCE = entry(2, "YYZZ", None)
OLD_HEALTH = entry(3, "JKZM", date(2026, 1, 31))  # expired before NOW (2026-11-23)


def answer(*entries: LibraryEntry) -> dict[str, Any]:
    return lookup_answer(*entries, as_of=NOW.date().isoformat())


@pytest.fixture
def store() -> Iterator[LocalStore]:
    s = LocalStore(":memory:")
    s.catalog.replace("test-lib", [LICENCE_ITEM, TAX_ITEM], [BUNDLE])
    yield s
    s.close()


@pytest.fixture
def server() -> Iterator[responses.RequestsMock]:
    """The central server's library route (the client's real HTTP path, answered here)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def make_page(qtbot: QtBot, context: WindowContext) -> AcceptancePage:
    page = AcceptancePage(context, now=lambda: NOW)
    show_active(qtbot, page)
    page.start_new()
    return page


@pytest.fixture
def online(store: LocalStore) -> WindowContext:
    return replace(window_five(store), client=CentralClient(BASE, retries=0))


def identify(qtbot: QtBot, page: AcceptancePage) -> None:
    with qtbot.waitSignal(page.library.answered, timeout=10_000):
        fill_applicant(qtbot, page.applicant_panel)


def cell(model: ChecklistModel, name: str, column: int, role: int = 0) -> Any:
    row = [c.material.name for c in model.checks()].index(name)
    return model.data(model.index(row, column), role or Qt.ItemDataRole.DisplayRole)


def test_offered_lines_are_taken_with_one_key_and_the_case_links_the_entries(
    qtbot: QtBot, online: WindowContext, store: LocalStore, server: responses.RequestsMock
) -> None:
    route = server.post(f"{BASE}/api/v1{LOOKUP}", json=answer(ID_COPY, LICENCE, OLD_HEALTH))
    page = make_page(qtbot, online)
    page.set_ticket("B007")
    identify(qtbot, page)
    assert route.call_count == 1
    assert b"B007" in route.calls[0].request.body  # why: kept in the server's log
    page.set_item(LICENCE_ITEM)
    model, lib = page.checklist_panel.model, ChecklistModel.STATE
    assert cell(model, "居民身份证复印件", lib) == "未收\n库中已有（有效期至 2029-05-01）·免提交"
    assert cell(model, "营业执照", lib) == "未收\n库中已有（长期有效）·免提交"
    assert cell(model, "健康证明", lib) == "未收\n库中已过期（2026-01-31）·需提交"
    assert cell(model, "变更申请书", lib) == "未收"
    green = cell(model, "营业执照", lib, Qt.ItemDataRole.ForegroundRole).color().name()
    red = cell(model, "健康证明", lib, Qt.ItemDataRole.ForegroundRole).color().name()
    assert (green, red) == ("#1b6e2a", "#b00020")
    assert cell(model, "变更申请书", lib, Qt.ItemDataRole.ForegroundRole) is None
    status = page.library_bar.plain()
    assert status == "库中已有 2 项可免提交；1 项已过期需提交；Ctrl+K 全部调取/撤销"
    # the answer is cached for an offline day
    cached = store.library.cached(IdKind.RESIDENT_ID, VALID_ID)
    assert cached is not None and len(cached.entries) == 3

    page.checklist_panel.focus_checklist()
    qtbot.keyClick(page.checklist_panel.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    checks = {c.material.name: c for c in model.checks()}
    for name, e in (("居民身份证复印件", ID_COPY), ("营业执照", LICENCE)):
        assert checks[name].state is MaterialState.RECEIVED
        assert checks[name].library_entry == e.entry_id and checks[name].copies_received == 0
        assert cell(model, name, ChecklistModel.RECEIVED) == "免提交"
        assert cell(model, name, ChecklistModel.ECOPY) == "库中调取"  # the library's file
    assert cell(model, "营业执照", lib) == "已收\n长期有效"
    assert checks["健康证明"].state is MaterialState.MISSING  # expired: flagged, not taken
    assert checks["健康证明"].library_entry == ""
    assert cell(model, "健康证明", ChecklistModel.ECOPY) == "—"

    # the clerk gives one line back (Space), then hands the rest in on paper
    page.checklist_panel.view.setCurrentIndex(model.index(2, 0))
    qtbot.keyClick(page.checklist_panel.view, Qt.Key.Key_Space)
    assert model.check(2).library_entry == "" and model.check(2).state is MaterialState.MISSING
    model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    with qtbot.waitSignal(page.casesSaved) as saved:
        assert page.decision_panel.confirm()
    case: Case = saved.args[0][0]
    linked = {c.material.name: c.library_entry for c in case.checks}
    assert linked == {
        "变更申请书": "",
        "居民身份证复印件": ID_COPY.entry_id,
        "营业执照": "",
        "健康证明": "",
    }
    stored = store.cases.get(case.number)
    assert stored is not None and stored.checks == case.checks
    assert case.to_dict()["checks"][1]["library_entry"] == ID_COPY.entry_id
    # stored naming the document reused (the department and every reprint see it)
    assert case.checks[1].note == "证照编号 DOC1，有效期至 2029-05-01"


def test_the_key_again_gives_every_line_back(
    qtbot: QtBot, online: WindowContext, server: responses.RequestsMock
) -> None:
    server.post(f"{BASE}/api/v1{LOOKUP}", json=answer(ID_COPY, LICENCE))
    page = make_page(qtbot, online)
    identify(qtbot, page)
    page.set_item(LICENCE_ITEM)
    page.library_bar.linkActivated.emit("reuse")
    assert sum(1 for c in page.checklist_panel.checks() if c.library_entry) == 2
    page.library_bar.linkActivated.emit("reuse")
    assert not any(c.library_entry for c in page.checklist_panel.checks())
    assert all(c.state is MaterialState.MISSING for c in page.checklist_panel.checks())


def test_offline_the_cache_is_offered_and_its_age_said(qtbot: QtBot, store: LocalStore) -> None:
    seen = datetime(2026, 11, 20, 8, 5, tzinfo=UTC)
    store.library.remember(
        IdKind.RESIDENT_ID, VALID_ID, "", [ID_COPY], seen_at=seen, as_of=seen.date()
    )
    page = make_page(qtbot, window_five(store))
    identify(qtbot, page)
    page.set_item(LICENCE_ITEM)
    model = page.checklist_panel.model
    assert "库中已有" in cell(model, "居民身份证复印件", ChecklistModel.STATE)
    status = page.library_bar.plain()
    assert status == (
        "共享库暂不可用：离线办理（使用本机缓存，更新于 11-20 16:05）；"
        "库中已有 1 项可免提交；Ctrl+K 全部调取/撤销"
    )
    page.library_bar.linkActivated.emit("reuse")
    assert model.checks()[1].library_entry == ID_COPY.entry_id


def test_without_a_cache_the_window_says_which_lines_were_not_checked(
    qtbot: QtBot, online: WindowContext, server: responses.RequestsMock
) -> None:
    server.post(f"{BASE}/api/v1{LOOKUP}", status=503)
    page = make_page(qtbot, online)
    identify(qtbot, page)
    page.set_item(LICENCE_ITEM)
    status = page.library_bar.plain()
    assert status == "共享库暂不可用：网络不通；未能核对：居民身份证复印件、营业执照、健康证明"
    # acceptance goes on: every line can be ticked and the case saved
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    with qtbot.waitSignal(page.casesSaved):
        assert page.decision_panel.confirm()


def test_nothing_held_says_nothing(
    qtbot: QtBot, online: WindowContext, server: responses.RequestsMock
) -> None:
    server.post(f"{BASE}/api/v1{LOOKUP}", json=answer())
    page = make_page(qtbot, online)
    identify(qtbot, page)
    page.set_item(LICENCE_ITEM)
    assert page.library.offers() == {} and page.library_bar.isHidden()
    assert cell(page.checklist_panel.model, "营业执照", ChecklistModel.STATE) == "未收"


def test_a_refusal_names_the_servers_reason(
    qtbot: QtBot, online: WindowContext, server: responses.RequestsMock
) -> None:
    server.post(f"{BASE}/api/v1{LOOKUP}", json={"detail": "本大厅未开通共享材料库"}, status=403)
    page = make_page(qtbot, online)
    identify(qtbot, page)
    assert page.library_bar.plain() == "共享库暂不可用：本大厅未开通共享材料库"


def test_a_draft_and_a_bundle_keep_the_reused_lines(
    qtbot: QtBot, online: WindowContext, server: responses.RequestsMock, store: LocalStore
) -> None:
    server.post(f"{BASE}/api/v1{LOOKUP}", json=answer(ID_COPY, LICENCE))
    page = make_page(qtbot, online)
    identify(qtbot, page)
    page.set_bundle(BUNDLE, [LICENCE_ITEM, TAX_ITEM])
    page.library_bar.linkActivated.emit("reuse")
    draft = page.entered()
    # the draft comes back on a fresh page (after a crash): the reuse with it
    with qtbot.waitSignal(page.library.answered, timeout=10_000):
        page.fill(draft)
    merged = {c.material.name: c for c in page.checklist_panel.checks()}
    assert merged["居民身份证复印件"].library_entry == ID_COPY.entry_id
    assert merged["营业执照"].library_entry == LICENCE.entry_id
    # the merged ID line serves both items: each item's case gets the entry
    page.checklist_panel.model.mark_required_received()
    page.decision_panel.choose(DecisionKind.ACCEPT)
    with qtbot.waitSignal(page.casesSaved) as saved:
        assert page.decision_panel.confirm()
    for case in saved.args[0]:
        id_line = next(c for c in case.checks if c.material.standard_code == "SFZ")
        assert id_line.library_entry == ID_COPY.entry_id
        assert id_line.state is MaterialState.RECEIVED and id_line.copies_received == 0


def test_a_put_back_reuse_the_library_no_longer_backs_is_handed_back(
    qtbot: QtBot, online: WindowContext, server: responses.RequestsMock
) -> None:
    route = server.post(f"{BASE}/api/v1{LOOKUP}", json=answer(ID_COPY, LICENCE))
    page = make_page(qtbot, online)
    identify(qtbot, page)
    page.set_item(LICENCE_ITEM)
    page.library.reuse_all()
    draft = page.entered()
    # meanwhile the licence was revoked on the server
    route.body = json.dumps(answer(ID_COPY)).encode()
    with qtbot.waitSignal(page.library.answered, timeout=10_000):
        page.fill(draft)
    checks = {c.material.name: c for c in page.checklist_panel.checks()}
    assert checks["居民身份证复印件"].library_entry == ID_COPY.entry_id
    assert checks["营业执照"].library_entry == ""
    assert checks["营业执照"].state is MaterialState.MISSING
    assert "库中已无有效件，改为需提交：营业执照" in page.library_bar.plain()


def test_another_applicant_loses_the_offers(
    qtbot: QtBot, online: WindowContext, server: responses.RequestsMock
) -> None:
    server.post(f"{BASE}/api/v1{LOOKUP}", json=answer(ID_COPY))
    page = make_page(qtbot, online)
    identify(qtbot, page)
    page.set_item(LICENCE_ITEM)
    assert page.library.offers()
    edit = page.applicant_panel.number_edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # the clerk corrects the number
    assert page.library.offers() == {}
    assert cell(page.checklist_panel.model, "居民身份证复印件", ChecklistModel.STATE) == "未收"
    assert page.library_bar.isHidden()


def test_accounts_that_write_no_cases_never_ask(
    qtbot: QtBot, store: LocalStore, server: responses.RequestsMock
) -> None:
    route = server.post(f"{BASE}/api/v1{LOOKUP}", json=answer(ID_COPY))
    helpdesk = CachedUser("help01", "王芳", "helpdesk", "HS01", "黄石市民之家", None, None)
    context = replace(window_five(store), user=helpdesk, client=CentralClient(BASE, retries=0))
    page = make_page(qtbot, context)
    fill_applicant(qtbot, page.applicant_panel)
    page.library.wait()
    page.set_item(LICENCE_ITEM)
    assert route.call_count == 0 and page.library.offers() == {}
    assert page.library_bar.isHidden()

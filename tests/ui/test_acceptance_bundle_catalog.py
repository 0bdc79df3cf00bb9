"""The window's bundle checklist on the demo catalog: a material an item of the bundle produces
(营业执照 from 设立登记) is shown as produced, not asked, and no item is refused for it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from clerk_app.domain.cases import Case, DecisionKind
from clerk_app.domain.catalog import Bundle, Item
from clerk_app.ui.acceptance import AcceptancePage
from clerk_app.ui.acceptance.checklist_model import ChecklistModel
from clerk_app.ui.context import WindowContext
from tests.ui.test_acceptance import NOW, fill_applicant, show_active

ENTERPRISE = "420200-YJS-0001"
SEAL_ITEM = "420200-QT-0202-01"  # 公章刻制备案: needs the licence


def _enterprise(context: WindowContext) -> tuple[Bundle, list[Item]]:
    bundle = next(b for b in context.store.catalog.bundles() if b.code == ENTERPRISE)
    items = [context.store.catalog.item(code) for code in bundle.item_codes]
    assert all(item is not None for item in items)
    return bundle, [item for item in items if item is not None]


def test_enterprise_bundle_is_accepted_without_the_licence(
    qtbot: QtBot, context: WindowContext
) -> None:
    page = AcceptancePage(context, now=lambda: NOW)
    show_active(qtbot, page)
    page.start_new()
    bundle, items = _enterprise(context)
    fill_applicant(qtbot, page.applicant_panel)
    page.set_bundle(bundle, items)
    panel = page.checklist_panel
    shown = [c.material.name for c in panel.checks()]
    assert "营业执照" not in shown
    assert len(shown) <= 6  # the seeds: at most 6 materials at the window
    assert "本件内产生，无需提交：营业执照（①）" in panel.summary_label.text()
    assert panel.subject_label.text().startswith(
        "【一件事】企业开办一件事：①企业设立登记 ②公章刻制备案"
    )
    # each line says which items use it
    assert not panel.view.isColumnHidden(ChecklistModel.SERVES)
    first = panel.model.rows[0]
    assert len(first.serves) > 1

    panel.model.mark_required_received()  # everything the citizen brings; no licence
    seal_checks = panel.checks_for(SEAL_ITEM)
    licence = next(c for c in seal_checks if c.material.standard_code == "ZZ-YYZZ")
    assert not licence.material.required and "无需提交" in licence.material.note
    page.decision_panel.choose(DecisionKind.ACCEPT)
    assert "营业执照" not in page.decision_panel.errors_text()
    saved: list[Case] = []
    page.caseSaved.connect(saved.append)
    with qtbot.waitSignal(page.casesSaved):
        assert page.decision_panel.confirm()
    assert [c.item.code for c in saved] == list(bundle.item_codes)
    # one bundle number links the item cases; the saved line names it
    links = {c.bundle for c in saved}
    assert len(links) == 1
    (link,) = links
    assert link is not None and link.number == "YJS-" + saved[0].number
    assert (link.code, link.item_codes) == (bundle.code, bundle.item_codes)
    assert link.promised_date == max(c.promised_date for c in saved if c.promised_date)
    assert link.number in page.saved_label.text()
    assert context.store.cases.get(saved[-1].number) == saved[-1]

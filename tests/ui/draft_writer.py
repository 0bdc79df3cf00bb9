"""A counter PC in a separate process: it types an acceptance and then waits to be killed.

``python -m tests.ui.draft_writer STORE`` opens the local store at STORE (its catalog already
loaded), logs clerk01 in at window 1 (offline), types an applicant, picks the 户口迁移 item with
a scenario, ticks and marks materials, chooses 不予受理 with a reason, and prints "typed" once
the draft is saved. It never confirms anything: the test kills it with SIGKILL.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ITEM = "420200-XK-0301-01"  # 户口迁移（子女入学随迁）, scenarios BUY / RENT / KIN
APPLICANT_ID = "420202199003071238"


def main(store_path: str) -> None:
    from PySide6.QtWidgets import QApplication

    from clerk_app.domain.cases import DecisionKind
    from clerk_app.store.drafts import DraftKey
    from clerk_app.store.local import LocalStore
    from clerk_app.ui.acceptance.page import AcceptancePage
    from tests.ui.conftest import clerk_context

    app = QApplication([sys.argv[0]])
    store = LocalStore(store_path)
    context = clerk_context(store)
    page = AcceptancePage(context)
    page.show()
    page.start_new(ticket_no="A007")
    a = page.applicant_panel
    a.document.set_number(APPLICANT_ID)
    a.name_edit.setText("陈晓东")
    a.mobile_edit.setText("13871234567")
    a.address_edit.setText("黄石港区花湖路 8 号")
    a.agent_check.setChecked(True)
    a.agent_document.set_number("42020219850101002X")
    a.agent_name_edit.setText("刘芳")
    a.agent_mobile_edit.setText("13907140000")
    item = store.catalog.item(ITEM)
    assert item is not None
    page.set_item(item)
    page.checklist_panel.set_scenario(ITEM, "RENT")
    model = page.checklist_panel.model
    model.toggle_received(0)
    model.set_copies(0, 2)
    model.mark_defective(1, "复印件不清晰")
    model.setData(model.index(2, model.NOTE), "原件已核验")
    d = page.decision_panel
    d.choose(DecisionKind.REFUSE)
    d.reason_edit.setText("申请人户籍不在本辖区")
    d.agency_edit.setText("黄石港区公安分局")
    # Typing goes on being saved, a moment after the last change (debounced).
    key = DraftKey("HS01", 1, "clerk01")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        app.processEvents()
        draft = store.drafts.load(key)
        if draft is not None and draft.data["decision"]["agency"] == "黄石港区公安分局":
            break
        time.sleep(0.05)
    else:
        print("draft never saved", flush=True)
        sys.exit(1)
    print("typed", flush=True)
    while True:  # the test kills us here
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    main(sys.argv[1])

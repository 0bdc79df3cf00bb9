"""案件查询 offers the 延期通知书 once the case's department head approved an Art. 42
extension (pulled from the server as the case's event); the preview renders it and a print is
logged under extension_notice."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from clerk_app.domain.cases import Case, CaseEvent
from clerk_app.domain.extensions import EXTENSION_ACTION, approve_extension, extension_detail
from clerk_app.ui.app import load_calendar
from clerk_app.ui.history import CaseDetailDialog


def extended(context: Any, case: Case) -> Case:
    approved = approve_extension(
        today=date(2026, 12, 16),
        working_days=10,
        reason="需组织专家评审",
        approved_by="王建国",
        joint=False,
        limit_before=date(2026, 12, 21),
        calendar=load_calendar(),
        already_extended=False,
    )
    later = datetime.now().astimezone() + timedelta(minutes=5)
    event = CaseEvent(
        later, "head01", "黄石市公安局", EXTENSION_ACTION, None, extension_detail(approved)
    )
    context.store.cases.update(case, event)
    stored = context.store.cases.get(case.number)
    assert stored is not None
    return stored


def test_the_extension_notice_is_offered_and_previewed(
    qtbot: Any, context: Any, saved_cases: list[Case]
) -> None:
    plain = CaseDetailDialog(context, saved_cases[1])
    qtbot.addWidget(plain)
    assert "extension_notice" not in plain.print_buttons

    dialog = CaseDetailDialog(context, extended(context, saved_cases[0]))
    qtbot.addWidget(dialog)
    button = dialog.print_buttons["extension_notice"]
    assert button.text() == "打印延期通知书" and button.objectName() == "reprint_extension_notice"
    actions = [dialog.events_model.row_at(r).action for r in range(dialog.events_model.rowCount())]
    assert EXTENSION_ACTION in actions
    preview = dialog.print_extension_notice()
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=20000)
    assert preview.pdf.startswith(b"%PDF") and preview.pages
    preview.close()

"""The applicant comes back: the department's 不予许可决定书 or 补正 request, pulled from the
server with the case, is shown in 案件查询 (scan of the notice's case number opens it) and
printed from there; the print is logged under its own name."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from clerk_app.contract.sync import Change, ChangeKind
from clerk_app.domain.cases import Case, CaseStatus, make_case_number, parse_case_number
from clerk_app.domain.department_docs import (
    CorrectionLine,
    DepartmentDocKind,
    DepartmentDocument,
)
from clerk_app.printing.department_docs import DepartmentDoc
from clerk_app.ui.case_list import doc_label
from clerk_app.ui.history import CaseDetailDialog, HistoryPage
from tests.unit.test_printing import flat, page_texts

ISSUED = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def pulled(context: Any, case: Case, status: CaseStatus, *docs: DepartmentDocument) -> Case:
    """A case another window accepted, as the department left it on the server, applied by a
    pull: the applicant comes back to this window."""
    parsed = parse_case_number(case.number)
    assert parsed is not None
    number = make_case_number("HS01", 2, date(2026, 11, 23), 90 + parsed[3])
    remote = replace(case, number=number, window_no=2, status=status, department_documents=docs)
    change = Change(kind=ChangeKind.CASE, key=number, version=5, data=remote.to_dict())
    context.store.pull.apply([change], "c1")
    stored = context.store.cases.get(number)
    assert stored is not None
    return stored


def denial(case: Case) -> DepartmentDocument:
    return DepartmentDocument(
        DepartmentDocKind.DENIAL,
        "黄公不许〔2026〕7号",
        "申请人不具备法定条件：迁入地址无合法固定住所证明",
        case.item.department,
        case.item.department_code,
        ISSUED,
        "审批员王芳",
    )


def correction(case: Case) -> DepartmentDocument:
    return DepartmentDocument(
        DepartmentDocKind.CORRECTION,
        f"{case.number}-BZ1",
        "",
        case.item.department,
        case.item.department_code,
        ISSUED,
        "审批员王芳",
        (CorrectionLine("户口迁移申请表", "申请人签字与居民身份证姓名不一致，请重新签字"),),
        date(2026, 12, 4),
    )


def summary_text(dialog: CaseDetailDialog) -> str:
    return " ".join(label.text() for label in dialog.summary.findChildren(QLabel))


def test_scanning_the_notice_shows_the_denial_and_prints_it(
    qtbot: Any, context: Any, saved_cases: list[Case], monkeypatch: Any
) -> None:
    case = pulled(context, saved_cases[0], CaseStatus.RESULT_READY, denial(saved_cases[0]))
    page = HistoryPage(context)
    qtbot.addWidget(page)
    page.show()
    opened: list[CaseDetailDialog] = []
    page.caseOpened.connect(opened.append)
    qtbot.keyClicks(page.search, case.number)  # the scanner reads the notice's barcode
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert len(opened) == 1
    dialog = opened[0]
    text = summary_text(dialog)
    assert "不予许可决定书" in text and "黄公不许〔2026〕7号" in text
    assert "无合法固定住所证明" in text
    button = dialog.print_buttons[DepartmentDoc.DENIAL_DECISION.value]
    assert button.text() == "打印不予许可决定书" and button.property("primary") is True

    preview = dialog.print_department_document(DepartmentDoc.DENIAL_DECISION)
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=20000)
    pdf_text = flat("".join(page_texts(preview.pdf)))
    assert "无合法固定住所证明" in pdf_text and "申请行政复议" in pdf_text
    preview.close()


def test_a_correction_request_is_shown_with_what_to_correct(
    qtbot: Any, context: Any, saved_cases: list[Case], tmp_path: Path
) -> None:
    case = pulled(context, saved_cases[1], CaseStatus.SUSPENDED, correction(saved_cases[1]))
    assert case.status is CaseStatus.SUSPENDED
    dialog = CaseDetailDialog(context, case)
    qtbot.addWidget(dialog)
    text = summary_text(dialog)
    assert "补正通知书" in text and "申请人签字与居民身份证姓名不一致" in text
    assert "2026-12-04" in text
    assert DepartmentDoc.CORRECTION_NOTICE.value in dialog.print_buttons
    assert DepartmentDoc.DENIAL_DECISION.value not in dialog.print_buttons
    # the print log names it
    assert doc_label("correction_notice") == "补正通知书"
    preview = dialog.print_department_document(DepartmentDoc.CORRECTION_NOTICE)
    qtbot.waitUntil(lambda: bool(preview.pdf), timeout=20000)
    assert "请重新签字" in flat("".join(page_texts(preview.pdf)))
    preview.close()


def test_a_case_without_department_documents_offers_none(
    qtbot: Any, context: Any, saved_cases: list[Case]
) -> None:
    dialog = CaseDetailDialog(context, saved_cases[2])
    qtbot.addWidget(dialog)
    assert not any(key in dialog.print_buttons for key in (d.value for d in DepartmentDoc))


def test_the_handout_page_says_what_the_department_issued(
    qtbot: Any, context: Any, saved_cases: list[Case]
) -> None:
    from clerk_app.ui.delivery import DeliveryPage

    returned = pulled(context, saved_cases[1], CaseStatus.SUSPENDED, correction(saved_cases[1]))
    denied = pulled(context, saved_cases[0], CaseStatus.RESULT_READY, denial(saved_cases[0]))
    page = DeliveryPage(context)
    qtbot.addWidget(page)
    assert not page.open_case(returned.number)  # scanned: not ready, and why
    message = page.message.text()
    assert "退回补正" in message and "申请人签字与居民身份证姓名不一致" in message
    assert "补正通知书可在「详情」中打印" in message
    assert page.open_case(denied.number)
    assert "打印不予许可决定书" in page.message.text()

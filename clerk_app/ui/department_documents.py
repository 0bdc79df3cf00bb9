"""The department's documents at the window: what the department issued during its review (不予
许可决定书, 补正通知书) shown in a case's summary and printed from it when the applicant comes
back (the print is logged like every document)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from clerk_app.domain.cases import Case

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from clerk_app.printing.department_docs import DepartmentDoc
    from clerk_app.ui.context import WindowContext
    from clerk_app.ui.print_preview import PrintPreviewDialog
    from clerk_app.ui.workers import TaskRunner


def department_fields(case: Case) -> list[tuple[str, str]]:
    """(label, text) of each document the department issued, for the case's summary."""
    return [
        (QCoreApplication.translate("CaseDetailDialog", d.kind.label), d.summary)
        for d in case.department_documents
    ]


def open_department_preview(
    context: WindowContext,
    case: Case,
    doc: DepartmentDoc,
    *,
    runner: TaskRunner | None = None,
    parent: QWidget | None = None,
) -> PrintPreviewDialog:
    """The print preview of the department's latest document of ``doc``'s kind."""
    from clerk_app.printing.department_docs import render_department_document
    from clerk_app.ui.print_preview import open_rendered_preview

    templates_dir = context.templates_dir
    return open_rendered_preview(
        context,
        case,
        doc,
        lambda ctx: render_department_document(doc, case, ctx, templates_dir=templates_dir),
        reprint=context.store.prints.printed(doc.value, [case.number]),
        runner=runner,
        parent=parent,
    )

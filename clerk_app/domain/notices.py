"""Notices that must be handed to the applicant: a one-time notice (一次性告知书) and a
refusal (不予受理通知书). Closing their print preview without printing flags the case
"通知书未打印" (a ``notice_unprinted`` event in its audit trail, synced with the case) until the
notice is printed (a later ``printed`` event of the same document clears it)."""

from __future__ import annotations

from collections.abc import Iterable

from clerk_app.domain.cases import CaseEvent

NOTICE_UNPRINTED = "notice_unprinted"

# document type (clerk_app.printing.DocType value) -> its name
MUST_HAND_OVER = {
    "missing_materials_notice": "一次性告知书",
    "refusal_notice": "不予受理通知书",
}


def unprinted_detail(doc_type: str) -> str:
    """The event's text: the notice's name for the clerk, its type for the machine."""
    return f"通知书未打印：{MUST_HAND_OVER.get(doc_type, doc_type)} {doc_type}"


def _doc_of(detail: str) -> str:
    return detail.rsplit(" ", 1)[-1]


def unprinted_notices(events: Iterable[CaseEvent]) -> list[str]:
    """The document types flagged unprinted and not printed since, in flag order."""
    flagged: dict[str, None] = {}
    for event in events:
        if event.action == NOTICE_UNPRINTED:
            flagged[_doc_of(event.detail)] = None
        elif event.action == "printed":
            flagged.pop(_doc_of(event.detail), None)
    return list(flagged)

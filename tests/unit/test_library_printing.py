"""A line taken from the shared library prints as 库中调取·免提交 (with the document it names),
never as a form and a number of copies nobody handed over."""

from __future__ import annotations

from dataclasses import replace

from clerk_app.domain.cases import MaterialState
from clerk_app.printing import DocType
from clerk_app.printing.bundle_notice import render_bundle_notice
from clerk_app.printing.bundle_samples import sample_bundle_cases
from clerk_app.printing.documents import render_document
from clerk_app.printing.samples import SAMPLE_LIBRARY_ENTRY, sample_case, sample_context
from tests.unit.test_printing import flat, page_texts


def test_the_notice_and_the_receipt_say_the_line_came_from_the_library() -> None:
    for doc in (DocType.ACCEPTANCE_NOTICE, DocType.MATERIAL_RECEIPT):
        case = sample_case(doc)
        reused = next(c for c in case.checks if c.library_entry)
        assert reused.library_entry == SAMPLE_LIBRARY_ENTRY and reused.copies_received == 0
        text = flat("".join(page_texts(render_document(doc, case, sample_context(doc)))))
        # the row: name with the mark, no form, no copies, the document named in the note
        assert "4不动产权证书（库中调取·免提交）——证照编号鄂(2024)黄石市不动产权第0012345号" in text
        # the same line handed in on paper prints its form and copies
        paper = replace(
            case,
            checks=tuple(
                replace(c, library_entry="", copies_received=1, note="") if c is reused else c
                for c in case.checks
            ),
        )
        text = flat("".join(page_texts(render_document(doc, paper, sample_context(doc)))))
        assert "库中调取" not in text and "4不动产权证书复印件1" in text


def test_a_bundle_notice_prints_the_reused_line_once() -> None:
    cases = sample_bundle_cases()
    entry = "7e1c2b90-0a4d-4e55-8f3a-6c1d2e3f4a5b"
    first = next(c for c in cases[0].checks if c.state is MaterialState.RECEIVED)
    taken = [
        replace(
            case,
            checks=tuple(
                replace(c, library_entry=entry, copies_received=0)
                if c.material.name == first.material.name
                else c
                for c in case.checks
            ),
        )
        for case in cases
    ]
    text = flat(
        "".join(page_texts(render_bundle_notice(taken, sample_context(DocType.ACCEPTANCE_NOTICE))))
    )
    assert text.count(f"{first.material.name}（库中调取·免提交）——") == 1

"""Issue 13 on paper: a document prints each document kind by its own name (a passport with
its country, the 外国人永久居留身份证), any telephone masked, and the reason when there is none.
Read back from the PDF with pypdf."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pypdf

from clerk_app.domain.cases import IdKind, Person
from clerk_app.printing.documents import DocType, render_document
from clerk_app.printing.samples import sample_case, sample_context
from tests.unit.test_identifiers import make_foreign_pr

FOREIGN_PR = make_foreign_pr("42", "840", date(1975, 6, 1), 7)


def notice_text(applicant: Person, agent: Person | None = None) -> str:
    kind = DocType.ACCEPTANCE_NOTICE
    case = replace(sample_case(kind), applicant=applicant, agent=agent)
    pdf = render_document(kind, case, sample_context(kind))
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "".join("".join(page.extract_text().split()) for page in pages)


def test_a_foreigner_is_printed_with_the_documents_own_names() -> None:
    passport = Person(IdKind.PASSPORT, "E12345678", "John", "+85291234567", nationality="USA")
    resident = Person(IdKind.FOREIGN_PERMANENT_RESIDENT, FOREIGN_PR, "Mary", "+16502530000")
    text = notice_text(passport, resident)
    assert "护照（美国）" in text
    assert "外国人永久居留身份证" in text and "居民身份证9428" not in text
    assert "+852****4567" in text  # the Hong Kong number, masked, its country code kept
    assert "91234567" not in text and FOREIGN_PR not in text


def test_a_landline_is_printed_masked_and_no_phone_prints_its_reason() -> None:
    elderly = Person(IdKind.RESIDENT_ID, "420281196001010011", "刘桂英", "+867146221234")
    text = notice_text(elderly)
    assert "071****1234" in text and "6221234" not in text
    without = replace(elderly, mobile="", contact_note="由代办人（其子）转告")
    assert "无（由代办人（其子）转告）" in notice_text(without)

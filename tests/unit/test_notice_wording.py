"""What the notices say and how they fall on the page (issue 9 point 9): no spill of the last
lines, signatures and seal onto a page of their own; 你 for a person and 你单位 for an
organisation; 即办件 done on the spot, never "0个工作日"; the hall's and the department's phone."""

from __future__ import annotations

from dataclasses import replace

from clerk_app.domain.cases import IdKind, MaterialCheck, MaterialState, Person
from clerk_app.domain.catalog import HandlingKind, Material, MaterialForm
from clerk_app.printing import DocType, render_document, sample_case
from clerk_app.printing.samples import sample_context
from tests.unit.test_printing import flat, page_texts

NOTICES = (
    DocType.ACCEPTANCE_NOTICE,
    DocType.GAP_ACCEPTANCE_NOTICE,
    DocType.MISSING_MATERIALS_NOTICE,
)


def texts(doc_type: DocType, **changes: object) -> list[str]:
    case = replace(sample_case(doc_type), **changes)  # type: ignore[arg-type]
    return page_texts(render_document(doc_type, case, sample_context(doc_type)))


def test_notices_keep_their_signatures_and_seal_with_the_text() -> None:
    for doc_type in NOTICES:
        pages = texts(doc_type)
        first = flat(pages[0])
        # The notice itself is one page: its last paragraph, legal basis, signatures and the
        # seal's issuer and date are there (the 容缺 notice's 承诺书 is a document of its own).
        assert "法律依据" in first and "签字" in first and "2026年11月23日" in first, doc_type
        assert "投诉举报电话：12345" in first, doc_type
        expected = 2 if doc_type is DocType.GAP_ACCEPTANCE_NOTICE else 1
        assert len(pages) == expected, (doc_type, len(pages))
        assert f"第 1 页 / 共 {expected} 页" in pages[0]
    assert "容缺受理承诺书" in texts(DocType.GAP_ACCEPTANCE_NOTICE)[1]


def test_a_second_page_when_the_content_needs_it() -> None:
    case = sample_case(DocType.MISSING_MATERIALS_NOTICE)
    many = tuple(
        MaterialCheck(
            Material(f"X{i:02d}", f"补充证明材料第{i}项（须加盖出具单位公章）", MaterialForm.COPY),
            MaterialState.MISSING,
        )
        for i in range(30)
    )
    pages = texts(DocType.MISSING_MATERIALS_NOTICE, checks=case.checks + many)
    assert len(pages) >= 2
    assert f"第 {len(pages)} 页 / 共 {len(pages)} 页" in pages[-1]
    last = flat(pages[-1])
    assert "签字" in last and "补充证明材料第29项" in flat("".join(pages))


def test_a_person_is_addressed_as_such_an_organisation_as_unit() -> None:
    for doc_type in (*NOTICES, DocType.REFUSAL_NOTICE):
        text = flat("".join(texts(doc_type)))
        assert "你（单位）" not in text and "本人（单位）" not in text, doc_type
        assert "你于2026年11月23日" in text or "今收到你于" in text, doc_type
    company = Person(IdKind.USCC, "91420200MA4F0XXXX0", "黄石市明华商贸有限公司", "13872345678")
    text = flat("".join(texts(DocType.GAP_ACCEPTANCE_NOTICE, applicant=company)))
    assert "你单位于2026年11月23日" in text and "本单位申请办理" in text
    assert "你于" not in text and "本人申请办理" not in text


def test_an_immediate_item_is_done_on_the_spot() -> None:
    case = sample_case(DocType.ACCEPTANCE_NOTICE)
    item = replace(case.item, handling=HandlingKind.IMMEDIATE, promised_days=0, legal_days=0)
    text = flat(
        "".join(texts(DocType.ACCEPTANCE_NOTICE, item=item, promised_date=case.received_at.date()))
    )  # type: ignore[union-attr]
    assert "0个工作日" not in text
    assert "本事项为即办件，当场办结" in text and "当场办结（即办件）" in text


def test_the_halls_and_the_departments_phone_are_printed() -> None:
    text = flat("".join(texts(DocType.ACCEPTANCE_NOTICE)))
    # The hall's phone (template; the hall configuration overrides it) and 黄石市公安局's
    # (the template's department_phones; the catalog's record comes first), 12345 for complaints.
    assert "大厅0714-6251234" in text and "黄石市公安局0714-6200006" in text
    ctx = replace(
        sample_context(DocType.ACCEPTANCE_NOTICE),
        hall_phone="0714-6000001",
        department_phones={"HSGA": "0714-6000002"},
    )
    pdf = render_document(DocType.ACCEPTANCE_NOTICE, sample_case(DocType.ACCEPTANCE_NOTICE), ctx)
    text = flat("".join(page_texts(pdf)))
    assert "大厅0714-6000001" in text and "黄石市公安局0714-6000002" in text

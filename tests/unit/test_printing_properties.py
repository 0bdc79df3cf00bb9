"""Random cases always render, stay readable, and grow pages instead of overflowing."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime

import pypdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clerk_app.domain.cases import (
    Case,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    Person,
    make_case_number,
)
from clerk_app.domain.catalog import Item, Material, MaterialForm
from clerk_app.printing import DocType, PrintContext, render_document, sample_case
from clerk_app.printing.samples import APPLICANT_ID, sample_context

# Readable text: common CJK, Latin letters and digits, and the punctuation clerks type.
READABLE = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789（）()、，。：；-/<>&\"'{}"),
    ),
    min_size=1,
    max_size=60,
)
LONG = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=80, max_size=300
)
# Anything at all, including control characters and symbols the font does not have.
ANY_TEXT = st.text(max_size=80)

DOC_DECISION = {
    DocType.ACCEPTANCE_NOTICE: DecisionKind.ACCEPT,
    DocType.GAP_ACCEPTANCE_NOTICE: DecisionKind.ACCEPT_WITH_GAPS,
    DocType.MISSING_MATERIALS_NOTICE: DecisionKind.MISSING_NOTICE,
    DocType.REFUSAL_NOTICE: DecisionKind.REFUSE,
    DocType.MATERIAL_RECEIPT: DecisionKind.ACCEPT,
}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_text(pdf: bytes) -> str:
    """All pages' text without the page furniture (footer, continuation header)."""
    out = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        lines = page.extract_text().splitlines()
        kept = [
            line
            for line in lines
            if "打印人：" not in line
            and not re.fullmatch(r"\s*第 \d+ 页 / 共 \d+ 页\s*", line)
            and not line.startswith("案件编号：")
            and "　" not in line[:12]  # continuation header "大厅　标题"
            and not line.startswith("【补打")
            and "咨询电话：" not in line  # footer: issuer, address, phone
        ]
        out.append("\n".join(kept))
    return flat("".join(out))


TABLE_HEADS = (
    "序号材料名称材料形式份数备注",
    "序号容缺材料名称材料形式份数补齐期限备注",
    "序号材料名称存在问题应提交形式份数要求说明",
)


def readable(name: str, text: str) -> bool:
    """The name is in the text, or, when its table row was split across two pages, its two
    parts are (the repeated table head and the row's other cells stand between them)."""
    name = flat(name)
    if name in text:
        return True
    for head in TABLE_HEADS:
        text = text.replace(head, "")
    if name in text:
        return True
    if len(name) < 40:  # a row this short is one or two lines and never split
        return False
    return any(name[:k] in text and name[k:] in text for k in range(1, len(name)))


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@st.composite
def cases(draw: st.DrawFn, names: st.SearchStrategy[str] = READABLE) -> tuple[DocType, Case]:
    doc_type = draw(st.sampled_from(list(DocType)))
    count = draw(st.integers(min_value=0, max_value=45))
    materials = tuple(
        Material(
            code=f"M{i:03d}",
            name=draw(st.one_of(names, LONG)) if i % 7 == 3 else draw(names),
            form=draw(st.sampled_from(list(MaterialForm))),
            copies=draw(st.integers(min_value=1, max_value=9)),
            required=draw(st.booleans()),
            gap_allowed=True,
            note=draw(st.one_of(st.just(""), names)),
        )
        for i in range(count)
    )
    states = [draw(st.sampled_from(list(MaterialState))) for _ in materials]
    checks = tuple(
        MaterialCheck(
            m,
            state,
            copies_received=m.copies if state is MaterialState.RECEIVED else 0,
            note=draw(st.one_of(st.just(""), names)),
            defect_reason=draw(names) if state is MaterialState.DEFECTIVE else "",
        )
        for m, state in zip(materials, states, strict=True)
    )
    base = sample_case(doc_type)
    item = Item(
        code=draw(READABLE),
        name=draw(names),
        department=draw(names),
        legal_basis=draw(st.one_of(st.just(""), names, LONG)),
        materials=materials,
    )
    day = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))
    kind = DOC_DECISION[doc_type]
    case = replace(
        base,
        number=make_case_number("HS01", draw(st.integers(1, 99)), day, draw(st.integers(1, 9999))),
        item=item,
        scenario_code=None,
        applicant=Person(
            IdKind.RESIDENT_ID, APPLICANT_ID, draw(names), draw(st.just("13900001111"))
        ),
        agent=draw(
            st.one_of(
                st.none(), st.builds(Person, st.just(IdKind.PASSPORT), st.just("E12345678"), names)
            )
        ),
        checks=checks,
        decision=Decision(
            kind,
            reason=draw(names) if kind is DecisionKind.REFUSE else "",
            competent_agency=draw(st.one_of(st.just(""), names)),
            commitment_deadline=day,
            commitment_signed=True,
        ),
        status=CaseStatus.RECEIVED,
        received_at=datetime(day.year, day.month, day.day, 9, 30),
        promised_date=draw(st.one_of(st.none(), st.just(day))),
        clerk_name=draw(names),
    )
    return doc_type, case


def _expected_names(doc_type: DocType, case: Case) -> list[str]:
    received = [c.material.name for c in case.received()]
    gaps = [c.material.name for c in case.gaps()]
    if doc_type in (DocType.ACCEPTANCE_NOTICE, DocType.MATERIAL_RECEIPT):
        return received
    if doc_type is DocType.GAP_ACCEPTANCE_NOTICE:
        return received + gaps
    if doc_type is DocType.MISSING_MATERIALS_NOTICE:
        return received + gaps
    return []


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cases())
def test_random_cases_render_and_every_material_stays_readable(
    generated: tuple[DocType, Case],
) -> None:
    doc_type, case = generated
    ctx = sample_context(doc_type, reprint=True)
    pdf = render_document(doc_type, case, ctx)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert f"共 {total} 页" in reader.pages[-1].extract_text()
    text = body_text(pdf)
    assert case.number in text
    assert APPLICANT_ID not in text
    for name in _expected_names(doc_type, case):
        assert readable(name, text), name


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(names=ANY_TEXT.filter(lambda s: s.strip() != "")))
def test_any_text_at_all_renders_without_error(generated: tuple[DocType, Case]) -> None:
    doc_type, case = generated
    pdf = render_document(doc_type, case, sample_context(doc_type))
    assert pdf.startswith(b"%PDF") and page_count(pdf) >= 1


def test_many_materials_add_pages_instead_of_overflowing() -> None:
    base = sample_case(DocType.MATERIAL_RECEIPT)
    ctx = PrintContext("黄石市民之家", "5号窗口", "张敏", datetime(2026, 11, 23, 11, 0))

    def with_materials(n: int) -> Case:
        materials = tuple(
            Material(f"M{i:03d}", f"第{i}号证明材料" + "（含附件及说明）" * (i % 4), copies=2)
            for i in range(n)
        )
        checks = tuple(MaterialCheck(m, MaterialState.RECEIVED, 2) for m in materials)
        return replace(base, item=replace(base.item, materials=materials), checks=checks)

    counts = [
        page_count(render_document(DocType.MATERIAL_RECEIPT, with_materials(n), ctx))
        for n in (5, 40, 120)
    ]
    assert counts[0] == 1
    assert counts[0] < counts[1] < counts[2]
    text = body_text(render_document(DocType.MATERIAL_RECEIPT, with_materials(120), ctx))
    for i in range(120):
        assert f"第{i}号证明材料" in text


def test_a_material_name_longer_than_a_page_still_renders() -> None:
    base = sample_case(DocType.MISSING_MATERIALS_NOTICE)
    huge = "超长材料名称" * 700  # about 4,200 characters: taller than one A4 page in its cell
    material = Material("BIG", huge)
    case = replace(base, checks=(*base.checks, MaterialCheck(material, MaterialState.MISSING)))
    pdf = render_document(
        DocType.MISSING_MATERIALS_NOTICE, case, sample_context(DocType.MISSING_MATERIALS_NOTICE)
    )
    assert page_count(pdf) >= 3
    text = body_text(pdf)
    for head in TABLE_HEADS:  # repeated on each page the row continues on
        text = text.replace(head, "")
    # The row's other cells (序号, 未提交 …) are drawn with one of its parts: skip them.
    span = text[text.index("超") : text.rindex("超长材料名称") + 6]
    assert "".join(ch for ch in span if ch in "超长材料名称") == huge


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wording=READABLE)
def test_any_hall_wording_prints_as_written(wording: str) -> None:
    """Whatever a hall writes as a paragraph (braces doubled) prints verbatim."""
    import json
    import shutil
    import tempfile
    from pathlib import Path

    from clerk_app.printing.templates import DEFAULT_TEMPLATES_DIR

    escaped = wording.replace("{", "{{").replace("}", "}}")
    with tempfile.TemporaryDirectory() as tmp:
        templates = Path(tmp) / "templates"
        shutil.copytree(DEFAULT_TEMPLATES_DIR, templates)
        file = templates / "documents.toml"
        text = file.read_text(encoding="utf-8")
        old = 'reason_label = "不予受理的理由"'
        file.write_text(
            text.replace(old, f"reason_label = {json.dumps(escaped, ensure_ascii=False)}"),
            encoding="utf-8",
        )
        doc_type = DocType.REFUSAL_NOTICE
        pdf = render_document(
            doc_type, sample_case(doc_type), sample_context(doc_type), templates_dir=templates
        )
    assert flat(wording) in body_text(pdf)

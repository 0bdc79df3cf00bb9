"""Printed documents: content, masking, codes that decode, embedded font, templates, reprints."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
import pytest
import zxingcpp

from clerk_app.domain.cases import CaseStatus, Decision, DecisionKind, MaterialState
from clerk_app.domain.progress import check_code
from clerk_app.printing import (
    DocType,
    PrintContext,
    TemplateError,
    documents_for,
    render_document,
    render_sample,
    sample_case,
)
from clerk_app.printing import fonts as printing_fonts
from clerk_app.printing.layout import cn_date
from clerk_app.printing.samples import (
    AGENT_ID,
    APPLICANT_ID,
    SAMPLE_PROGRESS_PAGE,
    SAMPLE_PROGRESS_SECRET,
    sample_context,
)
from clerk_app.printing.templates import DEFAULT_TEMPLATES_DIR, load_templates

TITLES = {
    DocType.ACCEPTANCE_NOTICE: "受理通知书",
    DocType.GAP_ACCEPTANCE_NOTICE: "容缺受理通知书",
    DocType.MISSING_MATERIALS_NOTICE: "一次性告知书",
    DocType.REFUSAL_NOTICE: "不予受理通知书",
    DocType.MATERIAL_RECEIPT: "材料接收凭证",
}


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text without any whitespace: wrapped lines and full-width spaces do not matter."""
    return re.sub(r"\s+", "", text)


def decode_codes(pdf: bytes, page: int = 0) -> dict[str, str]:
    """Render the page at 200 dpi and read every barcode on it: {format name: text}."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[page].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    return {r.format.name: r.text for r in zxingcpp.read_barcodes(image)}


def render(doc_type: DocType, *, reprint: bool = False, templates_dir: Path | None = None) -> bytes:
    return render_document(
        doc_type,
        sample_case(doc_type),
        sample_context(doc_type, reprint=reprint),
        templates_dir=templates_dir,
    )


@pytest.fixture(scope="module")
def rendered() -> dict[DocType, bytes]:
    return {d: render(d) for d in DocType}


@pytest.mark.parametrize("doc_type", list(DocType))
def test_document_contains_what_the_decision_requires(
    doc_type: DocType, rendered: dict[DocType, bytes]
) -> None:
    pdf = rendered[doc_type]
    assert pdf.startswith(b"%PDF")
    case = sample_case(doc_type)
    text = flat("\n".join(page_texts(pdf)))
    assert TITLES[doc_type] in text
    assert doc_type.label in text
    assert case.number in text
    assert "黄石市民之家〔2026〕" in text and f"第{case.number}号" in text
    assert case.applicant.name in text
    assert case.item.name in text
    assert case.scenario_name in text
    assert "4202**********123X" in text
    assert APPLICANT_ID not in text
    assert case.applicant.mobile not in text and "138****5678" in text
    assert "张敏" in text  # the clerk
    assert "2026年11月23日" in text  # application date
    assert "法律依据" in text
    if doc_type in (
        DocType.ACCEPTANCE_NOTICE,
        DocType.GAP_ACCEPTANCE_NOTICE,
        DocType.MATERIAL_RECEIPT,
    ):
        assert case.promised_date is not None
        assert cn_date(case.promised_date) in text
        for check in case.received():
            assert check.material.name in text
            assert check.material.form.label in text
    if doc_type in (DocType.GAP_ACCEPTANCE_NOTICE, DocType.MISSING_MATERIALS_NOTICE):
        gaps = case.gaps()
        assert gaps
        for check in gaps:
            assert check.material.name in text
            if check.defect_reason:
                assert check.defect_reason in text


def test_acceptance_notice_fits_on_one_page(rendered: dict[DocType, bytes]) -> None:
    texts = page_texts(rendered[DocType.ACCEPTANCE_NOTICE])
    assert len(texts) == 1
    assert "第 1 页 / 共 1 页" in texts[0]
    assert "打印人：张敏" in texts[0] and "打印时间：2026-11-23 10:31:05" in texts[0]


def test_gap_notice_has_deadlines_consequence_and_signed_commitment_page(
    rendered: dict[DocType, bytes],
) -> None:
    case = sample_case(DocType.GAP_ACCEPTANCE_NOTICE)
    assert case.decision is not None and case.decision.commitment_deadline is not None
    texts = page_texts(rendered[DocType.GAP_ACCEPTANCE_NOTICE])
    deadline = cn_date(case.decision.commitment_deadline)
    notice = flat("".join(texts[:-1]))
    commitment = flat(texts[-1])
    assert deadline in notice and "逾期后果" in notice and "终止办理" in notice
    # The 承诺书 is its own page, with the commitment, the gaps, and the signature lines.
    assert "容缺受理承诺书" in commitment and "郑重承诺" in commitment
    assert deadline in commitment
    for check in case.gaps():
        assert check.material.name in commitment
    assert "承诺人（申请人）签字" in commitment and "代办人签字" in commitment
    # The agent is on the documents, masked too.
    assert case.agent is not None and case.agent.name in notice
    assert AGENT_ID not in notice + commitment
    assert f"共 {len(texts)} 页" in texts[-1]


def test_missing_notice_lists_each_gap_once_with_the_one_time_sentence(
    rendered: dict[DocType, bytes],
) -> None:
    text = flat("".join(page_texts(rendered[DocType.MISSING_MATERIALS_NOTICE])))
    assert "一次性告知" in text and "逾期不告知的，自收到申请材料之日起即为受理" in text
    assert "未提交" in text and "需补正" in text
    # A material ticked twice (e.g. from a merged bundle checklist) is still listed once.
    case = sample_case(DocType.MISSING_MATERIALS_NOTICE)
    doubled = replace(case, checks=case.checks + tuple(case.gaps()))
    ctx = sample_context(DocType.MISSING_MATERIALS_NOTICE)
    doubled_text = flat(
        "".join(page_texts(render_document(DocType.MISSING_MATERIALS_NOTICE, doubled, ctx)))
    )
    for check in case.gaps():
        name = check.material.name
        assert doubled_text.count(name) == text.count(name) >= 1


def test_refusal_notice_gives_reason_agency_and_remedies(rendered: dict[DocType, bytes]) -> None:
    text = flat("".join(page_texts(rendered[DocType.REFUSAL_NOTICE])))
    case = sample_case(DocType.REFUSAL_NOTICE)
    assert case.decision is not None
    assert flat(case.decision.reason) in text
    assert "请向大冶市公安局提出申请" in text
    assert "六十日内向黄石市人民政府申请行政复议" in text
    assert "六个月内直接向黄石市黄石港区人民法院提起行政诉讼" in text


@pytest.mark.parametrize("doc_type", list(DocType))
def test_barcode_holds_the_case_number_and_the_qr_the_progress_link(
    doc_type: DocType, rendered: dict[DocType, bytes]
) -> None:
    """The QR labelled 扫码查询办理进度 opens the hall's public progress page with the case
    number and its check code (scanned back from the printed page)."""
    codes = decode_codes(rendered[doc_type])
    number = sample_case(doc_type).number
    assert codes.get("Code128") == number
    code = check_code(SAMPLE_PROGRESS_SECRET, number)
    assert len(code) == 8
    assert codes.get("QRCode") == f"{SAMPLE_PROGRESS_PAGE}?case={number}&code={code}"
    text = flat("".join(page_texts(rendered[doc_type])))
    if doc_type in (
        DocType.ACCEPTANCE_NOTICE,
        DocType.GAP_ACCEPTANCE_NOTICE,
        DocType.MATERIAL_RECEIPT,
    ):
        assert code in text  # the code is printed too, for typing it in


def test_qr_without_the_halls_key_falls_back_to_the_lookup_url() -> None:
    """A first login offline has no hall key yet: the QR still opens the hall's look-up."""
    case = sample_case(DocType.ACCEPTANCE_NOTICE)
    ctx = replace(sample_context(DocType.ACCEPTANCE_NOTICE), progress_secret="")
    codes = decode_codes(render_document(DocType.ACCEPTANCE_NOTICE, case, ctx))
    assert codes["QRCode"] == f"https://zwfw.huangshi.gov.cn/bjcx?ajbh={case.number}"


def test_qr_can_carry_the_bare_case_number(tmp_path: Path) -> None:
    templates = copy_templates(tmp_path)
    edit(templates, 'qr_text = "{progress_url}"', 'qr_text = "{case_number}"')
    pdf = render(DocType.ACCEPTANCE_NOTICE, templates_dir=templates)
    number = sample_case(DocType.ACCEPTANCE_NOTICE).number
    assert decode_codes(pdf) == {"QRCode": number, "Code128": number}


def test_every_font_is_embedded_truetype(rendered: dict[DocType, bytes]) -> None:
    for doc_type, pdf in rendered.items():
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        seen = 0
        for page in reader.pages:
            resources: Any = page["/Resources"]
            for ref in resources["/Font"].values():
                font: Any = ref.get_object()
                seen += 1
                assert "WenQuanYiMicroHei" in str(font["/BaseFont"]), doc_type
                descriptor = font["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, f"{doc_type}: {font['/BaseFont']} not embedded"
        assert seen > 0


def test_reprint_says_so_with_the_time(rendered: dict[DocType, bytes]) -> None:
    assert "补打" not in "".join(page_texts(rendered[DocType.REFUSAL_NOTICE]))
    texts = page_texts(render(DocType.GAP_ACCEPTANCE_NOTICE, reprint=True))
    assert "补打时间2026-11-2409:12" in flat(texts[0])
    for text in texts:  # every footer
        assert "【补打 2026-11-24 09:12】" in text
        assert "打印时间：2026-11-24 09:12:30" in text


def copy_templates(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES_DIR, target)
    return target


def edit(templates: Path, old: str, new: str) -> None:
    file = templates / "documents.toml"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_hall_edits_the_template_without_code(tmp_path: Path) -> None:
    templates = copy_templates(tmp_path)
    edit(templates, 'name = "黄石市民之家"', 'name = "大冶市民之家"')
    edit(templates, 'court = "黄石市黄石港区人民法院"', 'court = "大冶市人民法院"')
    pdf = render(DocType.REFUSAL_NOTICE, templates_dir=templates)
    text = flat("".join(page_texts(pdf)))
    assert "大冶市民之家〔2026〕不受字第" in text
    assert "大冶市人民法院" in text
    assert "黄石市民之家" not in text


def test_full_id_is_a_template_switch_per_document(tmp_path: Path) -> None:
    templates = copy_templates(tmp_path)
    edit(
        templates,
        'title = "材料接收凭证"',
        'title = "材料接收凭证"\nfull_id = true',
    )
    receipt = flat("".join(page_texts(render(DocType.MATERIAL_RECEIPT, templates_dir=templates))))
    notice = flat("".join(page_texts(render(DocType.ACCEPTANCE_NOTICE, templates_dir=templates))))
    assert APPLICANT_ID in receipt
    assert APPLICANT_ID not in notice and "4202**********123X" in notice


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'seal_purpose = "政务服务专用章"',
            'seal_purpose = "x"\nseal_colour = "red"',
            "hall.seal_colour",
        ),
        ('title = "受理通知书"', 'title = "{hall}受理通知书"', "documents.acceptance_notice.title"),
        ('title = "不予受理通知书"', 'titel = "不予受理通知书"', "documents.refusal_notice.titel"),
        ('court = "黄石市黄石港区人民法院"', "", "remedies.court"),
        ("full_id = false ", 'full_id = "no" ', "defaults.full_id"),
        ('reason_label = "不予受理的理由"', 'reason_label = "理由{"', "reason_label"),
        ('title = "一次性告知书"', 'title = "一次性告知书', "documents.toml"),
    ],
)
def test_broken_template_is_refused_naming_the_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    templates = copy_templates(tmp_path)
    edit(templates, old, new)
    with pytest.raises(TemplateError, match=re.escape(message)):
        render(DocType.REFUSAL_NOTICE, templates_dir=templates)


def test_unknown_placeholder_lists_the_known_ones(tmp_path: Path) -> None:
    templates = copy_templates(tmp_path)
    edit(templates, "咨询电话：{phones}", "咨询电话：{phone}")
    with pytest.raises(TemplateError) as info:
        load_templates(templates)
    assert "{phone}" in str(info.value) and "{phones}" in str(info.value)
    assert "notes[" in str(info.value)


def test_missing_template_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="找不到模板文件"):
        render(DocType.ACCEPTANCE_NOTICE, templates_dir=tmp_path)


def test_documents_for_each_decision() -> None:
    case = sample_case(DocType.ACCEPTANCE_NOTICE)
    assert documents_for(case) == [DocType.ACCEPTANCE_NOTICE, DocType.MATERIAL_RECEIPT]
    expected = {
        DecisionKind.ACCEPT_WITH_GAPS: [DocType.GAP_ACCEPTANCE_NOTICE, DocType.MATERIAL_RECEIPT],
        DecisionKind.MISSING_NOTICE: [DocType.MISSING_MATERIALS_NOTICE],
        DecisionKind.REFUSE: [DocType.REFUSAL_NOTICE],
        DecisionKind.COMPLETE_ON_SPOT: [DocType.MATERIAL_RECEIPT],
    }
    for kind, docs in expected.items():
        assert documents_for(replace(case, decision=Decision(kind))) == docs
    # Reprinting from history: a case in review still prints what its decision printed.
    in_review = replace(case, status=CaseStatus.IN_REVIEW)
    assert documents_for(in_review) == [DocType.ACCEPTANCE_NOTICE, DocType.MATERIAL_RECEIPT]
    assert documents_for(replace(case, decision=None, status=CaseStatus.REFUSED)) == [
        DocType.REFUSAL_NOTICE
    ]
    assert documents_for(replace(case, decision=None, status=CaseStatus.RECEIVED)) == []


def test_doc_type_labels() -> None:
    assert [d.label for d in DocType] == [
        "受理通知书",
        "容缺受理通知书",
        "一次性告知书",
        "不予受理通知书",
        "材料接收凭证",
    ]


def test_render_sample_writes_the_pdf_and_rejects_unknown_names(tmp_path: Path) -> None:
    out = tmp_path / "out" / "notice.pdf"
    render_sample("missing_materials_notice", out)
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(ValueError) as info:
        render_sample("acceptance", tmp_path / "x.pdf")
    for d in DocType:
        assert d.value in str(info.value)
    assert not (tmp_path / "x.pdf").exists()


def test_sample_ids_have_valid_checksums() -> None:
    from clerk_app.domain.identifiers import is_valid_resident_id

    assert is_valid_resident_id(APPLICANT_ID) and is_valid_resident_id(AGENT_ID)
    assert sample_case(DocType.GAP_ACCEPTANCE_NOTICE).agent is not None
    missing = sample_case(DocType.MISSING_MATERIALS_NOTICE)
    assert {c.state for c in missing.gaps()} == {MaterialState.MISSING, MaterialState.DEFECTIVE}


def test_case_without_number_is_refused_clearly() -> None:
    case = replace(sample_case(DocType.ACCEPTANCE_NOTICE), number="")
    with pytest.raises(ValueError, match="尚未编号"):
        render_document(DocType.ACCEPTANCE_NOTICE, case, sample_context(DocType.ACCEPTANCE_NOTICE))


def test_missing_font_names_the_debian_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(printing_fonts.FONT_ENV_VAR, str(tmp_path / "none.ttc"))
    monkeypatch.setattr(printing_fonts, "KNOWN_FONT_PATHS", (tmp_path / "also-none.ttc",))
    with pytest.raises(printing_fonts.FontNotFoundError, match="fonts-wqy-microhei"):
        printing_fonts.find_cjk_font()


def test_font_env_var_is_searched_first(monkeypatch: pytest.MonkeyPatch) -> None:
    real = printing_fonts.find_cjk_font()
    monkeypatch.setattr(printing_fonts, "KNOWN_FONT_PATHS", ())
    monkeypatch.setenv(printing_fonts.FONT_ENV_VAR, str(real))
    assert printing_fonts.find_cjk_font() == real


def test_organisation_applicant_and_mail_delivery_render() -> None:
    from clerk_app.domain.cases import IdKind, Person

    case = replace(
        sample_case(DocType.ACCEPTANCE_NOTICE),
        applicant=Person(
            IdKind.USCC, "91420200MA4K2XYZ1B", "黄石市某某商贸有限公司", "0714-6288345"
        ),
        delivery_mode="mail",
        mail_address="黄石市下陆区团城山路 1 号",
    )
    ctx = PrintContext("黄石市民之家", "5号窗口", "张敏", datetime(2026, 11, 23, 11, 0))
    text = flat("".join(page_texts(render_document(DocType.ACCEPTANCE_NOTICE, case, ctx))))
    assert "黄石市某某商贸有限公司" in text and "统一社会信用代码" in text
    assert "91420200MA4K2XYZ1B" not in text
    assert "免费邮寄（黄石市下陆区团城山路1号）" in text


def _xobjects(pdf: bytes) -> int:
    count = 0
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        if "/XObject" in resources:
            count += len(resources["/XObject"])
    return count


def test_seal_image_is_used_when_the_hall_has_one(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    templates = copy_templates(tmp_path)
    assert _xobjects(render(DocType.ACCEPTANCE_NOTICE, templates_dir=templates)) == 0  # vector
    seal = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((10, 10, 390, 390), outline=(220, 0, 0, 255), width=14)
    seal.save(templates / "seal.png")
    assert _xobjects(render(DocType.ACCEPTANCE_NOTICE, templates_dir=templates)) >= 1


def test_empty_hall_name_uses_the_logged_in_hall(tmp_path: Path) -> None:
    templates = copy_templates(tmp_path)
    edit(templates, 'name = "黄石市民之家"', 'name = ""')
    case = sample_case(DocType.MATERIAL_RECEIPT)
    ctx = PrintContext("阳新县政务服务中心", "3号窗口", "王芳", datetime(2026, 11, 23, 11, 0))
    pdf = render_document(DocType.MATERIAL_RECEIPT, case, ctx, templates_dir=templates)
    text = flat("".join(page_texts(pdf)))
    assert "阳新县政务服务中心〔2026〕收字第" in text
    assert "打印人：王芳（3号窗口）" in text


def test_rendering_from_several_threads_gives_the_same_documents() -> None:
    """The window prints from a worker thread while another document may be rendering."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [d for d in DocType for _ in range(3)]
    expected = {d: page_texts(render(d)) for d in DocType}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(render, jobs))
    for doc_type, pdf in zip(jobs, results, strict=True):
        assert page_texts(pdf) == expected[doc_type]


def test_broken_seal_image_is_a_template_error(tmp_path: Path) -> None:
    templates = copy_templates(tmp_path)
    (templates / "seal.png").write_bytes(b"not a png")
    with pytest.raises(TemplateError, match=re.escape("hall.seal_image")):
        render(DocType.ACCEPTANCE_NOTICE, templates_dir=templates)

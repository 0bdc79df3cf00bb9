"""送达回证 and 邮寄单: content read back, masked IDs, barcodes that decode, template sections."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import zxingcpp

from clerk_app.domain.cases import Case, CaseEvent, CaseStatus
from clerk_app.printing import DocType, TemplateError
from clerk_app.printing.delivery import (
    Delivery,
    DeliveryDoc,
    ResultSummary,
    render_delivery,
    result_of,
)
from clerk_app.printing.samples import AGENT, AGENT_ID, APPLICANT_ID, sample_case, sample_context
from clerk_app.printing.templates import DEFAULT_TEMPLATES_DIR, load_templates

AT = datetime(2026, 12, 1, 10, 5).astimezone()


def text_of(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def barcodes(pdf: bytes) -> list[tuple[str, str]]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=200 / 72).to_pil()
    finally:
        document.close()
    return sorted((r.format.name, r.text) for r in zxingcpp.read_barcodes(image))


def approved_case() -> Case:
    case = sample_case(DocType.ACCEPTANCE_NOTICE)
    for status, detail in (
        (CaseStatus.IN_REVIEW, "接件审批"),
        (CaseStatus.APPROVED, "准予：《户口迁移证》编号GA-2026-000123，有效期2027-06-01"),
        (CaseStatus.RESULT_READY, "办理结果已送达窗口待领取"),
    ):
        case = case.with_event(CaseEvent(AT, "gahz01", "黄石市公安局", "status", status, detail))
    return replace(case, status=CaseStatus.RESULT_READY, agent=AGENT)


def test_result_is_read_from_the_department_events() -> None:
    case = approved_case()
    assert result_of(case) == ResultSummary(
        "approved", "户口迁移证", "GA-2026-000123", "2027-06-01"
    )
    denied = case.with_event(
        CaseEvent(
            AT,
            "gahz01",
            "公安局",
            "status",
            CaseStatus.DENIED,
            "不予许可：条件不符；《不予行政许可决定书》编号黄公不许〔2026〕9号",
        )
    )
    assert result_of(denied) == ResultSummary(
        "denied", "不予行政许可决定书", "黄公不许〔2026〕9号", ""
    )
    bare = sample_case(DocType.ACCEPTANCE_NOTICE)
    assert result_of(bare).decision == "" and result_of(bare).name


def test_delivery_receipt_to_an_agent() -> None:
    case = approved_case()
    assert case.agent is not None
    delivery = Delivery(
        "window",
        case.agent,
        "委托代理人",
        AT,
        result_of(case),
        authorisation_note="委托书2026-11-30签署，已核验受托人身份证",
    )
    pdf = render_delivery(
        DeliveryDoc.DELIVERY_RECEIPT, case, delivery, sample_context(DocType.ACCEPTANCE_NOTICE)
    )
    text = text_of(pdf)
    for expected in (
        "送达回证",
        "送字第" + case.number,
        "户口迁移证",
        "GA-2026-000123",
        "2027-06-01",
        case.agent.name + "（委托代理人）",
        "委托书2026-11-30签署",
        "2026年12月1日",
        "受送达人（领取人）签字",
    ):
        assert expected in text, expected
    # IDs are masked; the full numbers never print.
    assert APPLICANT_ID not in text and AGENT_ID not in text
    assert APPLICANT_ID[:4] + "**********" + APPLICANT_ID[-4:] in text
    assert ("Code128", case.number) in barcodes(pdf)


def test_delivery_receipt_keeps_its_signatures_with_the_text() -> None:
    """As the notices do: set tighter rather than leave the signatures alone on a page."""
    case = approved_case()
    assert case.agent is not None
    delivery = Delivery(
        "window",
        case.agent,
        "委托代理人",
        AT,
        result_of(case),
        authorisation_note="委托书2026-11-30签署，已核验受托人身份证",
    )
    pdf = render_delivery(
        DeliveryDoc.DELIVERY_RECEIPT, case, delivery, sample_context(DocType.ACCEPTANCE_NOTICE)
    )
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    assert "签字" in pages[0].extract_text()


def test_mail_slip_has_full_mobile_address_and_waybill_barcode() -> None:
    case = approved_case()
    delivery = Delivery(
        "mail",
        case.applicant,
        "收件人",
        AT,
        result_of(case),
        mail_address="湖北省黄石市下陆区团城山街道杭州西路88号" * 3,  # long: must wrap, not vanish
        waybill_no="EA123456789CN",
    )
    pdf = render_delivery(
        DeliveryDoc.MAIL_SLIP, case, delivery, sample_context(DocType.ACCEPTANCE_NOTICE)
    )
    text = text_of(pdf)
    assert "免费邮寄单" in text and "EA123456789CN" in text
    assert case.applicant.mobile in text  # the courier needs the whole number
    assert text.count("杭州西路88号") >= 3
    assert APPLICANT_ID not in text
    codes = barcodes(pdf)
    assert ("Code128", case.number) in codes and ("Code128", "EA123456789CN") in codes


def test_older_template_file_without_the_sections_uses_the_shipped_wording(
    tmp_path: Path,
) -> None:
    source = (DEFAULT_TEMPLATES_DIR / "documents.toml").read_text(encoding="utf-8")
    cut = source.index("[documents.delivery_receipt]")
    (tmp_path / "documents.toml").write_text(source[:cut], encoding="utf-8")
    if (DEFAULT_TEMPLATES_DIR / "seal.png").exists():
        shutil.copy(DEFAULT_TEMPLATES_DIR / "seal.png", tmp_path / "seal.png")
    assert "delivery_receipt" not in load_templates(tmp_path).documents
    case = approved_case()
    delivery = Delivery("window", case.applicant, "申请人本人", AT, result_of(case))
    pdf = render_delivery(
        "delivery_receipt",
        case,
        delivery,
        sample_context(DocType.ACCEPTANCE_NOTICE),
        templates_dir=tmp_path,
    )
    assert "送达回证" in text_of(pdf)


def test_delivery_placeholders_only_in_delivery_sections(tmp_path: Path) -> None:
    source = (DEFAULT_TEMPLATES_DIR / "documents.toml").read_text(encoding="utf-8")
    bad = source.replace('title = "受理通知书"', 'title = "受理通知书{waybill_no}"', 1)
    (tmp_path / "documents.toml").write_text(bad, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"documents\.acceptance_notice\.title.*waybill_no"):
        load_templates(tmp_path)
    typo = source.replace("运单号{waybill_no}", "运单号{waybil_no}", 1)
    (tmp_path / "documents.toml").write_text(typo, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"documents\.mail_slip\.intro.*waybil_no"):
        load_templates(tmp_path)


def test_unprintable_case_number_is_refused() -> None:
    case = replace(approved_case(), number="编号")
    delivery = Delivery("window", case.applicant, "申请人本人", AT, result_of(case))
    with pytest.raises(ValueError, match="条形码"):
        render_delivery(
            DeliveryDoc.DELIVERY_RECEIPT, case, delivery, sample_context(DocType.ACCEPTANCE_NOTICE)
        )

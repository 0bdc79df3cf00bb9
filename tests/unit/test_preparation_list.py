"""The help desk's 准备资料清单 (issue 11): every field in its text, the QR read back by an
independent decoder reopens the same pre-check, and `render-sample preparation_list` works."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pypdf

from clerk_app.domain.precheck import Finding, MaterialFinding, open_qr
from clerk_app.printing.preparation_list import needed_materials
from clerk_app.printing.samples import (
    HUKOU_ITEM,
    SAMPLE_HALL,
    SAMPLE_PROGRESS_SECRET,
    render_sample,
    render_sample_preparation_list,
    sample_precheck,
)

from .test_printing import decode_codes, flat, page_texts


def test_the_list_says_what_to_bring_where_and_why() -> None:
    pdf = render_sample_preparation_list()
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    text = flat(page_texts(pdf)[0])
    precheck = sample_precheck()
    for expected in (
        "准备资料清单",
        precheck.number,
        HUKOU_ITEM.name,
        "购房迁入",
        # still needed, with form and copies, where to get it, what was wrong
        "户口迁移申请表",
        "原件收取1份",
        "申请人未签名",
        "商品房买卖合同",
        "合同复印件未加盖备案章",
        "户主同意落户的书面意见",
        "未带",
        "HJ01-blank.pdf",
        # brought ones to bring again; the shared-library one fetched by the window
        "申请人居民身份证",
        "由窗口通过共享库调取、无需准备：不动产权证书",
        SAMPLE_HALL.address.replace(" ", ""),
        "周一至周五",
        SAMPLE_HALL.phone,
        "2026年12月23日",
    ):
        assert flat(expected) in text, expected
    # the ID is not printed in clear anywhere on the list
    assert precheck.applicant_id and precheck.applicant_id not in text


def test_the_printed_qr_reopens_the_same_pre_check() -> None:
    codes = decode_codes(render_sample_preparation_list())
    assert codes["Code128"] == sample_precheck().number
    reopened = open_qr(codes["QRCode"], "HS01", SAMPLE_PROGRESS_SECRET)
    assert reopened == sample_precheck()


def test_needed_lines_skip_what_is_in_order_and_optional() -> None:
    precheck = sample_precheck()
    codes = [line.material.code for line in needed_materials(precheck, [HUKOU_ITEM])]
    assert codes == ["HJ01", "HJ05", "HJ08"]  # HJ04 from the shared library, HJ09 optional
    everything = replace(
        precheck,
        findings=tuple(MaterialFinding(m.code, Finding.BROUGHT) for m in HUKOU_ITEM.materials),
    )
    assert needed_materials(everything, [HUKOU_ITEM]) == []


def test_render_sample_command_writes_the_list(tmp_path: Path) -> None:
    out = tmp_path / "list.pdf"
    render_sample("preparation_list", out)
    assert out.read_bytes().startswith(b"%PDF")

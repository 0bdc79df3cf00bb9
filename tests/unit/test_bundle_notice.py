"""一件事受理通知书: every item of the bundle with its decision, department, date and case
number, the bundle's date, the materials received once, the items' own notices named, one
page, and a barcode that reads back as the bundle number."""

from __future__ import annotations

from dataclasses import replace

import pytest

from clerk_app.domain.cases import Decision, DecisionKind
from clerk_app.printing import DocType
from clerk_app.printing.bundle_notice import own_documents, render_bundle_notice
from clerk_app.printing.bundle_samples import sample_bundle_cases
from clerk_app.printing.samples import render_sample, sample_context
from tests.unit.test_printing import decode_codes, flat, page_texts

CTX = sample_context(DocType.ACCEPTANCE_NOTICE)


def test_the_bundle_notice_lists_every_item_and_reads_back_its_number() -> None:
    cases = sample_bundle_cases()
    pdf = render_bundle_notice(cases, CTX)
    pages = page_texts(pdf)
    assert len(pages) == 1
    text = flat(pages[0])
    number = cases[0].bundle_no
    assert "一件事受理通知书" in text and number in text
    for case in cases:
        assert flat(case.item.name) in text and case.number in text
        assert flat(case.item.department) in text
    assert "容缺受理" in text and "2026年11月30日" in text  # the registration's own date
    assert "本一件事承诺于2026年11月30日前办结" in text
    assert "黄石市自然资源和规划局牵头" in text  # the lead department
    assert "③不动产转移登记（二手房买卖）：容缺受理通知书" in text
    assert text.count("存量房买卖合同") == 2  # received once (its item's name aside)
    assert decode_codes(pdf).get("Code128") == number


def test_which_items_get_a_notice_of_their_own() -> None:
    case = sample_bundle_cases()[0]
    kinds = {
        DecisionKind.ACCEPT: [],
        DecisionKind.COMPLETE_ON_SPOT: [],
        DecisionKind.ACCEPT_WITH_GAPS: [DocType.GAP_ACCEPTANCE_NOTICE],
        DecisionKind.MISSING_NOTICE: [DocType.MISSING_MATERIALS_NOTICE],
        DecisionKind.REFUSE: [DocType.REFUSAL_NOTICE],
    }
    for kind, expected in kinds.items():
        assert own_documents(replace(case, decision=Decision(kind))) == expected


def test_only_cases_of_one_bundle() -> None:
    cases = sample_bundle_cases()
    with pytest.raises(ValueError, match="没有一件事"):
        render_bundle_notice([replace(cases[0], bundle=None)], CTX)
    other = replace(cases[1], bundle=replace(cases[1].bundle, number="YJS-HS01-05-20261123-0099"))  # type: ignore[type-var]
    with pytest.raises(ValueError, match="不属于同一件"):
        render_bundle_notice([cases[0], other], CTX)


def test_render_sample_writes_it(tmp_path: object) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "bundle.pdf"
    render_sample("bundle_notice", out)
    assert out.read_bytes().startswith(b"%PDF")

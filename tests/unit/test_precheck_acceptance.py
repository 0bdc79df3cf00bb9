"""A pre-check starts the window's acceptance (issue 11): what is filled, and how."""

from __future__ import annotations

from dataclasses import replace

from clerk_app.domain.cases import MaterialState
from clerk_app.domain.precheck_acceptance import PRECHECKED, acceptance_draft
from clerk_app.printing.samples import HUKOU_ITEM, sample_precheck


def test_the_draft_carries_applicant_item_scenario_and_checked_materials() -> None:
    precheck = replace(sample_precheck(), ticket_no="D012")
    draft = acceptance_draft(precheck, [HUKOU_ITEM], "赵雪梅")
    assert draft.ticket_no == "D012"
    assert draft.applicant.document.number == precheck.applicant_id
    assert draft.applicant.document.number_valid
    assert draft.applicant.applicant_type == "person"
    assert draft.subject.item == HUKOU_ITEM.code
    assert draft.scenarios == {HUKOU_ITEM.code: "BUY"}
    by_name = {c.name: c for c in draft.checks}
    received = by_name["申请人居民身份证"]
    assert received.state is MaterialState.RECEIVED and received.copies == 1
    assert received.note.startswith(f"{PRECHECKED}（赵雪梅 11-23 10:15")
    defective = by_name["户口迁移申请表"]
    assert defective.state is MaterialState.DEFECTIVE
    assert defective.defect == "有缺陷：申请人未签名"
    assert "户主同意落户的书面意见" not in by_name  # missing: checked at the window as usual


def test_an_anonymous_pre_check_leaves_the_applicant_to_the_window() -> None:
    precheck = replace(sample_precheck(), applicant_id=None, applicant_kind=None)
    draft = acceptance_draft(precheck, [HUKOU_ITEM], "")
    assert draft.applicant.document.number == ""
    assert draft.checks  # the materials are still filled

"""The 终止办理通知书 (printing/termination.py): rendered from a terminated 容缺 case with the
reason and the materials never supplied; refused for a case that was not terminated. The
hand-out names it as the result."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from clerk_app.domain.gaps import termination_of
from clerk_app.printing import DocType
from clerk_app.printing.delivery import result_of
from clerk_app.printing.samples import (
    render_sample,
    sample_case,
    sample_context,
    sample_kinds,
    sample_terminated_case,
)
from clerk_app.printing.termination import render_termination_notice


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_the_notice_names_the_reason_and_the_missing_materials() -> None:
    case = sample_terminated_case()
    ended = termination_of(case)
    assert ended is not None and ended[1] == "承诺期限届满，申请人未补交容缺材料"
    text = _text(render_termination_notice(case, sample_context(DocType.ACCEPTANCE_NOTICE)))
    assert "终止办理通知书" in text and "终字第" in text
    assert "承诺期限届满，申请人未补交容缺材料" in text
    assert "逾期未补齐的材料" in text and "商品房买卖合同" in text
    assert "行政复议" in text and "行政诉讼" in text


def test_only_a_terminated_case_has_the_notice(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="未终止办理"):
        render_termination_notice(
            sample_case(DocType.GAP_ACCEPTANCE_NOTICE), sample_context(DocType.ACCEPTANCE_NOTICE)
        )
    assert "termination_notice" in sample_kinds()
    out = tmp_path / "t.pdf"
    render_sample("termination_notice", out)
    assert out.read_bytes().startswith(b"%PDF")


def test_the_hand_out_names_the_termination_notice() -> None:
    result = result_of(sample_terminated_case())
    assert (result.decision, result.decision_label, result.name) == (
        "terminated",
        "终止办理",
        "终止办理通知书",
    )

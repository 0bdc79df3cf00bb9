"""The 延期通知书 (printing/extension_notice.py): rendered from a case whose department head
approved an Art. 42 extension, read back with pypdf; refused for a case without one."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from clerk_app.domain.extensions import extension_of
from clerk_app.printing import DocType
from clerk_app.printing.extension_notice import render_extension_notice
from clerk_app.printing.samples import (
    render_sample,
    sample_case,
    sample_context,
    sample_extended_case,
    sample_kinds,
)


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_the_notice_says_how_long_until_when_who_and_why() -> None:
    case = sample_extended_case()
    found = extension_of(case)
    assert found is not None
    extension = found[1]
    # Received 2026-11-23 + 20 working days = 2026-12-21; +10 (元旦 2027 off) = 2027-01-05.
    assert (extension.limit_before.isoformat(), extension.limit_after.isoformat()) == (
        "2026-12-21",
        "2027-01-05",
    )
    text = _text(render_extension_notice(case, sample_context(DocType.ACCEPTANCE_NOTICE)))
    assert "延期通知书" in text and "延字第" in text
    assert "2026年12月21日" in text and "10个工作日" in text and "2027年1月5日前作出决定" in text
    assert "本机关负责人王建国，2026年12月16日" in text
    assert "《中华人民共和国行政许可法》第四十二条第一款" in text
    assert "需会同自然资源部门现场核实并组织听证" in text
    assert "李明华" in text  # the addressee


def test_only_an_extended_case_has_the_notice(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="没有经批准的延期"):
        render_extension_notice(
            sample_case(DocType.ACCEPTANCE_NOTICE), sample_context(DocType.ACCEPTANCE_NOTICE)
        )
    assert sample_kinds()["extension_notice"] == "延期通知书"
    out = tmp_path / "e.pdf"
    render_sample("extension_notice", out)
    assert out.read_bytes().startswith(b"%PDF")

"""What a department issues to the applicant during its review, kept on the case so the window
shows and prints it when the applicant comes back.

- 不予许可决定书 (行政许可法 Art. 38 ¶2): written, with the reasons and the remedies (review
  body, court and their time limits, printed from the item's department).
- 补正通知 during the review: what is to be corrected, material by material, and by when; the
  case is suspended until the department resumes it (the clock stops meanwhile).

Only the server writes these (a window's push never changes them: ``case_writes`` keeps the
stored ones). This module imports nothing of ``cases`` so that ``Case`` can hold them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class DepartmentDocKind(StrEnum):
    DENIAL = "denial"  # 不予许可决定书 (its title follows the item type: 不予确认, 不予给付 …)
    CORRECTION = "correction"  # 补正通知书 of the review

    @property
    def label(self) -> str:
        return "不予许可决定书" if self is DepartmentDocKind.DENIAL else "补正通知书"


@dataclass(frozen=True, slots=True)
class CorrectionLine:
    """One thing to correct: the material (or 申请表 field …) and what it must become."""

    material: str
    requirement: str

    def to_dict(self) -> dict[str, str]:
        return {"material": self.material, "requirement": self.requirement}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CorrectionLine:
        return cls(str(data["material"]), str(data.get("requirement", "")))


@dataclass(frozen=True, slots=True)
class DepartmentDocument:
    """A document the department issued: its kind, number (文号), reasons or note, who
    issued it and when; a 补正 lists what to correct and the date to correct it by."""

    kind: DepartmentDocKind
    number: str
    reason: str
    department: str
    department_code: str
    issued_at: datetime
    issued_by: str  # the department user's display name
    corrections: tuple[CorrectionLine, ...] = ()
    due: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "number": self.number,
            "reason": self.reason,
            "department": self.department,
            "department_code": self.department_code,
            "issued_at": self.issued_at.isoformat(),
            "issued_by": self.issued_by,
            "corrections": [c.to_dict() for c in self.corrections],
            "due": self.due.isoformat() if self.due else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DepartmentDocument:
        return cls(
            kind=DepartmentDocKind(data["kind"]),
            number=str(data["number"]),
            reason=str(data.get("reason", "")),
            department=str(data.get("department", "")),
            department_code=str(data.get("department_code", "")),
            issued_at=datetime.fromisoformat(data["issued_at"]),
            issued_by=str(data.get("issued_by", "")),
            corrections=tuple(CorrectionLine.from_dict(c) for c in data.get("corrections", ())),
            due=date.fromisoformat(data["due"]) if data.get("due") else None,
        )

    @property
    def summary(self) -> str:
        """One line for the window: what the department decided or asks for."""
        if self.kind is DepartmentDocKind.DENIAL:
            return f"{self.department}不予批准（{self.number}）：{self.reason}"
        lines = "；".join(f"{c.material}：{c.requirement}" for c in self.corrections)
        due = f"，请于{self.due.isoformat()}前补正" if self.due else ""
        return f"{self.department}退回补正{due}：{lines}"


def latest(
    documents: tuple[DepartmentDocument, ...], kind: DepartmentDocKind
) -> DepartmentDocument | None:
    """The last document of ``kind`` (a case may be returned for 补正 more than once)."""
    for document in reversed(documents):
        if document.kind is kind:
            return document
    return None


_SEPARATOR = re.compile(r"[：:]")
MAX_CORRECTIONS = 30


def parse_correction_lines(text: str) -> list[CorrectionLine]:
    """ "材料：要补正的内容", one a line (the department page's box, the command line).
    ValueError, naming the line, when a line lacks either side."""
    found: list[CorrectionLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = _SEPARATOR.split(line, maxsplit=1)
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ValueError(f"第{number}行应写成“材料：要补正的内容”：{line}")
        found.append(CorrectionLine(parts[0].strip(), parts[1].strip()))
    if not found:
        raise ValueError("请写明需要补正的材料和内容，每行一项：“材料：要补正的内容”")
    if len(found) > MAX_CORRECTIONS:
        raise ValueError(f"一次最多告知{MAX_CORRECTIONS}项补正内容")
    return found

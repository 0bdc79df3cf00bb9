"""The approved extension of 行政许可法 Art. 42 (延期).

Art. 42 ¶1: a decision is due within 20 days of acceptance; "二十日内不能作出决定的，经本行政机关
负责人批准，可以延长十日，并应当将延长期限的理由告知申请人". Art. 42 ¶2: joint handling (统一办理、
联合办理、集中办理, a bundle's cases) has 45 days, extendable by 15 with the approval of the
government's head. Art. 82: these days are working days.

So an extension past the legal limit is:

- approved by the head (负责人) of the agency, who is the one recording it (the server checks the
  account is a department head's);
- at most 10 working days (15 for joint handling), once per case, and approved before the
  legal limit has passed;
- given a reason, told to the applicant in a 延期通知书 (printing/extension_notice.py).

The approval moves the legal limit later by its working days, and the promised date to that new
limit (the date the notice tells the applicant). The case's event says it in words the window
reads back (:func:`extension_detail`, :func:`extension_of`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from clerk_app.domain.cases import Case, CaseEvent
from clerk_app.domain.catalog import JOINT_EXTENSION_DAYS
from clerk_app.domain.workdays import WorkdayCalendar

ART42_EXTENSION_DAYS = 10  # Art. 42 ¶1, working days (Art. 82)
EXTENSION_ACTION = "extension_approved"


def max_extension_days(*, joint: bool) -> int:
    return JOINT_EXTENSION_DAYS if joint else ART42_EXTENSION_DAYS


def legal_article(*, joint: bool) -> str:
    return "《中华人民共和国行政许可法》第四十二条" + ("第二款" if joint else "第一款")


@dataclass(frozen=True, slots=True)
class ApprovedExtension:
    """An Art. 42 extension as approved: how long, why, by whom, and the limits it moved."""

    working_days: int
    reason: str
    approved_by: str  # the head's name, as printed
    joint: bool
    limit_before: date  # the legal limit before the extension
    limit_after: date  # the new legal limit, also the new promised date

    @property
    def article(self) -> str:
        return legal_article(joint=self.joint)


def approve_extension(
    *,
    today: date,
    working_days: int,
    reason: str,
    approved_by: str,
    joint: bool,
    limit_before: date,
    calendar: WorkdayCalendar,
    already_extended: bool,
    most_days: int | None = None,
) -> ApprovedExtension:
    """The extension the head approves today; ``ValueError`` with the reason in Chinese when
    the law does not allow it. ``most_days`` lowers the law's cap (a bundle's own
    ``extension_days``)."""
    if already_extended:
        raise ValueError("本案已经批准过延期；行政许可法第四十二条只允许延长一次")
    cap = max_extension_days(joint=joint)
    if most_days is not None:
        cap = min(cap, most_days)
        if cap < 1:
            raise ValueError("本一件事在事项目录中不允许延期（extension_days 为0）")
    if not 1 <= working_days <= cap:
        raise ValueError(f"延期应为1至{cap}个工作日（{legal_article(joint=joint)}）")
    if not reason.strip():
        raise ValueError("请填写延期理由：理由须告知申请人")
    if today > limit_before:
        raise ValueError(f"法定办结期限已于{limit_before.isoformat()}届满；延期须在期限届满前批准")
    return ApprovedExtension(
        working_days=working_days,
        reason=reason.strip(),
        approved_by=approved_by,
        joint=joint,
        limit_before=limit_before,
        limit_after=calendar.add_working_days(limit_before, working_days),
    )


_DETAIL = re.compile(
    r"^经本机关负责人(?P<by>.+?)批准，依照(?P<article>《[^》]+》第四十二条第[一二]款)延长办理期限"
    r"(?P<days>\d+)个工作日，法定办结期限由(?P<before>\d{4}-\d{2}-\d{2})延长至"
    r"(?P<after>\d{4}-\d{2}-\d{2})；延期理由：(?P<reason>.*)$",
    re.DOTALL,
)


def extension_detail(extension: ApprovedExtension) -> str:
    """The text of the case's event: every fact of the approval, in one sentence."""
    return (
        f"经本机关负责人{extension.approved_by}批准，依照{extension.article}延长办理期限"
        f"{extension.working_days}个工作日，法定办结期限由{extension.limit_before.isoformat()}"
        f"延长至{extension.limit_after.isoformat()}；延期理由：{extension.reason}"
    )


def extension_of(case: Case) -> tuple[CaseEvent, ApprovedExtension] | None:
    """The approved extension of ``case`` (its event and what it says), if there is one."""
    for event in reversed(case.events):
        if event.action != EXTENSION_ACTION:
            continue
        found = _DETAIL.match(event.detail)
        if found is None:
            continue
        return event, ApprovedExtension(
            working_days=int(found["days"]),
            reason=found["reason"],
            approved_by=found["by"],
            joint=found["article"].endswith("第二款"),
            limit_before=date.fromisoformat(found["before"]),
            limit_after=date.fromisoformat(found["after"]),
        )
    return None

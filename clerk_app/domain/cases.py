"""Applicants, cases, decisions at the window and the case state machine.

The decision rules follow 行政许可法 Art. 32 and local 容缺受理 practice (DESIGN.md §3):
accept only with every required material received and sound; accept with gaps only when
each missing material is 容缺-eligible and a signed commitment with a deadline no later than
the promised limit exists; a one-time notice lists everything missing or defective at once;
a refusal carries its reason and the applicant's remedies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from clerk_app.domain.bundle_link import BundleLink
from clerk_app.domain.catalog import HandlingKind, Item, Material
from clerk_app.domain.countries import nationality_name
from clerk_app.domain.daily_numbers import (
    daily_number_pattern,
    make_daily_number,
    parse_daily_number,
)
from clerk_app.domain.department_docs import DepartmentDocument
from clerk_app.domain.hall_time import hall_today


class IdKind(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证
    HK_MACAO_PERMIT = "hk_macao_permit"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit"  # 台湾居民来往大陆通行证
    HMT_RESIDENCE = "hmt_residence"  # 港澳台居民居住证
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident"  # 外国人永久居留身份证
    PASSPORT = "passport"  # 护照
    USCC = "uscc"  # 统一社会信用代码 (organisations)

    @property
    def label(self) -> str:
        return ID_KIND_LABELS[self]


ID_KIND_LABELS = {
    IdKind.RESIDENT_ID: "居民身份证",
    IdKind.HK_MACAO_PERMIT: "港澳居民来往内地通行证",
    IdKind.TAIWAN_PERMIT: "台湾居民来往大陆通行证",
    IdKind.HMT_RESIDENCE: "港澳台居民居住证",
    IdKind.FOREIGN_PERMANENT_RESIDENT: "外国人永久居留身份证",
    IdKind.PASSPORT: "护照",
    IdKind.USCC: "统一社会信用代码",
}


@dataclass(frozen=True, slots=True)
class Person:
    """Someone identified by a document: the applicant, a legal representative or an agent.

    ``mobile`` is the contact telephone of any kind, in E.164 (older records: bare mainland
    digits); ``contact_note`` says why there is none. ``nationality`` (ISO alpha-3) is the
    passport's country: a passport number is unique only within its issuing country."""

    id_kind: IdKind
    id_number: str
    name: str
    mobile: str = ""
    address: str = ""
    nationality: str = ""
    contact_note: str = ""

    @property
    def is_organisation(self) -> bool:
        return self.id_kind is IdKind.USCC

    @property
    def document_label(self) -> str:
        """The document's name as printed: 护照（美国） for a passport with its country."""
        if self.id_kind is IdKind.PASSPORT and self.nationality:
            return f"{self.id_kind.label}（{nationality_name(self.nationality)}）"
        return self.id_kind.label

    @property
    def record_key(self) -> tuple[str, str, str]:
        """What identifies the applicant's record: kind, country (passports), number."""
        return record_key(self.id_kind, self.id_number, self.nationality)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id_kind": self.id_kind.value,
            "id_number": self.id_number,
            "name": self.name,
            "mobile": self.mobile,
            "address": self.address,
            "nationality": self.nationality,
            "contact_note": self.contact_note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Person:
        return cls(
            IdKind(data["id_kind"]),
            str(data["id_number"]),
            str(data["name"]),
            str(data.get("mobile", "")),
            str(data.get("address", "")),
            str(data.get("nationality") or ""),
            str(data.get("contact_note") or ""),
        )


def record_key(kind: IdKind, number: str, nationality: str = "") -> tuple[str, str, str]:
    """An applicant record's key: the nationality counts for passports only (two countries
    may issue the same passport number; every other kind is issued by one authority)."""
    country = nationality.strip().upper() if kind is IdKind.PASSPORT else ""
    return kind.value, country, number


class MaterialState(StrEnum):
    MISSING = "missing"
    RECEIVED = "received"
    DEFECTIVE = "defective"  # 有缺陷, needs 补正

    @property
    def label(self) -> str:
        return {"missing": "未收", "received": "已收", "defective": "需补正"}[self.value]


@dataclass(frozen=True, slots=True)
class MaterialCheck:
    """What the clerk recorded for one checklist line."""

    material: Material
    state: MaterialState = MaterialState.MISSING
    copies_received: int = 0
    note: str = ""
    defect_reason: str = ""
    # The shared library's entry reused for this line (免提交): the line counts as received
    # with nothing handed over; "" when the applicant handed the material in.
    library_entry: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "material": self.material.to_dict(),
            "state": self.state.value,
            "copies_received": self.copies_received,
            "note": self.note,
            "defect_reason": self.defect_reason,
            "library_entry": self.library_entry,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MaterialCheck:
        return cls(
            Material.from_dict(data["material"]),
            MaterialState(data["state"]),
            int(data.get("copies_received", 0)),
            str(data.get("note", "")),
            str(data.get("defect_reason", "")),
            str(data.get("library_entry") or ""),
        )


class DecisionKind(StrEnum):
    ACCEPT = "accept"  # 受理
    ACCEPT_WITH_GAPS = "accept_with_gaps"  # 容缺受理
    MISSING_NOTICE = "missing_notice"  # 一次性告知 / 补正
    REFUSE = "refuse"  # 不予受理
    COMPLETE_ON_SPOT = "complete_on_spot"  # 即办件当场办结

    @property
    def label(self) -> str:
        return DECISION_LABELS[self]


DECISION_LABELS = {
    DecisionKind.ACCEPT: "受理",
    DecisionKind.ACCEPT_WITH_GAPS: "容缺受理",
    DecisionKind.MISSING_NOTICE: "一次性告知(补正)",
    DecisionKind.REFUSE: "不予受理",
    DecisionKind.COMPLETE_ON_SPOT: "当场办结",
}


class CaseStatus(StrEnum):
    PRECHECKED = "prechecked"  # 帮办预审
    RECEIVED = "received"  # 窗口收件
    ACCEPTED = "accepted"  # 已受理
    ACCEPTED_WITH_GAPS = "accepted_with_gaps"  # 容缺受理
    MISSING_NOTICE = "missing_notice"  # 已一次性告知
    REFUSED = "refused"  # 不予受理
    IN_REVIEW = "in_review"  # 审批中
    SUSPENDED = "suspended"  # 暂停(挂起)
    APPROVED = "approved"  # 准予
    DENIED = "denied"  # 不予许可
    RESULT_READY = "result_ready"  # 待领取
    DELIVERED = "delivered"  # 已领取
    MAILED = "mailed"  # 已邮寄
    COMPLETED = "completed"  # 当场办结 (即办件)
    TERMINATED = "terminated"  # 终止办理 (a broken 容缺 commitment)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    CaseStatus.PRECHECKED: "帮办预审",
    CaseStatus.RECEIVED: "已收件",
    CaseStatus.ACCEPTED: "已受理",
    CaseStatus.ACCEPTED_WITH_GAPS: "容缺受理",
    CaseStatus.MISSING_NOTICE: "已一次性告知",
    CaseStatus.REFUSED: "不予受理",
    CaseStatus.IN_REVIEW: "审批中",
    CaseStatus.SUSPENDED: "暂停",
    CaseStatus.APPROVED: "准予",
    CaseStatus.DENIED: "不予许可",
    CaseStatus.RESULT_READY: "待领取",
    CaseStatus.DELIVERED: "已领取",
    CaseStatus.MAILED: "已邮寄",
    CaseStatus.COMPLETED: "已办结",
    CaseStatus.TERMINATED: "终止办理",
}

# The case lifecycle of DESIGN.md §3. A case that got a one-time notice comes back as a new
# receipt when the applicant returns with the materials. A 容缺 case whose commitment was
# broken may be terminated (终止办理) until its decision; the termination notice then waits at
# the window like a result (domain/gaps.py says when termination is allowed).
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.PRECHECKED: frozenset({CaseStatus.RECEIVED}),
    CaseStatus.RECEIVED: frozenset(
        {
            CaseStatus.ACCEPTED,
            CaseStatus.ACCEPTED_WITH_GAPS,
            CaseStatus.MISSING_NOTICE,
            CaseStatus.REFUSED,
            CaseStatus.COMPLETED,
        }
    ),
    CaseStatus.MISSING_NOTICE: frozenset({CaseStatus.RECEIVED}),
    CaseStatus.ACCEPTED: frozenset({CaseStatus.IN_REVIEW}),
    CaseStatus.ACCEPTED_WITH_GAPS: frozenset(
        {CaseStatus.IN_REVIEW, CaseStatus.ACCEPTED, CaseStatus.TERMINATED}
    ),
    CaseStatus.IN_REVIEW: frozenset(
        {CaseStatus.SUSPENDED, CaseStatus.APPROVED, CaseStatus.DENIED, CaseStatus.TERMINATED}
    ),
    CaseStatus.SUSPENDED: frozenset({CaseStatus.IN_REVIEW, CaseStatus.TERMINATED}),
    CaseStatus.TERMINATED: frozenset({CaseStatus.RESULT_READY}),
    CaseStatus.APPROVED: frozenset({CaseStatus.RESULT_READY}),
    CaseStatus.DENIED: frozenset({CaseStatus.RESULT_READY}),
    CaseStatus.RESULT_READY: frozenset({CaseStatus.DELIVERED, CaseStatus.MAILED}),
    CaseStatus.REFUSED: frozenset(),
    CaseStatus.DELIVERED: frozenset(),
    CaseStatus.MAILED: frozenset(),
    CaseStatus.COMPLETED: frozenset(),
}

DECISION_STATUS = {
    DecisionKind.ACCEPT: CaseStatus.ACCEPTED,
    DecisionKind.ACCEPT_WITH_GAPS: CaseStatus.ACCEPTED_WITH_GAPS,
    DecisionKind.MISSING_NOTICE: CaseStatus.MISSING_NOTICE,
    DecisionKind.REFUSE: CaseStatus.REFUSED,
    DecisionKind.COMPLETE_ON_SPOT: CaseStatus.COMPLETED,
}


class InvalidTransition(ValueError):
    pass


def check_transition(current: CaseStatus, new: CaseStatus) -> None:
    if new not in TRANSITIONS[current]:
        raise InvalidTransition(f"案件状态不能从「{current.label}」变为「{new.label}」")


# Who sets which status (DESIGN.md §3 "Authority"): a window receives, decides on acceptance
# and hands the result out; the department reviews and decides. A case is born at a window.
BIRTH_STATUSES = frozenset(
    {
        CaseStatus.RECEIVED,
        CaseStatus.ACCEPTED,
        CaseStatus.ACCEPTED_WITH_GAPS,
        CaseStatus.MISSING_NOTICE,
        CaseStatus.REFUSED,
        CaseStatus.COMPLETED,
    }
)
DEPARTMENT_STATUSES = frozenset(
    {
        CaseStatus.IN_REVIEW,
        CaseStatus.SUSPENDED,
        CaseStatus.APPROVED,
        CaseStatus.DENIED,
        CaseStatus.RESULT_READY,
        CaseStatus.TERMINATED,
    }
)
WINDOW_STATUSES = BIRTH_STATUSES | {CaseStatus.DELIVERED, CaseStatus.MAILED}
# While a case is in one of these, the window still owns its content (materials, decision,
# applicant); from the department's taking on, a window only hands the result out.
WINDOW_HELD = frozenset(
    {
        CaseStatus.PRECHECKED,
        CaseStatus.RECEIVED,
        CaseStatus.ACCEPTED,
        CaseStatus.ACCEPTED_WITH_GAPS,
        CaseStatus.MISSING_NOTICE,
    }
)


def check_decision_fits(
    decision: Decision | None, current: CaseStatus | None, new: CaseStatus
) -> None:
    """Raise ``InvalidTransition`` when a window sets the status of a decision (受理, 容缺受理,
    一次性告知, 不予受理, 当场办结) without that decision; filling a 容缺 gap may keep the
    容缺 decision."""
    kinds = {kind for kind, status in DECISION_STATUS.items() if status is new}
    if not kinds or new is current:
        return
    if current is CaseStatus.ACCEPTED_WITH_GAPS:
        kinds.add(DecisionKind.ACCEPT_WITH_GAPS)
    if decision is None or decision.kind not in kinds:
        shown = decision.kind.label if decision is not None else "无"
        raise InvalidTransition(f"案件状态「{new.label}」与受理决定（{shown}）不符")


def check_window_transition(current: CaseStatus | None, new: CaseStatus) -> None:
    """Raise ``InvalidTransition`` unless a window may move a case from ``current`` (None: a
    new case) to ``new``: a legal step of the lifecycle into a status windows set."""
    if current is None:
        if new not in BIRTH_STATUSES:
            raise InvalidTransition(f"新案件不能以「{new.label}」状态创建")
        return
    if new is current:
        return
    if new not in WINDOW_STATUSES:
        raise InvalidTransition(
            f"窗口不能把案件从「{current.label}」改为「{new.label}」（该状态由审批部门办理）"
        )
    check_transition(current, new)


@dataclass(frozen=True, slots=True)
class Decision:
    kind: DecisionKind
    reason: str = ""  # refusal reason, or a note
    competent_agency: str = ""  # 不予受理: the agency that is competent instead, if any
    commitment_deadline: date | None = None  # 容缺受理: date the missing materials are due
    commitment_signed: bool = False  # 容缺受理: the applicant signed the 承诺书

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "reason": self.reason,
            "competent_agency": self.competent_agency,
            "commitment_deadline": (
                self.commitment_deadline.isoformat() if self.commitment_deadline else None
            ),
            "commitment_signed": self.commitment_signed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        deadline = data.get("commitment_deadline")
        return cls(
            DecisionKind(data["kind"]),
            str(data.get("reason", "")),
            str(data.get("competent_agency", "")),
            date.fromisoformat(deadline) if deadline else None,
            bool(data.get("commitment_signed", False)),
        )


@dataclass(frozen=True, slots=True)
class _DecisionInput:
    """What the decision rules look at: the item, the decision and the material lines."""

    item: Item
    decision: Decision
    missing: list[MaterialCheck]  # required and not received
    defective: list[MaterialCheck]
    promised_date: date | None
    today: date


def _accept_errors(d: _DecisionInput) -> list[str]:
    errors = [f"必要材料「{c.material.name}」未收，不能受理" for c in d.missing]
    errors += [
        f"材料「{c.material.name}」需补正（{c.defect_reason}），不能受理" for c in d.defective
    ]
    if (
        d.decision.kind is DecisionKind.COMPLETE_ON_SPOT
        and d.item.handling is not HandlingKind.IMMEDIATE
    ):
        errors.append(f"「{d.item.name}」是承诺件，不能当场办结")
    return errors


def _gap_errors(d: _DecisionInput) -> list[str]:
    errors: list[str] = []
    if not d.item.gap_allowed:
        errors.append(f"事项「{d.item.name}」不允许容缺受理")
    if not d.missing:
        errors.append("没有缺少的材料，请直接受理")
    errors += [
        f"必要材料「{c.material.name}」不可容缺，不能容缺受理"
        for c in d.missing
        if not c.material.gap_allowed
    ]
    errors += [
        f"材料「{c.material.name}」需补正（{c.defect_reason}），不能容缺受理" for c in d.defective
    ]
    if not d.decision.commitment_signed:
        errors.append("申请人尚未签署容缺承诺书")
    return errors + _commitment_deadline_errors(d)


def _commitment_deadline_errors(d: _DecisionInput) -> list[str]:
    """A 容缺 commitment's deadline lies between today and the promised completion date."""
    deadline = d.decision.commitment_deadline
    if deadline is None:
        return ["请填写补齐材料的承诺期限"]
    errors: list[str] = []
    if deadline < d.today:
        errors.append("承诺期限不能早于今天")
    if d.promised_date is None:
        errors.append("缺少承诺办结日期，无法核对容缺承诺期限")
    elif deadline > d.promised_date:
        errors.append(f"承诺期限不能晚于承诺办结日期 {d.promised_date.isoformat()}")
    return errors


def _missing_notice_errors(d: _DecisionInput) -> list[str]:
    if d.missing or d.defective:
        return []
    return ["材料齐全且无需补正，不能出具一次性告知书"]


def _refusal_errors(d: _DecisionInput) -> list[str]:
    return [] if d.decision.reason.strip() else ["请填写不予受理的理由"]


_DECISION_RULES: dict[DecisionKind, Callable[[_DecisionInput], list[str]]] = {
    DecisionKind.ACCEPT: _accept_errors,
    DecisionKind.COMPLETE_ON_SPOT: _accept_errors,
    DecisionKind.ACCEPT_WITH_GAPS: _gap_errors,
    DecisionKind.MISSING_NOTICE: _missing_notice_errors,
    DecisionKind.REFUSE: _refusal_errors,
}


def validate_decision(
    item: Item,
    checks: Sequence[MaterialCheck],
    decision: Decision,
    *,
    promised_date: date | None = None,
    today: date | None = None,
) -> list[str]:
    """Every reason the decision cannot be taken, in the clerk's words; empty when it can.

    ``promised_date`` is the case's promised completion date: a 容缺 commitment may not pass it.
    """
    errors: list[str] = []
    if item.withdrawn and decision.kind is not DecisionKind.REFUSE:
        errors.append(f"事项「{item.name}」已停止办理，只能不予受理")
    checked = _DecisionInput(
        item,
        decision,
        missing=[c for c in checks if c.material.required and c.state is MaterialState.MISSING],
        defective=[c for c in checks if c.state is MaterialState.DEFECTIVE],
        promised_date=promised_date,
        today=today or hall_today(),
    )
    return errors + _DECISION_RULES[decision.kind](checked)


def missing_or_defective(checks: Sequence[MaterialCheck]) -> list[MaterialCheck]:
    """The lines a one-time notice must list: required and missing, or defective."""
    return [
        c
        for c in checks
        if c.state is MaterialState.DEFECTIVE
        or (c.state is MaterialState.MISSING and c.material.required)
    ]


_CASE_NUMBER = daily_number_pattern()


def make_case_number(hall_code: str, window_no: int, day: date, sequence: int) -> str:
    """A case number unique without the network: hall + window + date + per-window sequence.

    Example: ``HS01-05-20261123-0007``. The hall code is upper-case letters and digits.
    """
    return make_daily_number(hall_code, window_no, day, sequence, place="窗口号")


def parse_case_number(number: str) -> tuple[str, int, date, int] | None:
    return parse_daily_number(_CASE_NUMBER, number)


@dataclass(frozen=True, slots=True)
class CaseEvent:
    """One entry of the audit trail: who, when, where, what, why."""

    at: datetime
    actor: str  # user name
    window: str  # window label / number
    action: str  # created, decided, printed, status ...
    status: CaseStatus | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "window": self.window,
            "action": self.action,
            "status": self.status.value if self.status else None,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseEvent:
        status = data.get("status")
        return cls(
            datetime.fromisoformat(data["at"]),
            str(data["actor"]),
            str(data["window"]),
            str(data["action"]),
            CaseStatus(status) if status else None,
            str(data.get("detail", "")),
        )


@dataclass(frozen=True, slots=True)
class Case:
    """One application at the window for one item (a bundle makes one case per item)."""

    number: str
    hall_code: str
    window_no: int
    item: Item
    applicant: Person
    scenario_code: str | None = None
    agent: Person | None = None
    checks: tuple[MaterialCheck, ...] = ()
    decision: Decision | None = None
    status: CaseStatus = CaseStatus.RECEIVED
    received_at: datetime | None = None
    promised_date: date | None = None
    clerk: str = ""
    clerk_name: str = ""
    ticket_no: str = ""
    delivery_mode: str = "window"
    mail_address: str = ""
    events: tuple[CaseEvent, ...] = field(default=())
    bundle: BundleLink | None = None  # the bundle application this item case is part of
    # What the department issued to the applicant (不予许可决定书, 补正通知); server-owned.
    department_documents: tuple[DepartmentDocument, ...] = field(default=())

    @property
    def bundle_no(self) -> str:
        return self.bundle.number if self.bundle is not None else ""

    @property
    def scenario_name(self) -> str:
        if self.scenario_code is None:
            return ""
        try:
            return self.item.scenario(self.scenario_code).name
        except KeyError:
            return self.scenario_code

    def received(self) -> list[MaterialCheck]:
        return [c for c in self.checks if c.state is MaterialState.RECEIVED]

    def gaps(self) -> list[MaterialCheck]:
        return missing_or_defective(self.checks)

    def with_event(self, event: CaseEvent) -> Case:
        return replace(self, events=(*self.events, event))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "number": self.number,
            "hall_code": self.hall_code,
            "window_no": self.window_no,
            "item": self.item.to_dict(),
            "applicant": self.applicant.to_dict(),
            "scenario_code": self.scenario_code,
            "agent": self.agent.to_dict() if self.agent else None,
            "checks": [c.to_dict() for c in self.checks],
            "decision": self.decision.to_dict() if self.decision else None,
            "status": self.status.value,
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "promised_date": self.promised_date.isoformat() if self.promised_date else None,
            "clerk": self.clerk,
            "clerk_name": self.clerk_name,
            "ticket_no": self.ticket_no,
            "delivery_mode": self.delivery_mode,
            "mail_address": self.mail_address,
            "events": [e.to_dict() for e in self.events],
        }
        # only a bundle's case has the key: a case stored before bundles were linked reads
        # and writes back unchanged
        if self.bundle is not None:
            data["bundle"] = self.bundle.to_dict()
        if self.department_documents:  # likewise: only once a department issued one
            data["department_documents"] = [d.to_dict() for d in self.department_documents]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Case:
        return cls(
            number=str(data["number"]),
            hall_code=str(data["hall_code"]),
            window_no=int(data["window_no"]),
            item=Item.from_dict(data["item"]),
            applicant=Person.from_dict(data["applicant"]),
            scenario_code=data.get("scenario_code"),
            agent=Person.from_dict(data["agent"]) if data.get("agent") else None,
            checks=tuple(MaterialCheck.from_dict(c) for c in data.get("checks", ())),
            decision=Decision.from_dict(data["decision"]) if data.get("decision") else None,
            status=CaseStatus(data.get("status", CaseStatus.RECEIVED.value)),
            received_at=(
                datetime.fromisoformat(data["received_at"]) if data.get("received_at") else None
            ),
            promised_date=(
                date.fromisoformat(data["promised_date"]) if data.get("promised_date") else None
            ),
            clerk=str(data.get("clerk", "")),
            clerk_name=str(data.get("clerk_name", "")),
            ticket_no=str(data.get("ticket_no", "")),
            delivery_mode=str(data.get("delivery_mode", "window")),
            mail_address=str(data.get("mail_address", "")),
            events=tuple(CaseEvent.from_dict(e) for e in data.get("events", ())),
            bundle=BundleLink.from_dict(data["bundle"]) if data.get("bundle") else None,
            department_documents=tuple(
                DepartmentDocument.from_dict(d) for d in data.get("department_documents", ())
            ),
        )

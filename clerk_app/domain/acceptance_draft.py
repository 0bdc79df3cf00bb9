"""What the clerk has entered on the acceptance page, before it is a case: applicant and agent
as typed (valid or not), item or bundle, scenarios, checklist lines, the decision's fields and the
ticket. The page saves it as a draft (JSON, ``to_dict``) and loads one back; anything else that
starts an acceptance already filled (a help-desk pre-check) builds one of these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from clerk_app.domain.cases import DecisionKind, MaterialState
from clerk_app.domain.identifiers import mask_id

DRAFT_VERSION = 1


def _text(data: dict[str, Any], key: str) -> str:
    return str(data.get(key) or "")


def _optional(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


@dataclass(frozen=True, slots=True)
class EnteredDocument:
    """An identity document as typed: ``number_valid`` when it passed the check (a number that
    did not is put back as text, to be checked again)."""

    id_kind: str | None = None
    number: str = ""
    number_valid: bool = False
    nationality: str = ""  # a passport's country (ISO alpha-3)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id_kind": self.id_kind,
            "number": self.number,
            "number_valid": self.number_valid,
            "nationality": self.nationality,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnteredDocument:
        return cls(
            _optional(data, "id_kind"),
            _text(data, "number"),
            bool(data.get("number_valid")),
            _text(data, "nationality"),
        )


@dataclass(frozen=True, slots=True)
class EnteredApplicant:
    applicant_type: str | None = None  # "person" or "organisation"
    document: EnteredDocument = EnteredDocument()
    name: str = ""
    mobile: str = ""
    address: str = ""
    no_phone: bool = False  # the applicant has no telephone: ``no_phone_reason`` says how to
    no_phone_reason: str = ""  # reach them instead

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.applicant_type,
            **self.document.to_dict(),
            "name": self.name,
            "mobile": self.mobile,
            "address": self.address,
            "no_phone": self.no_phone,
            "no_phone_reason": self.no_phone_reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnteredApplicant:
        return cls(
            _optional(data, "type"),
            EnteredDocument.from_dict(data),
            _text(data, "name"),
            _text(data, "mobile"),
            _text(data, "address"),
            bool(data.get("no_phone")),
            _text(data, "no_phone_reason"),
        )


@dataclass(frozen=True, slots=True)
class EnteredAgent:
    """The agent (代办人); ``on`` when the applicant does not come in person."""

    on: bool = False
    document: EnteredDocument = EnteredDocument()
    name: str = ""
    mobile: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"on": self.on, **self.document.to_dict(), "name": self.name, "mobile": self.mobile}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnteredAgent:
        return cls(
            bool(data.get("on")),
            EnteredDocument.from_dict(data),
            _text(data, "name"),
            _text(data, "mobile"),
        )


@dataclass(frozen=True, slots=True)
class EnteredSubject:
    """One item (``item``), or a bundle (``bundle``) with its items; neither: none chosen."""

    item: str = ""
    bundle: str = ""
    bundle_items: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        if self.bundle:
            return {"bundle": self.bundle, "items": list(self.bundle_items)}
        return {"item": self.item} if self.item else {}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnteredSubject:
        if data.get("bundle"):
            codes = tuple(str(code) for code in data.get("items") or [])
            return cls(bundle=str(data["bundle"]), bundle_items=codes)
        return cls(item=_text(data, "item"))

    @property
    def label(self) -> str:
        return self.item or self.bundle


@dataclass(frozen=True, slots=True)
class EnteredCheck:
    """A checklist line, by material name (codes differ between a bundle's departments)."""

    name: str
    state: MaterialState = MaterialState.MISSING
    copies: int = 0
    note: str = ""
    defect: str = ""
    library_entry: str = ""  # the shared library's entry reused (免提交), "" when none

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "state": self.state.value,
            "copies": self.copies,
            "note": self.note,
            "defect": self.defect,
        }
        if self.library_entry:  # a draft without a reuse keeps the shape it always had
            data["library_entry"] = self.library_entry
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnteredCheck:
        return cls(
            _text(data, "name").strip(),
            MaterialState(_text(data, "state") or MaterialState.MISSING.value),
            int(data.get("copies") or 0),
            _text(data, "note"),
            _text(data, "defect"),
            _text(data, "library_entry"),
        )


@dataclass(frozen=True, slots=True)
class EnteredDecision:
    kind: DecisionKind | None = None
    signed: bool = False
    deadline: date | None = None
    reason: str = ""
    agency: str = ""
    delivery: str | None = None
    mail_address: str = ""
    # a bundle: each item's own decision, by item code (``kind`` is the one they all share)
    item_kinds: dict[str, DecisionKind] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind.value if self.kind is not None else None,
            "signed": self.signed,
            "deadline": self.deadline.isoformat() if self.deadline is not None else None,
            "reason": self.reason,
            "agency": self.agency,
            "delivery": self.delivery,
            "mail_address": self.mail_address,
        }
        if self.item_kinds:  # a single item's draft reads as before
            data["item_kinds"] = {code: kind.value for code, kind in self.item_kinds.items()}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EnteredDecision:
        kind = data.get("kind")
        deadline = data.get("deadline")
        return cls(
            DecisionKind(str(kind)) if kind else None,
            bool(data.get("signed")),
            date.fromisoformat(str(deadline)) if deadline else None,
            _text(data, "reason"),
            _text(data, "agency"),
            _optional(data, "delivery") or None,
            _text(data, "mail_address"),
            {str(c): DecisionKind(str(k)) for c, k in (data.get("item_kinds") or {}).items()},
        )


@dataclass(frozen=True, slots=True)
class AcceptanceDraft:
    """Everything entered on the acceptance page (see the module doc)."""

    ticket_no: str = ""
    applicant: EnteredApplicant = EnteredApplicant()
    agent: EnteredAgent = EnteredAgent()
    subject: EnteredSubject = EnteredSubject()
    scenarios: dict[str, str] = field(default_factory=dict)  # item code -> scenario code
    checks: tuple[EnteredCheck, ...] = ()
    decision: EnteredDecision = EnteredDecision()

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": DRAFT_VERSION,
            "ticket_no": self.ticket_no,
            "applicant": self.applicant.to_dict(),
            "agent": self.agent.to_dict(),
            "subject": self.subject.to_dict(),
            "scenarios": dict(self.scenarios),
            "checks": [c.to_dict() for c in self.checks],
            "decision": self.decision.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AcceptanceDraft:
        return cls(
            ticket_no=_text(data, "ticket_no"),
            applicant=EnteredApplicant.from_dict(data.get("applicant") or {}),
            agent=EnteredAgent.from_dict(data.get("agent") or {}),
            subject=EnteredSubject.from_dict(data.get("subject") or {}),
            scenarios={str(k): str(v) for k, v in (data.get("scenarios") or {}).items()},
            checks=tuple(EnteredCheck.from_dict(c) for c in data.get("checks") or []),
            decision=EnteredDecision.from_dict(data.get("decision") or {}),
        )

    def summary(self, saved_at: datetime | None = None) -> str:
        """One or two lines naming the draft (applicant, masked number, item, time)."""
        name = self.applicant.name.strip() or "（未填姓名）"
        number = self.applicant.document.number.strip()
        who = f"{name}（{mask_id(number)}）" if number else name
        parts = [f"申请人 {who}", f"事项 {self.subject.label or '未选事项'}"]
        if self.ticket_no:
            parts.append(f"号 {self.ticket_no}")
        if saved_at is not None:
            parts.append(f"保存于 {saved_at:%m-%d %H:%M}")
        return "，".join(parts)

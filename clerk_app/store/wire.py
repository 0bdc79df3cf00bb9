"""The sync payloads the store writes and reads: what an outbox operation carries, what the
server answers to a push, and one change of a pull page.

The one place where the store meets the wire format, so the typed contract models
(``clerk_app.contract``) replace these dicts here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clerk_app.domain.cases import Case, Person

# What an answered operation became on the server.
APPLIED_STATUSES = frozenset({"applied", "duplicate"})


def case_payload(case: Case) -> dict[str, Any]:
    """The payload of a case.create / case.update / case.print operation."""
    return {"case": case.to_dict()}


def applicant_payload(person: Person) -> dict[str, Any]:
    """The payload of an applicant.save operation."""
    return person.to_dict()


def _dict_or_none(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


@dataclass(frozen=True)
class PushAnswer:
    """The server's answer to one pushed operation."""

    status: str  # applied / duplicate / conflict / rejected
    version: int | None  # the case version it produced (applied) or met (conflict)
    detail: str  # the server's reason for a refusal, in Chinese
    case: dict[str, Any] | None  # applied: the case as the server now holds it
    current: dict[str, Any] | None  # conflict: the server's current case
    base: dict[str, Any] | None  # conflict: the server's case at the pushed base version
    changed: list[str] | None  # conflict: the fields the server had changed

    @property
    def applied(self) -> bool:
        return self.status in APPLIED_STATUSES

    @property
    def conflict(self) -> bool:
        return self.status == "conflict"

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> PushAnswer:
        version = result.get("version")
        changed = result.get("changed")
        return cls(
            status=str(result.get("status")),
            version=version if isinstance(version, int) else None,
            detail=str(result.get("detail") or "服务器拒绝了此操作"),
            case=_dict_or_none(result.get("case")),
            current=_dict_or_none(result.get("current")),
            base=_dict_or_none(result.get("base")),
            changed=[str(f) for f in changed] if isinstance(changed, list) else None,
        )


@dataclass(frozen=True)
class PulledChange:
    """One change of a pull page: ``kind`` case / item / bundle / catalog / hall."""

    kind: str | None
    key: str
    version: int
    data: Any  # the record as the server holds it; None for a removed bundle

    @classmethod
    def from_change(cls, change: dict[str, Any]) -> PulledChange:
        kind = change.get("kind")
        return cls(
            kind=kind if isinstance(kind, str) else None,
            key=str(change.get("key", "")),
            version=int(change.get("version") or 0),
            data=change.get("data"),
        )

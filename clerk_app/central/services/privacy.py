"""Least data: how much of a citizen's identity each role sees (docs/security.md).

``full``: clerks and supervisors. ``masked``: the help desk, admins and department users (whose
own views, services/backoffice.py, carry the name and the masked ID only) get the ID number masked
(``mask_id``), the name, and no phone, address or mailing address. ``none``: devices (kiosk,
hall display, evaluator) get no case and no applicant at all.
"""

from __future__ import annotations

from typing import Any, Literal

from clerk_app.domain.identifiers import mask_id

Identity = Literal["full", "masked", "none"]
_IDENTITY: dict[str, Identity] = {
    "clerk": "full",
    "supervisor": "full",
    "department": "masked",
    "helpdesk": "masked",
    "admin": "masked",
}
STAFF_LIST_ROLES = frozenset({"clerk", "helpdesk", "supervisor", "admin"})
# Keys of Case.to_dict() holding a person, and plain personal fields cleared when masked.
_PERSON_KEYS = ("applicant", "agent")
_CLEARED_KEYS = ("mail_address",)


def identity_view(role: str) -> Identity:
    return _IDENTITY.get(role, "none")


def sees_staff(role: str) -> bool:
    """Devices do not read the hall's staff list."""
    return role in STAFF_LIST_ROLES


def mask_person(person: Any) -> Any:
    """``Person.to_dict()`` with the ID masked and no phone or address."""
    if not isinstance(person, dict):
        return person
    return {
        **person,
        "id_number": mask_id(str(person.get("id_number", ""))),
        "mobile": "",
        "address": "",
    }


def case_for(role: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """A case (``Case.to_dict()``) as this role may see it; None: not at all."""
    view = identity_view(role)
    if view == "full":
        return data
    if view == "none":
        return None
    masked = dict(data)
    for key in _PERSON_KEYS:
        if masked.get(key) is not None:
            masked[key] = mask_person(masked[key])
    for key in _CLEARED_KEYS:
        if key in masked:
            masked[key] = ""
    return masked


def precheck_for(role: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """A pre-check (the contract's PrecheckOut) as this role may see it; None: not at all."""
    view = identity_view(role)
    if view == "none":
        return None
    if view == "masked" and data.get("applicant_id"):
        return {**data, "applicant_id": mask_id(str(data["applicant_id"]))}
    return data


def change_for(role: str, kind: str, data: Any) -> Any:
    """A pulled change's data as this role may see it."""
    if data is None or not isinstance(data, dict):
        return data
    if kind == "case":
        return case_for(role, data)
    if kind == "precheck":
        return precheck_for(role, data)
    return data

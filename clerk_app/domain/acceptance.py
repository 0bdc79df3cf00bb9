"""Rules of the acceptance at the window that are not the decision's own validity
(``cases.validate_decision``): the promised date and the 容缺 deadline offered, which decisions
a subject (one item or a bundle's items) allows, how a bundle's faults are said once, the
materials a notice lists, where the result may go, and what a contact must give.

The counter's acceptance page shows what these return; it decides nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TypeGuard

from clerk_app.domain.cases import (
    Decision,
    DecisionKind,
    MaterialCheck,
    missing_or_defective,
    validate_decision,
)
from clerk_app.domain.catalog import DeliveryMode, HandlingKind, Item
from clerk_app.domain.phones import check_phone
from clerk_app.domain.workdays import WorkdayCalendar

COMMITMENT_DAYS = 5  # default time to supply 容缺 materials, in working days

# Decisions after which the case runs against a promised date and a result is delivered.
DELIVERING_DECISIONS = frozenset(
    {DecisionKind.ACCEPT, DecisionKind.ACCEPT_WITH_GAPS, DecisionKind.COMPLETE_ON_SPOT}
)

ChecksFor = Callable[[str], Sequence[MaterialCheck]]


# -- dates ------------------------------------------------------------------------------------


def promised_date_for(item: Item, today: date, calendar: WorkdayCalendar) -> date:
    """The promised completion date: today for 即办件, else the promised limit ahead, counted
    in its unit (working or calendar days)."""
    if item.handling is HandlingKind.IMMEDIATE:
        return today
    return calendar.add_days(today, item.promised_days, item.promised_unit)


def promised_dates(
    items: Sequence[Item], today: date, calendar: WorkdayCalendar
) -> dict[str, date]:
    """Each item's promised date, by item code."""
    return {item.code: promised_date_for(item, today, calendar) for item in items}


def earliest_promised(promised: dict[str, date]) -> date | None:
    """The subject's limit: a 容缺 deadline may not pass any of its items' promised dates."""
    return min(promised.values()) if promised else None


def default_commitment_deadline(today: date, limit: date | None, calendar: WorkdayCalendar) -> date:
    """The 容缺 deadline offered: a few working days, never past the promised date (the law's
    limit), rather than the promised date itself: the department needs the materials to
    decide before then."""
    soon = calendar.add_working_days(today, COMMITMENT_DAYS)
    return min(soon, limit) if limit is not None else today


# -- what the subject allows ------------------------------------------------------------------


def acceptable(item: Item | None) -> TypeGuard[Item]:
    """An item the window may take: in this catalog and not withdrawn (停止办理)."""
    return item is not None and not item.withdrawn


def bundle_subject(
    codes: Sequence[str], lookup: Callable[[str], Item | None]
) -> tuple[list[Item], list[str]]:
    """A bundle's items the window may take, and the codes of those it may not. A bundle is
    taken whole or not at all: any code in the second list means item by item instead."""
    items: list[Item] = []
    unavailable: list[str] = []
    for code in codes:
        item = lookup(code)
        if acceptable(item):
            items.append(item)
        else:
            unavailable.append(code)
    return items, unavailable


def can_complete_on_spot(items: Sequence[Item]) -> bool:
    """当场办结 needs a subject of 即办件 only."""
    return bool(items) and all(i.handling is HandlingKind.IMMEDIATE for i in items)


def gaps_allowed(items: Sequence[Item]) -> bool:
    """容缺受理 needs every item of the subject to allow it."""
    return bool(items) and all(i.gap_allowed for i in items)


def delivery_modes_for(items: Sequence[Item]) -> list[DeliveryMode]:
    """The ways the result may reach the applicant: any item's, in catalog order; at the
    window when the subject says nothing."""
    modes: list[DeliveryMode] = []
    for item in items:
        modes.extend(m for m in item.delivery_modes if m not in modes)
    return modes or [DeliveryMode.WINDOW]


def delivers_result(kind: DecisionKind | None) -> bool:
    return kind in DELIVERING_DECISIONS


def mail_address_missing(kind: DecisionKind, mode: str, address: str) -> bool:
    """A result to be mailed needs an address (a refusal sends no result)."""
    return (
        kind is not DecisionKind.REFUSE and mode == DeliveryMode.MAIL.value and not address.strip()
    )


# -- a bundle's faults, said once -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DecisionFault:
    """One reason a decision cannot be taken. ``item_names`` names the items concerned when
    only some of a bundle's items are (empty: all of them, or a single item)."""

    message: str
    item_names: tuple[str, ...] = ()


def decision_faults(
    items: Sequence[Item],
    checks_for: ChecksFor,
    decision: Decision,
    *,
    promised_date: date | None,
    today: date,
) -> list[DecisionFault]:
    """``validate_decision`` over every item of the subject. A bundle finds the same fault
    for several items (shared materials, the unsigned commitment): each is said once."""
    found: dict[str, list[str]] = {}
    for item in items:
        for error in validate_decision(
            item, checks_for(item.code), decision, promised_date=promised_date, today=today
        ):
            found.setdefault(error, []).append(item.name)
    return [
        DecisionFault(message, tuple(names) if len(items) > 1 and len(names) < len(items) else ())
        for message, names in found.items()
    ]


def subject_gaps(items: Sequence[Item], checks_for: ChecksFor) -> list[MaterialCheck]:
    """The lines a notice lists for the whole subject, each material once (by name)."""
    seen: set[str] = set()
    gaps: list[MaterialCheck] = []
    for item in items:
        for check in missing_or_defective(checks_for(item.code)):
            if check.material.name not in seen:
                seen.add(check.material.name)
                gaps.append(check)
    return gaps


# -- contacts ---------------------------------------------------------------------------------


class ContactProblem(Enum):
    NAME_MISSING = "name_missing"
    PHONE_MISSING = "phone_missing"
    PHONE_MALFORMED = "phone_malformed"


def contact_problems(
    name: str, phone: str, *, phone_required: bool, no_phone_reason: str = ""
) -> list[ContactProblem]:
    """What a party's name and contact still lack. A person must be reachable for 补正 and
    pick-up: by any telephone (mobile, landline with area code, a number abroad), or, with no
    telephone at all, a reason the clerk writes down (e.g. reached through the agent). An
    organisation may give only its agent's number, so its own is optional."""
    problems: list[ContactProblem] = []
    if not name.strip():
        problems.append(ContactProblem.NAME_MISSING)
    if not phone.strip():
        if phone_required and not no_phone_reason.strip():
            problems.append(ContactProblem.PHONE_MISSING)
    elif not check_phone(phone).ok:
        problems.append(ContactProblem.PHONE_MALFORMED)
    return problems


def phone_error(text: str) -> str:
    """Why a typed number is not a telephone number (empty: fine, or nothing typed)."""
    return check_phone(text).error


def clean_phone(text: str) -> str:
    """The number as stored: E.164 (``+867146221234``); empty when nothing was typed."""
    return check_phone(text).e164

"""Rules of a bundle application (一件事一次办) at the window: which items the citizen takes,
each item's own decision, promised date and department, and the bundle's joint date.

- Each item runs on its own limit, counted from the day the items whose results it needs
  (营业执照 from 设立登记) are due, never past the bundle's joint limit (行政许可法 Art. 42 ¶2:
  45 working days unless the catalog says otherwise).
- Each item gets its own decision; the window decides all of them the same way with one key and
  changes only the ones that differ. A 容缺 commitment may not pass the own date of any item
  accepted with gaps (not the earliest date of the whole bundle).
- An item accepted while the item producing one of its materials is not (一次性告知, 不予受理)
  would wait for a result that never comes: refused, naming both.
- The bundle's date is the day its last running item is due.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from clerk_app.domain.acceptance import ChecksFor, DecisionFault, delivers_result, promised_date_for
from clerk_app.domain.cases import Decision, DecisionKind, validate_decision
from clerk_app.domain.catalog import Bundle, HandlingKind, Item
from clerk_app.domain.workdays import WorkdayCalendar

# The keys of a decision in the bundle's item list (the same digits as Alt+1 … Alt+5).
KIND_KEYS: dict[str, DecisionKind] = {
    "1": DecisionKind.ACCEPT,
    "2": DecisionKind.ACCEPT_WITH_GAPS,
    "3": DecisionKind.MISSING_NOTICE,
    "4": DecisionKind.REFUSE,
    "5": DecisionKind.COMPLETE_ON_SPOT,
}

# Short names of the decisions for a narrow column (the full ones in its tooltip).
KIND_SHORT: dict[DecisionKind, str] = {
    DecisionKind.ACCEPT: "受理",
    DecisionKind.ACCEPT_WITH_GAPS: "容缺",
    DecisionKind.MISSING_NOTICE: "告知",
    DecisionKind.REFUSE: "不予",
    DecisionKind.COMPLETE_ON_SPOT: "办结",
}


# -- which items ------------------------------------------------------------------------------


def chosen_items(bundle: Bundle, items: Sequence[Item], chosen: Sequence[str]) -> list[Item]:
    """The items the application holds, in the bundle's order: every required one and the
    optional ones in ``chosen``."""
    wanted = set(bundle.required_items()) | set(chosen)
    return [item for item in items if item.code in wanted]


def is_optional(bundle: Bundle, item_code: str) -> bool:
    return item_code in bundle.optional_items


# -- dates ------------------------------------------------------------------------------------


def joint_limit_date(bundle: Bundle, today: date, calendar: WorkdayCalendar) -> date:
    """The last day of the bundle's joint limit."""
    return calendar.add_working_days(today, bundle.time_limit_days)


def producers_of(bundle: Bundle, items: Sequence[Item], item: Item) -> dict[str, str]:
    """Material name -> code of the chosen item of the bundle that produces it, for the
    materials ``item`` needs from another item."""
    produced = bundle.produced_materials([i.code for i in items])
    found: dict[str, str] = {}
    for material in item.materials:
        producer = produced.get(material.standard_code or "")
        if producer is not None and producer != item.code:
            found[material.name] = producer
    return found


def bundle_item_dates(
    bundle: Bundle, items: Sequence[Item], today: date, calendar: WorkdayCalendar
) -> dict[str, date]:
    """Each chosen item's own promised date, by item code: its own limit counted from the day
    the items producing its materials are due (in the bundle's order), never past the joint
    limit."""
    limit = joint_limit_date(bundle, today, calendar)
    dates: dict[str, date] = {}
    for item in items:
        start = max(
            (dates[p] for p in producers_of(bundle, items, item).values() if p in dates),
            default=today,
        )
        dates[item.code] = min(promised_date_for(item, start, calendar), limit)
    return dates


def bundle_promised_date(running: Mapping[str, date]) -> date | None:
    """The bundle's date: the day its last running item is due (None when no item runs).
    ``running`` holds the dates of the items whose decision delivers a result."""
    return max(running.values()) if running else None


def running_dates(
    kinds: Mapping[str, DecisionKind | None], dates: Mapping[str, date]
) -> dict[str, date]:
    """The dates of the items whose decision delivers a result."""
    return {code: day for code, day in dates.items() if delivers_result(kinds.get(code))}


def commitment_limit(
    kinds: Mapping[str, DecisionKind | None], dates: Mapping[str, date]
) -> date | None:
    """The latest 容缺 deadline allowed: the earliest own date of the items accepted with gaps
    (None when none is)."""
    gap_dates = [
        dates[c] for c, k in kinds.items() if k is DecisionKind.ACCEPT_WITH_GAPS and c in dates
    ]
    return min(gap_dates) if gap_dates else None


# -- decisions --------------------------------------------------------------------------------


def item_decision(kind: DecisionKind, shared: Decision) -> Decision:
    """One item's decision: its kind with the fields of that kind entered once for the bundle
    (the commitment of the 容缺 items, the reason of the refused ones)."""
    if kind is DecisionKind.ACCEPT_WITH_GAPS:
        return Decision(
            kind,
            commitment_deadline=shared.commitment_deadline,
            commitment_signed=shared.commitment_signed,
        )
    if kind is DecisionKind.REFUSE:
        return Decision(kind, reason=shared.reason, competent_agency=shared.competent_agency)
    return Decision(kind)


@dataclass(frozen=True, slots=True)
class BundleDecisionInput:
    """What the bundle's decisions are checked against."""

    bundle: Bundle
    items: Sequence[Item]  # the chosen ones, in order
    kinds: Mapping[str, DecisionKind | None]
    shared: Decision  # the fields entered once (commitment, refusal reason)
    dates: Mapping[str, date]
    today: date


def item_faults(data: BundleDecisionInput, checks_for: ChecksFor) -> dict[str, list[str]]:
    """Every reason each item's decision cannot be taken, by item code (an item without a
    reason is absent)."""
    names = {i.code: i.name for i in data.items}
    found: dict[str, list[str]] = {}
    for item in data.items:
        kind = data.kinds.get(item.code)
        if kind is None:
            found[item.code] = ["请为每个事项选择受理决定（在事项列表中按 1–5）"]
            continue
        errors = validate_decision(
            item,
            checks_for(item.code),
            item_decision(kind, data.shared),
            promised_date=data.dates.get(item.code),
            today=data.today,
        )
        producers = producers_of(data.bundle, data.items, item)
        if kind is DecisionKind.COMPLETE_ON_SPOT and producers:
            errors.append(f"「{item.name}」需要本件内其他事项的结果，不能当场办结")
        if delivers_result(kind):
            errors += [
                f"「{material}」由「{names[producer]}」办结后产生，该事项未受理，"
                f"不能受理「{item.name}」"
                for material, producer in producers.items()
                # an undecided producer is asked for on its own line
                if data.kinds.get(producer) is not None
                and not delivers_result(data.kinds.get(producer))
            ]
        if errors:
            found[item.code] = errors
    return found


def bundle_faults(data: BundleDecisionInput, checks_for: ChecksFor) -> list[DecisionFault]:
    """The items' faults said once each, naming the items concerned when not all are."""
    names = {i.code: i.name for i in data.items}
    by_message: dict[str, list[str]] = {}
    for code, errors in item_faults(data, checks_for).items():
        for error in errors:
            by_message.setdefault(error, []).append(names[code])
    everyone = len(data.items)
    return [
        DecisionFault(message, tuple(who) if everyone > 1 and len(who) < everyone else ())
        for message, who in by_message.items()
    ]


def can_complete_on_spot_in(bundle: Bundle, items: Sequence[Item], item: Item) -> bool:
    """当场办结 for one item of a bundle: a 即办件 that needs no other item's result."""
    return item.handling is HandlingKind.IMMEDIATE and not producers_of(bundle, items, item)


def same_kind(
    kinds: Mapping[str, DecisionKind | None], codes: Sequence[str]
) -> DecisionKind | None:
    """The decision every item of ``codes`` has, if they all have the same one."""
    found = {kinds.get(code) for code in codes}
    return found.pop() if len(found) == 1 else None

"""What the clerk records on a checklist line, as pure steps: 已收/未收, 需补正, copies
received, a note; which materials a subject shows before and after a scenario is chosen; and how
a bundle's merged lines become each item's own checks.

Every step takes a :class:`MaterialCheck` and returns the new one (or None when the step does
not apply); the acceptance page's table model only stores and shows them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from clerk_app.domain.cases import MaterialCheck, MaterialState
from clerk_app.domain.catalog import Item, Material
from clerk_app.domain.library_reuse import handed_in, not_reused

MAX_COPIES = 99


def toggled_received(check: MaterialCheck) -> MaterialCheck:
    """已收 <-> 未收; a 需补正 line becomes 已收 (the corrected material was handed in); a
    line taken from the shared library becomes 未收 (the reuse is undone)."""
    if check.library_entry:
        return not_reused(check)
    if check.state is MaterialState.RECEIVED:
        return replace(check, state=MaterialState.MISSING, copies_received=0)
    return replace(
        check,
        state=MaterialState.RECEIVED,
        copies_received=check.material.copies,
        defect_reason="",
    )


def marked_defective(check: MaterialCheck, reason: str) -> MaterialCheck:
    return replace(handed_in(check), state=MaterialState.DEFECTIVE, defect_reason=reason)


def with_copies(check: MaterialCheck, copies: int) -> MaterialCheck | None:
    """The copies received (None when out of range). Copies make a line 已收, none 未收; a
    需补正 line stays so until it is ticked."""
    if not 0 <= copies <= MAX_COPIES:
        return None
    check = handed_in(check)  # copies counted: paper, not the library's entry
    if check.state is MaterialState.DEFECTIVE:
        state = MaterialState.DEFECTIVE
    else:
        state = MaterialState.RECEIVED if copies else MaterialState.MISSING
    return replace(check, copies_received=copies, state=state)


def with_note(check: MaterialCheck, note: str) -> MaterialCheck:
    return replace(check, note=note.strip())


def required_received(check: MaterialCheck) -> MaterialCheck | None:
    """ "必要材料全部已收" for one line: a required material still 未收 becomes 已收 (None for
    any other line). Optional materials and 需补正 lines are left to the clerk: a receipt must
    not list what was not handed over."""
    if not check.material.required or check.state is not MaterialState.MISSING:
        return None
    return replace(check, state=MaterialState.RECEIVED, copies_received=check.material.copies)


def recorded(
    check: MaterialCheck,
    state: MaterialState,
    copies: int,
    note: str,
    defect_reason: str,
    library_entry: str = "",
) -> MaterialCheck:
    """A fresh line with what was recorded on it before (a draft), through the same steps the
    clerk takes, so a restored line is one the clerk could have made."""
    if library_entry and state is MaterialState.RECEIVED:  # taken from the shared library
        return replace(
            check, state=state, copies_received=0, note=note.strip(), library_entry=library_entry
        )
    if state is MaterialState.RECEIVED:
        if check.state is not MaterialState.RECEIVED:
            check = toggled_received(check)
        check = with_copies(check, copies) or check
    elif state is MaterialState.DEFECTIVE:
        check = marked_defective(check, defect_reason)
        if copies:
            check = with_copies(check, copies) or check
    return with_note(check, note) if note else check


def carry_over(material: Material, previous: Mapping[str, MaterialCheck]) -> MaterialCheck:
    """The line of ``material`` keeping what was recorded on the line of the same name (a
    scenario changed: what was already ticked stays)."""
    old = previous.get(material.name.strip())
    if old is None:
        return MaterialCheck(material)
    return replace(old, material=material)


def materials_shown(item: Item, scenario_code: str | None) -> list[Material]:
    """The item's checklist for the scenario; until a scenario is chosen, what every scenario
    needs (not all of them)."""
    if item.scenarios and scenario_code is None:
        return [m for m in item.materials if not m.scenarios]
    return item.checklist(scenario_code)


def item_checks(
    materials: Sequence[Material],
    lines: Sequence[MaterialCheck],
    produced: Mapping[str, str] | None = None,
) -> list[MaterialCheck]:
    """One item's checks from a bundle's merged lines: its own materials with what was
    recorded on the line of the same material (standard code, else name; the merged line may
    ask more copies than the item: the item keeps at most its own). One case per item stores
    these. A material another item of the bundle produces (``produced``: standard code ->
    the producing item's name) is not the citizen's to bring: not required of this item."""
    produced = produced or {}
    by_key = {c.material.merge_key: c for c in lines}
    result: list[MaterialCheck] = []
    for m in materials:
        producer = produced.get(m.standard_code) if m.standard_code else None
        if producer is not None:
            note = f"由本件内「{producer}」的办理结果提供，无需提交"
            result.append(MaterialCheck(replace(m, required=False, gap_allowed=False, note=note)))
            continue
        line = by_key.get(m.merge_key)
        if line is None:
            result.append(MaterialCheck(m))
            continue
        copies = line.copies_received
        if line.state is MaterialState.RECEIVED and not line.library_entry:
            copies = min(copies, m.copies) or m.copies
        # a line taken from the shared library serves every item it is merged for
        result.append(
            MaterialCheck(m, line.state, copies, line.note, line.defect_reason, line.library_entry)
        )
    return result


@dataclass(frozen=True, slots=True)
class ChecklistTally:
    """The checklist's summary line: required materials received / missing, lines defective."""

    required: int
    received: int
    missing: int
    defective: int


def tally(checks: Sequence[MaterialCheck]) -> ChecklistTally:
    required = [c for c in checks if c.material.required]
    return ChecklistTally(
        required=len(required),
        received=sum(1 for c in required if c.state is MaterialState.RECEIVED),
        missing=sum(1 for c in required if c.state is MaterialState.MISSING),
        defective=sum(1 for c in checks if c.state is MaterialState.DEFECTIVE),
    )

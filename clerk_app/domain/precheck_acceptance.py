"""A pre-check handed to the window becomes the start of an acceptance (受理).

The window's page is filled from the pre-check as from a draft: the applicant's document, the
item or bundle, the scenario, and each material the help desk found in order ticked as received
with "预审已核" and who checked it when; what the help desk found wrong is marked for 补正 with
its reason. The clerk checks the originals and may change anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from clerk_app.domain.acceptance_draft import (
    AcceptanceDraft,
    EnteredApplicant,
    EnteredCheck,
    EnteredDocument,
    EnteredSubject,
)
from clerk_app.domain.cases import IdKind, MaterialState
from clerk_app.domain.catalog import Bundle, Item, Material
from clerk_app.domain.hall_time import in_hall_time
from clerk_app.domain.precheck import Finding, Precheck, line_materials

PRECHECKED = "预审已核"


def prechecked_note(precheck: Precheck, checker: str) -> str:
    """``预审已核（赵雪梅 11-23 09:30）``: what the checklist's note says of a line."""
    at = in_hall_time(precheck.created_at)
    return f"{PRECHECKED}（{checker or precheck.checked_by} {at:%m-%d %H:%M}）"


def _check(material: Material, finding: Finding, note: str, label: str) -> EnteredCheck | None:
    if finding is Finding.BROUGHT:
        return EnteredCheck(material.name, MaterialState.RECEIVED, material.copies, label)
    if finding in (Finding.DEFECTIVE, Finding.EXPIRED, Finding.WRONG_COPY):
        reason = f"{finding.label}：{note}" if note else finding.label
        return EnteredCheck(material.name, MaterialState.DEFECTIVE, 0, label, reason)
    return None  # missing or not looked at: the window checks it as usual


def _checks(
    precheck: Precheck, items: Sequence[Item], label: str, bundle: Bundle | None
) -> tuple[EnteredCheck, ...]:
    materials = {m.code: m for item in items for m in item.materials}  # findings by code
    materials |= line_materials(items, precheck.scenario_code, bundle)  # keyed lines of a bundle
    checks: dict[str, EnteredCheck] = {}
    for found in precheck.findings:
        material = materials.get(found.material_code)
        check = _check(material, found.finding, found.note, label) if material else None
        if check is not None:
            checks.setdefault(check.name, check)  # a bundle's shared material once
    return tuple(checks.values())


def _applicant(precheck: Precheck) -> EnteredApplicant:
    kind = precheck.applicant_kind
    if not (precheck.applicant_id and kind):
        return EnteredApplicant()
    return EnteredApplicant(
        applicant_type="organisation" if kind == IdKind.USCC.value else "person",
        document=EnteredDocument(kind, precheck.applicant_id, number_valid=True),
    )


def _subject(precheck: Precheck, codes: tuple[str, ...]) -> EnteredSubject:
    if precheck.bundle_code:
        return EnteredSubject(bundle=precheck.bundle_code, bundle_items=codes)
    return EnteredSubject(item=codes[0] if codes else "")


def acceptance_draft(
    precheck: Precheck, items: Sequence[Item], checker: str, bundle: Bundle | None = None
) -> AcceptanceDraft:
    """The acceptance page's starting point for ``precheck`` over today's ``items``."""
    scenario = precheck.scenario_code
    return AcceptanceDraft(
        ticket_no=precheck.ticket_no or "",
        applicant=_applicant(precheck),
        subject=_subject(precheck, tuple(item.code for item in items)),
        scenarios={
            item.code: scenario
            for item in items
            if scenario and scenario in {s.code for s in item.scenarios}
        },
        checks=_checks(precheck, items, prechecked_note(precheck, checker), bundle),
    )

"""The values a document's wording is filled with, taken from the case, the print context
and the hall's templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from clerk_app.domain.cases import Case, Decision, MaterialCheck, Person, parse_case_number
from clerk_app.domain.catalog import DeliveryMode, HandlingKind
from clerk_app.domain.identifiers import mask_id
from clerk_app.domain.library_reuse import REUSED_MARK
from clerk_app.domain.phones import format_phone, mask_phone
from clerk_app.domain.progress import check_code, progress_link
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.printing.layout import EMPTY, clean, cn_date
from clerk_app.printing.templates import Templates, fill


@dataclass(frozen=True)
class PrintContext:
    hall_name: str
    window_label: str
    printed_by: str
    printed_at: datetime
    reprint: bool = False
    # From the hall configuration (cached on the counter PC): the public progress page the QR
    # opens and the key of its check code (domain/progress.py), the hall's phone, and the
    # departments' phones (department code -> phone) of the catalog, and their review body and
    # court (department code -> {"review_body", "court"}; the template's [remedies] otherwise).
    progress_page: str = ""
    progress_secret: str = ""
    hall_phone: str = ""
    department_phones: Mapping[str, str] = field(default_factory=dict)
    department_remedies: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # The window's working-day calendar: a promised date in a year whose 调休 it does not know
    # is printed with a caveat. None: no caveat (samples, tools without a calendar).
    calendar: WorkdayCalendar | None = field(default=None, compare=False)


def person_id(person: Person, full: bool) -> str:
    number = clean(person.id_number)
    return number if full else mask_id(number)


def person_mobile(person: Person, full: bool) -> str:
    """The contact telephone as read aloud (``0714 622 1234``), or why there is none."""
    number = clean(person.mobile)
    if not number.strip():
        return clean(f"无（{person.contact_note}）") if person.contact_note.strip() else EMPTY
    return format_phone(number) if full else mask_phone(number)


def _delivery_label(case: Case) -> str:
    try:
        label = DeliveryMode(case.delivery_mode).label
    except ValueError:
        label = case.delivery_mode or DeliveryMode.WINDOW.label
    if case.delivery_mode == DeliveryMode.MAIL.value and case.mail_address:
        label = f"{label}（{case.mail_address}）"
    return label


def placeholder_values(case: Case, ctx: PrintContext, tpl: Templates) -> dict[str, str]:
    hall_name = tpl.hall["name"].strip() or ctx.hall_name
    received = case.received_at or ctx.printed_at
    parsed = parse_case_number(case.number)
    values: dict[str, str] = {
        "hall_name": hall_name,
        "authority": tpl.hall["issuing_authority"],
        "address": tpl.hall.get("address", ""),
        "lookup_url": "",
        "case_number": case.number,
        "year": str(received.year),
        "seq": f"{parsed[3]:04d}" if parsed else case.number,
        "applicant_name": case.applicant.name,
        "agent_name": case.agent.name if case.agent else "",
        "item_name": case.item.name,
        "item_application": item_application(case.item.name),
        "item_type": case.item.item_type,
        "item_basis": case.item.legal_basis.strip() or "有关法律、法规和规章",
        "item_code": case.item.code,
        "scenario": case.scenario_name or "",
        "department": case.item.department,
        "received_date": cn_date(received.date()),
        "promised_date": cn_date(case.promised_date),
        "promised_days": str(case.item.promised_days),
        "legal_days": str(case.item.legal_days),
        "result_name": case.item.result_name or case.item.name,
        "delivery": _delivery_label(case),
        **_remedy_values(case, ctx, tpl),
        "window": ctx.window_label or f"{case.window_no}号窗口",
        "clerk": case.clerk_name or case.clerk,
    }
    values.update(_decision_values(case.decision))
    values.update(_contact_values(case, ctx, tpl))
    values["time_limit"] = _time_limit(case, ctx.calendar)
    values = {k: clean(v) for k, v in values.items()}
    # Wordings of the hall section may use the case values (lookup_url uses {case_number}).
    values["authority"] = fill(values["authority"], values)
    values["lookup_url"] = fill(tpl.hall["lookup_url"], values)
    values.update(_progress_values(case.number, ctx, tpl, values["lookup_url"]))
    # The item type's legal wording, itself filled with the case's values.
    values.update(
        {key: clean(fill(text, values)) for key, text in tpl.wording(case.item.item_type).items()}
    )
    return values


def item_application(name: str) -> str:
    """ "户口迁移申请" for 户口迁移, but "住房公积金个人住房贷款申请" stays as it is (never
    "…申请申请")."""
    name = name.strip()
    return name if name.endswith("申请") else f"{name}申请"


def _remedy_values(case: Case, ctx: PrintContext, tpl: Templates) -> dict[str, str]:
    """Where the applicant challenges a decision: the item's department's review body and
    court (the catalog's department record), else the hall's (the template's [remedies]).
    Under 行政复议法 (2023) a tax bureau's decision goes to the next-higher tax authority, a
    city department's to the city government: one hall-wide body cannot be right for both."""
    own = ctx.department_remedies.get(case.item.department_code, {})
    return {
        key: (own.get(key, "") or "").strip() or tpl.remedies[key]
        for key in ("review_body", "court")
    }


def _decision_values(decision: Decision | None) -> dict[str, str]:
    if decision is None:
        return {"deadline": cn_date(None), "reason": "", "competent_agency": ""}
    return {
        "deadline": cn_date(decision.commitment_deadline),
        "reason": decision.reason,
        "competent_agency": decision.competent_agency,
    }


def _progress_values(
    case_number: str, ctx: PrintContext, tpl: Templates, lookup_url: str
) -> dict[str, str]:
    """The QR's link: the hall's public progress page with the case number and its check code.
    Without the hall's key (a first login offline) the hall's own look-up URL stands in."""
    page = tpl.hall.get("public_progress_url", "").strip() or ctx.progress_page.strip()
    link = progress_link(page, ctx.progress_secret, case_number)
    if not link:
        return {"progress_page": lookup_url, "progress_url": lookup_url, "check_code": EMPTY}
    return {
        "progress_page": page,
        "progress_url": link,
        "check_code": check_code(ctx.progress_secret, case_number),
    }


def _contact_values(case: Case, ctx: PrintContext, tpl: Templates) -> dict[str, str]:
    """The phones: the hall's (its configuration, else the template's), the department's
    (the catalog's, else the template's list) and the complaint line (12345)."""
    hall_phone = ctx.hall_phone.strip() or tpl.hall["contact_phone"].strip()
    code = case.item.department_code
    department_phone = (
        ctx.department_phones.get(code, "") or tpl.department_phones.get(code, "")
    ).strip()
    phones = [f"大厅 {hall_phone}" if hall_phone else ""]
    if department_phone:
        phones.append(f"{case.item.department} {department_phone}")
    return {
        "contact_phone": hall_phone,
        "department_phone": department_phone,
        "phones": "、".join(p for p in phones if p) or EMPTY,
        "complaint_phone": tpl.hall.get("complaint_phone", "").strip() or "12345",
    }


def _time_limit(case: Case, calendar: WorkdayCalendar | None = None) -> str:
    """How the notice states the time limit: a 即办件 is done on the spot, never "in 0 days";
    each limit in its unit; a caveat when the promised date falls in a year whose 调休 the
    calendar does not know (the date counted weekends only there)."""
    item = case.item
    immediate = item.handling is HandlingKind.IMMEDIATE
    if immediate or (item.promised_days == 0 and item.legal_days == 0):
        return "为即办件，当场办结"
    limits = f"承诺{item.promised_unit.days(item.promised_days)}内"
    if item.legal_days:
        limits += f"，法定时限{item.legal_unit.days(item.legal_days)}"
    sentence = f"于{cn_date(case.promised_date)}前（{limits}）办结"
    if calendar is not None and case.promised_date is not None and case.received_at is not None:
        years = calendar.unpublished_years(case.received_at.date(), case.promised_date)
        if years:
            named = "、".join(f"{y}年" for y in years)
            sentence += f"（{named}节假日安排尚未公布，如遇放假调休，以实际工作日为准）"
    return sentence


def addressed(text: str, organisation: bool) -> str:
    """The template's "你（单位）" / "本人（单位）" in the applicant's own form: a person is
    "你" / "本人", an organisation "你单位" / "本单位"."""
    if organisation:
        return text.replace("你（单位）", "你单位").replace("本人（单位）", "本单位")
    return text.replace("你（单位）", "你").replace("本人（单位）", "本人")


def copies_label(check: MaterialCheck) -> str:
    if check.library_entry:  # taken from the shared library: nothing was handed over
        return "—"
    return str(check.copies_received or check.material.copies)


def form_label(check: MaterialCheck) -> str:
    """The 材料形式 cell: none for a line taken from the shared library (nothing handed over)."""
    return "—" if check.library_entry else check.material.form.label


def material_label(check: MaterialCheck) -> str:
    """The 材料名称 cell: a line taken from the shared library says so after the name."""
    name = check.material.name
    return f"{name}（{REUSED_MARK}）" if check.library_entry else name

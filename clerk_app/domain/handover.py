"""Handing a result over at the window (出件): who may collect it, and whether a case's result
can go out now. Pure rules; the 出件 page asks them and shows the answer."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from clerk_app.domain.cases import Case, CaseStatus, IdKind, Person
from clerk_app.domain.catalog import DeliveryMode
from clerk_app.domain.countries import is_nationality, nationality_name
from clerk_app.domain.department_docs import DepartmentDocKind, latest
from clerk_app.domain.gaps import handout_refusal
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.domain.identifiers import check_document, mask_id, normalize

COURIERS = ("中国邮政EMS", "顺丰速运", "京东快递")
MAX_TEXT = 200  # a new agent's name, the authorisation note, a typed mail address


class Collector(StrEnum):
    """Who presents themselves to collect the result."""

    APPLICANT = "applicant"  # 申请人本人
    RECORDED_AGENT = "recorded_agent"  # 受理时登记的代理人
    NEW_AGENT = "new_agent"  # 新委托的代理人（委托书）


ROLE_LABELS = {
    Collector.APPLICANT: "申请人本人",
    Collector.RECORDED_AGENT: "委托代理人",
    Collector.NEW_AGENT: "委托代理人（新委托）",
}


@dataclass(frozen=True, slots=True)
class IdentityCheck:
    """The verdict. ``needs_confirmation``: refused only until the clerk confirms (a passport
    recorded without its country); ``checked_note`` says, for the case's event, what the clerk
    confirmed."""

    ok: bool
    message: str = ""
    recipient: Person | None = None
    role: str = ""
    authorisation_note: str = ""
    needs_confirmation: bool = False
    checked_note: str = ""


def needs_country(kind: IdKind) -> bool:
    """Whether a document of ``kind`` is someone's only with its issuing country: a passport
    (each country numbers its own, so two countries may issue the same number). The others are
    issued by one authority: the 居民身份证, 港澳/台湾通行证 and 港澳台居住证 by China's, and
    the 外国人永久居留身份证 codes its holder's nationality in the number itself."""
    return kind is IdKind.PASSPORT


def check_identity(
    case: Case,
    collector: str,
    id_kind: IdKind,
    id_number: str,
    *,
    country: str = "",
    agent_name: str = "",
    authorisation_note: str = "",
    unrecorded_country_confirmed: bool = False,
) -> IdentityCheck:
    """Whether the document presented lets its holder collect ``case``'s result.

    ``country`` (ISO alpha-3) is the presented document's issuing country, asked where the
    kind needs it (:func:`needs_country`, a passport) and ignored for the other kinds. It must
    be the nationality recorded for that person at acceptance: a passport with the same number
    from another country is someone else's.

    A passport recorded before acceptance asked for its country has none to compare with. Its
    number alone is not enough, so it is refused with ``needs_confirmation`` until the clerk
    confirms having compared the passport with the copy kept at acceptance
    (``unrecorded_country_confirmed``); the recipient is then recorded with the country seen,
    and ``checked_note`` says so in the case's event."""
    presented = normalize(id_number)
    if not presented:
        return IdentityCheck(False, "请扫描或输入领取人出示的证件号码")
    shown_country = country.strip().upper() if needs_country(id_kind) else ""
    if collector == Collector.APPLICANT:
        verdict = _check_applicant(case, id_kind, presented)
    elif collector == Collector.RECORDED_AGENT:
        verdict = _check_recorded_agent(case, id_kind, presented)
    elif collector == Collector.NEW_AGENT:
        return _check_new_agent(id_kind, presented, shown_country, agent_name, authorisation_note)
    else:
        return IdentityCheck(False, "请选择领取人身份")
    if not verdict.ok or verdict.recipient is None or not needs_country(id_kind):
        return verdict
    return _same_country(verdict, verdict.recipient, shown_country, unrecorded_country_confirmed)


def _same_country(
    verdict: IdentityCheck, person: Person, shown_country: str, confirmed: bool
) -> IdentityCheck:
    """The number matched ``person``'s: the issuing country must too."""
    if not is_nationality(shown_country):
        return _country_missing(shown_country)
    recorded = person.nationality.strip().upper()
    if not recorded:
        if not confirmed:
            return IdentityCheck(
                False,
                "受理时未登记该护照的签发国家/地区，仅凭号码不能确认：请核对护照与受理时留存的"
                "证件复印件一致，确认后再发放",
                needs_confirmation=True,
            )
        return replace(
            verdict,
            recipient=replace(person, nationality=shown_country),
            checked_note=(
                f"受理时未登记护照签发国家/地区，窗口人员核对确认为{nationality_name(shown_country)}"
            ),
        )
    if recorded != shown_country:
        return IdentityCheck(
            False,
            f"证件签发国家/地区与登记不符，不能领取（登记：{nationality_name(recorded)}，"
            f"出示：{nationality_name(shown_country)}）",
        )
    return verdict


def _country_missing(shown_country: str) -> IdentityCheck:
    if not shown_country:
        return IdentityCheck(False, "请选择护照的签发国家/地区")
    return IdentityCheck(False, "护照签发国家/地区有误：请从列表选择")


def _presented_by(
    person: Person, collector: Collector, id_kind: IdKind, presented: str, refusal: str
) -> IdentityCheck:
    """The document is ``person``'s (of the kind and number recorded on the case), or the
    refusal names whose it should have been. The issuing country is compared afterwards."""
    if id_kind is not person.id_kind or presented != normalize(person.id_number):
        who = "申请人" if collector is Collector.APPLICANT else "代理人"
        recorded = "" if collector is Collector.APPLICANT else "登记的"
        return IdentityCheck(
            False,
            f"证件与{recorded}{who}不一致（{who}：{person.name}，{person.document_label} "
            f"{mask_id(person.id_number)}），{refusal}",
        )
    return IdentityCheck(True, recipient=person, role=ROLE_LABELS[collector])


def _check_applicant(case: Case, id_kind: IdKind, presented: str) -> IdentityCheck:
    if case.applicant.is_organisation:
        return IdentityCheck(
            False,
            "申请人是单位，须由经办人出示本人证件领取：请选择「委托代理人」并核验其证件",
        )
    return _presented_by(
        case.applicant,
        Collector.APPLICANT,
        id_kind,
        presented,
        "不能领取。他人代领须出示委托书并登记为委托代理人",
    )


def _check_recorded_agent(case: Case, id_kind: IdKind, presented: str) -> IdentityCheck:
    if case.agent is None:
        return IdentityCheck(False, "受理时没有登记代理人；代领请选择「新委托代理人」")
    return _presented_by(case.agent, Collector.RECORDED_AGENT, id_kind, presented, "不能领取")


def _check_new_agent(
    id_kind: IdKind, presented: str, country: str, agent_name: str, authorisation_note: str
) -> IdentityCheck:
    name = " ".join(agent_name.split())
    note = " ".join(authorisation_note.split())
    if id_kind is IdKind.USCC:
        return IdentityCheck(False, "代理人须出示个人身份证件，不能使用统一社会信用代码")
    checked = check_document(id_kind, presented)
    if not checked.ok:
        return IdentityCheck(False, f"代理人证件号码有误：{checked.error}")
    if needs_country(id_kind) and not is_nationality(country):
        return _country_missing(country)
    if not name:
        return IdentityCheck(False, "请填写代理人姓名")
    if not note:
        return IdentityCheck(
            False, "请登记委托情况（委托书签署日期、委托事项），并收存委托书原件或复印件"
        )
    if len(name) > MAX_TEXT or len(note) > MAX_TEXT:
        return IdentityCheck(False, f"姓名或委托说明过长（最多{MAX_TEXT}字）")
    return IdentityCheck(
        True,
        recipient=Person(id_kind, checked.normalized, name, nationality=country),
        role=ROLE_LABELS[Collector.NEW_AGENT],
        authorisation_note=note,
    )


def refusal_for_status(case: Case) -> str:
    """Why the result of ``case`` cannot be handed out now; empty when it can."""
    if case.status is CaseStatus.RESULT_READY:
        return handout_refusal(case)
    if case.status in (CaseStatus.DELIVERED, CaseStatus.MAILED):
        done = next((e for e in reversed(case.events) if e.status is case.status), None)
        when = f"于{done.at.astimezone(HALL_TZ):%Y-%m-%d %H:%M}" if done else ""
        return f"案件{case.number}的办理结果已{when}{case.status.label}，不能重复出件"
    correction = latest(case.department_documents, DepartmentDocKind.CORRECTION)
    if case.status is CaseStatus.SUSPENDED and correction is not None:
        return (
            f"案件{case.number}审查中被退回补正，不能出件：{correction.summary}。"
            "请收取补正材料交实施机关；补正通知书可在「详情」中打印"
        )
    return (
        f"案件{case.number}当前状态为「{case.status.label}」，办理结果尚未送达窗口，不能出件"
        "（部门作出决定后，状态变为「待领取」）"
    )


def handout_mode_refusal(case: Case) -> str:
    """Why ``case``, marked handed out, does not say how: a result collected (已领取) went out
    at the window, a mailed one (已邮寄) by mail to an address. Empty when it does."""
    mode = case.delivery_mode
    known = mode in {m.value for m in DeliveryMode}
    shown = DeliveryMode(mode).label if known else mode
    if case.status is CaseStatus.DELIVERED and mode != DeliveryMode.WINDOW:
        return f"案件{case.number}标记为已领取，送达方式须为窗口领取（而不是「{shown}」）"
    if case.status is CaseStatus.MAILED:
        if mode != DeliveryMode.MAIL:
            return f"案件{case.number}标记为已邮寄，送达方式须为免费邮寄（而不是「{shown}」）"
        if not case.mail_address.strip():
            return f"案件{case.number}标记为已邮寄，却没有邮寄地址"
    return ""

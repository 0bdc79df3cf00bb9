"""Realistic sample cases for every document (demo, template editing and tests).

黄石市民之家 window 5, 户口迁移 (a move of household registration) with its scenarios; the
materials received or missing fit the document each sample is for.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Decision,
    DecisionKind,
    IdKind,
    MaterialCheck,
    MaterialState,
    Person,
    make_case_number,
)
from clerk_app.domain.catalog import (
    DeliveryMode,
    HandlingKind,
    Item,
    Material,
    MaterialForm,
    Scenario,
)
from clerk_app.domain.department_docs import (
    CorrectionLine,
    DepartmentDocKind,
    DepartmentDocument,
)
from clerk_app.domain.extensions import EXTENSION_ACTION, approve_extension, extension_detail
from clerk_app.domain.gaps import missing_at_end, termination_detail
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.domain.precheck import (
    DEFAULT_OPEN_DAYS,
    Finding,
    ItemRef,
    MaterialFinding,
    Precheck,
    make_precheck_number,
    seal_qr,
)
from clerk_app.domain.workdays import add_working_days, hall_calendar
from clerk_app.printing.case_values import PrintContext
from clerk_app.printing.documents import DocType, render_document
from clerk_app.printing.preparation_list import HallInfo, render_preparation_list
from clerk_app.printing.templates import DEFAULT_TEMPLATES_DIR

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(first17: str) -> str:
    """Complete 17 digits with the GB 11643 check character."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


APPLICANT_ID = resident_id("42020219880506123")
AGENT_ID = resident_id("42020419920315002")

HUKOU_ITEM = Item(
    code="420200-GA-HJ-0031",
    name="户口迁移（市内迁入落户）",
    department="黄石市公安局",
    department_code="HSGA",
    item_type="行政许可",
    handling=HandlingKind.PROMISED,
    legal_days=20,
    promised_days=5,
    fees="不收费",
    legal_basis="《中华人民共和国户口登记条例》第十条；《湖北省户籍管理制度改革实施意见》",
    result_name="居民户口簿（迁入页）",
    delivery_modes=(DeliveryMode.WINDOW, DeliveryMode.MAIL),
    gap_allowed=True,
    zone="POLICE",
    version=3,
    materials=(
        Material(
            "HJ01",
            "户口迁移申请表",
            MaterialForm.ORIGINAL_KEPT,
            1,
            note="申请人本人签名",
            blank_form="HJ01-blank.pdf",
            sample="HJ01-sample.pdf",
        ),
        Material("HJ02", "申请人居民身份证", MaterialForm.ORIGINAL_CHECKED, 1),
        Material("HJ03", "居民户口簿", MaterialForm.ORIGINAL_CHECKED, 1, note="含户主页和本人页"),
        Material(
            "HJ04", "不动产权证书", MaterialForm.COPY, 1, scenarios=("BUY",), source="共享库调取"
        ),
        Material(
            "HJ05",
            "商品房买卖合同",
            MaterialForm.COPY,
            1,
            gap_allowed=True,
            scenarios=("BUY",),
            note="须加盖备案章",
        ),
        Material(
            "HJ06",
            "亲属关系证明",
            MaterialForm.ORIGINAL_KEPT,
            1,
            scenarios=("RELATIVE",),
            note="出生医学证明、结婚证或派出所出具的亲属关系证明",
        ),
        Material("HJ07", "房屋租赁登记备案证明", MaterialForm.COPY, 1, scenarios=("RENT",)),
        Material(
            "HJ08",
            "户主同意落户的书面意见",
            MaterialForm.ORIGINAL_KEPT,
            1,
            gap_allowed=True,
            scenarios=("RELATIVE", "BUY"),
            note="户主签名并按手印",
        ),
        Material(
            "HJ09",
            "授权委托书",
            MaterialForm.ORIGINAL_KEPT,
            1,
            required=False,
            note="委托他人代办时提交",
        ),
    ),
    scenarios=(
        Scenario("BUY", "购房迁入", "在本市购买商品房，本人及共同居住的直系亲属迁入"),
        Scenario("RELATIVE", "投靠亲属", "未成年子女投靠父母、夫妻投靠等"),
        Scenario("RENT", "租房落户", "合法稳定租赁住所，落入社区集体户"),
    ),
)

APPLICANT = Person(
    IdKind.RESIDENT_ID, APPLICANT_ID, "李明华", "13872345678", "湖北省黄石市黄石港区湖滨大道 118 号"
)
AGENT = Person(
    IdKind.RESIDENT_ID, AGENT_ID, "陈晓燕", "15927561234", "湖北省黄石市下陆区团城山街道"
)

RECEIVED_AT = datetime(2026, 11, 23, 10, 15)
# The hall's public progress page and the key of its check code (from the hall configuration).
SAMPLE_PROGRESS_PAGE = "https://zwfw.example.gov.cn/progress"
SAMPLE_PROGRESS_SECRET = "sample-hall-secret-HS01"
_SEQUENCES = {
    DocType.ACCEPTANCE_NOTICE: 7,
    DocType.GAP_ACCEPTANCE_NOTICE: 8,
    DocType.MISSING_MATERIALS_NOTICE: 9,
    DocType.REFUSAL_NOTICE: 10,
    DocType.MATERIAL_RECEIPT: 7,
}


def _checks(
    scenario: str,
    missing: tuple[str, ...] = (),
    defective: dict[str, str] | None = None,
    *,
    with_agent: bool = False,
) -> tuple[MaterialCheck, ...]:
    defective = defective or {}
    out: list[MaterialCheck] = []
    for m in HUKOU_ITEM.checklist(scenario):
        if m.code in defective:
            out.append(
                MaterialCheck(m, MaterialState.DEFECTIVE, m.copies, defect_reason=defective[m.code])
            )
        elif m.code in missing or (not m.required and not with_agent):
            out.append(MaterialCheck(m, MaterialState.MISSING))
        else:
            note = "原件已核验退还" if m.form is MaterialForm.ORIGINAL_CHECKED else ""
            out.append(MaterialCheck(m, MaterialState.RECEIVED, m.copies, note=note))
    return tuple(out)


# The 不动产权证书 the shared library holds for the applicant (一号匹配): taken, not handed in.
SAMPLE_LIBRARY_ENTRY = "5d0c3a52-8f1e-4c7a-9b43-2f6a1e0d7c11"


def _library_reused(checks: tuple[MaterialCheck, ...]) -> tuple[MaterialCheck, ...]:
    return tuple(
        replace(
            c,
            copies_received=0,
            library_entry=SAMPLE_LIBRARY_ENTRY,
            note="证照编号 鄂(2024)黄石市不动产权第0012345号",
        )
        if c.material.code == "HJ04" and c.state is MaterialState.RECEIVED
        else c
        for c in checks
    )


def sample_case(doc_type: DocType) -> Case:
    doc_type = DocType(doc_type)
    day = RECEIVED_AT.date()
    promised = add_working_days(day, HUKOU_ITEM.promised_days)
    base = Case(
        number=make_case_number("HS01", 5, day, _SEQUENCES[doc_type]),
        hall_code="HS01",
        window_no=5,
        item=HUKOU_ITEM,
        applicant=APPLICANT,
        scenario_code="BUY",
        checks=_library_reused(_checks("BUY")),
        decision=Decision(DecisionKind.ACCEPT),
        status=CaseStatus.ACCEPTED,
        received_at=RECEIVED_AT,
        promised_date=promised,
        clerk="clerk05",
        clerk_name="张敏",
        ticket_no="D012",
    )
    if doc_type is DocType.GAP_ACCEPTANCE_NOTICE:
        return replace(
            base,
            agent=AGENT,
            checks=_checks("BUY", missing=("HJ05", "HJ08"), with_agent=True),
            decision=Decision(
                DecisionKind.ACCEPT_WITH_GAPS,
                commitment_deadline=add_working_days(day, 3),
                commitment_signed=True,
            ),
            status=CaseStatus.ACCEPTED_WITH_GAPS,
            delivery_mode=DeliveryMode.MAIL.value,
            mail_address="湖北省黄石市黄石港区湖滨大道 118 号 李明华 收",
        )
    if doc_type is DocType.MISSING_MATERIALS_NOTICE:
        return replace(
            base,
            scenario_code="RELATIVE",
            checks=_checks(
                "RELATIVE",
                missing=("HJ06",),
                defective={
                    "HJ01": "申请表未经申请人本人签名",
                    "HJ03": "户口簿户主页破损，户主身份信息无法辨认",
                },
            ),
            decision=Decision(DecisionKind.MISSING_NOTICE),
            status=CaseStatus.MISSING_NOTICE,
            promised_date=None,
        )
    if doc_type is DocType.REFUSAL_NOTICE:
        return replace(
            base,
            decision=Decision(
                DecisionKind.REFUSE,
                reason="申请迁入地址位于大冶市，户口迁入登记由迁入地公安机关办理，"
                "不属于本机关职权范围。",
                competent_agency="大冶市公安局",
            ),
            status=CaseStatus.REFUSED,
            promised_date=None,
        )
    return base


def sample_context(doc_type: DocType, *, reprint: bool = False) -> PrintContext:
    return PrintContext(
        hall_name="黄石市民之家",
        window_label="5号窗口",
        printed_by="张敏",
        printed_at=datetime(2026, 11, 24, 9, 12, 30)
        if reprint
        else datetime(2026, 11, 23, 10, 31, 5),
        reprint=reprint,
        progress_page=SAMPLE_PROGRESS_PAGE,
        progress_secret=SAMPLE_PROGRESS_SECRET,
    )


PREPARATION_LIST = "preparation_list"
TERMINATION_NOTICE = "termination_notice"  # printing/termination.py
BUNDLE_NOTICE = "bundle_notice"  # printing/bundle_notice.py
EXTENSION_NOTICE = "extension_notice"  # printing/extension_notice.py


DENIAL_DECISION = "denial_decision"  # printing/department_docs.py
CORRECTION_NOTICE = "correction_notice"


def sample_kinds() -> dict[str, str]:
    """Every document ``render_sample`` knows: name → label."""
    return {
        **{d.value: d.label for d in DocType},
        PREPARATION_LIST: "准备资料清单",
        TERMINATION_NOTICE: "终止办理通知书",
        BUNDLE_NOTICE: "一件事受理通知书",
        DENIAL_DECISION: "不予许可决定书",
        CORRECTION_NOTICE: "补正通知书",
        EXTENSION_NOTICE: "延期通知书",
    }


def sample_department_case(doc_type: str) -> Case:
    """The 户口迁移 sample as the department left it: denied (with its 不予许可决定书) or
    returned for 补正 (two things to correct, five working days)."""
    case = sample_case(DocType.ACCEPTANCE_NOTICE)
    at = datetime(2026, 11, 26, 15, 30, tzinfo=HALL_TZ)
    if doc_type == DENIAL_DECISION:
        document = DepartmentDocument(
            DepartmentDocKind.DENIAL,
            "黄公户不许〔2026〕15号",
            "经核查，申请迁入的房屋尚未办理不动产转移登记，申请人不能提供合法稳定住所证明，"
            "不符合《湖北省户籍管理制度改革实施意见》规定的迁入条件。",
            HUKOU_ITEM.department,
            HUKOU_ITEM.department_code,
            at,
            "王芳",
        )
        return replace(case, status=CaseStatus.RESULT_READY, department_documents=(document,))
    document = DepartmentDocument(
        DepartmentDocKind.CORRECTION,
        f"{case.number}-BZ1",
        "迁入地址与不动产权证书记载不一致",
        HUKOU_ITEM.department,
        HUKOU_ITEM.department_code,
        at,
        "王芳",
        (
            CorrectionLine("户口迁移申请表", "迁入地址应与不动产权证书记载一致，申请人重新签名"),
            CorrectionLine("房屋产权证明", "提供不动产权证书原件核验，复印件注明“与原件一致”"),
        ),
        add_working_days(at.date(), 5),
    )
    return replace(case, status=CaseStatus.SUSPENDED, department_documents=(document,))


def sample_terminated_case() -> Case:
    """The 容缺 sample case, its commitment date passed: terminated by the department."""
    case = sample_case(DocType.GAP_ACCEPTANCE_NOTICE)
    at = datetime(2026, 12, 3, 10, 0, tzinfo=HALL_TZ)
    detail = termination_detail("承诺期限届满，申请人未补交容缺材料", missing_at_end(case))
    ended = case.with_event(
        CaseEvent(at, "gaj01", "黄石市公安局", "terminated", CaseStatus.TERMINATED, detail)
    )
    return replace(ended, status=CaseStatus.RESULT_READY)


def sample_extended_case() -> Case:
    """The accepted sample case, in review; the department head approved an Art. 42
    extension of 10 working days."""
    case = sample_case(DocType.ACCEPTANCE_NOTICE)
    received = case.received_at.date() if case.received_at else RECEIVED_AT.date()
    limit = add_working_days(received, HUKOU_ITEM.legal_days)
    approved = approve_extension(
        today=date(2026, 12, 16),
        working_days=10,
        reason="申请人迁入地址涉及房屋权属争议，需会同自然资源部门现场核实并组织听证，"
        "法定期限内不能作出决定",
        approved_by="王建国",
        joint=False,
        limit_before=limit,
        calendar=hall_calendar(DEFAULT_TEMPLATES_DIR.parent / "calendar" / "workday_overrides.csv"),
        already_extended=False,
    )
    at = datetime(2026, 12, 16, 15, 20, tzinfo=HALL_TZ)
    event = CaseEvent(
        at, "gaj_head", "黄石市公安局", EXTENSION_ACTION, None, extension_detail(approved)
    )
    return replace(
        case.with_event(event), status=CaseStatus.IN_REVIEW, promised_date=approved.limit_after
    )


def sample_precheck() -> Precheck:
    """A help-desk pre-check of 户口迁移 (购房迁入): ID and 户口簿 in order, the rest not."""
    return Precheck(
        number=make_precheck_number("HS01", "H02", RECEIVED_AT.date(), 17),
        hall_code="HS01",
        item_refs=(ItemRef(HUKOU_ITEM.code, HUKOU_ITEM.version),),
        scenario_code="BUY",
        findings=(
            MaterialFinding("HJ01", Finding.DEFECTIVE, "申请人未签名"),
            MaterialFinding("HJ02", Finding.BROUGHT),
            MaterialFinding("HJ03", Finding.BROUGHT),
            MaterialFinding("HJ05", Finding.WRONG_COPY, "合同复印件未加盖备案章"),
            MaterialFinding("HJ08", Finding.MISSING),
        ),
        checked_by="刘芳",
        created_at=RECEIVED_AT.replace(tzinfo=HALL_TZ),
        open_until=RECEIVED_AT.date() + timedelta(days=DEFAULT_OPEN_DAYS),
        applicant_kind=IdKind.RESIDENT_ID.value,
        applicant_id=APPLICANT_ID,
        note="户主陈晓燕须在书面意见上签名并按手印",
    )


SAMPLE_HALL = HallInfo(
    name="黄石市民之家",
    address="湖北省黄石市下陆区团城山街道杭州西路 66 号",
    hours="周一至周五 9:00-12:00，13:30-17:30（法定节假日除外）",
    phone="0714-6221234",
)


def render_sample_preparation_list() -> bytes:
    precheck = sample_precheck()
    return render_preparation_list(
        precheck,
        [HUKOU_ITEM],
        SAMPLE_HALL,
        seal_qr(precheck, SAMPLE_PROGRESS_SECRET),
        printed_by="刘芳",
        printed_at=RECEIVED_AT,
    )


def render_sample(doc_type: str, out: Path) -> None:
    """Write the sample document ``doc_type`` (e.g. "acceptance_notice") to ``out``."""
    if doc_type == PREPARATION_LIST:
        pdf = render_sample_preparation_list()
    elif doc_type == EXTENSION_NOTICE:
        from clerk_app.printing.extension_notice import render_extension_notice

        kind = DocType.ACCEPTANCE_NOTICE
        ctx = replace(sample_context(kind), printed_at=datetime(2026, 12, 16, 15, 31, 8))
        pdf = render_extension_notice(sample_extended_case(), ctx)
    elif doc_type == TERMINATION_NOTICE:
        from clerk_app.printing.termination import render_termination_notice

        kind = DocType.GAP_ACCEPTANCE_NOTICE
        pdf = render_termination_notice(sample_terminated_case(), sample_context(kind))
    elif doc_type == BUNDLE_NOTICE:
        from clerk_app.printing.bundle_notice import render_bundle_notice
        from clerk_app.printing.bundle_samples import sample_bundle_cases

        pdf = render_bundle_notice(sample_bundle_cases(), sample_context(DocType.ACCEPTANCE_NOTICE))
    elif doc_type in (DENIAL_DECISION, CORRECTION_NOTICE):
        from clerk_app.printing.department_docs import DepartmentDoc, render_department_document

        context = sample_context(DocType.ACCEPTANCE_NOTICE)
        case = sample_department_case(doc_type)
        pdf = render_department_document(DepartmentDoc(doc_type), case, context)
    else:
        try:
            kind = DocType(doc_type)
        except ValueError:
            valid = ", ".join(sample_kinds())
            raise ValueError(f"未知的文书类型 {doc_type!r}；可用：{valid}") from None
        pdf = render_document(kind, sample_case(kind), sample_context(kind))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)

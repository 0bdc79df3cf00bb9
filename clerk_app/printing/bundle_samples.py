"""A sample bundle application for the 一件事受理通知书 (``clerk-app render-sample
bundle_notice``): 二手房交易一件事 at window 5 of 黄石市民之家, the seller's marriage certificate
missing: three items accepted, the registration accepted with gaps within its own limit."""

from __future__ import annotations

from clerk_app.domain.acceptance import promised_date_for
from clerk_app.domain.bundle_link import BundleLink, make_bundle_number
from clerk_app.domain.cases import (
    DECISION_STATUS,
    Case,
    Decision,
    DecisionKind,
    MaterialCheck,
    MaterialState,
    make_case_number,
)
from clerk_app.domain.catalog import HandlingKind, Item, Material, MaterialForm
from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.printing.samples import APPLICANT, RECEIVED_AT

_ID = Material(
    "ID", "买卖双方居民身份证", MaterialForm.ORIGINAL_CHECKED, 2, standard_code="ID-MMSF"
)
_CONTRACT = Material("HT", "存量房买卖合同", MaterialForm.ORIGINAL_KEPT, 3, standard_code="FW-HT")
_DEED = Material("QZ", "不动产权证书", MaterialForm.ORIGINAL_KEPT, 1, standard_code="BDC-QZ")
_FORM = Material("SQ", "不动产登记申请书", MaterialForm.ORIGINAL_KEPT, 1, standard_code="BDC-SQS")
_MARRIAGE = Material(
    "HY", "卖方婚姻状况证明", MaterialForm.COPY, 1, gap_allowed=True, standard_code="HY-MF"
)
_HOUSING = Material("ZF", "家庭住房情况查询结果", MaterialForm.ELECTRONIC, 1)


def _item(code: str, name: str, department: str, dept_code: str, days: int, *m: Material) -> Item:
    return Item(
        code=code,
        name=name,
        department=department,
        department_code=dept_code,
        item_type="公共服务" if days == 0 else "行政确认",
        handling=HandlingKind.IMMEDIATE if days == 0 else HandlingKind.PROMISED,
        legal_days=days * 2,
        promised_days=days,
        gap_allowed=days > 0,
        materials=m,
    )


SAMPLE_BUNDLE_ITEMS = (
    _item(
        "420200-GG-0102-01",
        "存量房买卖合同网签备案（交易确认）",
        "黄石市住房和城乡建设局",
        "HSZJ",
        0,
        _CONTRACT,
        _ID,
        _DEED,
    ),
    _item(
        "420200-QT-0103-01",
        "契税申报（存量房交易）",
        "国家税务总局黄石市税务局",
        "HSSW",
        0,
        _ID,
        _HOUSING,
    ),
    _item(
        "420200-QR-0101-01",
        "不动产转移登记（二手房买卖）",
        "黄石市自然资源和规划局",
        "HSZRGH",
        5,
        _FORM,
        _ID,
        _DEED,
        _MARRIAGE,
    ),
    _item(
        "420200-GG-0104-01",
        "水电气联动过户（二手房）",
        "黄石市供水供电供气联办窗口",
        "HSGY",
        0,
        _ID,
    ),
)


def sample_bundle_cases() -> list[Case]:
    """The four item cases of the sample bundle application, linked by its number."""
    calendar = WorkdayCalendar()
    day = RECEIVED_AT.date()
    register_day = promised_date_for(SAMPLE_BUNDLE_ITEMS[2], day, calendar)
    dates = [day, day, register_day, register_day]  # 水电气 waits for the registration
    numbers = [make_case_number("HS01", 5, day, 21 + n) for n in range(4)]
    link = BundleLink(
        number=make_bundle_number(numbers[0]),
        code="420200-YJS-0002",
        name="二手房交易一件事",
        item_codes=tuple(i.code for i in SAMPLE_BUNDLE_ITEMS),
        promised_date=register_day,
        lead_department_code="HSZRGH",
    )
    gap = Decision(
        DecisionKind.ACCEPT_WITH_GAPS,
        commitment_deadline=calendar.add_working_days(day, 3),
        commitment_signed=True,
    )
    cases: list[Case] = []
    for n, item in enumerate(SAMPLE_BUNDLE_ITEMS):
        decision = gap if n == 2 else Decision(DecisionKind.ACCEPT)
        checks = tuple(
            MaterialCheck(m, MaterialState.MISSING)
            if m is _MARRIAGE
            else MaterialCheck(m, MaterialState.RECEIVED, m.copies)
            for m in item.materials
        )
        cases.append(
            Case(
                number=numbers[n],
                hall_code="HS01",
                window_no=5,
                item=item,
                applicant=APPLICANT,
                checks=checks,
                decision=decision,
                status=DECISION_STATUS[decision.kind],
                received_at=RECEIVED_AT,
                promised_date=dates[n],
                clerk="clerk05",
                clerk_name="张敏",
                ticket_no="E003",
                bundle=link,
            )
        )
    return cases

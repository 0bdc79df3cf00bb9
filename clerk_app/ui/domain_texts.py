"""The domain's Chinese labels and messages the screens show through ``tr_domain`` (context
"domain"). The domain layer has no Qt, so lupdate finds them here;
tests/ui/test_translation_complete.py checks that every label of the domain's enums is here."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

DOMAIN_TEXTS = (
    # bundle_handout.MemberState
    QT_TRANSLATE_NOOP("domain", "可领取"),
    QT_TRANSLATE_NOOP("domain", "待补齐"),
    QT_TRANSLATE_NOOP("domain", "办理中"),
    QT_TRANSLATE_NOOP("domain", "已出件"),
    QT_TRANSLATE_NOOP("domain", "无需出件"),
    # cases.CaseStatus
    QT_TRANSLATE_NOOP("domain", "帮办预审"),
    QT_TRANSLATE_NOOP("domain", "已收件"),
    QT_TRANSLATE_NOOP("domain", "已受理"),
    QT_TRANSLATE_NOOP("domain", "容缺受理"),
    QT_TRANSLATE_NOOP("domain", "已一次性告知"),
    QT_TRANSLATE_NOOP("domain", "不予受理"),
    QT_TRANSLATE_NOOP("domain", "审批中"),
    QT_TRANSLATE_NOOP("domain", "暂停"),
    QT_TRANSLATE_NOOP("domain", "准予"),
    QT_TRANSLATE_NOOP("domain", "不予许可"),
    QT_TRANSLATE_NOOP("domain", "待领取"),
    QT_TRANSLATE_NOOP("domain", "已领取"),
    QT_TRANSLATE_NOOP("domain", "已邮寄"),
    QT_TRANSLATE_NOOP("domain", "已办结"),
    QT_TRANSLATE_NOOP("domain", "终止办理"),
    # cases.DecisionKind
    QT_TRANSLATE_NOOP("domain", "受理"),
    QT_TRANSLATE_NOOP("domain", "一次性告知(补正)"),
    QT_TRANSLATE_NOOP("domain", "当场办结"),
    # cases.IdKind
    QT_TRANSLATE_NOOP("domain", "居民身份证"),
    QT_TRANSLATE_NOOP("domain", "港澳居民来往内地通行证"),
    QT_TRANSLATE_NOOP("domain", "台湾居民来往大陆通行证"),
    QT_TRANSLATE_NOOP("domain", "港澳台居民居住证"),
    QT_TRANSLATE_NOOP("domain", "外国人永久居留身份证"),
    QT_TRANSLATE_NOOP("domain", "护照"),
    QT_TRANSLATE_NOOP("domain", "统一社会信用代码"),
    # cases.MaterialState
    QT_TRANSLATE_NOOP("domain", "未收"),
    QT_TRANSLATE_NOOP("domain", "已收"),
    QT_TRANSLATE_NOOP("domain", "需补正"),
    # catalog.DeliveryMode
    QT_TRANSLATE_NOOP("domain", "窗口领取"),
    QT_TRANSLATE_NOOP("domain", "免费邮寄"),
    QT_TRANSLATE_NOOP("domain", "电子送达"),
    # catalog.HandlingKind
    QT_TRANSLATE_NOOP("domain", "即办件"),
    QT_TRANSLATE_NOOP("domain", "承诺件"),
    # catalog.MaterialForm
    QT_TRANSLATE_NOOP("domain", "原件收取"),
    QT_TRANSLATE_NOOP("domain", "原件核验不收"),
    QT_TRANSLATE_NOOP("domain", "复印件"),
    QT_TRANSLATE_NOOP("domain", "电子"),
    # deadlines.DeadlineLevel
    QT_TRANSLATE_NOOP("domain", "正常"),
    QT_TRANSLATE_NOOP("domain", "即将到期"),
    QT_TRANSLATE_NOOP("domain", "已超期"),
    QT_TRANSLATE_NOOP("domain", "已暂停计时"),
    # department_docs.DepartmentDocKind
    QT_TRANSLATE_NOOP("domain", "不予许可决定书"),
    QT_TRANSLATE_NOOP("domain", "补正通知书"),
    # precheck.Finding
    QT_TRANSLATE_NOOP("domain", "未核"),
    QT_TRANSLATE_NOOP("domain", "已带齐"),
    QT_TRANSLATE_NOOP("domain", "未带"),
    QT_TRANSLATE_NOOP("domain", "有缺陷"),
    QT_TRANSLATE_NOOP("domain", "已过期"),
    QT_TRANSLATE_NOOP("domain", "份数或形式不符"),
    # precheck.PrecheckStatus
    QT_TRANSLATE_NOOP("domain", "待补材料"),
    QT_TRANSLATE_NOOP("domain", "已转窗口"),
    QT_TRANSLATE_NOOP("domain", "已关闭"),
    # workdays.LimitUnit
    QT_TRANSLATE_NOOP("domain", "个工作日"),
    QT_TRANSLATE_NOOP("domain", "日（自然日）"),
    # printing DocType, BundleDoc
    QT_TRANSLATE_NOOP("domain", "受理通知书"),
    QT_TRANSLATE_NOOP("domain", "容缺受理通知书"),
    QT_TRANSLATE_NOOP("domain", "一次性告知书"),
    QT_TRANSLATE_NOOP("domain", "不予受理通知书"),
    QT_TRANSLATE_NOOP("domain", "材料接收凭证"),
    QT_TRANSLATE_NOOP("domain", "一件事受理通知书"),
    # catalog.Material.requirement_label
    QT_TRANSLATE_NOOP("domain", "必要"),
    QT_TRANSLATE_NOOP("domain", "非必要"),
    QT_TRANSLATE_NOOP("domain", "必要(可容缺)"),
    # acceptance_bundle.KIND_SHORT
    QT_TRANSLATE_NOOP("domain", "容缺"),
    QT_TRANSLATE_NOOP("domain", "告知"),
    QT_TRANSLATE_NOOP("domain", "不予"),
    QT_TRANSLATE_NOOP("domain", "办结"),
    # identifiers, phones: messages
    QT_TRANSLATE_NOOP("domain", "地区码在历年行政区划代码中均不存在，请核对证件后继续"),
    QT_TRANSLATE_NOOP(
        "domain",
        "15位第一代居民身份证已于2013年1月1日停止使用。请出示第二代居民身份证、临时居民身份证，或户口簿及公安机关出具的身份证明",
    ),
    QT_TRANSLATE_NOOP(
        "domain",
        "这是外国人永久居留身份证号码（居民身份证号码不以9或字母开头），请选择对应证件类型",
    ),
    QT_TRANSLATE_NOOP("domain", "固定电话请加区号，如0714-6221234"),
    QT_TRANSLATE_NOOP("domain", "手机号码应为11位，以13-19开头，请核对"),
    QT_TRANSLATE_NOOP(
        "domain", "电话号码无法识别：请输入手机号码、带区号的固定电话，或以+开头的境外号码"
    ),
    QT_TRANSLATE_NOOP("domain", "电话号码位数或区号不正确，请核对"),
)

"""Hall-editable wording of the printed documents (resources/templates/documents.toml).

A hall changes its name, issuer, document numbers, paragraphs, legal bases and review bodies
in the TOML file, never in code. The file is checked strictly when it is loaded: an unknown
key, a missing key, a wrong type or an unknown {placeholder} is refused with a message that
names the key, so a typo cannot silently drop a legally required sentence from a notice.
"""

from __future__ import annotations

import os
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

TEMPLATES_ENV_VAR = "CLERK_TEMPLATES_DIR"
TEMPLATE_FILE = "documents.toml"
DEFAULT_TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "resources" / "templates"

# Every placeholder a wording may use, with what it becomes (docs/templates.md lists them).
PLACEHOLDERS: dict[str, str] = {
    "hall_name": "大厅名称（落款）",
    "authority": "出具机关",
    "contact_phone": "咨询电话",
    "address": "大厅地址",
    "lookup_url": "办理进度查询网址（已填入案件编号）",
    "progress_url": "扫码查询办理进度的链接（公开查询页＋案件编号＋查询码，二维码默认内容）",
    "progress_page": "公开的办理进度查询页网址",
    "check_code": "查询码（与案件编号一起在查询页输入）",
    "phones": "咨询电话：大厅电话及实施机关电话（已知时），如“大厅 0714-6251234、黄石市公安局 …”",
    "department_phone": "实施机关电话（未配置时为空）",
    "complaint_phone": "投诉电话（默认 12345）",
    "time_limit": "办结时限的说法（承诺件：于某日前（N个工作日内…）办结；即办件：当场办结）",
    "case_number": "案件编号",
    "year": "申请年份",
    "seq": "案件流水号",
    "applicant_name": "申请人姓名或单位名称",
    "agent_name": "代办人姓名（无代办人时为空）",
    "item_name": "事项名称",
    "item_code": "事项编码",
    "scenario": "办理情形",
    "department": "实施机关",
    "received_date": "申请日期（如 2026年11月23日）",
    "promised_date": "承诺办结日期",
    "promised_days": "承诺办结时限的天数（按事项的时限单位：工作日或自然日）",
    "legal_days": "法定办结时限的天数（按事项的时限单位：工作日或自然日）",
    "result_name": "办理结果名称",
    "delivery": "送达方式",
    "deadline": "容缺材料补齐期限",
    "reason": "不予受理理由",
    "competent_agency": "有权受理的机关",
    "review_body": "行政复议机关",
    "court": "行政诉讼法院",
    "window": "受理窗口",
    "clerk": "受理人",
    "item_application": "事项的申请（如“户口迁移申请”；事项名称已以“申请”结尾时不再重复）",
    "item_type": "事项类型（行政许可、行政确认、公共服务……）",
    "item_basis": "事项的设定依据（目录的 legal_basis；未填写时为“有关法律、法规和规章”）",
}

# The legal wording that depends on the item's type ([item_types.<类型>] of the template file):
# an acceptance cites 行政许可法 Art. 32 for a licence only. Each is also a placeholder of the
# documents, filled from the section of the case's item type (else [item_types.default]).
ITEM_TYPE_WORDING: dict[str, str] = {
    "accept_clause": "受理决定的法律表述（受理通知书、容缺受理通知书正文）",
    "accept_basis": "受理的法律依据",
    "receipt_basis": "材料接收凭证的法律依据",
    "missing_clause": "一次性告知的法律表述（一次性告知书正文）",
    "missing_deemed": "逾期不告知视为受理的说明（只有行政许可有）",
    "missing_basis": "一次性告知的法律依据",
    "refuse_clause": "不予受理的法律表述",
    "refuse_basis": "不予受理的法律依据",
    "remedies": "救济途径（复议机关、法院与期限）",
    "deny_title": "部门不予批准的决定书标题（如“不予行政许可决定书”）",
    "deny_clause": "不予批准的法律表述",
    "deny_basis": "不予批准决定的法律依据",
    "correction_basis": "审查中退回补正的法律依据",
    "delivery_basis": "送达回证、邮寄单的法律依据",
}
DEFAULT_ITEM_TYPE = "default"

# Further placeholders that only the delivery documents (送达回证, 邮寄单) may use.
DELIVERY_PLACEHOLDERS: dict[str, str] = {
    "result_number": "办理结果文号或证照编号",
    "validity": "办理结果有效期",
    "recipient_name": "领取人或收件人姓名",
    "delivered_date": "送达日期",
    "mail_address": "邮寄地址",
    "waybill_no": "邮件运单号",
}

# What a document's wording may use: the case's values and the item type's legal wording.
_DOC_PLACEHOLDERS: dict[str, str] = {**PLACEHOLDERS, **ITEM_TYPE_WORDING}

# Further placeholders that only the 一件事受理通知书 may use (printing/bundle_notice.py).
BUNDLE_PLACEHOLDERS: dict[str, str] = {
    "bundle_name": "一件事名称",
    "bundle_number": "一件事编号（各事项案件共用）",
    "item_count": "一件事中申请办理的事项数",
    "lead_department": "牵头部门",
    "bundle_date": "一件事承诺办结日期（最后一个受理事项的承诺办结日期）",
    "bundle_limit": "联办时限届满日期",
    "bundle_limit_days": "联办时限（工作日）",
}

_TEXT = "text"
_TEXT_LIST = "text_list"
_BOOL = "bool"
_PLAIN = "plain"  # a string that is not a wording (file name): no placeholders

# Keys of each section: name -> (kind, required).
_HALL_KEYS: dict[str, tuple[str, bool]] = {
    "name": (_TEXT, True),
    "issuing_authority": (_TEXT, True),
    "address": (_TEXT, False),
    "contact_phone": (_TEXT, True),
    "lookup_url": (_TEXT, True),
    "public_progress_url": (_PLAIN, False),
    "complaint_phone": (_TEXT, False),
    "qr_text": (_TEXT, True),
    "seal_image": (_PLAIN, False),
    "seal_purpose": (_TEXT, True),
}
_REMEDY_KEYS: dict[str, tuple[str, bool]] = {
    "review_body": (_TEXT, True),
    "court": (_TEXT, True),
}
_DEFAULT_KEYS: dict[str, tuple[str, bool]] = {
    "full_id": (_BOOL, True),
    "full_mobile": (_BOOL, True),
}
_DOC_COMMON: dict[str, tuple[str, bool]] = {
    "title": (_TEXT, True),
    "number": (_TEXT, True),
    "full_id": (_BOOL, False),
    "full_mobile": (_BOOL, False),
    "salutation": (_TEXT, True),
    "intro": (_TEXT, True),
    "notes": (_TEXT_LIST, True),
    "legal_basis": (_TEXT, True),
    "signatures": (_TEXT_LIST, True),
}
_DOC_EXTRA: dict[str, dict[str, tuple[str, bool]]] = {
    "acceptance_notice": {},
    "gap_acceptance_notice": {
        "consequence": (_TEXT, True),
        "commitment_title": (_TEXT, True),
        "commitment_intro": (_TEXT, True),
        "commitment_items": (_TEXT_LIST, True),
        "commitment_signatures": (_TEXT_LIST, True),
    },
    "missing_materials_notice": {"one_time_sentence": (_TEXT, True)},
    "refusal_notice": {
        "reason_label": (_TEXT, True),
        "competent_agency_note": (_TEXT, True),
        "remedies": (_TEXT, True),
    },
    "material_receipt": {},
}
DOC_KEYS = tuple(_DOC_EXTRA)
# Documents a template file may leave out (older files): the shipped wording is used instead.
# (The 终止办理通知书 may use the delivery placeholders too: it is handed out like a result.)
_OPTIONAL_DOC_EXTRA: dict[str, dict[str, tuple[str, bool]]] = {
    "delivery_receipt": {"receipt_note": (_TEXT, True)},
    "mail_slip": {"sender_label": (_TEXT, True), "packing_note": (_TEXT, True)},
    "termination_notice": {"reason_label": (_TEXT, True), "remedies": (_TEXT, True)},
    "denial_decision": {"reason_label": (_TEXT, True), "remedies": (_TEXT, True)},
    "correction_notice": {"deadline_note": (_TEXT, True)},
    "bundle_notice": {"time_sentence": (_TEXT, True), "own_notices": (_TEXT, True)},
    "extension_notice": {"reason_label": (_TEXT, True)},  # 延期通知书 (行政许可法 Art. 42)
}
_DEPARTMENT_DOCS = ("denial_decision", "correction_notice")
BUNDLE_DOC = "bundle_notice"  # may use BUNDLE_PLACEHOLDERS
# Placeholders only the department's documents (不予许可决定书, 补正通知书) may use.
DEPARTMENT_PLACEHOLDERS: dict[str, str] = {
    "decision_number": "部门文书的文号（不予许可决定书的编号、补正通知的编号）",
    "decision_date": "部门作出决定或通知的日期",
    "correction_due": "补正期限",
}


class TemplateError(ValueError):
    """The template file is missing, unreadable or wrong; the message names the key."""


@dataclass(frozen=True)
class DocTemplate:
    key: str
    values: dict[str, Any]
    full_id: bool
    full_mobile: bool

    def text(self, name: str) -> str:
        return str(self.values[name])

    def texts(self, name: str) -> list[str]:
        return [str(v) for v in self.values[name]]


@dataclass(frozen=True)
class Templates:
    base_dir: Path
    hall: dict[str, str]
    remedies: dict[str, str]
    documents: dict[str, DocTemplate]
    # Department code -> phone, for departments the catalog gives no phone (a hall's own list)
    department_phones: dict[str, str] = field(default_factory=dict)
    # Item type (or "default") -> its legal wording (ITEM_TYPE_WORDING); "default" is complete
    item_types: dict[str, dict[str, str]] = field(default_factory=dict)

    def doc(self, key: str) -> DocTemplate:
        return self.documents[key]

    def wording(self, item_type: str) -> dict[str, str]:
        """The legal wording of ``item_type``: its own section over the default one."""
        types = self.item_types or shipped_item_types()
        return {**types[DEFAULT_ITEM_TYPE], **types.get(item_type.strip(), {})}

    @property
    def seal_path(self) -> Path | None:
        name = self.hall.get("seal_image", "").strip()
        return (self.base_dir / name) if name else None


def fill(text: str, values: dict[str, str]) -> str:
    """Substitute placeholders; the loader has already checked every name exists."""
    return text.format_map(values)


def _check_placeholders(
    where: str,
    text: str,
    extra: frozenset[str] = frozenset(),
    known: Mapping[str, str] | None = None,
) -> None:
    """Every {name} of ``text`` is one of ``known`` (default: the documents' placeholders)
    or of ``extra``."""
    known = _DOC_PLACEHOLDERS if known is None else known
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateError(
            f"模板项 {where} 的花括号不成对（{exc}）；要输出花括号本身请写 {{{{ 或 }}}}"
        ) from exc
    for _literal, field_name, spec, conversion in parsed:
        if field_name is None:
            continue
        if field_name not in known and field_name not in extra:
            names = "、".join(f"{{{k}}}" for k in (*known, *sorted(extra)))
            raise TemplateError(
                f"模板项 {where} 使用了未知的占位符 {{{field_name}}}；可用：{names}"
            )
        if spec or conversion:
            raise TemplateError(f"模板项 {where} 的占位符 {{{field_name}}} 不支持格式说明")


def _check_section(
    where: str,
    data: Any,
    keys: dict[str, tuple[str, bool]],
    extra: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise TemplateError(f"模板项 {where} 应为一个表（[{where}]）")
    for name in data:
        if name not in keys:
            raise TemplateError(
                f"模板项 {where}.{name} 是未知的键；{where} 可用的键：{'、'.join(keys)}"
            )
    out: dict[str, Any] = {}
    for name, (kind, required) in keys.items():
        path = f"{where}.{name}"
        if name in data:
            _check_value(path, kind, data[name], extra)
            out[name] = data[name]
        elif required:
            raise TemplateError(f"模板缺少必填项 {path}")
    return out


def _check_value(path: str, kind: str, value: Any, extra: frozenset[str]) -> None:
    if kind == _BOOL:
        if not isinstance(value, bool):
            raise TemplateError(f"模板项 {path} 应为 true 或 false")
    elif kind in (_TEXT, _PLAIN):
        if not isinstance(value, str):
            raise TemplateError(f"模板项 {path} 应为文字（用英文双引号括起）")
        if kind == _TEXT:
            _check_placeholders(path, value, extra)
    elif kind == _TEXT_LIST:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TemplateError(f'模板项 {path} 应为文字列表，如 ["第一段", "第二段"]')
        for i, v in enumerate(value):
            _check_placeholders(f"{path}[{i}]", v, extra)


_TOP_KEYS = ("hall", "remedies", "defaults", "documents")
_OPTIONAL_TOP_KEYS = ("department_phones", "item_types")


def _check_top(data: dict[str, Any]) -> None:
    known = {*_TOP_KEYS, *_OPTIONAL_TOP_KEYS}
    for name in data:
        if name not in known:
            raise TemplateError(f"模板项 {name} 是未知的键；顶层可用：{'、'.join(sorted(known))}")
    for name in _TOP_KEYS:
        if name not in data:
            raise TemplateError(f"模板缺少必填项 [{name}]")


def _department_phones(data: dict[str, Any]) -> dict[str, str]:
    phones = data.get("department_phones", {})
    if not isinstance(phones, dict) or not all(isinstance(v, str) for v in phones.values()):
        raise TemplateError('模板项 department_phones 应为一个表，如 HSGA = "0714-6270110"')
    return {str(k): v.strip() for k, v in phones.items()}


def _item_types(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """[item_types.<类型>] sections; a file without them (an older hall's) has none here and
    the shipped wording is used. The default section must give every wording."""
    if "item_types" not in data:
        return {}
    sections = data["item_types"]
    if not isinstance(sections, dict):
        raise TemplateError("模板项 item_types 应为一个表，如 [item_types.行政许可]")
    if DEFAULT_ITEM_TYPE not in sections:
        raise TemplateError("模板缺少必填项 [item_types.default]（未单列的事项类型使用）")
    out: dict[str, dict[str, str]] = {}
    for name, section in sections.items():
        where = f"item_types.{name}"
        if not isinstance(section, dict):
            raise TemplateError(f"模板项 {where} 应为一个表（[{where}]）")
        required = name == DEFAULT_ITEM_TYPE
        for key, value in section.items():
            if key not in ITEM_TYPE_WORDING:
                known = "、".join(ITEM_TYPE_WORDING)
                raise TemplateError(f"模板项 {where}.{key} 是未知的键；可用的键：{known}")
            if not isinstance(value, str):
                raise TemplateError(f"模板项 {where}.{key} 应为文字（用英文双引号括起）")
            _check_placeholders(f"{where}.{key}", value, known=PLACEHOLDERS)
        missing = [key for key in ITEM_TYPE_WORDING if key not in section]
        if required and missing:
            raise TemplateError(f"模板缺少必填项 {where}.{missing[0]}")
        out[str(name).strip()] = {str(k): str(v) for k, v in section.items()}
    return out


def _documents(docs_data: Any, defaults: dict[str, Any]) -> dict[str, DocTemplate]:
    """The required documents, then the optional (delivery) ones the file has."""
    if not isinstance(docs_data, dict):
        raise TemplateError("模板项 documents 应为一个表")
    for name in docs_data:
        if name not in _DOC_EXTRA and name not in _OPTIONAL_DOC_EXTRA:
            known = "、".join((*_DOC_EXTRA, *_OPTIONAL_DOC_EXTRA))
            raise TemplateError(f"模板项 documents.{name} 是未知的文书；可用：{known}")
    delivery = frozenset(DELIVERY_PLACEHOLDERS)
    department = frozenset(DEPARTMENT_PLACEHOLDERS)
    bundle = frozenset(BUNDLE_PLACEHOLDERS)
    wanted = [(key, extra, frozenset[str](), True) for key, extra in _DOC_EXTRA.items()]
    wanted += [
        (
            key,
            extra,
            department if key in _DEPARTMENT_DOCS else bundle if key == BUNDLE_DOC else delivery,
            False,
        )
        for key, extra in _OPTIONAL_DOC_EXTRA.items()
    ]
    documents: dict[str, DocTemplate] = {}
    for key, extra, placeholders, required in wanted:
        if key not in docs_data:
            if required:
                raise TemplateError(f"模板缺少必填项 [documents.{key}]")
            continue
        values = _check_section(
            f"documents.{key}", docs_data[key], {**_DOC_COMMON, **extra}, placeholders
        )
        documents[key] = DocTemplate(
            key=key,
            values=values,
            full_id=bool(values.get("full_id", defaults["full_id"])),
            full_mobile=bool(values.get("full_mobile", defaults["full_mobile"])),
        )
    return documents


def parse_templates(data: dict[str, Any], base_dir: Path) -> Templates:
    _check_top(data)
    phones = _department_phones(data)
    hall = _check_section("hall", data["hall"], _HALL_KEYS)
    remedies = _check_section("remedies", data["remedies"], _REMEDY_KEYS)
    defaults = _check_section("defaults", data["defaults"], _DEFAULT_KEYS)
    return Templates(
        base_dir=base_dir,
        hall=hall,
        remedies=remedies,
        documents=_documents(data["documents"], defaults),
        department_phones=phones,
        item_types=_item_types(data),
    )


@lru_cache(maxsize=16)
def _load_cached(path: str, _mtime_ns: int) -> Templates:
    file = Path(path)
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"模板文件 {file} 格式错误：{exc}") from exc
    except OSError as exc:
        raise TemplateError(f"无法读取模板文件 {file}：{exc}") from exc
    return parse_templates(data, file.parent)


def templates_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get(TEMPLATES_ENV_VAR, "").strip()
    return Path(env) if env else DEFAULT_TEMPLATES_DIR


def load_templates(directory: Path | None = None) -> Templates:
    """The templates of ``directory`` (default: resources/templates), re-read when edited."""
    file = templates_dir(directory) / TEMPLATE_FILE
    try:
        mtime = file.stat().st_mtime_ns
    except OSError as exc:
        raise TemplateError(f"找不到模板文件 {file}（{exc.strerror}）") from exc
    return _load_cached(str(file.resolve()), mtime)


def shipped_item_types() -> dict[str, dict[str, str]]:
    """The item types' wording of the shipped template file."""
    return load_templates(DEFAULT_TEMPLATES_DIR).item_types


def optional_doc(tpl: Templates, key: str) -> DocTemplate:
    """The hall's wording of an optional document (``_OPTIONAL_DOC_EXTRA``), or the shipped
    one when the hall's older file lacks the section."""
    found = tpl.documents.get(key)
    if found is not None:
        return found
    shipped = load_templates(DEFAULT_TEMPLATES_DIR).documents.get(key)
    if shipped is None:  # pragma: no cover - the shipped file has every section
        raise TemplateError(f"模板缺少 [documents.{key}]")
    return shipped

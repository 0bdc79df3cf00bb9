"""Pydantic validation errors in the clerk's language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不允许的字段",
    "string_too_long": "内容过长",
    "string_too_short": "不能为空",
    "too_long": "条目过多",
    "too_short": "条目不足",
    "string_pattern_mismatch": "格式不正确",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为true或false",
    "bool_parsing": "应为true或false",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "json_invalid": "不是合法的JSON",
    "json_type": "不是合法的JSON",
    "date_from_datetime_parsing": "日期格式不正确（应为YYYY-MM-DD）",
    "date_parsing": "日期格式不正确（应为YYYY-MM-DD）",
    "date_type": "日期格式不正确（应为YYYY-MM-DD）",
    "datetime_parsing": "时间格式不正确（应为ISO 8601）",
    "datetime_from_date_parsing": "时间格式不正确（应为ISO 8601）",
    "datetime_type": "时间格式不正确（应为ISO 8601）",
    "union_tag_invalid": "未知的记录类型",
    "union_tag_not_found": "缺少记录类型kind",
    "value_error": "取值不合法",
    "set_item_not_hashable": "取值不合法",
    "unique_items": "有重复项",
}


def error_message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    message = _MESSAGES.get(kind, "取值不合法")
    if kind == "value_error":
        # Our own validators raise ValueError with a Chinese message: keep it.
        text = str(error.get("msg", ""))
        return text.removeprefix("Value error, ") or message
    ctx = error.get("ctx") or {}
    if kind == "string_too_long" and "max_length" in ctx:
        return f"内容过长（最多{ctx['max_length']}字）"
    if kind == "too_long" and "max_length" in ctx:
        return f"条目过多（最多{ctx['max_length']}项）"
    if kind in ("greater_than_equal", "less_than_equal") and ctx:
        limit = ctx.get("ge", ctx.get("le"))
        return f"{message}（界限{limit}）"
    return message


def field_path(loc: Iterable[Any]) -> str:
    """``("materials", 2, "form")`` → ``materials[2].form``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def describe(errors: Iterable[Mapping[str, Any]], *, skip_prefix: int = 0) -> list[tuple[str, str]]:
    """(field, message) pairs for a list of pydantic errors."""
    return [(field_path(list(e.get("loc", ()))[skip_prefix:]), error_message(e)) for e in errors]

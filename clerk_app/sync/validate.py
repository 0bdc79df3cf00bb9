"""The check of an item record of the catalog snapshot, by the wire contract.

The download only needs to know that a record is sound (that ``Item.from_dict`` will accept it
when the clerk opens the item) and which field is at fault when it is not. The contract's
``ItemRecord`` says what sound is, for the server's import and the counter's download alike;
read straight from the line's bytes (``model_validate_json``) it costs what ``json.loads``
alone did. A property test feeds it and ``Item.from_dict`` the same mangled records.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from clerk_app.contract.catalog import ItemFields

Problem = tuple[str, str]  # (field, message)

_MESSAGES = {
    "missing": "缺少",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "string_pattern_mismatch": "格式无效",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "model_type": "应为对象",
    "dict_type": "应为对象",
    "too_short": "不能为空列表",
    "too_long": "条目过多",
    "greater_than_equal": "取值过小",
    "less_than_equal": "取值过大",
    "extra_forbidden": "不是本格式的字段",
}


def field_path(loc: tuple[int | str, ...]) -> str:
    """``('materials', 0, 'name')`` → ``materials[1].name`` (lines counted from 1, as people do)."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        else:
            path += f".{part}" if path else part
    return path


def _message(error: ErrorDetails) -> str:
    if error["type"] in ("enum", "literal_error"):
        return f"取值 {error['input']!r} 无效"
    return _MESSAGES.get(error["type"], error["msg"])


def problem_of(exc: ValidationError) -> Problem:
    """The first field the contract refuses, and why, in the clerk's words."""
    errors = exc.errors(include_url=False)
    if not errors:  # pragma: no cover - pydantic always names one
        return "", "记录无效"
    first = errors[0]
    # A list of enums (delivery_modes) is named as the list, not its n-th entry.
    loc = tuple(first["loc"])
    if len(loc) == 2 and isinstance(loc[1], int) and first["type"] in ("enum", "literal_error"):
        loc = loc[:1]
    return field_path(loc), _message(first)


def item_record_problem(data: dict[str, Any]) -> Problem | None:
    """``(field, message)`` of the first problem of an ``Item.to_dict()``-shaped record."""
    try:
        ItemFields.model_validate(data)
    except ValidationError as exc:
        return problem_of(exc)
    return None

"""Numbers made without the network: the hall's code, a place (a window or a help desk), the
day and the place's sequence that day, e.g. ``HS01-05-20261123-0007`` (a case) or
``YS-HS01-02-20261123-0003`` (a pre-check). Two places never share a number, so counter PCs
offline for days still make unique ones."""

from __future__ import annotations

import re
from datetime import date, datetime

_HALL = r"[0-9A-Z]{2,8}"


def daily_number_pattern(prefix: str = "", place: str = r"\d{2}") -> re.Pattern[str]:
    """What a number with ``prefix`` in front looks like (upper case); ``place`` is the
    pattern of its place (two digits: a window)."""
    parts = rf"(?P<hall>{_HALL})-(?P<place>{place})-(?P<day>\d{{8}})-(?P<seq>\d{{4,}})"
    return re.compile(rf"^{re.escape(prefix)}{parts}$")


def make_daily_number(
    hall_code: str, place_no: int, day: date, sequence: int, *, place: str, prefix: str = ""
) -> str:
    """``prefix`` + hall-place-day-sequence; ``place`` names the place in the error
    ("窗口号", "帮办台号")."""
    if not 0 < place_no < 100:
        raise ValueError(f"{place}不合法：{place_no}")
    return make_daily_number_at(hall_code, f"{place_no:02d}", day, sequence, prefix=prefix)


def make_daily_number_at(
    hall_code: str, place: str, day: date, sequence: int, *, prefix: str = ""
) -> str:
    """``prefix`` + hall-place-day-sequence with ``place`` already written (checked by the
    caller)."""
    hall = hall_code.upper()
    if not re.fullmatch(_HALL, hall):
        raise ValueError(f"大厅编码不合法：{hall_code!r}")
    if sequence < 1:
        raise ValueError("流水号从 1 开始")
    return f"{prefix}{hall}-{place}-{day:%Y%m%d}-{sequence:04d}"


def parse_daily_number(pattern: re.Pattern[str], text: str) -> tuple[str, int, date, int] | None:
    """(hall, place, day, sequence) of a number of ``pattern``; None if it is not one."""
    parsed = parse_daily_number_at(pattern, text)
    return None if parsed is None else (parsed[0], int(parsed[1]), parsed[2], parsed[3])


def parse_daily_number_at(pattern: re.Pattern[str], text: str) -> tuple[str, str, date, int] | None:
    """(hall, place as written, day, sequence) of a number of ``pattern``; None if not one."""
    m = pattern.match(text.strip().upper())
    if not m:
        return None
    try:
        day = datetime.strptime(m["day"], "%Y%m%d").date()
    except ValueError:
        return None
    return m["hall"], m["place"], day, int(m["seq"])

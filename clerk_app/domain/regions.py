"""Administrative division codes (GB/T 2260) through their whole history, for the birth-place
code of a resident ID number.

The data is python-stdnum's ``cn/loc`` table (``stdnum/cn/loc.dat``): every county-level code
from 1980 on with the years it was in use (``[1994-]大冶市``, ``[-2010]崇文区``), compiled by
stdnum from the Ministry of Civil Affairs' published code lists (via the Chinese Wikipedia
tables of 中华人民共和国行政区划代码). It is updated with stdnum releases; nothing is typed here.

The code of an ID number records where the number was first issued, which may be years after
the holder's birth: a county created or renamed later (大冶市 1994, 通州区 1997) is still a
real code for someone born in 1960. Only a code that never existed in any year deserves a word.
"""

from __future__ import annotations

import re
from functools import cache

from stdnum import numdb

_YEARS_RE = re.compile(r"^\[(\d{4})?-(\d{4})?\](.*)$")


@cache
def _table() -> numdb.NumDB:
    return numdb.get("cn/loc")


def _names(code: str) -> tuple[str, str]:
    """The province entry and the county entry (``[years]name`` list) for a 6-digit code."""
    if not re.fullmatch(r"[0-9]{6}", code):
        return "", ""
    parts = _table().info(code)
    province = parts[0][1].get("province", "") if parts else ""
    county = parts[1][1].get("county", "") if len(parts) > 1 else ""
    return province, county


def region_ever_existed(code: str) -> bool:
    """The code names a province, prefecture or county in some year of the code history."""
    return bool(_names(code)[1])


def province_exists(code2: str) -> bool:
    """A 2-digit province-level code (11 北京 … 65 新疆, 71, 81, 82)."""
    return bool(re.fullmatch(r"[0-9]{2}", code2)) and bool(_names(code2 + "0000")[0])


def region_name(code: str, year: int | None = None) -> str:
    """The county's name in ``year`` (or its latest name), with the province in front;
    empty for a code that never existed."""
    province, county = _names(code)
    if not county:
        return ""
    spans: list[tuple[int, int, str]] = []
    for entry in county.split(","):
        match = _YEARS_RE.match(entry)
        if match is None:
            spans.append((0, 9999, entry))
        else:
            start, end, name = match.groups()
            spans.append((int(start or 0), int(end or 9999), name))
    in_year = [name for start, end, name in spans if year is not None and start <= year <= end]
    name = in_year[0] if in_year else max(spans)[2]
    return name if name == province else f"{province}{name}"

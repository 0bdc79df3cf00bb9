"""Nationalities (ISO 3166-1) with their Chinese names, from ``pycountry`` (the ISO list and
the Debian iso-codes translations it ships).

A passport's nationality is kept as the ISO alpha-3 code that its machine-readable zone
prints (``USA``); the 2023 外国人永久居留身份证 carries the ISO numeric code in its number.
Hong Kong, Macao and Taiwan are not nationalities: their residents hold Chinese nationality
and come with their own permits.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry

_NOT_NATIONALITIES = frozenset({"HKG", "MAC", "TWN"})
# Names said differently at a Chinese counter than in the iso-codes translation.
_COUNTER_NAMES = {"KOR": "韩国", "PRK": "朝鲜", "CHN": "中国"}


@dataclass(frozen=True, slots=True)
class Country:
    alpha3: str
    numeric: str
    name_zh: str
    name_en: str


@cache
def _zh() -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True
    )


@cache
def nationalities() -> tuple[Country, ...]:
    """Every nationality a passport may carry, by alpha-3 code (the UI sorts for display)."""
    zh = _zh()
    found: list[Country] = []
    for entry in pycountry.countries:
        alpha3 = str(entry.alpha_3)
        if alpha3 in _NOT_NATIONALITIES:
            continue
        name_en = str(getattr(entry, "common_name", None) or entry.name)
        name_zh = _COUNTER_NAMES.get(alpha3) or zh.gettext(str(entry.name))
        found.append(Country(alpha3, str(entry.numeric), name_zh, name_en))
    return tuple(sorted(found, key=lambda c: c.alpha3))


@cache
def _by_alpha3() -> dict[str, Country]:
    return {c.alpha3: c for c in nationalities()}


@cache
def _by_numeric() -> dict[str, Country]:
    return {c.numeric: c for c in nationalities()}


def country(alpha3: str) -> Country | None:
    return _by_alpha3().get(alpha3.strip().upper())


def country_by_numeric(numeric: str) -> Country | None:
    """The nationality coded in a 2023 永居证 number (digits 4 to 6)."""
    return _by_numeric().get(numeric)


def is_nationality(alpha3: str) -> bool:
    return country(alpha3) is not None


def nationality_name(alpha3: str) -> str:
    """The Chinese name of a nationality code; an unknown code is shown as it is."""
    found = country(alpha3)
    return found.name_zh if found else alpha3

"""Identity documents: resident ID (GB 11643), unified social credit code (GB 32100), Hong
Kong/Macao/Taiwan permits, the foreigner's permanent residence ID and passports.

Rule of the hall: never refuse a real person's valid document. We refuse only what is certainly
wrong (a bad checksum, an impossible date, a malformed string). python-stdnum's resident-ID
``get_birth_place`` also refuses a birth-place code that was not in use in the holder's birth
year; but the code records where the number was issued, often years later (a county created or
renamed after the birth), so only a code that never existed in any year is worth a warning
(``regions.region_ever_existed``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric, uscc

from clerk_app.domain.cases import IdKind
from clerk_app.domain.countries import country, country_by_numeric
from clerk_app.domain.hall_time import hall_today
from clerk_app.domain.regions import province_exists, region_ever_existed

# 港澳居民来往内地通行证 (回乡证): H or M + 8 digits (+ 2-digit renewal count on older cards)
_HK_MACAO_RE = re.compile(r"^[HM][0-9]{8}([0-9]{2})?$")
# 台湾居民来往大陆通行证 (台胞证): 8 digits (current cards), older ones 10 digits + letter
_TAIWAN_RE = re.compile(r"^([0-9]{8}|[0-9]{10}[A-Z]?)$")
# Passports differ by country: letters and digits, 5 to 17 characters.
_PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,17}$")
# 港澳台居民居住证: 18 characters with the resident-ID checksum, region 810000/820000/830000.
_HMT_RESIDENCE_PREFIXES = ("810000", "820000", "830000")
# 外国人永久居留身份证 (2023): 9, issuing province (2), nationality ISO numeric (3), birth date
# (8), sequence (3), GB 11643 check character. The 2004/2017 cards, still valid until they
# expire: ISO alpha-3 nationality and 12 digits.
_FOREIGN_PR_2023_RE = re.compile(r"^9[0-9]{16}[0-9X]$")
_FOREIGN_PR_OLD_RE = re.compile(r"^[A-Z]{3}[0-9]{12}$")
FIRST_GENERATION_ID_ERROR = (
    "15位第一代居民身份证已于2013年1月1日停止使用。请出示第二代居民身份证、临时居民身份证，"
    "或户口簿及公安机关出具的身份证明"
)
REGION_NEVER_EXISTED = "地区码在历年行政区划代码中均不存在，请核对证件后继续"


@dataclass(frozen=True, slots=True)
class IdCheck:
    """The verdict on a document number: ``ok`` False means ask again (``error`` says why);
    ``warnings`` never block the clerk."""

    ok: bool
    normalized: str
    error: str = ""
    warnings: tuple[str, ...] = field(default=())
    # The kind the number shows it is, when another than the one chosen (a 9… number typed
    # as 居民身份证): the counter switches to it.
    suggested_kind: IdKind | None = None


_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # ０-９ Ａ-Ｚ … → ASCII


def normalize(number: str) -> str:
    """Strip spaces and dashes, turn full-width characters (a Chinese IME in full-width mode)
    into ASCII and upper-case, so the same document always has the same stored form."""
    return re.sub(r"[\s\-\u3000]", "", number.translate(_FULL_WIDTH)).upper()


def _resident_id_error(number: str, today: date | None = None) -> str:
    if len(number) == 15 and number.isascii() and number.isdigit():
        return FIRST_GENERATION_ID_ERROR
    if len(number) != 18:
        return f"身份证号码应为18位，现在是{len(number)}位"
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):  # ASCII only: str.isdigit takes '²'
        return "身份证号码前17位应为数字，最后一位为数字或X"
    if ric.calc_check_digit(number) != number[17]:
        return "身份证号码校验位不正确，请核对后重新输入"
    try:
        born = ric.get_birth_date(number)
    except stdnum_exceptions.ValidationError:
        return "身份证号码中的出生日期不存在，请核对后重新输入"
    today = today or hall_today()
    if born > today:
        return "身份证号码中的出生日期晚于今天，请核对后重新输入"
    if born.year < 1850:
        return "身份证号码中的出生日期不合理，请核对后重新输入"
    return ""


def is_valid_resident_id(s: str) -> bool:
    """GB 11643: 17 digits + check character over weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
    and a birth date that exists and is not in the future; not a 9… number (a foreigner's
    permanent residence ID has the same form). The birth place is not checked."""
    n = normalize(s)
    return detect_kind(n) is not IdKind.FOREIGN_PERMANENT_RESIDENT and not _resident_id_error(n)


# GB 32100: registration authority and organisation type (letters allowed: N 农业农村, Y 其他),
# six digits of administrative division, nine of the organisation code, one check character.
_USCC_RE = re.compile(r"^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$")


def is_valid_uscc(s: str) -> bool:
    """GB 32100: 18 characters of 0-9 and A-Y without I O S V Z, weighted mod-31 check.

    stdnum's ``validate`` wants the first eight characters to be digits, which refuses real
    codes whose authority is a letter (N…, Y…), so only its check-character routine is used.
    """
    n = normalize(s)
    return bool(_USCC_RE.match(n)) and uscc.calc_check_digit(n) == n[17]


def check_document(kind: IdKind, number: str, today: date | None = None) -> IdCheck:
    """Validate a document number of the given kind for the counter. A number refused under
    ``kind`` that is a valid number of the kind its form shows gets that ``suggested_kind``."""
    n = normalize(number)
    if not n:
        return IdCheck(False, n, "请输入证件号码")
    result = _check_as(kind, n, today)
    shown = detect_kind(n)
    if result.ok or result.suggested_kind is not None or shown in (None, kind):
        return result
    assert shown is not None
    if _check_as(shown, n, today).ok:
        return replace(result, suggested_kind=shown)
    return result


def _check_as(kind: IdKind, n: str, today: date | None) -> IdCheck:
    if kind in _PATTERN_RULES:
        pattern, error = _PATTERN_RULES[kind]
        return IdCheck(True, n) if pattern.match(n) else IdCheck(False, n, error)
    return _CHECKS[kind](n, today)


def detect_kind(number: str) -> IdKind | None:
    """The document kind a number's shape shows for certain, if any (a person's document)."""
    n = normalize(number)
    if _FOREIGN_PR_2023_RE.match(n) or _FOREIGN_PR_OLD_RE.match(n):
        return IdKind.FOREIGN_PERMANENT_RESIDENT
    if re.fullmatch(r"[1-8][0-9]{16}[0-9X]|[1-8][0-9]{14}", n):
        return IdKind.RESIDENT_ID
    if _HK_MACAO_RE.match(n):
        return IdKind.HK_MACAO_PERMIT
    return None


def _check_resident_id(n: str, today: date | None) -> IdCheck:
    foreign = detect_kind(n) is IdKind.FOREIGN_PERMANENT_RESIDENT
    if foreign and _check_foreign_pr(n, today).ok:  # a mistyped first digit is a typo only
        error = "这是外国人永久居留身份证号码（居民身份证号码不以9或字母开头），请选择对应证件类型"
        return IdCheck(False, n, error, suggested_kind=IdKind.FOREIGN_PERMANENT_RESIDENT)
    error = _resident_id_error(n, today)
    if error:
        return IdCheck(False, n, error)
    warnings: list[str] = []
    if not region_ever_existed(n[:6]):
        warnings.append(REGION_NEVER_EXISTED)
    if n.startswith(_HMT_RESIDENCE_PREFIXES):
        warnings.append("这是港澳台居民居住证号码")
    return IdCheck(True, n, warnings=tuple(warnings))


def _check_hmt_residence(n: str, today: date | None) -> IdCheck:
    error = _resident_id_error(n, today)
    if error == FIRST_GENERATION_ID_ERROR:
        return IdCheck(False, n, error, suggested_kind=IdKind.RESIDENT_ID)
    if error:
        return IdCheck(False, n, error.replace("身份证", "居住证"))
    if not n.startswith(_HMT_RESIDENCE_PREFIXES):
        hint = "港澳台居民居住证号码通常以810000/820000/830000开头"
        return IdCheck(True, n, warnings=(hint,))
    return IdCheck(True, n)


def _check_foreign_pr(n: str, today: date | None) -> IdCheck:
    if _FOREIGN_PR_OLD_RE.match(n):  # 2004/2017 card: only its shape and nationality are known
        if country(n[:3]) is None:
            return IdCheck(True, n, warnings=(f"国籍代码{n[:3]}不在国家和地区代码表中，请核对",))
        return IdCheck(True, n)
    if len(n) != 18 and len(n) != 15:
        return IdCheck(False, n, f"外国人永久居留身份证号码应为18位（旧版15位），现在是{len(n)}位")
    if not _FOREIGN_PR_2023_RE.match(n):
        return IdCheck(
            False, n, "外国人永久居留身份证号码应以9开头、共18位（旧版为3个字母加12位数字）"
        )
    error = _resident_id_error(n, today)
    if error:
        return IdCheck(False, n, error.replace("身份证号码", "永久居留身份证号码"))
    warnings: list[str] = []
    if not province_exists(n[1:3]):
        warnings.append(f"受理地代码{n[1:3]}不是省级行政区划代码，请核对")
    if country_by_numeric(n[3:6]) is None:
        warnings.append(f"国籍代码{n[3:6]}不在国家和地区代码表中，请核对")
    return IdCheck(True, n, warnings=tuple(warnings))


def foreign_pr_nationality(number: str) -> str:
    """The ISO alpha-3 nationality a permanent residence ID number carries, or empty."""
    n = normalize(number)
    if _FOREIGN_PR_OLD_RE.match(n):
        found = country(n[:3])
    elif _FOREIGN_PR_2023_RE.match(n):
        found = country_by_numeric(n[3:6])
    else:
        found = None
    return found.alpha3 if found else ""


def _check_uscc(n: str, _today: date | None) -> IdCheck:
    if len(n) != 18:
        return IdCheck(False, n, f"统一社会信用代码应为18位，现在是{len(n)}位")
    if not re.fullmatch(r"[0-9A-HJ-NP-RTUW-Y]{18}", n):
        return IdCheck(False, n, "统一社会信用代码含有不允许的字符（不使用I、O、S、V、Z）")
    if not _USCC_RE.match(n):
        return IdCheck(False, n, "统一社会信用代码第3至8位应为行政区划代码（数字）")
    if not is_valid_uscc(n):
        return IdCheck(False, n, "统一社会信用代码校验位不正确，请核对后重新输入")
    return IdCheck(True, n)


_CHECKS: dict[IdKind, Callable[[str, date | None], IdCheck]] = {
    IdKind.RESIDENT_ID: _check_resident_id,
    IdKind.HMT_RESIDENCE: _check_hmt_residence,
    IdKind.FOREIGN_PERMANENT_RESIDENT: _check_foreign_pr,
    IdKind.USCC: _check_uscc,
}
# Documents checked by their shape alone: the pattern, and the error when it does not match.
_PATTERN_RULES: dict[IdKind, tuple[re.Pattern[str], str]] = {
    IdKind.HK_MACAO_PERMIT: (_HK_MACAO_RE, "港澳居民来往内地通行证号码应为H或M加8位数字"),
    IdKind.TAIWAN_PERMIT: (_TAIWAN_RE, "台湾居民来往大陆通行证号码应为8位数字"),
    IdKind.PASSPORT: (_PASSPORT_RE, "护照号码应为5至17位字母或数字"),
}


def mask_id(number: str) -> str:
    """Mask an ID for printouts and logs: keep the first 4 and last 4 characters
    (4228**********1234); short numbers keep their first and last character only."""
    n = normalize(number)
    if len(n) >= 10:
        return n[:4] + "*" * (len(n) - 8) + n[-4:]
    if len(n) > 2:
        return n[0] + "*" * (len(n) - 2) + n[-1]
    return "*" * len(n)

"""Contact telephone numbers: a mainland mobile, a landline with its area code, or a number
abroad, checked with Google's libphonenumber rules (the ``phonenumbers`` package).

Stored in E.164 (``+8613800138000``, ``+867146221234``, ``+85291234567``) so one number has one
form whatever way it was typed (``0714-6221234``, ``008613800138000``); shown in the national
format for mainland numbers (``0714 622 1234``) and the international one for others. Records
kept before E.164 hold bare mainland digits (``13800138000``): every function here reads both.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat

from clerk_app.domain.identifiers import normalize

HOME_REGION = "CN"  # a number typed without a country code is a mainland one
MAINLAND_CODE = 86


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    """``ok`` False: ask again (``error`` says why, the typed text stays). ``e164`` is the
    stored form, empty when nothing was typed."""

    ok: bool
    e164: str = ""
    error: str = ""


def _parse(text: str) -> PhoneNumber | None:
    # normalize: full-width digits from a Chinese IME, spaces and dashes
    typed = normalize(text).replace("(", "").replace(")", "").replace("（", "").replace("）", "")
    if not typed:
        return None
    try:
        return phonenumbers.parse(typed, HOME_REGION)
    except NumberParseException:
        return None


def _why_invalid(text: str, number: PhoneNumber | None) -> str:
    digits = "".join(ch for ch in normalize(text) if ch.isascii() and ch.isdigit())
    if number is None or not digits:
        return "电话号码无法识别：请输入手机号码、带区号的固定电话，或以+开头的境外号码"
    code = number.country_code or 0
    if code != MAINLAND_CODE:
        region = phonenumbers.region_code_for_country_code(code)
        if region == phonenumbers.UNKNOWN_REGION:
            return f"国际区号+{code}不存在，请核对"
        return f"+{code}（{region}）没有这样的号码，请核对位数"
    national = str(number.national_number)
    if national.startswith("1") and not national.startswith("10"):  # 010 is Beijing's code
        return "手机号码应为11位，以13-19开头，请核对"
    if len(national) <= 8:
        return "固定电话请加区号，如0714-6221234"
    return "电话号码位数或区号不正确，请核对"


def check_phone(text: str) -> PhoneCheck:
    """A typed contact number: valid (stored as E.164) or why not. Empty text is ``ok`` with
    an empty number: whether one is needed is the contact rule's question, not this one."""
    if not text.strip():
        return PhoneCheck(True)
    number = _parse(text)
    if number is None or not phonenumbers.is_valid_number(number):
        return PhoneCheck(False, error=_why_invalid(text, number))
    return PhoneCheck(True, phonenumbers.format_number(number, PhoneNumberFormat.E164))


def is_valid_phone(text: str) -> bool:
    return bool(text.strip()) and check_phone(text).ok


def to_e164(text: str) -> str:
    """The stored form of a valid number; text that is not one is returned stripped (old
    records are shown as they were kept rather than lost)."""
    result = check_phone(text)
    return result.e164 if result.ok and result.e164 else text.strip()


def format_phone(stored: str) -> str:
    """How a stored number is shown: ``138 0013 8000``, ``0714 622 1234``, ``+852 9123 4567``."""
    number = _parse(stored)
    if number is None or not phonenumbers.is_valid_number(number):
        return stored.strip()
    style = (
        PhoneNumberFormat.NATIONAL
        if number.country_code == MAINLAND_CODE
        else PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def is_mainland_mobile(stored: str) -> bool:
    """A number that can receive the hall's text messages."""
    number = _parse(stored)
    return (
        number is not None
        and number.country_code == MAINLAND_CODE
        and phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    )


def _mask_digits(digits: str) -> str:
    """As many characters as digits; at most 7 of 11 or more, 4 of 8 to 10 show."""
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    shown = 4 if len(digits) >= 8 else min(2, len(digits) // 3)
    return "*" * (len(digits) - shown) + digits[len(digits) - shown :]


def mask_phone(stored: str) -> str:
    """A number on a printout or in a log: ``138****8000``, ``071****1234`` (a landline read
    with its trunk 0), ``+852 ****4567`` (a country code other than +86 stays in front)."""
    number = _parse(stored)
    if number is None:
        return _mask_digits("".join(ch for ch in stored if ch.isascii() and ch.isdigit()))
    national = phonenumbers.national_significant_number(number)
    if number.country_code == MAINLAND_CODE:
        if not national.startswith("1"):
            national = "0" + national
        return _mask_digits(national)
    return f"+{number.country_code} {_mask_digits(national)}"

"""Identity documents (clerk_app.domain.identifiers), tested against the standards themselves:
the check characters are computed here from GB 11643 and GB 32100, not taken from stdnum."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from clerk_app.domain.cases import IdKind
from clerk_app.domain.identifiers import (
    check_document,
    is_valid_mobile,
    is_valid_resident_id,
    is_valid_uscc,
    mask_id,
    mask_mobile,
    normalize,
)

# ------------------------------------------------------------------ GB 11643 (resident ID)

RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RIC_CHECK = "10X98765432"


def ric_check_char(first17: str) -> str:
    return RIC_CHECK[sum(int(c) * w for c, w in zip(first17, RIC_WEIGHTS, strict=True)) % 11]


def make_ric(region: str, born: date, seq: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + ric_check_char(first17)


TODAY = date.today()
regions = st.integers(min_value=100000, max_value=999999).map(str)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


# Province prefixes that do not exist: stdnum's region table knows nothing of them.
UNKNOWN_PROVINCES = [p for p in range(100) if p not in {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
}]  # fmt: skip
# Real county codes (黄石 districts and counties, a few elsewhere).
REAL_REGIONS = ["420202", "420203", "420204", "420205", "420222", "420281", "110105", "310115"]
# Regions stdnum knows, and provinces it does not (accepted with a region warning).
safe_regions = st.sampled_from(REAL_REGIONS) | st.builds(
    lambda p, rest: f"{p:02d}{rest:04d}",
    st.sampled_from(UNKNOWN_PROVINCES),
    st.integers(0, 9999),
)


@st.composite
def resident_ids(draw: st.DrawFn, region: st.SearchStrategy[str] = regions) -> str:
    return make_ric(draw(region), draw(birth_dates), draw(sequences))


def test_check_char_matches_published_example() -> None:
    # the GB 11643 example number
    assert ric_check_char("11010519491231002") == "X"
    assert is_valid_resident_id("11010519491231002X")


@given(resident_ids())
def test_generated_resident_ids_pass_is_valid(number: str) -> None:
    assert is_valid_resident_id(number)
    assert normalize(number) == number


@given(resident_ids(safe_regions))
def test_generated_resident_ids_are_valid(number: str) -> None:
    assert is_valid_resident_id(number)
    result = check_document(IdKind.RESIDENT_ID, number)
    assert result.ok, result.error
    assert result.normalized == number
    assert result.error == ""


@given(st.sampled_from(["999999", "000000", "990101", "203456", "910101"]), birth_dates, sequences)
def test_region_unknown_to_stdnum_is_accepted_with_a_warning(
    region: str, born: date, seq: int
) -> None:
    number = make_ric(region, born, seq)
    result = check_document(IdKind.RESIDENT_ID, number)
    assert result.ok, result.error
    assert any("地区码" in w for w in result.warnings)


@given(resident_ids())
@example("110001200001010007")
@example(make_ric("420299", date(2015, 3, 1), 12))
def test_any_region_is_accepted_without_crash(number: str) -> None:
    result = check_document(IdKind.RESIDENT_ID, number)
    assert result.ok, result.error


def test_known_region_has_no_region_warning() -> None:
    result = check_document(IdKind.RESIDENT_ID, make_ric("420202", date(1990, 5, 17), 123))
    assert result.ok
    assert not any("地区码" in w for w in result.warnings)


@given(resident_ids(), st.integers(min_value=0, max_value=16), st.integers(1, 9))
def test_any_single_digit_change_is_refused(number: str, pos: int, delta: int) -> None:
    changed_digit = str((int(number[pos]) + delta) % 10)
    mutated = number[:pos] + changed_digit + number[pos + 1 :]
    assert not is_valid_resident_id(mutated)
    result = check_document(IdKind.RESIDENT_ID, mutated)
    assert not result.ok
    assert "校验" in result.error  # the checksum is checked before the date


@given(resident_ids(), st.sampled_from("0123456789X"))
def test_changed_check_character_is_refused(number: str, check: str) -> None:
    assume(check != number[17])
    assert not check_document(IdKind.RESIDENT_ID, number[:17] + check).ok


@st.composite
def resident_ids_ending_in_x(draw: st.DrawFn) -> str:
    region, born, start = draw(safe_regions), draw(birth_dates), draw(sequences)
    for offset in range(1000):  # some sequence number always gives the check character X
        number = make_ric(region, born, (start + offset) % 1000)
        if number.endswith("X"):
            return number
    raise AssertionError("unreachable")


@given(resident_ids_ending_in_x())
def test_lower_case_x_is_accepted(number: str) -> None:
    result = check_document(IdKind.RESIDENT_ID, number.lower())
    assert result.ok
    assert result.normalized == number
    assert is_valid_resident_id(number[:17] + "x")


def test_spaces_and_dashes_are_ignored() -> None:
    number = make_ric("420202", date(1988, 2, 29), 7)
    spaced = f"{number[:6]} {number[6:14]}-{number[14:]}"
    result = check_document(IdKind.RESIDENT_ID, spaced)
    assert result.ok and result.normalized == number


def ric_with_raw_date(region: str, yyyymmdd: str, seq: int) -> str:
    first17 = f"{region}{yyyymmdd}{seq:03d}"
    return first17 + ric_check_char(first17)


@given(
    st.integers(1900, 2025),
    st.sampled_from(["0230", "0231", "1301", "0001", "0100", "0431", "0631", "1232", "0000"]),
    sequences,
)
@example(2023, "0229", 5)  # not a leap year
def test_impossible_birth_date_is_refused(year: int, mmdd: str, seq: int) -> None:
    number = ric_with_raw_date("420202", f"{year}{mmdd}", seq)
    assert not is_valid_resident_id(number)
    result = check_document(IdKind.RESIDENT_ID, number)
    assert not result.ok
    assert "出生日期" in result.error


@given(st.integers(min_value=1, max_value=3000), sequences)
def test_future_birth_date_is_refused(days_ahead: int, seq: int) -> None:
    born = TODAY + timedelta(days=days_ahead)
    assume(born.year < 10000)
    number = make_ric("420202", born, seq)
    assert not is_valid_resident_id(number)
    result = check_document(IdKind.RESIDENT_ID, number, today=TODAY)
    assert not result.ok
    assert "出生日期" in result.error


def test_check_document_uses_the_given_today() -> None:
    number = make_ric("420202", date(2026, 11, 23), 1)
    assert check_document(IdKind.RESIDENT_ID, number, today=date(2026, 11, 23)).ok
    refused = check_document(IdKind.RESIDENT_ID, number, today=date(2026, 11, 22))
    assert not refused.ok and "出生日期" in refused.error


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("", "请输入"),
        ("4202021990051712", "18位"),
        ("4202021990051712345", "18位"),
        ("42020219900517A23X", "数字"),
        ("42020219900517123Y", "数字"),
    ],
)
def test_malformed_resident_ids_are_refused(number: str, fragment: str) -> None:
    result = check_document(IdKind.RESIDENT_ID, number)
    assert not result.ok
    assert fragment in result.error


# What a keyboard produces at the counter: ASCII, full-width forms from a Chinese IME, CJK.
typed_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)
    | st.sampled_from("０１２３４５６７８９Ｘｘ－　中国号码"),
    max_size=30,
)


@given(typed_text)
def test_check_document_never_crashes_on_typed_text(text: str) -> None:
    for kind in IdKind:
        result = check_document(kind, text)
        assert result.ok or result.error


def test_superscript_digits_do_not_crash() -> None:
    result = check_document(IdKind.RESIDENT_ID, "²" * 17 + "1")
    assert not result.ok


def test_full_width_digits_are_normalised_to_ascii() -> None:
    ascii_number = "11010519491231002X"
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in ascii_number)
    result = check_document(IdKind.RESIDENT_ID, full_width)
    assert result.ok
    assert result.normalized == ascii_number


# ---------------------------------------------------------------- HMT residence permits


@given(st.sampled_from(["810000", "820000", "830000"]), birth_dates, sequences)
def test_hmt_residence_permit(region: str, born: date, seq: int) -> None:
    number = make_ric(region, born, seq)
    result = check_document(IdKind.HMT_RESIDENCE, number)
    assert result.ok and not result.warnings
    # the same number read as a resident ID card is fine too, with a hint
    as_ric = check_document(IdKind.RESIDENT_ID, number)
    assert as_ric.ok and any("居住证" in w for w in as_ric.warnings)


@given(resident_ids(safe_regions))
def test_hmt_residence_with_other_prefix_only_warns(number: str) -> None:
    assume(not number.startswith(("810000", "820000", "830000")))
    result = check_document(IdKind.HMT_RESIDENCE, number)
    assert result.ok and result.warnings


def test_hmt_residence_bad_checksum_says_residence_permit() -> None:
    number = make_ric("810000", date(1990, 1, 1), 1)
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    result = check_document(IdKind.HMT_RESIDENCE, bad)
    assert not result.ok and "居住证" in result.error and "身份证" not in result.error


# ------------------------------------------------------------------ GB 32100 (USCC)

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


# Registration authorities (1 机构编制, 5 民政, 9 市场监管, N 农业农村, Y 其他 ...).
authorities = st.sampled_from("123456789ANY")
uscc_bodies = st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9)


@st.composite
def usccs(draw: st.DrawFn) -> str:
    first17 = (
        draw(authorities)
        + draw(st.sampled_from("123459"))  # entity type
        + draw(regions)  # administrative division
        + draw(uscc_bodies)  # organisation code
    )
    return first17 + uscc_check_char(first17)


def test_uscc_check_char_matches_a_real_code() -> None:
    assert uscc_check_char("91110000600037341") == "L"


@given(usccs())
def test_generated_usccs_are_valid(number: str) -> None:
    assert is_valid_uscc(number)
    result = check_document(IdKind.USCC, number)
    assert result.ok, result.error
    assert check_document(IdKind.USCC, number.lower()).normalized == number


@given(usccs(), st.integers(0, 17), st.integers(1, 30))
def test_any_single_character_change_is_refused(number: str, pos: int, delta: int) -> None:
    new_char = USCC_CHARSET[(USCC_CHARSET.index(number[pos]) + delta) % 31]
    mutated = number[:pos] + new_char + number[pos + 1 :]
    assert not is_valid_uscc(mutated)
    result = check_document(IdKind.USCC, mutated)
    assert not result.ok and result.error


@given(usccs(), st.integers(0, 17), st.sampled_from("IOSVZ"))
def test_forbidden_letters_are_refused(number: str, pos: int, letter: str) -> None:
    mutated = number[:pos] + letter + number[pos + 1 :]
    result = check_document(IdKind.USCC, mutated)
    assert not result.ok and "不允许的字符" in result.error


@given(usccs(), st.integers(2, 7), st.sampled_from("ABCDEFGHJKLMNPQRTUWXY"))
def test_uscc_region_part_must_be_digits(number: str, pos: int, letter: str) -> None:
    first17 = number[:pos] + letter + number[pos + 1 : 17]
    mutated = first17 + uscc_check_char(first17)  # a correct check character, still refused
    result = check_document(IdKind.USCC, mutated)
    assert not result.ok and "行政区划" in result.error
    assert not is_valid_uscc(mutated)


def test_uscc_wrong_length() -> None:
    result = check_document(IdKind.USCC, "91110000600037341")
    assert not result.ok and "18位" in result.error


@pytest.mark.parametrize("prefix", ["N2420202", "Y1420202", "A1420202"])
def test_letter_authority_codes_are_valid(prefix: str) -> None:
    first17 = prefix + "MA4C2P3K0"
    number = first17 + uscc_check_char(first17)
    assert check_document(IdKind.USCC, number).ok


# ----------------------------------------------------------------------- mobile numbers

mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}",
    st.sampled_from("3456789"),
    st.integers(0, 999_999_999),
)


@given(mobiles)
def test_mobiles_are_valid(number: str) -> None:
    assert is_valid_mobile(number)
    assert is_valid_mobile("+86" + number)
    assert is_valid_mobile(f"{number[:3]} {number[3:7]} {number[7:]}")
    assert is_valid_mobile(f"{number[:3]}-{number[3:7]}-{number[7:]}")


@given(mobiles, st.sampled_from("012"))
def test_mobile_with_bad_second_digit_is_refused(number: str, second: str) -> None:
    assert not is_valid_mobile(number[0] + second + number[2:])


@given(mobiles)
def test_mobile_wrong_length_is_refused(number: str) -> None:
    assert not is_valid_mobile(number[:-1])
    assert not is_valid_mobile(number + "0")
    assert not is_valid_mobile("2" + number[1:])


def test_mobile_with_non_ascii_digits_is_refused() -> None:
    arabic_indic = "13" + "".join(chr(0x0660 + int(c)) for c in "800138000")
    assert not is_valid_mobile(arabic_indic)


def test_full_width_mobile_is_accepted_like_full_width_ids() -> None:
    assert is_valid_mobile("".join(chr(ord(c) + 0xFEE0) for c in "13800138000"))


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (IdKind.HK_MACAO_PERMIT, "H" + "".join(chr(0x0660 + int(c)) for c in "12345678")),
        (IdKind.TAIWAN_PERMIT, "".join(chr(0x0660 + int(c)) for c in "12345678")),
    ],
)
def test_permits_with_non_ascii_digits_are_refused(kind: IdKind, number: str) -> None:
    assert not check_document(kind, number).ok


@given(mobiles)
def test_mask_mobile(number: str) -> None:
    masked = mask_mobile(number)
    assert masked == number[:3] + "****" + number[-4:]


# ------------------------------------------------------- HK/Macao/Taiwan permits, passports


@pytest.mark.parametrize(
    ("kind", "number", "ok"),
    [
        (IdKind.HK_MACAO_PERMIT, "H12345678", True),
        (IdKind.HK_MACAO_PERMIT, "M87654321", True),
        (IdKind.HK_MACAO_PERMIT, "h12345678", True),
        (IdKind.HK_MACAO_PERMIT, "H1234567801", True),  # older card with renewal count
        (IdKind.HK_MACAO_PERMIT, "H1234567", False),
        (IdKind.HK_MACAO_PERMIT, "X12345678", False),
        (IdKind.HK_MACAO_PERMIT, "H123456789", False),
        (IdKind.TAIWAN_PERMIT, "12345678", True),
        (IdKind.TAIWAN_PERMIT, "1234567890", True),
        (IdKind.TAIWAN_PERMIT, "1234567890B", True),
        (IdKind.TAIWAN_PERMIT, "1234567", False),
        (IdKind.TAIWAN_PERMIT, "T1234567", False),
        (IdKind.PASSPORT, "E12345678", True),
        (IdKind.PASSPORT, "EA1234567", True),
        (IdKind.PASSPORT, "ea1234567", True),
        (IdKind.PASSPORT, "123456789", True),
        (IdKind.PASSPORT, "E123", False),
        (IdKind.PASSPORT, "E1234567!", False),
        (IdKind.PASSPORT, "E" * 18, False),
    ],
)
def test_permits_and_passports(kind: IdKind, number: str, ok: bool) -> None:
    result = check_document(kind, number)
    assert result.ok is ok, result
    if ok:
        assert result.normalized == number.upper()
    else:
        assert result.error


@given(st.sampled_from("HM"), st.integers(0, 99_999_999))
def test_hk_macao_permits(letter: str, digits: int) -> None:
    assert check_document(IdKind.HK_MACAO_PERMIT, f"{letter}{digits:08d}").ok


@given(st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=5, max_size=17))
def test_passport_numbers(number: str) -> None:
    assert check_document(IdKind.PASSPORT, number).ok


# ------------------------------------------------------------------------------ masking

mask_alphabet = st.text(alphabet="0123456789XABCDEFGHMabc", max_size=40)


@given(mask_alphabet)
@example("11010519491231002X")
def test_mask_id_never_reveals_more_than_8_characters(number: str) -> None:
    masked = mask_id(number)
    n = normalize(number)
    assert len(masked) == len(n)
    revealed = [c for c in masked if c != "*"]
    assert len(revealed) <= 8
    if len(n) >= 10:
        assert masked == n[:4] + "*" * (len(n) - 8) + n[-4:]
    # every shown character sits where it was
    assert all(m in ("*", c) for m, c in zip(masked, n, strict=True))


@given(resident_ids())
def test_mask_id_of_resident_id(number: str) -> None:
    masked = mask_id(number)
    assert masked[:4] == number[:4] and masked[-4:] == number[-4:]
    assert masked[4:14] == "*" * 10
    # the birth date never shows
    assert number[6:14] not in masked

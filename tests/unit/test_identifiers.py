"""Identity documents (clerk_app.domain.identifiers), tested against the standards themselves:
the check characters are computed here from GB 11643 and GB 32100, not taken from stdnum."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from clerk_app.domain.cases import IdKind, Person
from clerk_app.domain.hall_time import hall_today
from clerk_app.domain.identifiers import (
    check_document,
    detect_kind,
    foreign_pr_nationality,
    is_valid_resident_id,
    is_valid_uscc,
    mask_id,
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


TODAY = hall_today()
# Resident ID numbers start with a province code, 1 to 8; 9 marks a foreigner's ID (2023).
regions = st.integers(min_value=100000, max_value=899999).map(str)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


# Province prefixes that do not exist: stdnum's region table knows nothing of them.
UNKNOWN_PROVINCES = [p for p in range(90) if p not in {
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


@given(st.sampled_from(["429999", "000000", "203456", "110199", "422899"]), birth_dates, sequences)
def test_region_that_never_existed_is_accepted_with_a_warning(
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


# ----------------------------------------------------------------- non-ASCII digits


@pytest.mark.parametrize(
    ("kind", "number"),
    [
        (IdKind.HK_MACAO_PERMIT, "H" + "".join(chr(0x0660 + int(c)) for c in "12345678")),
        (IdKind.TAIWAN_PERMIT, "".join(chr(0x0660 + int(c)) for c in "12345678")),
    ],
)
def test_permits_with_non_ascii_digits_are_refused(kind: IdKind, number: str) -> None:
    assert not check_document(kind, number).ok


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


# ---------------------------------------------------------------- issue 13: region history

# Counties created or renamed after many of their people were born (the code records where the
# number was issued): 大冶市 1994, 恩施市 1981, 通州区 1997, and the other current codes of
# 黄石, 恩施州 and Beijing's outer districts.
COUNTIES_OF_TODAY = [
    "420202", "420203", "420204", "420205", "420222", "420281",
    "422801", "422802", "422822", "422823", "422825", "422826", "422827", "422828",
    "110112", "110113", "110114", "110115", "110116", "110117", "110118", "110119",
]  # fmt: skip


@pytest.mark.parametrize(
    "number", ["420281196001010011", "422801195501010040", "110112198501010059"]
)
def test_issue_examples_of_older_people_do_not_warn(number: str) -> None:
    result = check_document(IdKind.RESIDENT_ID, number)
    assert result.ok, result.error
    assert result.warnings == ()


@given(st.sampled_from(COUNTIES_OF_TODAY), st.integers(1920, 2010), sequences)
def test_a_county_that_exists_in_any_year_does_not_warn(region: str, year: int, seq: int) -> None:
    result = check_document(IdKind.RESIDENT_ID, make_ric(region, date(year, 1, 1), seq))
    assert result.ok and result.warnings == ()


def test_a_county_abolished_before_the_birth_does_not_warn() -> None:
    # 崇文区 (110103) was merged into 东城区 in 2010; numbers issued there stay valid
    result = check_document(IdKind.RESIDENT_ID, make_ric("110103", date(2012, 5, 1), 1))
    assert result.ok and result.warnings == ()


# ----------------------------------------------------------- issue 13: 15-digit first generation


@pytest.mark.parametrize("number", ["420202600101001", "110105491231002"])
def test_first_generation_id_is_refused_saying_why_and_what_instead(number: str) -> None:
    result = check_document(IdKind.RESIDENT_ID, number)
    assert not result.ok
    assert "第一代居民身份证" in result.error and "2013年1月1日" in result.error
    for instead in ("第二代居民身份证", "临时居民身份证", "户口簿", "公安机关出具的身份证明"):
        assert instead in result.error
    assert detect_kind(number) is IdKind.RESIDENT_ID


def test_first_generation_id_typed_as_residence_permit_says_the_same() -> None:
    result = check_document(IdKind.HMT_RESIDENCE, "420202600101001")
    assert not result.ok and "2013年1月1日" in result.error
    assert result.suggested_kind is IdKind.RESIDENT_ID


# -------------------------------------------- issue 13: 外国人永久居留身份证 (2023 format)


def make_foreign_pr(province: str, nationality: str, born: date, seq: int) -> str:
    """9, issuing province, ISO 3166 numeric nationality, birth date, sequence, GB 11643
    check character (国家移民管理局, 新版外国人永久居留身份证机读信息规则, 2023)."""
    first17 = f"9{province}{nationality}{born:%Y%m%d}{seq:03d}"
    return first17 + ric_check_char(first17)


PROVINCES = ["11", "31", "42", "44", "65"]
NATIONALITIES = {"840": "USA", "276": "DEU", "392": "JPN", "410": "KOR", "704": "VNM"}


@st.composite
def foreign_prs(draw: st.DrawFn) -> str:
    return make_foreign_pr(
        draw(st.sampled_from(PROVINCES)),
        draw(st.sampled_from(sorted(NATIONALITIES))),
        draw(birth_dates),
        draw(sequences),
    )


def test_foreign_pr_has_its_own_name() -> None:
    assert IdKind.FOREIGN_PERMANENT_RESIDENT.label == "外国人永久居留身份证"


@given(foreign_prs())
def test_foreign_pr_is_accepted_as_its_own_kind(number: str) -> None:
    result = check_document(IdKind.FOREIGN_PERMANENT_RESIDENT, number)
    assert result.ok and result.warnings == (), result
    assert detect_kind(number) is IdKind.FOREIGN_PERMANENT_RESIDENT
    assert foreign_pr_nationality(number) == NATIONALITIES[number[3:6]]


@given(foreign_prs())
def test_foreign_pr_is_never_a_resident_id(number: str) -> None:
    result = check_document(IdKind.RESIDENT_ID, number)
    assert not result.ok
    assert result.suggested_kind is IdKind.FOREIGN_PERMANENT_RESIDENT
    assert "外国人永久居留身份证" in result.error
    assert not any("地区码" in w for w in result.warnings)
    assert not is_valid_resident_id(number)


@given(foreign_prs(), st.integers(min_value=1, max_value=16), st.integers(1, 9))
def test_foreign_pr_single_digit_change_is_refused(number: str, pos: int, delta: int) -> None:
    mutated = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    result = check_document(IdKind.FOREIGN_PERMANENT_RESIDENT, mutated)
    assert not result.ok and "校验" in result.error


def test_foreign_pr_with_unknown_province_or_nationality_only_warns() -> None:
    unknown_province = make_foreign_pr("99", "840", date(1980, 1, 1), 1)
    unknown_country = make_foreign_pr("11", "999", date(1980, 1, 1), 1)
    for number, fragment in ((unknown_province, "受理地"), (unknown_country, "国籍")):
        result = check_document(IdKind.FOREIGN_PERMANENT_RESIDENT, number)
        assert result.ok and any(fragment in w for w in result.warnings)


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("USA110050418011", True),  # 2004/2017 card: alpha-3 nationality + 12 digits
        ("usa110050418011", True),
        ("US1110050418011", False),
        ("911840198501010", False),  # 15 characters but not the old form
        ("9118401985010100", False),
    ],
)
def test_foreign_pr_old_cards(number: str, ok: bool) -> None:
    result = check_document(IdKind.FOREIGN_PERMANENT_RESIDENT, number)
    assert result.ok is ok, result
    if ok:
        assert detect_kind(number) is IdKind.FOREIGN_PERMANENT_RESIDENT
        assert foreign_pr_nationality(number) == "USA"


def test_passport_is_printed_with_its_country() -> None:
    person = Person(IdKind.PASSPORT, "E12345678", "John Smith", nationality="USA")
    assert person.document_label == "护照（美国）"
    pr = Person(IdKind.FOREIGN_PERMANENT_RESIDENT, "911840198501010011", "John Smith")
    assert pr.document_label == "外国人永久居留身份证"


def test_record_key_counts_the_country_for_passports_only() -> None:
    us = Person(IdKind.PASSPORT, "E12345678", "A", nationality="USA")
    de = Person(IdKind.PASSPORT, "E12345678", "B", nationality="DEU")
    assert us.record_key != de.record_key
    ric_a = Person(IdKind.RESIDENT_ID, "11010519491231002X", "A", nationality="USA")
    assert ric_a.record_key == ("resident_id", "", "11010519491231002X")

"""Item search index (pure) and pinyin keys."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clerk_app.domain.search import (
    ItemSearchIndex,
    SearchEntry,
    normalize_text,
    pinyin_keys,
)
from tests.bench.common import synthetic_items


def entry(
    code: str, name: str, department: str = "恩施市民政局", zone: str = "SOCIAL"
) -> SearchEntry:
    return SearchEntry(code, name, department, zone, *pinyin_keys(name))


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("不动产登记", "bdcdj"),
        ("银行开户许可", "yhkhxk"),
        ("行政许可", "xzxk"),
        ("户口迁移", "hkqy"),
        ("ICP备案（首次）", "icpbasc"),
        ("ＩＣＰ备案", "icpba"),
    ],
)
def test_pinyin_initials_use_the_contextual_reading_first(name: str, initials: str) -> None:
    assert pinyin_keys(name)[0].split("|")[0] == initials


def test_pinyin_full_and_heteronym_variants() -> None:
    initials, full = pinyin_keys("不动产登记")
    assert full == "budongchandengji"
    # 行 read the other way is offered as a variant, at most four strings in all
    variants = pinyin_keys("银行开户许可")[0].split("|")
    assert "yxkhxk" in variants
    assert len(variants) <= 4
    # a name without common polyphones has no variants
    assert "|" not in initials


@pytest.fixture(scope="module")
def small_index() -> ItemSearchIndex:
    return ItemSearchIndex(
        [
            entry("A001", "不动产首次登记", "恩施市自然资源和规划局", "ESTATE"),
            entry("A002", "不动产登记", "恩施市自然资源和规划局", "ESTATE"),
            entry("A003", "不动产转移登记（二手房）", "恩施市自然资源和规划局", "ESTATE"),
            entry("B001", "户口迁移", "恩施市公安局", "POLICE"),
            entry("B002", "户口迁移（市内）", "恩施市公安局", "POLICE"),
            entry("C001", "银行开户许可", "人民银行恩施州中心支行", "ENTERPRISE"),
            entry("D001", "失业保险金申领", "恩施市人力资源和社会保障局", "SOCIAL"),
            entry("E001", "登记", "恩施市民政局"),
        ]
    )


def codes(index: ItemSearchIndex, query: str, **kw: object) -> list[str]:
    return [m.entry.code for m in index.search(query, **kw)]  # type: ignore[arg-type]


def test_exact_then_prefix_then_substring_shorter_first(small_index: ItemSearchIndex) -> None:
    assert codes(small_index, "不动产登记") == ["A002"]
    assert codes(small_index, "不动产") == ["A002", "A001", "A003"]
    assert codes(small_index, "登记") == ["E001", "A002", "A001", "A003"]


def test_one_and_two_character_queries(small_index: ItemSearchIndex) -> None:
    assert codes(small_index, "户") == ["B001", "B002", "C001"]  # 户口… prefix before 开户…
    assert codes(small_index, "迁移") == ["B001", "B002"]


def test_pinyin_initials_and_full(small_index: ItemSearchIndex) -> None:
    assert codes(small_index, "bdcdj") == ["A002"]
    assert codes(small_index, "BDC")[:1] == ["A002"]
    assert codes(small_index, "hkqy") == ["B001", "B002"]
    assert codes(small_index, "yxkh") == ["C001"]  # heteronym reading of 行
    assert codes(small_index, "hukou") == ["B001", "B002"]


def test_code_prefix_and_substring(small_index: ItemSearchIndex) -> None:
    assert codes(small_index, "a00") == ["A002", "A001", "A003"]
    assert codes(small_index, "A001") == ["A001"]
    # code substring: shorter names first
    assert codes(small_index, "001") == ["E001", "B001", "C001", "A001", "D001"]


def test_department_match_comes_last(small_index: ItemSearchIndex) -> None:
    assert codes(small_index, "公安局") == ["B001", "B002"]


def test_frequent_items_come_first_and_are_flagged(small_index: ItemSearchIndex) -> None:
    hits = small_index.search("不动产", frequent=["A003", "B001"])
    assert [h.entry.code for h in hits] == ["A003", "A002", "A001"]
    assert [h.frequent for h in hits] == [True, False, False]
    assert codes(small_index, "", frequent=["B002", "UNKNOWN", "A001"]) == ["B002", "A001"]


def test_several_words_must_all_match(small_index: ItemSearchIndex) -> None:
    assert codes(small_index, "不动产 二手房") == ["A003"]
    assert codes(small_index, "公安 市内") == ["B002"]


def test_limit_and_no_match(small_index: ItemSearchIndex) -> None:
    assert len(small_index.search("登记", limit=2)) == 2
    assert small_index.search("登记", limit=0) == []
    assert small_index.search("火星") == []
    assert small_index.search("   ") == []


def _brute_force(entries: list[SearchEntry], q: str) -> set[str]:
    q = normalize_text(q)
    return {
        e.code
        for e in entries
        if q in normalize_text(e.name)
        or q in normalize_text(e.code)
        or q in normalize_text(e.department)
        or (len(q) >= 2 and q in e.pinyin_full)  # one letter: initials only
        or any(q in v for v in e.pinyin_initials.split("|"))
    }


_ENTRIES = [entry(i.code, i.name, i.department, i.zone) for i in synthetic_items(400, seed=3)]
_INDEX = ItemSearchIndex(_ENTRIES)
_ALPHABET = sorted({ch for e in _ENTRIES for ch in e.name + e.code + e.pinyin_initials})


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.sampled_from([e.name for e in _ENTRIES]), st.text(_ALPHABET, max_size=4)))
def test_search_finds_exactly_the_matching_items(query: str) -> None:
    """Every item matching the query in any field is found once, nothing else is found."""
    got = [m.entry.code for m in _INDEX.search(query, limit=10_000)]
    assert len(got) == len(set(got))
    expected = _brute_force(_ENTRIES, query) if query.strip() else set()
    assert set(got) == expected


@settings(max_examples=100, deadline=None)
@given(st.text(_ALPHABET, min_size=1, max_size=3), st.integers(1, 30))
def test_limited_results_are_the_head_of_the_full_ranking(query: str, limit: int) -> None:
    full = [m.entry.code for m in _INDEX.search(query, limit=10_000)]
    assert [m.entry.code for m in _INDEX.search(query, limit=limit)] == full[:limit]


def test_name_matches_are_ranked_before_pinyin_and_department_matches() -> None:
    index = ItemSearchIndex(
        [entry("X1", "社会团体登记", department="民政局"), entry("X2", "民政救助", "民政局")]
    )
    # 民政 is in X2's name and in both departments: the name match comes first
    assert codes(index, "民政") == ["X2", "X1"]

"""Item search for the counter's item picker, fast over a whole province-size catalog.

The clerk types a few Chinese characters (「户口」, 「登记」), a code prefix, or the pinyin
initials of a name (``bdcdj`` for 不动产登记) and expects the list to follow every keystroke.
Enshi publishes 69,074 items, so the index must answer in a few milliseconds.

How: entries are sorted once by rank (shorter names first, then code); every text field is
joined into one big "haystack" string per field, and a query is a loop of ``str.find`` over
it. Because the haystack is in rank order, each loop can stop as soon as it has enough
hits; a query that matches little scans a few MB of text in C, which still takes about a
millisecond. Building the index is a join, not a per-character dictionary, so it takes a
fraction of a second even for the full catalog.

Ranking: the window's frequent items first, then exact code, exact name, code prefix, name
prefix, name substring, pinyin-initials prefix and substring, full-pinyin match, code
substring and last department name. Within one class shorter names come first.

This module is pure: no Qt, no SQLAlchemy. ``pinyin_keys`` uses pypinyin, imported lazily.
"""

from __future__ import annotations

import heapq
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, cast

# Separates entries inside a haystack; never part of a normalised text or query.
_SEP = "\x00"
# Separates the pinyin-initial variants of one name in the stored column.
VARIANT_SEP = "|"
# At most this many initial strings per name (the contextual one plus heteronym variants).
_MAX_VARIANTS = 4
# Polyphones common in item names whose readings start with different letters. Only these
# get heteronym variants: every rare reading (不 fǒu, 许 hǔ) would swamp the variants.
_COMMON_POLYPHONES = frozenset("行长重调种校单朝会乐省参系属解降率藏差称传给都便曾查强缩卡")


def normalize_text(text: str) -> str:
    """Fold full-width forms and case, so 「ＩＣＰ」, "icp" and "ICP" are one query."""
    if text.isascii():  # NFKC changes no ASCII; most codes take this path
        return text.lower().replace(_SEP, "")
    return unicodedata.normalize("NFKC", text).casefold().replace(_SEP, "")


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f"


@lru_cache(maxsize=65536)
def _char_readings(ch: str) -> tuple[str, ...]:
    """Tone-less readings of one character, most common first; () if pypinyin has none."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    raw = pinyin_dict.get(ord(ch))
    if not raw:
        return ()
    return tuple(dict.fromkeys(to_normal(r) for r in raw.split(",")))


@lru_cache(maxsize=262144)
def pinyin_keys(name: str) -> tuple[str, str]:
    """``(initials, full)`` pinyin of an item name, computed once when the catalog is stored.

    ``initials`` is the contextual reading first (不动产登记 → ``bdcdj``; 银行 → ``yh``,
    行政 → ``xz``) followed by up to three heteronym variants separated by ``|``, so a clerk
    who types the other reading of a polyphone still finds the item. Latin letters and
    digits of the name are kept as they are; punctuation is dropped. ``full`` is the
    contextual full pinyin without tones (``budongchandengji``).

    pypinyin's phrase segmentation is slow (about 0.2 ms a name), so it runs only for names
    holding a character with several readings; other names use a per-character table.
    """
    text = normalize_text(name)
    readings = [_char_readings(ch) if _is_cjk(ch) else () for ch in text]
    syllables = _contextual_syllables(text, readings)
    kept: list[tuple[str, tuple[str, ...]]] = []
    for ch, syl, r in zip(text, syllables, readings, strict=True):
        if r:
            kept.append((syl, r if ch in _COMMON_POLYPHONES else ()))
        elif ch.isascii() and ch.isalnum():
            kept.append((ch, ()))
    full = "".join(syl for syl, _ in kept)
    return VARIANT_SEP.join(_initials_variants(kept)), full


def _contextual_syllables(text: str, readings: list[tuple[str, ...]]) -> list[str]:
    """One syllable per character of ``text`` (the character itself where it has none): the
    phrase-aware reading when a character has several, else each character's first."""
    if any(len(r) > 1 for r in readings):
        from pypinyin import lazy_pinyin

        # errors= may return a list: one item per character keeps the output aligned
        contextual = lazy_pinyin(text, errors=cast("Callable[[str], str]", list))
        if len(contextual) == len(text):
            return [s.lower() for s in contextual]
    return [r[0] if r else ch for ch, r in zip(text, readings, strict=True)]


def _initials_variants(kept: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    """The contextual initials, then up to ``_MAX_VARIANTS`` in all with one polyphone read
    the other way."""
    primary = "".join(syl[0] for syl, _ in kept)
    variants = [primary]
    for pos, (syl, r) in enumerate(kept):
        for alt in dict.fromkeys(x[0] for x in r):
            if len(variants) >= _MAX_VARIANTS:
                break
            if alt != syl[0]:
                variant = primary[:pos] + alt + primary[pos + 1 :]
                if variant not in variants:
                    variants.append(variant)
    return variants


class SearchEntry(NamedTuple):
    """What the index knows of one item. Pinyin comes precomputed from ``pinyin_keys``.

    A named tuple, not a dataclass: 69,074 of them are made on every index build.
    """

    code: str
    name: str
    department: str
    zone: str
    pinyin_initials: str
    pinyin_full: str


@dataclass(frozen=True, slots=True)
class SearchMatch:
    entry: SearchEntry
    frequent: bool


class _Haystack:
    """One text per owner joined into a single string; ``find`` loops in owner order."""

    __slots__ = ("_hay", "_owners", "_starts")

    def __init__(self, texts: Sequence[str], owners: Sequence[int] | None = None) -> None:
        starts: list[int] = []
        pos = 1
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        starts.append(pos)  # sentinel: one past the trailing separator
        self._hay = _SEP + _SEP.join(texts) + _SEP
        self._starts = starts
        self._owners = owners

    def scan(self, needle: str, *, prefix: bool) -> Iterator[int]:
        """Owners whose text contains ``needle`` (or starts with it), in order, each once."""
        hay, starts, owners = self._hay, self._starts, self._owners
        off = 1 if prefix else 0
        if prefix:
            needle = _SEP + needle
        pos = hay.find(needle)
        while pos != -1:
            i = bisect_right(starts, pos + off) - 1
            yield owners[i] if owners is not None else i
            pos = hay.find(needle, starts[i + 1] - off)


class ItemSearchIndex:
    """In-memory search over catalog entries; build once, query on every keystroke."""

    def __init__(self, entries: Iterable[SearchEntry]) -> None:
        ordered = sorted(entries, key=lambda e: (len(e.name), e.code))
        self._entries: list[SearchEntry] = ordered
        self._names = [normalize_text(e.name) for e in ordered]
        self._codes = [normalize_text(e.code) for e in ordered]
        dept_norm: dict[str, str] = {}  # a few hundred departments for 69,074 items
        self._depts = [
            dept_norm.get(e.department)
            or dept_norm.setdefault(e.department, normalize_text(e.department))
            for e in ordered
        ]
        self._full = [e.pinyin_full for e in ordered]
        self._initials: list[tuple[str, ...]] = [
            tuple(v for v in e.pinyin_initials.split(VARIANT_SEP) if v) for e in ordered
        ]
        self._rank_of_code = {e.code: r for r, e in enumerate(ordered)}
        self._rank_of_norm_code: dict[str, int] = {}
        self._ranks_of_name: dict[str, list[int]] = {}
        self._ranks_of_dept: dict[str, list[int]] = {}
        for r, (code, name, dept) in enumerate(
            zip(self._codes, self._names, self._depts, strict=True)
        ):
            self._rank_of_norm_code.setdefault(code, r)
            self._ranks_of_name.setdefault(name, []).append(r)
            self._ranks_of_dept.setdefault(dept, []).append(r)
        self._name_hay = _Haystack(self._names)
        self._code_hay = _Haystack(self._codes)
        self._full_hay = _Haystack(self._full)
        variant_texts: list[str] = []
        variant_owner: list[int] = []
        for r, variants in enumerate(self._initials):
            for v in variants:
                variant_texts.append(v)
                variant_owner.append(r)
        self._initials_hay = _Haystack(variant_texts, variant_owner)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, code: str) -> SearchEntry | None:
        r = self._rank_of_code.get(code)
        return None if r is None else self._entries[r]

    def search(
        self, query: str, *, frequent: Sequence[str] = (), limit: int = 50
    ) -> list[SearchMatch]:
        """Best matches first; ``frequent`` lists this window's most used codes, best first.

        Several words separated by spaces must all match (any field each). An empty query
        returns the frequent items that are in the catalog.
        """
        if limit <= 0:
            return []
        terms = normalize_text(query).split()
        frequent_ranks = [r for c in frequent if (r := self._rank_of_code.get(c)) is not None]
        found = self._frequent_matching(frequent_ranks, terms, limit)
        if terms and len(found) < limit:
            self._more_matching(terms, found, limit)
        frequent_set = set(frequent_ranks)
        return [SearchMatch(self._entries[r], r in frequent_set) for r in found]

    def _frequent_matching(self, ranks: list[int], terms: list[str], limit: int) -> list[int]:
        """The frequent items that match every term, in the window's order, each once."""
        found: list[int] = []
        for r in dict.fromkeys(ranks):
            if all(self._matches(r, t) for t in terms):
                found.append(r)
                if len(found) >= limit:
                    break
        return found

    def _more_matching(self, terms: list[str], found: list[int], limit: int) -> None:
        """Append to ``found`` the other items matching every term, best class first: the
        longest term picks the candidates, the others filter them."""
        seen = set(found)
        primary = max(terms, key=len)
        others = [t for t in terms if t is not primary]
        for r in self._candidates(primary):
            if r in seen:
                continue
            seen.add(r)
            if others and not all(self._matches(r, t) for t in others):
                continue
            found.append(r)
            if len(found) >= limit:
                return

    def _matches(self, r: int, term: str) -> bool:
        return (
            term in self._names[r]
            or term in self._codes[r]
            or term in self._depts[r]
            or (len(term) >= 2 and term in self._full[r])
            or any(term in v for v in self._initials[r])
        )

    def _candidates(self, q: str) -> Iterator[int]:
        """Ranks matching ``q`` class by class, best class first (duplicates are possible)."""
        exact_code = self._rank_of_norm_code.get(q)
        if exact_code is not None:
            yield exact_code
        yield from self._ranks_of_name.get(q, ())
        yield from self._code_hay.scan(q, prefix=True)
        yield from self._name_hay.scan(q, prefix=True)
        yield from self._name_hay.scan(q, prefix=False)
        if q.isascii() and q.isalnum():
            yield from self._initials_hay.scan(q, prefix=True)
            yield from self._initials_hay.scan(q, prefix=False)
            if len(q) >= 2:
                yield from self._full_hay.scan(q, prefix=True)
                yield from self._full_hay.scan(q, prefix=False)
        yield from self._code_hay.scan(q, prefix=False)
        depts = [d for d in self._ranks_of_dept if q in d]
        if depts:
            yield from heapq.merge(*(self._ranks_of_dept[d] for d in depts))


def grouped_order(keys: Sequence[str]) -> list[int]:
    """The positions of ``keys`` (results, best first) with equal non-empty keys brought
    together behind the first of them: the same item (one 基本编码) implemented by several
    departments or counties stands as one group, at the rank of its best match. Results
    without a key keep their place."""
    first: dict[str, int] = {}
    members: dict[int, list[int]] = {}
    order: list[int] = []
    for position, key in enumerate(keys):
        if key and key in first:
            members[first[key]].append(position)
            continue
        if key:
            first[key] = position
            members[position] = []
        order.append(position)
    return [p for head in order for p in (head, *members.get(head, ()))]

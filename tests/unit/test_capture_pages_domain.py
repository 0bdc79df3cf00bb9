"""The clerk's steps on a line's captured pages (clerk_app.domain.capture)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clerk_app.domain.capture import Capture, appended, deleted, moved, page_of, rotated

pages_st = st.lists(st.binary(min_size=1, max_size=8), max_size=8).map(
    lambda blobs: tuple(page_of(b, "image/jpeg", f"p{i}") for i, b in enumerate(blobs))
)
index_st = st.integers(min_value=-2, max_value=10)


def _origins(pages: Capture) -> list[str]:
    return [p.origin for p in pages]


@given(pages_st, index_st, index_st)
def test_move_keeps_every_page_and_the_order_of_the_others(
    pages: Capture, index: int, to: int
) -> None:
    after = moved(pages, index, to)
    assert sorted(_origins(after)) == sorted(_origins(pages))
    if 0 <= index < len(pages):
        page = pages[index]
        assert after[max(0, min(to, len(pages) - 1))] == page
        assert [p for p in after if p is not page] == [p for p in pages if p is not page]
    else:
        assert after == pages


@given(pages_st, index_st, st.integers(min_value=-9, max_value=9))
def test_rotation_touches_one_page_and_four_turns_are_identity(
    pages: Capture, index: int, turns: int
) -> None:
    once = rotated(pages, index, turns)
    assert len(once) == len(pages)
    assert all(0 <= p.rotation < 4 for p in once)
    for i, (before, after) in enumerate(zip(pages, once, strict=True)):
        if i != index:
            assert before == after
        assert before.data == after.data
    four = pages
    for _ in range(4):
        four = rotated(four, index, 1)
    assert four == pages
    assert rotated(rotated(pages, index, turns), index, -turns) == pages


@given(pages_st, index_st)
def test_delete_removes_exactly_that_page(pages: Capture, index: int) -> None:
    after = deleted(pages, index)
    if 0 <= index < len(pages):
        assert len(after) == len(pages) - 1
        assert list(after) == list(pages[:index]) + list(pages[index + 1 :])
    else:
        assert after == pages


@given(pages_st, pages_st)
def test_append_keeps_order(first: Capture, more: Capture) -> None:
    after = appended(first, *more)
    assert after[: len(first)] == first
    assert after[len(first) :] == more


def test_a_page_carries_its_hash_and_a_bounded_rotation() -> None:
    page = page_of(b"abc", "image/png", "文件", rotation=7)
    assert page.rotation == 3 and page.degrees == 270
    assert page.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

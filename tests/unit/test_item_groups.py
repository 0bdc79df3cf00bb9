"""The same item across departments and counties (GB/T 39554: one 基本编码, many 实施编码):
the window's item search shows it as one group, at the rank of its best match."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from clerk_app.central.gen_catalog import generate_catalog
from clerk_app.domain.search import grouped_order
from clerk_app.store.local import LocalStore


def test_equal_keys_follow_their_first_and_the_rest_keeps_its_place() -> None:
    keys = ["A", "", "B", "A", "", "B", "A", "C"]
    assert grouped_order(keys) == [0, 3, 6, 1, 2, 5, 4, 7]


@given(st.lists(st.sampled_from(["", "", "K1", "K2", "K3"]), max_size=40))
def test_grouped_order_is_a_permutation_with_contiguous_groups(keys: list[str]) -> None:
    order = grouped_order(keys)
    assert sorted(order) == list(range(len(keys)))
    reordered = [keys[i] for i in order]
    for key in {k for k in keys if k}:
        at = [n for n, k in enumerate(reordered) if k == key]
        assert at == list(range(at[0], at[0] + len(at)))  # one block
    # groups (and keyless results) come in the order of their best match
    heads = [i for i in order if not keys[i] or keys.index(keys[i]) == i]
    assert heads == sorted(heads)


def test_the_store_groups_one_item_of_several_counties(tmp_path: Path) -> None:
    _header, _departments, items, _bundles = generate_catalog(6000)
    store = LocalStore(tmp_path / "counter.db")
    try:
        store.catalog.replace("synthetic", items, [])
        hits = store.catalog.search("许可", limit=50)
    finally:
        store.close()
    assert hits
    by_basic: dict[str, list[Any]] = {}
    for hit in hits:
        by_basic.setdefault(hit.basic_code, []).append(hit)
    shared = [group for key, group in by_basic.items() if key and len(group) > 1]
    assert shared, "the synthetic catalog has the same item in several counties"
    for group in shared:
        assert len({h.name for h in group}) == 1  # one item …
        assert len({h.department for h in group}) == len(group)  # … of several departments
        assert all(h.same_item == len(group) for h in group)
        places = [hits.index(h) for h in group]
        assert places == list(range(places[0], places[0] + len(group)))  # together

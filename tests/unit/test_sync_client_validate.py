"""The fast paths of catalog storage agree with the domain's slow, always-right ones.

- ``domain.catalog_json.item_to_dict`` must equal ``Item.to_dict``.
- ``sync.validate.item_record_problem`` must refuse every record ``Item.from_dict`` refuses
  (so a stored item always opens later), and name the field.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clerk_app.domain import catalog_json
from clerk_app.domain.catalog import Item
from clerk_app.domain.catalog_json import item_to_dict
from clerk_app.sync.validate import item_record_problem
from tests.bench.common import synthetic_items

ITEMS = synthetic_items(200, seed=5)


def test_fast_item_to_dict_equals_the_domain_one() -> None:
    assert catalog_json.FAST_PATH_OK, "domain dataclasses changed: update domain/catalog_json.py"
    for item in ITEMS:
        assert item_to_dict(item) == item.to_dict()


def test_valid_records_pass() -> None:
    for item in ITEMS:
        assert item_record_problem(item.to_dict()) is None


def test_problems_name_the_field() -> None:
    good = ITEMS[0].to_dict()
    cases: list[tuple[dict[str, Any], str]] = [
        ({**good, "name": ""}, "name"),
        ({k: v for k, v in good.items() if k != "department"}, "department"),
        ({**good, "handling": "later"}, "handling"),
        ({**good, "handling": ["promised"]}, "handling"),
        ({**good, "legal_days": "ten"}, "legal_days"),
        ({**good, "version": float("inf")}, "version"),
        ({**good, "delivery_modes": ["pigeon"]}, "delivery_modes"),
        ({**good, "materials": [{"code": "M1"}]}, "materials[1].name"),
        ({**good, "materials": [{"code": "M1", "name": "表", "form": "fax"}]}, "materials[1].form"),
        ({**good, "scenarios": [{"code": "S1"}]}, "scenarios[1].name"),
        ({**good, "materials": "none"}, "materials"),
    ]
    for record, field in cases:
        problem = item_record_problem(record)
        assert problem is not None and problem[0] == field, (record, problem)


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.sampled_from(["promised", "immediate", "window", "mail", "copy", "original_kept"]),
    st.lists(st.text(max_size=2), max_size=2),
    st.dictionaries(st.sampled_from(["code", "name", "form"]), st.text(max_size=2), max_size=3),
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_whatever_the_check_accepts_from_dict_accepts(data: st.DataObject) -> None:
    record = copy.deepcopy(data.draw(st.sampled_from(ITEMS)).to_dict())
    paths = _paths(record)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        parent: Any = record
        try:
            for key in path[:-1]:
                parent = parent[key]
            if data.draw(st.booleans()):
                parent[path[-1]] = data.draw(_JUNK)
            elif isinstance(parent, dict):
                parent.pop(path[-1], None)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced this branch
    if item_record_problem(record) is None:
        Item.from_dict(record)  # must not raise

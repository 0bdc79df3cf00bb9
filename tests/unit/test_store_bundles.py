"""The counter keeps a bundle's whole model (optional items, produced materials, lead
department, joint limit) from a pull, and still reads a bundle of the older shape; a bundle
application's item cases are stored together, linked by one bundle number."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from clerk_app.contract.sync import Change
from clerk_app.domain.bundle_link import BundleLink
from clerk_app.domain.catalog import Bundle, ProducedMaterial
from clerk_app.store.cases import ItemWithdrawn
from clerk_app.store.local import LocalStore
from tests.bench.common import synthetic_items
from tests.unit.test_store import new_case

BUNDLE = Bundle(
    "YJS-1",
    "企业开办一件事",
    ("REG", "SEAL", "FUND"),
    zone="ENTERPRISE",
    optional_items=("FUND",),
    produces=(ProducedMaterial("REG", "ZZ-YYZZ"),),
    lead_department_code="SCJG",
    time_limit_days=45,
    extension_days=15,
)
OLD_SHAPE = {
    "code": "YJS-0",
    "name": "旧一件事",
    "item_codes": ["A", "B"],
    "zone": "",
    "version": 1,
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    s = LocalStore(tmp_path / "counter.db")
    yield s
    s.close()


def test_pulled_bundles_keep_their_model(store: LocalStore) -> None:
    store.pull.apply(
        [
            Change(kind="bundle", key=BUNDLE.code, version=1, data=BUNDLE.to_dict()),
            Change(kind="bundle", key="YJS-0", version=1, data=OLD_SHAPE),
        ],
        "c1",
    )
    bundles = {b.code: b for b in store.catalog.bundles()}
    assert bundles["YJS-1"] == BUNDLE
    assert bundles["YJS-1"].produced_materials(["REG", "SEAL"]) == {"ZZ-YYZZ": "REG"}
    assert bundles["YJS-1"].produced_materials(["SEAL"]) == {}  # not chosen: asked
    old = bundles["YJS-0"]
    assert (
        old.item_codes == ("A", "B") and old.produces == () and old.required_items() == ("A", "B")
    )


def test_a_bundles_cases_are_stored_together_with_one_bundle_number(store: LocalStore) -> None:
    items = synthetic_items(3, seed=5)
    store.catalog.replace("v1", items, [BUNDLE])
    link = BundleLink("", BUNDLE.code, BUNDLE.name, tuple(i.code for i in items[:2]))
    first, second = store.cases.save_bundle([new_case(items[0]), new_case(items[1])], link)
    assert first.number == "HS01-05-20261123-0001" and second.number == "HS01-05-20261123-0002"
    assert first.bundle == second.bundle == replace(link, number="YJS-HS01-05-20261123-0001")
    assert store.cases.get(second.number) == second  # the link is stored with the case
    alone = store.cases.save_new(new_case(items[2]))
    found = {s.number: s.bundle_no for s in store.cases.search(text="YJS-HS01-05-20261123-0001")}
    assert found == {first.number: first.bundle_no, second.number: first.bundle_no}
    assert store.cases.search(text=alone.number)[0].bundle_no == ""
    # both cases go to the server, each with the link
    pending = [op for op in store.outbox.pending() if op.kind == "case.create"]
    assert [op.payload["case"].get("bundle", {}).get("number") for op in pending] == [
        first.bundle_no,
        second.bundle_no,
        None,
    ]
    # all or none: a withdrawn item stores none of the bundle's cases and burns no number
    store.catalog.replace("v2", [items[0], replace(items[1], withdrawn=True)], [BUNDLE])
    with pytest.raises(ItemWithdrawn):
        store.cases.save_bundle([new_case(items[0]), new_case(items[1])], link)
    assert store.cases.save_new(new_case(items[0])).number == "HS01-05-20261123-0004"

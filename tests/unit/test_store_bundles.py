"""The counter keeps a bundle's whole model (optional items, produced materials, lead
department, joint limit) from a pull, and still reads a bundle of the older shape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clerk_app.contract.sync import Change
from clerk_app.domain.catalog import Bundle, ProducedMaterial
from clerk_app.store.local import LocalStore

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

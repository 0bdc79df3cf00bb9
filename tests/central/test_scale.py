"""Enshi's scale: 69,074 items generated, imported and downloaded whole.

How fast is `make bench`'s business (tests/bench/bench_catalog.py): these machines are noisy.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clerk_app.central.app import create_app
from clerk_app.central.catalog_import import import_catalog
from clerk_app.central.catalog_io import ParsedCatalog, read_catalog_file
from clerk_app.central.db import make_engine, upgrade
from clerk_app.central.gen_catalog import ENSHI_ITEM_COUNT, write_generated_catalog

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def enshi_catalog(tmp_path_factory: pytest.TempPathFactory) -> ParsedCatalog:
    path = tmp_path_factory.mktemp("enshi") / "enshi.jsonl.gz"
    write_generated_catalog(path, ENSHI_ITEM_COUNT)
    parsed = read_catalog_file(path)
    assert parsed.ok, parsed.errors[:3]
    return parsed


def test_enshi_scale_catalog_shape(enshi_catalog: ParsedCatalog) -> None:
    items = enshi_catalog.items
    assert len(items) == ENSHI_ITEM_COUNT
    assert len({i.code for i in items}) == ENSHI_ITEM_COUNT
    assert all(3 <= len(i.materials) <= 8 for i in items)
    names = {i.department for i in items}
    for level in ("恩施州", "县", "镇人民政府", "乡人民政府", "村民委员会"):
        assert any(level in n for n in names), level
    assert sum(1 for i in items if i.scenarios) > ENSHI_ITEM_COUNT // 10
    assert enshi_catalog.bundles


def test_enshi_scale_import_and_snapshot(db_url: str, enshi_catalog: ParsedCatalog) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        import_catalog(engine, enshi_catalog)
    finally:
        engine.dispose()
    with TestClient(create_app(db_url)) as client:
        response = client.get("/api/v1/catalog/snapshot")
    assert response.status_code == 200
    lines = gzip.decompress(response.content).count(b'{"kind":"item"')
    assert lines == ENSHI_ITEM_COUNT


def test_generation_is_deterministic(tmp_path: Path) -> None:
    a, b, c = (tmp_path / n for n in ("a.jsonl", "b.jsonl", "c.jsonl"))
    write_generated_catalog(a, 500, seed=3)
    write_generated_catalog(b, 500, seed=3)
    write_generated_catalog(c, 500, seed=4)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()

"""What the printed decisions say in law (issue 13 "Printed decisions"): the review body and
court of the item's department (the catalog's department record, the hall's as the fallback),
read back from the rendered PDF with pypdf."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from clerk_app.central.catalog_io import ParsedCatalog, read_catalog_file
from clerk_app.domain.cases import Case
from clerk_app.domain.catalog import Item
from clerk_app.printing import DocType, PrintContext, render_document, sample_case
from clerk_app.printing.samples import sample_context
from tests.unit.test_printing import flat, page_texts

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "catalog.jsonl"


@pytest.fixture(scope="module")
def demo() -> ParsedCatalog:
    parsed = read_catalog_file(DEMO)
    assert parsed.ok, parsed.errors
    return parsed


def demo_context(demo: ParsedCatalog, doc_type: DocType) -> PrintContext:
    """The counter's print context after a catalog download: the departments' remedies."""
    remedies = {
        d.code: {k: v for k, v in (("review_body", d.review_body), ("court", d.court)) if v}
        for d in demo.departments
    }
    return replace(sample_context(doc_type), department_remedies=remedies)


def item_named(demo: ParsedCatalog, name: str) -> Item:
    return next(i for i in demo.items if i.name.startswith(name))


def rendered(doc_type: DocType, item: Item, ctx: PrintContext, **changes: Any) -> str:
    case: Case = replace(sample_case(doc_type), item=item, scenario_code=None, **changes)
    return flat("".join(page_texts(render_document(doc_type, case, ctx))))


def test_refusing_the_deed_tax_names_the_provincial_tax_bureau(demo: ParsedCatalog) -> None:
    deed_tax = item_named(demo, "契税申报")
    text = rendered(DocType.REFUSAL_NOTICE, deed_tax, demo_context(demo, DocType.REFUSAL_NOTICE))
    assert "向国家税务总局湖北省税务局申请行政复议" in text
    assert "黄石市人民政府申请行政复议" not in text
    assert "黄石市黄石港区人民法院" in text  # no court of its own: the hall's


def test_a_city_department_goes_to_the_city_government(demo: ParsedCatalog) -> None:
    licence = item_named(demo, "企业设立登记")
    text = rendered(DocType.REFUSAL_NOTICE, licence, demo_context(demo, DocType.REFUSAL_NOTICE))
    assert "向黄石市人民政府申请行政复议" in text


def test_a_departments_court_replaces_the_halls(demo: ParsedCatalog) -> None:
    deed_tax = item_named(demo, "契税申报")
    ctx = replace(
        demo_context(demo, DocType.REFUSAL_NOTICE),
        department_remedies={"HSSW": {"court": "黄石市西塞山区人民法院"}},
    )
    text = rendered(DocType.REFUSAL_NOTICE, deed_tax, ctx)
    assert "向黄石市西塞山区人民法院提起行政诉讼" in text
    assert "向黄石市人民政府申请行政复议" in text  # no review body given: the hall's

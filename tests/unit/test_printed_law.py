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


# ------------------------------------------------------------- wording per item type

LICENCE_LAW = "行政许可法"
WINDOW_DOCS = tuple(DocType)  # every document of a decision at the window


def texts_for(demo: ParsedCatalog, item: Item) -> dict[DocType, str]:
    return {d: rendered(d, item, demo_context(demo, d)) for d in WINDOW_DOCS}


def test_a_licence_cites_article_32_on_every_window_document(demo: ParsedCatalog) -> None:
    licence = item_named(demo, "企业设立登记")
    assert licence.item_type == "行政许可"
    text = texts_for(demo, licence)
    assert (
        "根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，决定予以受理"
        in (text[DocType.ACCEPTANCE_NOTICE])
    )
    assert "法律依据：《中华人民共和国行政许可法》第三十二条" in text[DocType.ACCEPTANCE_NOTICE]
    missing = text[DocType.MISSING_MATERIALS_NOTICE]
    assert "第三十二条第一款第（四）项" in missing and "自收到申请材料之日起即为受理" in missing
    refusal = text[DocType.REFUSAL_NOTICE]
    assert "根据《中华人民共和国行政许可法》第三十二条第一款的规定，决定不予受理" in refusal
    assert "六十日内向黄石市人民政府申请行政复议" in refusal
    assert "六个月内直接向黄石市黄石港区人民法院提起行政诉讼" in refusal
    assert "《中华人民共和国行政许可法》第三十二条第二款" in text[DocType.MATERIAL_RECEIPT]


@pytest.mark.parametrize(
    ("name", "item_type"),
    [
        ("住房公积金个人住房贷款", "公共服务"),
        ("不动产转移登记（二手房买卖）", "行政确认"),
        ("契税申报", "其他行政权力"),
    ],
)
def test_other_item_types_never_cite_the_licensing_law(
    demo: ParsedCatalog, name: str, item_type: str
) -> None:
    item = item_named(demo, name)
    assert item.item_type == item_type
    for doc_type, text in texts_for(demo, item).items():
        assert LICENCE_LAW not in text, (item_type, doc_type)
        assert "申请申请" not in text, (item_type, doc_type)
    accepted = rendered(
        DocType.ACCEPTANCE_NOTICE, item, demo_context(demo, DocType.ACCEPTANCE_NOTICE)
    )
    basis = flat(item.legal_basis)
    assert f"依照{basis}等有关规定" in accepted
    assert "国发〔2022〕5号" in accepted
    missing = rendered(
        DocType.MISSING_MATERIALS_NOTICE, item, demo_context(demo, DocType.MISSING_MATERIALS_NOTICE)
    )
    assert "即为受理" not in missing  # deemed acceptance is a licence rule (Art. 32)


def test_the_housing_fund_loan_is_a_public_service_without_a_doubled_word(
    demo: ParsedCatalog,
) -> None:
    loan = item_named(demo, "住房公积金个人住房贷款申请")
    text = rendered(DocType.ACCEPTANCE_NOTICE, loan, demo_context(demo, DocType.ACCEPTANCE_NOTICE))
    assert "提出的住房公积金个人住房贷款申请，经审查" in text and "申请申请" not in text
    assert "依照《住房公积金管理条例》" in text and "予以受理" in text
    refusal = rendered(DocType.REFUSAL_NOTICE, loan, demo_context(demo, DocType.REFUSAL_NOTICE))
    assert "该申请不符合办理条件，决定不予受理" in refusal
    assert "可以向黄石市住房公积金中心申请复核" in refusal  # a public service's remedy first
    assert "向黄石市人民政府申请行政复议" in refusal


def test_an_item_name_without_the_word_gets_it_once(demo: ParsedCatalog) -> None:
    licence = item_named(demo, "企业设立登记")
    text = rendered(
        DocType.ACCEPTANCE_NOTICE, licence, demo_context(demo, DocType.ACCEPTANCE_NOTICE)
    )
    assert f"提出的{flat(licence.name)}申请，经审查" in text


def test_a_type_the_template_does_not_list_uses_the_default(demo: ParsedCatalog) -> None:
    adjudication = replace(item_named(demo, "企业设立登记"), item_type="行政裁决")
    text = rendered(
        DocType.REFUSAL_NOTICE, adjudication, demo_context(demo, DocType.REFUSAL_NOTICE)
    )
    assert "该裁决申请不符合受理条件，决定不予受理" in text and LICENCE_LAW not in text
    reward = replace(adjudication, item_type="行政奖励")  # no section: [item_types.default]
    text = rendered(DocType.REFUSAL_NOTICE, reward, demo_context(demo, DocType.REFUSAL_NOTICE))
    assert "该申请不符合受理条件，决定不予受理" in text and LICENCE_LAW not in text


def test_every_item_type_of_the_demo_catalog_is_worded(demo: ParsedCatalog) -> None:
    """Each type renders its acceptance notice with the right law and review body."""
    seen: set[str] = set()
    for item in demo.items:
        if item.item_type in seen:
            continue
        seen.add(item.item_type)
        text = rendered(
            DocType.ACCEPTANCE_NOTICE, item, demo_context(demo, DocType.ACCEPTANCE_NOTICE)
        )
        assert (LICENCE_LAW in text) == (item.item_type == "行政许可"), item.item_type
    assert seen == {"行政许可", "行政确认", "行政给付", "公共服务", "其他行政权力"}


# ------------------------------------------------------------- the hall edits the wording


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('deny_title = "不予办理决定书"\n', "", "item_types.default.deny_title"),
        (
            '[item_types."行政给付"]\n',
            '[item_types."行政给付"]\naccept_cluase = "x"\n',
            "item_types.行政给付.accept_cluase",
        ),
        (
            'refuse_clause = "该申请不符合受理条件，决定不予受理。"',
            'refuse_clause = "{accept_clause}"',  # no wording inside another
            "item_types.default.refuse_clause",
        ),
        ("[item_types.default]", "[item_types.standard]", "item_types.default"),
    ],
)
def test_a_broken_item_type_section_is_refused_naming_the_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    from clerk_app.printing import TemplateError, load_templates
    from tests.unit.test_printing import copy_templates, edit

    templates = copy_templates(tmp_path)
    edit(templates, old, new)
    with pytest.raises(TemplateError, match=message):
        load_templates(templates)


def test_the_hall_rewords_a_type_in_the_file(tmp_path: Path, demo: ParsedCatalog) -> None:
    from tests.unit.test_printing import copy_templates, edit

    templates = copy_templates(tmp_path)
    edit(
        templates,
        '[item_types."公共服务"]\n',
        '[item_types."公共服务"]\naccept_basis = "《湖北省政务服务事项办理规程》"\n',
    )
    loan = item_named(demo, "住房公积金个人住房贷款申请")
    case = replace(sample_case(DocType.ACCEPTANCE_NOTICE), item=loan, scenario_code=None)
    ctx = demo_context(demo, DocType.ACCEPTANCE_NOTICE)
    pdf = render_document(DocType.ACCEPTANCE_NOTICE, case, ctx, templates_dir=templates)
    assert "法律依据：《湖北省政务服务事项办理规程》" in flat("".join(page_texts(pdf)))


def test_an_older_file_without_item_types_gets_the_shipped_wording(
    tmp_path: Path, demo: ParsedCatalog
) -> None:
    from tests.unit.test_printing import copy_templates

    templates = copy_templates(tmp_path)
    file = templates / "documents.toml"
    text = file.read_text(encoding="utf-8")
    start, end = text.index("\n[item_types.default]"), text.index("\n[defaults]")
    file.write_text(text[:start] + text[end:], encoding="utf-8")
    loan = item_named(demo, "住房公积金个人住房贷款申请")
    case = replace(sample_case(DocType.REFUSAL_NOTICE), item=loan, scenario_code=None)
    pdf = render_document(
        DocType.REFUSAL_NOTICE,
        case,
        demo_context(demo, DocType.REFUSAL_NOTICE),
        templates_dir=templates,
    )
    text = flat("".join(page_texts(pdf)))
    assert "该申请不符合办理条件" in text and LICENCE_LAW not in text


# ------------------------------------------------------------- the department's decision


@pytest.mark.parametrize(
    ("name", "title", "clause", "review_body"),
    [
        ("企业设立登记", "不予行政许可决定书", "第三十八条第二款", "黄石市人民政府"),
        ("不动产转移登记（二手房买卖）", "不予确认决定书", "决定不予确认", "黄石市人民政府"),
        ("住房公积金个人住房贷款申请", "不予办理告知书", "决定不予办理", "黄石市人民政府"),
        ("契税申报", "不予办理决定书", "决定不予办理", "国家税务总局湖北省税务局"),
    ],
)
def test_the_denial_is_titled_and_worded_by_item_type(
    demo: ParsedCatalog, name: str, title: str, clause: str, review_body: str
) -> None:
    from datetime import UTC, datetime

    from clerk_app.domain.cases import CaseStatus
    from clerk_app.domain.department_docs import DepartmentDocKind, DepartmentDocument
    from clerk_app.printing.department_docs import DepartmentDoc, render_department_document

    item = item_named(demo, name)
    denial = DepartmentDocument(
        DepartmentDocKind.DENIAL,
        "黄审不〔2026〕1号",
        "申请不符合法定条件",
        item.department,
        item.department_code,
        datetime(2026, 11, 27, 3, 0, tzinfo=UTC),
        "王芳",
    )
    case = replace(
        sample_case(DocType.ACCEPTANCE_NOTICE),
        item=item,
        scenario_code=None,
        status=CaseStatus.RESULT_READY,
        department_documents=(denial,),
    )
    ctx = demo_context(demo, DocType.ACCEPTANCE_NOTICE)
    text = flat(
        "".join(page_texts(render_department_document(DepartmentDoc.DENIAL_DECISION, case, ctx)))
    )
    assert title in text and clause in text and "申请不符合法定条件" in text
    assert f"六十日内向{review_body}申请行政复议" in text
    assert "六个月内" in text and "黄石市黄石港区人民法院" in text
    assert (LICENCE_LAW in text) == (item.item_type == "行政许可")
    assert flat(item.department) in text  # the department signs it

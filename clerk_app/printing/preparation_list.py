"""准备资料清单: what the help desk gives a citizen who is not ready yet (帮办预审).

One A4 page in the common case: the item(s) and scenario, every material still needed with its
form, copies, where to get it and what was wrong with what was brought, the blank-form
reference, the hall's address, hours and phone, and a QR that reopens this pre-check on the
next visit (sealed with the hall's key: ``domain/precheck.py``). Materials already in order are
listed briefly so the citizen knows to bring them again.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer, TableStyle

from clerk_app.domain.catalog import Bundle, Item, Material
from clerk_app.domain.precheck import Finding, Precheck, line_materials, precheck_lines
from clerk_app.printing.codes import CodesHeader
from clerk_app.printing.layout import (
    CONTENT_WIDTH,
    EMPTY,
    HEADER_FILL,
    RowBreakTable,
    TitleLine,
    clean,
    styles,
)
from clerk_app.printing.pages import a4_template

TITLE = "准备资料清单"


@dataclass(frozen=True, slots=True)
class HallInfo:
    name: str
    address: str = ""
    hours: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class NeededMaterial:
    """One line of the list: a material the citizen still has to bring or fix."""

    material: Material
    item_names: tuple[str, ...]
    finding: Finding
    note: str


def needed_materials(
    precheck: Precheck, items: Sequence[Item], bundle: Bundle | None = None
) -> list[NeededMaterial]:
    """Required materials of the pre-check's items and scenario not yet brought in good order,
    each once (a material several items ask for is one line naming them)."""
    names = {item.code: item.name for item in items}
    needed: list[NeededMaterial] = []
    for line in precheck_lines(items, precheck.scenario_code, bundle):
        found = precheck.finding_for(line.key)
        material = line.material
        if not material.required or found.finding is Finding.BROUGHT:
            continue
        if is_fetched_by_hall(material):
            continue
        item_names = tuple(names[c] for c in line.item_codes if c in names)
        needed.append(NeededMaterial(material, item_names, found.finding, found.note))
    return needed


def is_fetched_by_hall(material: Material) -> bool:
    """The window fetches it from the shared library (共享库调取): the citizen brings nothing."""
    return "共享" in material.source


def fetched_names(
    precheck: Precheck, items: Sequence[Item], bundle: Bundle | None = None
) -> list[str]:
    lines = precheck_lines(items, precheck.scenario_code, bundle)
    return list(
        dict.fromkeys(
            line.material.name
            for line in lines
            if line.material.required and is_fetched_by_hall(line.material)
        )
    )


def brought_names(
    precheck: Precheck, items: Sequence[Item], bundle: Bundle | None = None
) -> list[str]:
    materials = line_materials(items, precheck.scenario_code, bundle)
    return [materials[k].name for k in precheck.brought_codes() if k in materials]


def _scenario_names(precheck: Precheck, items: Sequence[Item]) -> str:
    names = [s.name for item in items for s in item.scenarios if s.code == precheck.scenario_code]
    return names[0] if names else EMPTY


def _p(text: object, style: Any) -> Paragraph:
    return Paragraph(escape(clean(text)) or EMPTY, style)


def _materials_table(lines: Sequence[NeededMaterial], several_items: bool, st: Any) -> Any:
    head = ["序号", "还需准备的材料", "形式与份数", "到哪里开具", "预审发现的问题"]
    rows: list[list[Any]] = [[_p(h, st.head) for h in head]]
    for n, line in enumerate(lines, start=1):
        m = line.material
        name = m.name + (f"（{'、'.join(line.item_names)}）" if several_items else "")
        if m.blank_form:
            name += f"（空白表格：{m.blank_form}，可在大厅领取）"
        problem = line.finding.label if line.finding is not Finding.NOT_CHECKED else "未带"
        if line.note:
            problem += f"：{line.note}"
        rows.append(
            [
                _p(n, st.cell_center),
                _p(name, st.cell),
                _p(f"{m.form.label} {m.copies}份", st.cell_center),
                _p(m.source or EMPTY, st.cell),
                _p(problem, st.cell),
            ]
        )
    widths = [12 * mm, 62 * mm, 26 * mm, 34 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    table = RowBreakTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#333333"),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def render_preparation_list(
    precheck: Precheck,
    items: Sequence[Item],
    hall: HallInfo,
    qr_text: str,
    *,
    printed_by: str,
    bundle: Bundle | None = None,
    printed_at: datetime,
) -> bytes:
    """The list as PDF bytes (fonts embedded)."""
    st = styles()
    lines = needed_materials(precheck, items, bundle)
    story: list[Any] = [
        CodesHeader(
            precheck.number,
            qr_text,
            font_name=st.font,
            qr_caption="再次来办请出示此码",
            barcode_caption="预审编号条形码",
        ),
        Spacer(1, 3 * mm),
        TitleLine(TITLE, st.font),
        _p(f"预审编号：{precheck.number}", st.number),
        _p(f"办理事项：{'、'.join(i.name for i in items) or EMPTY}", st.small),
        _p(f"办理情形：{_scenario_names(precheck, items)}", st.small),
        Spacer(1, 2 * mm),
        _materials_table(lines, len(items) > 1, st)
        if lines
        else _p("所需材料已带齐，可直接到窗口办理。", st.body),
        Spacer(1, 2 * mm),
    ]
    brought = brought_names(precheck, items, bundle)
    if brought:
        story.append(_p(f"已核对、下次请一并带来：{'、'.join(brought)}", st.small))
    fetched = fetched_names(precheck, items, bundle)
    if fetched:
        story.append(_p(f"由窗口通过共享库调取、无需准备：{'、'.join(fetched)}", st.small))
    if precheck.note:
        story.append(_p(f"帮办说明：{precheck.note}", st.small))
    story += [
        Spacer(1, 3 * mm),
        _p(
            f"本清单在{precheck.open_until:%Y年%m月%d日}前再次来办时有效：请出示右上角二维码，"
            "已核对的材料不再重复核对。",
            st.note,
        ),
        Spacer(1, 3 * mm),
        _p(f"办理地点：{hall.name}　{hall.address}", st.small),
        _p(f"办公时间：{hall.hours or EMPTY}　咨询电话：{hall.phone or EMPTY}", st.small),
        _p(
            f"预审人员：{printed_by}　打印时间：{printed_at:%Y-%m-%d %H:%M}",
            st.small,
        ),
    ]
    buffer = io.BytesIO()
    doc = a4_template(
        buffer, title=f"{TITLE} {precheck.number}", author=hall.name, subject=precheck.number
    )

    def first_font(*args: Any, **kwargs: Any) -> Canvas:
        kwargs["initialFontName"] = st.font  # no non-embedded Helvetica on the page
        return Canvas(*args, **kwargs)

    doc.build(story, canvasmaker=first_font)
    return buffer.getvalue()

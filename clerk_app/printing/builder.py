"""The building blocks every printed document is made of: wording filled from the
templates, the codes header, the case's information table, bordered tables and the closing
legal basis and signatures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.colors import black, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from clerk_app.domain.cases import Case
from clerk_app.domain.catalog import HandlingKind
from clerk_app.printing.case_values import (
    PrintContext,
    addressed,
    copies_label,
    form_label,
    material_label,
    person_id,
    person_mobile,
)
from clerk_app.printing.layout import (
    CELL_PADDING,
    CONTENT_WIDTH,
    EMPTY,
    HEADER_FILL,
    LABEL_FILL,
    SPLIT_IN_ROW_MIN,
    RowBreakTable,
    SignatureBlock,
    Styles,
    TitleLine,
    clean,
    cn_date,
    cn_number,
    markup,
)
from clerk_app.printing.pages import ReprintHeader
from clerk_app.printing.seal import seal_image
from clerk_app.printing.templates import DocTemplate, Templates, fill


@dataclass
class Builder:
    case: Case
    ctx: PrintContext
    tpl: Templates
    doc: DocTemplate
    values: dict[str, str]
    st: Styles

    def t(self, name: str) -> str:
        return self.fill(self.doc.text(name))

    def fill(self, text: str) -> str:
        return addressed(fill(text, self.values), self.case.applicant.is_organisation)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(markup(text), style or self.st.body)

    def cell(self, text: str, width: float, *, centred: bool = False) -> str | Paragraph:
        """A table cell: plain text when it fits on one line (drawing a Paragraph costs about
        ten times more), a wrapping Paragraph when it does not."""
        text = clean(text)
        style = self.st.cell_center if centred else self.st.cell
        if stringWidth(text, self.st.font, style.fontSize) <= width - 2 * CELL_PADDING - 1:
            return text
        return Paragraph(markup(text), style)

    def cell_font(self) -> list[tuple[Any, ...]]:
        return [
            ("FONT", (0, 0), (-1, -1), self.st.font, self.st.cell.fontSize, self.st.cell.leading),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]

    def header(self, title: str) -> list[Flowable]:
        qr = fill(self.tpl.hall["qr_text"], self.values).strip() or self.case.number
        if qr == EMPTY:
            qr = self.case.number
        stamp = f"{self.ctx.printed_at:%Y-%m-%d %H:%M}" if self.ctx.reprint else ""
        return [
            ReprintHeader(self.case.number, qr, font_name=self.st.font, stamp_time=stamp),
            TitleLine(title, self.st.font),
            self.para(self.t("number"), self.st.number),
        ]

    def numbered(
        self, texts: Sequence[str], style: ParagraphStyle | None = None
    ) -> list[Paragraph]:
        return [
            self.para(f"{cn_number(i)}、{self.fill(text)}", style or self.st.note)
            for i, text in enumerate(texts, start=1)
        ]

    def label_table(
        self,
        rows: Sequence[tuple[str, ...]],
        *,
        value: Callable[[str, float], str | Paragraph] | None = None,
        padding: float | None = None,
    ) -> Table:
        """Bordered label/value rows of four cells, or two whose value spans the row.
        ``value`` makes a value's cell (default: ``cell``, "—" when empty); ``padding`` is the
        space above a cell's text (default: the density's)."""
        make_value = value or (lambda text, width: self.cell(text or EMPTY, width))
        pad = self.st.cell_pad if padding is None else padding
        widths = [27 * mm, CONTENT_WIDTH / 2 - 27 * mm, 27 * mm, CONTENT_WIDTH / 2 - 27 * mm]
        data: list[list[Any]] = []
        spans: list[tuple[Any, ...]] = []
        for r, row in enumerate(rows):
            label = self.cell(row[0], widths[0], centred=True)
            if len(row) == 2:
                data.append([label, make_value(row[1], sum(widths[1:])), "", ""])
                spans.append(("SPAN", (1, r), (3, r)))
                spans.append(("BACKGROUND", (1, r), (3, r), white))
            else:
                second = self.cell(row[2], widths[2], centred=True)
                data.append(
                    [label, make_value(row[1], widths[1]), second, make_value(row[3], widths[3])]
                )
        table = RowBreakTable(data, colWidths=widths, splitInRow=SPLIT_IN_ROW_MIN)
        table.setStyle(
            TableStyle(
                [
                    *self.cell_font(),
                    ("ALIGN", (0, 0), (0, -1), "CENTER"),
                    ("ALIGN", (2, 0), (2, -1), "CENTER"),
                    ("GRID", (0, 0), (-1, -1), 0.6, black),
                    ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                    ("BACKGROUND", (2, 0), (2, -1), LABEL_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.5),
                    *spans,
                ]
            )
        )
        return table

    def info_table(self, *, with_promise: bool) -> Table:
        case = self.case
        full_id, full_mobile = self.doc.full_id, self.doc.full_mobile
        a = case.applicant
        received = case.received_at or self.ctx.printed_at
        id_kind = a.document_label
        rows: list[tuple[str, str, str, str] | tuple[str, str]] = [
            ("案件编号", case.number, "申请日期", cn_date(received.date())),
            ("事项名称", f"{case.item.name}（{case.item.code}）"),
            ("实施机关", case.item.department, "办理情形", case.scenario_name or EMPTY),
            ("申请人", a.name, "办件类型", f"{case.item.item_type}　{case.item.handling.label}"),
            (
                "证件号码",
                f"{id_kind}　{person_id(a, full_id)}",
                "联系电话",
                person_mobile(a, full_mobile),
            ),
        ]
        if case.agent is not None:
            g = case.agent
            rows.append(("代办人", g.name, "代办人电话", person_mobile(g, full_mobile)))
            rows.append(("代办人证件", f"{g.document_label}　{person_id(g, full_id)}"))
        if case.bundle is not None:  # the bundle's other item cases share this number
            rows.append(("一件事", f"{case.bundle.name}　编号 {case.bundle.number}"))
        rows.append(("受理窗口", self.values["window"], "受理人", self.values["clerk"] or EMPTY))
        if with_promise:
            rows.append(
                (
                    "承诺办结日期",
                    "当场办结（即办件）"
                    if case.item.handling is HandlingKind.IMMEDIATE
                    else cn_date(case.promised_date),
                    "送达方式",
                    self.values["delivery"],
                )
            )
        return self.label_table(rows)

    def grid(
        self,
        heads: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        centred: Sequence[int] = (0,),
    ) -> Table:
        """A bordered table whose header row repeats on every page it spans."""
        flex = CONTENT_WIDTH - sum(w for w in widths if w > 0)
        col_widths = [w if w > 0 else flex for w in widths]
        data: list[list[Any]] = [
            [self.cell(h, w, centred=True) for h, w in zip(heads, col_widths, strict=True)]
        ]
        if not rows:
            data.append(
                [self.cell("（无）", CONTENT_WIDTH, centred=True)] + [""] * (len(heads) - 1)
            )
        for row in rows:
            data.append(
                [self.cell(v or "", col_widths[i], centred=i in centred) for i, v in enumerate(row)]
            )
        style: list[tuple[Any, ...]] = [
            *self.cell_font(),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            *[("ALIGN", (i, 1), (i, -1), "CENTER") for i in centred],
            ("GRID", (0, 0), (-1, -1), 0.6, black),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), self.st.cell_pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.st.cell_pad + 0.5),
        ]
        if not rows:
            style += [("SPAN", (0, 1), (-1, 1)), ("ALIGN", (0, 1), (-1, 1), "CENTER")]
        table = RowBreakTable(data, colWidths=col_widths, repeatRows=1, splitInRow=SPLIT_IN_ROW_MIN)
        table.setStyle(TableStyle(style))
        return table

    def received_table(self, *, with_note: bool = True) -> Table:
        rows = [
            [str(i), material_label(c), form_label(c), copies_label(c), c.note]
            for i, c in enumerate(self.case.received(), start=1)
        ]
        return self.grid(
            ["序号", "材料名称", "材料形式", "份数", "备注"],
            rows,
            [11 * mm, 0, 26 * mm, 12 * mm, 38 * mm],
            centred=(0, 2, 3),
        )

    def space(self, millimetres: float) -> Spacer:
        return Spacer(1, millimetres * mm * self.st.gap)

    def section(self, text: str) -> Paragraph:
        return self.para(text, self.st.section)

    def legal_basis(self) -> list[Flowable]:
        out: list[Flowable] = [self.para(f"法律依据：{self.t('legal_basis')}", self.st.small)]
        if self.case.item.legal_basis.strip():
            out.append(self.para(f"设定依据：{self.case.item.legal_basis}", self.st.small))
        return out

    def issue_date(self) -> date:
        """The date under the issuer: the day the case was received."""
        return (self.case.received_at or self.ctx.printed_at).date()

    def signature(self, labels: Sequence[str], *, sealed: bool = True) -> SignatureBlock:
        seal = (
            (seal_image(self.tpl.seal_path), self.values_hall("seal_purpose")) if sealed else None
        )
        return SignatureBlock(
            [fill(x, self.values) for x in labels],
            font=self.st.font,
            issuer=self.values["hall_name"] if sealed else "",
            issue_date=self.issue_date(),
            seal=seal,
            line_gap=self.st.line_gap,
        )

    def values_hall(self, key: str) -> str:
        return clean(fill(self.tpl.hall[key], self.values))

    def closing(self, before: Sequence[Flowable] = ()) -> list[Flowable]:
        """Legal basis and signatures, kept on one page with the paragraph ``before`` them
        so a page never holds the signatures alone."""
        return [
            KeepTogether(
                [
                    *before,
                    self.space(1),
                    *self.legal_basis(),
                    self.space(1),
                    self.signature(self.doc.texts("signatures")),
                ]
            )
        ]

    def notes_and_closing(self) -> list[Flowable]:
        notes = self.numbered(self.doc.texts("notes"))
        return [*notes[:-1], *self.closing(notes[-1:])]

    def opening(self) -> list[Flowable]:
        return [
            *self.header(self.t("title")),
            self.para(self.t("salutation"), self.st.salutation),
            self.para(self.t("intro")),
        ]

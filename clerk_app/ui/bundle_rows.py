"""A bundle's item cases shown together in a case table (待领取, 案件查询): a heading row
across the table names the bundle (一件事编号, its name, how many items are ready), its item
cases follow it. Cases of no bundle stay where they were.

A table model over ``Row | BundleHeading`` declares its columns with :func:`member_text`
(a heading has no cells), answers a heading's roles with :func:`heading_data`, and the view
spans each heading across the columns after every reset (:func:`span_headings`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTableView

from clerk_app.domain.bundle_handout import BundleHandout, state_for, summary_of
from clerk_app.domain.cases import Case

if TYPE_CHECKING:
    from clerk_app.store.cases import Cases, CaseSummary

Member = TypeVar("Member")

HEADING_BACKGROUND = QColor("#e3ebf7")
HEADING_TEXT = QColor("#1f4e9c")  # the blue bundles have in the acceptance's item search


@dataclass(frozen=True, slots=True)
class BundleHeading:
    """The row above a bundle's item cases."""

    number: str  # 一件事编号
    text: str  # what the row says

    @classmethod
    def of(cls, cases: Sequence[Case]) -> BundleHeading:
        """The heading of the bundle the ``cases`` (all of one bundle application) make."""
        link = cases[0].bundle
        assert link is not None, "a heading is made for a bundle's cases only"
        text = cls.describe(
            link.number,
            link.name,
            cases[0].applicant.name,
            BundleHandout.of(cases).summary(),
        )
        if link.promised_date is not None:
            text += "　" + QCoreApplication.translate("CaseTables", "一件事承诺办结：%1").replace(
                "%1", link.promised_date.isoformat()
            )
        return cls(link.number, text)

    @classmethod
    def of_summaries(cls, number: str, rows: Sequence[CaseSummary]) -> BundleHeading:
        """The heading from the case list's rows of the bundle (no case loaded)."""
        states = [state_for(r.status, r.gap_due is not None) for r in rows]
        return cls(
            number,
            cls.describe(number, rows[0].bundle_name, rows[0].applicant_name, summary_of(states)),
        )

    @staticmethod
    def describe(number: str, name: str, applicant: str, summary: str) -> str:
        return (
            QCoreApplication.translate("CaseTables", "一件事 %1　%2　申请人：%3　%4")
            .replace("%1", number)
            .replace("%2", name)
            .replace("%3", applicant)
            .replace("%4", summary)
        )


def member_text(text: Callable[[Member], str]) -> Callable[[Member | BundleHeading], str]:
    """A column's cell text for member rows; a heading has none (its text spans the row)."""

    def cell(row: Member | BundleHeading) -> str:
        return "" if isinstance(row, BundleHeading) else text(row)

    return cell


def heading_data(heading: BundleHeading, column: int, role: int, one_line: int) -> Any:
    """What a heading row answers Qt: its text in the first cell (spanned across the table),
    bold and blue on a light band. Its size hint is small: the spanned text must not widen the
    first column, sized to its contents."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        return heading.text if column == 0 else ""
    if role == Qt.ItemDataRole.SizeHintRole:
        return QSize(1, one_line)
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    if role == Qt.ItemDataRole.BackgroundRole:
        return QBrush(HEADING_BACKGROUND)
    if role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(HEADING_TEXT)
    return None


def grouped(
    rows: Sequence[Member],
    bundle_of: Callable[[Member], str],
    members: Callable[[str], Sequence[Member]],
    heading: Callable[[str, Sequence[Member]], BundleHeading],
) -> list[Member | BundleHeading]:
    """``rows`` in their order, each bundle's cases together under its heading where the
    first of them stood. ``bundle_of(row)`` is the row's bundle number ("" for none);
    ``members(number)`` every row of that bundle (also those ``rows`` lacked); ``heading``
    makes the heading of a bundle from its members."""
    out: list[Member | BundleHeading] = []
    seen: set[str] = set()
    for row in rows:
        number = bundle_of(row)
        if not number:
            out.append(row)
            continue
        if number in seen:
            continue
        seen.add(number)
        group = list(members(number)) or [row]
        out.append(heading(number, group))
        out.extend(group)
    return out


def span_headings(view: QTableView, rows: Sequence[object]) -> None:
    """Span every heading row of ``rows`` (the model's) across the view's columns."""
    view.clearSpans()
    model = view.model()
    columns = model.columnCount() if model is not None else 0
    for index, row in enumerate(rows):
        if isinstance(row, BundleHeading) and columns > 1:
            view.setSpan(index, 0, 1, columns)


def with_bundles(found: list[CaseSummary], cases: Cases) -> list[CaseSummary | BundleHeading]:
    """The case list's rows ``found`` with every bundle among them shown whole, under its
    heading: a bundle's item cases together, whatever the search left out of them (one more
    query for all the bundles' cases)."""
    numbers = sorted({s.bundle_no for s in found if s.bundle_no})
    members: dict[str, list[CaseSummary]] = {n: [] for n in numbers}
    if numbers:
        rows = cases.search(bundle_nos=numbers, limit=100 * len(numbers))
        for row in sorted(rows, key=lambda r: r.number):  # numbered in the bundle's order
            members[row.bundle_no].append(row)
    return grouped(found, lambda s: s.bundle_no, members.__getitem__, BundleHeading.of_summaries)

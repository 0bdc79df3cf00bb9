"""How a checklist line says what the shared materials library holds for it (一号匹配): the
cell's text and colours, translated (the domain's ``LibraryOffer.text`` has no Qt)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor

from clerk_app.domain.cases import MaterialCheck
from clerk_app.domain.library import LibraryEntry, LibraryOffer, OfferKind
from clerk_app.ui.acceptance._common import ERROR_COLOUR, OK_COLOUR

_OFFERED = QColor(OK_COLOUR)
_EXPIRED = QColor(ERROR_COLOUR)


def _validity(entry: LibraryEntry) -> str:
    if entry.valid_until is None:
        return QCoreApplication.translate("ChecklistModel", "长期有效")
    return QCoreApplication.translate("ChecklistModel", "有效期至 %1").replace(
        "%1", f"{entry.valid_until:%Y-%m-%d}"
    )


def offer_text(offer: LibraryOffer | None, check: MaterialCheck) -> str:
    """库中已有（有效期至 …）·免提交 offered, 库中已过期（…）·需提交 flagged; once taken
    only the validity (实收份数 says 免提交, 电子件 库中调取: the 状态 cell keeps its height)."""
    if offer is None:
        return (
            QCoreApplication.translate("ChecklistModel", "库中调取·免提交")
            if check.library_entry
            else ""
        )
    if offer.kind is OfferKind.EXPIRED:
        until = offer.entry.valid_until
        return QCoreApplication.translate("ChecklistModel", "库中已过期（%1）·需提交").replace(
            "%1", f"{until:%Y-%m-%d}" if until else ""
        )
    if check.library_entry == offer.entry.entry_id:
        return _validity(offer.entry)
    text = QCoreApplication.translate("ChecklistModel", "库中已有（%1）·免提交")
    return text.replace("%1", _validity(offer.entry))


def library_text(row: Any) -> str:
    """The cell of a ``ChecklistRow`` (its ``offer`` and ``check``)."""
    return offer_text(row.offer, row.check)


def library_colour(offer: LibraryOffer | None, check: MaterialCheck) -> QBrush | None:
    """The text of an offered or taken line green, of an expired entry dark red (flagged)."""
    if offer is None and not check.library_entry:
        return None
    expired = offer is not None and offer.kind is OfferKind.EXPIRED
    return QBrush(_EXPIRED if expired else _OFFERED)

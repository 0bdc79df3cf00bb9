"""A label's look by its role (ok, error, warning, hint): the colours and weights live in the
style sheet's ``QLabel[role="…"]`` rules (resources/qss/clerk.qss), not in the code."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def set_role(label: QLabel, role: str) -> None:
    if label.property("role") == role:
        return  # the same look: no re-polish on every refresh
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)

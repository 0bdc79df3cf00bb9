"""Who works what at a counter PC: which accounts write cases (受理, 出件), why the others do
not, and what they see in the acceptance tab instead."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

# Who may write cases (accept, hand out): the server's policy, action case.write (sync.push
# also lets the help desk push its pre-checks; tests/ui/test_roles_at_counter.py checks both).
# Other staff at a counter PC get the look-ups and their own pages, not 受理/出件.
CASE_WRITER_ROLES = frozenset({"clerk", "supervisor"})
_CONTEXT = "MainWindow"  # the strings were translated there; the context stays


def may_write_cases(role: str) -> bool:
    return role in CASE_WRITER_ROLES


def no_cases_reason(role: str) -> str:
    """Why this account gets no 受理/出件 (the server refuses its cases)."""
    if role == "helpdesk":
        return QCoreApplication.translate("MainWindow", "帮办账号不能受理案件")
    if role == "admin":
        return QCoreApplication.translate("MainWindow", "管理员账号不能受理案件")
    return QCoreApplication.translate("MainWindow", "本账号不能受理案件")


def acceptance_placeholder(parent: QWidget, role: str, writes_cases: bool) -> QWidget:
    """What the acceptance tab holds when there is no acceptance page: why, and what else."""
    placeholder = QWidget(parent)
    placeholder.setObjectName("acceptance_placeholder")
    box = QVBoxLayout(placeholder)
    text = (
        QCoreApplication.translate("MainWindow", "受理模块未能加载，请联系系统管理员。")
        if writes_cases
        else no_cases_reason(role)
        + QCoreApplication.translate(
            "MainWindow", "（受理、出件只限窗口人员和大厅主管）；可用：案件查询"
        )
        + (
            QCoreApplication.translate("MainWindow", "、帮办预审、绿色通道")
            if role == "helpdesk"
            else ""
        )
    )
    label = QLabel(text, placeholder)
    label.setProperty("role", "error")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    box.addWidget(label)
    return placeholder

"""Where the pre-check joins the main window: the help desk's page as its first tab, and at a
window that writes cases, the acceptance started from a pre-check (its ticket or its QR)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMenu, QTabWidget, QWidget

from clerk_app.ui.context import WindowContext
from clerk_app.ui.helpdesk.at_window import PrecheckAtWindow
from clerk_app.ui.helpdesk.page import PrecheckPage, desk_for
from clerk_app.ui.history_prechecks import PrecheckResults
from clerk_app.ui.workers import TaskRunner

PageOpener = Callable[[str, str], None]


def help_desk_page(
    context: WindowContext, queue_client: Any, tabs: QTabWidget, parent: QWidget
) -> PrecheckPage | None:
    """The 帮办预审 tab for a help-desk account (None for anyone else)."""
    if context.user.role != "helpdesk":
        return None
    page = PrecheckPage(context, desk_for(context, queue_client), parent)
    tabs.addTab(page, QCoreApplication.translate("MainWindow", "帮办预审"))
    return page


def window_prechecks(
    context: WindowContext,
    acceptance: QWidget,
    runner: TaskRunner,
    *,
    writes_cases: bool,
    menu: QMenu,
    status: QLabel,
    show_page: Callable[[], bool],
    history: PrecheckResults,
    parent: QWidget,
) -> PrecheckAtWindow | None:
    """The window's side of a pre-check (None for an account that writes no cases): the
    ticket's or the QR's pre-check fills the acceptance, and so does 案件查询 › 按此预审受理."""
    if not writes_cases:
        return None
    at_window = PrecheckAtWindow(context, desk_for(context, None), acceptance, runner, parent)
    at_window.message.connect(status.setText)
    at_window.add_action(menu, parent, show_page)
    history.start_acceptance = at_window.open
    history.show_acceptance = show_page
    return at_window


def opener(at_window: PrecheckAtWindow | None) -> PageOpener | None:
    return at_window.open if at_window is not None else None

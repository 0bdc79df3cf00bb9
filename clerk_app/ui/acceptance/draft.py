"""The acceptance draft: what the clerk has typed, saved as it is typed and offered again.

``DraftKeeper`` saves what the page holds (``AcceptancePage.entered``, an ``AcceptanceDraft``) in
the local store
(``clerk_app.store.drafts``) one second after the last change and at once on every step (an
item chosen, a decision picked, the ticket changed), keyed by hall + window + user. A confirmed
decision deletes it. After a crash, a ``kill -9`` or a logout with work in progress, the next
login of that user at that window offers it (``RestoreDraftDialog``: 恢复 / 放弃) and
``AcceptancePage.fill`` puts everything back: applicant and agent, item or bundle, scenarios, every
checklist line (state, copies, defect reason, note), the decision's fields and the ticket.

Leaving with work in progress (closing the window, logging out, logging out from the lock
screen) asks first (``LeaveWithDraftDialog``). Tests patch the dialogs' ``ask``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from clerk_app.domain.acceptance_draft import AcceptanceDraft
from clerk_app.store.drafts import Draft, DraftKey

if TYPE_CHECKING:
    from clerk_app.ui.acceptance.page import AcceptancePage

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1000  # saved this long after the last keystroke


# -- dialogs ------------------------------------------------------------------------------


class RestoreDraftDialog:
    """At login: an unfinished acceptance of this user at this window. True = 恢复."""

    @classmethod
    def ask(cls, parent: QWidget, summary: str) -> bool:
        box = QMessageBox(parent)
        box.setObjectName("restoreDraftBox")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(QCoreApplication.translate("RestoreDraftDialog", "未完成的受理"))
        box.setText(
            QCoreApplication.translate(
                "RestoreDraftDialog", "本窗口有一份未完成的受理草稿：\n%1\n\n是否恢复？"
            ).replace("%1", summary)
        )
        restore = box.addButton(
            QCoreApplication.translate("RestoreDraftDialog", "恢复"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        restore.setObjectName("restoreDraftButton")
        discard = box.addButton(
            QCoreApplication.translate("RestoreDraftDialog", "放弃"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        discard.setObjectName("discardDraftButton")
        box.setDefaultButton(restore)
        box.setEscapeButton(restore)  # Esc never throws the work away
        box.exec()
        return box.clickedButton() is not discard


class LeaveWithDraftDialog:
    """Leaving (close, logout) with an acceptance in progress. True = save the draft and
    leave; False = stay and go on with the acceptance."""

    @classmethod
    def ask(cls, parent: QWidget, action: str, summary: str) -> bool:
        box = QMessageBox(parent)
        box.setObjectName("leaveWithDraftBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("LeaveWithDraftDialog", "受理尚未完成"))
        box.setText(
            QCoreApplication.translate(
                "LeaveWithDraftDialog",
                "当前受理尚未确认：\n%1\n\n"
                "%2后，已录入的内容保存为草稿，下次在本窗口登录时可以恢复。",
            )
            .replace("%1", summary)
            .replace("%2", action)
        )
        leave = box.addButton(
            QCoreApplication.translate("LeaveWithDraftDialog", "保存草稿并%1").replace(
                "%1", action
            ),
            QMessageBox.ButtonRole.AcceptRole,
        )
        leave.setObjectName("saveDraftAndLeaveButton")
        stay: QPushButton = box.addButton(
            QCoreApplication.translate("LeaveWithDraftDialog", "继续办理"),
            QMessageBox.ButtonRole.RejectRole,
        )
        stay.setObjectName("continueButton")
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is leave


# -- state ----------------------------------------------------------------------------------


def snapshot(page: AcceptancePage) -> dict[str, Any]:
    """Everything the clerk entered on ``page``, as JSON-ready data."""
    return page.entered().to_dict()


def summary(data: dict[str, Any], saved_at: datetime | None = None) -> str:
    """One or two lines naming a stored draft (applicant, masked number, item, time)."""
    return AcceptanceDraft.from_dict(data).summary(saved_at)


# -- saving ---------------------------------------------------------------------------------


class DraftKeeper(QObject):
    """Saves the page's draft after changes (debounced) and at once on each step."""

    def __init__(
        self,
        page: AcceptancePage,
        now: Callable[[], datetime],
        *,
        delay_ms: int = DRAFT_DELAY_MS,
    ) -> None:
        super().__init__(page)
        self._page = page
        self._now = now
        context = page.context
        self.key = DraftKey(context.hall_code, context.window_no, context.user.username)
        self._saved = False  # this session wrote a draft (so clearing the page deletes it)
        self._paused = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def changed(self, *_args: object) -> None:
        """Something was typed: save a moment after the last change."""
        if not self._paused:
            self._timer.start()

    def step(self, *_args: object) -> None:
        """A step of the acceptance was taken: save now."""
        if not self._paused:
            self.save_now()

    def pause(self) -> None:
        """Restoring or clearing: the page's signals are not the clerk's changes."""
        self._paused += 1
        self._timer.stop()

    def resume(self) -> None:
        self._paused = max(self._paused - 1, 0)

    def save_now(self) -> None:
        self._timer.stop()
        page = self._page
        try:
            if page.has_unsaved_work():
                page.context.store.drafts.save(self.key, snapshot(page), self._now())
                self._saved = True
            elif self._saved:
                self.discard()
        except Exception:  # a draft is a safety net: never let it break the acceptance
            log.exception("saving the acceptance draft failed")

    def discard(self) -> None:
        """The work was confirmed or thrown away on purpose: no draft to offer."""
        self._timer.stop()
        self._saved = False
        try:
            self._page.context.store.drafts.delete(self.key)
        except Exception:
            log.exception("deleting the acceptance draft failed")

    def load(self) -> Draft | None:
        try:
            return self._page.context.store.drafts.load(self.key)
        except Exception:
            log.exception("reading the acceptance draft failed")
            return None

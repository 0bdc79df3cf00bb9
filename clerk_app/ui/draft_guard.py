"""An acceptance in progress is never lost by leaving: locking saves it as a draft, closing or
logging out asks first ("save the draft and leave" or "continue"), and the next login at this
window offers it back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget


class DraftGuard:
    def __init__(self, page: QWidget, window: QWidget) -> None:
        """``page``: the acceptance page (or its placeholder, which has no drafts)."""
        self._page = page
        self._window = window
        self.leave_confirmed = False  # the clerk already answered "save draft and leave"

    def in_progress(self) -> bool:
        has_work = getattr(self._page, "has_unsaved_work", None)
        return bool(callable(has_work) and has_work())

    def save(self) -> None:
        save = getattr(self._page, "save_draft_now", None)
        if callable(save):
            save()

    def confirm_leave(self, action: str) -> bool:
        """True when the window may go (nothing typed, or saved as a draft on the clerk's
        word); False when the clerk continues the work."""
        if self.leave_confirmed or not self.in_progress():
            return True
        from clerk_app.ui.acceptance.draft import LeaveWithDraftDialog

        summary = getattr(self._page, "draft_summary", lambda: "")()
        if not LeaveWithDraftDialog.ask(self._window, action, summary):
            return False
        self.save()
        self.leave_confirmed = True
        return True

    def offer(self, show_page: Callable[[], None]) -> list[str] | None:
        """After login: offer the draft this user left at this window (crash, kill, logout).
        None when none was restored, else what could not be put back."""
        stored = getattr(self._page, "stored_draft", None)
        draft = stored() if callable(stored) else None
        if draft is None:
            return None
        from clerk_app.ui.acceptance.draft import RestoreDraftDialog, summary

        if not RestoreDraftDialog.ask(self._window, summary(draft.data, draft.saved_at)):
            self._page.discard_draft()  # type: ignore[attr-defined]
            return None
        show_page()
        problems: list[str] = self._page.restore_draft(draft)  # type: ignore[attr-defined]
        return problems

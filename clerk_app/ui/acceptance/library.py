"""The shared materials library at acceptance (一号匹配 / 免提交).

As soon as the applicant is identified (a valid document, ``ApplicantPanel.identified``) the
window asks the server off the GUI thread (``sync.library.look_up``) and keeps the answer in
the PC's cache; offline, or when the server fails, it offers from the cache and says how old
it is, or which lines it could not check. When the network was the trouble, the first report
of the server reachable again (``follow_status``, wired to the sync indicator's
``statusChanged`` by the main window) looks the same applicant up once more: stale or
unchecked lines get the server's answer; lines already taken stay unless their entry is no
longer valid, and those are handed back and named. Each checklist line shows what the library holds
(``domain.library.offers``: valid → 免提交, expired → flagged, never offered); Ctrl+K takes
every offered line from the library (已收, nothing handed over, the case links the entry) and,
pressed again, gives them back. Acceptance never waits for the library.

Only accounts that write cases see it (``counter_roles.may_write_cases``): the help desk and
the kiosk never do.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QWidget

from clerk_app.domain.cases import IdKind, MaterialCheck
from clerk_app.domain.catalog import Material
from clerk_app.domain.hall_time import HALL_TZ, hall_now
from clerk_app.domain.library import LibraryEntry, LibraryOffer, OfferKind, offers
from clerk_app.domain.library_reuse import not_reused, noted, reuse_all
from clerk_app.sync import library as library_api
from clerk_app.sync.client import ApiError, OfflineError
from clerk_app.sync.engine import SyncStatus
from clerk_app.sync.library import LibraryAnswer
from clerk_app.ui.acceptance._common import BackgroundCaller
from clerk_app.ui.counter_roles import may_write_cases

if TYPE_CHECKING:
    from clerk_app.ui.acceptance.checklist import ChecklistPanel
    from clerk_app.ui.context import WindowContext

log = logging.getLogger(__name__)

REUSE_KEY = "Ctrl+K"


class Identity(NamedTuple):
    """The applicant's document as identified at the window."""

    kind: IdKind
    number: str
    nationality: str = ""


class LibraryBar(QLabel):
    """One line under the checklist: what the library said, with a link that takes the offered
    lines (the key's mouse path; a line, not a button row: the checklist keeps its height)."""

    reuseRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryStatusLabel")
        self.setWordWrap(True)
        self.setProperty("role", "hint")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setToolTip(self.tr("库中已有且在有效期内的材料全部标为已收·免提交（再按一次撤销）"))
        self.linkActivated.connect(lambda _link: self.reuseRequested.emit())
        self.setVisible(False)

    def say(self, parts: list[str], link: str = "") -> None:
        """The parts joined (plain text, escaped), then ``link`` as the reuse link."""
        sep = self.tr("；")
        text = html.escape(sep.join(parts))
        if link:
            text += f'{sep if text else ""}<a href="reuse">{html.escape(link)}</a>'
        self.setText(text)
        self.setVisible(bool(text))

    def plain(self) -> str:
        """The text as the clerk reads it (tests)."""
        return QTextDocumentFragment.fromHtml(self.text()).toPlainText()


class LibraryOffers(QObject):
    """Looks the identified applicant up and shows the library's offers on the checklist."""

    answered = Signal()  # a lookup ended (from the server, the cache, or failed): tests wait

    def __init__(
        self,
        context: WindowContext,
        checklist: ChecklistPanel,
        bar: LibraryBar,
        *,
        shortcut_parent: QWidget,
        why: Callable[[], str] = lambda: "",
        now: Callable[[], datetime] = hall_now,
    ) -> None:
        super().__init__(bar)
        self._context = context
        self._checklist = checklist
        self._bar = bar
        self._why = why
        self._now = now
        self._caller = BackgroundCaller(self)
        self._identity: Identity | None = None
        self._entries: tuple[LibraryEntry, ...] = ()
        self._checked = False  # the server or the cache answered for this applicant
        self._problem = ""  # why the server could not be asked ("" when it answered)
        self._dropped: list[str] = []  # lines whose reuse the server's answer no longer backs
        self._cache_seen: datetime | None = None  # the cache's age, when offering from it
        self._looking = False
        # The network failed this applicant's lookup: ask again once the server is reachable.
        # After a failed re-lookup only a report of the server unreachable, then reachable,
        # asks again (one lookup per recovery; the server allows 30 a minute per user).
        self._recheck = False
        self._recheck_after_outage = False
        self._rechecking = False
        self._offers: dict[int, LibraryOffer] = {}
        checklist.model.modelReset.connect(self._apply)
        bar.reuseRequested.connect(self.reuse_all)
        self.shortcut = QShortcut(QKeySequence(REUSE_KEY), shortcut_parent)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.reuse_all)

    @property
    def enabled(self) -> bool:
        return may_write_cases(self._context.user.role)

    def offers(self) -> dict[int, LibraryOffer]:
        return dict(self._offers)

    # -- looking up ---------------------------------------------------------------------
    def identify(self, identity: Identity | None) -> None:
        """The applicant identified (None: no applicant any more, or another one typed)."""
        if identity == self._identity and (self._checked or self._looking or self._rechecking):
            return
        self._identity = identity
        self._entries, self._checked, self._problem, self._cache_seen = (), False, "", None
        self._dropped = []
        self._looking = self._rechecking = False
        self._recheck = self._recheck_after_outage = False
        if identity is None or not self.enabled:
            self._apply()
            return
        if self._context.client is None:
            self._from_cache(identity, self.tr("离线办理"))
            return
        self._looking = True
        self._apply()
        self._look_up(identity)

    def follow_status(self, status: SyncStatus) -> None:
        """The sync indicator's report: the server reachable again after the network failed
        this applicant's lookup asks once more (off the GUI thread, as the first time)."""
        if not status.online:
            self._recheck_after_outage = False
            return
        identity = self._identity
        if not self._recheck or self._recheck_after_outage or identity is None:
            return
        if self._looking or self._rechecking:
            return
        self._recheck = False
        self._rechecking = True
        self._look_up(identity)

    def _look_up(self, identity: Identity) -> None:
        client = self._context.client
        assert client is not None
        store, why = self._context.store, self._why()

        def fetch() -> LibraryAnswer:
            answer = library_api.look_up(
                client, identity.kind, identity.number, identity.nationality, why
            )
            store.library.remember(
                identity.kind,
                identity.number,
                identity.nationality,
                answer.entries,
                seen_at=self._now(),
                as_of=answer.as_of,
            )
            return answer

        self._caller.call(fetch, lambda answer, exc: self._on_answer(identity, answer, exc))

    def _on_answer(self, identity: Identity, answer: object, exc: BaseException | None) -> None:
        if identity != self._identity:
            return  # the clerk moved on to another applicant meanwhile
        rechecked = self._rechecking
        self._looking = self._rechecking = False
        if exc is None and isinstance(answer, LibraryAnswer):
            self._entries, self._checked = answer.entries, True
            self._problem, self._cache_seen = "", None
            self._apply()
            self._drop_stale()
            self.answered.emit()
            return
        if isinstance(exc, ApiError):
            reason = exc.detail
        elif isinstance(exc, OfflineError):
            reason = self.tr("网络不通")
            self._recheck, self._recheck_after_outage = True, rechecked
        else:
            log.warning("library lookup failed", exc_info=exc)
            reason = self.tr("查询出错")
        self._from_cache(identity, reason)

    def _from_cache(self, identity: Identity, reason: str) -> None:
        """The cache offered instead of the server's answer. On a re-lookup that failed
        again, what the first failure showed (and the lines taken from it) stays."""
        self._problem = reason
        try:
            cached = self._context.store.library.cached(*identity)
        except Exception:  # the cache is a convenience: acceptance goes on without it
            log.exception("reading the library cache failed")
            cached = None
        if cached is not None:
            self._entries, self._checked = cached.entries, True
            self._cache_seen = cached.seen_at
        self._apply()
        self.answered.emit()

    def _drop_stale(self) -> None:
        """A line reused before this answer (a draft put back) whose entry the library no
        longer offers (expired, revoked) is handed back: the server would refuse it."""
        model = self._checklist.model
        valid = {o.entry.entry_id for o in self._offers.values() if o.kind is OfferKind.REUSABLE}
        stale = [
            (row, c) for row, c in enumerate(model.checks()) if c.library_entry not in valid | {""}
        ]
        for row, check in stale:
            model.set_check(row, not_reused(check))
        self._dropped = [c.material.name for _row, c in stale]
        if stale:
            self._apply()

    def wait(self, msecs: int = 5000) -> bool:
        """Tests and shutdown: wait for a running lookup."""
        return self._caller.wait(msecs)

    # -- showing ------------------------------------------------------------------------
    def _apply(self, *_args: object) -> None:
        """Offers of the lines shown now (the subject or scenario may have changed)."""
        model = self._checklist.model
        materials = [r.check.material for r in model.rows]
        found = offers(materials, self._entries, self._now().date()) if self._checked else {}
        self._offers = found
        if any(r.offer is not None for r in model.rows) or found:
            model.set_offers(found)
        self._show_status(materials)

    def _show_status(self, materials: list[Material]) -> None:
        bar = self._bar
        if self._identity is None or not self.enabled:
            bar.say([])
            return
        if self._looking:  # a moment: no line that comes and goes under the checklist
            bar.say([])
            return
        offered = sum(1 for o in self._offers.values() if o.kind is OfferKind.REUSABLE)
        expired = sum(1 for o in self._offers.values() if o.kind is OfferKind.EXPIRED)
        parts: list[str] = []
        if self._problem:
            if self._checked and self._cache_seen is not None:
                seen = self._cache_seen.astimezone(HALL_TZ)
                parts.append(
                    self.tr("共享库暂不可用：%1（使用本机缓存，更新于 %2）")
                    .replace("%1", self._problem)
                    .replace("%2", f"{seen:%m-%d %H:%M}")
                )
            else:
                unchecked = [m.name for m in materials if m.standard_code]
                text = self.tr("共享库暂不可用：%1").replace("%1", self._problem)
                if unchecked:
                    text += self.tr("；未能核对：%1").replace("%1", "、".join(unchecked))
                parts.append(text)
        if offered:
            parts.append(self.tr("库中已有 %1 项可免提交").replace("%1", str(offered)))
        if expired:
            parts.append(self.tr("%1 项已过期需提交").replace("%1", str(expired)))
        if self._dropped:
            parts.append(
                self.tr("库中已无有效件，改为需提交：%1").replace("%1", "、".join(self._dropped))
            )
        # nothing to say (the library holds nothing for these lines): the checklist keeps the room
        link = self.tr("%1 全部调取/撤销").replace("%1", REUSE_KEY) if offered else ""
        bar.say(parts, link)

    def noted(self, checks: list[MaterialCheck]) -> list[MaterialCheck]:
        """The checks as a case stores them: reused lines name their document (the entries
        this applicant's lookup gave; an entry not known here leaves the line as it is)."""
        by_id = {e.entry_id: e for e in self._entries}
        return [noted(c, by_id) for c in checks]

    # -- the key ------------------------------------------------------------------------
    def reuse_all(self) -> None:
        """Ctrl+K: every offered line from the library (again: all given back)."""
        model = self._checklist.model
        changed = reuse_all(model.checks(), self._offers)
        for row, check in changed.items():
            model.set_check(row, check)

"""What every screen of a logged-in window needs, passed to constructors (no global registry)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from clerk_app.domain.workdays import WorkdayCalendar
from clerk_app.ui.app_config import CaptureDevices

if TYPE_CHECKING:  # the UI layer may import these; TYPE_CHECKING keeps start-up light
    from PySide6.QtCore import QObject

    from clerk_app.store.local import LocalStore
    from clerk_app.store.logins import CachedUser
    from clerk_app.sync.client import CentralClient
    from clerk_app.ui.capture.sources import PageSource


@dataclass(slots=True)
class WindowContext:
    """The logged-in clerk at one window of one hall."""

    store: LocalStore
    client: CentralClient | None  # None when the window works offline
    user: CachedUser
    hall_code: str
    hall_name: str
    window_no: int
    window_label: str
    calendar: WorkdayCalendar
    templates_dir: Path | None = None  # None = the templates shipped in resources/templates
    # From the hall configuration (cached at login): what the notices print about the hall —
    # the public progress page of the QR and the key of its check code, the hall's phone.
    progress_page: str = ""
    progress_secret: str = ""
    hall_phone: str = ""
    hall_address: str = ""
    hall_hours: str = ""  # opening hours, printed on the help desk's preparation list
    precheck_open_days: int = 30
    log_dir: Path | None = None  # the app's log folder (帮助 › 导出诊断包); None: logs to stderr
    # This PC's 高拍仪 and scanner folder (its settings); the demo's 高拍仪 is a test frame.
    capture_devices: CaptureDevices = field(default_factory=CaptureDevices)
    demo: bool = False
    # When the clerk logged in (wall clock): a scan written since then is this clerk's even
    # if it reached the scanner folder before the capture dialog opened.
    logged_in_at: float = field(default_factory=time.time)

    @property
    def online(self) -> bool:
        return self.client is not None

    def page_sources(self, parent: QObject | None = None) -> list[PageSource]:
        """This window's page sources, not started (``ui.capture.sources``)."""
        from clerk_app.ui.capture.sources import sources_from_config

        return sources_from_config(
            self.capture_devices, demo=self.demo, parent=parent, since=self.logged_in_at
        )

"""The counter PC's local SQLite cache, one repository per concern over one database.

``store.cases.save_new(case)``, ``store.outbox.pending()``, ``store.catalog.search(text)``:
each repository opens its own transactions on the shared ``Database`` (WAL, one write lock
taken up front; see ``clerk_app.store.database``). A clerk action is one transaction holding
the change, its audit events and its outbox row, so a crash never leaves half of it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from clerk_app.store.applicants import Applicants
from clerk_app.store.attachments import Attachments
from clerk_app.store.capture import CapturedPages
from clerk_app.store.cases import Cases
from clerk_app.store.catalog import Catalog
from clerk_app.store.database import Database
from clerk_app.store.drafts import Drafts
from clerk_app.store.library import LibraryCache
from clerk_app.store.logins import LoginCache
from clerk_app.store.outbox import Outbox
from clerk_app.store.prechecks import Prechecks
from clerk_app.store.prints import Prints
from clerk_app.store.pull import Pull
from clerk_app.store.rejected import RejectedOperations
from clerk_app.store.settings import Settings


class LocalStore:
    """The local cache of one counter PC. Thread-safe."""

    def __init__(self, path: Path | str) -> None:
        self.database = Database(path)
        self.settings = Settings(self.database)
        self.logins = LoginCache(self.database)
        self.catalog = Catalog(self.database)
        self.applicants = Applicants(self.database)
        self.library = LibraryCache(self.database)
        self.cases = Cases(self.database)
        self.prints = Prints(self.database)
        self.drafts = Drafts(self.database)
        self.outbox = Outbox(self.database)
        self.prechecks = Prechecks(self.database)
        self.rejected = RejectedOperations(self.database)
        self.pull = Pull(self.database, self.catalog)
        # Captured files live beside the database (an in-memory store: a folder of its own).
        memory = str(path) == ":memory:"
        files = Path(tempfile.mkdtemp(prefix="clerk-files-")) if memory else Path(path).parent
        self.attachments = Attachments(self.database, files / "attachments")
        self.capture = CapturedPages(self.database, files / "capture")  # before the case exists

    def close(self) -> None:
        self.database.close()

"""One process-wide lock around Alembic runs.

Alembic keeps its migration context in module globals, so the counter's local store and the
embedded central server (``clerk-app --demo`` runs both in one process) must never migrate at
the same moment: one would see the other's context ("table … already exists").
"""

from __future__ import annotations

import threading

ALEMBIC_LOCK = threading.RLock()

"""Every model module, imported once so ``Base.metadata`` knows every table (Alembic, tests)."""

from __future__ import annotations

from clerk_app.central import (
    attachment_models,
    audit_models,
    library_models,
    precheck_models,
    queue_models,
    schedule_models,
    statistics_models,
    sync_models,
)
from clerk_app.central.models import Base

__all__ = [
    "Base",
    "attachment_models",
    "audit_models",
    "library_models",
    "precheck_models",
    "queue_models",
    "schedule_models",
    "statistics_models",
    "sync_models",
]

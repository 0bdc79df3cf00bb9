"""Plain upload of the cases the central server does not have yet.

Each case is sent whole (the server upserts by number, so a repeat after a lost response is
harmless) and marked uploaded at the revision that was sent: a case changed meanwhile stays
pending and goes again. A 4xx is recorded on the case (the clerk sees the server's reason)
and the others still go; an unreachable server stops the run with ``OfflineError``.
The full outbox engine (ordered operations, re-armed retries) is a later issue.
"""

from __future__ import annotations

from clerk_app.store.local import LocalStore
from clerk_app.sync.client import ApiError, CentralClient

_BATCH = 100
# Refusals that are about the session, not the case: stop and tell the caller instead of
# marking every case rejected (not logged in, no right, locked, too many requests).
_SESSION_STATUSES = frozenset({401, 403, 423, 429})


def upload_pending(store: LocalStore, client: CentralClient) -> int:
    """Upload cases not yet uploaded; returns how many the server now has at their revision.

    Raises ``OfflineError`` when the server cannot be reached, and ``ApiError`` when the
    session is refused (401/403/423/429: log in again); cases uploaded before stay marked.
    A refusal of one case (409, 422 ...) is recorded on it and the others go on.
    """
    uploaded = 0
    attempted: set[tuple[str, int]] = set()
    while True:
        fresh = [
            p
            for p in store.pending_uploads(limit=_BATCH + len(attempted))
            if (p.case.number, p.revision) not in attempted
        ]
        if not fresh:
            return uploaded
        for pending in fresh:
            attempted.add((pending.case.number, pending.revision))
            try:
                client.upload_case(pending.case)
            except ApiError as exc:
                if exc.status in _SESSION_STATUSES:
                    raise
                store.mark_case_rejected(pending.case.number, pending.revision, exc.detail)
                continue
            if store.mark_case_uploaded(pending.case.number, pending.revision):
                uploaded += 1

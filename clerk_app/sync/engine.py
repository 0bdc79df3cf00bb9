"""The counter PC's sync engine (DESIGN.md §3): push the outbox, pull the server's changes.

- Push: outbox operations go in order, in batches; the server applies each exactly once (its
  id is the idempotency key), so a batch whose answer was lost is simply sent again. An
  operation is marked done only after the server's answer is stored, in one local transaction.
- A 4xx answer to ONE operation (``rejected`` / ``conflict`` in the results) marks that
  operation rejected for the clerk; the operations behind it go on.
- Network errors, timeouts and 5xx (``OfflineError``) and session refusals (401/423/429)
  stop the round; the worker retries with exponential backoff and full jitter, waits at least
  ``Retry-After`` when the server sent one (capped by ``max_delay``), and never gives up.
- A push refused as a whole (403: this account may not write cases; 422: the batch itself)
  would be refused again and again: the engine holds the push (the status's ``refused`` says
  the server's reason), goes on pulling, and pushes again only when the login changes (another
  token on its client) or the clerk asks (``retry_push``). The outbox stays as it is.
- Attachments: after the push, captured files of cases the server holds go up in chunks,
  resuming from the server's offset (``clerk_app.sync.attachments``). Uploads refused for
  the session (this login may not upload) leave the files pending: the pull goes on, then
  the round fails with the server's reason (the status shows it) and retries with backoff.
- Pull: pages of changes are applied together with the cursor, in one local transaction each.
- ``full_redownload`` pushes the outbox first: local writes are never discarded.

The worker runs in its own thread (never the GUI thread). ``CentralClient`` is not
thread-safe: while the worker runs, the engine is the only user of its client.
"""

from __future__ import annotations

import logging
import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from clerk_app.contract.sync import OpResult, OpStatus, PullOut
from clerk_app.store.local import LocalStore
from clerk_app.store.outbox import OutboxOperation
from clerk_app.sync.attachments import AttachmentUploader, UploadReport, UploadsRefused
from clerk_app.sync.client import ApiError, CentralClient, OfflineError
from clerk_app.sync.threads import OwnsThread

log = logging.getLogger(__name__)

# Refusals about the session, not about an operation: nothing is marked rejected.
SESSION_STATUSES = frozenset({401, 403, 423, 429})
# A push refused as a whole for a reason a retry does not change (role, the batch itself).
PUSH_REFUSED_STATUSES = frozenset({403, 422})


@dataclass(frozen=True)
class PushReport:
    sent: int = 0
    applied: int = 0
    duplicate: int = 0
    rejected: int = 0
    conflict: int = 0
    remaining: int = 0


@dataclass(frozen=True)
class SyncStatus:
    online: bool
    pending: int
    rejected: int
    last_success: datetime | None
    error: str | None = None  # why the last round failed (Chinese), None when it worked
    refused: str | None = None  # the server refused this window's push as a whole: its reason


@dataclass
class Backoff:
    """Exponential backoff with full jitter, at least ``Retry-After``, capped; never stops."""

    base: float = 1.0
    max_delay: float = 60.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def next_delay(self, retry_after: float | None = None) -> float:
        self.failures += 1
        ceiling = min(self.max_delay, self.base * (2 ** min(self.failures - 1, 30)))
        delay = self.rng.uniform(ceiling / 2, ceiling)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_delay))
        return delay

    def reset(self) -> None:
        self.failures = 0


class SyncEngine(OwnsThread):
    def __init__(
        self,
        store: LocalStore,
        client: CentralClient,
        *,
        window_no: int | None = None,
        batch_size: int = 100,
        pull_limit: int = 500,
        interval: float = 5.0,
        base_delay: float = 1.0,
        max_delay: float = 60.0,
        rng: random.Random | None = None,
        on_status: Callable[[SyncStatus], None] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.window_no = window_no
        self.batch_size = batch_size
        self.pull_limit = pull_limit
        self.interval = interval
        self.backoff = Backoff(base_delay, max_delay, rng or random.Random())
        self.on_status = on_status
        self.attachments = AttachmentUploader(store, client)
        self._round_lock = threading.Lock()  # one round at a time: the client is not shared
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._online = False
        self._error: str | None = None
        # The push refused as a whole: the server's reason, and the login it refused.
        self._refused: str | None = None
        self._refused_token: str | None = None

    # ---------------------------------------------------------------- one round

    def push_once(self) -> PushReport:
        """Push the whole outbox, batch after batch, in order. Raises ``OfflineError`` (and
        ``ApiError`` for a session refusal); what was answered before stays recorded."""
        counts: Counter[OpStatus] = Counter()
        sent = 0
        with self._round_lock:
            while batch := self.store.outbox.pending(self.batch_size):
                outcomes = self._push_batch(batch)
                self.store.outbox.record_results(outcomes)
                sent += len(batch)
                counts.update(answer.status for _op, answer in outcomes)
            self.store.settings.note_sync("push")
        pending, _rejected = self.store.outbox.sync_counts()
        return PushReport(
            sent=sent,
            applied=counts[OpStatus.APPLIED],
            duplicate=counts[OpStatus.DUPLICATE],
            rejected=counts[OpStatus.REJECTED],
            conflict=counts[OpStatus.CONFLICT],
            remaining=pending,
        )

    def _push_batch(self, batch: list[OutboxOperation]) -> list[tuple[OutboxOperation, OpResult]]:
        """Each operation of ``batch`` with the server's answer to it."""
        operations = [op.to_wire().model_dump(mode="json") for op in batch]
        try:
            results = self.client.push_operations(self.window_no, operations)
        except ApiError as exc:
            if exc.status in PUSH_REFUSED_STATUSES:
                self._hold_push(exc.detail)
            raise
        answers = {a.op_id: a for a in map(_answer, results) if a is not None}
        return [(op, answers.get(op.op_id) or _missing(op.op_id)) for op in batch]

    def upload_attachments(self) -> UploadReport:
        """Captured files whose case is on the server, chunk by chunk (sync/attachments.py)."""
        with self._round_lock:
            return self.attachments.upload_pending()

    def pull_once(self) -> int:
        """Apply the server's changes after the stored cursor; returns how many came."""
        total = 0
        with self._round_lock:
            while True:
                page = self._pull_page()
                self.store.pull.apply(page.changes, page.cursor)
                total += len(page.changes)
                if not page.more or not page.changes:
                    break
            self.store.settings.note_sync("pull")
        return total

    def _pull_page(self) -> PullOut:
        """The page of changes after the stored cursor."""
        while True:
            cursor = self.store.pull.cursor()
            try:
                return self.client.pull_changes(cursor, self.pull_limit)
            except ApiError as exc:
                if exc.status != 422 or not cursor:
                    raise
                # The server does not know our cursor (its database was restored or
                # moved): pull everything again; applying a change twice is harmless.
                log.warning("the server refused sync cursor %r (%s); pulling all", cursor, exc)
                self.store.pull.set_cursor("")

    def sync_once(self) -> tuple[PushReport, int]:
        """Push, then pull (so the pull also brings back the server's answer to our writes).
        A held push (see the module doc) is skipped; the pull goes on."""
        report = PushReport()
        held: UploadsRefused | None = None
        if not self.push_held:
            try:
                report = self.push_once()
                self.upload_attachments()  # after the cases' own operations
            except UploadsRefused as exc:
                held = exc
            except ApiError as exc:
                if exc.status not in PUSH_REFUSED_STATUSES:
                    raise
        pulled = self.pull_once()
        if held is not None:
            raise UploadsRefused(
                held.status, f"材料暂停上传：{held.detail}", retry_after=held.retry_after
            ) from held
        return report, pulled

    def _hold_push(self, reason: str) -> None:
        log.warning("the server refused this window's push as a whole: %s", reason)
        self._refused = reason or "中心服务器拒绝了上传"
        self._refused_token = self.client.token

    @property
    def push_held(self) -> bool:
        """The last push was refused as a whole and nothing changed since: do not send it."""
        if self._refused is None:
            return False
        if self.client.token != self._refused_token:  # someone else logged in: try them
            self._refused = self._refused_token = None
            return False
        return True

    def retry_push(self) -> None:
        """The clerk asks to send the refused push again: the next round (now) tries."""
        self._refused = self._refused_token = None
        self.wake()

    def full_redownload(self, progress: Callable[[int], None] | None = None) -> int:
        """Replace the catalog by a fresh snapshot; the outbox is pushed FIRST.

        Raises ``OfflineError`` (nothing downloaded) when the outbox cannot be pushed: local
        writes are never discarded. The pull cursor is taken before the snapshot, so a change
        made meanwhile is pulled again afterwards (applying it twice is harmless).
        """
        self.push_once()
        with self._round_lock:
            head = self.client.sync_head()
            count = self.client.download_catalog(self.store, progress)
            if self.store.pull.cursor() is None:
                self.store.pull.set_cursor(head)
        return count

    def status(self) -> SyncStatus:
        pending, rejected = self.store.outbox.sync_counts()
        settings = self.store.settings
        pushes = [t for t in (settings.last_sync("push"), settings.last_sync("pull")) if t]
        return SyncStatus(
            online=self._online,
            pending=pending,
            rejected=rejected,
            last_success=max(pushes) if pushes else None,
            error=self._error,
            refused=self._refused,
        )

    # ---------------------------------------------------------------- worker

    def run_round(self) -> float:
        """One worker round; returns how long to wait before the next one."""
        try:
            self.sync_once()
        except OfflineError as exc:
            self._online, self._error = False, str(exc)
            return self.backoff.next_delay(exc.retry_after)
        except ApiError as exc:
            # a session refusal (log in again, locked, too many requests): keep re-arming
            self._online, self._error = True, exc.detail
            return self.backoff.next_delay(exc.retry_after)
        except Exception as exc:  # the worker must never die
            log.exception("sync round failed")
            self._online, self._error = False, f"同步出错：{exc}"
            return self.backoff.next_delay()
        self._online, self._error = True, None
        self.backoff.reset()
        return self.interval

    def _notify(self) -> None:
        if self.on_status is None:
            return
        try:
            self.on_status(self.status())
        except Exception:  # a broken listener must not stop the sync
            log.exception("sync status listener failed")

    def _loop(self) -> None:
        while not self._stop.is_set():
            delay = self.run_round()
            self._notify()
            self._wake.wait(delay)
            self._wake.clear()

    def start(self) -> None:
        """Run rounds in a daemon thread until ``stop()``."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._start_thread(self._loop, "clerk-sync")

    def wake(self) -> None:
        """Run the next round now (a clerk action just queued something)."""
        self._wake.set()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        self._join_thread(timeout)


def _answer(raw: object) -> OpResult | None:
    """The server's answer to one operation. One this counter cannot read (a status a newer
    server added) counts as refused, with the server's reason; None without an op_id."""
    try:
        return OpResult.model_validate(raw)
    except ValidationError:
        if not isinstance(raw, dict) or raw.get("op_id") is None:
            return None
        detail = str(raw.get("detail") or "服务器拒绝了此操作")
        return OpResult(op_id=str(raw["op_id"]), status=OpStatus.REJECTED, detail=detail)


def _missing(op_id: str) -> OpResult:
    return OpResult(op_id=op_id, status=OpStatus.REJECTED, detail="服务器没有返回此操作的结果")

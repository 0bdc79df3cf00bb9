"""Upload the PC's captured files to the central server, chunk by chunk, resuming (issue 14).

Runs in the sync worker after the outbox push (``SyncEngine.sync_once``): a file goes only once
its case is on the server. Each file: ``start`` (the same id again answers where the server
stands, so a killed app resumes from the server's offset, never from its own guess), chunks
from that offset, ``finish`` (the server checks size, SHA-256 and type). The offset the
server confirmed is noted as it goes (progress for the screen, a few times a second).

- A drop, a timeout or a 5xx (``OfflineError``) ends the round; the worker's backoff retries
  and the next round asks the server where it stands.
- 409 (a gap, an unfinished or damaged transfer): ask the server's offset and go on from it.
- 413 to a chunk (the server's ``CLERK_CENTRAL_ATTACHMENT_CHUNK_MAX_BYTES``, or a proxy's body
  limit, is below the counter's chunk): halve the chunk, down to ``MIN_CHUNK``, and send again
  from the server's offset; the smaller size holds for the rest of the round.
- A refusal about the file (413 too large at ``start``, 415 not PDF/JPEG/PNG, 404 no such
  case, 403 the case is another window's, 409 a closed case or an id used for other bytes)
  marks THAT file refused with the server's reason; nothing retries it on its own (the clerk
  may send it again from the status line: 重新上传 makes it pending); the others go on.
- A refusal about the session (401, 423, 426, 429, or a 403 that the server repeats when
  asked where this upload stands: this login may not upload at all) is no file's fault:
  :class:`UploadsRefused` ends the round, every file stays pending with the reason noted, and
  the engine reports it and tries again with its backoff (a restored permission resumes).
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from clerk_app.contract.attachments import UploadOut
from clerk_app.domain.hall_time import hall_now
from clerk_app.store.attachments import LocalAttachment
from clerk_app.store.local import LocalStore
from clerk_app.sync.client import ApiError, CentralClient, OfflineError

log = logging.getLogger(__name__)

UPLOADS = "/attachments/uploads"
# 1 MB (tests/bench/bench_upload.py, 5×10 MB on loopback, three runs): 256 KB is the slowest
# (16-25 MB/s against 25-37 at 1 MB); 4 MB is 1.0-2.0× faster than 1 MB (a chunk costs ~6-8 ms
# over a bare PUT, a file 100-200 ms: hash, start, finish), a gap a real link's transfer time
# shrinks (at 10 MB/s a 1 MB chunk takes 100 ms). But a chunk is lost whole when the link drops:
# at 1 MB/s with a drop every 3 s a 4 MB chunk gets through 26% of the time, 1 MB 72%; and 4 MB
# is the server's limit itself (ATTACHMENT_CHUNK_MAX_BYTES).
DEFAULT_CHUNK = 1024 * 1024
MIN_CHUNK = 64 * 1024  # a server answering 413 to this is misconfigured: the file is refused
_RESYNC_LIMIT = 20  # 409s in a row on one file before the round gives up on it
NOTE_EVERY = 0.25  # seconds between two progress notes (a resume asks the server anyway)
# Refusals about the login or the client (expired, locked, too old, too many requests).
SESSION_STATUSES = frozenset({401, 423, 426, 429})


class UploadsRefused(ApiError):
    """The server refused this login's uploads as a whole: no file is marked refused."""


@dataclass(frozen=True)
class UploadReport:
    stored: int = 0
    refused: int = 0


class AttachmentUploader:
    def __init__(
        self, store: LocalStore, client: CentralClient, chunk_size: int = DEFAULT_CHUNK
    ) -> None:
        self.store = store
        self.client = client
        self.chunk_size = chunk_size
        self._chunk = chunk_size  # this round's size: halved on a 413 to a chunk

    def upload_pending(self) -> UploadReport:
        """Every file ready to go, one after the other. Raises ``OfflineError`` or
        ``ApiError`` (:class:`UploadsRefused` for a refusal about the session) to end the
        round; what arrived stays noted."""
        stored = refused = 0
        self._chunk = self.chunk_size
        while batch := self.store.attachments.ready_to_upload():
            for attachment in batch:
                if self._upload(attachment):
                    stored += 1
                else:
                    refused += 1
        return UploadReport(stored, refused)

    def _upload(self, attachment: LocalAttachment) -> bool:
        """True once stored; False when the server refused the file for good."""
        if not _intact(attachment):
            self.store.attachments.mark_refused(
                attachment.id, "本机保存的文件已丢失或损坏，请重新采集"
            )
            return False
        try:
            answer = self._start(attachment)
            for _ in range(_RESYNC_LIMIT):
                try:
                    answer = self._send_from(attachment, answer)
                    if answer.stored:
                        break
                    answer = self._answer("POST", f"{UPLOADS}/{attachment.id}/finish")
                    break
                except ApiError as exc:
                    if exc.status != 409:
                        raise
                    # The server holds another offset (a gap, a damaged transfer): ask it.
                    answer = self._answer("GET", f"{UPLOADS}/{attachment.id}")
            else:
                raise OfflineError("材料上传多次未能与服务器对齐，稍后重试")
        except ApiError as exc:
            if exc.status in SESSION_STATUSES:
                self.store.attachments.note_attempt(attachment.id, exc.detail)
                raise
            if self._session_refused(attachment, exc):
                self.store.attachments.note_attempt(attachment.id, exc.detail)
                log.warning("the server refuses this login's uploads: %s", exc.detail)
                raise UploadsRefused(exc.status, exc.detail, retry_after=exc.retry_after) from exc
            self.store.attachments.mark_refused(attachment.id, exc.detail)
            log.warning("the server refused attachment %s: %s", attachment.id, exc.detail)
            return False
        except OfflineError as exc:
            self.store.attachments.note_attempt(attachment.id, str(exc))
            raise
        self.store.attachments.mark_stored(attachment.id, hall_now())
        return True

    def _session_refused(self, attachment: LocalAttachment, refusal: ApiError) -> bool:
        """Whether a 403 is about this login rather than this file: the server is asked where
        the upload stands, which any login that may upload is answered (200, or 404 before a
        start). A 403 again means the login itself may not upload (its role lost the right,
        a proxy refuses it); an answer means the first 403 was about the file's case."""
        if refusal.status != 403:
            return False
        try:
            self.client.call("GET", f"{UPLOADS}/{attachment.id}")
        except ApiError as exc:
            if exc.status in SESSION_STATUSES:
                raise
            return exc.status == 403
        return False

    def _start(self, attachment: LocalAttachment) -> UploadOut:
        body = {
            "upload_id": attachment.id,
            "case_number": attachment.case_number,
            "line_no": attachment.line_no,
            "material_code": attachment.material_code,
            "file_name": attachment.file_name,
            "media_type": attachment.media_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
            "pages": attachment.pages,
            "captured_by": attachment.captured_by,
            "captured_at": _moment(attachment.captured_at),
            "valid_until": attachment.valid_until,
            "issuer": attachment.issuer,
        }
        return self._answer("POST", UPLOADS, body=body)

    def _send_from(self, attachment: LocalAttachment, answer: UploadOut) -> UploadOut:
        """Chunks from the server's offset to the end of the file. The confirmed offset is
        noted for the screen at most every ``NOTE_EVERY`` seconds (each note is a local
        commit) and when the file ends or the round breaks off."""
        noted, noted_at = answer.offset, time.monotonic()
        try:
            with attachment.path.open("rb") as handle:
                while not answer.stored and answer.offset < attachment.size:
                    handle.seek(answer.offset)
                    chunk = handle.read(self._chunk)
                    try:
                        answer = self._answer(
                            "PUT",
                            f"{UPLOADS}/{attachment.id}",
                            data=chunk,
                            params={"offset": answer.offset},
                        )
                    except ApiError as exc:
                        if exc.status != 413 or len(chunk) <= MIN_CHUNK:
                            raise
                        # The chunk is over the server's limit: smaller, from the same offset.
                        self._chunk = max(MIN_CHUNK, len(chunk) // 2)
                        log.info("chunk refused as too large; sending %d bytes", self._chunk)
                        continue
                    if time.monotonic() - noted_at >= NOTE_EVERY:
                        self.store.attachments.note_offset(attachment.id, answer.offset)
                        noted, noted_at = answer.offset, time.monotonic()
        finally:
            if answer.offset != noted:
                self.store.attachments.note_offset(attachment.id, answer.offset)
        return answer

    def _answer(self, method: str, path: str, **request: Any) -> UploadOut:
        data = self.client.call(method, path, **request)
        try:
            return UploadOut.model_validate(data)
        except ValidationError as exc:
            raise OfflineError("中心服务器返回的数据无法识别，请稍后重试") from exc


def _intact(attachment: LocalAttachment) -> bool:
    """The kept file still hashes to what was captured (a damaged disk is not uploaded)."""
    digest = hashlib.sha256()
    try:
        with attachment.path.open("rb") as handle:
            while piece := handle.read(DEFAULT_CHUNK):
                digest.update(piece)
    except FileNotFoundError:
        return False
    return digest.hexdigest() == attachment.sha256


def _moment(text: str) -> str:
    return datetime.fromisoformat(text).isoformat()

"""The file of a result a department issues (a licence's scan or its electronic copy).

``POST /library/result-files`` takes the whole file in one request (bounded by the attachment
size limit and the server's body limit), checks its type by its magic bytes like a window's
upload, stores it in the blob store under its SHA-256 (once) and answers the hash; the
approval names it (``ResultDecisionIn.result_file_sha256``) and the result enters the library
with it. Only department accounts upload (``department.decide``); the upload is audited.
"""

from __future__ import annotations

import io
import os
import tempfile
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from clerk_app.central.attachment_models import Blob
from clerk_app.central.blob_store import BlobStore, sha256_of
from clerk_app.central.config import CentralSettings
from clerk_app.central.services import attachments, audit
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.blob_guard import blob_guard
from clerk_app.central.services.errors import UnsupportedType
from clerk_app.central.services.library import IssuedResult
from clerk_app.contract.library import ResultFileOut
from clerk_app.domain.attachments import HEAD_BYTES, file_refusal, sniff_media_type
from clerk_app.pdfium_lock import PDFIUM_LOCK

PDF = "application/pdf"
RESULT_FILE = "library.result_file"  # the upload's audit action (retention finds them by it)


def count_pages(data: bytes, media_type: str) -> int:
    """Pages of a PDF (pypdfium2); an image is one page."""
    if media_type != PDF:
        return 1
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(io.BytesIO(data))
        except pdfium.PdfiumError:
            return 1
        try:
            return max(1, len(document))
        finally:
            document.close()


def blob_pages(store: BlobStore, sha256: str, media_type: str) -> int:
    if media_type != PDF:
        return 1
    return count_pages(b"".join(store.read(sha256)), media_type)


def store_result_file(
    session: Session,
    user: AuthUser,
    data: bytes,
    settings: CentralSettings,
    store: BlobStore,
    now: datetime,
) -> ResultFileOut:
    refusal = file_refusal(data[:HEAD_BYTES], len(data), settings.attachment_max_bytes)
    if refusal is not None:
        raise UnsupportedType(refusal)
    media_type = sniff_media_type(data[:HEAD_BYTES]) or ""
    digest, size = sha256_of(iter((data,)))
    with blob_guard(session, digest):  # a purge of the same bytes waits, then keeps them
        # FOR SHARE: a purge of a result file nobody took waits for this upload (and keeps it)
        if session.get(Blob, digest, with_for_update={"read": True}) is None:
            folder = settings.upload_dir()
            folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix="result-", suffix=".part", dir=folder)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                store.put_file(digest, Path(name))
            finally:
                Path(name).unlink(missing_ok=True)
            attachments.add_blob(session, digest, size, media_type, as_utc(now))
        pages = count_pages(data, media_type)
        detail = {"sha256": digest, "size": size, "media_type": media_type, "pages": pages}
        audit.record_by(session, user, RESULT_FILE, digest[:40], detail, now)
        session.commit()
    return ResultFileOut(sha256=digest, size=size, media_type=media_type, pages=pages)


def issued_result(
    session: Session,
    store: BlobStore,
    *,
    material_code: str = "",
    valid_until: date | None = None,
    issuer: str = "",
    file_sha256: str | None = None,
) -> IssuedResult:
    """What an approval says of its result for the library, with the uploaded file's pages."""
    pages = 0
    if file_sha256:
        blob = session.get(Blob, file_sha256)
        if blob is not None:
            pages = blob_pages(store, file_sha256, blob.media_type)
    return IssuedResult(
        material_code=material_code.strip(),
        valid_until=valid_until,
        issuer=issuer.strip(),
        file_sha256=file_sha256 or "",
        file_pages=pages,
    )

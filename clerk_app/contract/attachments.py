"""Upload of electronic materials (issue 14 "Transfer and storage"): start → chunks → finish.

``POST /attachments/uploads`` (``UploadStartIn``) opens an upload, or answers where an earlier
one stands; ``PUT /attachments/uploads/{id}?offset=N`` appends raw bytes at N; ``GET`` the
upload asks how much the server holds (after a drop or a restart); ``POST …/finish`` checks
size, SHA-256 and file type and stores the blob. Every answer is ``UploadOut``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from clerk_app.contract.common import STRICT, Day, Moment, Username


class MediaType(StrEnum):
    PDF = "application/pdf"
    JPEG = "image/jpeg"
    PNG = "image/png"


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
UploadId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]


class UploadStartIn(BaseModel):
    model_config = STRICT

    upload_id: UploadId  # the counter's id of the file: the same id is the same upload
    case_number: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    line_no: Annotated[int, Field(ge=0, le=999)]
    material_code: Annotated[str, StringConstraints(max_length=64)] = ""
    file_name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    media_type: MediaType
    size: Annotated[int, Field(ge=1)]
    sha256: Sha256
    pages: Annotated[int, Field(ge=1, le=2000)] = 1
    captured_by: Username
    captured_at: Moment
    # What the window read off the document, for the shared library (一号匹配): optional
    valid_until: Day | None = None  # 有效期至
    issuer: Annotated[str, StringConstraints(max_length=120)] = ""  # 发证机关


class UploadOut(BaseModel):
    upload_id: str
    case_number: str
    size: int
    offset: int  # bytes the server holds; the next chunk starts here
    stored: bool  # the file is stored (finished, or the same bytes were stored before)

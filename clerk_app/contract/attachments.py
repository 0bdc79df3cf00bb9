"""Upload of electronic materials (issue 14 "Transfer and storage"): start → chunks → finish.

``POST /attachments/uploads`` (``UploadStartIn``) opens an upload, or answers where an earlier
one stands; ``PUT /attachments/uploads/{id}?offset=N`` appends raw bytes at N; ``GET`` the
upload asks how much the server holds (after a drop or a restart); ``POST …/finish`` checks
size, SHA-256 and file type and stores the blob. Every answer is ``UploadOut``.
"""

from __future__ import annotations

from datetime import datetime
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


# ------------------------------------------------------------------ the department sees the file
# ``GET /attachments/cases/{number}`` lists a case's materials line by line (``CaseMaterialsOut``);
# ``GET /attachments/{upload_id}/file`` is the file, ``…/pages/{n}`` one page as PNG/JPEG
# (``?thumb=1`` a thumbnail); a line reused from the shared library shows the entry's file
# (``GET /attachments/library/{entry_id}/pages/{n}?case=NUMBER``). ``POST
# /attachments/cases/{number}/unreadable`` (``UnreadableIn``) sends the case back for 补正 with
# the line and page named.


class FileState(StrEnum):
    STORED = "stored"  # all bytes arrived and checked
    ARRIVING = "arriving"  # the window is still uploading it
    PURGED = "purged"  # removed after the hall's retention period (the row stays)

    @property
    def label(self) -> str:
        return {
            FileState.STORED: "已保存",
            FileState.ARRIVING: "上传中",
            FileState.PURGED: "已按保存期限删除",
        }[self]


class AttachmentFileOut(BaseModel):
    upload_id: str
    file_name: str
    media_type: str
    size: int
    pages: int
    sha256: str
    captured_by: str
    captured_at: datetime
    uploaded_by: str
    state: FileState
    state_label: str
    purged_at: datetime | None = None


class LibraryFileOut(BaseModel):
    """The shared library's file a line reuses (共享库调取): nothing was copied to the case."""

    entry_id: str
    material_name: str
    source_case: str  # the case the file came from
    pages: int
    available: bool  # the entry has a file and it is stored
    label: str = "共享库调取"


class MaterialLineOut(BaseModel):
    line_no: int  # 0-based, as the checklist and the uploads count
    material_code: str
    material_name: str
    state: str  # MaterialState of the check ("" for a file of a line the checklist lacks)
    state_label: str
    pages: int  # pages of the line's stored files
    files: list[AttachmentFileOut]
    library: LibraryFileOut | None = None


class CaseMaterialsOut(BaseModel):
    case_number: str
    status: str
    status_label: str
    version: int  # what UnreadableIn.version is checked against
    lines: list[MaterialLineOut]


class UnreadableIn(BaseModel):
    model_config = STRICT

    upload_id: UploadId
    page: Annotated[int, Field(ge=1, le=2000)]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    working_days: Annotated[int, Field(ge=1, le=60)] = 10
    version: Annotated[int, Field(ge=1)] | None = None

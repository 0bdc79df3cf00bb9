"""The shared materials library (一号匹配 / 免提交, issue 14) as it crosses the wire.

A window asks ``POST /library/lookup`` (``LibraryLookupIn``: the applicant it has identified,
and the case or ticket it asks for) and gets ``LibraryLookupOut``: every entry of the
applicant's materials the hall's library holds, expired ones included (the counter flags them,
never offers them). A reuse is recorded with the case itself: the checklist line's
``MaterialCheckIn.library_entry`` names the entry, nothing is copied; the server checks it
(same applicant, same hall or a hall it shares with, still valid) and logs the reuse.
Help-desk and kiosk accounts get 403: they never see the library.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, StringConstraints

from clerk_app.contract.common import STRICT
from clerk_app.domain.cases import IdKind

EntryId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]


class EntryOrigin(StrEnum):
    CAPTURED = "captured"  # a material the window received and scanned
    ISSUED = "issued"  # a result the back office issued (a licence, a certificate)


class LibraryLookupIn(BaseModel):
    model_config = STRICT

    id_kind: IdKind
    id_number: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    nationality: Annotated[str, StringConstraints(max_length=3)] = ""
    why: Annotated[str, StringConstraints(max_length=64)] = ""  # case number or ticket


class LibraryEntryOut(BaseModel):
    entry_id: str
    material_code: str  # the hall's 材料编码 (Material.standard_code): what a line reuses by
    material_name: str
    issuer: str  # who issued the document (发证机关), "" when unknown
    document_number: str  # 证照编号, "" when none
    valid_until: date | None  # None: no expiry
    origin: EntryOrigin
    source_case: str  # the case it came from
    hall_code: str
    pages: int  # 0: no file (an issued result recorded without a scan)
    filed_at: datetime


class LibraryLookupOut(BaseModel):
    id_kind: IdKind
    nationality: str
    id_number_masked: str
    as_of: date  # the hall's today: what "valid" was judged against
    entries: list[LibraryEntryOut]


class ResultFileOut(BaseModel):
    """A result file a department uploaded (``POST /library/result-files``): name it by its
    hash in the approval (``ResultDecisionIn.result_file_sha256``)."""

    sha256: str
    size: int
    media_type: str
    pages: int

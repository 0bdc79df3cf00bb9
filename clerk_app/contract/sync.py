"""Offline-first sync (DESIGN.md §3): the operations a window pushes, the answer to each, and
the pages of changes it pulls."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

MAX_BATCH = 500  # operations in one push
MAX_PULL = 1000  # changes in one pull page


class OpKind(StrEnum):
    """What an outbox operation does; every ``case.*`` kind carries the whole case
    (``case.supply`` also the codes of the 容缺 materials brought: ``materials``)."""

    CASE_UPSERT = "case.upsert"
    CASE_CREATE = "case.create"
    CASE_UPDATE = "case.update"
    CASE_PRINT = "case.print"
    CASE_EVENT = "case.event"
    CASE_DELIVER = "case.deliver"
    CASE_SUPPLY = "case.supply"  # 补齐 of 容缺 materials at a window
    APPLICANT_UPSERT = "applicant.upsert"
    APPLICANT_SAVE = "applicant.save"
    PRECHECK_SAVE = "precheck.save"  # a help-desk pre-check (contract/precheck.py's PrecheckIn)

    @property
    def is_case(self) -> bool:
        return self.value.startswith("case.")


CASE_KINDS = frozenset(k for k in OpKind if k.is_case)
APPLICANT_KINDS = frozenset(k for k in OpKind if k.value.startswith("applicant."))
PRECHECK_KINDS = frozenset({OpKind.PRECHECK_SAVE})


class OpStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"  # refused (4xx): the window must change something
    CONFLICT = "conflict"  # based on a stale version: the window merges or gives up


class ChangeKind(StrEnum):
    """What a pulled change is about; a counter ignores a kind it does not know."""

    CASE = "case"
    ITEM = "item"
    BUNDLE = "bundle"
    CATALOG = "catalog"
    HALL = "hall"
    PRECHECK = "precheck"


# Changes that carry a citizen's identity: devices never pull them (services/privacy.py).
PERSONAL_CHANGES = (ChangeKind.CASE.value, ChangeKind.PRECHECK.value)


class OperationIn(BaseModel):
    """One outbox operation as a window sends it; applied at most once per ``op_id``."""

    op_id: str
    kind: OpKind
    base_version: int | None = None  # the case version the window's change is based on
    payload: dict[str, Any]


class PushIn(BaseModel):
    window_no: int | None = Field(default=None, description="推送的窗口号")
    # Kept loose on purpose: one malformed operation is rejected alone, the rest still apply.
    operations: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class OpResult(BaseModel):
    op_id: str
    status: OpStatus = Field(description="applied | duplicate | rejected | conflict")
    detail: str | None = None
    version: int | None = None
    changed: list[str] | None = None
    current: dict[str, Any] | None = None
    base: dict[str, Any] | None = Field(
        default=None, description="冲突时：本窗口所基于版本的案件内容（用于合并）"
    )
    case: dict[str, Any] | None = Field(
        default=None, description="已生效时：服务器现在保存的案件（办理记录以服务器为准）"
    )


class PushOut(BaseModel):
    results: list[OpResult]


class Change(BaseModel):
    kind: str  # a ChangeKind; plain text so an older counter still reads a newer server
    key: str
    version: int
    data: dict[str, Any] | None


class PullOut(BaseModel):
    changes: list[Change]
    cursor: str
    more: bool


class HeadOut(BaseModel):
    cursor: str

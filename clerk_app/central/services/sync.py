"""Offline-first sync, server side (DESIGN.md §3): the change log (pull) and operations (push).

Pull: every change a window must see is a ``change_log`` row written by :func:`record_change` in
the same transaction as the change. On PostgreSQL each row carries its transaction id; a pull
serves only rows whose transaction id is below ``pg_snapshot_xmin(pg_current_snapshot())`` — every
such transaction has finished, so no row can still appear there later — in (xid, seq) order,
and the cursor is the last (xid, seq) served. A transaction that commits late (lower xid,
later commit) is therefore delayed, never skipped. On SQLite the single writer commits rows in
sequence order, so xid is 0 and the sequence alone is the cursor.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, bindparam, func, insert, or_, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from clerk_app.central.catalog_io import item_to_dict as catalog_item_dict
from clerk_app.central.models import CatalogItem, CatalogMeta
from clerk_app.central.precheck_models import PrecheckRecord
from clerk_app.central.services import applicants, case_writes, prechecks, privacy
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.change_log import is_postgres as _is_postgres
from clerk_app.central.services.change_log import record_change as record_change
from clerk_app.central.services.errors import Conflict, Invalid, ServiceError
from clerk_app.central.sync_models import AppliedOperation, ChangeLog
from clerk_app.central.zh_errors import describe
from clerk_app.contract.cases import PersonIn
from clerk_app.contract.precheck import PrecheckIn
from clerk_app.contract.sync import (
    APPLICANT_KINDS,
    CASE_KINDS,
    MAX_BATCH,
    MAX_PULL,
    PERSONAL_CHANGES,
    PRECHECK_KINDS,
    Change,
    OpKind,
    OpResult,
    OpStatus,
    PullOut,
)
from clerk_app.domain.cases import Case, CaseStatus
from clerk_app.domain.catalog import Item
from clerk_app.domain.identifiers import check_document

_APPLIED = AppliedOperation.metadata.tables["applied_operations"]
_APPLIED_INSERT = insert(_APPLIED)
_APPLIED_STORED = select(_APPLIED.c.op_id, _APPLIED.c.request_hash, _APPLIED.c.response).where(
    _APPLIED.c.op_id == bindparam("b_op_id")
)
_APPLIED_SEEN = select(_APPLIED.c.op_id).where(_APPLIED.c.op_id == bindparam("b_op_id"))


# ---------------------------------------------------------------------------------- push

_ATTEMPTS = 5

# Case fields the clerk is told about when a stale write is refused.
_FIELD_LABELS = {
    "status": "状态",
    "decision": "受理决定",
    "checks": "材料",
    "promised_date": "承诺办结日期",
    "applicant": "申请人",
    "agent": "代理人",
    "events": "办理记录",
    "item": "事项",
    "result": "办理结果",
    "delivery": "出件信息",
}


@dataclass(frozen=True)
class Operation:
    op_id: str
    kind: str
    base_version: int | None
    payload: dict[str, Any]


def request_hash(kind: str, payload: dict[str, Any]) -> str:
    """What makes an operation "the same": its kind and payload (not its base version)."""
    text = json.dumps({"kind": kind, "payload": payload}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rejected(op_id: str, detail: str) -> OpResult:
    return OpResult(op_id=op_id, status=OpStatus.REJECTED, detail=detail)


class _AlreadyApplied(Exception):
    """A concurrent push of the same operation committed while this one waited for the lock."""


class _Refused(Exception):
    """The operation cannot be applied: rejected (4xx) or conflict (stale base version)."""

    def __init__(self, result: OpResult, *, refused_case: str | None = None) -> None:
        super().__init__(result.detail)
        self.result = result
        self.refused_case = refused_case  # a write the caller had no right to: audited


def _status_label(value: Any) -> str:
    try:
        return CaseStatus(str(value)).label
    except ValueError:
        return str(value)


def _what_changed(current: dict[str, Any], proposed: dict[str, Any]) -> list[str]:
    """Fields where the server's case differs from the window's write (keys, sorted)."""
    keys = set(current) | set(proposed)
    return sorted(k for k in keys if current.get(k) != proposed.get(k))


def _data_at(session: Session, number: str, version: int | None) -> dict[str, Any] | None:
    """The case as the server held it at ``version`` (from the change log), if logged."""
    if version is None:
        return None
    c = ChangeLog
    data = session.scalar(
        select(c.data)
        .where(c.kind == "case", c.key == number, c.version == version)
        .order_by(c.seq.desc())
        .limit(1)
    )
    return dict(data) if isinstance(data, dict) else None


def _conflict(session: Session, op: Operation, stale: case_writes.StaleVersion) -> _Refused:
    """A stale write: tell the window what the server changed since its base version (and
    send that base, so the window can merge its own change onto the server's)."""
    number, version = stale.number, stale.version
    if stale.current is None:
        detail = f"服务器上没有案件 {number}，但本窗口认为它已是版本 {op.base_version}"
        return _Refused(
            OpResult(op_id=op.op_id, status=OpStatus.CONFLICT, detail=detail, version=0, changed=[])
        )
    current, proposed = stale.current, stale.proposed
    base_data = _data_at(session, number, op.base_version)
    changed = _what_changed(base_data if base_data is not None else proposed, current)
    labels = "、".join(_FIELD_LABELS.get(k, k) for k in changed if k != "version") or "无"
    base = "无" if op.base_version is None else str(op.base_version)
    detail = (
        f"案件 {number} 已在服务器上被修改（服务器版本 {version}，本窗口基于版本 "
        f"{base}），当前状态：{_status_label(stale.status)}；服务器上改动了：{labels}。"
        "请核对后重新提交或放弃本次修改"
    )
    return _Refused(
        OpResult(
            op_id=op.op_id,
            status=OpStatus.CONFLICT,
            detail=detail,
            version=version,
            changed=changed,
            current=current,
            base=base_data,
        )
    )


def _parse_case(op: Operation) -> Case:
    try:
        return case_writes.parse_case(op.payload.get("case"))
    except ServiceError as exc:
        raise _Refused(_rejected(op.op_id, exc.detail)) from exc


def _seen_check(session: Session, op: Operation) -> Callable[[], None]:
    """Run under the case's row lock: a twin request may have committed while we waited."""

    def seen_meanwhile() -> None:
        if session.scalar(_APPLIED_SEEN, {"b_op_id": op.op_id}):
            raise _AlreadyApplied

    return seen_meanwhile


def _apply_case(
    session: Session, user: AuthUser, op: Operation, case: Case, now: datetime, where: str | None
) -> case_writes.Written:
    """Write the case through the one writer of cases (the server decides what it becomes)."""

    try:
        return case_writes.window_write(
            session,
            user,
            case,
            now,
            base_version=op.base_version,
            on_locked=_seen_check(session, op),
            where=where,
        )
    except case_writes.StaleVersion as stale:
        raise _conflict(session, op, stale) from stale
    except ServiceError as exc:
        refused = case.number if case_writes.is_refusal(exc) else None
        raise _Refused(_rejected(op.op_id, exc.detail), refused_case=refused) from exc


def _apply_supply(
    session: Session, user: AuthUser, op: Operation, case: Case, now: datetime, where: str | None
) -> case_writes.Written:
    """补齐 at a window: a command on the server's latest version, whatever the window's base."""
    materials = op.payload.get("materials")
    note = op.payload.get("note", "")
    try:
        window_no = case_writes.window_of(user)
        if not isinstance(materials, list) or not all(isinstance(m, str) for m in materials):
            raise Invalid("补齐操作缺少材料编码（payload.materials）")
        if not isinstance(note, str) or len(materials) > 50:
            raise Invalid("补齐操作的数据不合法")
        place = where or case_writes.window_label(session, user) or str(window_no)
        return case_writes.record_supply(
            session,
            user,
            case.number,
            materials,
            now,
            where=place,
            note=note,
            on_locked=_seen_check(session, op),
        )
    except ServiceError as exc:
        refused = case.number if case_writes.is_refusal(exc) else None
        raise _Refused(_rejected(op.op_id, exc.detail), refused_case=refused) from exc


def _apply_applicant(session: Session, user: AuthUser, op: Operation, now: datetime) -> None:
    try:
        case_writes.window_of(user)
        raw = op.payload.get("person", op.payload)
        person = PersonIn.model_validate(raw).to_person()
    except ServiceError as exc:
        raise _Refused(_rejected(op.op_id, exc.detail)) from exc
    except ValidationError as exc:  # say which field and why (a telephone that cannot be dialled)
        reasons = "；".join(f"{where}：{why}" for where, why in describe(exc.errors()))
        raise _Refused(_rejected(op.op_id, f"申请人数据不合法：{reasons}")) from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _Refused(_rejected(op.op_id, "申请人数据不完整或不合法")) from exc
    check = check_document(person.id_kind, person.id_number)
    if not check.ok:
        raise _Refused(_rejected(op.op_id, f"证件号码无效：{check.error}"))
    try:
        applicants.store(session, user.hall_code, person, now)  # the pushing window's hall only
    except ServiceError as exc:
        raise _Refused(_rejected(op.op_id, exc.detail)) from exc


def _apply_precheck(session: Session, user: AuthUser, op: Operation, now: datetime) -> int:
    """A help-desk or window PC's saved pre-check (services/prechecks.py decides)."""
    try:
        body = PrecheckIn.model_validate(op.payload)
    except ValidationError as exc:
        raise _Refused(_rejected(op.op_id, "预审数据不完整或不合法")) from exc
    try:
        return prechecks.save(session, user, body, now).version
    except Conflict as exc:
        held = session.get(PrecheckRecord, body.number)
        version = held.version if held is not None else None
        conflict = OpResult(
            op_id=op.op_id, status=OpStatus.CONFLICT, detail=exc.detail, version=version
        )
        raise _Refused(conflict) from exc
    except ServiceError as exc:
        raise _Refused(_rejected(op.op_id, exc.detail)) from exc


def _stored_answer(stored: Any, digest: str) -> OpResult:
    """The answer recorded for an operation id (``stored``: op_id, request_hash, response)."""
    if stored.request_hash != digest:
        detail = "操作编号已被另一内容不同的操作使用，已拒绝（请勿复用操作编号）"
        return _rejected(stored.op_id, detail)
    return OpResult.model_validate({**stored.response, "status": OpStatus.DUPLICATE})


def _repeat_answer(session: Session, stored: Any, digest: str, case: Case | None) -> OpResult:
    """A repeated operation id: the recorded answer, with the case it produced while that is
    still the server's latest (the window never heard the first answer)."""
    answer = _stored_answer(stored, digest)
    if case is not None and answer.status is OpStatus.DUPLICATE:
        held = case_writes.current(session, case.number)
        if held is not None and held[0] == answer.version:
            answer.case = held[1]
    return answer


def _apply_new(
    session: Session,
    user: AuthUser,
    op: Operation,
    case: Case | None,
    window_no: int | None,
    now: datetime,
    where: str | None,
) -> OpResult:
    """Apply an operation not seen before and record its answer (commits)."""
    data: dict[str, Any] | None = None
    version: int | None = None
    if case is not None:
        apply = _apply_supply if op.kind == OpKind.CASE_SUPPLY else _apply_case
        written = apply(session, user, op, case, now, where)
        version, data = written.version, written.data
    elif op.kind in APPLICANT_KINDS:
        _apply_applicant(session, user, op, now)
    elif op.kind in PRECHECK_KINDS:
        version = _apply_precheck(session, user, op, now)
    else:
        raise _Refused(_rejected(op.op_id, f"不支持的操作类型：{op.kind}"))
    answer = OpResult(op_id=op.op_id, status=OpStatus.APPLIED, version=version)
    session.execute(
        _APPLIED_INSERT,
        {
            "op_id": op.op_id,
            "request_hash": request_hash(op.kind, op.payload),
            "kind": op.kind,
            "username": user.username,
            "window_no": window_no,
            "response": answer.model_dump(mode="json", exclude_none=True),
            "applied_at": now,
        },
    )
    session.commit()
    if data is not None:
        answer.case = data
    return answer


def apply_operation(
    session: Session,
    user: AuthUser,
    op: Operation,
    window_no: int | None,
    now: datetime,
    *,
    where: str | None = None,
) -> OpResult:
    """Apply one operation exactly once, in its own transaction (committed here).

    The answer to a case operation that applied carries the case as the server now holds it
    (``case``): its events are the server's record, which the window keeps.
    """
    digest = request_hash(op.kind, op.payload)
    early: OpResult | None = None
    try:
        case = _parse_case(op) if op.kind in CASE_KINDS else None
    except _Refused as refused:
        case, early = None, refused.result
    for attempt in range(_ATTEMPTS):
        stored = session.execute(_APPLIED_STORED, {"b_op_id": op.op_id}).first()
        if stored is not None or early is not None:
            answer = _repeat_answer(session, stored, digest, case) if stored else early
            session.rollback()
            assert answer is not None
            return answer
        try:
            return _apply_new(session, user, op, case, window_no, now, where)
        except _Refused as refused:
            # nothing changed, so no answer is recorded: a fixed retry may still apply
            session.rollback()
            if refused.refused_case is not None:
                detail = refused.result.detail or ""
                case_writes.record_refusal(
                    session, user, refused.refused_case, op.kind, detail, now
                )
            return refused.result
        except _AlreadyApplied:
            session.rollback()
        except (IntegrityError, OperationalError, case_writes.ConcurrentWrite):
            # a concurrent push of the same operation or case won the race: look again
            session.rollback()
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _printable(text: str) -> str:
    """``text`` without lone surrogates (an answer must encode as UTF-8)."""
    return text.encode("utf-8", "replace").decode("utf-8")


def parse_operations(raw_ops: list[dict[str, Any]]) -> list[Operation | OpResult]:
    """Operations, or a ready "rejected" result for one that is malformed."""
    parsed: list[Operation | OpResult] = []
    for raw in raw_ops:
        op_id = raw.get("op_id")
        op_id = op_id.strip() if isinstance(op_id, str) else ""
        kind = raw.get("kind")
        base = raw.get("base_version")
        payload = raw.get("payload")
        try:
            case_writes.check_text(raw)
        except ServiceError as exc:
            parsed.append(_rejected(_printable(op_id), exc.detail))
            continue
        if not op_id or len(op_id) > 64:
            parsed.append(_rejected(op_id, "操作编号缺失或过长"))
        elif not isinstance(kind, str) or not kind:
            parsed.append(_rejected(op_id, "缺少操作类型"))
        elif base is not None and (
            not isinstance(base, int) or isinstance(base, bool) or not 0 <= base < 2**31
        ):
            parsed.append(_rejected(op_id, "base_version 应是整数或 null"))
        elif not isinstance(payload, dict):
            parsed.append(_rejected(op_id, "操作内容（payload）应是对象"))
        else:
            parsed.append(Operation(op_id, kind, base, payload))
    return parsed


def push(
    session: Session,
    user: AuthUser,
    window_no: int | None,
    raw_ops: list[dict[str, Any]],
    now: datetime,
) -> list[OpResult]:
    """Apply a window's operations in order, each in its own transaction; one result each.

    The window is the one the user is logged in at: ``window_no`` (what the client claims)
    is not trusted.
    """
    del window_no
    if len(raw_ops) > MAX_BATCH:
        raise Invalid(f"一次最多提交 {MAX_BATCH} 个操作")
    results: list[OpResult] = []
    where = case_writes.window_label(session, user)  # looked up once for the whole batch
    for entry in parse_operations(raw_ops):
        if isinstance(entry, Operation):
            results.append(apply_operation(session, user, entry, user.window_no, now, where=where))
        else:
            results.append(entry)
    # a case several operations wrote is sent once, as the last of them left it
    sent: set[str] = set()
    for result in reversed(results):
        case = result.case
        if case is not None:
            if case.get("number") in sent:
                result.case = None
            sent.add(str(case.get("number")))
    return results


# ---------------------------------------------------------------------------------- pull

_CURSOR_PREFIX = "v1"


def encode_cursor(xid: int, seq: int) -> str:
    return f"{_CURSOR_PREFIX}.{xid}.{seq}"


def decode_cursor(cursor: str | None) -> tuple[int, int]:
    """(xid, seq) of the last change served; an empty cursor means from the start."""
    if not cursor:
        return (-1, -1)
    parts = cursor.split(".")
    if len(parts) != 3 or parts[0] != _CURSOR_PREFIX:
        raise Invalid("同步游标格式不正确，请重新下载")
    try:
        return (int(parts[1]), int(parts[2]))
    except ValueError as exc:
        raise Invalid("同步游标格式不正确，请重新下载") from exc


def _watermark(session: Session) -> int | None:
    """PostgreSQL: the oldest transaction id still running; every lower one has finished."""
    if not _is_postgres(session):
        return None
    value = session.execute(
        text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    ).scalar_one()
    return int(value)


def head_cursor(session: Session) -> str:
    """A cursor past every change already committed (taken before a full catalog download).

    Changes still running may be served again later: applying one twice is harmless.
    """
    watermark = _watermark(session)
    if watermark is None:
        last = session.scalar(select(func.max(ChangeLog.seq))) or 0
        return encode_cursor(0, int(last))
    # every row of a transaction below the watermark is in what a following read sees
    return encode_cursor(watermark - 1, 2**62)


def pull(session: Session, user: AuthUser, cursor: str | None, limit: int = 500) -> PullOut:
    """Changes after ``cursor`` this user's windows must see, in a never-skipping order.

    Least data (services/privacy.py): devices get no case changes at all, the help desk and
    admins get cases with the applicant's identity masked."""
    last_xid, last_seq = decode_cursor(cursor)
    limit = max(1, min(limit, MAX_PULL))
    c = ChangeLog
    watermark = _watermark(session)
    stmt = select(c.xid, c.seq, c.kind, c.key, c.version, c.data).where(
        or_(c.hall_code.is_(None), c.hall_code == user.hall_code),
        or_(c.xid > last_xid, and_(c.xid == last_xid, c.seq > last_seq)),
    )
    if watermark is not None:
        stmt = stmt.where(c.xid < watermark)
    view = privacy.identity_view(user.role)
    if view == "none":
        stmt = stmt.where(c.kind.not_in(PERSONAL_CHANGES))
    rows = session.execute(stmt.order_by(c.xid, c.seq).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    session.rollback()  # end the read transaction: it must not hold back the watermark
    changes = [
        Change(
            kind=r.kind,
            key=r.key,
            version=r.version,
            data=privacy.change_for(user.role, r.kind, r.data),
        )
        for r in rows
    ]
    next_cursor = encode_cursor(rows[-1].xid, rows[-1].seq) if rows else cursor or ""
    if not rows and not cursor:
        next_cursor = encode_cursor(-1, -1)
    return PullOut(changes=changes, cursor=next_cursor, more=more)


# ---------------------------------------------------------------------------------- catalog


def apply_catalog_delta(
    session: Session,
    *,
    items: Sequence[Item] = (),
    withdrawn: Sequence[str] = (),
    catalog_version: str | None = None,
    now: datetime | None = None,
) -> int:
    """Add or change items and withdraw others, each logged for the windows' pull; commits.

    A withdrawn item stays in the catalog (old cases still open it) with ``withdrawn`` set.
    Returns the number of changes logged.
    """
    now = now or datetime.now(UTC)
    count = 0
    for item in items:
        data = catalog_item_dict(item)
        row = session.get(CatalogItem, item.code)
        if row is None:
            row = CatalogItem(code=item.code)
            session.add(row)
        row.version = item.version
        row.name = item.name
        row.department_code = item.department_code
        row.department = item.department
        row.zone = item.zone
        row.handling = item.handling.value
        row.withdrawn = item.withdrawn
        row.data = data
        session.flush()
        record_change(session, "item", item.code, data, version=item.version, now=now)
        count += 1
    for code in withdrawn:
        row = session.get(CatalogItem, code)
        if row is None:
            raise Invalid(f"没有编码为 {code} 的事项")
        data = {**row.data, "withdrawn": True}
        row.withdrawn = True
        row.data = data
        session.flush()
        record_change(session, "item", code, data, version=row.version, now=now)
        count += 1
    if catalog_version is not None:
        meta = session.get(CatalogMeta, 1)
        if meta is not None:
            meta.catalog_version = catalog_version
        record_change(session, "catalog", "version", {"catalog_version": catalog_version}, now=now)
    session.commit()
    return count

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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, insert, literal_column, or_, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from clerk_app.central.catalog_io import item_to_dict as catalog_item_dict
from clerk_app.central.models import Applicant, CaseRecord, CatalogItem, CatalogMeta
from clerk_app.central.services.applicants import remember_if_new
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Invalid
from clerk_app.central.sync_models import AppliedOperation, ChangeLog
from clerk_app.domain.cases import Case, CaseStatus, Person, parse_case_number
from clerk_app.domain.catalog import Item
from clerk_app.domain.identifiers import check_document

CHANGE_KINDS = frozenset({"case", "item", "bundle", "hall", "catalog"})

# Statements built once: building them per operation cost more than running them.
_CHANGE_LOG = ChangeLog.metadata.tables["change_log"]
_LOG_INSERT = insert(_CHANGE_LOG).returning(_CHANGE_LOG.c.seq)
_LOG_INSERT_PG = (
    insert(_CHANGE_LOG)
    .values(xid=literal_column("pg_current_xact_id()::text::bigint"))
    .returning(_CHANGE_LOG.c.seq)
)
_CASES = CaseRecord.metadata.tables["cases"]
_CASE_SELECT = select(_CASES.c.version, _CASES.c.hall_code, _CASES.c.status, _CASES.c.data).where(
    _CASES.c.number == bindparam("b_number")
)
_CASE_SELECT_LOCKED = _CASE_SELECT.with_for_update()
_CASE_INSERT = insert(_CASES)
_CASE_UPDATE = update(_CASES).where(_CASES.c.number == bindparam("b_number"))
_APPLIED = AppliedOperation.metadata.tables["applied_operations"]
_APPLIED_INSERT = insert(_APPLIED)
_APPLIED_STORED = select(_APPLIED.c.op_id, _APPLIED.c.request_hash, _APPLIED.c.response).where(
    _APPLIED.c.op_id == bindparam("b_op_id")
)
_APPLIED_SEEN = select(_APPLIED.c.op_id).where(_APPLIED.c.op_id == bindparam("b_op_id"))


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _hall_of(kind: str, key: str, data: dict[str, Any] | None) -> str | None:
    """Which hall's windows pull this change (None: every hall)."""
    if kind == "hall":
        return key
    if kind == "case":
        if data is not None and isinstance(data.get("hall_code"), str):
            return str(data["hall_code"])
        parsed = parse_case_number(key)
        return parsed[0] if parsed else None
    return None


def _version_of(session: Session, kind: str, key: str, data: dict[str, Any] | None) -> int:
    if data is not None and isinstance(data.get("version"), int):
        return int(data["version"])
    if kind == "case":
        record = session.get(CaseRecord, key)
        if record is not None:
            return record.version
    return 0


def record_change(
    session: Session,
    kind: str,
    key: str,
    data: dict[str, Any] | None,
    *,
    version: int | None = None,
    hall_code: str | None = None,
    now: datetime | None = None,
) -> int:
    """Log a change windows must pull; call it inside the transaction that makes the change.

    ``kind`` is "case" (key: case number, data: ``Case.to_dict()``), "item" / "bundle" (key: code,
    data: ``to_dict()``, or None when deleted), "hall" (key: hall code) or "catalog". ``data``
    None means removed. The version defaults to ``data["version"]`` or, for a case, the stored
    ``CaseRecord.version`` (flush the record first). Returns the change's sequence number.
    Does not commit.
    """
    if kind not in CHANGE_KINDS:
        raise ValueError(f"unknown change kind {kind!r}")
    values = {
        "kind": kind,
        "key": key,
        "hall_code": hall_code if hall_code is not None else _hall_of(kind, key, data),
        "version": version if version is not None else _version_of(session, kind, key, data),
        "data": data,
        "changed_at": now or datetime.now(UTC),
    }
    if _is_postgres(session):
        seq = session.execute(_LOG_INSERT_PG, values).scalar_one()
    else:
        seq = session.execute(_LOG_INSERT, {**values, "xid": 0}).scalar_one()
    return int(seq)


# ---------------------------------------------------------------------------------- push

CASE_KINDS = frozenset(
    {"case.upsert", "case.create", "case.update", "case.print", "case.event", "case.deliver"}
)
APPLICANT_KINDS = frozenset({"applicant.upsert", "applicant.save"})
MAX_BATCH = 500
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


def _result(
    op_id: str,
    status: str,
    detail: str | None = None,
    version: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {"op_id": op_id, "status": status, "detail": detail, "version": version, **extra}


class _AlreadyApplied(Exception):
    """A concurrent push of the same operation committed while this one waited for the lock."""


class _Refused(Exception):
    """The operation cannot be applied: rejected (4xx) or conflict (stale base version)."""

    def __init__(self, result: dict[str, Any]) -> None:
        super().__init__(result.get("detail"))
        self.result = result


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


def _conflict(
    session: Session,
    op: Operation,
    number: str,
    version: int,
    status: str,
    current: dict[str, Any],
    proposed: dict[str, Any],
) -> _Refused:
    """A stale write: tell the window what the server changed since its base version (and
    send that base, so the window can merge its own change onto the server's)."""
    base_data = _data_at(session, number, op.base_version)
    changed = _what_changed(base_data if base_data is not None else proposed, current)
    labels = "、".join(_FIELD_LABELS.get(k, k) for k in changed if k != "version") or "无"
    base = "无" if op.base_version is None else str(op.base_version)
    detail = (
        f"案件 {number} 已在服务器上被修改（服务器版本 {version}，本窗口基于版本 "
        f"{base}），当前状态：{_status_label(status)}；服务器上改动了：{labels}。"
        "请核对后重新提交或放弃本次修改"
    )
    return _Refused(
        _result(
            op.op_id,
            "conflict",
            detail,
            version,
            changed=changed,
            current=current,
            base=base_data,
        )
    )


def _parse_case(op: Operation, user: AuthUser) -> Case:
    raw = op.payload.get("case") if isinstance(op.payload.get("case"), dict) else None
    if raw is None:
        raise _Refused(_result(op.op_id, "rejected", "操作缺少案件数据（payload.case）"))
    try:
        case = Case.from_dict(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise _Refused(_result(op.op_id, "rejected", f"案件数据不完整：{exc}")) from exc
    if case.hall_code != user.hall_code:
        detail = f"案件属于大厅{case.hall_code}，当前登录的是{user.hall_code}，不能上传"
        raise _Refused(_result(op.op_id, "rejected", detail))
    parsed = parse_case_number(case.number)
    if parsed is None or parsed[0] != case.hall_code:
        raise _Refused(_result(op.op_id, "rejected", "案件编号中的大厅编码与案件所属大厅不一致"))
    return case


def _apply_case(session: Session, user: AuthUser, op: Operation, case: Case, now: datetime) -> int:
    """Write the case (Core statements: the ORM's unit of work costs more than the work)."""
    data = case.to_dict()
    lookup = _CASE_SELECT_LOCKED if _is_postgres(session) else _CASE_SELECT
    row = session.execute(lookup, {"b_number": case.number}).first()
    # read again under the row lock: a twin request may have committed while we waited
    if row is not None and session.scalar(_APPLIED_SEEN, {"b_op_id": op.op_id}):
        raise _AlreadyApplied
    if row is not None:
        # Keys only the server writes (the department's record under "backoffice": result,
        # suspensions, the notice due) are not part of Case.to_dict(); a push keeps them.
        data = {**data, **{k: v for k, v in dict(row.data).items() if k not in data}}
    values = {
        "hall_code": case.hall_code,
        "window_no": case.window_no,
        "item_code": case.item.code,
        "item_version": case.item.version,
        "item_name": case.item.name,
        "applicant_id_number": case.applicant.id_number,
        "applicant_name": case.applicant.name,
        "status": case.status.value,
        "received_at": as_utc(case.received_at) if case.received_at else None,
        "data": data,
        "uploaded_at": now,
        "uploaded_by": user.username,
    }
    if row is None:
        if op.base_version not in (None, 0):
            detail = f"服务器上没有案件 {case.number}，但本窗口认为它已是版本 {op.base_version}"
            raise _Refused(_result(op.op_id, "conflict", detail, 0, changed=[], current=None))
        version = 1
        session.execute(_CASE_INSERT, {"number": case.number, "version": version, **values})
        remember_if_new(session, case.applicant, now)
    else:
        if row.hall_code != case.hall_code:
            raise _Refused(_result(op.op_id, "rejected", "同一编号的案件已属于其他大厅"))
        if op.base_version is None and row.data == data:
            return int(row.version)  # a create the server already has: the same case
        if op.base_version != row.version:
            raise _conflict(session, op, case.number, row.version, row.status, dict(row.data), data)
        version = row.version + 1
        session.execute(_CASE_UPDATE, {"b_number": case.number, "version": version, **values})
    record_change(
        session, "case", case.number, data, version=version, hall_code=case.hall_code, now=now
    )
    return version


def _apply_applicant(session: Session, op: Operation, now: datetime) -> int | None:
    raw = op.payload.get("person", op.payload)
    try:
        person = Person.from_dict(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _Refused(_result(op.op_id, "rejected", f"申请人数据不完整：{exc}")) from exc
    check = check_document(person.id_kind, person.id_number)
    if not check.ok:
        raise _Refused(_result(op.op_id, "rejected", f"证件号码无效：{check.error}"))
    row = session.scalars(
        select(Applicant).where(Applicant.id_number == check.normalized).with_for_update()
    ).one_or_none()
    if row is None:
        row = Applicant(id_number=check.normalized)
        session.add(row)
    row.id_kind = person.id_kind.value
    row.name = person.name.strip()
    row.mobile = person.mobile.strip()
    row.address = person.address.strip()
    row.updated_at = now
    return None


def _stored_answer(stored: Any, digest: str) -> dict[str, Any]:
    """The answer recorded for an operation id (``stored``: op_id, request_hash, response)."""
    if stored.request_hash != digest:
        return _result(
            stored.op_id,
            "rejected",
            "操作编号已被另一内容不同的操作使用，已拒绝（请勿复用操作编号）",
            None,
        )
    answer = dict(stored.response)
    answer["status"] = "duplicate"
    return answer


def apply_operation(
    session: Session, user: AuthUser, op: Operation, window_no: int | None, now: datetime
) -> dict[str, Any]:
    """Apply one operation exactly once, in its own transaction (committed here)."""
    digest = request_hash(op.kind, op.payload)
    early: dict[str, Any] | None = None
    try:
        case = _parse_case(op, user) if op.kind in CASE_KINDS else None
    except _Refused as refused:
        case, early = None, refused.result
    for attempt in range(_ATTEMPTS):
        stored = session.execute(_APPLIED_STORED, {"b_op_id": op.op_id}).first()
        if stored is not None:
            session.rollback()
            return _stored_answer(stored, digest)
        if early is not None:
            session.rollback()
            return early
        try:
            if case is not None:
                version: int | None = _apply_case(session, user, op, case, now)
            elif op.kind in APPLICANT_KINDS:
                version = _apply_applicant(session, op, now)
            else:
                raise _Refused(_result(op.op_id, "rejected", f"不支持的操作类型：{op.kind}"))
            answer = _result(op.op_id, "applied", None, version)
            session.execute(
                _APPLIED_INSERT,
                {
                    "op_id": op.op_id,
                    "request_hash": digest,
                    "kind": op.kind,
                    "username": user.username,
                    "window_no": window_no,
                    "response": answer,
                    "applied_at": now,
                },
            )
            session.commit()
            return answer
        except _Refused as refused:
            # nothing changed, so nothing is recorded: a fixed retry may still apply
            session.rollback()
            return refused.result
        except _AlreadyApplied:
            session.rollback()
        except (IntegrityError, OperationalError):
            # a concurrent push of the same operation or case won the race: look again
            session.rollback()
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def parse_operations(raw_ops: list[dict[str, Any]]) -> list[Operation | dict[str, Any]]:
    """Operations, or a ready "rejected" result for one that is malformed."""
    parsed: list[Operation | dict[str, Any]] = []
    for raw in raw_ops:
        op_id = str(raw.get("op_id") or "").strip()
        kind = raw.get("kind")
        base = raw.get("base_version")
        payload = raw.get("payload")
        if not op_id or len(op_id) > 64:
            parsed.append(_result(op_id, "rejected", "操作编号缺失或过长"))
        elif not isinstance(kind, str) or not kind:
            parsed.append(_result(op_id, "rejected", "缺少操作类型"))
        elif base is not None and (not isinstance(base, int) or isinstance(base, bool)):
            parsed.append(_result(op_id, "rejected", "base_version 应是整数或 null"))
        elif not isinstance(payload, dict):
            parsed.append(_result(op_id, "rejected", "操作内容（payload）应是对象"))
        else:
            parsed.append(Operation(op_id, kind, base, payload))
    return parsed


def push(
    session: Session,
    user: AuthUser,
    window_no: int | None,
    raw_ops: list[dict[str, Any]],
    now: datetime,
) -> list[dict[str, Any]]:
    """Apply a window's operations in order, each in its own transaction; one result each."""
    if len(raw_ops) > MAX_BATCH:
        raise Invalid(f"一次最多提交 {MAX_BATCH} 个操作")
    results = []
    for entry in parse_operations(raw_ops):
        if isinstance(entry, Operation):
            results.append(apply_operation(session, user, entry, window_no, now))
        else:
            results.append(entry)
    return results


# ---------------------------------------------------------------------------------- pull

_CURSOR_PREFIX = "v1"
MAX_PULL = 1000


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


def pull(session: Session, user: AuthUser, cursor: str | None, limit: int = 500) -> dict[str, Any]:
    """Changes after ``cursor`` this user's windows must see, in a never-skipping order."""
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
    rows = session.execute(stmt.order_by(c.xid, c.seq).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    session.rollback()  # end the read transaction: it must not hold back the watermark
    changes = [{"kind": r.kind, "key": r.key, "version": r.version, "data": r.data} for r in rows]
    next_cursor = encode_cursor(rows[-1].xid, rows[-1].seq) if rows else cursor or ""
    if not rows and not cursor:
        next_cursor = encode_cursor(-1, -1)
    return {"changes": changes, "cursor": next_cursor, "more": more}


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

"""Every write of a case goes through here: the server, not the client, decides what a case becomes.

A window (a clerk or supervisor logged in at a window) writes through :func:`window_write`:
``POST /cases`` and every case operation of a sync push. The department's back office writes
through :func:`department_write`. Both check

- the lifecycle, against the domain state machine (``clerk_app.domain.cases``: the rules the
  counter uses); a new case is born only in a window status;
- the caller: role, hall, window (the authenticated one, never a window the client claims) or
  department (the back office checks that the item is the department's);
- the version: a write based on a stale version is refused (:class:`StaleVersion`).

The events are the server's: the authenticated actor, the server's clock and the status the
write really set. A window's events are a request; their action and text are kept as its note.
A window never writes what the server owns: the ``backoffice`` record and results (any key a
plain ``Case.to_dict()`` does not have), the number, hall, window, item, receipt time and
receiving clerk, and, once the department has taken the case, anything but the hand-out.

Every accepted write bumps the version, logs the change for the windows' pull and appends an
entry to the hall's audit chain, in one transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from clerk_app.central.models import CaseRecord, Window
from clerk_app.central.services import audit, library, statistics_facts
from clerk_app.central.services.applicants import remember_if_new
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.change_log import is_postgres, record_change
from clerk_app.central.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    ServiceError,
)
from clerk_app.central.zh_errors import describe
from clerk_app.contract.cases import CaseIn
from clerk_app.domain.bundle_link import parse_bundle_number
from clerk_app.domain.cases import (
    TRANSITIONS,
    WINDOW_HELD,
    Case,
    CaseEvent,
    CaseStatus,
    InvalidTransition,
    check_decision_fits,
    check_transition,
    check_window_transition,
    parse_case_number,
)
from clerk_app.domain.gaps import GapError, decision_refusal, handout_refusal, transition_refusal
from clerk_app.domain.gaps import supply as gap_supply
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.domain.handover import handout_mode_refusal
from clerk_app.domain.supervision import case_alert_dates

log = logging.getLogger(__name__)

WINDOW_ROLES = frozenset({"clerk", "supervisor"})
DEPARTMENT_ROLE = "department"

_CASES = CaseRecord.metadata.tables["cases"]
_CASE_SELECT = select(_CASES.c.version, _CASES.c.hall_code, _CASES.c.status, _CASES.c.data).where(
    _CASES.c.number == bindparam("b_number")
)
_CASE_SELECT_LOCKED = _CASE_SELECT.with_for_update()
_CASE_INSERT = insert(_CASES)
# Compare-and-set on the version: SQLite reads the row without a lock.
_CASE_UPDATE = update(_CASES).where(
    _CASES.c.number == bindparam("b_number"), _CASES.c.version == bindparam("b_seen")
)

# The audit action of a window write that sets this status.
_STATUS_ACTIONS = {
    CaseStatus.RECEIVED: "case.receive",
    CaseStatus.ACCEPTED: "case.accept",
    CaseStatus.ACCEPTED_WITH_GAPS: "case.accept_with_gaps",
    CaseStatus.MISSING_NOTICE: "case.notice",
    CaseStatus.REFUSED: "case.refuse",
    CaseStatus.COMPLETED: "case.complete",
    CaseStatus.DELIVERED: "case.deliver",
    CaseStatus.MAILED: "case.mail",
}
# Terminal for the window: after these, a window only adds events (a reprint).
_CLOSED = frozenset(
    {CaseStatus.REFUSED, CaseStatus.COMPLETED, CaseStatus.DELIVERED, CaseStatus.MAILED}
)


class StaleVersion(Exception):
    """The write is based on a version the server no longer holds (or on a case it lacks)."""

    def __init__(
        self,
        number: str,
        version: int,
        status: str | None,
        current: dict[str, Any] | None,
        proposed: dict[str, Any],
    ) -> None:
        super().__init__(f"案件 {number} 已在服务器上被修改（服务器版本 {version}）")
        self.number, self.version, self.status = number, version, status
        self.current, self.proposed = current, proposed


class ConcurrentWrite(Exception):
    """Another transaction changed the case between our read and our write: look again."""


@dataclass(frozen=True, slots=True)
class Written:
    number: str
    version: int
    data: dict[str, Any]  # the case as the server now holds it
    changed: bool  # False: the write asked for nothing new (a repeated create)


# ------------------------------------------------------------------------------- input


def check_text(value: Any) -> None:
    """Invalid when ``value`` holds text that cannot be stored (a lone UTF-16 surrogate)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError) as exc:
        raise Invalid("数据中含有无效的字符（不成对的代理项）") from exc


def parse_case(raw: Any) -> Case:
    """A case a window sends, checked with the bounds of ``POST /cases`` (``CaseIn``)."""
    if not isinstance(raw, dict):
        raise Invalid("操作缺少案件数据（payload.case）")
    check_text(raw)
    try:
        body = CaseIn.model_validate(raw)
    except ValidationError as exc:
        pairs = describe(exc.errors(include_input=False))
        reasons = "；".join(f"{where}：{what}" if where else what for where, what in pairs[:5])
        raise Invalid(f"案件数据不合法：{reasons}") from exc
    try:
        return Case.from_dict(body.model_dump(mode="json"))
    except (KeyError, TypeError, ValueError) as exc:
        raise Invalid(f"案件数据不完整：{exc}") from exc


# ------------------------------------------------------------------------------- window


def current(session: Session, number: str) -> tuple[int, dict[str, Any]] | None:
    """(version, data) of the case as the server holds it, if it does."""
    row = session.execute(_CASE_SELECT, {"b_number": number}).first()
    return None if row is None else (int(row.version), dict(row.data))


def window_of(user: AuthUser) -> int:
    """The window the user is logged in at; Forbidden for anyone who does not work one."""
    if user.role not in WINDOW_ROLES or user.window_no is None:
        raise Forbidden("只有在窗口登录的受理人员可以写入案件")
    return user.window_no


def window_label(session: Session, user: AuthUser) -> str | None:
    """How events name the user's window ("1号窗口"); None for a user at no window."""
    if user.window_no is None:
        return None
    label = session.scalar(
        select(Window.label).where(Window.hall_id == user.hall_id, Window.number == user.window_no)
    )
    return label or f"{user.window_no}号窗口"


def _events(
    kept: Sequence[CaseEvent],
    asked: Sequence[CaseEvent],
    before: CaseStatus | None,
    status: CaseStatus,
    actor: str,
    where: str,
    now: datetime,
) -> tuple[CaseEvent, ...]:
    """``kept`` and the server's record of the events the window asked for.

    An event keeps the status it names only when the case was in it during this write (the
    status before, or a new case's receipt on its way to the decision); any other status an
    event names becomes the status the write set. A status change no event names gets its own.
    """
    at = as_utc(now)
    start = before if before is not None else CaseStatus.RECEIVED
    passed = {status}
    if start is status or status in TRANSITIONS[start]:
        passed.add(start)
    new = [
        CaseEvent(
            at,
            actor,
            where,
            ev.action,
            None if ev.status is None else ev.status if ev.status in passed else status,
            ev.detail,
        )
        for ev in asked
    ]
    if status is not before and not any(ev.status is status for ev in new):
        new.append(CaseEvent(at, actor, where, "created" if before is None else "status", status))
    return (*kept, *new)


def _stored_case(number: str, data: dict[str, Any]) -> Case:
    try:
        return Case.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise Conflict(f"案件{number}在服务器上的数据不完整，无法修改：{exc}") from exc


def _merge(
    stored: Case,
    stored_data: dict[str, Any],
    requested: Case,
    user: AuthUser,
    where: str,
    now: datetime,
) -> dict[str, Any]:
    """The case after a window's write onto ``stored``: what the window may change, the rest
    kept. Conflict when the status change is not the window's to make."""
    status = requested.status
    content: dict[str, Any] = {}
    if stored.status in WINDOW_HELD:
        content = {
            "applicant": requested.applicant,
            "agent": requested.agent,
            "scenario_code": requested.scenario_code,
            "checks": requested.checks,
            "decision": requested.decision,
            "promised_date": requested.promised_date,
            "ticket_no": requested.ticket_no,
        }
    if stored.status not in _CLOSED:
        content["delivery_mode"] = requested.delivery_mode
        content["mail_address"] = requested.mail_address
    # the window's events past the ones the server holds are what it asks to add
    asked = requested.events[len(stored.events) :]
    events = _events(stored.events, asked, stored.status, status, user.username, where, now)
    case = replace(stored, status=status, events=events, **content)
    _check_lifecycle(stored.status, case)
    return {**stored_data, **case.to_dict()}


def _check_lifecycle(before: CaseStatus | None, case: Case) -> None:
    """Conflict unless a window may take the case from ``before`` to what it now is (受理 or
    当场办结 with every required material received; a hand-out also needs every 容缺 gap
    supplied, and says how the result went out)."""
    try:
        check_window_transition(before, case.status)
        check_decision_fits(case.decision, before, case.status)
    except InvalidTransition as exc:
        raise Conflict(str(exc)) from exc
    if case.status is not before and decision_refusal(case):
        raise Conflict(decision_refusal(case))
    if case.status is not before and case.status in (CaseStatus.DELIVERED, CaseStatus.MAILED):
        # each case of a bundle is handed out on its own: these hold for every one of them
        refusal = handout_refusal(case) or handout_mode_refusal(case)
        if refusal:
            raise Conflict(refusal)


def _audit_action(before: CaseStatus, after: Case, added: Sequence[CaseEvent]) -> str:
    if after.status is not before:
        return _STATUS_ACTIONS.get(after.status, "case.status")
    if added and all(ev.action == "printed" for ev in added):
        return "case.print"
    return "case.update"


def alert_columns(case: Case) -> dict[str, Any]:
    """The columns the supervisor's alerts select on, copied from the case on every write."""
    dates = case_alert_dates(case)
    return {
        "promised_date": dates.promised_date,
        "gap_due": dates.gap_due,
        "department_code": dates.department_code or None,
    }


def _columns(case: Case, user: AuthUser, now: datetime) -> dict[str, Any]:
    return {
        **alert_columns(case),
        "hall_code": case.hall_code,
        "window_no": case.window_no,
        "item_code": case.item.code,
        "item_version": case.item.version,
        "item_name": case.item.name,
        "applicant_id_number": case.applicant.id_number,
        "applicant_name": case.applicant.name,
        "status": case.status.value,
        "received_at": as_utc(case.received_at) if case.received_at else None,
        "uploaded_at": now,
        "uploaded_by": user.username,
        "bundle_no": case.bundle_no or None,
    }


def window_write(
    session: Session,
    user: AuthUser,
    requested: Case,
    now: datetime,
    *,
    base_version: int | None,
    blind: bool = False,
    on_locked: Callable[[], None] | None = None,
    where: str | None = None,
) -> Written:
    """Apply a window's write of ``requested`` (does not commit).

    ``base_version`` is the server version the window's case came from (None: a create).
    ``blind`` (``POST /cases``, which carries no version) bases the write on whatever the
    server holds: the lifecycle and ownership checks still apply. ``on_locked`` runs once the
    existing row is locked (sync: a twin request may have applied the operation meanwhile).
    ``where`` is :func:`window_label`, when the caller already has it (a push of many).
    Raises Forbidden, Invalid, Conflict (refused) or :class:`StaleVersion`.
    """
    window_no = window_of(user)
    requested = replace(requested, number=requested.number.strip().upper())
    # a case that is not this session's to write is refused as a conflict of the case with the
    # session (409): a window's client reads 403 as "this session may not write at all"
    if requested.hall_code != user.hall_code:
        raise Conflict(f"案件属于大厅{requested.hall_code}，当前登录的是{user.hall_code}，不能写入")
    parsed = parse_case_number(requested.number)
    if parsed is None or parsed[0] != requested.hall_code:
        raise Invalid("案件编号中的大厅编码与案件所属大厅不一致")
    _check_bundle_link(requested)
    lookup = _CASE_SELECT_LOCKED if is_postgres(session) else _CASE_SELECT
    row = session.execute(lookup, {"b_number": requested.number}).first()
    where = where or window_label(session, user) or str(window_no)
    if row is None:
        if base_version not in (None, 0) and not blind:
            raise StaleVersion(requested.number, 0, None, None, requested.to_dict())
        if requested.window_no != window_no or parsed[1] != window_no:
            raise Conflict(
                f"案件编号属于{parsed[1]}号窗口，当前登录的是{window_no}号窗口，"
                "不能以其他窗口的名义收件"
            )
        return _create(session, user, requested, now, where)
    if on_locked is not None:
        on_locked()
    if row.hall_code != user.hall_code:
        raise Conflict("同一编号的案件属于其他大厅")
    return _update(
        session, user, row, requested, now, row.version if blind else base_version, where
    )


def _check_bundle_link(case: Case) -> None:
    """A bundle number is made at the window that receives the bundle, from its first case:
    the same hall, window and day as the case, and the case's item one of the bundle's."""
    if case.bundle is None:
        return
    parsed = parse_bundle_number(case.bundle.number)
    number = parse_case_number(case.number)
    if parsed is None or number is None or parsed[:3] != number[:3]:
        raise Invalid("一件事编号与案件编号的大厅、窗口或日期不一致")
    if case.bundle.item_codes and case.item.code not in case.bundle.item_codes:
        raise Invalid(f"事项{case.item.code}不在一件事{case.bundle.number}的事项中")


def _create(
    session: Session, user: AuthUser, requested: Case, now: datetime, where: str
) -> Written:
    """A case the server does not hold yet: version 1, received now by this user."""
    _check_lifecycle(None, requested)
    events = _events((), requested.events, None, requested.status, user.username, where, now)
    case = replace(
        requested,
        clerk=user.username,
        clerk_name=user.display_name,
        received_at=requested.received_at or now,
        events=events,
    )
    library.check_reuses(session, user, case, None, now)  # 免提交 lines: refused or logged
    data = case.to_dict()
    version = 1
    session.execute(
        _CASE_INSERT,
        {"number": case.number, "version": version, "data": data, **_columns(case, user, now)},
    )
    remember_if_new(session, case.applicant, now, hall_code=case.hall_code)
    _log(session, user, case.number, data, version, None, case, "case.create", now)
    return Written(case.number, version, data, True)


def _update(
    session: Session,
    user: AuthUser,
    row: Any,
    requested: Case,
    now: datetime,
    base_version: int | None,
    where: str,
) -> Written:
    """A change of the stored case (``row``, locked), based on ``base_version``."""
    stored_data = dict(row.data)
    stored = _stored_case(requested.number, stored_data)
    if base_version != row.version:
        if base_version is None:
            # a create the server already has: the same case is no change at all
            try:
                same = _merge(stored, stored_data, requested, user, where, now) == stored_data
            except Conflict:
                same = False
            if same:
                return Written(requested.number, row.version, stored_data, False)
        raise StaleVersion(
            requested.number, row.version, row.status, stored_data, requested.to_dict()
        )
    data = _merge(stored, stored_data, requested, user, where, now)
    if data == stored_data:
        return Written(requested.number, row.version, stored_data, False)
    case = Case.from_dict(data)
    library.check_reuses(session, user, case, stored, now)
    version = row.version + 1
    written: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        _CASE_UPDATE,
        {
            "b_number": case.number,
            "b_seen": row.version,
            "version": version,
            "data": data,
            **_columns(case, user, now),
        },
    )
    if written.rowcount != 1:
        raise ConcurrentWrite(case.number)
    action = _audit_action(stored.status, case, case.events[len(stored.events) :])
    _log(session, user, case.number, data, version, stored.status, case, action, now)
    return Written(case.number, version, data, True)


def record_supply(
    session: Session,
    user: AuthUser,
    number: str,
    material_codes: Sequence[str],
    now: datetime,
    *,
    where: str,
    note: str = "",
    on_locked: Callable[[], None] | None = None,
) -> Written:
    """补齐: the 容缺 materials ``material_codes`` of case ``number`` received (does not commit).

    Any window of the case's hall or, once the back office has checked the case is its
    own, the department records it; whatever the case's status, and on the server's latest
    version (a command, not a copy of the case: two windows' 补齐 of different materials both
    count). NotFound for another hall's case, Conflict when a material is not an open gap."""
    if user.role not in WINDOW_ROLES | {DEPARTMENT_ROLE}:
        raise Forbidden("只有窗口受理人员或审批部门可以登记补齐")
    key = number.strip().upper()
    lookup = _CASE_SELECT_LOCKED if is_postgres(session) else _CASE_SELECT
    row = session.execute(lookup, {"b_number": key}).first()
    if row is None or row.hall_code != user.hall_code:
        raise NotFound(f"本大厅没有编号为{key}的案件")
    if on_locked is not None:
        on_locked()
    stored_data = dict(row.data)
    stored = _stored_case(key, stored_data)
    try:
        case = gap_supply(
            stored, material_codes, at=as_utc(now), actor=user.username, where=where, note=note
        )
    except GapError as exc:
        raise Conflict(str(exc)) from exc
    data = {**stored_data, **case.to_dict()}
    version = row.version + 1
    written: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        _CASE_UPDATE,
        {
            "b_number": key,
            "b_seen": row.version,
            "version": version,
            "data": data,
            "status": case.status.value,
            **alert_columns(case),
        },
    )
    if written.rowcount != 1:
        raise ConcurrentWrite(key)
    _log(session, user, key, data, version, stored.status, case, "case.supply", now)
    return Written(key, version, data, True)


def _log(
    session: Session,
    user: AuthUser,
    number: str,
    data: dict[str, Any],
    version: int,
    before: CaseStatus | None,
    after: Case,
    action: str,
    now: datetime,
) -> None:
    """The change log row for the windows' pull and the audit entry, in the write's
    transaction. The audit detail names statuses and the window, never personal data."""
    record_change(
        session, "case", number, data, version=version, hall_code=after.hall_code, now=now
    )
    statistics_facts.record(session, after)
    detail: dict[str, Any] = {"to": after.status.value, "version": version}
    if before is not None:
        detail["from"] = before.value
    if user.window_no is not None:
        detail["window"] = user.window_no
    if user.department_code:
        detail["department"] = user.department_code
    # the case is of the user's hall: both writers refuse another hall's case before this
    audit.record_by(session, user, action, number, detail, now)


def is_refusal(exc: ServiceError) -> bool:
    """A write the caller has no right to make (role, hall, window, lifecycle), as opposed to
    malformed data: such attempts are kept in the audit trail."""
    return isinstance(exc, (Forbidden, Conflict))


def record_refusal(
    session: Session, user: AuthUser, number: str, kind: str, reason: str, now: datetime
) -> None:
    """Append a refused write to the user's hall's audit chain, in a transaction of its own
    (the refused one was rolled back). The reason is the server's own sentence: statuses,
    halls, windows; never personal data."""
    detail = {"op": kind[:40], "reason": reason[:300]}
    try:
        audit.record_by(session, user, "case.refused", number[:40], detail, now)
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.exception("could not audit a refused write of %s", number[:40])


# ------------------------------------------------------------------------------- department


def department_write(
    session: Session,
    user: AuthUser,
    record: CaseRecord,
    case: Case,
    steps: Sequence[tuple[CaseStatus | None, str, str]],
    server_keys: dict[str, Any],
    now: datetime,
    *,
    where: str,
    action: str,
) -> None:
    """A back-office change: ``steps`` (new status or None, event action, why) become events
    by ``user`` at ``where`` (the department), ``server_keys`` (the ``backoffice`` record) are
    stored beside the case; version, change log and audit entry (``action``, e.g.
    ``case.take``) in one transaction, committed here. The caller has checked that the case is
    the department's. Conflict when a step is not a legal transition or the case moved on."""
    if user.role != DEPARTMENT_ROLE or not user.department_code:
        raise Forbidden("只有部门审批账号可以办理后台审批")
    before = CaseStatus(record.status)
    status = case.status
    today = as_utc(now).astimezone(HALL_TZ).date()
    for new_status, event_action, detail in steps:
        if new_status is not None:
            try:
                check_transition(status, new_status)
            except InvalidTransition as exc:
                raise Conflict(str(exc)) from exc
            refusal = transition_refusal(
                replace(case, status=status), new_status, today, reason=detail
            )
            if refusal:
                raise Conflict(refusal)
            status = new_status
        case = case.with_event(
            CaseEvent(as_utc(now), user.username, where, event_action, status, detail)
        )
    case = replace(case, status=status)
    data = {**case.to_dict(), **server_keys}
    seen = record.version or 1
    stored: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(CaseRecord)
        .where(CaseRecord.number == record.number, CaseRecord.version == seen)
        .values(status=status.value, data=data, version=seen + 1, **alert_columns(case))
        .execution_options(synchronize_session=False)
    )
    if stored.rowcount != 1:
        session.rollback()
        raise Conflict(f"案件{record.number}刚被他人修改，请刷新后重试")
    _log(session, user, record.number, data, seen + 1, before, case, action, now)
    session.commit()
    session.refresh(record)

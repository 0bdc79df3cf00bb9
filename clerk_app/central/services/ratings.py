"""Ratings (好差评): the citizen rates a finished service on the evaluator facing them.

Rules: only an ``evaluator`` account bound to the window may rate (staff cannot rate for the
citizen); one rating per finished ticket; 5 非常满意 … 1 非常不满意; 1-2 are 差评: they need a
reason and open a follow-up for the supervisor, due the hall's ``followup_days`` working days
after the rating (default 5): assigned to someone, the contact with the citizen, the finding,
the rectification and the answer recorded, then closed (``record_followup``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from clerk_app.central.models import Hall, Staff, Window
from clerk_app.central.queue_models import Rating, Ticket, WindowState
from clerk_app.central.services import audit
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.central.services.events import append_events
from clerk_app.central.services.queue import SUPERVISORS, get_hall, get_window
from clerk_app.central.services.queue.common import from_row
from clerk_app.contract import queue as wire
from clerk_app.contract.enums import (
    STAFF_ROLES,
    FollowupStatus,
    QueueEventKind,
    Role,
    TicketStatus,
)
from clerk_app.domain.hall_time import in_hall_time
from clerk_app.domain.supervision import (
    MAX_FOLLOWUP_TEXT,
    FollowupRecord,
    close_refusal,
    followup_due,
)
from clerk_app.domain.workdays import default_calendar

SCORE_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
# The short list the evaluator offers for a 差评 (any non-empty reason is accepted).
BAD_REASONS = (
    "等候时间过长",
    "服务态度不好",
    "办事效率低",
    "材料要求不清楚",
    "需要多次跑腿",
    "其他",
)
RATING_WINDOW = timedelta(minutes=30)  # how long after finishing a service it can be rated


def is_bad(score: int) -> bool:
    return score <= 2


def reasons() -> wire.RatingReasons:
    """The scores the evaluator offers and the short list of 差评 reasons."""
    return wire.RatingReasons(
        scores=tuple(wire.ScoreLabel(score=s, label=label) for s, label in SCORE_LABELS.items()),
        bad_reasons=BAD_REASONS,
    )


def _rating_out(
    rating: Rating, number: str | None = None, names: dict[str, Any] | None = None
) -> wire.RatingOut:
    """The rating as the wire shows it; ``names``: what joins add (window label, names …)."""
    derived = {
        "ticket_number": number,
        "label": SCORE_LABELS[rating.score],
        "bad": is_bad(rating.score),
        "window_label": None,
        "clerk_name": None,
        "assigned_to_name": None,
        "overdue": False,
        **(names or {}),
    }
    return from_row(wire.RatingOut, rating, derived)


def _evaluator(user: AuthUser, window_no: int) -> None:
    if user.role != Role.EVALUATOR:
        raise Forbidden("评价须由办事群众在评价器上完成，工作人员不能代为评价")
    if user.window_no != window_no:
        raise Forbidden(f"此评价器绑定的是{user.window_no or '未指定'}号窗口")


def pending_ticket(
    session: Session, user: AuthUser, hall_code: str, window_no: int, now: datetime
) -> Ticket | None:
    """The window's latest finished, not yet rated ticket of the last 30 minutes."""
    _evaluator(user, window_no)
    hall = get_hall(session, user, hall_code)
    window = get_window(session, hall, window_no)
    ticket = session.scalars(
        select(Ticket)
        .where(Ticket.window_id == window.id, Ticket.status == TicketStatus.FINISHED)
        .order_by(Ticket.finished_at.desc(), Ticket.id.desc())
        .limit(1)
    ).one_or_none()
    if ticket is None or ticket.finished_at is None:
        return None
    if now - as_utc(ticket.finished_at) > RATING_WINDOW:
        return None
    rated = session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id))
    return None if rated is not None else ticket


def _rateable(
    session: Session, hall_id: int, window: Window, ticket_id: int, now: datetime
) -> Ticket:
    """The ticket the citizen rates: finished at this window lately, not yet rated."""
    ticket = session.get(Ticket, ticket_id)
    if ticket is None or ticket.hall_id != hall_id:
        raise NotFound("没有这张号票")
    if ticket.window_id != window.id:
        raise Forbidden(f"{ticket.number}号不是在{window.number}号窗口办理的")
    if ticket.status != TicketStatus.FINISHED or ticket.finished_at is None:
        raise Conflict(f"{ticket.number}号尚未办结，不能评价")
    if now - as_utc(ticket.finished_at) > RATING_WINDOW:
        raise Conflict("办结已超过30分钟，不能再评价")
    if session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)) is not None:
        raise Conflict("本次服务已评价，感谢您的反馈")
    return ticket


def rate(
    session: Session,
    user: AuthUser,
    hall_code: str,
    window_no: int,
    ticket_id: int,
    score: int,
    reason: str | None,
    comment: str | None,
    now: datetime,
) -> wire.RatingOut:
    _evaluator(user, window_no)
    if score not in SCORE_LABELS:
        raise Invalid("评分应为1到5")
    reason = (reason or "").strip() or None
    comment = (comment or "").strip() or None
    if is_bad(score) and reason is None:
        raise Invalid("请选择不满意的原因")
    hall = get_hall(session, user, hall_code)
    window = get_window(session, hall, window_no)
    ticket = _rateable(session, hall.id, window, ticket_id, now)
    state = session.get(WindowState, window.id)
    rating = Rating(
        hall_id=hall.id,
        ticket_id=ticket.id,
        window_no=window.number,
        clerk=ticket.clerk or (state.clerk if state else None),
        score=score,
        reason=reason[:100] if reason else None,
        comment=comment[:500] if comment else None,
        case_numbers=list(ticket.case_numbers or []),
        rated_at=now,
        evaluator=user.username,
        followup_status=FollowupStatus.OPEN if is_bad(score) else None,
        followup_due=(
            followup_due(in_hall_time(now).date(), hall.followup_days, default_calendar())
            if is_bad(score)
            else None
        ),
    )
    session.add(rating)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict("本次服务已评价，感谢您的反馈") from None
    data = {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "window_no": window.number,
        "score": score,
        "bad": is_bad(score),
    }
    append_events(session, hall.code, [(QueueEventKind.TICKET_RATED, data)], now)
    session.commit()
    return _rating_out(rating, ticket.number)


# ----------------------------------------------------------------------------- follow-up
# 好差评 rules: a 差评 is checked (核实), rectified (整改) and answered (答复) within the
# hall's limit; the supervisor assigns it, records each step and closes it.

_FOLLOWUP_TEXTS = ("contact", "finding", "rectification", "answer")
_CLERK = aliased(Staff)
_ASSIGNEE = aliased(Staff)


def _followup_select(hall: Hall) -> Select[Rating, str, str, str, str]:
    return (
        select(Rating, Ticket.number, Window.label, _CLERK.display_name, _ASSIGNEE.display_name)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .outerjoin(Window, and_(Window.hall_id == hall.id, Window.number == Rating.window_no))
        .outerjoin(_CLERK, _CLERK.username == Rating.clerk)
        .outerjoin(_ASSIGNEE, _ASSIGNEE.username == Rating.assigned_to)
        .where(Rating.hall_id == hall.id, Rating.followup_status.is_not(None))
    )


def _followup_out(row: Any, today: date) -> wire.RatingOut:
    rating, number, window_label, clerk_name, assignee_name = row
    due = rating.followup_due
    overdue = rating.followup_status != FollowupStatus.DONE and due is not None and due < today
    names = {
        "window_label": window_label,
        "clerk_name": clerk_name,
        "assigned_to_name": assignee_name,
        "overdue": overdue,
    }
    return _rating_out(rating, number, names)


def _manager(user: AuthUser) -> None:
    if user.role not in SUPERVISORS:
        raise Forbidden("只有大厅管理员可以处理差评回访")


def followups(
    session: Session, user: AuthUser, hall_code: str, now: datetime, status: str = "open"
) -> list[wire.RatingOut]:
    """差评 of the hall by follow-up status (open: not done yet | done | all): the open ones by
    due date (the most urgent first), the others newest first (supervisor)."""
    _manager(user)
    hall = get_hall(session, user, hall_code)
    query = _followup_select(hall)
    if status == "open":
        query = query.where(Rating.followup_status != FollowupStatus.DONE).order_by(
            Rating.followup_due.asc().nulls_last(), Rating.rated_at, Rating.id
        )
    elif status in ("done", "all"):
        if status == "done":
            query = query.where(Rating.followup_status == FollowupStatus.DONE)
        query = query.order_by(Rating.rated_at.desc(), Rating.id.desc())
    else:
        raise Invalid("status应为open、done或all")
    today = in_hall_time(now).date()
    return [_followup_out(row, today) for row in session.execute(query).all()]


def assignable_staff(session: Session, user: AuthUser, hall_code: str) -> list[wire.StaffRef]:
    """The hall's staff a follow-up can be given to (enabled window, help-desk and manager
    accounts), by name."""
    _manager(user)
    hall = get_hall(session, user, hall_code)
    rows = session.execute(
        select(Staff.username, Staff.display_name, Staff.role)
        .where(
            Staff.hall_id == hall.id,
            Staff.disabled.is_(False),
            Staff.role.in_([role.value for role in STAFF_ROLES]),
        )
        .order_by(Staff.display_name, Staff.username)
    )
    return [wire.StaffRef(username=u, display_name=n, role=r) for u, n, r in rows]


def _assignee(session: Session, hall: Hall, username: str) -> str | None:
    """The staff member a follow-up goes to ("" takes it back); Invalid for anyone else."""
    username = username.strip()
    if not username:
        return None
    found = session.scalar(
        select(Staff.username).where(
            Staff.hall_id == hall.id,
            Staff.username == username,
            Staff.disabled.is_(False),
            Staff.role.in_([role.value for role in STAFF_ROLES]),
        )
    )
    if found is None:
        raise Invalid(f"本大厅没有可分派的工作人员：{username}")
    return found


def _apply_texts(rating: Rating, body: wire.FollowupIn) -> list[str]:
    changed = []
    for name in _FOLLOWUP_TEXTS:
        value = getattr(body, name)
        if value is None:
            continue
        text = value.strip()[:MAX_FOLLOWUP_TEXT] or None
        if text != getattr(rating, name):
            setattr(rating, name, text)
            changed.append(name)
    return changed


def _close(rating: Rating, user: AuthUser, now: datetime) -> None:
    record = FollowupRecord(
        assigned_to=rating.assigned_to or "",
        **{name: getattr(rating, name) or "" for name in _FOLLOWUP_TEXTS},
    )
    refusal = close_refusal(record)
    if refusal:
        raise Invalid(refusal)
    rating.followup_status = FollowupStatus.DONE
    rating.followup_note = rating.answer
    rating.followed_up_by = user.username
    rating.followed_up_at = now


def record_followup(
    session: Session,
    user: AuthUser,
    hall_code: str,
    rating_id: int,
    body: wire.FollowupIn,
    now: datetime,
) -> wire.RatingOut:
    """Assign a 差评's follow-up, record its steps, or close it (every step recorded).

    Refused: another hall's or a good rating (404), a closed follow-up or a stale
    ``version`` (409), an unknown assignee or a close with a step missing (422). Each change
    bumps the version and goes to the hall's audit trail (which fields, never their text)."""
    _manager(user)
    hall = get_hall(session, user, hall_code)
    rating = session.get(Rating, rating_id, with_for_update=True)
    if rating is None or rating.hall_id != hall.id or rating.followup_status is None:
        raise NotFound("没有这条差评")
    if rating.followup_status == FollowupStatus.DONE:
        raise Conflict("该差评回访已办结，不能再修改")
    if body.version != rating.followup_version:
        raise Conflict("该差评回访刚被他人更新，请刷新后重试")
    changed = _apply_texts(rating, body)
    if body.assigned_to is not None:
        assignee = _assignee(session, hall, body.assigned_to)
        if assignee != rating.assigned_to:
            rating.assigned_to, rating.assigned_by, rating.assigned_at = (
                assignee,
                user.username,
                now,
            )
            changed.append("assigned_to")
    if body.done:
        _close(rating, user, now)
    elif not changed:
        raise Invalid("没有需要保存的回访内容")
    else:
        rating.followup_status = FollowupStatus.IN_PROGRESS
    rating.followup_version += 1
    action = "rating.followup_close" if body.done else "rating.followup"
    detail: dict[str, Any] = {"fields": changed, "version": rating.followup_version}
    if "assigned_to" in changed:
        detail["assigned_to"] = rating.assigned_to
    audit.record_by(session, user, action, f"rating:{rating.id}", detail, now)
    session.commit()
    row = session.execute(_followup_select(hall).where(Rating.id == rating.id)).one()
    return _followup_out(row, in_hall_time(now).date())

"""Ratings (好差评): the citizen rates a finished service on the evaluator facing them.

Rules: only an ``evaluator`` account bound to the window may rate (staff cannot rate for the
citizen); one rating per finished ticket; 5 非常满意 … 1 非常不满意; 1-2 are 差评: they need a
reason and open a follow-up for the supervisor.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clerk_app.central.models import Window
from clerk_app.central.queue_models import Rating, Ticket, WindowState
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Conflict, Forbidden, Invalid, NotFound
from clerk_app.central.services.events import append_events
from clerk_app.central.services.queue import SUPERVISORS, get_hall, get_window
from clerk_app.central.services.queue.common import from_row
from clerk_app.contract import queue as wire
from clerk_app.contract.enums import FollowupStatus, QueueEventKind, Role, TicketStatus

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


def _rating_out(rating: Rating, number: str | None = None) -> wire.RatingOut:
    derived = {
        "ticket_number": number,
        "label": SCORE_LABELS[rating.score],
        "bad": is_bad(rating.score),
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


def followups(
    session: Session, user: AuthUser, hall_code: str, status: str = "open"
) -> list[wire.RatingOut]:
    """差评 of the hall by follow-up status (open | done | all), newest first (supervisor)."""
    if user.role not in SUPERVISORS:
        raise Forbidden("只有大厅管理员可以查看差评回访")
    hall = get_hall(session, user, hall_code)
    query = (
        select(Rating, Ticket.number)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(Rating.hall_id == hall.id, Rating.followup_status.is_not(None))
        .order_by(Rating.rated_at.desc(), Rating.id.desc())
    )
    if status in ("open", "done"):
        query = query.where(Rating.followup_status == status)
    elif status != "all":
        raise Invalid("status应为open、done或all")
    return [_rating_out(r, number) for r, number in session.execute(query).all()]


def close_followup(
    session: Session, user: AuthUser, hall_code: str, rating_id: int, note: str, now: datetime
) -> wire.RatingOut:
    """Record the supervisor's follow-up of a 差评."""
    if user.role not in SUPERVISORS:
        raise Forbidden("只有大厅管理员可以处理差评回访")
    note = note.strip()
    if not note:
        raise Invalid("请填写回访情况")
    hall = get_hall(session, user, hall_code)
    rating = session.get(Rating, rating_id, with_for_update=True)
    if rating is None or rating.hall_id != hall.id or rating.followup_status is None:
        raise NotFound("没有这条差评")
    rating.followup_status = FollowupStatus.DONE
    rating.followup_note = note
    rating.followed_up_by = user.username
    rating.followed_up_at = now
    session.commit()
    number = session.scalar(select(Ticket.number).where(Ticket.id == rating.ticket_id))
    return _rating_out(rating, number)

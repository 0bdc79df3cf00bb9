"""Appointments (预约): the booking platform's export imported by code (docs/appointments.md).

A booking is checked in at the kiosk with its code (``tickets.issue_ticket``); here it is only
created or updated. A file with any bad record is refused whole, naming the first problems.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk_app.central.models import Queue
from clerk_app.central.queue_models import Appointment
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.errors import Forbidden, Invalid
from clerk_app.central.services.queue.access import SUPERVISORS, get_hall
from clerk_app.central.services.queue.common import CHINA_TZ
from clerk_app.contract import queue as wire
from clerk_app.contract.enums import AppointmentStatus

APPOINTMENT_FIELDS = (
    "code",
    "queue",
    "date",
    "start",
    "end",
    "name",
    "id_number",
    "mobile",
    "item",
)
REQUIRED_COLUMNS = ("code", "queue", "date", "start")
MAX_RECORDS = 20000
MAX_ERRORS = 50  # reading stops here; the answer names the first 20
DEFAULT_SLOT = timedelta(minutes=30)


def parse_appointments_csv(text: str) -> list[dict[str, Any]]:
    """CSV with a header row naming the fields of docs/appointments.md (UTF-8, BOM allowed)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        if reader.fieldnames is None:
            raise Invalid("预约文件为空")
        missing = [f for f in REQUIRED_COLUMNS if f not in reader.fieldnames]
        if missing:
            raise Invalid(f"预约文件缺少列：{'、'.join(missing)}")
        return [dict(row) for row in reader]
    except csv.Error as exc:  # a stray line break or quote, an oversized field
        raise Invalid("预约文件不是合法的CSV（多余的换行或引号，或字段过长）") from exc


def _mask(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return value
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def _parse_slot(day: str, hm: str, row: int, field: str) -> datetime:
    try:
        local = datetime.strptime(f"{day.strip()} {hm.strip()}", "%Y-%m-%d %H:%M")
    except ValueError as exc:
        raise ValueError(f"第{row}条：{field}时间格式不正确（日期YYYY-MM-DD，时间HH:MM）") from exc
    if not 2000 <= local.year <= 2100:  # year 1 would overflow on the way to UTC
        raise ValueError(f"第{row}条：日期应在2000年至2100年之间")
    return local.replace(tzinfo=CHINA_TZ).astimezone(UTC)


@dataclass(frozen=True)
class _Booking:
    """One checked record of the file."""

    code: str
    queue_id: int
    start: datetime
    end: datetime
    name: str
    id_number_masked: str
    mobile_masked: str
    item_name: str


def _slot(rec: dict[str, str], n: int, code: str) -> tuple[datetime, datetime]:
    start = _parse_slot(rec.get("date", ""), rec.get("start", ""), n, "开始")
    end = (
        _parse_slot(rec["date"], rec["end"], n, "结束") if rec.get("end") else start + DEFAULT_SLOT
    )
    if end <= start:
        raise ValueError(f"第{n}条（{code}）：结束时间应晚于开始时间")
    return start, end


def _booking(n: int, raw: Any, queues: dict[str, Queue], seen: set[str]) -> _Booking:
    """The record checked, or ValueError naming its problem."""
    if not isinstance(raw, dict):
        raise ValueError(f"第{n}条：应为对象")
    rec = {k: ("" if v is None else str(v)).strip() for k, v in raw.items()}
    code = rec.get("code", "").upper()
    if not re.fullmatch(r"[0-9A-Z-]{4,40}", code):
        raise ValueError(f"第{n}条：预约码应为4-40位字母或数字")
    if code in seen:
        raise ValueError(f"第{n}条：预约码{code}重复")
    seen.add(code)
    queue = queues.get(rec.get("queue", ""))
    if queue is None:
        raise ValueError(f"第{n}条（{code}）：队列{rec.get('queue', '')!r}不存在")
    start, end = _slot(rec, n, code)
    return _Booking(
        code=code,
        queue_id=queue.id,
        start=start,
        end=end,
        name=rec.get("name", "")[:100],
        id_number_masked=_mask(rec.get("id_number", ""), 4, 4)[:40],
        mobile_masked=_mask(rec.get("mobile", ""), 3, 4)[:20],
        item_name=rec.get("item", "")[:300],
    )


def _bookings(records: list[Any], queues: dict[str, Queue]) -> list[_Booking]:
    """Every record checked; Invalid naming the first problems if any record is bad."""
    errors: list[str] = []
    bookings: list[_Booking] = []
    seen: set[str] = set()
    for n, raw in enumerate(records, start=1):
        try:
            bookings.append(_booking(n, raw, queues, seen))
        except ValueError as exc:
            errors.append(str(exc))
            if len(errors) >= MAX_ERRORS:
                break
    if errors:
        raise Invalid("预约文件有误，未导入：" + "；".join(errors[:20]))
    return bookings


def _store(appointment: Appointment, booking: _Booking, now: datetime) -> None:
    appointment.queue_id = booking.queue_id
    appointment.slot_start, appointment.slot_end = booking.start, booking.end
    appointment.name, appointment.item_name = booking.name, booking.item_name
    appointment.id_number_masked = booking.id_number_masked
    appointment.mobile_masked = booking.mobile_masked
    appointment.imported_at = now


def import_appointments(
    session: Session, user: AuthUser, hall_code: str, records: list[Any], now: datetime
) -> wire.ImportResult:
    """Create or update bookings by code. A file with any bad record is refused whole."""
    if user.role not in SUPERVISORS:
        raise Forbidden("只有大厅管理员可以导入预约")
    hall = get_hall(session, user, hall_code)
    if len(records) > MAX_RECORDS:
        raise Invalid(f"一次最多导入{MAX_RECORDS}条预约")
    queues = {q.code: q for q in session.scalars(select(Queue).where(Queue.hall_id == hall.id))}
    bookings = _bookings(records, queues)
    existing = {
        a.code: a
        for a in session.scalars(
            select(Appointment).where(
                Appointment.hall_id == hall.id,
                Appointment.code.in_([b.code for b in bookings] or [""]),
            )
        )
    }
    imported = updated = 0
    for booking in bookings:
        appointment = existing.get(booking.code)
        if appointment is None:
            appointment = Appointment(
                hall_id=hall.id, code=booking.code, status=AppointmentStatus.BOOKED
            )
            session.add(appointment)
            imported += 1
        elif appointment.status == AppointmentStatus.CHECKED_IN:
            continue  # already here: the booking platform's later copy changes nothing
        else:
            updated += 1
        _store(appointment, booking, now)
    session.commit()
    return wire.ImportResult(imported=imported, updated=updated, errors=())

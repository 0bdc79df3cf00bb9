"""What the hall's unattended devices say about themselves (the hall display's voice).

A hall display without a speech engine still shows the calls but says nothing: the supervisor
must know, not only the display's log. The display reports its voice once it has started (and
after every reconnection); the report is a ``device_status`` event of the hall, so it reaches
the supervisor's page at once (live events) and the hall status keeps the latest report of each
device. No table of its own: a device's newest event is its state.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Forbidden
from clerk_app.central.services.events import append_events, recent_events
from clerk_app.central.services.queue import ISSUER_ROLES, get_hall
from clerk_app.contract.enums import DeviceKind
from clerk_app.contract.queue import DeviceReport

RECENT_REPORTS = 200  # newest device_status events read to find each device's latest


def report(
    session: Session,
    user: AuthUser,
    hall_code: str,
    kind: str,
    voice_ok: bool,
    detail: str,
    now: datetime,
) -> None:
    """Record the device's voice state (an event of the hall) and commit."""
    if user.role not in ISSUER_ROLES | {"display"}:
        raise Forbidden("只有大厅设备或工作人员账号可以报告设备状态")
    hall = get_hall(session, user, hall_code)
    report = DeviceReport(
        device=user.username,
        kind=DeviceKind(kind),
        voice_ok=voice_ok,
        detail=detail.strip()[:200],
        at=as_utc(now),
    )
    append_events(session, hall.code, [("device_status", report.model_dump(mode="json"))], now)
    session.commit()


def latest(session: Session, hall_code: str) -> list[DeviceReport]:
    """Each device's newest report, by device name."""
    seen: dict[str, DeviceReport] = {}
    for event in recent_events(session, hall_code, {"device_status"}, RECENT_REPORTS):
        device = str(event.data.get("device", ""))
        if device not in seen:
            seen[device] = DeviceReport.model_validate(event.data)
    return [seen[name] for name in sorted(seen)]

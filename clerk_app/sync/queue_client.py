"""HTTP client of the queue endpoints (叫号) of the central server.

``QueueClient`` reuses a logged-in ``CentralClient``: its session, token and error handling.
Errors are the same two kinds: ``OfflineError`` (unreachable, timeout, 5xx) and ``ApiError``
(a 4xx with the server's Chinese reason).

``call_next``, ``issue_ticket`` and ``walk_in`` carry a request id: when the answer is lost
(timeout, dropped connection) the client repeats the request with the *same* id, and the
server answers with the ticket it already gave, never a second one.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import requests
from pydantic import BaseModel, TypeAdapter, ValidationError

from clerk_app.contract.precheck import PrecheckDayStats
from clerk_app.contract.queue import (
    FollowupIn,
    HallStatus,
    HallWindow,
    ImportResult,
    QueueInfo,
    RatingOut,
    StaffRef,
    Ticket,
    TicketPosition,
    WindowState,
)
from clerk_app.contract.statistics import Grouping, Period, StatisticsOut
from clerk_app.contract.supervision import (
    AlertSettings,
    AlertSettingsIn,
    AppointmentDay,
    HallAlerts,
)
from clerk_app.sync.client import OFFLINE_MESSAGE, ApiError, CentralClient, OfflineError

__all__ = [
    "ApiError",
    "HallStatus",
    "HallWindow",
    "ImportResult",
    "OfflineError",
    "QueueClient",
    "QueueInfo",
    "RatingOut",
    "Ticket",
    "TicketPosition",
    "WindowState",
]

_UNREADABLE = "中心服务器返回的数据无法识别，请稍后重试"
_RATINGS = TypeAdapter(list[RatingOut])
_STAFF = TypeAdapter(list[StaffRef])

# How many times an idempotent write is repeated with the same request id after a lost answer.
_IDEMPOTENT_ATTEMPTS = 3

_Answer = TypeVar("_Answer", bound=BaseModel)
_Item = TypeVar("_Item", bound=BaseModel)


class QueueClient:
    """The queue endpoints for one hall. ``hall`` defaults to the logged-in user's hall."""

    def __init__(self, central_client: CentralClient, hall: str | None = None) -> None:
        self.central = central_client
        self._hall = hall

    @property
    def hall(self) -> str:
        if self._hall is None:
            raise ValueError("QueueClient needs the hall code: QueueClient(client, hall='HS01')")
        return self._hall

    @hall.setter
    def hall(self, value: str) -> None:
        self._hall = value

    # ------------------------------------------------------------------ plumbing

    def _hall_path(self) -> str:
        return f"/halls/{quote(self.hall, safe='')}"

    def _window_path(self, window_no: int, action: str) -> str:
        return f"{self._hall_path()}/windows/{int(window_no)}/{action}"

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        """JSON answer, or None for 204 No Content."""
        resp = self.central._request(method, path, body=body)
        try:
            if resp.status_code == 204 or not resp.content:
                return None
            return resp.json()
        except ValueError as exc:
            raise OfflineError(_UNREADABLE) from exc
        finally:
            resp.close()

    def _idempotent(self, method: str, path: str, body: dict[str, Any]) -> Any:
        """Repeat with the same request id while the answer is lost; the server dedups."""
        last: OfflineError | None = None
        for _attempt in range(_IDEMPOTENT_ATTEMPTS):
            try:
                return self._call(method, path, body)
            except OfflineError as exc:
                last = exc
        assert last is not None
        raise last

    @staticmethod
    def _parse(model: type[_Answer], data: Any) -> _Answer:
        """The answer as its contract model; an answer of another shape is unreadable."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise OfflineError(_UNREADABLE) from exc

    def _ticket(self, data: Any) -> Ticket:
        return self._parse(Ticket, data)

    def _window(self, data: Any) -> WindowState:
        return self._parse(WindowState, data)

    # ------------------------------------------------------------------ tickets

    def issue_ticket(
        self,
        queue: str,
        kind: str = "normal",
        appointment_code: str | None = None,
        request_id: str | None = None,
        reason: str | None = None,
        precheck_no: str | None = None,
    ) -> Ticket:
        """Take a number (kiosk token, or staff for the green channel, with its reason); a
        help desk's ticket may carry the visit's pre-check number."""
        body = {
            "queue": queue,
            "kind": kind,
            "appointment_code": appointment_code,
            "request_id": request_id or uuid.uuid4().hex,
            "reason": reason,
            "precheck_no": precheck_no,
        }
        return self._ticket(self._idempotent("POST", f"{self._hall_path()}/tickets", body))

    def ticket_position(self, ticket_id: int) -> TicketPosition:
        data = self._call("GET", f"/tickets/{int(ticket_id)}/position")
        return self._parse(TicketPosition, data)

    # ------------------------------------------------------------------ window actions

    def call_next(self, window_no: int, request_id: str | None = None) -> Ticket | None:
        """The next ticket for this window, or None when nobody waits."""
        body = {"request_id": request_id or uuid.uuid4().hex}
        data = self._idempotent("POST", self._window_path(window_no, "call-next"), body)
        return None if data is None else self._ticket(data)

    def recall(self, window_no: int) -> Ticket:
        return self._ticket(self._call("POST", self._window_path(window_no, "recall"), {}))

    def no_show(self, window_no: int) -> Ticket:
        return self._ticket(self._call("POST", self._window_path(window_no, "no-show"), {}))

    def finish(self, window_no: int, outcome: str, case_numbers: list[str] | None = None) -> Ticket:
        body = {"outcome": outcome, "case_numbers": list(case_numbers or [])}
        return self._ticket(self._call("POST", self._window_path(window_no, "finish"), body))

    def transfer(
        self,
        window_no: int,
        reason: str,
        *,
        to_queue: str | None = None,
        to_window: int | None = None,
    ) -> Ticket:
        body = {"to_queue": to_queue, "to_window": to_window, "reason": reason}
        return self._ticket(self._call("POST", self._window_path(window_no, "transfer"), body))

    def pause(self, window_no: int, reason: str) -> WindowState:
        data = self._call("POST", self._window_path(window_no, "pause"), {"reason": reason})
        return self._window(data)

    def resume(self, window_no: int) -> WindowState:
        return self._window(self._call("POST", self._window_path(window_no, "resume"), {}))

    def walk_in(
        self, window_no: int, queue: str | None = None, request_id: str | None = None
    ) -> Ticket:
        """Serve someone without a number slip (kind ``walk_in``)."""
        body = {"queue": queue, "request_id": request_id or uuid.uuid4().hex}
        return self._ticket(self._idempotent("POST", self._window_path(window_no, "walk-in"), body))

    def call_missed(self, window_no: int, ticket_id: int) -> Ticket:
        path = self._window_path(window_no, f"call-missed/{int(ticket_id)}")
        return self._ticket(self._call("POST", path, {}))

    def window_state(self, window_no: int) -> WindowState:
        return self._window(self._call("GET", self._window_path(window_no, "state")))

    def set_profile(self, window_no: int, queues: list[str]) -> WindowState:
        """Which queues the window serves, in order of preference (supervisor/admin)."""
        data = self._call("PUT", self._window_path(window_no, "profile"), {"queues": queues})
        return self._window(data)

    # ------------------------------------------------------------------ hall

    def queue_status(self) -> HallStatus:
        return self._parse(HallStatus, self._call("GET", f"{self._hall_path()}/queue-status"))

    def precheck_stats(self) -> PrecheckDayStats:
        """Today's help-desk pre-checks of the hall (supervisor): counts, the most missing."""
        data = self._call("GET", f"{self._hall_path()}/prechecks/stats")
        return self._parse(PrecheckDayStats, data)

    def statistics(
        self, start: date, end: date, period: Period, grouping: Grouping
    ) -> StatisticsOut:
        """The hall's statistics tables and chart series for a date range (supervisor)."""
        query = urlencode(
            {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "period": period.value,
                "grouping": grouping.value,
            }
        )
        data = self._call("GET", f"{self._hall_path()}/statistics?{query}")
        return self._parse(StatisticsOut, data)

    def report_voice(self, voice_ok: bool, detail: str = "") -> None:
        """The hall display tells the server whether it can speak (the supervisor sees it)."""
        body = {"kind": "hall_display", "voice_ok": voice_ok, "detail": detail[:200]}
        self._call("POST", f"{self._hall_path()}/devices/status", body)

    def import_appointments(self, data: str | list[dict[str, Any]]) -> ImportResult:
        """Import appointments: CSV text or a JSON list (docs/appointments.md)."""
        path = f"{self._hall_path()}/appointments/import"
        if isinstance(data, list):
            return self._parse(ImportResult, self._call("POST", path, data))
        return self._parse(ImportResult, self._post_text(path, data, "text/csv; charset=utf-8"))

    def _post_text(self, path: str, text: str, content_type: str) -> Any:
        token = self.central.token
        headers = {"Content-Type": content_type}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            resp = self.central._session.post(
                f"{self.central.base_url}/api/v1{path}",
                data=text.encode("utf-8"),
                headers=headers,
                timeout=self.central._timeout,
            )
        except requests.RequestException as exc:
            raise OfflineError(OFFLINE_MESSAGE) from exc
        with resp:
            if resp.status_code >= 500:
                raise OfflineError(f"中心服务器暂时不可用（HTTP {resp.status_code}），请稍后重试")
            if resp.status_code >= 400:
                try:
                    detail = str(resp.json().get("detail", ""))
                except (ValueError, AttributeError):
                    detail = ""
                raise ApiError(resp.status_code, detail or f"请求被拒绝（HTTP {resp.status_code}）")
            try:
                return resp.json()
            except json.JSONDecodeError as exc:
                raise OfflineError(_UNREADABLE) from exc

    # ------------------------------------------------------------------ ratings

    def rate(
        self,
        window_no: int,
        ticket_id: int,
        score: int,
        reason: str | None = None,
        comment: str | None = None,
    ) -> RatingOut:
        """The citizen's rating (evaluator token): 5 非常满意 … 1 非常不满意; 1-2 need a reason."""
        body = {"ticket_id": ticket_id, "score": score, "reason": reason, "comment": comment}
        return self._parse(
            RatingOut, self._call("POST", self._window_path(window_no, "rating"), body)
        )

    def rating_followups(self, status: str = "open") -> list[RatingOut]:
        """差评 by follow-up status (open: not done | done | all), the most urgent first
        (supervisor)."""
        data = self._call("GET", f"{self._hall_path()}/ratings/followups?status={quote(status)}")
        return self._parse_list(_RATINGS, data)

    def rating_assignees(self) -> list[StaffRef]:
        """The hall's staff a follow-up can be given to."""
        data = self._call("GET", f"{self._hall_path()}/ratings/assignees")
        return self._parse_list(_STAFF, data)

    def record_followup(self, rating_id: int, change: FollowupIn) -> RatingOut:
        """Assign a 差评's follow-up, record its steps, or close it (``change.done``)."""
        path = f"{self._hall_path()}/ratings/{int(rating_id)}/followup"
        body = change.model_dump(mode="json", exclude_none=True)
        return self._parse(RatingOut, self._call("POST", path, body))

    @staticmethod
    def _parse_list(adapter: TypeAdapter[list[_Item]], data: Any) -> list[_Item]:
        try:
            return adapter.validate_python(data)
        except ValidationError as exc:
            raise OfflineError(_UNREADABLE) from exc

    # ------------------------------------------------------------------ supervision

    def hall_alerts(self) -> HallAlerts:
        """What the supervisor should look at now (waits, pauses, deadlines, 容缺, 差评)."""
        return self._parse(HallAlerts, self._call("GET", f"{self._hall_path()}/alerts"))

    def alert_settings(self) -> AlertSettings:
        return self._parse(AlertSettings, self._call("GET", f"{self._hall_path()}/alert-settings"))

    def save_alert_settings(self, settings: AlertSettingsIn) -> AlertSettings:
        data = self._call("PUT", f"{self._hall_path()}/alert-settings", settings.model_dump())
        return self._parse(AlertSettings, data)

    def appointments_today(self) -> AppointmentDay:
        """Today's appointments per queue and slot: booked, checked in, late, no-show."""
        data = self._call("GET", f"{self._hall_path()}/appointments/today")
        return self._parse(AppointmentDay, data)

    def case_document(self, number: str, why: str) -> dict[str, Any]:
        """A case as the server holds it (``Case.to_dict()``); the read is audited with ``why``."""
        path = f"/cases/{quote(number, safe='')}?why={quote(why)}"
        data = self._call("GET", path)
        if not isinstance(data, dict):
            raise OfflineError(_UNREADABLE)
        return data

    def last_finished(self, window_no: int) -> Ticket | None:
        """The window's latest finished ticket not yet rated (what the evaluator asks about)."""
        data = self._call("GET", self._window_path(window_no, "rating/pending"))
        return None if data is None else self._ticket(data)

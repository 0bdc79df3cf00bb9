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
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from urllib.parse import quote

import requests

from clerk_app.sync.client import OFFLINE_MESSAGE, ApiError, CentralClient, OfflineError

__all__ = [
    "ApiError",
    "HallStatus",
    "HallWindow",
    "OfflineError",
    "QueueClient",
    "QueueInfo",
    "Ticket",
    "TicketPosition",
    "WindowState",
]

# How many times an idempotent write is repeated with the same request id after a lost answer.
_IDEMPOTENT_ATTEMPTS = 3


@dataclass(frozen=True)
class Ticket:
    id: int
    number: str
    queue: str
    queue_name: str
    kind: str  # normal | appointment | green | walk_in
    issued_at: datetime
    sort_at: datetime
    status: str  # waiting | called | serving | missed | finished | transferred | cancelled
    window_no: int | None
    call_count: int
    waiting_ahead: int
    appointment_code: str | None
    case_numbers: tuple[str, ...]
    check_url: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ticket:
        return cls(
            id=int(data["id"]),
            number=str(data["number"]),
            queue=str(data["queue"]),
            queue_name=str(data["queue_name"]),
            kind=str(data["kind"]),
            issued_at=datetime.fromisoformat(data["issued_at"]),
            sort_at=datetime.fromisoformat(data["sort_at"]),
            status=str(data["status"]),
            window_no=data.get("window_no"),
            call_count=int(data.get("call_count", 0)),
            waiting_ahead=int(data.get("waiting_ahead", 0)),
            appointment_code=data.get("appointment_code"),
            case_numbers=tuple(data.get("case_numbers") or ()),
            check_url=str(data.get("check_url", "")),
        )


@dataclass(frozen=True)
class QueueInfo:
    code: str
    name: str
    prefix: str
    waiting: int
    longest_wait_s: int
    missed: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QueueInfo:
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            prefix=str(data["prefix"]),
            waiting=int(data["waiting"]),
            longest_wait_s=int(data["longest_wait_s"]),
            missed=int(data["missed"]),
        )


@dataclass(frozen=True)
class WindowState:
    window_no: int
    status: str  # open | paused | closed
    pause_reason: str | None
    current: Ticket | None
    queues: tuple[QueueInfo, ...]
    missed: tuple[Ticket, ...]  # this window's queues' missed pool (call_missed candidates)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WindowState:
        current = data.get("current")
        return cls(
            window_no=int(data["window_no"]),
            status=str(data["status"]),
            pause_reason=data.get("pause_reason"),
            current=Ticket.from_dict(current) if current else None,
            queues=tuple(QueueInfo.from_dict(q) for q in data.get("queues", [])),
            missed=tuple(Ticket.from_dict(t) for t in data.get("missed", [])),
        )


@dataclass(frozen=True)
class HallWindow:
    """One window of the hall as the hall status shows it."""

    number: int
    label: str
    status: str  # open | paused | closed
    current_number: str | None
    clerk: str | None  # display name of who last worked there
    queues: tuple[str, ...]  # its work profile: queue codes in order of preference
    pause_reason: str | None  # set while paused

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HallWindow:
        number = int(data["number"])
        return cls(
            number=number,
            label=str(data.get("label") or f"{number}号窗口"),
            status=str(data.get("status") or "closed"),
            current_number=data.get("current_number") or None,
            clerk=data.get("clerk") or None,
            queues=tuple(str(code) for code in data.get("queues") or ()),
            pause_reason=data.get("pause_reason") or None,
        )


@dataclass(frozen=True)
class HallStatus:
    """What the hall display and the supervisor show (``GET .../queue-status``)."""

    queues: tuple[QueueInfo, ...]
    windows: tuple[HallWindow, ...]  # by window number
    recent_calls: tuple[dict[str, Any], ...]  # number, window_no, window_label, at; newest first
    # Each device's latest self-report: device, kind, voice_ok, detail, at (services/devices.py)
    devices: tuple[dict[str, Any], ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HallStatus:
        return cls(
            queues=tuple(QueueInfo.from_dict(q) for q in data.get("queues", [])),
            windows=tuple(HallWindow.from_dict(w) for w in data.get("windows", [])),
            recent_calls=tuple(data.get("recent_calls", [])),
            devices=tuple(data.get("devices", [])),
        )


@dataclass(frozen=True)
class TicketPosition:
    number: str
    status: str
    waiting_ahead: int
    window_no: int | None


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
            raise OfflineError("中心服务器返回的数据无法识别，请稍后重试") from exc
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

    def _ticket(self, data: Any) -> Ticket:
        return Ticket.from_dict(cast(dict[str, Any], data))

    # ------------------------------------------------------------------ tickets

    def issue_ticket(
        self,
        queue: str,
        kind: str = "normal",
        appointment_code: str | None = None,
        request_id: str | None = None,
        reason: str | None = None,
    ) -> Ticket:
        """Take a number (kiosk token, or staff for the green channel, with its reason)."""
        body = {
            "queue": queue,
            "kind": kind,
            "appointment_code": appointment_code,
            "request_id": request_id or uuid.uuid4().hex,
            "reason": reason,
        }
        return self._ticket(self._idempotent("POST", f"{self._hall_path()}/tickets", body))

    def ticket_position(self, ticket_id: int) -> TicketPosition:
        data = self._call("GET", f"/tickets/{int(ticket_id)}/position")
        return TicketPosition(
            number=str(data["number"]),
            status=str(data["status"]),
            waiting_ahead=int(data["waiting_ahead"]),
            window_no=data.get("window_no"),
        )

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
        return WindowState.from_dict(data)

    def resume(self, window_no: int) -> WindowState:
        return WindowState.from_dict(self._call("POST", self._window_path(window_no, "resume"), {}))

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
        return WindowState.from_dict(self._call("GET", self._window_path(window_no, "state")))

    def set_profile(self, window_no: int, queues: list[str]) -> WindowState:
        """Which queues the window serves, in order of preference (supervisor/admin)."""
        data = self._call("PUT", self._window_path(window_no, "profile"), {"queues": queues})
        return WindowState.from_dict(data)

    # ------------------------------------------------------------------ hall

    def queue_status(self) -> HallStatus:
        return HallStatus.from_dict(self._call("GET", f"{self._hall_path()}/queue-status"))

    def report_voice(self, voice_ok: bool, detail: str = "") -> None:
        """The hall display tells the server whether it can speak (the supervisor sees it)."""
        body = {"kind": "hall_display", "voice_ok": voice_ok, "detail": detail[:200]}
        self._call("POST", f"{self._hall_path()}/devices/status", body)

    def import_appointments(self, data: str | list[dict[str, Any]]) -> dict[str, Any]:
        """Import appointments: CSV text or a JSON list (docs/appointments.md)."""
        path = f"{self._hall_path()}/appointments/import"
        if isinstance(data, list):
            return cast(dict[str, Any], self._call("POST", path, data))
        return cast(dict[str, Any], self._post_text(path, data, "text/csv; charset=utf-8"))

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
                raise OfflineError("中心服务器返回的数据无法识别，请稍后重试") from exc

    # ------------------------------------------------------------------ ratings

    def rate(
        self,
        window_no: int,
        ticket_id: int,
        score: int,
        reason: str | None = None,
        comment: str | None = None,
    ) -> dict[str, Any]:
        """The citizen's rating (evaluator token): 5 非常满意 … 1 非常不满意; 1-2 need a reason."""
        body = {"ticket_id": ticket_id, "score": score, "reason": reason, "comment": comment}
        return cast(
            dict[str, Any], self._call("POST", self._window_path(window_no, "rating"), body)
        )

    def rating_followups(self) -> list[dict[str, Any]]:
        """差评 waiting for follow-up (supervisor)."""
        return cast(
            list[dict[str, Any]], self._call("GET", f"{self._hall_path()}/ratings/followups")
        )

    def last_finished(self, window_no: int) -> Ticket | None:
        """The window's latest finished ticket not yet rated (what the evaluator asks about)."""
        data = self._call("GET", self._window_path(window_no, "rating/pending"))
        return None if data is None else self._ticket(data)

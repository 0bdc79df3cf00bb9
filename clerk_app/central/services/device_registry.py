"""Windows are devices: each counter PC, kiosk, hall display and evaluator is registered.

The PC makes its key (``code``, shown to people, and a random ``secret`` kept in its data
folder) and sends both with its login; an unknown key becomes a registration request of the
hall, for the window (or role) asked. An admin of that hall approves it (``POST
/devices/{code}/approve`` or ``clerk-central device approve``). From then on:

- a clerk logs in only from an approved window device, and only at that device's window;
- a kiosk account only from an approved kiosk or hall-display device, a display account only
  from a hall-display device;
- an evaluator only from the approved evaluator device of its window (it rates that window);
- help-desk, supervisor and admin accounts need no device; from an approved window device
  their session is at that window (the supervisor's board shows them there), but only a clerk
  (or a manager) calls tickets for a window. A new PC asks to be registered whoever logs in on
  it first.

Demo mode (``CentralSettings.auto_approve_devices``, set only by the embedded demo server)
approves every request at once, and rebinds a device that asks for another window: demo only.
Only the SHA-256 of a secret is stored; revoking a device ends its sessions at once.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from clerk_app.central.models import AuthToken, Device, Staff, Window
from clerk_app.central.services import audit
from clerk_app.central.services.auth import AuthUser, as_utc
from clerk_app.central.services.errors import Forbidden, Invalid, NotFound
from clerk_app.contract.accounts import DeviceOut, DeviceStatus, PcKind

KIND_LABELS = {"window": "窗口", "kiosk": "取号机", "display": "叫号显示屏", "evaluator": "评价器"}
STATUS_LABELS = {"pending": "待审批", "approved": "已批准", "revoked": "已撤销"}
# The device kinds each role may log in from; roles not listed need no device.
REQUIRED_KINDS = {
    "clerk": frozenset({"window"}),
    "kiosk": frozenset({"kiosk", "display"}),
    "display": frozenset({"display"}),
    "evaluator": frozenset({"evaluator"}),
}
DEFAULT_KIND = {"clerk": "window", "kiosk": "kiosk", "display": "display", "evaluator": "evaluator"}
# Roles whose session is placed at the window of an approved window device they log in from.
PLACED_ROLES = frozenset({"clerk", "helpdesk", "supervisor", "admin"})
MAX_PENDING_PER_HALL = 200


@dataclass(frozen=True, slots=True)
class DeviceProof:
    code: str
    secret: str
    kind: str | None = None
    name: str = ""


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def describe(kind: str, window_no: int | None) -> str:
    """Where the device stands, in the clerk's words: 3号窗口, 取号机, 3号窗口评价器."""
    if kind == "window":
        return f"{window_no}号窗口"
    if kind == "evaluator":
        return f"{window_no}号窗口评价器"
    return KIND_LABELS.get(kind, kind)


def _pending_message(kind: str, window_no: int | None, code: str) -> str:
    return f"本机尚未登记为{describe(kind, window_no)}，请联系管理员审批：设备码 {code}"


def device_out(device: Device) -> DeviceOut:
    return DeviceOut(
        code=device.code,
        kind=PcKind(device.kind),
        window_no=device.window_no,
        binding=describe(device.kind, device.window_no),
        name=device.name,
        status=DeviceStatus(device.status),
        status_label=STATUS_LABELS.get(device.status, device.status),
        requested_by=device.requested_by,
        requested_at=as_utc(device.requested_at),
        decided_by=device.decided_by,
        decided_at=as_utc(device.decided_at) if device.decided_at else None,
        last_seen_at=as_utc(device.last_seen_at) if device.last_seen_at else None,
    )


def _request(
    session: Session,
    staff: Staff,
    proof: DeviceProof,
    window_no: int | None,
    now: datetime,
    *,
    auto_approve: bool,
) -> Device:
    """A registration request of a new PC (approved at once in the demo)."""
    kind, window = _requested(session, staff, proof, window_no)
    pending = session.scalar(
        select(func.count())
        .select_from(Device)
        .where(Device.hall_id == staff.hall_id, Device.status == "pending")
    )
    if not auto_approve and (pending or 0) >= MAX_PENDING_PER_HALL:
        raise Forbidden("本大厅待审批的设备过多，请联系管理员先处理")
    device = Device(
        code=proof.code,
        secret_hash=secret_digest(proof.secret),
        hall_id=staff.hall_id,
        kind=kind,
        window_no=window,
        name=proof.name[:100],
        status="pending",
        requested_by=staff.username,
        requested_at=now,
    )
    session.add(device)
    session.flush()
    _record(session, staff, "device_requested", device, now)
    if auto_approve:
        _approve_at_once(session, staff, device, now)
    return device


def _approve_at_once(session: Session, staff: Staff, device: Device, now: datetime) -> None:
    device.status, device.decided_by, device.decided_at = "approved", audit.SYSTEM, now
    _record(session, staff, "device_auto_approved", device, now)


@dataclass(frozen=True, slots=True)
class Binding:
    device: Device | None
    window_no: int | None


def _requested(
    session: Session, staff: Staff, proof: DeviceProof, window_no: int | None
) -> tuple[str, int | None]:
    """The kind and window a new request asks for (window: the one chosen, else the home one)."""
    kinds = REQUIRED_KINDS.get(staff.role, frozenset({"window"}))
    kind = proof.kind if proof.kind in kinds else DEFAULT_KIND.get(staff.role, "window")
    if kind in ("kiosk", "display"):
        return kind, None
    window = window_no if window_no is not None else (staff.window.number if staff.window else None)
    if window is None:
        raise Invalid("请选择本机所在的窗口号")
    exists = session.scalars(
        select(Window.id).where(Window.hall_id == staff.hall_id, Window.number == window)
    ).first()
    if exists is None:
        raise Invalid(f"本大厅没有{window}号窗口")
    return kind, window


def _record(session: Session, staff: Staff, action: str, device: Device, now: datetime) -> None:
    detail = {"binding": describe(device.kind, device.window_no), "name": device.name}
    audit.record_staff(session, staff, action, device.code, detail, now)


def _known_device(session: Session, staff: Staff, proof: DeviceProof) -> Device | None:
    """The registered device of ``proof`` (locked), if any and of the staff's hall.

    A wrong secret is refused; another hall's device counts as unknown for an account that
    needs no device, and is refused for one that does.
    """
    device = session.scalars(
        select(Device).where(Device.code == proof.code).with_for_update()
    ).one_or_none()
    if device is None:
        return None
    if not hmac.compare_digest(device.secret_hash, secret_digest(proof.secret)):
        raise Forbidden(f"设备码 {proof.code} 的密钥不符，请联系管理员重新登记本机")
    if device.hall_id != staff.hall_id:
        if staff.role in REQUIRED_KINDS:
            raise Forbidden(f"本机登记在其他大厅（设备码 {device.code}），不能登录此账户")
        return None
    return device


def _optional_binding(
    session: Session,
    staff: Staff,
    proof: DeviceProof | None,
    device: Device | None,
    window_no: int | None,
    now: datetime,
    auto_approve: bool,
) -> Binding:
    """An account that needs no device: an approved window device places it at its window."""
    if staff.role not in PLACED_ROLES:
        return Binding(None, None)
    if device is None and proof is not None and window_no is not None:
        # A new PC at a window asks to be registered, whoever logs in on it first.
        device = _request(session, staff, proof, window_no, now, auto_approve=auto_approve)
    if device is not None and device.status == "approved" and device.kind == "window":
        device.last_seen_at = now
        return Binding(device, device.window_no)
    return Binding(None, None)


def _check_approved(session: Session, device: Device) -> None:
    """A pending or revoked device is refused (what was recorded is committed first)."""
    if device.status == "pending":
        message = _pending_message(device.kind, device.window_no, device.code)
        session.commit()
        raise Forbidden(message)
    if device.status == "revoked":
        session.commit()
        raise Forbidden(f"本机的登记已被撤销（设备码 {device.code}），请联系管理员")


def _check_fits(device: Device, required: frozenset[str], window_no: int | None) -> None:
    """The device is of a kind the account may use, at the window asked for."""
    where = describe(device.kind, device.window_no)
    if device.kind not in required:
        raise Forbidden(f"本机登记为{where}，不能登录此账户（设备码 {device.code}）")
    if device.kind in ("window", "evaluator") and window_no not in (None, device.window_no):
        raise Forbidden(f"本机登记为{where}，不能登录{window_no}号窗口（设备码 {device.code}）")


def bind_login(
    session: Session,
    staff: Staff,
    proof: DeviceProof | None,
    window_no: int | None,
    now: datetime,
    *,
    auto_approve: bool,
) -> Binding:
    """The device and window a login (password already checked) may take, or Forbidden.

    A refusal commits what it recorded (a new registration request, the audit entry) first.
    """
    required = REQUIRED_KINDS.get(staff.role)
    device = _known_device(session, staff, proof) if proof is not None else None
    if required is None:
        return _optional_binding(session, staff, proof, device, window_no, now, auto_approve)
    if proof is None:
        names = "、".join(describe(k, window_no) for k in sorted(required))
        raise Forbidden(f"此账户只能在已登记的设备（{names}）上登录，本机未提供设备码")
    if device is None:
        device = _request(session, staff, proof, window_no, now, auto_approve=auto_approve)
    elif auto_approve and device.status != "revoked":
        kind, window = _requested(session, staff, proof, window_no)
        if (device.kind, device.window_no) != (kind, window):
            device.kind, device.window_no = kind, window  # demo only: the PC moved
            _approve_at_once(session, staff, device, now)
    _check_approved(session, device)
    _check_fits(device, required, window_no)
    device.last_seen_at = now
    return Binding(device, device.window_no)


# ------------------------------------------------------------------------------ admin


def _admin_device(session: Session, admin: AuthUser, code: str) -> Device:
    if not admin.is_admin:
        raise Forbidden("只有管理员可以审批设备")
    device = session.scalars(
        select(Device).where(Device.code == code.strip().upper()).with_for_update()
    ).one_or_none()
    if device is None or device.hall_id != admin.hall_id:
        raise NotFound(f"本大厅没有设备码为{code}的设备")
    return device


def list_devices(session: Session, admin: AuthUser, status: str | None = None) -> list[DeviceOut]:
    if not admin.is_admin:
        raise Forbidden("只有管理员可以查看设备")
    stmt = select(Device).where(Device.hall_id == admin.hall_id)
    if status:
        stmt = stmt.where(Device.status == status)
    rows = session.scalars(stmt.order_by(Device.requested_at, Device.id)).all()
    return [device_out(d) for d in rows]


def approve(session: Session, admin: AuthUser, code: str, now: datetime) -> DeviceOut:
    """Approve a pending (or revoked) device of the admin's hall for what it asked."""
    device = _admin_device(session, admin, code)
    device.status, device.decided_by, device.decided_at = "approved", admin.username, now
    audit.record_by(
        session,
        admin,
        "device_approved",
        device.code,
        {"binding": describe(device.kind, device.window_no), "name": device.name},
        now,
    )
    view = device_out(device)
    session.commit()
    return view


def revoke(session: Session, admin: AuthUser, code: str, now: datetime) -> DeviceOut:
    """Revoke a device: its sessions end at once, its logins are refused from now on."""
    device = _admin_device(session, admin, code)
    device.status, device.decided_by, device.decided_at = "revoked", admin.username, now
    result = session.execute(delete(AuthToken).where(AuthToken.device_id == device.id))
    audit.record_by(
        session,
        admin,
        "device_revoked",
        device.code,
        {
            "binding": describe(device.kind, device.window_no),
            "sessions_ended": int(getattr(result, "rowcount", 0) or 0),
        },
        now,
    )
    view = device_out(device)
    session.commit()
    return view

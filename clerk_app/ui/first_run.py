"""Setting a PC up: the live checks shared by the setup dialog and ``clerk-app setup``.

No Qt: both run off the GUI thread (the dialog) or without a GUI at all (IT's script).
Registration is what the server requires today (``central/services/device_registry.py``): a
login from this PC with its device key, asking for the role (window N, kiosk, display,
evaluator of window N), makes a registration request an admin of the hall approves; until then
the server answers with the device code to approve.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

import requests
from PySide6.QtCore import QCoreApplication

from clerk_app.contract.common import HealthOut
from clerk_app.sync.client import ApiError, CentralClient, OfflineError
from clerk_app.sync.device_key import DeviceKey, key_file

CHECK_TIMEOUT_S = 5.0
NOT_YET_REGISTERED = "尚未登记"  # the server's refusal of a pending device (device_registry)


@dataclass(frozen=True, slots=True)
class ServerCheck:
    ok: bool
    message: str


def normalized_server_url(text: str) -> str:
    """``10.0.0.5:8700`` → ``http://10.0.0.5:8700``; no trailing slash."""
    text = text.strip().rstrip("/")
    if text and "://" not in text:
        text = "http://" + text
    return text


def check_server(url: str, timeout: float = CHECK_TIMEOUT_S) -> ServerCheck:
    """Does a clerk-app central server answer at ``url``? (``GET /api/v1/health``)"""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ServerCheck(
            False,
            QCoreApplication.translate(
                "SetupDialog",
                "地址格式不对，应如 https://clerk.example.gov.cn 或 http://10.0.0.5:8700",
            ),
        )
    try:
        response = requests.get(f"{url}/api/v1/health", timeout=timeout)
    except requests.exceptions.SSLError as exc:
        text = QCoreApplication.translate("SetupDialog", "服务器的证书无法验证：%1")
        return ServerCheck(False, text.replace("%1", type(exc).__name__))
    except requests.RequestException:
        return ServerCheck(
            False,
            QCoreApplication.translate("SetupDialog", "无法连接到该地址，请检查地址、端口和网络"),
        )
    try:
        health = HealthOut.model_validate(response.json()) if response.ok else None
    except ValueError:
        health = None
    if health is None or health.status != "ok":
        text = QCoreApplication.translate("SetupDialog", "该地址不是本系统的中心服务器（HTTP %1）")
        return ServerCheck(False, text.replace("%1", str(response.status_code)))
    version = health.catalog_version or QCoreApplication.translate("SetupDialog", "（未导入）")
    text = QCoreApplication.translate("SetupDialog", "中心服务器在线，事项目录版本 %1")
    return ServerCheck(True, text.replace("%1", version))


class Registration(StrEnum):
    APPROVED = "approved"  # the server knows this PC in this role: it logs in
    PENDING = "pending"  # a request waits for an admin's approval (the message has the code)
    REFUSED = "refused"  # wrong account, wrong hall, no such window, unreachable …


@dataclass(frozen=True, slots=True)
class RegistrationOutcome:
    state: Registration
    message: str
    hall: str = ""  # the account's hall, when the login went through


def device_key_path(data_dir: Path, role: str, window: int | None) -> Path:
    """The key file of ``role`` in ``data_dir``: where the running app looks for it."""
    if role == "window":
        return key_file(data_dir)
    return key_file(data_dir, f"evaluator-{window}" if role == "evaluator" else role)


def register_device(
    url: str,
    role: str,
    window: int | None,
    username: str,
    password: str,
    key: DeviceKey,
) -> RegistrationOutcome:
    """Log in from this PC as ``role`` once, which asks the server to register it."""
    client = CentralClient(url, device=key, device_kind=role, retries=0)
    wanted = window if role in ("window", "evaluator") else None
    try:
        result = client.login(username, password, wanted)
    except ApiError as exc:
        pending = exc.status == 403 and NOT_YET_REGISTERED in exc.detail
        return RegistrationOutcome(
            Registration.PENDING if pending else Registration.REFUSED, exc.detail
        )
    except OfflineError as exc:
        return RegistrationOutcome(Registration.REFUSED, str(exc))
    try:
        client.logout()
    except (ApiError, OfflineError):
        pass  # the token expires by itself
    finally:
        client.close()
    hall = result.user.hall_code
    if role == "window" and result.user.window_no != window:
        # An account that needs no device (help desk, manager) got in, but not at the window:
        # the request it made waits for the admin.
        return RegistrationOutcome(
            Registration.PENDING,
            QCoreApplication.translate(
                "SetupDialog", "本机已申请登记为%1号窗口，请联系管理员审批：设备码 %2"
            )
            .replace("%1", str(window))
            .replace("%2", key.code),
            hall,
        )
    text = QCoreApplication.translate("SetupDialog", "本机已登记（设备码 %1）")
    return RegistrationOutcome(Registration.APPROVED, text.replace("%1", key.code), hall)

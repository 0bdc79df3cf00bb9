"""Accounts, logins and devices: who may log in, from which PC, at which window."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, StringConstraints

from clerk_app.contract.common import STRICT, Username, WindowNo
from clerk_app.contract.enums import Role


class PcKind(StrEnum):
    """What a registered PC is: a counter window, a ticket kiosk, a hall display, an evaluator."""

    WINDOW = "window"
    KIOSK = "kiosk"
    DISPLAY = "display"
    EVALUATOR = "evaluator"


class DeviceStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REVOKED = "revoked"


DeviceCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class DeviceProofIn(BaseModel):
    """The PC's device key (made on the PC, kept in its data folder)."""

    model_config = STRICT

    code: DeviceCode
    secret: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{32,128}$")]
    kind: PcKind | None = None
    name: Annotated[str, StringConstraints(max_length=100)] = ""


class LoginIn(BaseModel):
    model_config = STRICT

    username: Username
    password: Password
    window_no: WindowNo | None = None
    device: DeviceProofIn | None = None
    # The counter app's version (clerk_app.__version__); none from an app older than the check.
    client_version: Annotated[str, StringConstraints(max_length=40)] | None = None


class PasswordChangeIn(BaseModel):
    model_config = STRICT

    old_password: Password
    new_password: Password


class PasswordResetIn(BaseModel):
    model_config = STRICT

    new_password: Password


class DeviceOut(BaseModel):
    code: str
    kind: PcKind
    window_no: int | None
    binding: str
    name: str
    status: DeviceStatus
    status_label: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    last_seen_at: datetime | None


class UserOut(BaseModel):
    username: str
    display_name: str
    role: Role
    hall_code: str
    hall_name: str
    window_no: int | None
    department_code: str | None


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    user: UserOut

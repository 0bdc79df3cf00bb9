"""Account and device administration: an admin acts only on their own hall."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep
from clerk_app.central.policy import require
from clerk_app.central.services import accounts, device_registry
from clerk_app.central.services.auth import AuthUser
from clerk_app.contract.accounts import DeviceOut, DeviceStatus, PasswordResetIn

router = APIRouter(tags=["accounts"], route_class=ReleasingRoute)

UsernamePath = Annotated[str, Path(min_length=1, max_length=64)]
AccountAdmin = Annotated[AuthUser, require("account.manage")]
DeviceAdmin = Annotated[AuthUser, require("device.manage")]
CodePath = Annotated[str, Path(pattern=r"^[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}$")]


@router.post(
    "/staff/{username}/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="管理员重置本大厅账户的密码（该账户所有登录失效）",
)
def reset_password(
    username: UsernamePath,
    body: PasswordResetIn,
    session: SessionDep,
    user: AccountAdmin,
    now: NowDep,
) -> None:
    accounts.reset_password(session, user, username, body.new_password, now)


@router.post(
    "/staff/{username}/disable",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="停用本大厅的账户（其登录立即失效）",
)
def disable(username: UsernamePath, session: SessionDep, user: AccountAdmin, now: NowDep) -> None:
    accounts.set_disabled(session, user, username, True, now)


@router.post("/staff/{username}/enable", status_code=status.HTTP_204_NO_CONTENT, summary="启用账户")
def enable(username: UsernamePath, session: SessionDep, user: AccountAdmin, now: NowDep) -> None:
    accounts.set_disabled(session, user, username, False, now)


@router.get("/devices", response_model=list[DeviceOut], summary="本大厅登记的设备")
def list_devices(
    session: SessionDep,
    user: DeviceAdmin,
    state: Annotated[DeviceStatus | None, Query()] = None,
) -> list[DeviceOut]:
    return device_registry.list_devices(session, user, state)


@router.post("/devices/{code}/approve", response_model=DeviceOut, summary="批准设备登记")
def approve_device(
    code: CodePath, session: SessionDep, user: DeviceAdmin, now: NowDep
) -> DeviceOut:
    return device_registry.approve(session, user, code, now)


@router.post(
    "/devices/{code}/revoke", response_model=DeviceOut, summary="撤销设备（其登录立即失效）"
)
def revoke_device(code: CodePath, session: SessionDep, user: DeviceAdmin, now: NowDep) -> DeviceOut:
    return device_registry.revoke(session, user, code, now)

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, status

from clerk_app.central.deps import (
    NowDep,
    ReleasingRoute,
    SessionDep,
    SettingsDep,
    TokenDep,
    client_address,
)
from clerk_app.central.policy import public, require
from clerk_app.central.services import accounts, auth
from clerk_app.central.services.auth import AuthUser
from clerk_app.central.services.device_registry import DeviceProof
from clerk_app.central.services.login import LoginRequest, log_in
from clerk_app.contract.accounts import LoginIn, LoginOut, PasswordChangeIn

router = APIRouter(prefix="/auth", tags=["auth"], route_class=ReleasingRoute)

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"description": "用户名或密码错误（未知用户与密码错误的回答相同）"},
    403: {"description": "账户已停用，或本机尚未登记为此窗口（回答中有设备码）"},
    429: {"description": "连续失败后须等待（Retry-After 秒数，逐次加倍，不锁定账户）"},
    503: {"description": "同时登录的人过多，请稍后重试"},
}


@router.post(
    "/login",
    response_model=LoginOut,
    responses=_ERRORS,
    summary="登录",
    dependencies=[public("auth.login")],
)
async def login(body: LoginIn, request: Request, settings: SettingsDep, now: NowDep) -> LoginOut:
    device = (
        DeviceProof(body.device.code, body.device.secret, body.device.kind, body.device.name)
        if body.device is not None
        else None
    )
    outcome = await log_in(
        request.app.state.login_gate,
        request.app.state.session_factory,
        settings,
        LoginRequest(
            body.username,
            body.password,
            body.window_no,
            device,
            client_address(request),
            body.client_version,
        ),
        now,
    )
    return LoginOut.model_validate(
        {"token": outcome.token, "expires_at": outcome.expires_at, "user": outcome.user.to_dict()}
    )


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="退出登录",
    dependencies=[require("auth.logout")],
)
def logout(session: SessionDep, token: TokenDep, now: NowDep) -> None:
    auth.logout(session, token, now)


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="修改本人密码（需原密码；修改后所有登录失效）",
)
def change_password(
    body: PasswordChangeIn,
    session: SessionDep,
    user: Annotated[AuthUser, require("auth.password")],
    now: NowDep,
) -> None:
    accounts.change_own_password(session, user, body.old_password, body.new_password, now)

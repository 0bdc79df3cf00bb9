from __future__ import annotations

from fastapi import APIRouter, status

from clerk_app.central.deps import NowDep, ReleasingRoute, SessionDep, SettingsDep, TokenDep
from clerk_app.central.policy import public, require
from clerk_app.central.schemas import LoginIn, LoginOut
from clerk_app.central.services import auth

router = APIRouter(prefix="/auth", tags=["auth"], route_class=ReleasingRoute)

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"description": "用户名或密码错误"},
    423: {"description": "连续输错5次，账户锁定15分钟"},
}


@router.post(
    "/login",
    response_model=LoginOut,
    responses=_ERRORS,
    summary="登录",
    dependencies=[public("auth.login")],
)
def login(body: LoginIn, session: SessionDep, settings: SettingsDep, now: NowDep) -> LoginOut:
    outcome = auth.login(session, settings, body.username, body.password, body.window_no, now)
    return LoginOut.model_validate(
        {"token": outcome.token, "expires_at": outcome.expires_at, "user": outcome.user.to_dict()}
    )


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="退出登录",
    dependencies=[require("auth.logout")],
)
def logout(session: SessionDep, token: TokenDep) -> None:
    auth.logout(session, token)

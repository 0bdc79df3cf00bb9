"""The central server's FastAPI application.

``create_app(db_url)`` builds it: routes under /api/v1, OpenAPI at /openapi.json. Every
refusal is a 4xx whose ``detail`` is a Chinese sentence for the clerk; malformed requests
(bad JSON, wrong types, missing or oversized fields) never reach a 500.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from clerk_app.central import logs
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.http_guards import BodyGuard, SecurityHeaders, closing_headers, is_https
from clerk_app.central.page_cache import caching_store_from
from clerk_app.central.routes import api_router
from clerk_app.central.services.errors import ServiceError
from clerk_app.central.services.login import LoginGate
from clerk_app.central.zh_errors import describe

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

_STATUS_TEXT = {
    400: "请求有误",
    401: "请先登录",
    403: "没有权限",
    404: "接口或数据不存在",
    405: "不支持此请求方法",
    406: "不支持请求的格式",
    413: "请求内容过大",
    415: "不支持的内容类型",
    422: "请求数据不合法",
    429: "请求过于频繁，请稍后再试",
}


def _json_error(
    status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    headers = {**(closing_headers(status) or {}), **(headers or {})}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse({"detail": detail, **extra}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        return _json_error(exc.status_code, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        pairs = describe(exc.errors(), skip_prefix=1)  # drop "body" / "query" / "path"
        if any(message == "不是合法的JSON" for _field, message in pairs):
            return _json_error(422, "请求内容不是合法的JSON", errors=[])
        parts = [
            f"{field_name}：{message}" if field_name else message for field_name, message in pairs
        ]
        detail = "请求数据不合法：" + "；".join(parts[:5])
        if len(parts) > 5:
            detail += f"；等{len(parts)}处"
        errors = [{"field": f, "message": m} for f, m in pairs[:50]]
        return _json_error(422, detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        try:
            default = HTTPStatus(exc.status_code).phrase
        except ValueError:
            default = ""
        if not isinstance(detail, str) or detail == default or detail.isascii():
            detail = _STATUS_TEXT.get(exc.status_code, "请求无法处理")
        return _json_error(exc.status_code, detail)

    @app.exception_handler(IntegrityError)
    async def _integrity_error(_request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error: %s", _db_error_summary(exc))
        return _json_error(409, "数据与已有记录冲突，请刷新后重试")

    @app.exception_handler(DataError)
    async def _data_error(_request: Request, exc: DataError) -> JSONResponse:
        log.warning("data error: %s", _db_error_summary(exc))
        return _json_error(422, "数据超出允许的范围")

    @app.exception_handler(PoolTimeout)
    async def _pool_exhausted(_request: Request, exc: PoolTimeout) -> JSONResponse:
        log.error("no database connection free: %s", exc)
        response = _json_error(503, "服务器繁忙，请稍后重试")
        response.headers["Retry-After"] = "2"
        return response

    @app.exception_handler(OperationalError)
    async def _db_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        return _json_error(503, "数据库暂时不可用，请稍后重试")


def _db_error_summary(exc: DBAPIError) -> str:
    """The driver's one-line reason: PostgreSQL's DETAIL line quotes the row's values (a name,
    an ID number), and the statement's parameters are hidden by the engine."""
    reason = str(exc.orig).strip().splitlines()
    return f"{type(exc.orig).__name__}: {reason[0] if reason else ''}"


def document_refusals(app: FastAPI) -> None:
    """Every 4xx of the OpenAPI document has the one error shape (``ErrorOut``): the router
    declares it for the whole ``4XX`` range, and a route that names a status of its own (with a
    description only) gets the same body schema, so a client or a fuzzer can check each one."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for code, answer in operation.get("responses", {}).items():
                    if code.startswith("4") and "content" not in answer:
                        answer["content"] = body
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def pool_options(db_url: str, settings: CentralSettings) -> dict[str, Any]:
    """The connection pool of one server process (SQLite keeps SQLAlchemy's default)."""
    if db_url.startswith("sqlite"):
        return {}
    return {"pool_size": settings.pool_size, "max_overflow": settings.pool_overflow}


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` worker processes: ``CLERK_CENTRAL_*`` configure it."""
    return create_app()


def create_app(db_url: str | None = None, settings: CentralSettings | None = None) -> FastAPI:
    """The application on the database at ``db_url`` (migrate it first: ``db.upgrade``)."""
    settings = settings or CentralSettings()
    engine = make_engine(db_url or settings.db, **pool_options(db_url or settings.db, settings))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        gate.close()
        engine.dispose()

    app = FastAPI(
        title="综合窗口中心服务",
        description="一窗通办综合窗口系统的中心服务：登录、大厅配置、事项目录、申请人库、案件。",
        version="1.0.0",
        lifespan=lifespan,
        # No OpenTelemetry here: FastAPI otherwise asks the providers on every request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.clock = lambda: datetime.now(UTC)
    app.state.blob_store = caching_store_from(settings)
    gate = app.state.login_gate = LoginGate(settings)
    install_error_handlers(app)
    logs.install()
    app.add_middleware(
        BodyGuard, limit=settings.max_body_bytes, per_item_paths=(f"{API_PREFIX}/sync/push",)
    )
    app.add_middleware(SecurityHeaders, https=lambda scope: is_https(scope, settings.public_url))
    app.include_router(api_router, prefix=API_PREFIX)
    document_refusals(app)
    return app

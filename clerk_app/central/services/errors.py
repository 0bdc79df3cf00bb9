"""Errors the services raise; the app turns each into an HTTP status with a Chinese reason."""

from __future__ import annotations

import math


class ServiceError(Exception):
    status_code = 400

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}


class Invalid(ServiceError):
    status_code = 422


class Unauthorized(ServiceError):
    status_code = 401


class Forbidden(ServiceError):
    status_code = 403


class NotFound(ServiceError):
    status_code = 404


class Conflict(ServiceError):
    status_code = 409


class UpgradeRequired(ServiceError):
    """The client is older than the server accepts (426 Upgrade Required)."""

    status_code = 426


class TooManyRequests(ServiceError):
    """Answered 429 with ``Retry-After`` (whole seconds)."""

    status_code = 429

    def __init__(self, detail: str, retry_after: float) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, math.ceil(retry_after)))})


class Busy(ServiceError):
    status_code = 503

    def __init__(self, detail: str, retry_after: int = 1) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})


class TooLarge(ServiceError):
    status_code = 413


class UnsupportedType(ServiceError):
    status_code = 415

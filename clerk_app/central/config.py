"""Server settings (pydantic-settings): environment variables prefixed ``CLERK_CENTRAL_``."""

from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_URL = "sqlite:///var/central.db"


class CentralSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLERK_CENTRAL_", extra="ignore")

    db: str = DEFAULT_DB_URL
    token_hours: float = 12.0
    max_failed_logins: int = 5
    lock_minutes: int = 15
    # How many catalog rows one snapshot query fetches at a time.
    snapshot_chunk: int = 2000
    # gzip level of the catalog snapshot: fast beats small on a hall's LAN.
    snapshot_gzip_level: int = 3
    # Connections per server process (PostgreSQL): a hall's dozens of windows call at once,
    # and the worker threads (40 by default) must not queue behind a handful of connections.
    pool_size: int = 20
    pool_overflow: int = 20
    # The address clients and printed QR codes use (https://zwfw.example.gov.cn); absolute
    # links are built from it, never from the request's Host header. "" = the request's own.
    public_url: str = ""
    # Largest request body, declared or chunked (a catalog push stays far below).
    max_body_bytes: int = 20 * 1024 * 1024

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
            raise ValueError("公开地址应为 http(s)://主机[:端口][/路径]")
        return value

    # Applicant libraries shared between halls: "HS01,HS02;HS03,HS04" (docs/security.md).
    # Empty: each hall reads only its own applicants.
    applicant_library_groups: str = ""
    # Applicant lookups per user per minute (a 429 with Retry-After beyond).
    applicant_lookups_per_minute: int = 30


def default_db_url() -> str:
    return os.environ.get("CLERK_CENTRAL_DB") or DEFAULT_DB_URL


def resources_dir() -> Path:
    """The repository's resources folder, or CLERK_RESOURCES when set (frozen builds)."""
    override = os.environ.get("CLERK_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "resources"

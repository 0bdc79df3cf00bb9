"""Server settings (pydantic-settings): environment variables prefixed ``CLERK_CENTRAL_``."""

from __future__ import annotations

import os
import re
from datetime import time
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_URL = "sqlite:///var/central.db"


class CentralSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLERK_CENTRAL_", extra="ignore")

    db: str = DEFAULT_DB_URL
    token_hours: float = 12.0
    # Failed logins in a row before each next attempt waits 1 s, 2 s, 4 s … up to the cap
    # (per account, and per source address): a delay, never a lock-out.
    login_free_failures: int = 5
    login_free_failures_per_address: int = 20
    login_delay_cap_s: float = 60.0
    # Password hashes at once (argon2: 64 MiB each) and logins that may wait for one.
    hash_workers: int = 2
    hash_queue: int = 256
    # Demo only (the embedded demo server): approve every device registration at once.
    auto_approve_devices: bool = False
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
    # The oldest counter app allowed to log in ("" = any); CLERK_CENTRAL_MIN_CLIENT_VERSION.
    min_client_version: str = Field(default="", max_length=40)

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
    # The hall's working-day override table (date,working,reason): the counter ships the same
    # file, so both count the same dates. "" = resources/calendar/workday_overrides.csv.
    workday_overrides: str = ""

    # Electronic materials (docs/central-server.md "Attachments"): where blobs are kept,
    # "disk" (a folder under the data folder) or "s3" (S3-compatible object storage).
    data_dir: str = "var"
    blob_store: str = Field(default="disk", pattern="^(disk|s3)$")
    s3_endpoint: str = ""  # "" = AWS itself; a government cloud's or MinIO's https://…
    s3_bucket: str = ""
    s3_prefix: str = "blobs/"
    s3_region: str = "us-east-1"
    s3_access_key: str = ""  # "" = boto3's own chain (environment, instance role)
    s3_secret_key: str = ""
    # Largest file a window may attach, and largest chunk of one upload request.
    attachment_max_bytes: int = 50 * 1024 * 1024
    attachment_chunk_max_bytes: int = 4 * 1024 * 1024
    # Rendered pages kept on local disk (<data_dir>/page-cache) and blobs kept in memory
    # (clerk_app/central/page_cache.py), in MB.
    page_cache_mb: int = Field(default=512, ge=1)
    blob_memory_mb: int = Field(default=64, ge=0)
    # The daily retention purge run by the server itself (purge_schedule.py): the hall-time
    # hour ("03:30"), or "off" (then run `clerk-central blobs purge` from cron).
    purge_at: str = "03:30"

    @field_validator("purge_at")
    @classmethod
    def _purge_at(cls, value: str) -> str:
        at = hall_clock_time(value)
        return "off" if at is None else at.strftime("%H:%M")

    def blob_dir(self) -> Path:
        return Path(self.data_dir) / "blobs"

    def upload_dir(self) -> Path:
        """Partial uploads (always on local disk, whatever the blob store)."""
        return Path(self.data_dir) / "uploads"

    def workday_overrides_path(self) -> Path:
        if self.workday_overrides:
            return Path(self.workday_overrides)
        return resources_dir() / "calendar" / "workday_overrides.csv"


class QueueSettings(BaseSettings):
    """Queue rules that a hall may tune (environment ``CLERK_CENTRAL_QUEUE_*``)."""

    model_config = SettingsConfigDict(env_prefix="CLERK_CENTRAL_QUEUE_", extra="ignore")

    missed_interval_s: int = 120  # a no-show is callable again after this long
    max_calls: int = 3  # calls before a no-show is cancelled
    appointment_early_min: int = 30  # check-in this early still counts as on time
    appointment_grace_min: int = 15  # ... and this late after the slot starts
    public_base_url: str = ""  # prefix of the ticket slip's QR link; "" = the request's


def hall_clock_time(text: str) -> time | None:
    """ "HH:MM" (hall time) as a time, "off" as None; ValueError with the reason otherwise."""
    value = text.strip().lower()
    if value == "off":
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError("应为大厅时间的 时:分（如 03:30），或 off 表示关闭")
    return time(int(match.group(1)), int(match.group(2)))


def default_db_url() -> str:
    return os.environ.get("CLERK_CENTRAL_DB") or DEFAULT_DB_URL


def resources_dir() -> Path:
    """The repository's resources folder, or CLERK_RESOURCES when set (frozen builds)."""
    override = os.environ.get("CLERK_RESOURCES")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "resources"

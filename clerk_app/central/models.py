"""The central server's tables (SQLAlchemy 2, typed mappings).

One schema for SQLite (embedded default) and PostgreSQL (production). Enumerated values are
plain strings checked by the services, so migrations never have to alter a database enum.
JSON columns hold the domain objects' ``to_dict()``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Deterministic constraint names: migrations and both dialects agree on them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Plain JSON (not JSONB) on PostgreSQL too: the text is kept as written, so the catalog
# snapshot streams it out without re-serialising 69,074 documents.
JsonDoc = JSON()
UtcDateTime = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Hall(Base):
    __tablename__ = "halls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # The public progress page the notices' QR opens ("" = the server's own /api/v1/progress)
    public_progress_url: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # HMAC key of the QR's check code (domain/progress.py); random, never in hall.json
    progress_secret: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # Printed on the help desk's preparation list (准备资料清单), e.g. "工作日 9:00-17:00"
    opening_hours: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # How long a not-ready pre-check can be reopened from its preparation list
    precheck_open_days: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    # The supervisor's alert thresholds (services/hall_alerts.py), set from the hall page
    alert_wait_minutes: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    alert_pause_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    alert_deadline_days: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    followup_days: Mapped[int] = mapped_column(Integer, default=5, server_default="5")

    zones: Mapped[list[Zone]] = relationship(back_populates="hall", order_by="Zone.id")
    queues: Mapped[list[Queue]] = relationship(back_populates="hall", order_by="Queue.id")
    windows: Mapped[list[Window]] = relationship(back_populates="hall", order_by="Window.number")


class Zone(Base):
    __tablename__ = "zones"
    __table_args__ = (UniqueConstraint("hall_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))

    hall: Mapped[Hall] = relationship(back_populates="zones")


class Queue(Base):
    """A ticket queue (business category) with its prefix letter."""

    __tablename__ = "queues"
    __table_args__ = (UniqueConstraint("hall_id", "code"), UniqueConstraint("hall_id", "prefix"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(1))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id", ondelete="SET NULL"))

    hall: Mapped[Hall] = relationship(back_populates="queues")
    zone: Mapped[Zone | None] = relationship()


class Window(Base):
    __tablename__ = "windows"
    __table_args__ = (UniqueConstraint("hall_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(50))
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id", ondelete="SET NULL"))

    hall: Mapped[Hall] = relationship(back_populates="windows")
    zone: Mapped[Zone | None] = relationship()
    queue_links: Mapped[list[WindowQueue]] = relationship(
        order_by="WindowQueue.position", cascade="all, delete-orphan"
    )


class WindowQueue(Base):
    """The queues a window serves, in its order of preference (its work profile)."""

    __tablename__ = "window_queues"

    window_id: Mapped[int] = mapped_column(
        ForeignKey("windows.id", ondelete="CASCADE"), primary_key=True
    )
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer)

    queue: Mapped[Queue] = relationship()


class Department(Base):
    __tablename__ = "departments"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    window_mode: Mapped[str] = mapped_column(String(16))  # comprehensive | standing
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # Where its decisions are challenged ("" = the hall's), its credit code and level
    review_body: Mapped[str] = mapped_column(String(200), default="", server_default="")
    court: Mapped[str] = mapped_column(String(200), default="", server_default="")
    credit_code: Mapped[str] = mapped_column(String(18), default="", server_default="")
    level: Mapped[str] = mapped_column(String(4), default="", server_default="")


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # clerk helpdesk supervisor admin department
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id", ondelete="SET NULL"))
    # Not a foreign key: department users may exist before the catalog naming it is loaded.
    department_code: Mapped[str | None] = mapped_column(String(64))
    # The department's head (负责人): approves a 行政许可法 Art. 42 extension (延期).
    department_head: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    password_hash: Mapped[str] = mapped_column(String(255))
    # A disabled account cannot log in and its tokens are gone (services/accounts.py).
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    hall: Mapped[Hall] = relationship()
    window: Mapped[Window | None] = relationship()


class AuthToken(Base):
    """A bearer token: only its SHA-256 is stored, so a database leak gives no live session."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    window_no: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    # The registered device the login came from (revoking it ends the token).
    device_id: Mapped[int | None] = mapped_column(
        ForeignKey("devices.id", ondelete="CASCADE"), index=True
    )

    staff: Mapped[Staff] = relationship()


class Device(Base):
    """A registered PC: a counter window, a kiosk, a hall display or a window's evaluator.

    The PC makes its own key (a random code shown to people and a secret kept in its data
    folder); the server stores only the secret's SHA-256. An admin of the hall approves the
    request (API or ``clerk-central device approve``); a login can then take only the window
    (or role) the device is registered for.
    """

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. 7K3F-9Q2M-XA4B
    secret_hash: Mapped[str] = mapped_column(String(64))
    hall_id: Mapped[int] = mapped_column(ForeignKey("halls.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # window kiosk display evaluator
    window_no: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(16))  # pending approved revoked
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    hall: Mapped[Hall] = relationship()


class CatalogMeta(Base):
    """One row (id 1): the version of the catalog currently served."""

    __tablename__ = "catalog_meta"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_version: Mapped[str] = mapped_column(String(64))
    generated_at: Mapped[str] = mapped_column(String(64), default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CatalogItem(Base):
    __tablename__ = "catalog_items"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    department_code: Mapped[str] = mapped_column(ForeignKey("departments.code"), index=True)
    department: Mapped[str] = mapped_column(String(200))
    zone: Mapped[str] = mapped_column(String(32), index=True)
    handling: Mapped[str] = mapped_column(String(16))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc)  # Item.to_dict()


class CatalogBundle(Base):
    __tablename__ = "bundles"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    zone: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc)  # Bundle.to_dict()


class MaterialDirectoryEntry(Base):
    """The hall's material directory (材料目录): standard material codes of the catalog."""

    __tablename__ = "material_codes"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[bool] = mapped_column(Boolean, default=False)  # never 容缺


class Applicant(Base):
    """A hall's applicant library, keyed by document (一号匹配): kind, a passport's country
    ("" for other kinds) and number; sharing between halls is configured
    (``CentralSettings.applicant_library_groups``). ``mobile``: any telephone, E.164."""

    __tablename__ = "applicants"
    __table_args__ = (UniqueConstraint("hall_code", "id_kind", "nationality", "id_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_code: Mapped[str] = mapped_column(String(16))
    id_number: Mapped[str] = mapped_column(String(32))
    id_kind: Mapped[str] = mapped_column(String(32))
    nationality: Mapped[str] = mapped_column(String(3), default="", server_default="")
    name: Mapped[str] = mapped_column(String(200))
    mobile: Mapped[str] = mapped_column(String(32), default="")
    contact_note: Mapped[str] = mapped_column(String(200), default="", server_default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseRecord(Base):
    """A case as uploaded by a counter PC; ``data`` is ``Case.to_dict()``."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_hall_received", "hall_code", "received_at"),
        # The supervisor's deadline and 容缺 alerts select on these (services/hall_alerts.py).
        Index("ix_cases_hall_status_promised", "hall_code", "status", "promised_date"),
        Index("ix_cases_hall_gap_due", "hall_code", "gap_due"),
    )

    number: Mapped[str] = mapped_column(String(40), primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    window_no: Mapped[int] = mapped_column(Integer)
    item_code: Mapped[str] = mapped_column(String(64), index=True)
    item_version: Mapped[int] = mapped_column(Integer)
    item_name: Mapped[str] = mapped_column(String(300))
    applicant_id_number: Mapped[str] = mapped_column(String(32), index=True)
    applicant_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(32), index=True)
    received_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    # Server version: 1 when first stored, +1 per change; a push with a stale base is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # 一件事编号: links the item cases of one bundle application (None: a single item's case)
    bundle_no: Mapped[str | None] = mapped_column(String(48), index=True, nullable=True)
    # Copied from ``data`` by every write (case_writes.alert_columns), so alerts are SQL:
    # the promised date, the 容缺 commitment date while a gap is open, the item's department.
    promised_date: Mapped[date | None] = mapped_column(Date)
    gap_due: Mapped[date | None] = mapped_column(Date)
    department_code: Mapped[str | None] = mapped_column(String(64))

"""Tables of electronic materials: content-addressed blobs and the case attachments naming them.

A blob row says a file with that SHA-256 is in the blob store (services/attachments.py writes
the file first, then the row). An attachment is one file a window captured for one checklist
line of a case; it is an upload in progress until ``stored_at`` is set. Many attachments may
name the same blob (the same ID copy attached to two cases): the bytes are kept once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from clerk_app.central.models import Base, JsonDoc, UtcDateTime


class Blob(Base):
    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(40))
    stored_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseAttachment(Base):
    __tablename__ = "case_attachments"
    __table_args__ = (Index("ix_case_attachments_case", "case_number", "line_no"),)

    # The counter's id of the file (a UUID): the upload's idempotency key.
    upload_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    case_number: Mapped[str] = mapped_column(ForeignKey("cases.number"))
    line_no: Mapped[int] = mapped_column(Integer)  # the checklist line (0-based)
    material_code: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    pages: Mapped[int] = mapped_column(Integer)
    captured_by: Mapped[str] = mapped_column(String(64))
    captured_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    stored_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # What the window read off the document (有效期至, 发证机关): filed with it in the library
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    issuer: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # Set when retention removed the file (the row stays: what was received, by whom, when).
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class AttachmentView(Base):
    """When ``username``'s view of a file was last written to the audit trail."""

    __tablename__ = "attachment_views"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject: Mapped[str] = mapped_column(String(64), primary_key=True)  # upload id or entry id
    audited_at: Mapped[datetime] = mapped_column(UtcDateTime)


class HallMaterialSettings(Base):
    """A hall's rules for electronic materials (contract/halls.py ``MaterialSettingsOut``);
    a hall without a row has the defaults."""

    __tablename__ = "hall_material_settings"

    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"), primary_key=True)
    missing_ecopy_blocks: Mapped[bool] = mapped_column(Boolean, default=False)
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    library_shared_with: Mapped[list[Any]] = mapped_column(JsonDoc)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

"""The shared materials library (一号匹配 / 免提交, issue 14): entries and their uses.

An entry is one material of one applicant (document kind, a passport's country, number; or an
organisation's credit code) that the hall holds: a material its window captured for a case
(origin ``captured``) or a result its back office issued (``issued``), with the 材料编码 a
checklist line reuses it by, issuer, number and validity, the case it came from and the blob
of its file (``sha256``: the blob store's retention never purges a blob an entry names until
the entry is retired). A revoked entry is kept for the record but never offered or reused; so
is a retired one (``retired_at``: the hall's retention period let it go, and its file too).

A use is one reuse of an entry by a case's checklist line (kind ``reuse``) or one view of its
file (kind ``view``, e.g. the department opening it). Lookups (which entries an applicant
has) are recorded in the audit trail (``library.lookup``), not here.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clerk_app.central.models import Base, UtcDateTime


class LibraryEntry(Base):
    __tablename__ = "library_entries"
    __table_args__ = (
        # The same file of one applicant under one code is filed once (NULL sha256: no file);
        # its index, led by the applicant's columns, is also the lookup's (by applicant)
        UniqueConstraint(
            "hall_code",
            "id_kind",
            "nationality",
            "id_number",
            "material_code",
            "sha256",
            name="uq_library_entries_blob",
        ),
    )

    entry_id: Mapped[str] = mapped_column(String(36), primary_key=True)  # a UUID
    hall_code: Mapped[str] = mapped_column(ForeignKey("halls.code"))
    id_kind: Mapped[str] = mapped_column(String(32))
    nationality: Mapped[str] = mapped_column(String(3))  # a passport's country, else ""
    id_number: Mapped[str] = mapped_column(String(32))
    material_code: Mapped[str] = mapped_column(String(64))
    material_name: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(120))
    document_number: Mapped[str] = mapped_column(String(64))
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    origin: Mapped[str] = mapped_column(String(16))  # captured | issued
    source_case: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    pages: Mapped[int] = mapped_column(Integer)
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    filed_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Set by retention (services/retention.py) when the entry stops protecting its file: no
    # longer offered or reused, the row kept for the record
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class LibraryUse(Base):
    __tablename__ = "library_uses"
    __table_args__ = (Index("ix_library_uses_case", "case_number", "line_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("library_entries.entry_id"), index=True)
    hall_code: Mapped[str] = mapped_column(String(16))  # the hall of the user
    kind: Mapped[str] = mapped_column(String(8))  # reuse | view
    used_by: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    used_at: Mapped[datetime] = mapped_column(UtcDateTime)
    case_number: Mapped[str] = mapped_column(String(40))  # "" when none
    line_no: Mapped[int | None] = mapped_column(Integer, nullable=True)

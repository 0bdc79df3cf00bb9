"""Tables of the counter PC's local SQLite cache (SQLAlchemy Core).

The Alembic migrations in ``clerk_app/store/migrations`` create exactly these tables; a test
compares the migrated database with this metadata so the two cannot drift apart.

Timestamps are ISO 8601 text with their UTC offset (SQLite has no date type, and text keeps
the offset the clerk's PC had); days are ``YYYY-MM-DD`` text, which sorts and compares right.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

settings = Table(
    "settings",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

catalog_items = Table(
    "catalog_items",
    metadata,
    Column("code", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("department", String, nullable=False),
    Column("department_code", String, nullable=False, default=""),
    Column("zone", String, nullable=False, default=""),
    Column("handling", String, nullable=False),
    Column("version", Integer, nullable=False),
    Column("withdrawn", Boolean, nullable=False, default=False),
    # pinyin is computed once when the catalog is stored, so the search index loads fast
    Column("pinyin_initials", String, nullable=False),
    Column("pinyin_full", String, nullable=False),
    Column("data", Text, nullable=False),  # Item.to_dict() as JSON
)

bundles = Table(
    "bundles",
    metadata,
    Column("code", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("zone", String, nullable=False, default=""),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),  # Bundle.to_dict() as JSON
)

item_usage = Table(
    "item_usage",
    metadata,
    Column("window_no", Integer, primary_key=True),
    Column("item_code", String, primary_key=True),
    Column("count", Integer, nullable=False),
    Column("last_used", String, nullable=False),
)

# Keyed by document (Person.record_key): kind, a passport's country ("" otherwise), number.
applicants = Table(
    "applicants",
    metadata,
    Column("id_kind", String, primary_key=True),
    Column("nationality", String, primary_key=True, server_default=""),
    Column("id_number", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("updated_at", String, nullable=False),
    Column("data", Text, nullable=False),  # Person.to_dict() as JSON
)

cases = Table(
    "cases",
    metadata,
    Column("number", String, primary_key=True),
    Column("hall", String, nullable=False),
    Column("window", Integer, nullable=False),
    Column("day", String, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("status", String, nullable=False),
    Column("applicant_name", String, nullable=False),
    Column("applicant_id", String, nullable=False),
    Column("item_code", String, nullable=False),
    Column("item_name", String, nullable=False),
    Column("clerk", String, nullable=False),
    Column("received_at", String, nullable=False),
    Column("promised_date", String, nullable=True),
    Column("data", Text, nullable=False),  # Case.to_dict() as JSON, events included
    # sync engine: the server version the local data is based on (None: never on the server),
    # and the newest server version / data seen (a pull or a conflict), kept while local
    # changes wait so the clerk can see what changed and a discard can fall back to it
    Column("base_version", Integer, nullable=True),
    Column("server_version", Integer, nullable=True),
    Column("server_data", Text, nullable=True),
    # 一件事编号: the same on every item case of one bundle application (None: a single item)
    Column("bundle_no", String, nullable=True),
    UniqueConstraint("hall", "window", "day", "seq"),
    Index(None, "bundle_no"),
    Index(None, "day"),
    Index(None, "status"),
    Index(None, "applicant_id"),
)

case_events = Table(
    "case_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_number", String, ForeignKey("cases.number"), nullable=False),
    Column("position", Integer, nullable=False),  # index in Case.events
    Column("at", String, nullable=False),
    Column("actor", String, nullable=False),
    Column("window", String, nullable=False),
    Column("action", String, nullable=False),
    Column("status", String, nullable=True),
    Column("detail", Text, nullable=False),
    UniqueConstraint("case_number", "position"),
)

case_number_seq = Table(
    "case_number_seq",
    metadata,
    Column("hall", String, primary_key=True),
    Column("window", Integer, primary_key=True),
    Column("day", String, primary_key=True),
    Column("last_seq", Integer, nullable=False),
)

print_log = Table(
    "print_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_number", String, ForeignKey("cases.number"), nullable=False),
    Column("doc_type", String, nullable=False),
    Column("printed_by", String, nullable=False),
    Column("printed_at", String, nullable=False),
    Column("reprint", Boolean, nullable=False),
    Index(None, "case_number"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("op_id", String, nullable=False, unique=True),  # idempotency key for the server
    Column(
        "kind", String, nullable=False
    ),  # case.create / case.update / case.print / applicant.save
    Column("ref", String, nullable=False),  # the case number or ID number it is about
    Column("payload", Text, nullable=False),  # JSON
    Column("created_at", String, nullable=False),
    Column("state", String, nullable=False),  # pending / done / rejected / discarded
    Column("error", Text, nullable=True),
    # sync engine bookkeeping
    Column("attempts", Integer, nullable=False, default=0, server_default="0"),
    Column("refusal", String, nullable=True),  # rejected | conflict (why state is rejected)
    Column("result_version", Integer, nullable=True),  # the server version it produced/met
    Column("changed", Text, nullable=True),  # JSON list of fields the server had changed
    # on a conflict: the case as the server held it at this window's base version (JSON),
    # so a retry merges the clerk's change onto the server's instead of overwriting it
    Column("conflict_base", Text, nullable=True),
    Column("done_at", String, nullable=True),
    Index(None, "state"),
    Index(None, "ref"),
)

cached_logins = Table(
    "cached_logins",
    metadata,
    Column("username", String, primary_key=True),
    Column("password_hash", String, nullable=False),  # argon2id; never the password
    Column("user", Text, nullable=False),  # CachedUser as JSON
    Column("saved_at", String, nullable=False),
)

# The acceptance being typed at a window, saved as the clerk types (see store/drafts.py):
# one per hall + window + user, deleted when the decision is confirmed.
drafts = Table(
    "drafts",
    metadata,
    Column("hall", String, primary_key=True),
    Column("window", Integer, primary_key=True),
    Column("username", String, primary_key=True),
    Column("data", Text, nullable=False),  # the page's state as JSON
    Column("saved_at", String, nullable=False),
)

# Notices that must be handed over (一次性告知书, 不予受理通知书) whose preview was closed
# unprinted; the row goes when the notice is printed. An index for 案件查询: the case's own
# audit trail (a notice_unprinted event) is what is synced.
unprinted_notices = Table(
    "unprinted_notices",
    metadata,
    Column("case_number", String, ForeignKey("cases.number"), primary_key=True),
    Column("doc_type", String, primary_key=True),
    Column("flagged_by", String, nullable=False),
    Column("flagged_at", String, nullable=False),
)

# Help-desk pre-checks (帮办预审) this PC made or pulled (store/prechecks.py). ``data`` is the
# contract's PrecheckOut as JSON; ``server_version`` the last version the server confirmed.
prechecks = Table(
    "prechecks",
    metadata,
    Column("number", String, primary_key=True),
    Column("status", String, nullable=False),
    Column("ticket_no", String, nullable=True),
    Column("data", Text, nullable=False),
    Column("server_version", Integer, nullable=False, server_default="0"),
    Column("updated_at", String, nullable=False),
    Index(None, "ticket_no"),
)

# Electronic materials captured for a case's checklist lines (store/attachments.py): the file
# is kept in the PC's data folder under its SHA-256 (``path``, relative to it) and uploaded by
# the sync worker once the case is on the server, chunk by chunk; ``uploaded_bytes`` is the
# server's offset last seen. state: pending, stored (on the server), refused (the reason in
# ``error``; the server will not take it, a retry would not change that).
attachments = Table(
    "attachments",
    metadata,
    Column("id", String, primary_key=True),  # a UUID: the upload's id on the server too
    Column("case_number", String, ForeignKey("cases.number"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("material_code", String, nullable=False),
    Column("file_name", String, nullable=False),
    Column("media_type", String, nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("captured_by", String, nullable=False),
    Column("captured_at", String, nullable=False),
    Column("path", String, nullable=False),
    Column("state", String, nullable=False, server_default="pending"),
    Column("uploaded_bytes", Integer, nullable=False, server_default="0"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("error", Text, nullable=True),
    Column("stored_at", String, nullable=True),
    # What the window read off the document, for the shared library (optional)
    Column("valid_until", String, nullable=True),  # 有效期至, ISO date
    Column("issuer", String, nullable=False, server_default=""),  # 发证机关
    # A refused file: when the server said so, and the clerk's 已知悉 (it leaves the status
    # line's red count; the file and the row stay)
    Column("refused_at", String, nullable=True),
    Column("acknowledged_by", String, nullable=True),
    Column("acknowledged_at", String, nullable=True),
    Index(None, "state"),
    Index(None, "case_number"),
)

# The shared materials library (一号匹配, store/library.py): the entries this PC last saw for
# an applicant, so a window offline still offers what it saw. Entry rows only, never a file;
# ``library_lookups`` says when the server was last asked about the applicant (an answer with
# no entries counts too), and entries go with their lookup when it is older than the cache
# keeps (``LibraryCache.KEEP_DAYS``).
library_lookups = Table(
    "library_lookups",
    metadata,
    Column("id_kind", String, primary_key=True),
    Column("nationality", String, primary_key=True),
    Column("id_number", String, primary_key=True),
    Column("seen_at", String, nullable=False),  # when the server answered (the PC's clock)
    Column("as_of", String, nullable=False),  # the hall's day the server judged validity on
    Index(None, "seen_at"),
)
library_cache = Table(
    "library_cache",
    metadata,
    Column("entry_id", String, primary_key=True),
    Column("id_kind", String, nullable=False),
    Column("nationality", String, nullable=False),
    Column("id_number", String, nullable=False),
    Column("material_code", String, nullable=False),
    Column("material_name", String, nullable=False),
    Column("issuer", String, nullable=False),
    Column("document_number", String, nullable=False),
    Column("valid_until", String, nullable=True),  # YYYY-MM-DD; None: no expiry
    Column("origin", String, nullable=False),
    Column("source_case", String, nullable=False),
    Column("hall_code", String, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("filed_at", String, nullable=False),
    Index(None, "id_kind", "nationality", "id_number"),
)

# Pages captured during an acceptance, before the case (and its number) exists
# (store/capture.py): per draft (hall + window + user, like ``drafts``) and checklist line (the
# material's name), in the strip's order. The page's bytes are a file under its SHA-256 in the
# data folder's ``capture`` directory. Saving the case moves them into ``attachments`` in one
# transaction; discarding the acceptance deletes them.
capture_pages = Table(
    "capture_pages",
    metadata,
    Column("hall", String, primary_key=True),
    Column("window", Integer, primary_key=True),
    Column("username", String, primary_key=True),
    Column("line", String, primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("sha256", String, nullable=False),
    Column("media_type", String, nullable=False),
    Column("rotation", Integer, nullable=False, server_default="0"),
    Column("origin", String, nullable=False),
    Column("captured_at", String, nullable=False),
)

# What the window read off a captured line's document (the capture dialog), for the shared
# library: 有效期至 (ISO date) and 发证机关; keyed like capture_pages, ends with them.
capture_lines = Table(
    "capture_lines",
    metadata,
    Column("hall", String, primary_key=True),
    Column("window", Integer, primary_key=True),
    Column("username", String, primary_key=True),
    Column("line", String, primary_key=True),
    Column("valid_until", String, nullable=True),
    Column("issuer", String, nullable=False, server_default=""),
)

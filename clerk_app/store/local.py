"""The counter PC's local SQLite cache: catalog, applicants, cases, print log, login cache.

Every clerk action is ONE SQLite transaction holding the change, its audit events and an
outbox row (DESIGN.md §3 "Sync"), so killing the process at any moment leaves neither a
half-made case nor a lost one. Write transactions start with ``BEGIN IMMEDIATE``: the write
lock is taken up front, so two writers never both read the same case-number sequence, and
nobody fails half-way with "database is locked" after having read stale data.

The file runs in WAL mode (readers do not block the writer) with ``synchronous=FULL`` (a
committed case survives a power cut, not just a crash) and foreign keys on. The schema is
migrated with Alembic on every open.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.pool import StaticPool

from clerk_app.domain.cases import (
    Case,
    CaseEvent,
    CaseStatus,
    Person,
    check_transition,
    make_case_number,
    parse_case_number,
)
from clerk_app.domain.catalog import Bundle, HandlingKind, Item
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.identifiers import mask_id
from clerk_app.domain.notices import NOTICE_UNPRINTED, unprinted_detail
from clerk_app.domain.search import ItemSearchIndex, SearchEntry, pinyin_keys
from clerk_app.migration_lock import ALEMBIC_LOCK
from clerk_app.store import schema as t
from clerk_app.store.drafts import Drafts
from clerk_app.store.fastjson import item_to_dict

log = logging.getLogger(__name__)

_CHUNK = 2000  # rows per executemany when the catalog is replaced
DEPARTMENT_PHONES_SETTING = "department_phones"
_FREQUENT = 30  # how many of a window's most used items count as "frequent"
_TOKEN_RECHECK_S = 2.0  # how stale the search index may be after another process's update
# Alembic keeps its running environment in module globals: one migration at a time per process.
_MIGRATION_LOCK = ALEMBIC_LOCK  # shared with the central server (same process in --demo)


_ITEM_COLUMNS = (
    "code", "name", "department", "department_code", "zone", "handling", "version", "withdrawn",
    "pinyin_initials", "pinyin_full", "data",
)  # fmt: skip
_INSERT_ITEM = (
    f"INSERT INTO catalog_items ({', '.join(_ITEM_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _ITEM_COLUMNS)})"
)


class CaseNotFound(LookupError):
    """No case with that number in the local store."""


class ItemWithdrawn(ValueError):
    """The item was withdrawn from the catalog: no new case may be accepted under it."""


class DuplicateCase(ValueError):
    """A case with that number is already stored."""


@dataclass(frozen=True)
class ItemHit:
    code: str
    name: str
    department: str
    zone: str
    handling: HandlingKind
    frequent: bool


@dataclass(frozen=True)
class CaseSummary:
    number: str
    applicant_name: str
    applicant_id_masked: str
    item_code: str
    item_name: str
    status: CaseStatus
    received_at: datetime
    promised_date: date | None
    window_no: int
    clerk: str


@dataclass(frozen=True)
class PrintRecord:
    number: str
    doc_type: str
    printed_by: str
    printed_at: datetime
    reprint: bool


@dataclass(frozen=True)
class CachedUser:
    username: str
    display_name: str
    role: str
    hall_code: str
    hall_name: str
    window_no: int | None
    department_code: str | None


@dataclass(frozen=True)
class OutboxOperation:
    """An outbox row to push, with the base version the server must still hold."""

    id: int
    op_id: str
    kind: str
    ref: str
    payload: dict[str, Any]
    base_version: int | None
    attempts: int

    def to_wire(self) -> dict[str, Any]:
        return {
            "op_id": self.op_id,
            "kind": self.kind,
            "base_version": self.base_version,
            "payload": self.payload,
        }


@dataclass(frozen=True)
class RejectedOperation:
    """An operation the server refused; the clerk fixes and retries it, or discards it."""

    op_id: str
    kind: str
    ref: str
    detail: str
    conflict: bool  # True: another window changed the case first (stale version)
    server_version: int | None
    changed: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True)
class PullApplied:
    """What one applied pull page changed locally."""

    cases: int = 0
    items: int = 0
    other: int = 0


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """An item as received in a catalog download: its index columns and its JSON text.

    Building 69,074 ``Item`` objects only to serialise them again costs seconds; the sync
    client validates each record (``Item.from_dict`` must accept ``data_json``) and hands
    over the text it already has.
    """

    code: str
    name: str
    department: str
    department_code: str
    zone: str
    handling: HandlingKind
    version: int
    withdrawn: bool
    data_json: str  # Item.to_dict() as JSON


@dataclass
class _LoadedIndex:
    token: str | None
    index: ItemSearchIndex
    handling: dict[str, HandlingKind]


def _event_key(ev: CaseEvent) -> tuple[str, str]:
    """What the server keeps of an event this window sent (it records its own actor, time and
    status): the action and the text."""
    return (ev.action, ev.detail)


def _unseen(local: Sequence[CaseEvent], server: Sequence[CaseEvent]) -> list[CaseEvent]:
    """This window's events the server does not hold, in order: each server event accounts
    for one local event with the same action and text (two reprints stay two)."""
    left = Counter(_event_key(ev) for ev in server)
    unseen = []
    for ev in local:
        key = _event_key(ev)
        if left[key]:
            left[key] -= 1
        else:
            unseen.append(ev)
    return unseen


def merge_after_conflict(local: Case, server: Case, base: Case | None) -> Case:
    """The case a retry sends after a conflict: the clerk's change put onto the server's.

    - Events: every event of the server (the audit trail is never lost), then this window's
      events the server has not seen (matched by action and text: the server rewrites who,
      when and the status of what a window sends).
    - Fields: three-way with ``base`` (the server's case at this window's base version): a
      field this window changed takes its value, any other field keeps the server's. Without
      a base, this window's fields win.
    - Status: this window's only where the lifecycle allows going there from the server's
      status; otherwise the server's status stays.
    """
    local_data = local.to_dict()
    server_data = server.to_dict()
    merged = dict(server_data)
    base_data = base.to_dict() if base is not None else None
    for key, value in local_data.items():
        if key in ("events", "status"):
            continue
        if base_data is None or base_data.get(key) != value:
            merged[key] = value
    extra = [ev.to_dict() for ev in _unseen(local.events, server.events)]
    merged["events"] = [*server_data["events"], *extra]
    status = server.status
    changed_status = base is None or local.status is not base.status
    if local.status is not server.status and changed_status:
        try:
            check_transition(server.status, local.status)
            status = local.status
        except ValueError:
            status = server.status
    merged["status"] = status.value
    return Case.from_dict(merged)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with the wildcards of ``text`` escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _normalize_id(id_number: str) -> str:
    return id_number.strip().upper()


class LocalStore:
    """The local cache of one counter PC (see module docstring). Thread-safe."""

    def __init__(self, path: Path | str) -> None:
        self._memory = str(path) == ":memory:"
        if self._memory:
            # one shared connection, or every pool checkout would see a new empty database
            self._engine: Engine = create_engine(
                "sqlite://",
                connect_args={"check_same_thread": False},
                poolclass=StaticPool,
            )
        else:
            file = Path(path).resolve()
            file.parent.mkdir(parents=True, exist_ok=True)
            self._engine = create_engine(
                f"sqlite:///{file}",
                connect_args={"check_same_thread": False, "timeout": 30},
            )
        event.listen(self._engine, "connect", self._on_connect)
        event.listen(self._engine, "begin", self._on_begin)
        # the in-memory database is one connection: transactions of two threads must not mix
        self._memory_lock = threading.RLock()
        self._index_lock = threading.Lock()
        self._index: _LoadedIndex | None = None
        self._token_checked_at = 0.0
        self._frequent_cache: dict[int, list[str]] = {}
        self._hasher = PasswordHasher()
        self._migrate()

    # ---------------------------------------------------------------- engine plumbing

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not self._memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # a catalog replacement writes ~100 MB through the WAL; give the disk space back
            cursor.execute("PRAGMA journal_size_limit=67108864")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @staticmethod
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction, holding SQLite's write lock from its first statement."""
        with (
            self._memory_lock if self._memory else nullcontext(),
            self._engine.connect() as conn,
        ):
            conn.execution_options(immediate=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with (
            self._memory_lock if self._memory else nullcontext(),
            self._engine.connect() as conn,
            conn.begin(),
        ):
            yield conn

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", "clerk_app.store:migrations")
        with _MIGRATION_LOCK, self._memory_lock, self._engine.connect() as conn:
            conn.execution_options(immediate=True)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            if conn.in_transaction():
                conn.commit()

    def close(self) -> None:
        self._engine.dispose()

    @property
    def drafts(self) -> Drafts:
        """The acceptance drafts kept on this PC (see ``clerk_app.store.drafts``)."""
        return Drafts(self._write, self._read)

    # ---------------------------------------------------------------- settings

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as conn:
            value = conn.scalar(select(t.settings.c.value).where(t.settings.c.key == key))
        return default if value is None else str(value)

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            self._put_setting(conn, key, value)

    @staticmethod
    def _put_setting(conn: Connection, key: str, value: str) -> None:
        stmt = sqlite_insert(t.settings).values(key=key, value=value)
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))

    def department_phones(self) -> dict[str, str]:
        """Department code -> phone, from the last catalog download (printed on notices)."""
        raw = self.get_setting(DEPARTMENT_PHONES_SETTING)
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def set_department_phones(self, phones: dict[str, str]) -> None:
        self.set_setting(DEPARTMENT_PHONES_SETTING, json.dumps(phones, ensure_ascii=False))

    # ---------------------------------------------------------------- catalog

    def replace_catalog(
        self,
        catalog_version: str,
        items: Iterable[Item | ItemRecord],
        bundles: Iterable[Bundle],
    ) -> int:
        """Swap the whole catalog in one transaction; returns the number of items stored.

        ``items`` is consumed lazily in chunks (a download streams straight in) and fully
        before ``bundles`` is read. If anything raises, the previous catalog stays.
        Pinyin keys for search are computed here, once per distinct name.
        """
        count = 0
        seen: set[str] = set()
        with self._write() as conn:
            conn.execute(delete(t.catalog_items))
            conn.execute(delete(t.bundles))
            batch: list[tuple[Any, ...]] = []
            for entry in items:
                row = self._item_row(entry)
                if row[0] in seen:
                    raise ValueError(f"事项编码重复：{row[0]}")
                seen.add(row[0])
                batch.append(row)
                if len(batch) >= _CHUNK:
                    # the driver's executemany: Core's per-row parameter handling costs ~1 s
                    conn.exec_driver_sql(_INSERT_ITEM, batch)
                    count += len(batch)
                    batch = []
            if batch:
                conn.exec_driver_sql(_INSERT_ITEM, batch)
                count += len(batch)
            bundle_rows = []
            bundle_codes: set[str] = set()
            for bundle in bundles:
                if bundle.code in bundle_codes:
                    raise ValueError(f"一件事编码重复：{bundle.code}")
                bundle_codes.add(bundle.code)
                bundle_rows.append(
                    {
                        "code": bundle.code,
                        "name": bundle.name,
                        "zone": bundle.zone,
                        "version": bundle.version,
                        "data": _dumps(bundle.to_dict()),
                    }
                )
            if bundle_rows:
                conn.execute(insert(t.bundles), bundle_rows)
            self._put_setting(conn, "catalog_version", catalog_version)
            # lets every LocalStore on this file notice that its search index is stale
            self._put_setting(conn, "catalog_token", uuid.uuid4().hex)
        with self._index_lock:
            self._index = None
        return count

    @staticmethod
    def _item_row(entry: Item | ItemRecord) -> tuple[Any, ...]:
        """The row in ``_ITEM_COLUMNS`` order; pinyin keys are cached per distinct name."""
        if isinstance(entry, Item):
            data = _dumps(item_to_dict(entry))
            handling = entry.handling.value
        else:
            data = entry.data_json
            handling = entry.handling.value
        initials, full = pinyin_keys(entry.name)
        return (
            entry.code,
            entry.name,
            entry.department,
            entry.department_code,
            entry.zone,
            handling,
            entry.version,
            entry.withdrawn,
            initials,
            full,
            data,
        )

    def catalog_version(self) -> str | None:
        return self.get_setting("catalog_version")

    def item_count(self) -> int:
        with self._read() as conn:
            return int(conn.scalar(select(func.count()).select_from(t.catalog_items)) or 0)

    def get_item(self, code: str) -> Item | None:
        """The stored item, withdrawn or not (old cases still show theirs)."""
        with self._read() as conn:
            data = conn.scalar(select(t.catalog_items.c.data).where(t.catalog_items.c.code == code))
        return None if data is None else Item.from_dict(json.loads(data))

    def list_bundles(self) -> list[Bundle]:
        with self._read() as conn:
            rows = conn.scalars(select(t.bundles.c.data).order_by(t.bundles.c.code)).all()
        return [Bundle.from_dict(json.loads(d)) for d in rows]

    def search_items(
        self, query: str, *, window_no: int | None = None, limit: int = 50
    ) -> list[ItemHit]:
        """Items offered for ``query`` (withdrawn ones never); see ``ItemSearchIndex``."""
        loaded = self._search_index()
        frequent = self._frequent_codes(window_no) if window_no is not None else []
        matches = loaded.index.search(query, frequent=frequent, limit=limit)
        return [
            ItemHit(
                m.entry.code,
                m.entry.name,
                m.entry.department,
                m.entry.zone,
                loaded.handling[m.entry.code],
                m.frequent,
            )
            for m in matches
        ]

    def warm_search_index(self) -> None:
        """Load and build the search index now (call from a worker thread at start-up)."""
        self._search_index()

    def _search_index(self) -> _LoadedIndex:
        """The index, built on first use and again whenever the stored catalog changed.

        A catalog replaced through this store drops the index at once; one replaced by
        another process (or store) is noticed within ``_TOKEN_RECHECK_S`` seconds, without
        a database read on every keystroke.
        """
        loaded = self._index
        now = time.monotonic()
        if loaded is not None and now - self._token_checked_at < _TOKEN_RECHECK_S:
            return loaded
        token = self.get_setting("catalog_token")
        self._token_checked_at = now
        with self._index_lock:
            if self._index is not None and self._index.token == token:
                return self._index
            with self._read() as conn:
                token = conn.scalar(
                    select(t.settings.c.value).where(t.settings.c.key == "catalog_token")
                )
                # plain DBAPI rows: SQLAlchemy's Row objects cost half a second for 69,074
                cursor = conn.connection.cursor()
                try:
                    cursor.execute(
                        "SELECT code, name, department, zone, pinyin_initials, pinyin_full, "
                        "handling FROM catalog_items WHERE NOT withdrawn"
                    )
                    rows = cursor.fetchall()
                finally:
                    cursor.close()
            entries = [SearchEntry._make(r[:6]) for r in rows]
            handling = {r[0]: HandlingKind(r[6]) for r in rows}
            self._index = _LoadedIndex(token, ItemSearchIndex(entries), handling)
            return self._index

    def _frequent_codes(self, window_no: int) -> list[str]:
        cached = self._frequent_cache.get(window_no)
        if cached is not None:
            return cached
        u = t.item_usage.c
        with self._read() as conn:
            codes = list(
                conn.scalars(
                    select(u.item_code)
                    .where(u.window_no == window_no)
                    .order_by(u.count.desc(), u.last_used.desc())
                    .limit(_FREQUENT)
                )
            )
        self._frequent_cache[window_no] = codes
        return codes

    def note_item_used(self, window_no: int, item_code: str) -> None:
        now = hall_now().isoformat()
        stmt = sqlite_insert(t.item_usage).values(
            window_no=window_no, item_code=item_code, count=1, last_used=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["window_no", "item_code"],
            set_={"count": t.item_usage.c.count + 1, "last_used": now},
        )
        with self._write() as conn:
            conn.execute(stmt)
        self._frequent_cache.pop(window_no, None)

    # ---------------------------------------------------------------- applicants

    def find_applicant(self, id_number: str) -> Person | None:
        with self._read() as conn:
            data = conn.scalar(
                select(t.applicants.c.data).where(
                    t.applicants.c.id_number == _normalize_id(id_number)
                )
            )
        return None if data is None else Person.from_dict(json.loads(data))

    def save_applicant(self, person: Person) -> None:
        """Remember the applicant (and queue it for the shared library) in one transaction."""
        person = replace(person, id_number=_normalize_id(person.id_number))
        now = hall_now()
        values = {
            "id_number": person.id_number,
            "id_kind": person.id_kind.value,
            "name": person.name,
            "updated_at": now.isoformat(),
            "data": _dumps(person.to_dict()),
        }
        stmt = sqlite_insert(t.applicants).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["id_number"], set_=values)
        with self._write() as conn:
            conn.execute(stmt)
            self._add_outbox(conn, "applicant.save", person.id_number, person.to_dict(), now)

    # ---------------------------------------------------------------- cases

    def save_new_case(self, case: Case) -> Case:
        """Store a new case; give it a number when it has none. Returns the stored case.

        The number's sequence is taken in the same IMMEDIATE transaction as the case, its
        events and its outbox row, so it is unique on this PC without the network and a
        crash never burns or repeats a number. A case without events gets a "created" one.
        """
        now = hall_now()
        received_at = case.received_at or now
        hall = case.hall_code.upper()
        with self._write() as conn:
            withdrawn = conn.scalar(
                select(t.catalog_items.c.withdrawn).where(t.catalog_items.c.code == case.item.code)
            )
            if withdrawn:
                raise ItemWithdrawn(f"事项“{case.item.name}”已停止办理，不能再受理新件")
            if case.number:
                parsed = parse_case_number(case.number)
                if parsed is None:
                    raise ValueError(f"案件编号格式不正确：{case.number}")
                hall, window_no, day, seq = parsed
                number = case.number.strip().upper()
                if conn.scalar(select(t.cases.c.number).where(t.cases.c.number == number)):
                    raise DuplicateCase(f"案件 {number} 已存在")
                self._bump_sequence(conn, hall, window_no, day, seq)
            else:
                window_no = case.window_no
                day = received_at.date()
                seq = self._next_sequence(conn, hall, window_no, day)
                number = make_case_number(hall, window_no, day, seq)
            events = case.events or (
                CaseEvent(received_at, case.clerk, str(window_no), "created", case.status, "收件"),
            )
            stored = replace(
                case, number=number, hall_code=hall, received_at=received_at, events=events
            )
            conn.execute(
                insert(t.cases).values(
                    **self._case_columns(stored),
                    number=number,
                    hall=hall,
                    window=window_no,
                    day=day.isoformat(),
                    seq=seq,
                    revision=1,
                    uploaded=False,
                )
            )
            for position, ev in enumerate(events):
                self._add_event(conn, number, position, ev)
            self._add_outbox(conn, "case.create", number, {"case": stored.to_dict()}, now)
        return stored

    def _next_sequence(self, conn: Connection, hall: str, window_no: int, day: date) -> int:
        s = t.case_number_seq
        stmt = sqlite_insert(s).values(hall=hall, window=window_no, day=day.isoformat(), last_seq=1)
        upsert = stmt.on_conflict_do_update(
            index_elements=["hall", "window", "day"], set_={"last_seq": s.c.last_seq + 1}
        ).returning(s.c.last_seq)
        return int(conn.execute(upsert).scalar_one())

    def _bump_sequence(
        self, conn: Connection, hall: str, window_no: int, day: date, seq: int
    ) -> None:
        """Make sure a number given from outside is never handed out again."""
        s = t.case_number_seq
        stmt = sqlite_insert(s).values(
            hall=hall, window=window_no, day=day.isoformat(), last_seq=seq
        )
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["hall", "window", "day"],
                set_={"last_seq": func.max(s.c.last_seq, seq)},
            )
        )

    @staticmethod
    def _case_columns(case: Case) -> dict[str, Any]:
        assert case.received_at is not None
        return {
            "status": case.status.value,
            "applicant_name": case.applicant.name,
            "applicant_id": _normalize_id(case.applicant.id_number),
            "item_code": case.item.code,
            "item_name": case.item.name,
            "clerk": case.clerk,
            "received_at": case.received_at.isoformat(),
            "promised_date": case.promised_date.isoformat() if case.promised_date else None,
            "data": _dumps(case.to_dict()),
        }

    @staticmethod
    def _add_event(conn: Connection, number: str, position: int, ev: CaseEvent) -> None:
        conn.execute(
            insert(t.case_events).values(
                case_number=number,
                position=position,
                at=ev.at.isoformat(),
                actor=ev.actor,
                window=ev.window,
                action=ev.action,
                status=ev.status.value if ev.status else None,
                detail=ev.detail,
            )
        )

    @staticmethod
    def _add_outbox(
        conn: Connection, kind: str, ref: str, payload: dict[str, Any], at: datetime
    ) -> None:
        conn.execute(
            insert(t.outbox).values(
                op_id=str(uuid.uuid4()),
                kind=kind,
                ref=ref,
                payload=_dumps(payload),
                created_at=at.isoformat(),
                state="pending",
            )
        )

    def _load_case(self, conn: Connection, number: str) -> Case | None:
        data = conn.scalar(select(t.cases.c.data).where(t.cases.c.number == number))
        return None if data is None else Case.from_dict(json.loads(data))

    def _append_event(
        self, conn: Connection, stored: Case, changed: Case, ev: CaseEvent, kind: str, now: datetime
    ) -> Case:
        """Write ``changed`` with ``ev`` appended to the stored events; one outbox row."""
        new = replace(
            changed,
            number=stored.number,
            hall_code=stored.hall_code,
            window_no=stored.window_no,
            received_at=changed.received_at or stored.received_at,
            events=(*stored.events, ev),
        )
        conn.execute(
            update(t.cases)
            .where(t.cases.c.number == stored.number)
            .values(
                **self._case_columns(new),
                revision=t.cases.c.revision + 1,
                uploaded=False,
                upload_error=None,
            )
        )
        self._add_event(conn, stored.number, len(new.events) - 1, ev)
        self._add_outbox(conn, kind, stored.number, {"case": new.to_dict()}, now)
        return new

    def update_case(self, case: Case, event: CaseEvent) -> None:
        """Store a changed case and the event that explains the change, in one transaction.

        Events already stored are kept whatever ``case.events`` holds (a print recorded
        meanwhile is not lost); ``event`` is appended. A status change must be a legal
        transition (``InvalidTransition`` otherwise, with the reason in Chinese).
        """
        with self._write() as conn:
            stored = self._load_case(conn, case.number)
            if stored is None:
                raise CaseNotFound(f"找不到案件 {case.number}")
            if case.status is not stored.status:
                check_transition(stored.status, case.status)
            self._append_event(conn, stored, case, event, "case.update", hall_now())

    def get_case(self, number: str) -> Case | None:
        with self._read() as conn:
            return self._load_case(conn, number.strip().upper())

    def search_cases(
        self,
        *,
        text: str = "",
        status: CaseStatus | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        window_no: int | None = None,
        limit: int = 200,
    ) -> list[CaseSummary]:
        """Newest first. ``text`` matches number, applicant name or ID, item name or code."""
        c = t.cases.c
        conditions = []
        text = text.strip()
        if text:
            pattern = _like(text)
            conditions.append(
                or_(
                    *(
                        col.like(pattern, escape="\\")
                        for col in (c.number, c.applicant_name, c.applicant_id, c.item_name)
                    ),
                    c.item_code.like(pattern, escape="\\"),
                )
            )
        if status is not None:
            conditions.append(c.status == status.value)
        if date_from is not None:
            conditions.append(c.day >= date_from.isoformat())
        if date_to is not None:
            conditions.append(c.day <= date_to.isoformat())
        if window_no is not None:
            conditions.append(c.window == window_no)
        stmt = (
            select(
                c.number,
                c.applicant_name,
                c.applicant_id,
                c.item_code,
                c.item_name,
                c.status,
                c.received_at,
                c.promised_date,
                c.window,
                c.clerk,
            )
            .where(*conditions)
            .order_by(c.received_at.desc(), c.number.desc())
            .limit(limit)
        )
        with self._read() as conn:
            rows = conn.execute(stmt).all()
        return [
            CaseSummary(
                number=r.number,
                applicant_name=r.applicant_name,
                applicant_id_masked=mask_id(r.applicant_id),
                item_code=r.item_code,
                item_name=r.item_name,
                status=CaseStatus(r.status),
                received_at=datetime.fromisoformat(r.received_at),
                promised_date=date.fromisoformat(r.promised_date) if r.promised_date else None,
                window_no=r.window,
                clerk=r.clerk,
            )
            for r in rows
        ]

    # ---------------------------------------------------------------- printing

    def record_print(
        self, number: str, doc_type: str, printed_by: str, at: datetime
    ) -> PrintRecord:
        """Log a printed document and append a "printed" event to its case (one transaction).

        ``reprint`` is true when this document of this case was printed before.
        """
        number = number.strip().upper()
        p = t.print_log.c
        with self._write() as conn:
            stored = self._load_case(conn, number)
            if stored is None:
                raise CaseNotFound(f"找不到案件 {number}")
            before = conn.scalar(
                select(func.count()).where(p.case_number == number, p.doc_type == doc_type)
            )
            reprint = bool(before)
            conn.execute(
                insert(t.print_log).values(
                    case_number=number,
                    doc_type=doc_type,
                    printed_by=printed_by,
                    printed_at=at.isoformat(),
                    reprint=reprint,
                )
            )
            ev = CaseEvent(
                at=at,
                actor=printed_by,
                window=str(stored.window_no),
                action="printed",
                status=None,
                detail=f"{'补打' if reprint else '打印'} {doc_type}",
            )
            self._append_event(conn, stored, stored, ev, "case.print", hall_now())
            u = t.unprinted_notices.c
            conn.execute(
                delete(t.unprinted_notices).where(u.case_number == number, u.doc_type == doc_type)
            )
        return PrintRecord(number, doc_type, printed_by, at, reprint)

    def flag_unprinted(self, number: str, doc_type: str, by: str, at: datetime) -> bool:
        """A notice that must be handed over was closed unprinted: flag the case (an event in
        its audit trail, synced like a print). False when it was flagged already."""
        number = number.strip().upper()
        u = t.unprinted_notices.c
        with self._write() as conn:
            stored = self._load_case(conn, number)
            if stored is None:
                raise CaseNotFound(f"找不到案件 {number}")
            if conn.scalar(
                select(func.count()).where(u.case_number == number, u.doc_type == doc_type)
            ):
                return False
            conn.execute(
                insert(t.unprinted_notices).values(
                    case_number=number, doc_type=doc_type, flagged_by=by, flagged_at=at.isoformat()
                )
            )
            ev = CaseEvent(
                at=at,
                actor=by,
                window=str(stored.window_no),
                action=NOTICE_UNPRINTED,
                status=None,
                detail=unprinted_detail(doc_type),
            )
            self._append_event(conn, stored, stored, ev, "case.print", hall_now())
        return True

    def unprinted_notices(self, numbers: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Case number -> the flagged notices (document types) still to print and hand over."""
        u = t.unprinted_notices.c
        query = select(u.case_number, u.doc_type).order_by(u.flagged_at)
        if numbers is not None:
            query = query.where(u.case_number.in_(list(numbers)))
        with self._read() as conn:
            rows = conn.execute(query).all()
        result: dict[str, list[str]] = {}
        for number, doc_type in rows:
            result.setdefault(number, []).append(doc_type)
        return result

    def print_log(self, number: str) -> list[PrintRecord]:
        p = t.print_log.c
        with self._read() as conn:
            rows = conn.execute(
                select(p.case_number, p.doc_type, p.printed_by, p.printed_at, p.reprint)
                .where(p.case_number == number.strip().upper())
                .order_by(p.id)
            ).all()
        return [
            PrintRecord(r[0], r[1], r[2], datetime.fromisoformat(r[3]), bool(r[4])) for r in rows
        ]

    # ---------------------------------------------------------------- login cache

    def remember_login(self, user: CachedUser, password: str) -> None:
        """Keep an argon2id hash (never the password) so the window can log in offline."""
        values = {
            "username": user.username,
            "password_hash": self._hasher.hash(password),
            "user": _dumps(asdict(user)),
            "saved_at": hall_now().isoformat(),
        }
        stmt = sqlite_insert(t.cached_logins).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["username"], set_=values)
        with self._write() as conn:
            conn.execute(stmt)

    def check_cached_login(self, username: str, password: str) -> CachedUser | None:
        """The remembered user when the password matches the last successful login."""
        l = t.cached_logins.c  # noqa: E741
        with self._read() as conn:
            row = conn.execute(
                select(l.password_hash, l.user).where(l.username == username)
            ).first()
        if row is None:
            return None
        try:
            self._hasher.verify(row.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        data = json.loads(row.user)
        return CachedUser(**data)

    # ---------------------------------------------------------------- sync engine

    def outbox_counts(self) -> dict[str, int]:
        """Outbox rows per state (pending / done / rejected)."""
        o = t.outbox.c
        with self._read() as conn:
            rows = conn.execute(select(o.state, func.count()).group_by(o.state)).all()
        return {r[0]: int(r[1]) for r in rows}

    def pending_operations(self, limit: int = 100) -> list[OutboxOperation]:
        """The oldest pending outbox operations, in order, each with its base version.

        A case's first pending operation is based on the server version its local data came
        from; each further one in the same batch on the version the one before will produce
        (the server applies them one after the other, in order).
        """
        o = t.outbox.c
        c = t.cases.c
        with self._read() as conn:
            rows = conn.execute(
                select(o.id, o.op_id, o.kind, o.ref, o.payload, o.attempts)
                .where(o.state == "pending")
                .order_by(o.id)
                .limit(limit)
            ).all()
            refs = {r.ref for r in rows if r.kind.startswith("case.")}
            bases: dict[str, int | None] = {}
            if refs:
                found = conn.execute(
                    select(c.number, c.base_version).where(c.number.in_(refs))
                ).all()
                bases = {r[0]: r[1] for r in found}
        operations = []
        next_base: dict[str, int | None] = {}
        for r in rows:
            base: int | None = None
            if r.kind.startswith("case."):
                base = next_base[r.ref] if r.ref in next_base else bases.get(r.ref)
                next_base[r.ref] = (base or 0) + 1
            operations.append(
                OutboxOperation(
                    r.id, r.op_id, r.kind, r.ref, json.loads(r.payload), base, int(r.attempts)
                )
            )
        return operations

    def record_push_results(
        self, outcomes: Iterable[tuple[OutboxOperation, dict[str, Any]]]
    ) -> None:
        """Store the server's answers to pushed operations, all in one transaction.

        applied / duplicate: done, and the case is now based on the version it produced;
        when the answer carries the case as the server holds it (its events are the server's
        record: actor, time, status), that case replaces the local one unless another change
        of it still waits (the pull skips this version as our own echo);
        conflict: rejected, with the server's version and data kept for the clerk;
        rejected (or anything else): rejected with the server's reason.
        Plain driver statements with executemany: a batch of 200 answers costs milliseconds.
        """
        now = hall_now().isoformat()
        done: list[tuple[Any, ...]] = []
        based: list[tuple[Any, ...]] = []
        refused: list[tuple[Any, ...]] = []
        case_errors: list[tuple[Any, ...]] = []
        conflicts: list[tuple[Any, ...]] = []
        authoritative: dict[str, tuple[int, dict[str, Any]]] = {}
        touched: set[str] = set()
        for op, result in outcomes:
            status = result.get("status")
            version = result.get("version")
            version = version if isinstance(version, int) else None
            is_case = op.kind.startswith("case.")
            if is_case:
                touched.add(op.ref)
            if status in ("applied", "duplicate"):
                done.append((version, now, op.id))
                if is_case and version is not None:
                    based.append((version, version, op.ref))
                    if isinstance(result.get("case"), dict):
                        authoritative[op.ref] = (version, result["case"])
                continue
            conflict = status == "conflict"
            detail = str(result.get("detail") or "服务器拒绝了此操作")
            changed = result.get("changed")
            refused.append(
                (
                    "conflict" if conflict else "rejected",
                    detail,
                    version,
                    _dumps(changed) if isinstance(changed, list) else None,
                    _dumps(result["base"]) if isinstance(result.get("base"), dict) else None,
                    op.id,
                )
            )
            if is_case:
                case_errors.append((detail, op.ref))
                current = result.get("current")
                if conflict and version is not None:
                    current_json = _dumps(current) if isinstance(current, dict) else None
                    conflicts.append((version, current_json, op.ref))
        with self._write() as conn:
            if done:
                conn.exec_driver_sql(
                    "UPDATE outbox SET state = 'done', result_version = ?, done_at = ?, "
                    "error = NULL, refusal = NULL, attempts = attempts + 1 "
                    "WHERE id = ? AND state = 'pending'",
                    done,
                )
            if based:
                conn.exec_driver_sql(
                    "UPDATE cases SET base_version = ?, "
                    "server_version = max(coalesce(server_version, 0), ?) WHERE number = ?",
                    based,
                )
            if refused:
                conn.exec_driver_sql(
                    "UPDATE outbox SET state = 'rejected', refusal = ?, error = ?, "
                    "result_version = ?, changed = ?, conflict_base = ?, attempts = attempts + 1 "
                    "WHERE id = ? AND state = 'pending'",
                    refused,
                )
            if case_errors:
                conn.exec_driver_sql(
                    "UPDATE cases SET upload_error = ? WHERE number = ?", case_errors
                )
            if conflicts:
                conn.exec_driver_sql(
                    "UPDATE cases SET server_version = ?, "
                    "server_data = coalesce(?, server_data) WHERE number = ?",
                    conflicts,
                )
            for number, (version, data) in authoritative.items():
                self._adopt_server_case(conn, number, version, data)
            self._refresh_uploaded(conn, touched)

    @staticmethod
    def _change_waits(conn: Connection, number: str) -> bool:
        """A change of the case waits in the outbox (to push, or refused for the clerk)."""
        row = conn.exec_driver_sql(
            "SELECT 1 FROM outbox WHERE ref = ? AND kind LIKE 'case.%' "
            "AND state IN ('pending', 'rejected') LIMIT 1",
            (number,),
        ).first()
        return row is not None

    def _adopt_server_case(
        self, conn: Connection, number: str, version: int, data: dict[str, Any]
    ) -> None:
        """Replace the local case by the server's answer to our write, unless a later change
        of it waits to be pushed or the local case is already based on a newer version."""
        row = conn.exec_driver_sql(
            "SELECT base_version FROM cases WHERE number = ?", (number,)
        ).first()
        if row is None or (row.base_version or 0) > version:
            return
        if self._change_waits(conn, number):
            return
        try:
            remote = Case.from_dict(data)
        except (KeyError, TypeError, ValueError):
            log.exception("the server answered with a malformed case %s", number)
            return
        self._overwrite_case(conn, remote, version)

    @staticmethod
    def _refresh_uploaded(conn: Connection, numbers: Iterable[str]) -> None:
        """``uploaded`` = nothing of the case waits in the outbox any more."""
        waiting = (
            "EXISTS (SELECT 1 FROM outbox WHERE outbox.ref = cases.number "
            "AND outbox.kind LIKE 'case.%' AND outbox.state IN ('pending', 'rejected'))"
        )
        params = [(n,) for n in numbers]
        if not params:
            return
        conn.exec_driver_sql(
            f"UPDATE cases SET uploaded = 0 WHERE number = ? AND {waiting}", params
        )
        now = hall_now().isoformat()
        conn.exec_driver_sql(
            "UPDATE cases SET uploaded = 1, upload_error = NULL, uploaded_at = ? "
            f"WHERE number = ? AND NOT uploaded AND NOT {waiting}",
            [(now, n) for (n,) in params],
        )

    def rejected_operations(self) -> list[RejectedOperation]:
        """Operations the server refused and the clerk has not yet retried or discarded."""
        o = t.outbox.c
        with self._read() as conn:
            rows = conn.execute(
                select(
                    o.op_id,
                    o.kind,
                    o.ref,
                    o.error,
                    o.refusal,
                    o.result_version,
                    o.changed,
                    o.created_at,
                )
                .where(o.state == "rejected")
                .order_by(o.id)
            ).all()
        return [
            RejectedOperation(
                op_id=r.op_id,
                kind=r.kind,
                ref=r.ref,
                detail=r.error or "",
                conflict=r.refusal == "conflict",
                server_version=r.result_version,
                changed=tuple(json.loads(r.changed)) if r.changed else (),
                created_at=datetime.fromisoformat(r.created_at),
            )
            for r in rows
        ]

    def sync_counts(self) -> tuple[int, int]:
        """(operations waiting to be pushed, operations rejected by the server)."""
        counts = self.outbox_counts()
        return counts.get("pending", 0), counts.get("rejected", 0)

    def _rejected_row(self, conn: Connection, op_id: str) -> Any:
        o = t.outbox.c
        row = conn.execute(
            select(
                o.id, o.kind, o.ref, o.payload, o.refusal, o.result_version, o.conflict_base
            ).where(o.op_id == op_id, o.state == "rejected")
        ).first()
        if row is None:
            raise LookupError("没有这条被退回的操作（可能已重试或已放弃）")
        return row

    def retry_operation(self, op_id: str) -> str:
        """Queue a refused operation again, after the clerk fixed what the server refused.

        A case operation is sent with the case as it is now; after a conflict the clerk's
        change is first merged onto the server's version (``merge_after_conflict``: the
        server's changes and audit trail stay) and based on it. Every refused operation of
        the same case is replaced by this one. Returns
        the new operation id (a new id: the refused one may be recorded with other content).
        """
        o = t.outbox.c
        c = t.cases.c
        now = hall_now()
        with self._write() as conn:
            row = self._rejected_row(conn, op_id)
            payload = json.loads(row.payload)
            if row.kind.startswith("case."):
                stored = self._load_case(conn, row.ref)
                if row.refusal == "conflict" and row.result_version is not None:
                    server = conn.execute(select(c.server_data).where(c.number == row.ref)).scalar()
                    if stored is not None and server:
                        base = (
                            Case.from_dict(json.loads(row.conflict_base))
                            if row.conflict_base
                            else None
                        )
                        merged = merge_after_conflict(
                            stored, Case.from_dict(json.loads(server)), base
                        )
                        if merged != stored:
                            self._replace_local_case(conn, merged)
                        stored = merged
                    conn.execute(
                        update(t.cases)
                        .where(c.number == row.ref)
                        .values(base_version=row.result_version or None)
                    )
                if stored is not None:
                    payload = {"case": stored.to_dict()}
                conn.execute(
                    update(t.outbox)
                    .where(o.ref == row.ref, o.kind.like("case.%"), o.state == "rejected")
                    .values(state="discarded", done_at=now.isoformat())
                )
                conn.execute(update(t.cases).where(c.number == row.ref).values(upload_error=None))
            else:
                conn.execute(
                    update(t.outbox)
                    .where(o.id == row.id)
                    .values(state="discarded", done_at=now.isoformat())
                )
            new_id = str(uuid.uuid4())
            conn.execute(
                insert(t.outbox).values(
                    op_id=new_id,
                    kind=row.kind,
                    ref=row.ref,
                    payload=_dumps(payload),
                    created_at=now.isoformat(),
                    state="pending",
                )
            )
            if row.kind.startswith("case."):
                self._refresh_uploaded(conn, [row.ref])
        return new_id

    def _replace_local_case(self, conn: Connection, case: Case) -> None:
        """Store a merged case as this window's current version (still to be pushed)."""
        conn.execute(
            update(t.cases)
            .where(t.cases.c.number == case.number)
            .values(**self._case_columns(case), revision=t.cases.c.revision + 1, uploaded=False)
        )
        conn.exec_driver_sql("DELETE FROM case_events WHERE case_number = ?", (case.number,))
        self._add_events(conn, case.number, case.events)

    def discard_operation(self, op_id: str) -> None:
        """Give up a refused operation, explicitly. When nothing else of its case waits, the
        case falls back to the server's version if one is known (the clerk's discarded change
        stays in the outbox history, marked "discarded")."""
        o = t.outbox.c
        c = t.cases.c
        with self._write() as conn:
            row = self._rejected_row(conn, op_id)
            conn.execute(
                update(t.outbox)
                .where(o.id == row.id)
                .values(state="discarded", done_at=hall_now().isoformat())
            )
            if not row.kind.startswith("case."):
                return
            waiting = conn.scalar(
                select(func.count()).where(
                    o.ref == row.ref, o.kind.like("case.%"), o.state.in_(("pending", "rejected"))
                )
            )
            if not waiting:
                server = conn.execute(
                    select(c.server_version, c.server_data).where(c.number == row.ref)
                ).first()
                if server is not None and server.server_data:
                    remote = Case.from_dict(json.loads(server.server_data))
                    self._overwrite_case(conn, remote, server.server_version)
            self._refresh_uploaded(conn, [row.ref])

    def _overwrite_case(self, conn: Connection, case: Case, version: int | None) -> None:
        """Replace the local case by the server's (its events too). Driver SQL: a pull of a
        thousand changes must not spend its time building statements."""
        cols = self._case_columns(case)
        names = list(cols)
        conn.exec_driver_sql(
            f"UPDATE cases SET {', '.join(f'{n} = ?' for n in names)}, base_version = ?, "
            "server_version = ?, server_data = NULL, revision = revision + 1, uploaded = 1, "
            "upload_error = NULL WHERE number = ?",
            (*(cols[n] for n in names), version, version, case.number),
        )
        conn.exec_driver_sql("DELETE FROM case_events WHERE case_number = ?", (case.number,))
        self._add_events(conn, case.number, case.events)

    @staticmethod
    def _add_events(conn: Connection, number: str, events: Iterable[CaseEvent]) -> None:
        rows = [
            (
                number,
                position,
                ev.at.isoformat(),
                ev.actor,
                ev.window,
                ev.action,
                ev.status.value if ev.status else None,
                ev.detail,
            )
            for position, ev in enumerate(events)
        ]
        if rows:
            conn.exec_driver_sql(
                "INSERT INTO case_events (case_number, position, at, actor, window, action, "
                "status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def sync_cursor(self) -> str | None:
        """The server's change cursor up to which this store has applied every change."""
        return self.get_setting("sync_cursor")

    def apply_pull(self, changes: Iterable[dict[str, Any]], cursor: str) -> PullApplied:
        """Apply pulled changes and store ``cursor`` in the same transaction.

        A case with local changes still waiting is not overwritten: the server's version is
        kept beside it (the push will meet a conflict the clerk resolves). An item keeps its
        row when withdrawn (old cases still open it); search no longer offers it.
        """
        cases = items = other = 0
        with self._write() as conn:
            for change in changes:
                try:
                    applied = self._apply_change(conn, change)
                except (KeyError, TypeError, ValueError):
                    # one malformed change must not stop every later one: skip it, loudly
                    log.exception("skipped a malformed change from the server: %r", change)
                    continue
                cases += applied.cases
                items += applied.items
                other += applied.other
            self._put_setting(conn, "sync_cursor", cursor)
            if items:
                self._put_setting(conn, "catalog_token", uuid.uuid4().hex)
        if items:
            with self._index_lock:
                self._index = None
        return PullApplied(cases, items, other)

    def _apply_change(self, conn: Connection, change: dict[str, Any]) -> PullApplied:
        # a change that fails half-way leaves nothing behind (a plain savepoint: cheap)
        conn.exec_driver_sql("SAVEPOINT pull_change")
        try:
            applied = self._apply_change_inner(conn, change)
        except BaseException:
            conn.exec_driver_sql("ROLLBACK TO pull_change")
            conn.exec_driver_sql("RELEASE pull_change")
            raise
        conn.exec_driver_sql("RELEASE pull_change")
        return applied

    def _apply_change_inner(self, conn: Connection, change: dict[str, Any]) -> PullApplied:
        kind = change.get("kind")
        key = str(change.get("key", ""))
        version = int(change.get("version") or 0)
        data = change.get("data")
        if kind == "case" and isinstance(data, dict):
            return PullApplied(cases=self._apply_remote_case(conn, key, version, data))
        if kind == "item" and isinstance(data, dict):
            return PullApplied(items=self._apply_remote_item(conn, data))
        if kind == "bundle":
            self._apply_remote_bundle(conn, key, data)
            return PullApplied(items=1)
        if kind == "catalog":
            if isinstance(data, dict) and data.get("catalog_version"):
                self._put_setting(conn, "catalog_version", str(data["catalog_version"]))
            return PullApplied(other=1)
        if kind == "hall":
            self._put_setting(conn, f"hall_config:{key}", _dumps(data))
            return PullApplied(other=1)
        return PullApplied()

    def _apply_remote_case(
        self, conn: Connection, number: str, version: int, data: dict[str, Any]
    ) -> int:
        remote = Case.from_dict(data)
        row = conn.exec_driver_sql(
            "SELECT base_version, server_version FROM cases WHERE number = ?", (number,)
        ).first()
        if row is None:
            parsed = parse_case_number(number)
            if parsed is None:
                return 0
            hall, window_no, day, seq = parsed
            self._bump_sequence(conn, hall, window_no, day, seq)  # never hand it out again
            conn.execute(
                insert(t.cases).values(
                    **self._case_columns(remote),
                    number=number,
                    hall=hall,
                    window=window_no,
                    day=day.isoformat(),
                    seq=seq,
                    revision=1,
                    uploaded=True,
                    base_version=version,
                    server_version=version,
                )
            )
            self._add_events(conn, number, remote.events)
            return 1
        if version <= (row.base_version or 0):
            return 0  # the echo of our own push, or older
        if self._change_waits(conn, number):
            conn.exec_driver_sql(
                "UPDATE cases SET server_version = ?, server_data = ? WHERE number = ?",
                (max(version, row.server_version or 0), _dumps(data), number),
            )
            return 0
        self._overwrite_case(conn, remote, version)
        return 1

    def _apply_remote_item(self, conn: Connection, data: dict[str, Any]) -> int:
        item = Item.from_dict(data)  # refuse a malformed record before touching the table
        row = self._item_row(item)
        updates = ", ".join(f"{col} = excluded.{col}" for col in _ITEM_COLUMNS[1:])
        conn.exec_driver_sql(
            f"{_INSERT_ITEM} ON CONFLICT(code) DO UPDATE SET {updates} "
            "WHERE excluded.version >= catalog_items.version",
            row,
        )
        return 1

    def _apply_remote_bundle(self, conn: Connection, code: str, data: Any) -> None:
        if not isinstance(data, dict):
            conn.execute(delete(t.bundles).where(t.bundles.c.code == code))
            return
        bundle = Bundle.from_dict(data)
        values = {
            "code": bundle.code,
            "name": bundle.name,
            "zone": bundle.zone,
            "version": bundle.version,
            "data": _dumps(bundle.to_dict()),
        }
        stmt = sqlite_insert(t.bundles).values(**values)
        conn.execute(stmt.on_conflict_do_update(index_elements=["code"], set_=values))

    def note_sync(self, key: str, at: datetime | None = None) -> None:
        """Remember when a push or pull last succeeded (``key``: "push" or "pull")."""
        self.set_setting(f"last_{key}_at", (at or hall_now()).isoformat())

    def last_sync(self, key: str) -> datetime | None:
        value = self.get_setting(f"last_{key}_at")
        return datetime.fromisoformat(value) if value else None

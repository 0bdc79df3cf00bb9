"""The catalog cache: items and bundles as last downloaded, and the item search over them."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from clerk_app.domain.catalog import Bundle, HandlingKind, Item
from clerk_app.domain.catalog_json import item_to_dict
from clerk_app.domain.hall_time import hall_now
from clerk_app.domain.search import ItemSearchIndex, SearchEntry, grouped_order, pinyin_keys
from clerk_app.store import schema as t
from clerk_app.store.database import Database, dumps
from clerk_app.store.settings import put_setting, read_setting

_CHUNK = 2000  # rows per executemany when the catalog is replaced
_FREQUENT = 30  # how many of a window's most used items count as "frequent"
_TOKEN_RECHECK_S = 2.0  # how stale the search index may be after another process's update
DEPARTMENT_PHONES_SETTING = "department_phones"
DEPARTMENT_REMEDIES_SETTING = "department_remedies"
CATALOG_TOKEN_SETTING = "catalog_token"

_ITEM_COLUMNS = (
    "code", "name", "department", "department_code", "zone", "handling", "version", "withdrawn",
    "pinyin_initials", "pinyin_full", "data",
)  # fmt: skip
_INSERT_ITEM = (
    f"INSERT INTO catalog_items ({', '.join(_ITEM_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _ITEM_COLUMNS)})"
)
_UPSERT_ITEM = (
    f"{_INSERT_ITEM} ON CONFLICT(code) DO UPDATE SET "
    f"{', '.join(f'{col} = excluded.{col}' for col in _ITEM_COLUMNS[1:])} "
    "WHERE excluded.version >= catalog_items.version"
)


@dataclass(frozen=True)
class ItemHit:
    code: str
    name: str
    department: str
    zone: str
    handling: HandlingKind
    frequent: bool
    # 基本编码: hits of one item implemented by several departments/counties stand together;
    # ``same_item`` is how many of the results share it (1: the item is alone)
    basic_code: str = ""
    same_item: int = 1


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
    # item code -> 基本编码 ("" for none), filled for the codes searches return: reading it
    # for all 69,074 items would double the index's load time
    basic: dict[str, str]


def _item_row(entry: Item | ItemRecord) -> tuple[Any, ...]:
    """The row in ``_ITEM_COLUMNS`` order; pinyin keys are cached per distinct name."""
    data = dumps(item_to_dict(entry)) if isinstance(entry, Item) else entry.data_json
    initials, full = pinyin_keys(entry.name)
    return (
        entry.code,
        entry.name,
        entry.department,
        entry.department_code,
        entry.zone,
        entry.handling.value,
        entry.version,
        entry.withdrawn,
        initials,
        full,
        data,
    )


def _bundle_values(bundle: Bundle) -> dict[str, Any]:
    return {
        "code": bundle.code,
        "name": bundle.name,
        "zone": bundle.zone,
        "version": bundle.version,
        "data": dumps(bundle.to_dict()),
    }


def upsert_item(conn: Connection, item: Item) -> None:
    """Store one changed item unless a newer version is stored already."""
    conn.exec_driver_sql(_UPSERT_ITEM, _item_row(item))


def put_bundle(conn: Connection, code: str, bundle: Bundle | None) -> None:
    """Store one changed bundle; ``None`` removes it."""
    if bundle is None:
        conn.execute(delete(t.bundles).where(t.bundles.c.code == code))
        return
    values = _bundle_values(bundle)
    stmt = sqlite_insert(t.bundles).values(**values)
    conn.execute(stmt.on_conflict_do_update(index_elements=["code"], set_=values))


def note_catalog_changed(conn: Connection) -> None:
    """Let every store on this file notice that its search index is stale."""
    put_setting(conn, CATALOG_TOKEN_SETTING, uuid.uuid4().hex)


def _insert_items(conn: Connection, items: Iterable[Item | ItemRecord]) -> int:
    count = 0
    seen: set[str] = set()
    batch: list[tuple[Any, ...]] = []
    for entry in items:
        row = _item_row(entry)
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
    return count


def _insert_bundles(conn: Connection, bundles: Iterable[Bundle]) -> None:
    rows = []
    codes: set[str] = set()
    for bundle in bundles:
        if bundle.code in codes:
            raise ValueError(f"一件事编码重复：{bundle.code}")
        codes.add(bundle.code)
        rows.append(_bundle_values(bundle))
    if rows:
        conn.execute(insert(t.bundles), rows)


class Catalog:
    """Items and bundles of this PC, and the search index built from them."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._index_lock = threading.Lock()
        self._index: _LoadedIndex | None = None
        self._token_checked_at = 0.0
        self._frequent_cache: dict[int, list[str]] = {}

    def replace(
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
        with self._db.write() as conn:
            conn.execute(delete(t.catalog_items))
            conn.execute(delete(t.bundles))
            count = _insert_items(conn, items)
            _insert_bundles(conn, bundles)
            put_setting(conn, "catalog_version", catalog_version)
            note_catalog_changed(conn)
        self.forget_index()
        return count

    def forget_index(self) -> None:
        """The catalog changed through this store: rebuild the index on the next search."""
        with self._index_lock:
            self._index = None

    def version(self) -> str | None:
        with self._db.read() as conn:
            return read_setting(conn, "catalog_version")

    def item_count(self) -> int:
        with self._db.read() as conn:
            return int(conn.scalar(select(func.count()).select_from(t.catalog_items)) or 0)

    def item(self, code: str) -> Item | None:
        """The stored item, withdrawn or not (old cases still show theirs)."""
        with self._db.read() as conn:
            data = conn.scalar(select(t.catalog_items.c.data).where(t.catalog_items.c.code == code))
        return None if data is None else Item.from_dict(json.loads(data))

    def bundles(self) -> list[Bundle]:
        with self._db.read() as conn:
            rows = conn.scalars(select(t.bundles.c.data).order_by(t.bundles.c.code)).all()
        return [Bundle.from_dict(json.loads(d)) for d in rows]

    def department_phones(self) -> dict[str, str]:
        """Department code -> phone, from the last catalog download (printed on notices)."""
        return self._department_setting(DEPARTMENT_PHONES_SETTING)

    def set_department_phones(self, phones: dict[str, str]) -> None:
        self._put_department_setting(DEPARTMENT_PHONES_SETTING, phones)

    def department_remedies(self) -> dict[str, dict[str, str]]:
        """Department code -> {"review_body", "court"} of the catalog (printed on decisions;
        a department without them has none here and the hall's are printed)."""
        data = self._department_setting(DEPARTMENT_REMEDIES_SETTING)
        return {k: v for k, v in data.items() if isinstance(v, dict)}

    def set_department_remedies(self, remedies: dict[str, dict[str, str]]) -> None:
        self._put_department_setting(DEPARTMENT_REMEDIES_SETTING, remedies)

    def _department_setting(self, key: str) -> dict[str, Any]:
        with self._db.read() as conn:
            raw = read_setting(conn, key)
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            str(k): ({str(n): str(x) for n, x in v.items()} if isinstance(v, dict) else str(v))
            for k, v in data.items()
        }

    def _put_department_setting(self, key: str, value: dict[str, Any]) -> None:
        with self._db.write() as conn:
            put_setting(conn, key, json.dumps(value, ensure_ascii=False))

    # ---------------------------------------------------------------- search

    def search(self, query: str, *, window_no: int | None = None, limit: int = 50) -> list[ItemHit]:
        """Items offered for ``query`` (withdrawn ones never); see ``ItemSearchIndex``."""
        loaded = self._search_index()
        frequent = self._frequent_codes(window_no) if window_no is not None else []
        matches = loaded.index.search(query, frequent=frequent, limit=limit)
        self._read_basic_codes(loaded, [m.entry.code for m in matches])
        keys = [loaded.basic[m.entry.code] for m in matches]
        sizes = Counter(k for k in keys if k)
        return [
            ItemHit(
                matches[i].entry.code,
                matches[i].entry.name,
                matches[i].entry.department,
                matches[i].entry.zone,
                loaded.handling[matches[i].entry.code],
                matches[i].frequent,
                keys[i],
                sizes[keys[i]] if keys[i] else 1,
            )
            for i in grouped_order(keys)
        ]

    def _read_basic_codes(self, loaded: _LoadedIndex, codes: list[str]) -> None:
        """Remember the 基本编码 of ``codes`` (one indexed read for those not yet known)."""
        missing = [c for c in codes if c not in loaded.basic]
        if not missing:
            return
        c = t.catalog_items.c
        with self._db.read() as conn:
            rows = conn.execute(
                select(c.code, func.json_extract(c.data, "$.basic_code")).where(c.code.in_(missing))
            ).all()
        found = {code: basic or "" for code, basic in rows}
        loaded.basic.update({code: found.get(code, "") for code in missing})

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
        with self._db.read() as conn:
            token = read_setting(conn, CATALOG_TOKEN_SETTING)
        self._token_checked_at = now
        with self._index_lock:
            if self._index is None or self._index.token != token:
                self._index = self._load_index()
            return self._index

    def _load_index(self) -> _LoadedIndex:
        with self._db.read() as conn:
            token = read_setting(conn, CATALOG_TOKEN_SETTING)
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
        return _LoadedIndex(token, ItemSearchIndex(entries), handling, {})

    def _frequent_codes(self, window_no: int) -> list[str]:
        cached = self._frequent_cache.get(window_no)
        if cached is not None:
            return cached
        u = t.item_usage.c
        with self._db.read() as conn:
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

    def note_used(self, window_no: int, item_code: str) -> None:
        """Count a use of the item at this window (its most used items are offered first)."""
        now = hall_now().isoformat()
        stmt = sqlite_insert(t.item_usage).values(
            window_no=window_no, item_code=item_code, count=1, last_used=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["window_no", "item_code"],
            set_={"count": t.item_usage.c.count + 1, "last_used": now},
        )
        with self._db.write() as conn:
            conn.execute(stmt)
        self._frequent_cache.pop(window_no, None)

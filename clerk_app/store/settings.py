"""Key-value settings of the counter PC (window number, catalog version, sync bookkeeping)."""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from clerk_app.contract.halls import HallOut
from clerk_app.domain.hall_time import hall_now
from clerk_app.store import schema as t
from clerk_app.store.database import Database


def read_setting(conn: Connection, key: str) -> str | None:
    value = conn.scalar(select(t.settings.c.value).where(t.settings.c.key == key))
    return None if value is None else str(value)


def put_setting(conn: Connection, key: str, value: str) -> None:
    """Write a setting inside a larger transaction (a catalog swap, a pull page)."""
    stmt = sqlite_insert(t.settings).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def hall_config_key(hall_code: str) -> str:
    return f"hall_config:{hall_code}"


class Settings:
    def __init__(self, db: Database) -> None:
        self._db = db

    def hall_config(self, hall_code: str) -> HallOut | None:
        """The hall's configuration as last received from the server (None: never, or kept
        by a version of the app whose shape this one no longer reads)."""
        raw = self.get(hall_config_key(hall_code))
        if not raw:
            return None
        try:
            return HallOut.model_validate_json(raw)
        except ValidationError:
            return None

    def remember_hall_config(self, hall_code: str, config: HallOut) -> None:
        self.set(hall_config_key(hall_code), config.model_dump_json())

    def get(self, key: str, default: str | None = None) -> str | None:
        with self._db.read() as conn:
            value = read_setting(conn, key)
        return default if value is None else value

    def set(self, key: str, value: str) -> None:
        with self._db.write() as conn:
            put_setting(conn, key, value)

    def note_sync(self, key: str) -> None:
        """Remember when a push or pull last succeeded (``key``: "push" or "pull")."""
        self.set(f"last_{key}_at", hall_now().isoformat())

    def last_sync(self, key: str) -> datetime | None:
        value = self.get(f"last_{key}_at")
        return datetime.fromisoformat(value) if value else None

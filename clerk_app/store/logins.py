"""The offline login cache: who last logged in at this PC, with a hash of their password."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from clerk_app.domain.hall_time import hall_now
from clerk_app.store import schema as t
from clerk_app.store.database import Database, dumps


@dataclass(frozen=True)
class CachedUser:
    username: str
    display_name: str
    role: str
    hall_code: str
    hall_name: str
    window_no: int | None
    department_code: str | None


class LoginCache:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._hasher = PasswordHasher()

    def remember(self, user: CachedUser, password: str) -> None:
        """Keep an argon2id hash (never the password) so the window can log in offline."""
        values = {
            "username": user.username,
            "password_hash": self._hasher.hash(password),
            "user": dumps(asdict(user)),
            "saved_at": hall_now().isoformat(),
        }
        stmt = sqlite_insert(t.cached_logins).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["username"], set_=values)
        with self._db.write() as conn:
            conn.execute(stmt)

    def check(self, username: str, password: str) -> CachedUser | None:
        """The remembered user when the password matches the last successful login."""
        logins = t.cached_logins.c
        with self._db.read() as conn:
            row = conn.execute(
                select(logins.password_hash, logins.user).where(logins.username == username)
            ).first()
        if row is None:
            return None
        try:
            self._hasher.verify(row.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return CachedUser(**json.loads(row.user))

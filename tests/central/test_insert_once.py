"""An insert that may collide with a twin request's is undone with its transaction (both
databases). It used a savepoint, and pysqlite's SAVEPOINT outside its own transaction made
the RELEASE commit at once: a blob row, a library entry or a view mark outlived the rollback
of the request that wrote it, and other sessions saw it before that request committed."""

from __future__ import annotations

from datetime import UTC, datetime

from clerk_app.central.attachment_models import Blob
from clerk_app.central.db import insert_once, make_engine, make_session_factory
from clerk_app.central.services.attachments import add_blob
from tests.central.conftest import seed_database

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
SHA = "ab" * 32


def test_a_blob_row_is_undone_with_its_transaction_and_unseen_before_its_commit(
    db_url: str,
) -> None:
    seed_database(db_url)
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    try:
        with sessions() as writing:
            add_blob(writing, SHA, 10, "application/pdf", NOW)
            with sessions() as other:
                assert other.get(Blob, SHA) is None  # not committed yet
            writing.rollback()  # the request failed after it
        with sessions() as after:
            assert after.get(Blob, SHA) is None
    finally:
        engine.dispose()


def test_insert_once_says_whether_it_inserted(db_url: str) -> None:
    seed_database(db_url)
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    try:
        with sessions() as session:
            row = {"sha256": SHA, "size": 10, "media_type": "application/pdf", "stored_at": NOW}
            assert insert_once(session, Blob, **row)
            assert not insert_once(session, Blob, **row | {"size": 11})  # the first one stays
            session.commit()
            assert session.get_one(Blob, SHA).size == 10
    finally:
        engine.dispose()

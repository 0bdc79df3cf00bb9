"""The migrated schema is exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from clerk_app.central.db import alembic_config, make_engine, upgrade
from clerk_app.central.models_all import Base


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_migrated_schema_matches_models(db_url: str) -> None:
    upgrade(db_url)
    assert _diff(db_url) == []
    engine = make_engine(db_url)
    try:
        assert "catalog_items" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_downgrade_then_upgrade_again(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        command.downgrade(alembic_config(engine), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert _diff(db_url) == []
    finally:
        engine.dispose()


def test_sqlite_runs_wal_with_foreign_keys(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/sub/dir/central.db"  # the folder is created
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()

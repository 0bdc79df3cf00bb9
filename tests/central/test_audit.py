"""The audit trail: appended in the caller's transaction, hash-chained per hall, verified."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from clerk_app.central import cli
from clerk_app.central.db import make_engine, make_session_factory, upgrade
from clerk_app.central.services import audit

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)


def _fill(url: str, count: int = 5) -> None:
    upgrade(url)
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            for i in range(count):
                for hall in ("HS01", "HS02"):
                    audit.record(
                        session,
                        hall_code=hall,
                        actor="clerk01",
                        role="clerk",
                        action="case.accept",
                        subject=f"{hall}-01-20261207-{i + 1:04d}",
                        detail={"status": "accepted", "note": "受理"},
                        now=T0 + timedelta(minutes=i),
                    )
            session.commit()
    finally:
        engine.dispose()


def _sql(url: str, statement: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def test_an_intact_chain_verifies(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(db_url)
    assert cli.main(["audit", "verify", "--db", db_url]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "大厅HS01：5条审计记录，哈希链完整" in out
    assert "大厅HS02：5条审计记录，哈希链完整" in out


def test_a_rolled_back_change_leaves_no_entry(db_url: str) -> None:
    _fill(db_url, 1)
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            audit.record(
                session, hall_code="HS01", actor="x", role="clerk", action="a", subject="s"
            )
            session.rollback()
            reports = audit.verify(session, "HS01")
    finally:
        engine.dispose()
    assert reports[0].ok and reports[0].entries == 1


@pytest.mark.parametrize(
    ("statement", "seq", "reason"),
    [
        ("UPDATE audit_log SET actor = 'gahz01' WHERE hall_code = 'HS01' AND seq = 3", 3, "哈希"),
        ("DELETE FROM audit_log WHERE hall_code = 'HS01' AND seq = 2", 2, "缺少第2条"),
        ("DELETE FROM audit_log WHERE hall_code = 'HS01' AND seq = 5", 5, "末尾被删除"),
    ],
)
def test_a_direct_sql_edit_is_named(
    db_url: str, capsys: pytest.CaptureFixture[str], statement: str, seq: int, reason: str
) -> None:
    _fill(db_url)
    _sql(db_url, statement)
    assert cli.main(["audit", "verify", "--db", db_url]) == cli.EXIT_FAILED
    captured = capsys.readouterr()
    assert f"大厅HS01：审计链在第{seq}条断开" in captured.err
    assert reason in captured.err
    assert "大厅HS02：5条审计记录，哈希链完整" in captured.out


def test_a_rewritten_detail_is_detected(db_url: str) -> None:
    _fill(db_url)
    _sql(db_url, """UPDATE audit_log SET detail = '{"status":"delivered"}' WHERE seq = 4""")
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            reports = {r.hall_code: r for r in audit.verify(session)}
    finally:
        engine.dispose()
    assert reports["HS01"].broken_seq == 4 and not reports["HS01"].ok


def test_concurrent_appends_to_one_hall_keep_one_chain(db_url: str) -> None:
    """Windows auditing at once (a library lookup each): the head is taken under a lock, so
    every append gets its own sequence number and the chain stays whole."""
    _fill(db_url, 1)  # the hall's head exists: the appends below race for it
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)

    def append(worker: int) -> None:
        for n in range(8):
            with sessions() as session:
                audit.record(
                    session,
                    hall_code="HS01",
                    actor=f"clerk{worker:02d}",
                    role="clerk",
                    action="library.lookup",
                    subject="A012",
                    detail={"n": n},
                    now=T0,
                )
                session.commit()

    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(append, range(4)))
        with sessions() as session:
            [report] = audit.verify(session, "HS01")
    finally:
        engine.dispose()
    assert (report.ok, report.entries) == (True, 1 + 4 * 8), report

"""What the counter does with the server's refusals of its uploads (clerk_app/sync/attachments.py):
a refusal about one file marks that file refused and the others go on; a refusal about the
session (this login may not upload at all) marks nothing: the files stay pending, the round
fails visibly with the server's reason, and the next round after the right is back uploads."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from clerk_app.central import policy
from clerk_app.central.config import CentralSettings
from clerk_app.central.db import make_engine, make_session_factory
from clerk_app.central.embedded import EmbeddedServer, start_embedded
from clerk_app.central.models import CaseRecord
from clerk_app.domain.cases import CaseStatus
from clerk_app.sync.attachments import UploadsRefused
from clerk_app.sync.engine import SyncEngine
from tests.attachment_helpers import big_jpeg, counter_window, jpeg_bytes
from tests.central.conftest import seed_database

AT = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)
MAX_BYTES = 2 * 1024 * 1024


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[tuple[EmbeddedServer, Any]]:
    catalog = seed_database(db_url)
    settings = CentralSettings(
        db=db_url, data_dir=str(tmp_path / "central-data"), attachment_max_bytes=MAX_BYTES
    )
    embedded = start_embedded(db_url, settings=settings, auto_approve_devices=True)
    try:
        yield embedded, catalog
    finally:
        embedded.stop()


def _on_server(db_url: str, number: str, **values: object) -> None:
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:
        session.execute(update(CaseRecord).where(CaseRecord.number == number).values(**values))
        session.commit()
    engine.dispose()


def test_a_refusal_about_one_file_marks_only_that_file(
    server: tuple[EmbeddedServer, Any], db_url: str, tmp_path: Path
) -> None:
    embedded, catalog = server
    store, client, (mine, moved, closed) = counter_window(
        tmp_path, embedded.base_url, catalog, cases=3
    )
    engine = SyncEngine(store, client, window_no=1)
    engine.push_once()
    _on_server(db_url, moved, window_no=2)  # the case went to another window
    _on_server(db_url, closed, status=CaseStatus.COMPLETED.value)
    pdf = b"%PDF-1.4\n" + random.Random(5).randbytes(20_000) + b"\n%%EOF\n"
    captured = {
        "ok": store.attachments.add(mine, 0, jpeg_bytes(), **_who("id.jpg")),
        "large": store.attachments.add(mine, 1, big_jpeg(3, seed=2), **_who("big.jpg")),
        "moved": store.attachments.add(moved, 0, pdf, **_who("form.pdf")),
        "closed": store.attachments.add(closed, 0, jpeg_bytes(seed=3), **_who("late.jpg")),
        "after": store.attachments.add(mine, 2, jpeg_bytes(seed=4), **_who("photo.jpg")),
    }
    report = engine.upload_attachments()
    assert (report.stored, report.refused) == (2, 3)
    found = {key: store.attachments.get(a.id) for key, a in captured.items()}
    states = {key: (a.state if a else None) for key, a in found.items()}
    assert states == {
        "ok": "stored",
        "large": "refused",
        "moved": "refused",
        "closed": "refused",
        "after": "stored",
    }
    errors = {key: a.error for key, a in found.items() if a is not None}
    assert "不能超过2 MB" in str(errors["large"])
    assert "2号窗口受理" in str(errors["moved"])  # the 403 about this case's window
    assert "已办结" in str(errors["closed"]) or "不能再添加材料" in str(errors["closed"])
    store.close()


def test_a_refusal_about_the_session_leaves_every_file_pending(
    server: tuple[EmbeddedServer, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded, catalog = server
    store, client, numbers = counter_window(tmp_path, embedded.base_url, catalog)
    engine = SyncEngine(store, client, window_no=1)
    engine.push_once()
    for line, number in enumerate(numbers * 2):
        store.attachments.add(number, line, jpeg_bytes(seed=line), **_who(f"{line}.jpg"))
    # The hall's policy no longer lets a clerk upload files (the role lost the right).
    rule = policy.RULES["attachment.write"]
    monkeypatch.setitem(
        policy.RULES, "attachment.write", dataclasses.replace(rule, roles=frozenset({"admin"}))
    )
    with pytest.raises(UploadsRefused) as refused:
        engine.sync_once()
    assert refused.value.status == 403 and "窗口人员账户无权" in refused.value.detail
    assert store.attachments.counts() == {"pending": 4}
    pending = store.attachments.ready_to_upload()
    assert pending[0].error is not None and "无权" in pending[0].error  # noted on the file
    engine.run_round()
    status = engine.status()
    assert status.error is not None and status.error.startswith("材料暂停上传：")
    assert store.settings.last_sync("pull") is not None  # the pull went on meanwhile

    monkeypatch.setitem(policy.RULES, "attachment.write", rule)  # the right is back
    engine.run_round()
    assert store.attachments.counts() == {"stored": 4} and engine.status().error is None
    store.close()


def _who(name: str) -> dict[str, Any]:
    return {"file_name": name, "captured_by": "clerk01", "captured_at": AT}

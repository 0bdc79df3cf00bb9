"""The counter keeps captured files by content, refuses what is not PDF/JPEG/PNG or too large
(by the bytes, not the name), and lets a file go only once its case is on the server."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from clerk_app.contract.sync import OpResult, OpStatus
from clerk_app.domain.cases import Case, CaseStatus, IdKind, Person
from clerk_app.domain.catalog import Item
from clerk_app.store.attachments import AttachmentRefused
from clerk_app.store.local import LocalStore
from tests.attachment_helpers import jpeg_bytes

AT = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)
ITEM = Item("T-001", "测试事项", "测试局", department_code="CS", zone="SOCIAL")
PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    local = LocalStore(tmp_path / "w.db")
    local.catalog.replace("v1", [ITEM], [])
    yield local
    local.close()


def _number(store: LocalStore) -> str:
    case = Case("", "HS01", 1, ITEM, PERSON, status=CaseStatus.RECEIVED, received_at=AT, clerk="c")
    return store.cases.save_new(case).number


def _add(store: LocalStore, number: str, data: bytes, name: str = "a.jpg") -> object:
    return store.attachments.add(number, 0, data, file_name=name, captured_by="c", captured_at=AT)


def test_files_are_checked_by_their_bytes_and_kept_once(store: LocalStore, tmp_path: Path) -> None:
    number = _number(store)
    with pytest.raises(AttachmentRefused, match="PDF、JPEG或PNG"):
        _add(store, number, b"MZ\x90\x00 a program renamed" * 20, "scan.jpg")
    with pytest.raises(AttachmentRefused, match="空"):
        _add(store, number, b"")
    store.attachments.max_bytes = 1000
    with pytest.raises(AttachmentRefused, match="过大"):
        _add(store, number, jpeg_bytes((400, 400)))
    store.attachments.max_bytes = 10 * 1024 * 1024
    data = jpeg_bytes()
    first = store.attachments.add(
        number, 0, data, file_name="a.jpg", captured_by="c", captured_at=AT
    )
    second = store.attachments.add(
        number, 1, data, file_name="b.jpg", captured_by="c", captured_at=AT
    )
    assert first.media_type == "image/jpeg" and first.sha256 == hashlib.sha256(data).hexdigest()
    assert first.path == second.path and first.path.read_bytes() == data
    assert [p.name for p in first.path.parent.iterdir()] == [first.sha256]
    assert [a.line_no for a in store.attachments.of_case(number)] == [0, 1]


def test_a_file_waits_for_its_case_to_reach_the_server(store: LocalStore) -> None:
    number = _number(store)
    _add(store, number, jpeg_bytes())
    assert store.attachments.ready_to_upload() == []
    [op] = store.outbox.pending()
    store.outbox.record_results(
        [(op, OpResult(op_id=op.op_id, status=OpStatus.APPLIED, version=1))]
    )
    assert [a.case_number for a in store.attachments.ready_to_upload()] == [number]

"""Pages captured before the case exists are kept on the PC at once, come back after a restart,
and move into the case's attachments in the commit that records them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from clerk_app.domain.capture import Capture, DocumentDetails, page_of, rotated
from clerk_app.domain.cases import Case, CaseStatus, IdKind, Person
from clerk_app.domain.catalog import Item
from clerk_app.store.attachments import AttachmentRefused, NewAttachment
from clerk_app.store.drafts import DraftKey
from clerk_app.store.local import LocalStore
from tests.attachment_helpers import jpeg_bytes

AT = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)
ITEM = Item("T-001", "测试事项", "测试局", department_code="CS", zone="SOCIAL")
PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")
KEY = DraftKey("HS01", 1, "clerk")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "w.db"


@pytest.fixture
def store(path: Path) -> Iterator[LocalStore]:
    local = LocalStore(path)
    local.catalog.replace("v1", [ITEM], [])
    yield local
    local.close()


def test_staged_pages_survive_a_restart_in_order_with_rotation(path: Path) -> None:
    first = LocalStore(path)
    pages: Capture = (
        page_of(jpeg_bytes(seed=1), "image/jpeg", "高拍仪"),
        page_of(b"%PDF-1.4 x", "application/pdf", "文件"),
    )
    pages = rotated(pages, 1, 3)
    first.capture.keep(KEY, "身份证", pages, AT)
    first.capture.keep(DraftKey("HS01", 2, "clerk"), "身份证", pages[:1], AT)
    first.close()
    again = LocalStore(path)
    assert again.capture.load(KEY) == {"身份证": pages}
    again.capture.keep(KEY, "身份证", pages[1:], AT)  # the first page deleted
    assert again.capture.load(KEY) == {"身份证": pages[1:]}
    again.capture.clear(KEY)
    assert again.capture.load(KEY) == {}
    # another window's pages and their files stay
    assert len(again.capture.load(DraftKey("HS01", 2, "clerk"))["身份证"]) == 1
    assert {p.name for p in again.capture.files_dir.iterdir()} == {pages[0].sha256}
    again.close()


def test_saving_moves_the_pages_into_attachments_in_one_commit(store: LocalStore) -> None:
    store.capture.keep(KEY, "身份证", (page_of(jpeg_bytes(seed=2), "image/jpeg", "高拍仪"),), AT)
    case = Case("", "HS01", 1, ITEM, PERSON, status=CaseStatus.RECEIVED, received_at=AT, clerk="c")
    number = store.cases.save_new(case).number
    pdf = b"%PDF-1.4\n" + b"x" * 100
    new = NewAttachment(
        number, 0, pdf, "身份证.pdf", pages=2, valid_until="2030-01-01", issuer="某公安局"
    )
    (saved,) = store.attachments.add_all(
        [new], captured_by="c", captured_at=AT, then=lambda conn: store.capture.release(conn, KEY)
    )
    assert saved.pages == 2 and saved.valid_until == "2030-01-01" and saved.issuer == "某公安局"
    assert saved.path.read_bytes() == pdf
    assert store.capture.load(KEY) == {}


def test_a_refused_file_records_nothing_and_keeps_the_staged_pages(store: LocalStore) -> None:
    store.capture.keep(KEY, "身份证", (page_of(jpeg_bytes(seed=3), "image/jpeg", "高拍仪"),), AT)
    case = Case("", "HS01", 1, ITEM, PERSON, status=CaseStatus.RECEIVED, received_at=AT, clerk="c")
    number = store.cases.save_new(case).number
    bad = NewAttachment(number, 0, b"not a pdf", "x.pdf")
    with pytest.raises(AttachmentRefused):
        store.attachments.add_all(
            [bad], captured_by="c", captured_at=AT, then=lambda c: store.capture.release(c, KEY)
        )
    assert store.attachments.of_case(number) == []
    assert len(store.capture.load(KEY)["身份证"]) == 1


def test_the_documents_details_are_kept_and_end_with_the_pages(store: LocalStore) -> None:
    details = DocumentDetails(date(2031, 5, 1), "黄石市公安局")
    store.capture.keep_details(KEY, "身份证", details)
    store.capture.keep_details(KEY, "户口簿", DocumentDetails(issuer="派出所"))
    store.capture.keep_details(KEY, "户口簿", DocumentDetails())  # emptied again
    assert store.capture.details(KEY) == {"身份证": details}
    store.capture.clear(KEY)
    assert store.capture.details(KEY) == {}

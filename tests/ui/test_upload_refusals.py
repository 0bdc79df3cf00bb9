"""Refused material files at the status line: the list says case, line, file, the server's
reason and when; 已知悉 takes a file out of the red count and keeps its record (who noted it,
when, the file on disk); 重新上传 makes it pending for the next sync round."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMainWindow, QPushButton

from clerk_app.domain.cases import IdKind, Person
from clerk_app.store.attachments import LocalAttachment, NewAttachment
from clerk_app.store.local import LocalStore
from clerk_app.ui.status_line import StatusLine
from clerk_app.ui.sync_status import RefusedFilesModel, UploadRefusedDialog, UploadStatusWidget
from tests.ui.conftest import clerk_context, make_case

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

CAPTURED = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)
REFUSED = datetime(2026, 11, 23, 10, 5, tzinfo=UTC)  # 18:05 in the hall
NOTED = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
PERSON = Person(IdKind.RESIDENT_ID, "422801199003071236", "王小明", "13972000000")


def _refused_files(store: LocalStore) -> tuple[str, list[LocalAttachment]]:
    item = store.catalog.item(store.catalog.search("登记", limit=1)[0].code)
    assert item is not None
    number = store.cases.save_new(make_case(item, PERSON)).number
    files = [
        NewAttachment(number, line, b"%PDF-1.4\n" + bytes([line]) * 2000, f"材料{line}.pdf")
        for line in (0, 1)
    ]
    found = store.attachments.add_all(files, captured_by="clerk01", captured_at=CAPTURED)
    store.attachments.mark_refused(found[0].id, "案件已办结，不能再添加材料", REFUSED)
    store.attachments.mark_refused(found[1].id, "本窗口无权为该案件上传材料", REFUSED)
    return number, found


def _select(dialog: UploadRefusedDialog, file_name: str) -> None:
    model = dialog.model
    row = [r.file.file_name for r in model.rows].index(file_name)
    dialog.table.selectionModel().select(
        model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def _row(path: Path, attachment_id: str) -> tuple[Any, ...]:
    conn = sqlite3.connect(path)
    try:
        found = conn.execute(
            "SELECT state, error, acknowledged_by, acknowledged_at, path FROM attachments "
            "WHERE id = ?",
            (attachment_id,),
        ).fetchone()
        assert found is not None
        return tuple(found)
    finally:
        conn.close()


def test_acknowledged_refusals_leave_the_red_count_and_keep_their_record(
    qtbot: Any, catalog_store: LocalStore, tmp_path: Path
) -> None:
    store = catalog_store
    number, (closed, _forbidden) = _refused_files(store)
    window = QMainWindow()
    qtbot.addWidget(window)
    context = clerk_context(store)
    line = StatusLine(window.statusBar(), context, "")
    window.show()
    widget = line.upload_status
    assert widget is not None and widget.text() == "材料被拒 2"
    assert widget.property("role") == "error"
    widget.clicked.emit()  # what a click on the red count does
    dialog = widget.dialog
    assert dialog is not None and dialog.isVisible()
    model = dialog.model
    assert model.rowCount() == 2
    row = [r.file.file_name for r in model.rows].index("材料0.pdf")
    cells = [model.data(model.index(row, c)) for c in range(5)]
    case = store.cases.get(number)
    assert case is not None
    name, reason = case.checks[0].material.name, "案件已办结，不能再添加材料"
    assert cells == [number, f"第1项 {name}", "材料0.pdf", reason, "11-23 18:05"]
    assert dialog.table.isColumnHidden(RefusedFilesModel.ACKNOWLEDGED)
    for name in ("upload_refused_resend", "upload_refused_acknowledge", "upload_refused_close"):
        assert dialog.findChild(QPushButton, name) is not None

    dialog._now = lambda: NOTED
    _select(dialog, "材料0.pdf")
    qtbot.mouseClick(dialog.acknowledge_button, Qt.MouseButton.LeftButton)
    assert widget.text() == "材料被拒 1"  # only the unacknowledged one is counted
    assert [r.file.file_name for r in model.rows] == ["材料1.pdf"]
    # the record stays: still refused, with who noted it and when; the file is on disk
    state, error, by, at, stored = _row(tmp_path / "local.sqlite3", closed.id)
    assert (state, error, by) == ("refused", "案件已办结，不能再添加材料", context.user.username)
    assert datetime.fromisoformat(at) == NOTED
    assert (store.attachments.files_dir / stored).is_file()

    dialog.show_acknowledged.setChecked(True)  # the noted ones on request
    assert not dialog.table.isColumnHidden(RefusedFilesModel.ACKNOWLEDGED)
    noted = [r for r in model.rows if r.file.id == closed.id]
    assert len(noted) == 1
    row = model.rows.index(noted[0])
    cell = model.data(model.index(row, RefusedFilesModel.ACKNOWLEDGED))
    assert cell == f"{context.user.username} 11-23 19:00"
    _select(dialog, "材料0.pdf")
    assert not dialog.acknowledge_button.isEnabled()  # noted once

    # a fresh status line (the next login) counts the same
    again = UploadStatusWidget(store, window)
    assert again.text() == "材料被拒 1"


def test_a_refused_file_is_sent_again_on_request(
    qtbot: Any, catalog_store: LocalStore, tmp_path: Path
) -> None:
    store = catalog_store
    _number, (_closed, forbidden) = _refused_files(store)
    widget = UploadStatusWidget(store, clerk="clerk01")
    qtbot.addWidget(widget)
    dialog = widget.open_refused()
    _select(dialog, "材料1.pdf")
    with qtbot.waitSignal(widget.resendRequested):
        qtbot.mouseClick(dialog.resend_button, Qt.MouseButton.LeftButton)
    assert widget.text() == "材料待上传 1　材料被拒 1"
    found = store.attachments.get(forbidden.id)
    assert found is not None and (found.state, found.error) == ("pending", None)
    assert [r.file.file_name for r in dialog.model.rows] == ["材料0.pdf"]
    # the uploader takes it once the case is on the server
    with sqlite3.connect(tmp_path / "local.sqlite3") as conn:
        conn.execute("UPDATE cases SET base_version = 1")
    assert [a.id for a in store.attachments.ready_to_upload()] == [forbidden.id]

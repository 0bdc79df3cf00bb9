"""Capture at the window: F11 opens the capture dialog for the selected checklist line, pages
come from the camera (Space), the scanner's folder and files, the clerk reorders, turns and
deletes them, and saving the case keeps one PDF per line in the case's attachments."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from clerk_app.contract.halls import HallInfoOut, HallOut, MaterialSettingsOut
from clerk_app.domain.acceptance_draft import AcceptanceDraft
from clerk_app.domain.capture import DocumentDetails
from clerk_app.domain.cases import Case, DecisionKind, MaterialState
from clerk_app.store.local import LocalStore
from clerk_app.ui.acceptance import AcceptancePage, ChecklistModel
from clerk_app.ui.capture.dialog import CaptureDialog
from clerk_app.ui.capture.sources import PageSource, TestFrameSource
from clerk_app.ui.context import WindowContext
from tests.ui.test_acceptance import (
    ESTATE,
    ESTATE_TAX,
    HOUSE_BUNDLE,
    HUKOU,
    NOW,
    RESIDENCE,
    WITHDRAWN,
    fill_applicant,
    ready_page,
    row_of,
    show_active,
    window_five,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


class FolderSource(PageSource):
    """A scanner's hot folder as the dialog sees it: pages arrive on their own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__("扫描仪", parent)


class Pages(QObject):
    """Records what the dialog hands to its keeper."""

    kept = Signal(tuple)


@pytest.fixture
def store() -> Iterator[LocalStore]:
    s = LocalStore(":memory:")
    s.catalog.replace("test-1", [HUKOU, RESIDENCE, ESTATE, ESTATE_TAX, WITHDRAWN], [HOUSE_BUNDLE])
    yield s
    s.close()


@pytest.fixture
def camera() -> TestFrameSource:
    return TestFrameSource("高拍仪", size=(600, 800))


@pytest.fixture
def folder() -> FolderSource:
    return FolderSource()


@pytest.fixture
def context(
    store: LocalStore,
    camera: TestFrameSource,
    folder: FolderSource,
    monkeypatch: pytest.MonkeyPatch,
) -> WindowContext:
    context = window_five(store)
    monkeypatch.setattr(
        WindowContext, "page_sources", lambda self, parent=None: [camera, folder], raising=False
    )
    return context


@pytest.fixture
def page(qtbot: QtBot, context: WindowContext) -> AcceptancePage:
    p = AcceptancePage(context, now=lambda: NOW)
    show_active(qtbot, p)
    p.start_new()
    return p


def _press(qtbot: QtBot, widget: CaptureDialog, key: Qt.Key, mods: Qt.KeyboardModifier) -> None:
    focus = QApplication.focusWidget() or widget
    qtbot.keyClick(focus, key, mods)


def read_in(qtbot: QtBot, dialog: CaptureDialog) -> None:
    """Wait until what came in was read (off the GUI thread) into the strip."""
    qtbot.waitUntil(lambda: not dialog.busy)


def drive_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, steps: Callable[[CaptureDialog], None]
) -> list[CaptureDialog]:
    """F11's dialog runs ``steps`` while it is shown (instead of waiting for the clerk)."""
    opened: list[CaptureDialog] = []

    def run(dialog: CaptureDialog) -> int:
        opened.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        steps(dialog)
        read_in(qtbot, dialog)
        dialog.accept()
        return 1

    monkeypatch.setattr(CaptureDialog, "exec", run)
    return opened


def png_bytes(size: tuple[int, int] = (300, 400), colour: int = 200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (colour, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def ecopy(page: AcceptancePage, name: str) -> str:
    model = page.checklist_panel.model
    return str(model.index(row_of(model, name), ChecklistModel.ECOPY).data())


def select_line(page: AcceptancePage, name: str) -> None:
    model = page.checklist_panel.model
    page.checklist_panel.view.setCurrentIndex(model.index(row_of(model, name), 0))


def accept(qtbot: QtBot, page: AcceptancePage) -> list[Case]:
    """受理 confirmed; returns the stored cases once the save (which may wait for the lines'
    PDFs) is done."""
    page.decision_panel.choose(DecisionKind.ACCEPT)
    saved: list[Case] = []
    page.caseSaved.connect(saved.append)
    assert page.decision_panel.confirm(), page.decision_panel.errors_text()
    qtbot.waitUntil(lambda: not page.is_saving())
    return saved


def pdf_pages(store: LocalStore, case_number: str, line_no: int) -> list[str]:
    (attachment,) = [a for a in store.attachments.of_case(case_number) if a.line_no == line_no]
    reader = PdfReader(attachment.path)
    assert attachment.pages == len(reader.pages)
    assert attachment.media_type == "application/pdf"
    return [f"{float(p.mediabox.width):.0f}x{float(p.mediabox.height):.0f}" for p in reader.pages]


# ------------------------------------------------------------------ the whole flow


def test_capture_key_reorder_rotate_delete_then_save_keeps_one_pdf_per_line(
    qtbot: QtBot,
    page: AcceptancePage,
    store: LocalStore,
    camera: TestFrameSource,
    folder: FolderSource,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    ready_page(qtbot, page)
    model = page.checklist_panel.model
    model.mark_required_received()
    select_line(page, "监护人居民身份证")
    assert ecopy(page, "监护人居民身份证") == "—"

    def steps(dialog: CaptureDialog) -> None:
        _press(qtbot, dialog, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)  # camera
        _press(qtbot, dialog, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
        folder.page_arrived.emit(png_bytes((800, 400)), "扫描仪")  # a landscape scan
        read_in(qtbot, dialog)
        assert dialog.model.rowCount() == 3
        origins = [p.origin for p in dialog.pages()]
        assert origins == ["高拍仪", "高拍仪", "扫描仪"]
        # the scan first, then turned to portrait; the second camera page deleted
        _press(qtbot, dialog, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
        _press(qtbot, dialog, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
        assert dialog.current_row() == 0
        _press(qtbot, dialog, Qt.Key.Key_R, Qt.KeyboardModifier.NoModifier)
        _press(qtbot, dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
        _press(qtbot, dialog, Qt.Key.Key_R, Qt.KeyboardModifier.NoModifier)
        assert dialog.pages()[0].rotation == 1
        dialog.strip.setCurrentIndex(dialog.model.index(2, 0))
        _press(qtbot, dialog, Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)
        assert [p.origin for p in dialog.pages()] == ["扫描仪", "高拍仪"]
        # what the ID card says, for the shared library (kept when the dialog closes)
        dialog.valid_edit.setText("2031-05-01")
        dialog.issuer_edit.setText("黄石市公安局黄石港分局")

    opened = drive_dialog(qtbot, monkeypatch, steps)
    qtbot.keyClick(page.checklist_panel.view, Qt.Key.Key_F11)
    assert len(opened) == 1
    assert camera.count == 2
    # shown on the line, and kept on the PC before the case exists
    assert ecopy(page, "监护人居民身份证") == "核验+电子件 2页"
    key = page.checklist_panel.capture_key()
    assert [p.origin for p in store.capture.load(key)["监护人居民身份证"]] == ["扫描仪", "高拍仪"]
    # another line captured from a file
    select_line(page, "户口迁移申请表")
    pdf = _two_page_pdf(tmp_path / "申请表.pdf")

    def add_file(dialog: CaptureDialog) -> None:
        monkeypatch.setattr(CaptureDialog, "ask_files", classmethod(lambda cls, parent: [pdf]))
        _press(qtbot, dialog, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        read_in(qtbot, dialog)
        assert dialog.model.rowCount() == 2

    drive_dialog(qtbot, monkeypatch, add_file)
    page.capture_line()
    assert ecopy(page, "户口迁移申请表") == "2页"
    model = page.checklist_panel.model
    tip = str(
        model.index(row_of(model, "户口迁移申请表"), ChecklistModel.ECOPY).data(
            Qt.ItemDataRole.ToolTipRole
        )
    )
    assert tip.count("data:image/png;base64,") == 2 and "文件 申请表.pdf 第2页" in tip

    (case,) = accept(qtbot, page)
    checks = [c.material.name for c in case.checks]
    id_line = checks.index("监护人居民身份证")
    # the scan turned to portrait (400x800 px → 96x192 pt at 300 dpi), then the camera page
    assert pdf_pages(store, case.number, id_line) == ["96x192", "144x192"]
    (id_file,) = [a for a in store.attachments.of_case(case.number) if a.line_no == id_line]
    assert (id_file.valid_until, id_file.issuer) == ("2031-05-01", "黄石市公安局黄石港分局")
    assert len(pdf_pages(store, case.number, checks.index("户口迁移申请表"))) == 2
    assert store.capture.load(key) == {}  # moved into the case's attachments


def _two_page_pdf(path: Path) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 300))
    for number in (1, 2):
        canvas.drawString(20, 20, f"page {number}")
        canvas.showPage()
    canvas.save()
    path.write_bytes(buffer.getvalue())
    return path


def test_a_refused_file_says_why_and_loses_nothing(
    qtbot: QtBot, context: WindowContext, tmp_path: Path, camera: TestFrameSource
) -> None:
    kept: list[tuple[object, ...]] = []
    dialog = CaptureDialog("监护人居民身份证", (), [camera], kept.append, max_bytes=200_000)
    qtbot.addWidget(dialog)
    dialog.show()
    camera.trigger()
    read_in(qtbot, dialog)
    assert dialog.model.rowCount() == 1
    text = tmp_path / "scan.pdf"
    text.write_text("not a pdf at all")
    dialog.take_file(text)
    read_in(qtbot, dialog)
    assert "不是PDF、JPEG或PNG" in dialog.message() and "scan.pdf" in dialog.message()
    big = tmp_path / "big.png"
    big.write_bytes(png_bytes() + b"\0" * 300_000)
    dialog.take_file(big)
    read_in(qtbot, dialog)
    assert "文件过大" in dialog.message()
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    dialog.take_file(broken)
    read_in(qtbot, dialog)
    assert "损坏" in dialog.message()
    assert dialog.model.rowCount() == 1 and len(kept) == 1  # what was there stays


def test_a_wrong_validity_date_is_refused_with_the_format(qtbot: QtBot) -> None:
    kept: list[object] = []
    dialog = CaptureDialog("身份证", (), [], lambda pages: None, keep_details=kept.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.valid_edit.setText("2031/5/1")
    dialog.keep_details()
    assert "YYYY-MM-DD" in dialog.message() and kept == []
    dialog.valid_edit.setText("2031-05-01")
    dialog.keep_details()
    assert dialog.message() == "" and len(kept) == 1


def test_source_failure_is_shown(qtbot: QtBot, folder: FolderSource) -> None:
    dialog = CaptureDialog("身份证", (), [folder], lambda pages: None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.shoot_button.isEnabled()  # a folder cannot be triggered
    folder.failed.emit("扫描文件夹不存在")
    assert dialog.message() == "扫描文件夹不存在"


# ------------------------------------------------------------------ checklist and blocking


def _hall_setting(store: LocalStore, blocks: bool | None) -> None:
    settings = None if blocks is None else MaterialSettingsOut(missing_ecopy_blocks=blocks)
    config = HallOut(
        hall=HallInfoOut(
            code="HS01", name="黄石市民之家", address="", phone="", public_progress_url=""
        ),
        zones=[],
        queues=[],
        windows=[],
        staff=[],
        material_settings=settings,
    )
    store.settings.remember_hall_config("HS01", config)


@pytest.mark.parametrize("blocks", [True, False, None])
def test_missing_ecopy_is_named_and_blocks_only_when_the_hall_says_so(
    qtbot: QtBot,
    page: AcceptancePage,
    store: LocalStore,
    blocks: bool | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _hall_setting(store, blocks)
    ready_page(qtbot, page, "HS-GA-002")  # 居住证签注: one line, 原件核验不收
    page.checklist_panel.model.mark_required_received()
    summary = page.checklist_panel.summary_label
    assert "无电子件 1" in summary.text()
    assert summary.toolTip() == "未采集电子件：居住证"
    assert ecopy(page, "居住证") == "—"
    page.decision_panel.choose(DecisionKind.COMPLETE_ON_SPOT)
    assert page.decision_panel.check(page.decision_panel.decision()) == []  # not an acceptance
    page.decision_panel.choose(DecisionKind.ACCEPT)
    errors = page.decision_panel.check(page.decision_panel.decision())
    if blocks:
        assert errors == ["本厅要求采集电子件，以下必要材料尚未采集（F11）：居住证"]
        assert not page.decision_panel.confirm()
        assert store.cases.search() == []
        # captured: nothing blocks any more
        drive_dialog(
            qtbot,
            monkeypatch,
            lambda d: _press(qtbot, d, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
        )
        page.capture_line()
        assert "无电子件" not in page.checklist_panel.summary_label.text()
        assert page.decision_panel.check(page.decision_panel.decision()) == []
    else:
        assert errors == []
    assert page.decision_panel.confirm()
    qtbot.waitUntil(lambda: not page.is_saving())  # the captured line joined off the GUI thread
    assert len(store.cases.search()) == 1


def test_a_line_not_received_is_not_asked_for_an_ecopy(page: AcceptancePage, qtbot: QtBot) -> None:
    ready_page(qtbot, page, "HS-GA-002")
    model = page.checklist_panel.model
    assert model.check(0).state is MaterialState.MISSING
    assert "无电子件" not in page.checklist_panel.summary_label.text()
    assert model.lacking_ecopy() == []


# ------------------------------------------------------------------ restart and bundles


def test_pages_survive_a_restart_with_the_draft(
    qtbot: QtBot, tmp_path: Path, camera: TestFrameSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.db"
    first = LocalStore(path)
    first.catalog.replace("test-1", [HUKOU, RESIDENCE], [])
    page = AcceptancePage(window_five(first), now=lambda: NOW)
    monkeypatch.setattr(page, "page_sources", lambda: [camera])
    show_active(qtbot, page)
    page.start_new()
    ready_page(qtbot, page, "HS-GA-002")
    drive_dialog(
        qtbot,
        monkeypatch,
        lambda d: _press(qtbot, d, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
    )
    page.capture_line()
    page.checklist_panel.set_line_details(0, DocumentDetails(issuer="公安局"))
    page.close()
    first.close()  # the PC restarts: only what was committed is left

    again = LocalStore(path)
    restored = AcceptancePage(window_five(again), now=lambda: NOW)
    qtbot.addWidget(restored)
    draft = restored.stored_draft()
    assert draft is not None
    assert restored.restore_draft(draft) == []
    assert restored.checklist_panel.model.pages(0)[0].origin == "高拍仪"
    assert restored.checklist_panel.model.details(0).issuer == "公安局"
    # a pre-check filling the page next is another citizen's work: no page of this one
    restored.fill(AcceptanceDraft.from_dict(draft.data))
    assert restored.checklist_panel.model.pages(0) == ()
    assert again.capture.load(restored.checklist_panel.capture_key()) == {}
    restored.restore_draft(draft)
    restored.discard_draft()  # thrown away on purpose: the pages go too
    assert again.capture.load(restored.checklist_panel.capture_key()) == {}
    again.close()


def test_a_bundles_merged_line_is_attached_to_every_item_case(
    qtbot: QtBot, page: AcceptancePage, store: LocalStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_applicant(qtbot, page.applicant_panel)
    page.set_bundle(HOUSE_BUNDLE, [ESTATE, ESTATE_TAX])
    model = page.checklist_panel.model
    model.mark_required_received()
    select_line(page, "房屋买卖合同")  # asked by both items: one merged line
    drive_dialog(
        qtbot,
        monkeypatch,
        lambda d: _press(qtbot, d, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
    )
    page.capture_line()
    cases = accept(qtbot, page)
    assert len(cases) == 2
    hashes = set()
    for case in cases:
        line_no = [c.material.name for c in case.checks].index("房屋买卖合同")
        (attachment,) = store.attachments.of_case(case.number)
        assert attachment.line_no == line_no and attachment.pages == 1
        hashes.add(attachment.sha256)
    assert len(hashes) == 1  # the same file, kept once on disk


def test_a_bundle_is_blocked_too_and_shows_the_column_when_required(
    qtbot: QtBot, page: AcceptancePage, store: LocalStore
) -> None:
    fill_applicant(qtbot, page.applicant_panel)
    page.set_bundle(HOUSE_BUNDLE, [ESTATE, ESTATE_TAX])
    view = page.checklist_panel.view
    assert view.isColumnHidden(ChecklistModel.ECOPY)  # a bundle's room goes to 适用事项
    _hall_setting(store, True)
    page.checklist_panel.model.mark_required_received()
    assert not view.isColumnHidden(ChecklistModel.ECOPY)  # the hall requires them: shown
    page.decision_panel.choose(DecisionKind.ACCEPT)
    errors = page.decision_panel.check(None)
    assert any(e.startswith("本厅要求采集电子件") and "房屋买卖合同" in e for e in errors)
    assert not page.decision_panel.confirm()
    assert store.cases.search() == []

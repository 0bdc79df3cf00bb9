"""The ticket slip: PDF text read back, QR decoded from a rendering, ESC/POS bytes; a ticket
taken at the help desk with its pre-check's number and sealed QR (issue 11)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from clerk_app.contract.enums import TicketKind
from clerk_app.contract.queue import Ticket
from clerk_app.devices.ticket_printer import (
    CHINESE_MODE_ON,
    PrinterTarget,
    PrinterTargetError,
    TicketPrinter,
    ticket_bytes,
)
from clerk_app.domain.precheck import PrecheckStatus, open_qr, seal_qr
from clerk_app.printing.samples import SAMPLE_PROGRESS_SECRET, sample_precheck
from clerk_app.printing.ticket_slip import (
    SLIP_HEIGHT,
    SLIP_WIDTH,
    render_ticket_slip,
    slip_lines,
)

TICKET = Ticket.model_validate(
    {
        "id": 42,
        "number": "A012",
        "queue": "SOCIAL",
        "queue_name": "社会事务",
        "kind": "normal",
        "priority": "normal",
        "issued_at": "2026-11-23T09:31:05+08:00",
        "sort_at": "2026-11-23T09:31:05+08:00",
        "status": "waiting",
        "waiting_ahead": 7,
        "check_url": "http://hall.example/api/v1/tickets/42/position",
    }
)


def slip_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def qr_texts(pdf: bytes) -> list[str]:
    """Every QR code on the first page, read by zxing-cpp from a 300 dpi rendering."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=300 / 72).to_pil()
    finally:
        document.close()
    found = zxingcpp.read_barcodes(image)
    return [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]


def test_slip_pdf_says_number_queue_waiting_and_time() -> None:
    pdf = render_ticket_slip(TICKET, hall_name="黄石市民之家")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(SLIP_WIDTH, abs=0.5)
    text = slip_text(pdf)
    for expected in (
        "黄石市民之家",
        "社会事务",
        "A012",
        "您前面还有 7 人等候",
        "2026-11-23 09:31:05",
    ):
        assert expected in text


def test_slip_qr_decodes_to_check_url() -> None:
    pdf = render_ticket_slip(TICKET, hall_name="黄石市民之家")
    assert qr_texts(pdf) == [TICKET.check_url]


def test_a_pre_checked_ticket_s_slip_reopens_its_pre_check() -> None:
    """The slip names the pre-check and carries its sealed QR beside the position QR; the QR,
    read back by an independent decoder, reopens the same pre-check."""
    precheck = replace(sample_precheck(), status=PrecheckStatus.HANDED_OVER, ticket_no="A012")
    sealed = seal_qr(precheck, SAMPLE_PROGRESS_SECRET)
    ticket = TICKET.model_copy(update={"precheck_no": precheck.number})
    pdf = render_ticket_slip(ticket, hall_name="黄石市民之家", precheck_qr=sealed)
    text = slip_text(pdf)
    assert "A012" in text and f"预审编号：{precheck.number}" in text
    assert float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.height) > SLIP_HEIGHT
    codes = qr_texts(pdf)
    assert sorted(codes) == sorted([TICKET.check_url, sealed])
    decoded = next(code for code in codes if code != TICKET.check_url)
    assert open_qr(decoded, "HS01", SAMPLE_PROGRESS_SECRET) == precheck

    # without a position link the pre-check QR stands alone; without a QR only the number
    alone = ticket.model_copy(update={"check_url": ""})
    assert qr_texts(render_ticket_slip(alone, hall_name="x", precheck_qr=sealed)) == [sealed]
    plain = render_ticket_slip(ticket, hall_name="x")
    assert qr_texts(plain) == [TICKET.check_url]
    assert f"预审编号：{precheck.number}" in slip_text(plain)

    data = ticket_bytes(slip_lines(ticket, sealed), "黄石市民之家")
    assert f"预审编号：{precheck.number}".encode("gb18030") in data
    assert sealed.encode() in data and TICKET.check_url.encode() in data


def test_slip_without_anyone_ahead_and_green_channel() -> None:
    ticket = TICKET.model_copy(
        update={"waiting_ahead": 0, "kind": TicketKind.GREEN, "check_url": ""}
    )
    text = slip_text(render_ticket_slip(ticket, hall_name="黄石市民之家"))
    assert "您前面暂无人等候" in text
    assert "绿色通道" in text


def test_escpos_bytes_hold_number_chinese_and_qr() -> None:
    words = slip_lines(TICKET)
    data = ticket_bytes(words, "黄石市民之家")
    assert b"A012" in data
    assert CHINESE_MODE_ON + "黄石市民之家".encode("gb18030") in data
    assert "您前面还有 7 人等候".encode("gb18030") in data
    assert TICKET.check_url.encode() in data  # native QR store command carries the URL
    assert data.endswith(b"\x1dV\x00") or b"\x1dV" in data  # cut


def test_printer_writes_to_file_target(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    printer = TicketPrinter(f"file:{device}")
    assert printer.print_ticket(slip_lines(TICKET), "黄石市民之家")
    assert b"A012" in device.read_bytes()


def test_unconfigured_printer_prints_nothing() -> None:
    assert TicketPrinter("").print_ticket(slip_lines(TICKET), "x") is False


def test_unreachable_network_printer_is_an_oserror() -> None:
    printer = TicketPrinter("tcp://127.0.0.1:9", timeout=1.0)
    with pytest.raises(OSError, match="无法打印"):
        printer.print_ticket(slip_lines(TICKET), "黄石市民之家")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", PrinterTarget("none")),
        ("tcp://10.0.0.9", PrinterTarget("network", host="10.0.0.9", port=9100)),
        ("10.0.0.9:9101", PrinterTarget("network", host="10.0.0.9", port=9101)),
        ("/dev/usb/lp0", PrinterTarget("file", path="/dev/usb/lp0")),
        ("file:/tmp/x", PrinterTarget("file", path="/tmp/x")),
    ],
)
def test_printer_target_parse(text: str, expected: PrinterTarget) -> None:
    assert PrinterTarget.parse(text) == expected


@pytest.mark.parametrize("text", ["host:port", "tcp://", "file:", ":9100"])
def test_bad_printer_target_is_explained(text: str) -> None:
    with pytest.raises(PrinterTargetError):
        PrinterTarget.parse(text)

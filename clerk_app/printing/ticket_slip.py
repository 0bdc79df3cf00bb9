"""The queue ticket slip (取号凭条) as an 80 mm receipt PDF.

An 80 mm thermal printer prints about 72 mm wide, so everything stays inside a 72 mm column
centred on the 80 mm page. The number is the largest thing on the slip: the citizen matches it
against the hall display from across the room. The QR code leads to the ticket's position page
(``check_url``) so the citizen can check the queue from a phone.

A ticket taken at the help desk also carries its pre-check (帮办预审): the slip names the
pre-check number and prints the pre-check's sealed QR beside the position QR, larger (it holds
the whole pre-check), so the window opens the pre-check from the slip even when it has not yet
received it from the server.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from clerk_app.contract.enums import TicketKind
from clerk_app.contract.queue import Ticket
from clerk_app.domain.hall_time import HALL_TZ
from clerk_app.printing.codes import draw_qr
from clerk_app.printing.fonts import register_cjk_font

SLIP_WIDTH = 80 * mm
SLIP_HEIGHT = 112 * mm
PRINTABLE_WIDTH = 72 * mm
QR_SIZE = 30 * mm
# Side by side inside the printable column: the position QR holds a short link, the pre-check
# QR several hundred characters (the bigger its modules, the surer the window's scanner).
PAIR_POSITION_QR_SIZE = 26 * mm
PAIR_PRECHECK_QR_SIZE = 40 * mm
PAIR_GAP = 4 * mm
PRECHECK_EXTRA_HEIGHT = 15 * mm  # the pre-check line and the taller QR

KIND_LABELS = {
    TicketKind.GREEN: "绿色通道",
    TicketKind.APPOINTMENT: "预约取号",
    TicketKind.WALK_IN: "窗口直接办理",
}


def slip_lines(ticket: Ticket, precheck_qr: str = "") -> dict[str, str]:
    """The words of the slip, shared by the PDF and the ESC/POS receipt. ``precheck_qr`` is
    the sealed QR text of the ticket's pre-check (empty: none printed)."""
    issued = ticket.issued_at.astimezone(HALL_TZ)  # sent as UTC; the slip shows the hall's clock
    ahead = ticket.waiting_ahead
    return {
        "number": ticket.number,
        "queue": ticket.queue_name or ticket.queue,
        "kind": KIND_LABELS.get(ticket.kind, ""),
        "ahead": f"您前面还有 {ahead} 人等候" if ahead else "您前面暂无人等候",
        "time": f"取号时间：{issued:%Y-%m-%d %H:%M:%S}",
        "hint": "请留意大厅屏幕及语音叫号，过号请重新取号或到咨询台",
        "qr_caption": "扫码查看排队进度",
        "check_url": ticket.check_url,
        "precheck": f"预审编号：{ticket.precheck_no}" if ticket.precheck_no else "",
        "precheck_qr": precheck_qr,
        "precheck_qr_caption": "到窗口请出示此码（帮办预审）",
    }


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float) -> None:
    canvas.setFont(font, size)
    canvas.drawCentredString(SLIP_WIDTH / 2, y, text)


def _fit_size(text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``width``."""
    needed = stringWidth(text, font, size)
    return size if needed <= width else size * width / needed


def _draw_codes(canvas: Canvas, words: dict[str, str], y: float, font: str) -> float:
    """The position QR and the pre-check QR (either, both side by side, or none) with their
    captions, top at ``y``; returns the y under them."""
    codes = [
        (text, caption)
        for text, caption in (
            (words["check_url"], words["qr_caption"]),
            (words["precheck_qr"], words["precheck_qr_caption"]),
        )
        if text
    ]
    sizes: tuple[float, ...]
    if len(codes) == 2:
        sizes = (PAIR_POSITION_QR_SIZE, PAIR_PRECHECK_QR_SIZE)
    else:
        sizes = (PAIR_PRECHECK_QR_SIZE if words["precheck_qr"] else QR_SIZE,)
    x = (SLIP_WIDTH - sum(sizes) - PAIR_GAP * (len(sizes) - 1)) / 2
    tallest = max(sizes, default=0)
    for (text, caption), size in zip(codes, sizes, strict=False):
        draw_qr(canvas, x, y - tallest, text, size=size)
        canvas.setFont(font, _fit_size(caption, font, 8, size + PAIR_GAP))
        canvas.drawCentredString(x + size / 2, y - tallest - 4 * mm, caption)
        x += size + PAIR_GAP
    return y - tallest - 4 * mm if codes else y


def render_ticket_slip(ticket: Ticket, *, hall_name: str, precheck_qr: str = "") -> bytes:
    """One slip as PDF bytes (page 80 mm × 112 mm; taller with a pre-check QR)."""
    font = register_cjk_font()
    words = slip_lines(ticket, precheck_qr)
    height = SLIP_HEIGHT + (PRECHECK_EXTRA_HEIGHT if precheck_qr else 0)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(SLIP_WIDTH, height), pageCompression=1)
    canvas.setTitle(f"取号凭条 {words['number']}")
    canvas.setAuthor(hall_name)
    canvas.setFillColor(black)
    y = height - 10 * mm
    _centred(canvas, hall_name, y, font, _fit_size(hall_name, font, 13, PRINTABLE_WIDTH))
    y -= 7 * mm
    queue_line = words["queue"] + (f"（{words['kind']}）" if words["kind"] else "")
    _centred(canvas, queue_line, y, font, _fit_size(queue_line, font, 12, PRINTABLE_WIDTH))
    y -= 3 * mm
    canvas.setLineWidth(0.6)
    canvas.setDash(2, 2)
    canvas.line(4 * mm, y, SLIP_WIDTH - 4 * mm, y)
    canvas.setDash()
    y -= 20 * mm
    number_size = _fit_size(words["number"], font, 60, PRINTABLE_WIDTH)
    _centred(canvas, words["number"], y, font, number_size)
    y -= 9 * mm
    _centred(canvas, words["ahead"], y, font, 12)
    y -= 6 * mm
    _centred(canvas, words["time"], y, font, 9)
    if words["precheck"]:
        y -= 5 * mm
        line = words["precheck"]
        _centred(canvas, line, y, font, _fit_size(line, font, 10, PRINTABLE_WIDTH))
    y = _draw_codes(canvas, words, y - 4 * mm, font)
    y -= 6 * mm
    hint = words["hint"]
    _centred(canvas, hint, y, font, _fit_size(hint, font, 8, PRINTABLE_WIDTH))
    canvas.showPage()
    canvas.save()
    return out.getvalue()

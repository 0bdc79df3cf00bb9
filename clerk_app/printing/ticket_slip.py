"""The queue ticket slip (取号凭条) as an 80 mm receipt PDF.

An 80 mm thermal printer prints about 72 mm wide, so everything stays inside a 72 mm column
centred on the 80 mm page. The number is the largest thing on the slip: the citizen matches it
against the hall display from across the room. The QR code leads to the ticket's position page
(``check_url``) so the citizen can check the queue from a phone.
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

KIND_LABELS = {
    TicketKind.GREEN: "绿色通道",
    TicketKind.APPOINTMENT: "预约取号",
    TicketKind.WALK_IN: "窗口直接办理",
}


def slip_lines(ticket: Ticket) -> dict[str, str]:
    """The words of the slip, shared by the PDF and the ESC/POS receipt."""
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
    }


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float) -> None:
    canvas.setFont(font, size)
    canvas.drawCentredString(SLIP_WIDTH / 2, y, text)


def _fit_size(text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``width``."""
    needed = stringWidth(text, font, size)
    return size if needed <= width else size * width / needed


def render_ticket_slip(ticket: Ticket, *, hall_name: str) -> bytes:
    """One slip as PDF bytes (page 80 mm × 112 mm)."""
    font = register_cjk_font()
    words = slip_lines(ticket)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(SLIP_WIDTH, SLIP_HEIGHT), pageCompression=1)
    canvas.setTitle(f"取号凭条 {words['number']}")
    canvas.setAuthor(hall_name)
    canvas.setFillColor(black)
    y = SLIP_HEIGHT - 10 * mm
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
    y -= 4 * mm
    if words["check_url"]:
        y -= QR_SIZE
        draw_qr(canvas, (SLIP_WIDTH - QR_SIZE) / 2, y, words["check_url"], size=QR_SIZE)
        y -= 4 * mm
        _centred(canvas, words["qr_caption"], y, font, 8)
    y -= 6 * mm
    hint = words["hint"]
    _centred(canvas, hint, y, font, _fit_size(hint, font, 8, PRINTABLE_WIDTH))
    canvas.showPage()
    canvas.save()
    return out.getvalue()

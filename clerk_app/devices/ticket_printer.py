"""ESC/POS output of a ticket slip for the kiosk's thermal printer (python-escpos).

Chinese text is sent in the printer's Chinese character mode (``FS &``) encoded as GB18030,
which is what the common Chinese 80 mm receipt printers expect; python-escpos's own code-page
encoder knows no Chinese. The number itself is ASCII and printed at eight times the normal size.

Targets (``printer_target`` setting):
- ``""`` / ``none``: no thermal printer (the PDF slip is still written)
- ``tcp://HOST[:PORT]`` or ``HOST:PORT``: a network printer (raw port, default 9100)
- ``file:PATH`` or a plain path such as ``/dev/usb/lp0``: a device or file
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

from escpos.escpos import Escpos
from escpos.printer import Dummy

log = logging.getLogger(__name__)

CHINESE_MODE_ON = b"\x1c\x26"  # FS &
CHINESE_MODE_OFF = b"\x1c\x2e"  # FS .
DEFAULT_PORT = 9100


class PrinterTargetError(ValueError):
    """The printer target setting cannot be understood."""


@dataclass(frozen=True)
class PrinterTarget:
    kind: str  # "none" | "network" | "file"
    host: str = ""
    port: int = DEFAULT_PORT
    path: str = ""

    @classmethod
    def parse(cls, text: str | None) -> PrinterTarget:
        value = (text or "").strip()
        if not value or value.lower() == "none":
            return cls("none")
        if value.startswith("tcp://"):
            return cls._parse_url(value)
        if value.startswith("file:"):
            path = value.removeprefix("file:").removeprefix("//")
            if not path:
                raise PrinterTargetError(f"打印机设备路径为空：{value}")
            return cls("file", path=path)
        if "/" not in value and "\\" not in value and ":" in value:
            return cls._parse_host_port(value)
        return cls("file", path=value)

    @classmethod
    def _parse_url(cls, value: str) -> PrinterTarget:
        parsed = urlparse(value)
        if not parsed.hostname:
            raise PrinterTargetError(f"打印机地址缺少主机名：{value}")
        try:
            port = parsed.port or DEFAULT_PORT
        except ValueError as exc:
            raise PrinterTargetError(f"打印机端口无效：{value}") from exc
        return cls("network", host=parsed.hostname, port=port)

    @classmethod
    def _parse_host_port(cls, value: str) -> PrinterTarget:
        host, _, port_text = value.rpartition(":")
        if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise PrinterTargetError(f"打印机地址应为 主机:端口，如 192.168.1.50:9100：{value}")
        return cls("network", host=host, port=int(port_text))

    def describe(self) -> str:
        if self.kind == "network":
            return f"网络打印机 {self.host}:{self.port}"
        if self.kind == "file":
            return f"打印设备 {self.path}"
        return "未配置热敏打印机"


def _chinese(printer: Escpos, text: str) -> None:
    printer._raw(CHINESE_MODE_ON + text.encode("gb18030", errors="replace") + CHINESE_MODE_OFF)


def write_ticket(printer: Escpos, words: Mapping[str, str], hall_name: str) -> None:
    """Write one slip: ``words`` as made by ``clerk_app.printing.ticket_slip.slip_lines``."""
    printer.hw("INIT")
    printer.set(align="center", normal_textsize=True)
    _chinese(printer, hall_name + "\n")
    queue_line = words.get("queue", "")
    if words.get("kind"):
        queue_line += f"（{words['kind']}）"
    _chinese(printer, queue_line + "\n")
    printer.text("-" * 32 + "\n")
    printer.set(align="center", bold=True, custom_size=True, width=8, height=8)
    printer.text(words.get("number", "") + "\n")
    printer.set(align="center", normal_textsize=True)
    printer.set(align="center", bold=False)
    _chinese(printer, words.get("ahead", "") + "\n")
    _chinese(printer, words.get("time", "") + "\n")
    if words.get("precheck"):
        _chinese(printer, words["precheck"] + "\n")
    # Dots a module: the pre-check's QR has up to ~100 modules, within an 80 mm head's 576 dots.
    for code, caption, size in (
        (words.get("check_url", ""), words.get("qr_caption", ""), 6),
        (words.get("precheck_qr", ""), words.get("precheck_qr_caption", ""), 5),
    ):
        if code:
            printer.set(align="center")  # ESC a centres the native QR too
            printer.qr(code, size=size, native=True)
            _chinese(printer, caption + "\n")
    _chinese(printer, words.get("hint", "") + "\n")
    printer.cut()


def ticket_bytes(words: Mapping[str, str], hall_name: str) -> bytes:
    """The exact bytes a printer would receive (python-escpos's Dummy printer)."""
    dummy = Dummy()
    write_ticket(dummy, words, hall_name)
    return bytes(dummy.output)


class TicketPrinter:
    """Sends slips to the configured target. Blocking: call it off the GUI thread."""

    def __init__(self, target: PrinterTarget | str | None, *, timeout: float = 5.0) -> None:
        self.target = target if isinstance(target, PrinterTarget) else PrinterTarget.parse(target)
        self._timeout = timeout

    @property
    def enabled(self) -> bool:
        return self.target.kind != "none"

    def print_ticket(self, words: Mapping[str, str], hall_name: str) -> bool:
        """Print; False when no printer is configured. OSError when the printer fails."""
        if not self.enabled:
            return False
        data = ticket_bytes(words, hall_name)
        if self.target.kind == "network":
            # A raw socket, as escpos's Network printer does, but closed on every failure.
            try:
                with socket.create_connection(
                    (self.target.host, self.target.port), timeout=self._timeout
                ) as conn:
                    conn.sendall(data)
            except OSError as exc:
                raise OSError(f"{self.target.describe()} 无法打印：{exc}") from exc
        else:
            # Plain write: python-escpos's File printer swallows open errors with a log line.
            with open(self.target.path, "ab") as device:
                device.write(data)
        return True


__all__ = [
    "PrinterTarget",
    "PrinterTargetError",
    "TicketPrinter",
    "ticket_bytes",
    "write_ticket",
]

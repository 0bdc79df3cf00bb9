"""The kiosk against the real server: category buttons with waiting counts, a number taken,
slip written as PDF and ESC/POS, number shown large, back to the start; appointment keypad."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from clerk_app.sync.client import CentralClient
from clerk_app.sync.queue_client import QueueClient
from tests.ui.conftest import DEMO_PASSWORD


@pytest.fixture(scope="module")
def queue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("kiosk") / "central.sqlite3"
    server = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield server
    server.stop()


def login(base_url: str, username: str, window_no: int | None) -> QueueClient:
    client = CentralClient(base_url, timeout=5.0)
    client.login(username, DEMO_PASSWORD, window_no)
    return QueueClient(client, "HS01")


@pytest.fixture
def kiosk(qtbot: Any, queue_server: Any, tmp_path: Path) -> Iterator[Any]:
    from clerk_app.ui.kiosk import KioskWindow, config_from_hall
    from clerk_app.ui.live_events import LiveEvents, event_stream_factory

    client = login(queue_server.base_url, "kiosk01", None)
    config = config_from_hall(
        client.central.hall_config("HS01"),
        slip_dir=tmp_path / "slips",
        printer_target=f"file:{tmp_path / 'lp0'}",
    )
    config.return_after_ms = 300
    events = LiveEvents(event_stream_factory(queue_server.base_url, "HS01", client.central.token))
    window = KioskWindow(config, client, events=events)
    qtbot.addWidget(window)
    window.resize(1280, 1024)
    window.show()
    qtbot.waitUntil(lambda: events.connected, timeout=10_000)
    yield window
    window.shutdown()


def test_take_a_number_prints_and_returns(
    qtbot: Any, queue_server: Any, kiosk: Any, tmp_path: Path
) -> None:
    assert set(kiosk.category_buttons) == {
        "SOCIAL",
        "ENTERPRISE",
        "ESTATE",
        "POLICE",
        "TAX",
        "FUND",
    }
    qtbot.waitUntil(lambda: "等候 0 人" in kiosk.category_buttons["TAX"].text(), timeout=10_000)
    assert kiosk.category_buttons["TAX"].height() >= 120  # a finger, not a mouse

    with qtbot.waitSignal(kiosk.slipPrinted, timeout=15_000) as printed:
        kiosk.category_buttons["TAX"].click()
        kiosk.category_buttons["TAX"].click()  # a double tap issues one number
    ticket = kiosk.last_ticket
    assert ticket is not None and ticket.number.startswith("E")
    assert kiosk.number_label.text() == ticket.number
    assert kiosk.number_label.font().pointSize() >= 100
    assert "请取走凭条" in kiosk.print_label.text()
    outcome = printed.args[0]
    assert outcome.printed and outcome.error == ""
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(outcome.pdf_path.read_bytes())).pages
    )
    assert ticket.number in text and "税务" in text
    assert ticket.number.encode() in (tmp_path / "lp0").read_bytes()

    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is kiosk.start_page, timeout=5_000)
    # The second tap above did not take a second number; the waiting count came by push.
    qtbot.waitUntil(lambda: "等候 1 人" in kiosk.category_buttons["TAX"].text(), timeout=10_000)
    status = {q.code: q.waiting for q in kiosk._client.queue_status().queues}
    assert status["TAX"] == 1


def test_appointment_code_on_the_keypad(qtbot: Any, queue_server: Any, kiosk: Any) -> None:
    admin = login(queue_server.base_url, "admin01", None)
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    slot = now + timedelta(minutes=5)
    if slot.date() != now.date():  # near midnight: a slot just begun, still on time and today
        slot = now - timedelta(minutes=5)
    admin.import_appointments(
        [{"code": "5821", "queue": "FUND", "date": f"{slot:%Y-%m-%d}", "start": f"{slot:%H:%M}"}]
    )
    kiosk.appointment_button.click()
    assert kiosk.pages.currentWidget() is kiosk.appointment_page
    assert not kiosk.confirm_button.isEnabled()
    for key in "58219":
        kiosk.keypad.findChild(type(kiosk.confirm_button), f"key_{key}").click()
    kiosk.keypad.findChild(type(kiosk.confirm_button), "key_back").click()
    assert kiosk.code_edit.text() == "5821"
    with qtbot.waitSignal(kiosk.ticketIssued, timeout=10_000) as issued:
        kiosk.confirm_button.click()
    assert issued.args[0].kind == "appointment"
    assert issued.args[0].number.startswith("F")
    assert "预约" in kiosk.queue_label.text()


def test_unknown_appointment_code_is_explained(qtbot: Any, kiosk: Any) -> None:
    kiosk.appointment_button.click()
    kiosk.code_edit.setText("0000")
    kiosk.confirm_button.click()
    qtbot.waitUntil(lambda: bool(kiosk.message_label.text()) and not kiosk._issuing, timeout=10_000)
    assert kiosk.pages.currentWidget() is kiosk.appointment_page
    assert "预约" in kiosk.message_label.text()


def test_broken_printer_still_shows_the_number(qtbot: Any, kiosk: Any) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        kiosk._config.printer_target = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    with qtbot.waitSignal(kiosk.slipPrinted, timeout=15_000) as printed:
        kiosk.category_buttons["POLICE"].click()
    assert not printed.args[0].printed
    assert printed.args[0].pdf_path is not None  # the PDF copy is still kept
    assert kiosk.number_label.text().startswith("D")
    assert "凭条打印失败" in kiosk.print_label.text()

"""The public progress page behind the notices' QR (issue 9 point 9): status only, with the
right check code only, the same "not found" for a wrong code as for a missing case, and a rate
limit; the hall's staff get the code's key with the hall configuration, devices do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from clerk_app.central.services.progress import PER_MINUTE
from clerk_app.domain.progress import check_code, progress_link

from .conftest import Central, make_case
from .test_queue_support import add_queue_staff

API = "/api/v1"


def upload(central: Central, sequence: int = 1) -> str:
    case = make_case(central.catalog.items[0], sequence=sequence)
    response = central.client.post(
        f"{API}/cases", json=case.to_dict(), headers=central.login("clerk01", window_no=1)
    )
    assert response.status_code == 200, response.text
    return case.number


def secret_of(central: Central, username: str) -> str | None:
    config = central.client.get(f"{API}/halls/HS01", headers=central.login(username)).json()
    secret: str | None = config["progress_secret"]
    return secret


def test_the_qr_link_shows_status_only(central: Central) -> None:
    central.app.state.clock = lambda: datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # the server's
    number = upload(central)
    secret = secret_of(central, "clerk01")
    assert secret and len(secret) == 64
    config = central.client.get(f"{API}/halls/HS01", headers=central.login("clerk01")).json()
    page = config["hall"]["public_progress_url"]
    assert page.endswith("/api/v1/progress")  # no hall URL configured: this server's page

    link = progress_link(page, secret, number)
    assert link == f"{page}?case={number}&code={check_code(secret, number)}"
    answer = central.client.get(
        f"{API}/progress/{number}", params={"code": check_code(secret, number)}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body == {
        "case_number": number,
        "status": "accepted",
        "status_label": "已受理",
        "item_name": central.catalog.items[0].name,
        "promised_date": "2026-12-04",
        "last_step": {"step": "已受理", "date": "2026-11-23"},
    }
    text = answer.text
    for personal in ("张三", "13800138000", "ID", "clerk01", "张敏", "黄石市下陆区"):
        assert personal not in text

    html = central.client.get(link.removeprefix("http://testserver"))
    assert html.status_code == 200 and "已受理" in html.text and "张三" not in html.text


def test_a_wrong_code_is_a_missing_case(central: Central) -> None:
    number = upload(central, 2)
    wrong = central.client.get(f"{API}/progress/{number}", params={"code": "00000000"})
    missing = central.client.get(f"{API}/progress/HS01-01-20261123-0999", params={"code": "0"})
    no_code = central.client.get(f"{API}/progress/{number}")
    assert wrong.status_code == missing.status_code == no_code.status_code == 404
    assert wrong.json() == missing.json() == no_code.json()
    assert "没有查到" in wrong.json()["detail"]
    page = central.client.get(f"{API}/progress", params={"case": number, "code": "123"})
    assert page.status_code == 404 and "没有查到" in page.text


def test_look_ups_are_rate_limited(central: Central) -> None:
    number = upload(central, 3)
    for _ in range(PER_MINUTE):
        assert central.client.get(f"{API}/progress/{number}").status_code == 404
    refused = central.client.get(f"{API}/progress/{number}")
    assert refused.status_code == 429 and "频繁" in refused.json()["detail"]
    central.advance_clock(timedelta(minutes=1))
    assert central.client.get(f"{API}/progress/{number}").status_code == 404


def test_only_the_halls_staff_get_the_key(central: Central) -> None:
    add_queue_staff(central.url)  # kiosk01, eval01 …: devices
    assert secret_of(central, "super01") == secret_of(central, "clerk01")
    assert secret_of(central, "kiosk01") is None
    foreign = central.client.get(f"{API}/halls/HS01", headers=central.login("hs02_clerk01"))
    assert foreign.status_code == 403

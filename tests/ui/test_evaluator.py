"""The evaluator against the real server: asked after finish, one rating per service, 差评
needs a reason, staff cannot rate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from clerk_app.sync.client import ApiError, CentralClient
from clerk_app.sync.queue_client import QueueClient
from tests.ui.conftest import DEMO_PASSWORD


@pytest.fixture(scope="module")
def queue_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from clerk_app.central.embedded import start_embedded

    db = tmp_path_factory.mktemp("evaluator") / "central.sqlite3"
    server = start_embedded(f"sqlite:///{db}", init_demo=True)
    yield server
    server.stop()


def login(base_url: str, username: str, window_no: int | None) -> QueueClient:
    client = CentralClient(base_url, timeout=5.0)
    client.login(username, DEMO_PASSWORD, window_no)
    return QueueClient(client, "HS01")


def serve_one(server: Any, clerk: QueueClient, window_no: int, queue: str) -> Any:
    kiosk = login(server.base_url, "kiosk01", None)
    kiosk.issue_ticket(queue)
    called = clerk.call_next(window_no)
    assert called is not None
    return clerk.finish(window_no, "已办结", ["HS01-02-20261123-0001"])


@pytest.fixture
def evaluator(qtbot: Any, queue_server: Any) -> Iterator[Any]:
    from clerk_app.ui.evaluator import EvaluatorWindow
    from clerk_app.ui.live_events import LiveEvents, event_stream_factory

    client = login(queue_server.base_url, "eval02", 2)
    events = LiveEvents(event_stream_factory(queue_server.base_url, "HS01", client.central.token))
    window = EvaluatorWindow("黄石市民之家", 2, client, events=events, thanks_ms=100)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    qtbot.waitUntil(lambda: events.connected, timeout=10_000)
    yield window
    window.shutdown()


def test_good_rating_once_per_finished_service(
    qtbot: Any, queue_server: Any, evaluator: Any
) -> None:
    clerk = login(queue_server.base_url, "clerk02", 2)
    assert evaluator.page == "welcome"
    finished = serve_one(queue_server, clerk, 2, "SOCIAL")
    qtbot.waitUntil(lambda: evaluator.page == "rate", timeout=10_000)  # pushed by the server
    assert finished.number in evaluator.ticket_label.text()
    assert [b.text() for b in evaluator.score_buttons.values()] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    with qtbot.waitSignal(evaluator.rated, timeout=10_000) as rated:
        evaluator.score_buttons[5].click()
    assert rated.args[0].score == 5
    assert evaluator.page == "thanks"
    qtbot.waitUntil(lambda: evaluator.page == "welcome", timeout=5_000)

    # The same service cannot be rated again: not from this screen ...
    evaluator.ask_rating(finished.id, finished.number)
    assert evaluator.page == "welcome"
    # ... nor by the staff member with their own token ...
    with pytest.raises(ApiError) as refused:
        clerk.rate(2, finished.id, 5)
    assert refused.value.status == 403
    # ... nor from a second evaluator screen that did not see the first rating (409).
    from clerk_app.ui.evaluator import EvaluatorWindow

    second = EvaluatorWindow("黄石市民之家", 2, login(queue_server.base_url, "eval02", 2))
    qtbot.addWidget(second)
    second.ask_rating(finished.id, finished.number)
    second.score_buttons[4].click()
    qtbot.waitUntil(lambda: second.page == "thanks", timeout=10_000)
    assert second.thanks_label.text() == "本次服务已评价"
    second.shutdown()


def test_bad_rating_needs_a_reason(qtbot: Any, queue_server: Any, evaluator: Any) -> None:
    clerk = login(queue_server.base_url, "clerk02", 2)
    serve_one(queue_server, clerk, 2, "SOCIAL")
    qtbot.waitUntil(lambda: evaluator.page == "rate", timeout=10_000)
    evaluator.score_buttons[1].click()
    assert evaluator.page == "reason"
    assert not evaluator.submit_button.isEnabled()  # no reason chosen yet
    evaluator.reason_buttons[0].click()
    evaluator.comment_edit.setText("排队一个小时")
    with qtbot.waitSignal(evaluator.rated, timeout=10_000) as rated:
        evaluator.submit_button.click()
    assert rated.args[0].score == 1
    assert rated.args[0].reason == "等候时间过长"
    assert "工作人员将尽快与您联系" in evaluator.thanks_hint.text()
    supervisor = login(queue_server.base_url, "supervisor01", None)
    followups = supervisor.rating_followups()
    assert any(f.comment == "排队一个小时" for f in followups)

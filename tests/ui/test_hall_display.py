"""Hall display and voice: calls shown large, spoken one after the other, recalls spoken again.

The speech engine and the chime are fakes given through the constructor (what a hall without a
speech engine gets is tested too); the live events go through the real LiveEvents bridge.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFontMetrics

from clerk_app.ui.hall_display import HallDisplay, call_text
from clerk_app.ui.live_events import LiveEvents
from clerk_app.ui.voice import Announcer


class FakeEngine(QObject):
    """Records what it was asked to say; the test decides when an utterance ends."""

    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []
        self.speaking = False
        self.overlaps = 0

    def say(self, text: str) -> None:
        if self.speaking:
            self.overlaps += 1  # a real engine would cut the running sentence off
        self.speaking = True
        self.said.append(text)

    def end(self) -> None:
        assert self.speaking
        self.speaking = False
        self.finished.emit()


class FakeChime(QObject):
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.played = 0

    def play(self) -> None:
        self.played += 1
        self.finished.emit()


@pytest.fixture
def voice(qtbot: Any) -> tuple[Announcer, FakeEngine, FakeChime]:
    engine, chime = FakeEngine(), FakeChime()
    return Announcer(engine, chime, gap_ms=1), engine, chime


@pytest.fixture
def display(qtbot: Any, voice: tuple[Announcer, FakeEngine, FakeChime]) -> Any:
    events = LiveEvents()
    board = HallDisplay("黄石市民之家", events=events, announcer=voice[0])
    qtbot.addWidget(board)
    board.resize(1920, 1080)
    return board, events


def called(number: str, window_no: int, *, recall: bool = False, seq: int | None = None) -> dict:
    data: dict[str, Any] = {
        "number": number,
        "window_no": window_no,
        "window_label": f"{window_no}号窗口",
        "recall": recall,
    }
    if seq is not None:
        data["seq"] = seq
    return data


def test_call_shown_large_and_spoken(qtbot: Any, display: Any, voice: Any) -> None:
    board, events = display
    _announcer, engine, chime = voice
    events.deliver("ticket_called", called("A012", 5))
    assert board.latest_text == "A012 → 5号窗口"
    assert "请 A012 号到5号窗口办理" in board.sentence_label.text()
    assert chime.played == 1
    assert engine.said == ["请 A零一二 号，到 5 号窗口办理"]
    board.show()
    qtbot.waitExposed(board)
    # Readable across the hall: the latest call is fitted to its box, at least 100 pt here.
    qtbot.waitUntil(lambda: board.latest_label.font().pointSize() >= 100)
    metrics = QFontMetrics(board.latest_label.font())
    assert metrics.horizontalAdvance(board.latest_text) <= board.latest_label.width()


def test_announcements_queue_and_never_cut_each_other_off(
    qtbot: Any, display: Any, voice: Any
) -> None:
    board, events = display
    announcer, engine, _chime = voice
    events.deliver("ticket_called", called("A012", 5))
    events.deliver("ticket_called", called("B003", 7))
    events.deliver("ticket_called", called("C020", 2))
    # The screen shows the newest at once; the voice is still on the first.
    assert board.latest_text == "C020 → 2号窗口"
    assert board.previous_texts[:2] == ["B003 → 7号窗口", "A012 → 5号窗口"]
    assert len(engine.said) == 1
    engine.end()
    qtbot.waitUntil(lambda: len(engine.said) == 2)
    engine.end()
    qtbot.waitUntil(lambda: len(engine.said) == 3)
    engine.end()
    qtbot.waitUntil(lambda: not announcer.busy)
    assert engine.overlaps == 0
    assert [s.split("，")[0] for s in engine.said] == [
        "请 A零一二 号",
        "请 B零零三 号",
        "请 C零二零 号",
    ]


def test_recall_is_announced_again(qtbot: Any, display: Any, voice: Any) -> None:
    board, events = display
    _announcer, engine, _chime = voice
    events.deliver("ticket_called", called("A012", 5, seq=1))
    engine.end()
    events.deliver("ticket_recalled", called("A012", 5, recall=True, seq=2))
    qtbot.waitUntil(lambda: len(engine.said) == 2)
    assert engine.said[0] == engine.said[1]
    assert board.sentence_label.text().startswith("重呼")
    # A second recall is spoken once more; an event replayed after a reconnect (same seq) not.
    events.deliver("ticket_recalled", called("A012", 5, recall=True, seq=3))
    events.deliver("ticket_recalled", called("A012", 5, recall=True, seq=2))
    engine.end()
    qtbot.waitUntil(lambda: len(engine.said) == 3)
    engine.end()
    qtbot.wait(20)
    assert len(engine.said) == 3


def test_without_a_speech_engine_chime_and_screen_only(qtbot: Any) -> None:
    chime = FakeChime()
    announcer = Announcer(None, chime, gap_ms=1)
    events = LiveEvents()
    board = HallDisplay("黄石市民之家", events=events, announcer=announcer)
    qtbot.addWidget(board)
    events.deliver("ticket_called", called("D001", 9))
    events.deliver("ticket_called", called("D002", 10))
    qtbot.waitUntil(lambda: chime.played == 2 and not announcer.busy)
    assert board.latest_text == "D002 → 10号窗口"
    assert not announcer.has_speech


def test_engine_that_never_finishes_does_not_silence_the_hall(qtbot: Any) -> None:
    engine = FakeEngine()
    announcer = Announcer(engine, None, watchdog_ms=50, gap_ms=1)
    announcer.announce("A001", 1)
    announcer.announce("A002", 2)
    with qtbot.waitSignal(announcer.idle, timeout=2000):
        pass
    assert len(engine.said) == 2


def test_connection_lost_is_said_on_screen(qtbot: Any, display: Any) -> None:
    board, events = display
    events.deliver("_disconnected")
    assert "中断" in board.connection_label.text()
    events.deliver("_connected")
    assert board.connection_label.text() == ""


def test_waiting_counts_from_a_queue_status_event(
    qtbot: Any, qtmodeltester: Any, display: Any
) -> None:
    board, events = display
    events.deliver(
        "queue_status",
        {
            "queues": [
                {
                    "code": "SOCIAL",
                    "name": "社会事务",
                    "prefix": "A",
                    "waiting": 4,
                    "longest_wait_s": 600,
                    "missed": 0,
                },
                {
                    "code": "TAX",
                    "name": "税务",
                    "prefix": "E",
                    "waiting": 0,
                    "longest_wait_s": 0,
                    "missed": 1,
                },
            ]
        },
    )
    assert board.model.rowCount() == 2
    assert board.model.index(0, 1).data() == "4"
    # The server pushes only the queues that changed: the others keep their counts.
    events.deliver(
        "queue_status",
        {
            "queues": [
                {
                    "code": "TAX",
                    "name": "税务",
                    "prefix": "E",
                    "waiting": 2,
                    "longest_wait_s": 30,
                    "missed": 1,
                }
            ]
        },
    )
    assert [board.model.index(r, 1).data() for r in range(2)] == ["4", "2"]
    qtmodeltester.check(board.model)


def test_call_text_trims_the_window_description() -> None:
    assert call_text("A012", 5, "5号窗口（社会事务）") == "A012 → 5号窗口"
    assert call_text("A012", 5, None) == "A012 → 5号窗口"


def test_no_texttospeech_module_means_no_engine_and_a_clear_log(
    monkeypatch: Any, caplog: Any
) -> None:
    import sys

    from clerk_app.ui.voice import create_speech_engine

    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)  # as PySide6-Essentials
    engine, problem = create_speech_engine()
    assert engine is None and "QtTextToSpeech" in problem
    assert "语音播报不可用" in caplog.text


class FailingEngine(FakeEngine):
    """An engine that reports a failure (as QtSpeechEngine does on QTextToSpeech.Error)."""

    problem = Signal(str)


def test_voice_problems_are_shown_on_the_board_and_reported(qtbot: Any) -> None:
    reports: list[tuple[bool, str]] = []
    silent = HallDisplay(
        "黄石市民之家",
        announcer=Announcer(None, FakeChime(), gap_ms=1, voice_problem="本机没有语音引擎"),
        voice_reporter=lambda ok, detail: reports.append((ok, detail)),
    )
    qtbot.addWidget(silent)
    silent.show()
    assert silent.voice_label.isVisible()
    assert silent.voice_text.startswith("语音播报不可用：本机没有语音引擎")
    assert silent.footer_label.text() == "请留意屏幕叫号，过号请到咨询台。"  # no voice promised
    qtbot.waitUntil(lambda: reports == [(False, "本机没有语音引擎")])

    engine = FailingEngine()
    announcer = Announcer(engine, None, gap_ms=1)
    board = HallDisplay(
        "黄石市民之家",
        announcer=announcer,
        voice_reporter=lambda ok, detail: reports.append((ok, detail)),
    )
    qtbot.addWidget(board)
    board.show()
    assert board.voice_text == "" and not board.voice_label.isVisible()
    assert board.footer_label.text() == "请留意屏幕及语音叫号，过号请到咨询台。"
    qtbot.waitUntil(lambda: reports[-1] == (True, ""))
    engine.problem.emit("语音引擎出错（audio device busy）")
    assert "语音播报不可用：语音引擎出错（audio device busy）" in board.voice_text
    assert "语音" not in board.footer_label.text()
    qtbot.waitUntil(lambda: reports[-1] == (False, "语音引擎出错（audio device busy）"))
    engine.problem.emit("")  # it spoke again
    assert board.voice_text == ""
    assert "语音叫号" in board.footer_label.text()
    qtbot.waitUntil(lambda: reports[-1] == (True, ""))
    board.shutdown()
    silent.shutdown()


# Loading QtTextToSpeech probes the audio stack; a machine without PipeWire says so.
@pytest.mark.qt_log_ignore("Couldn't (load|resolve) .* (library|symbols)", "PulseAudio")
def test_qt_speech_adapter_with_qts_own_mock_engine(qtbot: Any) -> None:
    """The real QTextToSpeech API (its test engine "mock"): one sentence after the other."""
    texttospeech = pytest.importorskip("PySide6.QtTextToSpeech", exc_type=ImportError)
    from clerk_app.ui.voice import QtSpeechEngine

    if "mock" not in texttospeech.QTextToSpeech.availableEngines():
        pytest.skip("Qt's mock speech engine is not installed")
    tts = texttospeech.QTextToSpeech("mock")
    states: list[Any] = []
    tts.stateChanged.connect(states.append)
    chime = FakeChime()
    announcer = Announcer(QtSpeechEngine(tts), chime, gap_ms=1)
    spoken: list[str] = []
    announcer.spoken.connect(spoken.append)
    announcer.announce("A012", 5)
    announcer.announce("A012", 5, recall=True)
    with qtbot.waitSignal(announcer.idle, timeout=20_000):
        pass
    assert spoken == ["请 A012 号到 5 号窗口办理", "请 A012 号到 5 号窗口办理"]
    speaking = texttospeech.QTextToSpeech.State.Speaking
    assert states.count(speaking) == 2  # two utterances, the second after the first ended


def test_paused_windows_are_shown_and_follow_the_events(qtbot: Any, display: Any) -> None:
    from clerk_app.sync.queue_client import HallStatus

    board, events = display
    assert board.paused_label.isHidden()
    events.deliver(
        "window_paused", {"window_no": 5, "window_label": "5号窗口（社会事务）", "reason": "午休"}
    )
    assert board.paused_label.text() == "5号窗口 暂停服务"
    assert not board.paused_label.isHidden()
    assert "午休" not in board.paused_label.text()  # the reason is for staff, not the hall
    events.deliver("window_paused", {"window_no": 8, "window_label": "8号窗口", "reason": "培训"})
    assert board.paused_label.text() == "5号窗口 暂停服务\u3000\u30008号窗口 暂停服务"
    events.deliver("window_resumed", {"window_no": 5, "window_label": "5号窗口", "reason": None})
    assert board.paused_label.text() == "8号窗口 暂停服务"
    assert board.paused_windows == [8]

    # The status fetched after (re)connecting is the truth: window 8 resumed meanwhile, 12 paused.
    status = HallStatus.model_validate(
        {
            "queues": [],
            "windows": [
                {"number": 8, "label": "8号窗口", "status": "open", "queues": ["ENTERPRISE"]},
                {
                    "number": 12,
                    "label": "12号窗口（税务、公积金）",
                    "status": "paused",
                    "pause_reason": "设备故障",
                    "queues": ["TAX", "FUND"],
                },
            ],
            "recent_calls": [],
        }
    )
    board.apply_status(status)
    assert board.paused_windows == [12]
    assert board.paused_label.text() == "12号窗口 暂停服务"
    events.deliver("window_resumed", {"window_no": 12, "window_label": "12号窗口"})
    assert board.paused_label.isHidden()


def test_a_display_without_voice_promises_only_the_screen(qtbot: Any) -> None:
    board = HallDisplay("黄石市民之家")
    qtbot.addWidget(board)
    assert board.footer_label.text() == "请留意屏幕叫号，过号请到咨询台。"
    board.shutdown()


def test_long_earlier_calls_fit_a_1366_screen_whole(qtbot: Any, voice: Any) -> None:
    """Calls from two-digit windows with long descriptions: the board stays 1366 pixels wide
    (it grew to 1536 before) and each earlier call is shrunk to its cell, never cut."""
    events = LiveEvents()
    board = HallDisplay("黄石市民之家", events=events, announcer=voice[0])
    qtbot.addWidget(board)
    board.resize(1366, 768)
    board.show()
    qtbot.waitExposed(board)
    for n, window_no in enumerate((12, 15, 23, 31, 42, 57, 66), start=1):
        data = called(f"B{n:03d}", window_no)
        data["window_label"] = f"{window_no}号窗口（不动产登记与税务综合）"
        events.deliver("ticket_called", data)
    qtbot.waitUntil(lambda: len(board.previous_texts) == 6)
    qtbot.wait(50)  # the fitting runs after the layout settles
    assert board.width() <= 1366
    for label in board.previous_labels:
        metrics = QFontMetrics(label.font())
        assert metrics.horizontalAdvance(label.text()) <= label.width(), label.text()
        assert label.font().pointSize() >= 20

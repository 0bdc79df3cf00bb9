"""Announcement wording, queueing and the chime (no Qt)."""

from __future__ import annotations

import io
import wave

from hypothesis import given
from hypothesis import strategies as st

from clerk_app.devices.voice import (
    Announcement,
    AnnouncementQueue,
    chime_duration_ms,
    chime_wav,
    display_text,
    speech_text,
)


def test_wording() -> None:
    assert display_text("A012", 5) == "请 A012 号到 5 号窗口办理"
    assert speech_text("A012", 5) == "请 A零一二 号，到 5 号窗口办理"


def test_current_runs_to_its_end_and_the_rest_wait_in_order() -> None:
    queue = AnnouncementQueue()
    queue.add(Announcement("A001", 1))
    first = queue.start_next()
    queue.add(Announcement("B002", 2))
    assert queue.start_next() is None  # never cuts off A001
    assert queue.current == first
    queue.finish_current()
    second = queue.start_next()
    assert second is not None and second.number == "B002"


def test_recall_is_spoken_again_but_a_replayed_event_is_not() -> None:
    queue = AnnouncementQueue()
    assert queue.add(Announcement("A001", 1, event_id="7"))
    assert queue.add(Announcement("A001", 1, recall=True, event_id="8"))
    assert not queue.add(Announcement("A001", 1, event_id="7"))
    assert [a.recall for a in queue.pending] == [False, True]


@given(st.lists(st.tuples(st.sampled_from("ABCDEF"), st.integers(0, 999), st.integers(1, 12))))
def test_everything_added_is_spoken_once_in_order(calls: list[tuple[str, int, int]]) -> None:
    queue = AnnouncementQueue(max_pending=10_000)
    added = [Announcement(f"{p}{n:03d}", w) for p, n, w in calls]
    spoken = []
    for announcement in added:
        queue.add(announcement)
        started = queue.start_next()
        if started is not None:
            spoken.append(started)
        if len(spoken) % 2 == 0:  # the engine finishes at random moments
            queue.finish_current()
    while True:
        queue.finish_current()
        started = queue.start_next()
        if started is None:
            break
        spoken.append(started)
    assert spoken == added


def test_backlog_drops_the_oldest_waiting_never_the_current() -> None:
    queue = AnnouncementQueue(max_pending=2)
    queue.add(Announcement("A001", 1))
    current = queue.start_next()
    for n in range(2, 6):
        queue.add(Announcement(f"A{n:03d}", 1))
    assert queue.current == current
    assert [a.number for a in queue.pending] == ["A004", "A005"]
    assert queue.dropped == 2


def test_chime_is_a_short_valid_wav() -> None:
    data = chime_wav()
    with wave.open(io.BytesIO(data), "rb") as wav:
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
    assert 800 <= chime_duration_ms(data) <= 1500

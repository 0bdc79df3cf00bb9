"""Hall announcements without Qt: what is said, in which order, and the chime sound.

The hall display speaks every call ("请 A012 号到 5 号窗口办理"). Announcements wait for each
other (one is never cut off by the next), a recall is spoken again, and the same event arriving
twice (a reconnecting event stream replays from Last-Event-ID) is spoken once.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from collections import deque
from dataclasses import dataclass

_DIGITS = "零一二三四五六七八九"
MAX_PENDING = 30  # a backlog longer than this is stale: nobody waits minutes for a call


def display_text(number: str, window_no: int) -> str:
    """The sentence as written on the screen and in logs."""
    return f"请 {number} 号到 {window_no} 号窗口办理"


def speech_text(number: str, window_no: int) -> str:
    """The sentence for a speech engine: ticket digits one by one, as Chinese halls call them.

    An engine reads "A012" as "A 十二"; "A零一二" is what citizens expect to hear and match
    against their slip. The window number is an ordinary number ("12 号窗口").
    """
    letters = "".join(_DIGITS[int(ch)] if ch.isdigit() else ch for ch in number.strip())
    return f"请 {letters} 号，到 {window_no} 号窗口办理"


@dataclass(frozen=True, slots=True)
class Announcement:
    number: str
    window_no: int
    recall: bool = False
    event_id: str | None = None  # the server's event id; a replayed event is spoken once

    @property
    def text(self) -> str:
        return display_text(self.number, self.window_no)

    @property
    def speech(self) -> str:
        return speech_text(self.number, self.window_no)


class AnnouncementQueue:
    """First come, first spoken; the current announcement always runs to its end."""

    def __init__(self, max_pending: int = MAX_PENDING) -> None:
        self._pending: deque[Announcement] = deque()
        self._seen_ids: deque[str] = deque(maxlen=500)
        self._current: Announcement | None = None
        self._max_pending = max_pending
        self.dropped = 0

    @property
    def current(self) -> Announcement | None:
        return self._current

    @property
    def pending(self) -> list[Announcement]:
        return list(self._pending)

    @property
    def busy(self) -> bool:
        return self._current is not None

    def add(self, announcement: Announcement) -> bool:
        """Queue it; False when it is a replay of an event already queued or spoken."""
        if announcement.event_id is not None:
            if announcement.event_id in self._seen_ids:
                return False
            self._seen_ids.append(announcement.event_id)
        self._pending.append(announcement)
        while len(self._pending) > self._max_pending:
            self._pending.popleft()  # the oldest waiting one, never the one being spoken
            self.dropped += 1
        return True

    def start_next(self) -> Announcement | None:
        """The next announcement to speak, or None when one is running or nothing waits."""
        if self._current is not None or not self._pending:
            return None
        self._current = self._pending.popleft()
        return self._current

    def finish_current(self) -> None:
        self._current = None


def chime_wav(sample_rate: int = 22050, volume: float = 0.5) -> bytes:
    """A two-tone "ding-dong" (E5 then C5, about 1.1 s) as a 16-bit mono WAV file."""
    notes = ((659.25, 0.45), (523.25, 0.65))
    frames = bytearray()
    for freq, seconds in notes:
        count = int(sample_rate * seconds)
        for i in range(count):
            t = i / sample_rate
            # A bell: quick attack, exponential decay, a little second harmonic.
            envelope = min(1.0, t / 0.01) * math.exp(-3.2 * t)
            sample = math.sin(2 * math.pi * freq * t) + 0.3 * math.sin(4 * math.pi * freq * t)
            value = int(max(-1.0, min(1.0, volume * envelope * sample / 1.3)) * 32767)
            frames += struct.pack("<h", value)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(bytes(frames))
    return buffer.getvalue()


def chime_duration_ms(data: bytes) -> int:
    with wave.open(io.BytesIO(data), "rb") as wav:
        return int(wav.getnframes() * 1000 / wav.getframerate())

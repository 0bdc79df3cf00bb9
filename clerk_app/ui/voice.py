"""Spoken calls for the hall display: chime, then "请 A012 号到 5 号窗口办理".

:class:`Announcer` plays announcements one after the other (AnnouncementQueue): a new call
waits until the current one has been spoken completely, a recall is spoken again. The speech
engine and the chime are given to the constructor, so tests use fakes and a hall without a
speech engine (or without the QtTextToSpeech / QtMultimedia modules, which PySide6-Essentials
lacks) still gets the chime and the screen.

A speech engine is any object with ``say(text)`` and a ``finished`` signal emitted when that
text has been spoken (or failed), and optionally a ``problem(str)`` signal (a failure, or ""
once it speaks again); :class:`QtSpeechEngine` adapts ``QTextToSpeech``.

Why the hall cannot hear the calls (no engine, no Chinese voice, the engine failing) is the
announcer's ``voice_problem``: the hall display shows it on the screen and reports it to the
server, so the supervisor sees it too (not only the display's log). A chime is
any object with ``play()`` and a ``finished`` signal; :class:`SoundChime` uses ``QSoundEffect``.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance, Slot

from clerk_app.devices.voice import (
    Announcement,
    AnnouncementQueue,
    chime_duration_ms,
    chime_wav,
)

log = logging.getLogger(__name__)

WATCHDOG_MS = 20_000  # an engine that never reports the end must not silence the hall forever
GAP_MS = 600  # a breath between two announcements
NO_RESPONSE = "语音引擎没有响应"


class SpeechEngine(Protocol):
    finished: SignalInstance

    def say(self, text: str) -> None: ...


class Chime(Protocol):
    finished: SignalInstance

    def play(self) -> None: ...


class QtSpeechEngine(QObject):
    """``QTextToSpeech`` with a Chinese voice; ``finished`` when an utterance has ended,
    ``problem`` with the engine's error (or "" when an utterance went well after one)."""

    finished = Signal()
    problem = Signal(str)

    def __init__(self, tts: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._state = QTextToSpeech.State
        self._tts = tts
        self._speaking = False
        tts.stateChanged.connect(self._state_changed)

    def say(self, text: str) -> None:
        self._speaking = True
        self._tts.say(text)

    @Slot(object)
    def _state_changed(self, state: Any) -> None:
        if state == self._state.Speaking:
            self._speaking = True
        elif self._speaking and state in (self._state.Ready, self._state.Error):
            self._speaking = False
            if state == self._state.Error:
                log.warning("语音播报失败：%s", self._tts.errorString())
                self.problem.emit(f"语音引擎出错（{self._tts.errorString()}）")
            else:
                self.problem.emit("")
            self.finished.emit()


def create_speech_engine(parent: QObject | None = None) -> tuple[QtSpeechEngine | None, str]:
    """The system's speech engine with a Chinese voice, and what is wrong with the voice
    ("" when nothing): no engine at all (None), or an engine without a Chinese voice."""
    try:
        from PySide6.QtCore import QLocale
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        log.warning("语音播报不可用：未安装 QtTextToSpeech（PySide6-Addons）（%s）", exc)
        return None, "未安装语音模块 QtTextToSpeech（PySide6-Addons）"
    engines = [name for name in QTextToSpeech.availableEngines() if name != "mock"]
    if not engines:
        log.warning("语音播报不可用：本机没有语音引擎；只播放提示音并显示")
        return None, "本机没有语音引擎"
    tts = QTextToSpeech(engines[0], parent)
    if tts.state() == QTextToSpeech.State.Error:
        log.warning("语音播报不可用：语音引擎 %s 无法启动（%s）", engines[0], tts.errorString())
        return None, f"语音引擎 {engines[0]} 无法启动（{tts.errorString()}）"
    problem = ""
    chinese = [loc for loc in tts.availableLocales() if loc.language() == QLocale.Language.Chinese]
    if chinese:
        tts.setLocale(chinese[0])
    else:
        log.warning("语音引擎 %s 没有中文语音，播报可能不正确", engines[0])
        problem = f"语音引擎 {engines[0]} 没有中文语音"
    tts.setRate(-0.1)  # a little slower than normal: a hall echoes
    log.info("语音播报：引擎 %s", engines[0])
    return QtSpeechEngine(tts, parent), problem


def chime_file() -> Path:
    """The chime WAV, written once per process to the temporary folder."""
    path = Path(tempfile.gettempdir()) / "clerk-app-chime.wav"
    data = chime_wav()
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    return path


class SoundChime(QObject):
    """The ding-dong before every announcement; silent (but timed) without QtMultimedia."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        data = chime_wav()
        self.duration_ms = chime_duration_ms(data)
        self._effect: Any = None
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError as exc:
            log.warning("提示音不可用：未安装 QtMultimedia 模块（%s）", exc)
        else:
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(chime_file())))
            effect.setVolume(0.8)
            self._effect = effect
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.finished)

    def play(self) -> None:
        if self._effect is not None:
            self._effect.play()
            self._timer.start(self.duration_ms + 100)
        else:
            self._timer.start(0)


class Announcer(QObject):
    """Speaks queued announcements one at a time (see the module doc)."""

    started = Signal(str)  # the display text of the announcement now playing
    spoken = Signal(str)  # after it has ended
    idle = Signal()  # nothing left to say
    voiceProblemChanged = Signal(str)  # why the calls cannot be heard; "" when they can

    def __init__(
        self,
        engine: SpeechEngine | None,
        chime: Chime | None,
        parent: QObject | None = None,
        *,
        watchdog_ms: int = WATCHDOG_MS,
        gap_ms: int = GAP_MS,
        voice_problem: str = "",
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._chime = chime
        if engine is None and not voice_problem:
            voice_problem = "没有语音引擎"
        self._voice_problem = voice_problem
        problem_signal = getattr(engine, "problem", None)
        if problem_signal is not None:
            problem_signal.connect(self._set_voice_problem)
        self.queue = AnnouncementQueue()
        self._phase = ""  # "", "chime", "speech", "gap"
        if engine is not None:
            engine.finished.connect(self._speech_done)
        if chime is not None:
            chime.finished.connect(self._chime_done)
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(watchdog_ms)
        self._watchdog.timeout.connect(self._watchdog_fired)
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.setInterval(gap_ms)
        self._gap.timeout.connect(self._gap_done)

    @property
    def has_speech(self) -> bool:
        return self._engine is not None

    @property
    def busy(self) -> bool:
        return self.queue.busy

    @property
    def voice_problem(self) -> str:
        """Why the calls are not spoken (shown on the board, reported to the supervisor)."""
        return self._voice_problem

    @Slot(str)
    def _set_voice_problem(self, problem: str) -> None:
        if problem != self._voice_problem:
            self._voice_problem = problem
            self.voiceProblemChanged.emit(problem)

    def announce(
        self,
        number: str,
        window_no: int,
        *,
        recall: bool = False,
        event_id: str | None = None,
    ) -> bool:
        """Queue one call; False when it repeats an event already announced."""
        added = self.queue.add(Announcement(number, window_no, recall, event_id))
        if added:
            self._start_next()
        return added

    def _start_next(self) -> None:
        announcement = self.queue.start_next()
        if announcement is None:
            return
        self.started.emit(announcement.text)
        self._watchdog.start()
        if self._chime is not None:
            self._phase = "chime"
            self._chime.play()
        else:
            self._speak()

    def _speak(self) -> None:
        current = self.queue.current
        if current is None:
            return
        if self._engine is None:
            self._end_current()
            return
        self._phase = "speech"
        self._engine.say(current.speech)

    @Slot()
    def _chime_done(self) -> None:
        if self._phase == "chime":
            self._speak()

    @Slot()
    def _speech_done(self) -> None:
        if self._voice_problem == NO_RESPONSE:
            self._set_voice_problem("")  # it answers again
        if self._phase == "speech":
            self._end_current()

    @Slot()
    def _watchdog_fired(self) -> None:
        if self._phase in ("chime", "speech"):
            log.warning("语音播报超时，继续下一条")
            if self._phase == "speech":
                self._set_voice_problem(NO_RESPONSE)
            self._end_current()

    def _end_current(self) -> None:
        self._watchdog.stop()
        current = self.queue.current
        self._phase = "gap"
        if current is not None:
            self.spoken.emit(current.text)
        self._gap.start()

    @Slot()
    def _gap_done(self) -> None:
        self._phase = ""
        self.queue.finish_current()
        if self.queue.pending:
            self._start_next()
        else:
            self.idle.emit()

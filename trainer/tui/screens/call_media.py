"""The call screen's workers: the call itself runs headless (``practice.run_call`` with the
live replies of ``live.LiveReplies``) on one thread worker, which reports back by messages;
the ring and the model answer play on another.

The screen only shows what the messages say and hands the trainee's keys to the call: typed
text, voice or typing, retry or next."""

from __future__ import annotations

import queue
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.markup import escape
from textual.widgets import Static
from textual.worker import get_current_worker

from trainer.tui import messages as m
from trainer.tui.labels import t
from trainer.tui.screens.base import TrainerScreen
from trainer.tui.widgets.status import meter

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp


class _ScreenPlayer:
    """The app's speaker for the call's thread: nothing when there is none (or it failed),
    and a failure becomes a message instead of ending the call."""

    def __init__(self, app: TrainerApp, screen: CallMedia):
        self.app, self.screen = app, screen

    def play_file(self, path: Path | str, *, wait: bool = False) -> None:
        from trainer.errors import AudioError

        player = self.app.services.player
        if player is None or not self.app.sound_ok:
            return
        try:
            player.play_file(path, wait=wait)
        except AudioError as exc:
            self.screen.post_message(m.SoundUnavailable(str(exc)))


class CallMedia(TrainerScreen):
    """Needs ``pack``, ``folder``, ``call``, ``replies`` and ``log`` from the call screen."""

    pack: Any
    folder: Any
    call: Any
    replies: Any = None
    call_log: Any = None
    _choices: queue.SimpleQueue[str]

    def make_replies(self, voice: bool) -> Any:
        from trainer.live import LiveReplies, SpeechUnavailable

        app = self.trainer
        language = self.pack.language

        def transcribers() -> Any:
            if app.status.model == "missing" or app.status.model_language != language:
                raise SpeechUnavailable(t("model_missing", self.ui, lang=language))
            if app.model is None or app.status.model != "ready":
                return None
            return app.model.make()

        return LiveReplies(
            language,
            make_recorder=None if app.status.mic == "none" else app.services.make_recorder,
            transcribers=transcribers, voice=voice,
            on_event=lambda kind, detail="": self.post_message(
                m.PartialTranscript(detail) if kind == "partial" else m.ReplyEvent(kind, detail)
            ),
            on_level=lambda db: self.post_message(m.LevelMeasured(db)),
        )  # fmt: skip

    @work(thread=True, exclusive=True, exit_on_error=False, group="call")
    def run_call(self) -> None:
        from trainer import practice

        cancel = get_current_worker().cancelled_event
        self.replies.cancel = cancel

        def review(call: Any) -> str:
            while not cancel.is_set():
                try:
                    return self._choices.get(timeout=0.1)
                except queue.Empty:
                    continue
            raise practice.Cancelled

        try:
            result = practice.run_call(
                self.call, self.replies, player=_ScreenPlayer(self.trainer, self),
                pack_folder=self.folder, log=self.call_log,
                on_line=lambda line: self.post_message(m.LineSaid(line)),
                on_attempt=lambda attempt: self.post_message(m.AttemptScored(attempt)),
                on_review=review, cancel=cancel,
            )  # fmt: skip
        except practice.Cancelled:
            return
        finally:
            self.replies.close()
        self.post_message(m.CallEnded(result))

    def choose(self, choice: str) -> None:
        """The trainee's choice after a verdict in practice: retry or next."""
        self._choices.put(choice)

    def on_partial_transcript(self, message: m.PartialTranscript) -> None:
        self.query_one("#partial", Static).update(f"[i]{escape(message.text)}[/]", layout=False)

    def on_level_measured(self, message: m.LevelMeasured) -> None:
        self.query_one("#level", Static).update(f"🎤 {meter(message.db, 24)}", layout=False)

    # -- sound ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="play")
    def play_sound(self, what: str, item: Any = None) -> None:
        app = self.trainer
        path = None
        if what == "ring":
            path = app.services.ring_file(self.pack.rings)
        elif self.folder is not None:
            from trainer.voice import library

            path = library.model_answer_audio(self.folder, item)
        if path is not None:
            _ScreenPlayer(app, self).play_file(path)

    def on_sound_unavailable(self, message: m.SoundUnavailable) -> None:
        app = self.trainer
        if app.sound_ok:
            app.sound_ok = False
            detail = f"\n{message.reason}" if self.ui == "en" else ""  # the device speaks English
            self.notify(f"{t('no_speaker', self.ui)}{detail}", severity="warning", markup=False)

"""The call screen's sound and microphone: thread workers that play the ring, caller lines
and model answers, and record a reply while it is decoded, reporting back by messages."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.markup import escape
from textual.widgets import Static
from textual.worker import get_current_worker

from trainer.tui import messages as m
from trainer.tui.labels import t
from trainer.tui.screens.base import TrainerScreen
from trainer.tui.widgets.status import meter


class CallMedia(TrainerScreen):
    """Needs ``pack``, ``folder``, ``_transcriber`` and ``_recorder`` from the call screen."""

    pack: Any
    folder: Any
    _transcriber: Any = None
    _recorder: Any = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="capture")
    def capture(self, silence_after: float) -> None:
        from trainer.live import listen_reply

        app = self.trainer
        if self._transcriber is None:
            if app.model is None:  # unloaded meanwhile (another pack was chosen)
                from trainer.errors import ModelError

                raise ModelError("the speech model is not loaded: replies are typed")
            self._transcriber = app.model.make()
        if self._recorder is None:
            self._recorder = app.services.make_recorder()
        reply = listen_reply(
            self._recorder, self._transcriber, self.pack.language,
            silence_after=silence_after,
            on_partial=lambda text: self.post_message(m.PartialTranscript(text)),
            on_level=lambda db: self.post_message(m.LevelMeasured(db)),
            cancel=get_current_worker().cancelled_event,
        )  # fmt: skip
        self.post_message(m.ReplyHeard(reply))

    def on_partial_transcript(self, message: m.PartialTranscript) -> None:
        self.query_one("#partial", Static).update(f"[i]{escape(message.text)}[/]", layout=False)

    def on_level_measured(self, message: m.LevelMeasured) -> None:
        self.query_one("#level", Static).update(f"🎤 {meter(message.db, 24)}", layout=False)

    # -- sound ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="play")
    def play_sound(self, what: str, item: Any = None) -> None:
        from trainer.errors import AudioError

        app = self.trainer
        player = app.services.player
        path = None
        if player is not None and app.sound_ok:
            if what == "ring":
                path = app.services.ring_file(self.pack.rings)
            elif self.folder is not None:
                from trainer.voice import library

                if what == "line":
                    path = library.caller_line_audio(self.folder, item)
                else:
                    path = library.model_answer_audio(self.folder, item)
        if path is not None:
            try:
                player.play_file(path, wait=what == "line")
            except AudioError as exc:
                self.post_message(m.SoundUnavailable(str(exc)))
        self.post_message(m.LinePlayed(what))

    def on_sound_unavailable(self, message: m.SoundUnavailable) -> None:
        app = self.trainer
        if app.sound_ok:
            app.sound_ok = False
            detail = f"\n{message.reason}" if self.ui == "en" else ""  # the device speaks English
            self.notify(f"{t('no_speaker', self.ui)}{detail}", severity="warning", markup=False)

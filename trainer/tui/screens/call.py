"""One call: the phone rings, the trainee picks up, caller lines play with subtitles, replies
are spoken (partial transcript live) or typed, and each is scored at once.

The screen drives a ``core.session.Call`` step by step; everything slow (sound, microphone
and decoding) runs in thread workers that report back by messages, and the call is saved by
a ``practice.CallLog`` on the app's database worker.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Header, Input, Static

from trainer.core.normalize import language as language_spec
from trainer.core.session import Call, Mode, Phase
from trainer.tui import messages as m
from trainer.tui.labels import t
from trainer.tui.screens.base import Keys
from trainer.tui.screens.call_media import CallMedia
from trainer.tui.widgets.scorecard import ScoreCard

PRACTICE_KEYS = (
    ("space", "pick_up", "pick_up"),
    ("f2,h", "hint", "hint"),
    ("f3,m", "model_answer", "model_answer"),
    ("f4,r", "retry", "retry"),
    ("f5,n", "next", "next"),
    ("f6,t", "toggle_typing", "type"),
    ("escape", "leave", "hang_up"),
)
EXAM_KEYS = (
    ("space", "pick_up", "pick_up"),
    ("f6,t", "toggle_typing", "type"),
    ("escape", "leave", "hang_up"),
)


class CallScreen(CallMedia):
    KEYS: Keys = PRACTICE_KEYS  # every key a call may offer; an exam offers EXAM_KEYS

    def __init__(
        self,
        pack: Any,
        scenario: Any,
        mode: str,
        trainee: str,
        folder: Path | None,
        *,
        exam_id: int | None = None,
    ):
        super().__init__()
        self.exam_id = exam_id
        self.pack, self.scenario, self.trainee, self.folder = pack, scenario, trainee, folder
        self.call = Call(pack, scenario, Mode(mode))
        self.exam = self.call.mode is Mode.EXAM
        self.KEYS = EXAM_KEYS if self.exam else PRACTICE_KEYS
        if not self.call.phone:  # a visitor at the desk is greeted, not picked up
            self.KEYS = [(k, a, "greet" if a == "pick_up" else c) for k, a, c in self.KEYS]
        self.joiner = language_spec(pack.language).joiner
        self.saver: Any = None
        self._log_started = False
        self.typing = False
        self._started = time.monotonic()
        self._silent = 0.0  # seconds the trainee has been silent on this turn
        self._transcriber: Any = None
        self._recorder: Any = None
        self._ring_timer: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="call-top"):
            yield Static(id="ring")
            yield Static(id="call-title")
        yield VerticalScroll(id="transcript")
        yield Static(id="turn-prompt")
        yield Static(id="partial")
        yield Input(id="reply", disabled=True)
        yield Static(id="hint")
        yield ScoreCard(id="card")
        yield Static(id="recorded")
        yield Static(id="level")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        app = self.trainer
        self.typing = app.reply_by != "voice"
        mode = t("mode_exam" if self.exam else "mode_practice", self.ui)
        self.query_one("#call-title", Static).update(
            f"[b]{escape(self.scenario.title)}[/]  ·  {mode}  ·  {escape(self.trainee or '—')}"
        )
        for name in ("#card", "#hint", "#recorded", "#reply", "#level"):
            self.query_one(name).display = False
        if app.store is not None:
            from trainer.live import CallLog

            self.saver = CallLog(
                app.store, self.call, self.trainee, exam_id=self.exam_id, on_saved=self._saved
            )
        if self.call.phone:
            rule = self.pack.rings
            self._ring()
            self._ring_timer = self.set_interval(rule.ring_seconds + rule.gap_seconds, self._ring)
        else:
            quiz = self.scenario.kind == "quiz"
            self.query_one("#ring", Static).update(
                f"📖  {t('quiz_start', self.ui)}" if quiz else f"🛎  {t('visitor', self.ui)}"
            )

    # -- what may be pressed now ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.call.phase
        if action == "pick_up":
            return phase is Phase.RINGING
        if action in ("hint", "model_answer"):
            return phase in (Phase.TRAINEE, Phase.REVIEW)
        if action in ("retry", "next"):
            return phase is Phase.REVIEW
        if action == "toggle_typing":
            return phase in (Phase.RINGING, Phase.TRAINEE, Phase.CALLER)
        return True

    # -- ringing -------------------------------------------------------------------------

    def _ring(self) -> None:
        if self.call.phase is not Phase.RINGING:
            return
        rings = self.call.ring()
        if self.call.phase is Phase.ENDED:
            self._finish()
            return
        self.query_one("#ring", Static).update(f"☎  {t('ringing', self.ui, n=rings)}")
        self.play_sound("ring")

    def action_pick_up(self) -> None:
        if self.call.phase is not Phase.RINGING:
            return
        if self._ring_timer is not None:
            self._ring_timer.stop()
        app = self.trainer
        if app.services.player is not None:
            app.services.player.stop()
        seconds = round(time.monotonic() - self._started, 2) if self.call.phone else None
        self.call.pick_up(max(1, self.call.rings) if self.call.phone else None, seconds)
        if self.call.phone:
            self.query_one("#ring", Static).update(
                f"☎  {t('picked_up', self.ui, n=self.call.pickup_ring)}"
            )
        self._start_log()
        self._advance()

    # -- the call, step by step ----------------------------------------------------------

    def _advance(self) -> None:
        phase = self.call.phase
        if phase in (Phase.CALLER, Phase.CLOSING):
            line = self.call.caller_line()
            self._show("caller", line.text)
            self.play_sound("line", line)
        elif phase is Phase.TRAINEE:
            self._listen()
        elif phase is Phase.ENDED:
            self._finish()
        self.refresh_bindings()

    def on_line_played(self, message: m.LinePlayed) -> None:
        if message.what == "line" and self.call.phase is not Phase.REVIEW:
            self._advance()

    def _show(self, speaker: str, text: str) -> None:
        who = t("caller" if speaker == "caller" else "you", self.ui)
        line = Static(f"[b]{who}:[/] {escape(text)}", classes=f"line {speaker}", markup=True)
        box = self.query_one("#transcript", VerticalScroll)
        box.mount(line)
        box.scroll_end(animate=False)

    def _listen(self) -> None:
        reply = self.query_one("#reply", Input)
        self.query_one("#partial", Static).update("")
        if self.typing:
            self.query_one("#turn-prompt", Static).update(self._moment() + t("type_turn", self.ui))
            self.query_one("#level").display = False
            reply.display, reply.disabled = True, False
            reply.focus()
        else:
            self.query_one("#turn-prompt", Static).update(
                f"{self._moment()}🎤 {t('your_turn', self.ui)}"
            )
            reply.display, reply.disabled = False, True
            self.query_one("#level").display = True
            rule = self.call.silence_rule
            wait = rule.prompt_after if self._silent < rule.prompt_after else rule.hang_up_after
            self.capture(max(0.5, wait - self._silent))

    def on_reply_heard(self, message: m.ReplyHeard) -> None:
        if self.call.phase is not Phase.TRAINEE:
            return
        reply = message.reply
        if reply.text:
            self._answer(reply)
            return
        self._silent += reply.silence
        visits = len(self.call.path)
        said = self.call.silence(self._silent)  # the caller asks if anyone is there, or hangs up
        if len(self.call.path) != visits:  # the caller went on to the step for silence
            self._silent = 0.0
        for line in said:
            self._show("caller", line.text)
        if said:
            self.play_sound("line", said[-1])  # then listen again, or end the call
        else:
            self._advance()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text or self.call.phase is not Phase.TRAINEE:
            return
        from trainer.practice import Reply

        event.input.value = ""
        self._answer(Reply(text))

    def _answer(self, reply: Any) -> None:
        attempt = self.call.reply(reply.text, reply.timing, None, reply.channel)
        self._silent = 0.0
        self._show("trainee", reply.text)
        if self.saver is not None:
            self.saver.attempt(attempt, reply)
        reply_box = self.query_one("#reply", Input)
        reply_box.disabled, reply_box.display = True, self.exam and self.typing
        self.query_one("#level").display = False
        self.query_one("#partial", Static).update("")
        self.query_one("#hint").display = False
        if self.exam:
            recorded = self.query_one("#recorded", Static)
            recorded.update(f"✔ {t('recorded', self.ui)}")
            recorded.display = True
            self._advance()
            return
        self.query_one("#turn-prompt", Static).update("")
        card = self.query_one("#card", ScoreCard)
        card.show(attempt, self.ui, self.joiner)
        card.display = True
        self.refresh_bindings()
        self.set_focus(None)

    def _moment(self) -> str:
        """The moment being practised (the turn's title), as the prompt's first words."""
        title = self.call.turn.title
        return f"[b]{escape(t('moment', self.ui, title=title))}[/]  " if title else ""

    # -- practice help -------------------------------------------------------------------

    def action_hint(self) -> None:
        if self.exam or self.call.phase not in (Phase.TRAINEE, Phase.REVIEW):
            return
        hint = self.call.hint()
        box = self.query_one("#hint", Static)
        box.update(
            f"💡 {escape(hint)}\n[b]{t('standard', self.ui)}:[/] {escape(self.call.turn.model_answer)}"
        )
        box.display = True

    def action_model_answer(self) -> None:
        if self.exam or self.call.phase not in (Phase.TRAINEE, Phase.REVIEW):
            return
        text = self.call.model_answer()
        box = self.query_one("#hint", Static)
        box.update(f"🔊 [b]{t('standard', self.ui)}:[/] {escape(text)}")
        box.display = True
        self.play_sound("answer", self.call.turn)

    def action_retry(self) -> None:
        if self.exam or self.call.phase is not Phase.REVIEW:
            return
        self.call.retry()
        self.query_one("#card").display = False
        self.query_one("#hint").display = False  # the retry is from memory, as the first try
        self._listen()
        self.refresh_bindings()

    def action_next(self) -> None:
        if self.exam or self.call.phase is not Phase.REVIEW:
            return
        self.call.proceed()
        self.query_one("#card").display = False
        self.query_one("#hint").display = False
        self._advance()

    def action_toggle_typing(self) -> None:
        self.typing = not self.typing
        if self.call.phase is Phase.TRAINEE:
            self.workers.cancel_group(self, "capture")
            self._listen()

    def work_failed(self, group: str, error: BaseException) -> None:
        """The app's error handler calls this after telling the user what happened."""
        if group == "capture" and self.call.phase is Phase.TRAINEE:
            self.typing = True
            self._recorder = None
            self._listen()
        elif group == "play":
            self.post_message(m.LinePlayed("line"))

    # -- the end -------------------------------------------------------------------------

    def _start_log(self) -> None:
        if self.saver is not None and not self._log_started:
            self._log_started = True
            self.trainer.save_call(self.saver)

    def _saved(self, kind: str, step: int | None) -> None:
        if kind == "attempt":
            self.post_message(m.AttemptSaved(step or 0))

    def on_attempt_saved(self, message: m.AttemptSaved) -> None:
        if self.exam and self.is_attached:
            self.query_one("#recorded", Static).update(
                f"✔ {t('recorded', self.ui)}  ({t('saved', self.ui)})"
            )

    def _finish(self) -> None:
        from trainer.tui.screens.results import ResultsScreen

        if self._ring_timer is not None:
            self._ring_timer.stop()
        result = self.call.result()
        if self.saver is not None:
            self._start_log()  # a missed call is saved too
            self.saver.end(result)
            self.saver = None
        self.app.switch_screen(ResultsScreen(result, self.pack, self.scenario, self.trainee))

    def action_leave(self) -> None:
        if self.call.phase is Phase.ENDED:
            return
        if self.exam and self.exam_id is not None:  # an exam is left only on purpose
            from trainer.tui.screens.confirm import ConfirmScreen

            def answered(leave: bool | None) -> None:
                if leave:
                    self._leave()

            self.app.push_screen(ConfirmScreen(t("leave_exam", self.ui)), answered)
            return
        self._leave()

    def _leave(self) -> None:
        if self.call.phase is Phase.ENDED:
            return
        app = self.trainer
        if self.saver is not None and self._log_started:
            self.saver.abandon()
        self.saver = None
        if app.services.player is not None:
            app.services.player.stop()
        self.workers.cancel_all()
        app.back_home()

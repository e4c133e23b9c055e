"""One call: the phone rings, the trainee picks up, caller lines play with subtitles, replies
are spoken (partial transcript live) or typed, and each is scored at once.

The screen rings the phone and picks up; from then on the call runs headless
(``practice.run_call``, on a thread worker: ``call_media``) and the screen shows what it
reports: caller lines, "listen" while the caller speaks, "speak now" once the microphone
records, the words heard so far, "heard you, scoring", and each verdict. The call is saved by
a ``saving.QueuedCallLog`` on the app's database worker, which waits for the database to open.
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
        import queue

        super().__init__()
        self.exam_id = exam_id
        self.pack, self.scenario, self.trainee, self.folder = pack, scenario, trainee, folder
        self.call = Call(pack, scenario, Mode(mode))
        self.exam = self.call.mode is Mode.EXAM
        self.KEYS = EXAM_KEYS if self.exam else PRACTICE_KEYS
        if not self.call.phone:  # a visitor at the desk is greeted, not picked up
            start = "quiz_begin" if scenario.kind == "quiz" else "greet"
            self.KEYS = [(k, a, start if a == "pick_up" else c) for k, a, c in self.KEYS]
        # who speaks to the trainee: a caller on the phone; at the desk a visitor, a colleague
        # or the supervisor (the other party); in a rule quiz, the supervisor
        self.speaker = {"phone": "caller", "quiz": "quiz_asker"}.get(scenario.kind, "other_party")
        self.joiner = language_spec(pack.language).joiner
        self.call_log: Any = None
        self.replies: Any = None
        self.typing = False
        self._choices: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._reviewing = False
        self._started = time.monotonic()
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
        status = app.status
        self.typing = (
            app.reply_by_setting == "typed" or status.mic == "none" or status.model == "missing"
        )
        mode = t("mode_exam" if self.exam else "mode_practice", self.ui)
        self.query_one("#call-title", Static).update(
            f"[b]{escape(self.scenario.title)}[/]  ·  {mode}  ·  {escape(self.trainee or '—')}"
        )
        for name in ("#card", "#hint", "#recorded", "#reply", "#level"):
            self.query_one(name).display = False
        from trainer.saving import QueuedCallLog

        self.call_log = QueuedCallLog(
            self._store_when_open, self.call, self.trainee, exam_id=self.exam_id,
            on_saved=self._saved,
        )  # fmt: skip
        if self.call.phone:
            rule = self.pack.rings
            self._ring()
            self._ring_timer = self.set_interval(rule.ring_seconds + rule.gap_seconds, self._ring)
        else:
            quiz = self.scenario.kind == "quiz"
            self.query_one("#ring", Static).update(
                f"📖  {t('quiz_start', self.ui)}" if quiz else f"🛎  {t('visitor', self.ui)}"
            )

    def _store_when_open(self) -> Any:
        """The app's database, once open (the call may start before it is)."""
        app = self.trainer
        while app.store is None:
            if app.status.db == "error":
                self.post_message(m.ReplyEvent("not_saved"))
                return None
            time.sleep(0.05)
        return app.store

    # -- what may be pressed now ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.call.phase
        if action == "pick_up":
            return phase is Phase.RINGING
        if action in ("hint", "model_answer"):
            return phase in (Phase.TRAINEE, Phase.REVIEW)
        if action in ("retry", "next"):
            return phase is Phase.REVIEW and self._reviewing
        if action == "toggle_typing":
            return phase in (Phase.RINGING, Phase.TRAINEE, Phase.CALLER)
        return True

    # -- ringing -------------------------------------------------------------------------

    def _ring(self) -> None:
        if self.call.phase is not Phase.RINGING:
            return
        rings = self.call.ring()
        if self.call.phase is Phase.ENDED:
            self._finish(self.call.result())
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
        if app.status.db == "error":
            self.call_log = None
            self.notify(t("not_saved", self.ui), severity="warning")
        else:
            app.save_call(self.call_log)
        self.replies = self.make_replies(not self.typing)
        self.run_call()
        self.refresh_bindings()

    # -- what the call reports -----------------------------------------------------------

    def _prompt(self, text: str) -> None:
        self.query_one("#turn-prompt", Static).update(text)

    def on_line_said(self, message: m.LineSaid) -> None:
        line = message.line
        self._show(line.speaker, line.text)
        if line.speaker == "caller":
            self._prompt(f"🔈 {t('listen', self.ui)}")
            self.query_one("#partial", Static).update("")
        self.refresh_bindings()

    def _show(self, speaker: str, text: str) -> None:
        who = t(self.speaker if speaker == "caller" else "you", self.ui)
        line = Static(f"[b]{who}:[/] {escape(text)}", classes=f"line {speaker}", markup=True)
        box = self.query_one("#transcript", VerticalScroll)
        box.mount(line)
        box.scroll_end(animate=False)

    def on_reply_event(self, message: m.ReplyEvent) -> None:
        kind = message.kind
        reply = self.query_one("#reply", Input)
        if kind == "loading_model":
            self._prompt(f"⏳ {t('model_wait', self.ui)}")
        elif kind == "listening":
            self.query_one("#partial", Static).update("")
            self._prompt(f"{self._moment()}🎤 {t('your_turn', self.ui)}")
            reply.display, reply.disabled = False, True
            self.query_one("#level").display = True
        elif kind == "typing":
            self._prompt(self._moment() + t("type_turn", self.ui))
            self.query_one("#level").display = False
            reply.display, reply.disabled = True, False
            reply.focus()
        elif kind == "heard":
            self._prompt(f"✔ {t('scoring', self.ui)}")
        elif kind == "not_saved":
            self.notify(t("not_saved", self.ui), severity="warning")
        elif kind == "typed_because":
            self.typing = True
            detail = message.detail  # a device error is in English: say it in the interface's
            if self.ui != "en" and detail.isascii():
                detail = t("mic_unavailable", self.ui)
            self.notify(f"{detail}\n{t('typed_now', self.ui)}", severity="warning", markup=False)
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text or self.call.phase is not Phase.TRAINEE or self.replies is None:
            return
        event.input.value = ""
        event.input.disabled = True
        self.replies.type(text)

    def on_attempt_scored(self, message: m.AttemptScored) -> None:
        attempt = message.attempt
        reply_box = self.query_one("#reply", Input)
        reply_box.disabled, reply_box.display = True, self.exam and self.typing
        self.query_one("#level").display = False
        self.query_one("#partial", Static).update("")
        self.query_one("#hint").display = False
        if attempt.hung_up_after is not None:
            return
        if self.exam:
            recorded = self.query_one("#recorded", Static)
            recorded.update(f"✔ {t('recorded', self.ui)}")
            recorded.display = True
            return
        self._reviewing = True
        self._prompt("")
        card = self.query_one("#card", ScoreCard)
        card.show(attempt, self.ui, self.joiner, self.pack.turns.get(attempt.turn))
        card.display = True
        self.refresh_bindings()
        self.set_focus(None)

    def _moment(self) -> str:
        """The moment being practised (the turn's title), as the prompt's first words."""
        title = self.call.turn.title
        return f"[b]{escape(t('moment', self.ui, title=title))}[/]  " if title else ""

    def on_call_ended(self, message: m.CallEnded) -> None:
        self._finish(message.result)

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

    def _review(self, choice: str) -> None:
        if self.exam or self.call.phase is not Phase.REVIEW or not self._reviewing:
            return
        self._reviewing = False
        self.query_one("#card").display = False
        self.query_one("#hint").display = False  # a retry is from memory, as the first try
        self.choose(choice)
        self.refresh_bindings()

    def action_retry(self) -> None:
        self._review("retry")

    def action_next(self) -> None:
        self._review("next")

    def action_toggle_typing(self) -> None:
        self.typing = not self.typing
        if self.replies is not None:
            self.replies.use_voice(not self.typing)

    def work_failed(self, group: str, error: BaseException) -> None:
        """The app's error handler calls this after telling the user what happened."""

    # -- the end -------------------------------------------------------------------------

    def _saved(self, kind: str, step: int | None) -> None:
        if kind == "attempt":
            self.post_message(m.AttemptSaved(step or 0))

    def on_attempt_saved(self, message: m.AttemptSaved) -> None:
        if self.exam and self.is_attached:
            self.query_one("#recorded", Static).update(
                f"✔ {t('recorded', self.ui)}  ({t('saved', self.ui)})"
            )

    def _finish(self, result: Any) -> None:
        from trainer.tui.screens.results import ResultsScreen

        if self._ring_timer is not None:
            self._ring_timer.stop()
        if self.replies is None and self.call_log is not None:  # a missed call is saved too
            self.call_log.open()
            self.call_log.end(result)
            self.trainer.save_call(self.call_log)
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
        if app.services.player is not None:
            app.services.player.stop()
        self.workers.cancel_all()  # the call's worker leaves the saved call unfinished
        app.back_home()

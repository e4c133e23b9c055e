"""``AttemptScreen``: one attempt in full for a supervisor: replay its recording, read the
transcript against the standard phrase, the reasons and the review history, and override the
score with a comment (``OverrideScreen``). A review after a dispute resolves it, whether it
changes the score or keeps it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Header, Input, Label, Static

from trainer.core.align import HOMOPHONE, INSERTION, OMISSION, SUBSTITUTION, Piece
from trainer.core.record import reason_texts, stored_verdict
from trainer.supervision import AttemptDetail, Review, Supervisor
from trainer.tui.labels import t
from trainer.tui.names import Names
from trainer.tui.screens.base import TrainerModal
from trainer.tui.screens.supervised import CSS_FILE, SupervisedScreen
from trainer.tui.widgets.diff import whole_units

PIECE_STYLES = {
    OMISSION: "bold red strike",
    INSERTION: "bold yellow",
    SUBSTITUTION: "bold magenta",
    HOMOPHONE: "cyan",
}


def diff_text(pieces: Sequence[Piece], language: str) -> Text:
    """The reply drawn against the standard phrase as it was judged: omissions struck through
    in red, insertions in yellow, substitutions in magenta (said, then what the phrase has)."""
    joiner = "" if language in ("zh", "ja", "") else " "
    out = Text()
    for piece in whole_units(pieces, joiner):
        style = PIECE_STYLES.get(piece.kind, "")
        if piece.kind == OMISSION:
            out.append(piece.expected, style=style)
        elif piece.kind == INSERTION:
            out.append(f"+{piece.said}", style=style)
        elif piece.kind == SUBSTITUTION:
            out.append(f"{piece.said}", style=style)
            out.append(f"({piece.expected})", style="dim")
        else:
            out.append(piece.said or piece.expected, style=style)
        out.append(joiner)
    return out


def result(passed: bool, ui: str) -> str:
    return t("passed" if passed else "failed_result", ui)


def describe(d: AttemptDetail, ui: str = "en") -> str:
    line = t("score_line", ui, score=f"{d.score:.0f}", result=result(d.passed, ui))
    if d.overridden:
        line += t("scored_line", ui, score=f"{d.scored:.0f}", result=result(d.scored_passed, ui))
    return line


def review_line(r: Review, ui: str = "en") -> str:
    return (
        f"{r.at:%Y-%m-%d %H:%M} {r.supervisor}: {r.score:.0f} ({result(r.passed, ui)}) {r.comment}"
    )


class OverrideScreen(TrainerModal[tuple[float, str] | None]):
    """The new score and the comment saying why; None when cancelled."""

    CSS_PATH = CSS_FILE
    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, score: float, *, disputed: str = "") -> None:
        super().__init__()
        self.score = score
        self.disputed = disputed

    def compose(self) -> ComposeResult:
        tr = self.tr
        with Vertical(id="override-box", classes="dialog"):
            yield Label(tr("override_title"), classes="dialog-title")
            if self.disputed:
                yield Label(
                    Text(tr("override_dispute", reason=self.disputed)), id="override-dispute"
                )
                yield Label(tr("override_hint"), id="override-hint")
            yield Input(f"{self.score:.0f}", placeholder=tr("override_score"), id="override-score")
            yield Input(placeholder=tr("override_comment"), id="override-comment")
            yield Label("", id="override-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("save"), variant="primary", id="override-save")
                yield Button(tr("cancel"), id="override-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#override-save")
    def _save(self) -> None:
        error = self.query_one("#override-error", Label)
        try:
            score = float(self.query_one("#override-score", Input).value)
        except ValueError:
            error.update(self.tr("score_range"))
            return
        comment = self.query_one("#override-comment", Input).value.strip()
        if not 0 <= score <= 100:
            error.update(self.tr("score_range"))
        elif not comment:
            error.update(self.tr("comment_needed"))
        else:
            self.dismiss((score, comment))

    @on(Button.Pressed, "#override-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class AttemptScreen(SupervisedScreen):
    BINDINGS = [
        Binding("p", "play", "key_replay"),
        Binding("s", "stop", "key_stop"),
        Binding("o", "override", "key_override"),
        Binding("escape", "close", "back"),
    ]

    class DetailLoaded(Message):
        def __init__(self, detail: AttemptDetail) -> None:
            super().__init__()
            self.detail = detail

    class ScoreOverridden(Message):
        def __init__(self, review: Review) -> None:
            super().__init__()
            self.review = review

    def __init__(
        self,
        repository: Any,
        attempt_id: int,
        *,
        player: Any = None,
        supervisor: Supervisor | None = None,
    ) -> None:
        super().__init__(repository, supervisor=supervisor)
        self.attempt_id = attempt_id
        self.player = player
        self.detail: AttemptDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        tr = self.tr
        title = tr("attempt", id=self.attempt_id)
        yield Label(title, id="attempt-title", classes="screen-title")
        with VerticalScroll(id="attempt-body"):
            yield Static(tr("loading"), id="attempt-score")
            yield Static("", id="attempt-dispute")
            for section, part in (("sec_expected", "expected"), ("sec_said", "transcript"),
                                  ("sec_diff", "diff"), ("sec_breakdown", "breakdown"),
                                  ("sec_reviews", "reviews")):  # fmt: skip
                yield Label(tr(section), classes="section")
                yield Static("", id=f"attempt-{part}")
        yield Footer()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="attempt-load")
    def _load(self) -> None:
        self.post_message(self.DetailLoaded(self.service.attempt(self.attempt_id)))

    def on_attempt_screen_detail_loaded(self, message: DetailLoaded) -> None:
        d = self.detail = message.detail
        tr, names = self.tr, Names.of(self.app)
        self.query_one("#attempt-title", Label).update(
            Text(
                f"{tr('attempt', id=d.attempt_id)}: {d.trainee} · {names.pack(d.pack)} / "
                f"{names.scenario(d.scenario, d.pack)} · {names.turn(d.turn, d.pack)} · {tr(d.mode)}"
                f" · {d.created_at.astimezone():%Y-%m-%d %H:%M}"
            )
        )
        self.query_one("#attempt-score", Static).update(describe(d, self.ui))
        dispute = {
            "disputed": tr("dispute_open", reason=d.dispute),
            "resolved": tr("dispute_resolved"),
            "acknowledged": tr("ack_line"),
        }.get(d.status, "")
        self.query_one("#attempt-dispute", Static).update(Text(dispute))
        self.query_one("#attempt-dispute").set_class(d.status == "disputed", "disputed")
        self.query_one("#attempt-expected", Static).update(Text(d.expected))
        self.query_one("#attempt-transcript", Static).update(
            Text(d.transcript or tr("nothing_said"))
        )
        b = d.breakdown
        stored = stored_verdict(b)  # shown as the trainee got it, never scored again
        self.query_one("#attempt-diff", Static).update(
            diff_text(stored.pieces, d.language) if stored else Text(tr("no_diff_stored"))
        )
        lines = [f"• {r}" for r in reason_texts(b, self.ui)]
        lines += [f"  {n}" for n in reason_texts(b, self.ui, "notes")]
        parts = [
            tr("breakdown_completeness", v=f"{b.get('completeness', 0):.0%}"),
            tr("breakdown_accuracy", v=f"{b.get('accuracy', 0):.0%}"),
        ]
        if b.get("fluency") is not None:
            parts.append(tr("breakdown_fluency", v=f"{b['fluency']:.0f}"))
        lines.append(", ".join(parts))
        if d.recording is None:
            lines.append(tr("no_recording_line"))
        self.query_one("#attempt-breakdown", Static).update(Text("\n".join(lines)))
        reviews = "\n".join(review_line(r, self.ui) for r in d.reviews) or tr("not_reviewed")
        self.query_one("#attempt-reviews", Static).update(Text(reviews))

    def action_play(self) -> None:
        if self.detail is None or self.detail.recording is None:
            self.notify(self.tr("no_recording"), severity="warning")
        elif self.player is None:
            self.notify(self.tr("no_player"), severity="warning")
        else:
            self._play(self.detail.recording)

    @work(thread=True, exclusive=True, exit_on_error=False, group="attempt-audio")
    def _play(self, path: Any) -> None:
        self.player.play_file(path)

    def action_stop(self) -> None:
        if self.player is not None:
            self.player.stop()

    def action_override(self) -> None:
        if self.detail is None:
            return
        d = self.detail
        screen = OverrideScreen(d.score, disputed=d.dispute if d.status == "disputed" else "")
        self.app.push_screen(screen, self._override_chosen)

    def _override_chosen(self, choice: tuple[float, str] | None) -> None:
        if choice is not None:
            self._override(*choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="attempt-write")
    def _override(self, score: float, comment: str) -> None:
        assert self.supervisor is not None
        self.service.know_packs(getattr(self.app, "packs", ()))  # the pack's pass mark decides
        review = self.service.override(
            self.attempt_id, self.supervisor, score=score, comment=comment
        )
        self.post_message(self.ScoreOverridden(review))

    def on_attempt_screen_score_overridden(self, message: ScoreOverridden) -> None:
        r = message.review
        self.notify(
            self.tr("override_saved", score=f"{r.score:.0f}", name=r.supervisor), markup=False
        )
        self.reload()

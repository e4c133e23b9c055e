"""``AttemptScreen``: one attempt in full for a supervisor: replay its recording, read the
transcript against the standard phrase, the reasons and the review history, and override the
score with a comment (``OverrideScreen``). A review after a dispute resolves it, whether it
changes the score or keeps it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from trainer.core.align import HOMOPHONE, INSERTION, OMISSION, SUBSTITUTION
from trainer.core.scoring import score_expected
from trainer.storage.records import Review, Supervisor
from trainer.storage.supervision import AttemptDetail, attempt_detail
from trainer.tui.screens.supervised import CSS_FILE, SupervisedScreen

PIECE_STYLES = {
    OMISSION: "bold red strike",
    INSERTION: "bold yellow",
    SUBSTITUTION: "bold magenta",
    HOMOPHONE: "cyan",
}


def diff_text(transcript: str, expected: str, language: str) -> Text:
    """The reply drawn against the standard phrase: omissions struck through in red,
    insertions in yellow, substitutions in magenta (said, then what the phrase has)."""
    verdict = score_expected(transcript, expected, language or "zh")
    out = Text()
    for piece in verdict.pieces:
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
        if language not in ("zh", "ja", ""):
            out.append(" ")
    return out


def describe(d: AttemptDetail) -> str:
    result = "passed" if d.passed else "failed"
    line = f"Score {d.score:.0f} ({result})"
    if d.overridden:
        line += f", scored {d.scored:.0f} ({'passed' if d.scored_passed else 'failed'})"
    return line


def review_line(r: Review) -> str:
    return (
        f"{r.at:%Y-%m-%d %H:%M} {r.supervisor}: {r.score:.0f} "
        f"({'passed' if r.passed else 'failed'}) {r.comment}"
    )


class OverrideScreen(ModalScreen[tuple[float, str] | None]):
    """The new score and the comment saying why; None when cancelled."""

    CSS_PATH = CSS_FILE
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, score: float, *, disputed: str = "") -> None:
        super().__init__()
        self.score = score
        self.disputed = disputed

    def compose(self) -> ComposeResult:
        with Vertical(id="override-box", classes="dialog"):
            yield Label("Override the score", classes="dialog-title")
            if self.disputed:
                yield Label(f"Trainee's dispute: {self.disputed}", id="override-dispute")
            yield Input(f"{self.score:.0f}", placeholder="Score 0-100", id="override-score")
            yield Input(placeholder="Comment (required): why", id="override-comment")
            yield Label("", id="override-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="override-save")
                yield Button("Cancel", id="override-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#override-save")
    def _save(self) -> None:
        error = self.query_one("#override-error", Label)
        try:
            score = float(self.query_one("#override-score", Input).value)
        except ValueError:
            error.update("The score is a number from 0 to 100.")
            return
        comment = self.query_one("#override-comment", Input).value.strip()
        if not 0 <= score <= 100:
            error.update("The score is a number from 0 to 100.")
        elif not comment:
            error.update("Say why in the comment: it is kept with the override.")
        else:
            self.dismiss((score, comment))

    @on(Button.Pressed, "#override-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class AttemptScreen(SupervisedScreen):
    BINDINGS = [
        Binding("p", "play", "Replay"),
        Binding("s", "stop", "Stop"),
        Binding("o", "override", "Override / resolve"),
        Binding("escape", "close", "Back"),
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
        yield Label(f"Attempt {self.attempt_id}", id="attempt-title", classes="screen-title")
        with VerticalScroll(id="attempt-body"):
            yield Static("Loading…", id="attempt-score")
            yield Static("", id="attempt-dispute")
            yield Label("Standard phrase", classes="section")
            yield Static("", id="attempt-expected")
            yield Label("What was said", classes="section")
            yield Static("", id="attempt-transcript")
            yield Label("Against the phrase", classes="section")
            yield Static("", id="attempt-diff")
            yield Label("Breakdown", classes="section")
            yield Static("", id="attempt-breakdown")
            yield Label("Reviews", classes="section")
            yield Static("", id="attempt-reviews")
        yield Footer()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="attempt-load")
    def _load(self) -> None:
        self.post_message(self.DetailLoaded(attempt_detail(self.repository, self.attempt_id)))

    def on_attempt_screen_detail_loaded(self, message: DetailLoaded) -> None:
        d = self.detail = message.detail
        self.query_one("#attempt-title", Label).update(
            f"Attempt {d.attempt_id}: {d.trainee} · {d.pack} / {d.scenario} · {d.turn} · "
            f"{d.mode} · {d.created_at:%Y-%m-%d %H:%M} UTC"
        )
        self.query_one("#attempt-score", Static).update(describe(d))
        dispute = {
            "disputed": f"Disputed by the trainee: {d.dispute}",
            "resolved": "Dispute resolved.",
            "acknowledged": "Acknowledged by the trainee.",
        }.get(d.status, "")
        self.query_one("#attempt-dispute", Static).update(dispute)
        self.query_one("#attempt-dispute").set_class(d.status == "disputed", "disputed")
        self.query_one("#attempt-expected", Static).update(Text(d.expected))
        self.query_one("#attempt-transcript", Static).update(Text(d.transcript or "(nothing)"))
        self.query_one("#attempt-diff", Static).update(
            diff_text(d.transcript, d.expected, d.language)
        )
        b = d.breakdown
        lines = [f"• {r}" for r in b.get("reasons", [])] + [f"  {n}" for n in b.get("notes", [])]
        parts = [
            f"completeness {b.get('completeness', 0):.0%}",
            f"accuracy {b.get('accuracy', 0):.0%}",
        ]
        if b.get("fluency") is not None:
            parts.append(f"fluency {b['fluency']:.0f}")
        lines.append(", ".join(parts))
        if d.recording is None:
            lines.append("No recording (typed reply).")
        self.query_one("#attempt-breakdown", Static).update(Text("\n".join(lines)))
        reviews = "\n".join(review_line(r) for r in d.reviews) or "Not reviewed."
        self.query_one("#attempt-reviews", Static).update(Text(reviews))

    def action_play(self) -> None:
        if self.detail is None or self.detail.recording is None:
            self.notify("This attempt has no recording.", severity="warning")
        elif self.player is None:
            self.notify("No speaker is set up for replay.", severity="warning")
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
        review = self.repository.override(
            self.attempt_id, self.supervisor, score=score, comment=comment
        )
        self.post_message(self.ScoreOverridden(review))

    def on_attempt_screen_score_overridden(self, message: ScoreOverridden) -> None:
        r = message.review
        self.notify(f"Saved: score {r.score:.0f} by {r.supervisor}.")
        self.reload()

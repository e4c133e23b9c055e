"""The score card of one reply: total, pass or fail, why, the three measures, the timings,
and the reply drawn against the standard phrase."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from trainer.tui.labels import t
from trainer.tui.widgets.diff import DiffView


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


class ScoreCard(Vertical):
    """``show(attempt, ui, joiner)`` fills it from a ``core.outcome.Attempt``."""

    def compose(self) -> ComposeResult:
        yield Static(id="verdict")
        yield Static(id="measures")
        yield DiffView(id="diff")
        yield Static(id="legend")
        yield Static(id="reasons")

    def show(self, attempt: Any, ui: str, joiner: str = "", turn: Any = None) -> None:
        """``turn``: the pack's turn; a guided one (own words) is measured by its key points
        said, not by how much of the model answer's wording was."""
        verdict, timing = attempt.verdict, attempt.timing
        mark, style = (
            (t("verdict_pass", ui), "$success")
            if attempt.passed
            else (t("verdict_fail", ui), "$error")
        )
        self.set_class(attempt.passed, "-passed")
        self.set_class(not attempt.passed, "-failed")
        self.query_one("#verdict", Static).update(
            Content.assemble(
                (f" {mark} ", f"bold reverse {style}"),
                "  ",
                (f"{t('score', ui)} {attempt.score:.1f}", "bold"),
            )  # fmt: skip
        )
        fluency = "—" if verdict.fluency is None else f"{verdict.fluency:.0f}"
        ring = "—" if timing.answer_ring is None else f"{timing.answer_ring}/{timing.max_rings}"
        delay = "—" if timing.response_delay is None else f"{timing.response_delay:.1f} s"
        guided = bool(getattr(turn, "guided", False) and getattr(turn, "keys", ()))
        if guided:
            total = len(turn.keys)
            said = max(0, total - len(getattr(verdict, "keys_missing", ())))
            wording = [(t("key_points", ui), f"{said}/{total}")]
        else:
            wording = [
                (t("completeness", ui), _percent(verdict.completeness)),
                (t("accuracy", ui), _percent(verdict.accuracy)),
            ]
        parts = [
            *wording,
            (t("fluency", ui), fluency),
            (t("answer_ring", ui), ring),
            (t("delay", ui), delay),
        ]
        measures: list[Any] = []
        for label, value in parts:
            measures += [(f"{label} ", "$text-muted"), (value, "bold"), "   "]
        self.query_one("#measures", Static).update(Content.assemble(*measures))
        self.query_one("#diff", DiffView).show(
            verdict.pieces, t("reference_answer" if guided else "standard", ui), t("you", ui),
            joiner, verdict.matched,
        )  # fmt: skip
        self.query_one("#legend", Static).update(t("diff_legend", ui))
        reasons = [f"• {text}" for text in attempt.reason_texts(ui)]
        # what cost nothing, and why: extra words within the allowance, recogniser slips
        explained = getattr(verdict, "explanations", lambda: ())()
        reasons += [f"· {note.text(ui)}" for note in explained]
        self.query_one("#reasons", Static).update(Content("\n".join(reasons)))

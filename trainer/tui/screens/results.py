"""The end of a call: each turn's score and why, the total, and what to practise next.

In an exam the results are locked: the trainee sees that the exam was recorded, and the
supervisor releases the scores."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.markup import escape
from textual.widgets import DataTable, Footer, Header, Static

from trainer.tui.labels import t
from trainer.tui.screens.base import Keys, TrainerScreen

PRACTICE_KEYS = (
    ("d", "drill", "drill"),
    ("a", "again", "again"),
    ("escape,enter", "home", "home"),
)
EXAM_KEYS = (("escape,enter", "home", "home"),)
REASONS_CELLS = 64


def _clip(text: str, cells: int) -> str:
    """At most ``cells`` terminal cells (Chinese characters take two), ending in … when cut."""
    if cell_len(text) <= cells:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > cells - 1:
            break
        out += char
    return out + "…"


def path_markup(result: Any, ui: str) -> str:
    """The steps the call went through, by title; a branch taken shows its label."""
    out = f"[b]{t('path', ui)}:[/] "
    for n, item in enumerate(result.path):
        if n:
            label = item.get("label")
            out += f" →〔{escape(str(label))}〕" if label else " → "
        mark = "" if item.get("passed") is not False else " ✗"
        out += escape(str(item.get("title") or item["step"])) + mark
    return out


class ResultsScreen(TrainerScreen):
    DEFAULT_CSS = """
    #results-path { height: auto; padding: 0 2 1 2; }
    #turn-reasons { height: auto; padding: 0 2; color: $text-muted; }
    """
    KEYS: Keys = PRACTICE_KEYS  # an exam offers EXAM_KEYS

    def __init__(self, result: Any, pack: Any, scenario: Any, trainee: str) -> None:
        super().__init__()
        self._turn_reasons: list[list[str]] = []
        self.result, self.pack, self.scenario, self.trainee = result, pack, scenario, trainee
        self.exam = result.mode == "exam"
        self.KEYS = EXAM_KEYS if self.exam else PRACTICE_KEYS

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="results-title")
        yield Static(id="results-total")
        if not self.exam and self.scenario.branching:
            yield Static(id="results-path")
        if not self.exam:
            yield DataTable(id="turns", cursor_type="row", zebra_stripes=True)
            yield Static(id="turn-reasons")  # the highlighted turn's reasons, whole
            yield Static(id="practise-next")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        ui, result = self.ui, self.result
        self.query_one("#results-title", Static).update(
            f"[b]{t('results', ui)}[/]  ·  {escape(self.scenario.title)}  ·  {escape(self.trainee or '—')}"
        )
        ended = {"missed": t("ended_missed", ui), "hung_up": t("ended_hung_up", ui)}
        if self.exam:
            self.query_one("#results-total", Static).update(
                f"✔ {t('exam_locked', ui, n=len(result.turns))}"
            )
            return
        mark, style = (
            (t("verdict_pass", ui), "$success")
            if result.passed
            else (t("verdict_fail", ui), "$error")
        )
        lines = [
            f"[bold reverse {style}] {mark} [/]  [b]{t('total', ui)} {result.score:.1f}[/]"
            f"  ({t('pass_mark', ui)} {result.pass_mark:g})"
        ]
        if result.pickup_ring is not None:
            lines.append(f"☎ {t('picked_up', ui, n=result.pickup_ring)}")
        if result.ended in ended:
            lines.append(f"[$warning]{ended[result.ended]}[/]")
        lines += [f"• {escape(text)}" for text in result.reason_texts(ui)]
        self.query_one("#results-total", Static).update("\n".join(lines))
        if self.scenario.branching:
            self.query_one("#results-path", Static).update(path_markup(result, ui))
        table = self.query_one("#turns", DataTable)
        table.add_columns("#", t("turn", ui), t("score", ui), "", t("tries", ui), t("reasons", ui))
        self._turn_reasons = [turn.reason_texts(ui) for turn in result.turns]
        for turn in result.turns:
            mark = t("verdict_pass", ui) if turn.passed else t("verdict_fail", ui)
            joiner = "" if ui == "zh" else "; "  # a Chinese reason ends in 。 already
            reasons = _clip(joiner.join(turn.reason_texts(ui)) or "—", REASONS_CELLS)
            table.add_row(
                str(turn.index + 1), Text(turn.title or turn.turn), f"{turn.score:.1f}", mark,
                str(turn.tries), Text(reasons),
            )  # fmt: skip
        if result.practise_next:
            items = [
                f"• [b]{escape(item.title or item.turn)}[/] ({item.score:.0f}): {escape(item.hint)}"
                for item in result.practise_next
            ]
        else:
            items = [t("nothing_to_practise", ui)]
        self.query_one("#practise-next", Static).update(
            f"[b]{t('practise_next', ui)}[/]\n" + "\n".join(items)
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The table's cell is cut to fit; below it, the highlighted turn's reasons whole."""
        texts = self._turn_reasons[event.cursor_row] if self._turn_reasons else []
        self.query_one("#turn-reasons", Static).update(
            "\n".join(f"• {escape(text)}" for text in texts)
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("drill", "again") and self.exam:
            return False
        if action == "drill":
            return bool(self.result.practise_next)
        return True

    def action_home(self) -> None:
        self.trainer.back_home()

    def action_again(self) -> None:
        self._restart(self.scenario)

    def action_drill(self) -> None:
        from trainer.practice import drill_scenario

        self._restart(drill_scenario(self.result, self.pack))

    def _restart(self, scenario: Any) -> None:
        app = self.trainer
        self.dismiss()
        app.start_call(scenario, "practice", self.pack)

"""``trainer score-text``: score typed or transcribed replies (one, or a JSONL batch)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from trainer.errors import TrainerError

if TYPE_CHECKING:
    from trainer.core.scoring import Channel, Verdict


def _ui_for(lang: str, ui: str | None) -> str:
    return ui or ("zh" if lang == "zh" else "en")


def _print_verdict(v: Verdict, ui: str) -> None:
    mark = "PASS" if v.passed else "FAIL"
    click.echo(
        f"{mark}  {v.score:.1f}/100  (completeness {v.completeness:.0%}, accuracy {v.accuracy:.0%})"
    )
    click.echo(f"  standard: {v.matched}")
    for text in v.reason_texts(ui):
        click.echo(f"  - {text}")
    for note in v.explanations():
        click.echo(f"  · {note.text(ui)}")


@click.command("score-text")
@click.option("--pack", "pack_id", help="Pack id (or folder) whose turn to score against.")
@click.option("--turn", "turn_id", help="Turn id within the pack, e.g. phone.answer.")
@click.option("--lang", type=click.Choice(["zh", "ko", "en"]), help="Language, with --expected.")
@click.option("--expected", help="The standard phrase ([a|b] alternatives allowed).")
@click.option("--reply", help="What the trainee said.")
@click.option(
    "--jsonl",
    "jsonl",
    type=click.File("rb"),
    help="Batch: JSON lines in (FILE or -), one result a line out; exit 1 if any line failed.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--source",
    type=click.Choice(["text", "asr"]),
    default="text",
    show_default=True,
    help="asr: the reply is a recogniser's transcript; its expected error rate is forgiven.",
)
@click.option(
    "--ui",
    type=click.Choice(["en", "zh", "ko"]),
    help="Language of the reasons (default: the pack's language, zh or ko; else en).",
)
@click.option(
    "--pass-mark",
    type=click.IntRange(1, 100),
    help="Pass mark with --expected (default 80; packs set their own).",
)
def score_text(
    pack_id: str | None,
    turn_id: str | None,
    lang: str | None,
    expected: str | None,
    reply: str | None,
    jsonl: Any,
    as_json: bool,
    source: str,
    ui: str | None,
    pass_mark: int | None,
) -> None:
    """Score a reply against a pack's turn or a given standard phrase.

    \b
    trainer score-text --pack property-zh --turn phone.answer --reply "您好，宇和物业管理客户服务中心，请讲"
    trainer score-text --lang ko --expected "기다려 주셔서 감사합니다" --reply "기다려 주셔서 감사합니다"
    trainer score-text --pack property-zh --jsonl replies.jsonl     # {"turn", "reply"} a line
    """
    # imported here: the scorer (and pypinyin) load only when a command needs them
    from trainer.core.scoring import TEXT, PackScorer, asr_channel, score_expected

    if bool(pack_id) == bool(lang):
        raise click.UsageError("give either --pack (with --turn) or --lang (with --expected)")
    scorer = None
    if pack_id:
        from trainer.packs import load_pack

        scorer = PackScorer(load_pack(pack_id))
        lang = scorer.pack.language
    assert lang is not None
    ui = ui or ("ko" if lang == "ko" else _ui_for(lang, None))

    def channel_for(src: str) -> Channel:
        return TEXT if src == "text" else asr_channel(lang or "zh")

    def run(turn: str | None, exp: str | None, said: str, src: str, words: Any = None) -> Verdict:
        if scorer is not None:
            if not turn:
                raise TrainerError("--turn is needed with --pack (the pack's turn id)")
            try:
                return scorer.score(turn, said, channel=channel_for(src), words=words)
            except KeyError as exc:
                raise TrainerError(str(exc.args[0])) from None
        if not exp:
            raise TrainerError("--expected is needed with --lang")
        return score_expected(
            said, exp, lang or "zh", channel=channel_for(src), pass_mark=pass_mark or 80
        )

    if jsonl is not None:
        from trainer.cli.batchlines import score_lines

        failed = score_lines(jsonl, run, ui, source, by_pack=scorer is not None)
        if failed:
            click.echo(f"{failed} line(s) could not be scored; see their error objects", err=True)
            sys.exit(1)
        return
    if reply is None:
        raise click.UsageError("give --reply TEXT (or --jsonl FILE)")
    verdict = run(turn_id, expected, reply, source)
    if as_json:
        out = (
            {"turn": turn_id, "expected": expected, "reply": reply}
            if scorer is None
            else {"turn": turn_id, "reply": reply}
        )
        out = {k: v for k, v in out.items() if v is not None}
        click.echo(json.dumps({**out, **verdict.as_dict(ui)}, ensure_ascii=False))
    else:
        _print_verdict(verdict, ui)


COMMANDS = (score_text,)

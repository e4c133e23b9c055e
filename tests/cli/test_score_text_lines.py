"""`trainer score-text --jsonl`: every line answered, whatever it holds; exit 0/1/2."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from trainer.cli import cli

GOOD = json.dumps({"turn": "reception.wait", "reply": "对不起，请您稍候。"}, ensure_ascii=False)


def _run(data: bytes, *args: str):
    return CliRunner().invoke(
        cli, ["score-text", "--pack", "property-zh", "--jsonl", "-", *args], input=data
    )


def test_every_hostile_line_gets_an_error_object_and_the_run_goes_on() -> None:
    lines = [
        GOOD.encode(),
        json.dumps({"reply": "您好"}).encode(),  # no turn
        b"{not json",
        b'{"turn": "reception.wait", "reply": "\xff\xfe bad bytes"}',
        b"[" * 100000 + b"]" * 100000,  # deep nesting
        json.dumps({"turn": ["reception.wait"], "reply": "x"}).encode(),  # list for text
        b'{"turn": "reception.wait", "reply": "\\ud800 lone"}',  # lone surrogate
        json.dumps({"turn": "reception.wait", "reply": 5}).encode(),
        json.dumps({"turn": "reception.wait", "reply": "x", "source": "radio"}).encode(),
        b"42",
        GOOD.encode(),
    ]
    r = _run(b"\n".join(lines))
    assert r.exit_code == 1, r.output
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["passed"] is True and out[-1]["passed"] is True
    errors = {o["line"]: o["error"] for o in out if "error" in o}
    assert errors[2] == 'the JSON field "turn" is missing'
    assert errors[3].startswith("line 3 is not JSON")
    assert errors[4].startswith("line 4 is not UTF-8")
    assert "nested too deeply" in errors[5]
    assert errors[6] == 'the JSON field "turn" must be text, not a list'
    assert "lone surrogate" in errors[7]
    assert errors[8] == 'the JSON field "reply" must be text, not a number'
    assert "text or asr" in errors[9]
    assert "JSON object" in errors[10]
    assert "error" not in out[0] and "reason_codes" in out[0]


def test_exit_0_when_every_line_scored_even_if_replies_fail() -> None:
    fail = json.dumps({"turn": "reception.wait", "reply": "烦死了"}, ensure_ascii=False)
    r = _run((GOOD + "\n" + fail + "\n").encode())
    assert r.exit_code == 0
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert out[1]["passed"] is False and "conduct.impatient" in out[1]["reason_codes"]


def test_bad_invocation_exits_2() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "trainer", "score-text", "--pack", "property-zh", "--lang", "zh"],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_asr_words_decide_noise_from_confidence() -> None:
    """The same transcript: a clause the recogniser was sure of is speech (and fails the turn
    as an extra clause); the same words heard with low confidence are forgiven as noise."""
    reply = "对不起 请您稍候 今天水费已经查了"
    words = [{"word": w, "conf": 1.0} for w in ("对不起", "请您稍候")]
    sure = words + [{"word": "今天水费已经查了", "conf": 0.98}]
    unsure = words + [{"word": "今天水费已经查了", "conf": 0.4}]
    rows = [
        {"turn": "reception.wait", "reply": reply, "source": "asr", "words": sure},
        {"turn": "reception.wait", "reply": reply, "source": "asr", "words": unsure},
    ]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
    r = _run(data)
    assert r.exit_code == 0, r.output
    said, noise = (json.loads(line) for line in r.stdout.splitlines())
    assert said["passed"] is False and "extra" in said["reason_codes"]
    assert noise["passed"] is True and "noise_forgiven" in noise["note_codes"]

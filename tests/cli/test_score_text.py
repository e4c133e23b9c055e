"""`trainer score-text` and `trainer pack ...`: the contract other tools rely on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import SHARED
from trainer.cli import cli


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_score_one_reply_json() -> None:
    r = run(
        "score-text",
        "--pack",
        "property-zh",
        "--turn",
        "phone.answer",
        "--reply",
        "您好 雨和 物业 管理 客户 服务 中心 请 讲",
        "--json",
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["passed"] is True and out["score"] >= 99
    assert out["matched"] == "您好！宇和物业管理客户服务中心，请讲。"
    assert set(out) >= {
        "score",
        "passed",
        "reasons",
        "matched",
        "miscues",
        "turn",
        "reply",
        "scorer_version",
    }


def test_score_with_expected_text() -> None:
    r = run(
        "score-text",
        "--lang",
        "zh",
        "--expected",
        "对不起，请您稍候。",
        "--reply",
        "请您稍候",
        "--json",
    )
    out = json.loads(r.output)
    assert r.exit_code == 0 and out["passed"] is False
    assert out["miscues"][0] == {
        "kind": "omission",
        "expected": "对不起",
        "said": "",
        "position": 0,
    }


def test_jsonl_batch_keeps_fields_and_reports_bad_lines() -> None:
    lines = "\n".join(
        [
            json.dumps(
                {"id": 1, "turn": "reception.wait", "reply": "对不起 请 您 稍后"},
                ensure_ascii=False,
            ),
            json.dumps({"id": 2, "turn": "no.such", "reply": "x"}),
            "{not json",
            json.dumps({"id": 4, "turn": "reception.wait"}),
            json.dumps({"id": 5, "turn": "reception.wait", "reply": "等着"}, ensure_ascii=False),
        ]
    )
    r = run("score-text", "--pack", "property-zh", "--jsonl", "-", input=lines)
    assert r.exit_code == 1  # some lines could not be scored
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(out) == 5
    assert out[0]["id"] == 1 and out[0]["passed"] is True
    assert "no turn 'no.such'" in out[1]["error"] and out[1]["line"] == 2
    assert out[2]["line"] == 3 and "error" in out[2]
    assert out[3]["id"] == 4 and "reply" in out[3]["error"]
    assert out[4]["passed"] is False and out[4]["reasons"]


def test_expected_lines_in_lang_mode() -> None:
    line = json.dumps(
        {"expected": "기다려 주셔서 감사합니다", "reply": "기다려 주셔서 감사합니다"},
        ensure_ascii=False,
    )
    r = run("score-text", "--lang", "ko", "--jsonl", "-", input=line)
    assert json.loads(r.stdout)["passed"] is True


def test_bad_input_exits_2_with_one_line_and_no_traceback() -> None:
    cmd = [
        sys.executable,
        "-m",
        "trainer",
        "score-text",
        "--pack",
        "nope",
        "--turn",
        "x",
        "--reply",
        "y",
    ]
    p = subprocess.run(cmd, capture_output=True, text=True)
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    assert p.stderr.strip().count("\n") == 0 and "no pack 'nope'" in p.stderr


def test_pack_check_names_file_field_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "p" / "pack.yaml"
    bad.parent.mkdir()
    bad.write_text(
        "id: p\ntitle: T\nlanguage: zh\nturns:\n  a: 您好\nscenarios:\n  - id: s\n    title: S\n    steps:\n      - turn: zz\n",
        encoding="utf-8",
    )
    p = subprocess.run(
        [sys.executable, "-m", "trainer", "pack", "check", str(bad)], capture_output=True, text=True
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert f"{bad}:10: scenarios[0].steps[0].turn: unknown turn 'zz'" in p.stderr


def test_pack_check_default_packs_ok() -> None:
    root = Path(__file__).resolve().parents[2] / "scripts"
    r = run("pack", "check", str(root))
    assert r.exit_code == 0, r.output
    assert "property-zh: 15 turns" in r.output


def test_pack_list_and_show() -> None:
    r = run("pack", "list")
    assert "property-zh" in r.output and "callcentre-ko" in r.output
    r = run("pack", "show", "property-zh")
    assert "您好！宇和物业管理客户服务中心，请讲。" in r.output and "angry-resident" in r.output


def test_pack_import_drafts_the_seed(tmp_path: Path) -> None:
    seed = SHARED / "seed" / "000_719b967ae0312b78.txt"
    if not seed.exists():
        import pytest

        pytest.skip("../shared/seed is not present")
    r = run("pack", "import", str(seed), "--company", "宇和物业管理", "--out", str(tmp_path))
    assert r.exit_code == 0, r.output
    r = run("pack", "check", str(tmp_path / "draft"))
    assert r.exit_code == 0 and "12 turns" in r.output


def test_pack_show_lists_conduct_families_and_courtesy() -> None:
    r = run("pack", "show", "property-zh")
    assert r.exit_code == 0, r.output
    assert "conduct.buck:" in r.output and "conduct.disclose:" in r.output
    assert "找物业公司去" in r.output  # the pack's own cue, added to the defaults
    assert "courtesy" in r.output and "欢迎您再次来电" in r.output and "好的" in r.output
    assert "service words" in r.output and "第一时间" in r.output
    ko = run("pack", "show", "callcentre-ko")
    assert "conduct.buck:" in ko.output and "conduct.disclose:" in ko.output


def test_pack_check_names_a_bad_pattern_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "p" / "pack.yaml"
    bad.parent.mkdir()
    bad.write_text(
        "id: p\ntitle: T\nlanguage: zh\nturns:\n  a: 您好\nconduct:\n  rude:\n"
        "    patterns: ['re:(a|aa']\n",
        encoding="utf-8",
    )
    p = subprocess.run(
        [sys.executable, "-m", "trainer", "pack", "check", str(bad)], capture_output=True, text=True
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert f"{bad}:8: conduct.rude.patterns[0]:" in p.stderr and "does not compile" in p.stderr


def test_json_carries_reason_codes_and_forgiven_slips() -> None:
    r = run(
        "score-text",
        "--pack",
        "property-zh",
        "--turn",
        "reception.wait",
        "--reply",
        "对不起 请 您 稍后 烦 死 了",
        "--json",
    )
    out = json.loads(r.output)
    assert out["passed"] is False and out["reason_codes"] == ["conduct.impatient"]
    assert {"kind": "homophone", "expected": "候", "said": "后", "why": "same sound"} in out[
        "forgiven"
    ]

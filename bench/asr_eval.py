"""Korean speech evaluation: CER of `trainer transcribe`, and the three score-audio rates.

On ../shared/speech/ko-emotiontts (real read speech, 230 clips):
- CER: `trainer transcribe --lang ko --jsonl` against the reference, spaces and punctuation
  removed;
- with the scorer as `trainer score-audio --lang ko --expected` uses it (``asr_channel("ko")``):
  own       each clip passes against its own transcript           (goal >= 97%)
  different each clip fails against another sentence's transcript  (goal >= 99.5%)
  cut       the clip cut at 55% of its length fails against its own (goal >= 97%)

    uv run python bench/asr_eval.py                 # all 230 clips (~10 min on 2 cores)
    uv run python bench/asr_eval.py --sample 40     # the fixed sample the adapter test uses
    uv run python bench/asr_eval.py --save t.jsonl  # keep the decoded transcripts ...
    uv run python bench/asr_eval.py --load t.jsonl  # ... and rescore them without decoding

The decoding runs the real CLI in a subprocess; scoring runs in-process (score_expected with
the same channel), so a scorer change can be measured on saved transcripts in a second.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "speech" / "ko-emotiontts"
CUT = 0.55
GOALS = {"own": 0.97, "different": 0.995, "cut": 0.97}


@dataclass(frozen=True)
class Clip:
    audio: Path
    text: str


def load_corpus(corpus: Path = CORPUS) -> list[Clip]:
    with (corpus / "transcripts.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return sorted((Clip(corpus / r["audio"], r["text"]) for r in rows), key=lambda c: c.audio.name)


def sample(clips: list[Clip], n: int | None) -> list[Clip]:
    """A fixed, evenly spread sample (every k-th clip in name order)."""
    if not n or n >= len(clips):
        return clips
    step = len(clips) / n
    return [clips[int(i * step)] for i in range(n)]


def plain(text: str) -> str:
    """Spaces and punctuation removed, for the character error rate."""
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PS"
    )


def cer(pairs: list[tuple[str, str]]) -> float:
    """Total edits over total reference characters: (reference, hypothesis) pairs."""
    edits = sum(Levenshtein.distance(plain(ref), plain(hyp)) for ref, hyp in pairs)
    return edits / max(1, sum(len(plain(ref)) for ref, _ in pairs))


def partner(clips: list[Clip], i: int) -> Clip:
    """Another clip with a different sentence (a fixed stride through the list)."""
    n = len(clips)
    for k in range(97 % n or 1, 97 % n + n):
        other = clips[(i + k) % n]
        if plain(other.text) != plain(clips[i].text):
            return other
    raise ValueError("every clip says the same sentence")


def cut_samples(samples, share: float = CUT):  # noqa: ANN001, ANN201 - numpy array in, out
    return samples[: int(len(samples) * share)]


def rates(clips: list[Clip], heard: dict[str, str], heard_cut: dict[str, str]) -> dict[str, object]:
    """Score transcripts as score-audio does; returns the rates and the failing examples."""
    from trainer.core.scoring import asr_channel, score_expected

    channel = asr_channel("ko")

    def passed(said: str, expected: str) -> bool:
        return score_expected(said, expected, "ko", channel=channel).passed

    misses: dict[str, list[dict[str, str]]] = {"own": [], "different": [], "cut": []}
    for i, clip in enumerate(clips):
        key, other = str(clip.audio), partner(clips, i)
        said, said_cut = heard[key], heard_cut[key]
        if not passed(said, clip.text):
            misses["own"].append({"audio": clip.audio.name, "expected": clip.text, "heard": said})
        if passed(said, other.text):
            misses["different"].append(
                {"audio": clip.audio.name, "expected": other.text, "heard": said}
            )
        if passed(said_cut, clip.text):
            misses["cut"].append(
                {"audio": clip.audio.name, "expected": clip.text, "heard": said_cut}
            )
    n = len(clips)
    out: dict[str, object] = {name: 1 - len(m) / n for name, m in misses.items()}
    out["cer"] = cer([(c.text, heard[str(c.audio)]) for c in clips])
    out["clips"] = n
    out["misses"] = misses
    return out


def decode_with_cli(files: list[Path], workers: int) -> dict[str, str]:
    """`trainer transcribe --lang ko --jsonl`, as a user would run it."""
    cmd = [
        sys.executable,
        "-m",
        "trainer",
        "transcribe",
        "--lang",
        "ko",
        "--jsonl",
        "--workers",
        str(workers),
    ]
    done = subprocess.run(
        cmd + [str(f) for f in files], capture_output=True, text=True, check=False
    )
    heard = {}
    for line in done.stdout.splitlines():
        item = json.loads(line)
        heard[item["audio"]] = item.get("text", "")
    missing = [f for f in files if str(f) not in heard]
    if missing:
        raise SystemExit(
            f"transcribe gave nothing for {len(missing)} file(s): {done.stderr[-500:]}"
        )
    return heard


def decode(clips: list[Clip], workers: int) -> tuple[dict[str, str], dict[str, str]]:
    from trainer.audio.files import read_audio, write_wav

    heard = decode_with_cli([c.audio for c in clips], workers)
    with tempfile.TemporaryDirectory() as tmp:
        cut_files = {}
        for c in clips:
            cut_files[str(c.audio)] = write_wav(
                Path(tmp) / f"{c.audio.stem}.wav", cut_samples(read_audio(c.audio).samples)
            )
        cut_heard = decode_with_cli(list(cut_files.values()), workers)
    return heard, {key: cut_heard[str(path)] for key, path in cut_files.items()}


def report(result: dict[str, object], examples: int = 5) -> str:
    lines = [f"clips: {result['clips']}   CER (no spaces/punctuation): {result['cer']:.1%}"]
    misses = result["misses"]
    assert isinstance(misses, dict)
    for name, goal in GOALS.items():
        rate = result[name]
        assert isinstance(rate, float)
        verdict = "ok" if rate >= goal else "MISSED"
        label = {
            "own": "passes own transcript",
            "different": "fails a different sentence",
            "cut": f"cut at {CUT:.0%} fails own",
        }[name]
        lines.append(
            f"{label:30} {rate:7.1%}  (goal >= {goal:.1%}: {verdict}; {len(misses[name])} miss)"
        )
        for m in misses[name][:examples]:
            lines.append(f"    {m['audio']}: expected {m['expected']!r} heard {m['heard']!r}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, help="Use a fixed sample of N clips.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--save", type=Path, help="Save the decoded transcripts (JSON lines).")
    parser.add_argument("--load", type=Path, help="Rescore saved transcripts; no decoding.")
    parser.add_argument("--examples", type=int, default=8, help="Failing examples shown per rate.")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} is absent: nothing to evaluate")
    clips = sample(load_corpus(), args.sample)
    if args.load:
        saved = [json.loads(line) for line in args.load.read_text(encoding="utf-8").splitlines()]
        by_audio = {str(CORPUS / s["audio"]): s for s in saved}
        clips = [c for c in clips if str(c.audio) in by_audio]
        heard = {k: v["heard"] for k, v in by_audio.items()}
        heard_cut = {k: v["heard_cut"] for k, v in by_audio.items()}
    else:
        heard, heard_cut = decode(clips, args.workers)
    if args.save:
        with args.save.open("w", encoding="utf-8") as f:
            for c in clips:
                key = str(c.audio)
                row = {
                    "audio": str(c.audio.relative_to(CORPUS)),
                    "text": c.text,
                    "heard": heard[key],
                    "heard_cut": heard_cut[key],
                }
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(report(rates(clips, heard, heard_cut), args.examples))


if __name__ == "__main__":
    main()

"""Reasons in words a trainee understands, in English or Chinese."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.core.labels import Labels, render

REASONS: Labels = {  # language -> reason code -> text
    "en": {
        "stored_text": "{text}",
        "blocker": "{reason}",
        "key_missing": "The phrase must include “{key}”.",
        "omission": "Left out “{expected}”.",
        "substitution": "Said “{said}” instead of “{expected}”.",
        "extra": "Extra words: “{said}”.",
        "homophone": "Heard “{said}” for “{expected}”: same sound, not held against you.",
        "stopped_early": "Stopped before the end: only {percent}% of the standard phrase was said.",
        "incomplete": "Only {percent}% of the standard phrase was said; say it in full: “{model}”.",
        "not_standard": "Not the standard phrase: use “{model}”.",
        "too_short": "Too short or curt: the standard phrase is “{model}”.",
        "wrong_moment": "That is the phrase for {other}; here you need “{model}”.",
        "no_reply": "Nothing was said.",
        "late_pickup": "Picked up on ring {ring}; answer within {max_rings} rings.",
        "slow_response": "Took {seconds:.1f} s to start replying; answer promptly.",
        "too_fast": "Spoke too fast ({rate:.1f} per second); slow down so the caller can follow.",
        "too_slow": "Spoke too slowly ({rate:.1f} per second).",
        "long_pause": "Paused for {seconds:.1f} s in the middle of the reply.",
        "missing_keys_guided": "Missing what this moment needs: {keys}.",
    },
    "zh": {
        "stored_text": "{text}",
        "blocker": "{reason}",
        "key_missing": "必须说出“{key}”。",
        "omission": "漏说了“{expected}”。",
        "substitution": "把“{expected}”说成了“{said}”。",
        "extra": "多说了“{said}”。",
        "homophone": "识别为“{said}”（与“{expected}”同音），不扣分。",
        "stopped_early": "没有说完：只说了标准用语的{percent}%。",
        "incomplete": "标准用语只说了{percent}%，请完整地说：“{model}”。",
        "not_standard": "没有使用标准用语，应说：“{model}”。",
        "too_short": "回答过于简短生硬，标准用语是：“{model}”。",
        "wrong_moment": "这是“{other}”时用的话，此时应说：“{model}”。",
        "no_reply": "没有应答。",
        "late_pickup": "第{ring}声才接听，应在{max_rings}响之内接听。",
        "slow_response": "过了{seconds:.1f}秒才开始回答，应及时应答。",
        "too_fast": "语速过快（每秒{rate:.1f}字），请放慢语速。",
        "too_slow": "语速过慢（每秒{rate:.1f}字）。",
        "long_pause": "回答中间停顿了{seconds:.1f}秒。",
        "missing_keys_guided": "缺少此时必须表达的内容：{keys}。",
    },
}


@dataclass(frozen=True)
class Reason:
    code: str
    args: tuple[tuple[str, object], ...] = ()
    points: float = 0.0  # points this reason cost (0 for notes)

    def text(self, ui: str = "en") -> str:
        return render(REASONS, self.code, ui, **dict(self.args))


def reason(code: str, points: float = 0.0, **args: object) -> Reason:
    return Reason(code, tuple(sorted(args.items())), points)

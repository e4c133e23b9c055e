"""Reasons in words a trainee understands, in English or Chinese."""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATES: dict[str, dict[str, str]] = {
    "blocker": {"en": "{reason}", "zh": "{reason}"},
    "key_missing": {
        "en": "The phrase must include “{key}”.",
        "zh": "必须说出“{key}”。",
    },
    "omission": {"en": "Left out “{expected}”.", "zh": "漏说了“{expected}”。"},
    "substitution": {
        "en": "Said “{said}” instead of “{expected}”.",
        "zh": "把“{expected}”说成了“{said}”。",
    },
    "extra": {"en": "Extra words: “{said}”.", "zh": "多说了“{said}”。"},
    "homophone": {
        "en": "Heard “{said}” for “{expected}”: same sound, not held against you.",
        "zh": "识别为“{said}”（与“{expected}”同音），不扣分。",
    },
    "stopped_early": {
        "en": "Stopped before the end: only {percent}% of the standard phrase was said.",
        "zh": "没有说完：只说了标准用语的{percent}%。",
    },
    "incomplete": {
        "en": "Only {percent}% of the standard phrase was said; say it in full: “{model}”.",
        "zh": "标准用语只说了{percent}%，请完整地说：“{model}”。",
    },
    "not_standard": {
        "en": "Not the standard phrase: use “{model}”.",
        "zh": "没有使用标准用语，应说：“{model}”。",
    },
    "too_short": {
        "en": "Too short or curt: the standard phrase is “{model}”.",
        "zh": "回答过于简短生硬，标准用语是：“{model}”。",
    },
    "wrong_moment": {
        "en": "That is the phrase for {other}; here you need “{model}”.",
        "zh": "这是“{other}”时用的话，此时应说：“{model}”。",
    },
    "no_reply": {"en": "Nothing was said.", "zh": "没有应答。"},
    "late_pickup": {
        "en": "Picked up on ring {ring}; answer within {max_rings} rings.",
        "zh": "第{ring}声才接听，应在{max_rings}响之内接听。",
    },
    "slow_response": {
        "en": "Took {seconds:.1f} s to start replying; answer promptly.",
        "zh": "过了{seconds:.1f}秒才开始回答，应及时应答。",
    },
    "too_fast": {
        "en": "Spoke too fast ({rate:.1f} per second); slow down so the caller can follow.",
        "zh": "语速过快（每秒{rate:.1f}字），请放慢语速。",
    },
    "too_slow": {
        "en": "Spoke too slowly ({rate:.1f} per second).",
        "zh": "语速过慢（每秒{rate:.1f}字）。",
    },
    "long_pause": {
        "en": "Paused for {seconds:.1f} s in the middle of the reply.",
        "zh": "回答中间停顿了{seconds:.1f}秒。",
    },
    "missing_keys_guided": {
        "en": "Missing what this moment needs: {keys}.",
        "zh": "缺少此时必须表达的内容：{keys}。",
    },
}


@dataclass(frozen=True)
class Reason:
    code: str
    args: tuple[tuple[str, object], ...] = ()
    points: float = 0.0  # points this reason cost (0 for notes)

    def text(self, ui: str = "en") -> str:
        template = TEMPLATES[self.code]
        return template.get(ui, template["en"]).format(**dict(self.args))


def reason(code: str, points: float = 0.0, **args: object) -> Reason:
    return Reason(code, tuple(sorted(args.items())), points)

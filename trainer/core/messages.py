"""Reasons in words a trainee understands, in English, Chinese or Korean.

Each reason has a stable code (``conduct.rude``, ``extra``, ``omission``...) that batch QA
counts; the text is rendered in the viewer's language (English when a text is missing)."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.core.labels import Labels

TEMPLATES: dict[str, dict[str, str]] = {  # code -> language -> text
    "stored_text": {"en": "{text}", "zh": "{text}", "ko": "{text}"},
    "blocker": {"en": "{reason}", "zh": "{reason}", "ko": "{reason}"},
    "key_missing": {
        "en": "The phrase must include “{key}”.",
        "zh": "必须说出“{key}”。",
        "ko": "“{key}”를 꼭 말해야 합니다.",
    },
    "omission": {
        "en": "Left out “{expected}”.",
        "zh": "漏说了“{expected}”。",
        "ko": "“{expected}”를 빠뜨렸습니다.",
    },
    "substitution": {
        "en": "Said “{said}” instead of “{expected}”.",
        "zh": "把“{expected}”说成了“{said}”。",
        "ko": "“{expected}” 대신 “{said}”라고 했습니다.",
    },
    "extra": {
        "en": "Extra words: “{said}”.",
        "zh": "多说了“{said}”。",
        "ko": "덧붙인 말: “{said}”.",
    },
    "homophone": {
        "en": "“{said}” sounds the same as “{expected}”: not held against you.",
        "zh": "“{said}”与“{expected}”同音，不扣分。",
        "ko": "“{said}”는 “{expected}”와 같은 소리: 감점하지 않았습니다.",
    },
    "stopped_early": {
        "en": "Stopped before the end: only {percent}% of the standard phrase was said.",
        "zh": "没有说完：只说了标准用语的{percent}%。",
        "ko": "끝까지 말하지 않았습니다: 표준 화법의 {percent}%만 말했습니다.",
    },
    "incomplete": {
        "en": "Only {percent}% of the standard phrase was said; say it in full: “{model}”.",
        "zh": "标准用语只说了{percent}%，请完整地说：“{model}”。",
        "ko": "표준 화법의 {percent}%만 말했습니다. 끝까지 말하세요: “{model}”.",
    },
    "not_standard": {
        "en": "Not the standard phrase: use “{model}”.",
        "zh": "没有使用标准用语，应说：“{model}”。",
        "ko": "표준 화법이 아닙니다. “{model}”라고 말하세요.",
    },
    "too_short": {
        "en": "Too short or curt: the standard phrase is “{model}”.",
        "zh": "回答过于简短生硬，标准用语是：“{model}”。",
        "ko": "너무 짧고 딱딱합니다. 표준 화법: “{model}”.",
    },
    "wrong_moment": {
        "en": "That is the phrase for {other}; here you need “{model}”.",
        "zh": "这是“{other}”时用的话，此时应说：“{model}”。",
        "ko": "“{other}”에 쓰는 말입니다. 지금은 “{model}”라고 해야 합니다.",
    },
    "no_reply": {"en": "Nothing was said.", "zh": "没有应答。", "ko": "아무 말도 하지 않았습니다."},
    "late_pickup": {
        "en": "Picked up on ring {ring}; answer within {max_rings} rings.",
        "zh": "第{ring}声才接听，应在{max_rings}响之内接听。",
        "ko": "{ring}번째 벨에 받았습니다. {max_rings}번 안에 받으세요.",
    },
    "slow_response": {
        "en": "Took {seconds:.1f} s to start replying; answer promptly.",
        "zh": "过了{seconds:.1f}秒才开始回答，应及时应答。",
        "ko": "대답까지 {seconds:.1f}초 걸렸습니다. 바로 응답하세요.",
    },
    "too_fast": {
        "en": "Spoke too fast ({rate:.1f} per second); slow down so the caller can follow.",
        "zh": "语速过快（每秒{rate:.1f}字），请放慢语速。",
        "ko": "너무 빠릅니다(초당 {rate:.1f}음절). 천천히 말하세요.",
    },
    "too_slow": {
        "en": "Spoke too slowly ({rate:.1f} per second).",
        "zh": "语速过慢（每秒{rate:.1f}字）。",
        "ko": "너무 느립니다(초당 {rate:.1f}음절).",
    },
    "long_pause": {
        "en": "Paused for {seconds:.1f} s in the middle of the reply.",
        "zh": "回答中间停顿了{seconds:.1f}秒。",
        "ko": "대답 중간에 {seconds:.1f}초 멈췄습니다.",
    },
    "too_long": {
        "en": "Far longer than the standard phrase ({chars} characters): say “{model}”.",
        "zh": "回答远远长于标准用语（{chars}个字符），请说：“{model}”。",
        "ko": "표준 화법보다 훨씬 깁니다({chars}자). “{model}”라고 말하세요.",
    },
    "extra_unrelated": {
        "en": "Said something this moment does not call for: “{said}”.",
        "zh": "说了与此时无关的话：“{said}”。",
        "ko": "이 상황과 관계없는 말을 했습니다: “{said}”.",
    },
    "extra_service": {
        "en": "Also said “{said}”: service talk, not held against you.",
        "zh": "另外说了“{said}”：属于服务用语，不算错。",
        "ko": "“{said}”를 덧붙였습니다: 응대에 필요한 말이라 감점하지 않았습니다.",
    },
    "extra_allowed": {
        "en": "Also said “{said}” (up to {allowance} extra words are allowed).",
        "zh": "多说了“{said}”（{allowance}个字以内，不算错）。",
        "ko": "“{said}”를 덧붙였습니다({allowance}음절까지는 허용).",
    },
    "forgiven_slip": {
        "en": "Heard “{said}” for “{expected}”: within the recogniser's usual error, no points taken.",
        "zh": "“{expected}”被识别为“{said}”：属于语音识别的正常误差，不扣分。",
        "ko": "“{expected}”가 “{said}”로 인식됨: 음성 인식의 일반적인 오차라 감점하지 않았습니다.",
    },
    "noise_forgiven": {
        "en": "“{said}” taken as recogniser noise: not held against you.",
        "zh": "“{said}”按识别误差处理，不扣分。",
        "ko": "“{said}”는 인식 오류로 보고 감점하지 않았습니다.",
    },
    "conduct.rude": {
        "en": "Rude words: “{said}”. {rule}",
        "zh": "粗言恶语：“{said}”。{rule}",
        "ko": "무례한 말: “{said}”. {rule}",
    },
    "conduct.impatient": {
        "en": "Impatient words: “{said}”. {rule}",
        "zh": "不耐烦：“{said}”。{rule}",
        "ko": "재촉하거나 짜증 내는 말: “{said}”. {rule}",
    },
    "conduct.dismiss": {
        "en": "Dismissive words: “{said}”. {rule}",
        "zh": "敷衍打发：“{said}”。{rule}",
        "ko": "성의 없는 말: “{said}”. {rule}",
    },
    "conduct.sarcasm": {
        "en": "Sarcasm: “{said}”. {rule}",
        "zh": "冷嘲热讽：“{said}”。{rule}",
        "ko": "비꼬는 말: “{said}”. {rule}",
    },
    "conduct.blame": {
        "en": "Blaming the caller: “{said}”. {rule}",
        "zh": "指责业户：“{said}”。{rule}",
        "ko": "고객 탓: “{said}”. {rule}",
    },
    "conduct.buck": {
        "en": "Passing the buck: “{said}”. {rule}",
        "zh": "推诿、推卸责任：“{said}”。{rule}",
        "ko": "책임 떠넘기기: “{said}”. {rule}",
    },
    "conduct.disclose": {
        "en": "Disclosing a resident's data: “{said}”. {rule}",
        "zh": "泄露业户资料：“{said}”。{rule}",
        "ko": "개인정보 누설: “{said}”. {rule}",
    },
    "conduct": {
        "en": "Not allowed: “{said}”. {rule}",
        "zh": "不当言语：“{said}”。{rule}",
        "ko": "부적절한 말: “{said}”. {rule}",
    },
    "key_reversed": {
        "en": "Said the opposite of the rule: “{said}” against “{rule}”.",
        "zh": "说反了：“{said}”与规定“{rule}”意思相反。",
        "ko": "규정과 반대로 말했습니다: “{said}”는 규정 “{rule}”과 반대입니다.",
    },
    "missing_keys_guided": {
        "en": "Missing what this moment needs: {keys}.",
        "zh": "缺少此时必须表达的内容：{keys}。",
        "ko": "이때 꼭 해야 할 말이 빠졌습니다: {keys}.",
    },
}

# The same texts in the app's label shape (language -> code -> text), merged into its one table.
REASONS: Labels = {
    lang: {code: texts.get(lang, texts["en"]) for code, texts in TEMPLATES.items()}
    for lang in ("en", "zh", "ko")
}


def template_code(code: str) -> str | None:
    """The template a reason code is written with (a pack's own conduct family, e.g.
    ``conduct.key_handover``, uses the ``conduct`` one); None for a code this version does not
    know."""
    if code in TEMPLATES:
        return code
    family = code.split(".")[0]
    return family if family == "conduct" else None


@dataclass(frozen=True)
class Reason:
    code: str
    args: tuple[tuple[str, object], ...] = ()
    points: float = 0.0  # points this reason cost (0 for notes)

    def text(self, ui: str = "en") -> str:
        template = TEMPLATES[template_code(self.code) or "stored_text"]
        args = dict(self.args)
        if self.code.startswith("conduct") and not args.get("said"):
            return str(args.get("rule", ""))  # a blocker: its rule says it all
        return template.get(ui, template["en"]).format(**args)


def reason(code: str, points: float = 0.0, **args: object) -> Reason:
    return Reason(code, tuple(sorted(args.items())), points)

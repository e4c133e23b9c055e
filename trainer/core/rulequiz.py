"""Draft rule-quiz turns from a rulebook's numbered rules (pure text processing).

A rulebook is sections (``一、前台会议管理制度``), sub-sections (``（二）周会管理制度``) and
numbered rules (``7、了解灭火设备的位置及使用方法，如发现火灾隐患，及时扑灭初起小量明火。``).
Each rule that quotes no phrase (the phrase import takes those) becomes a draft quiz turn: a
question (``发现火灾隐患怎么办？`` when the rule says what to do in a case, else "what does rule N
of this section say"), the rule's text as the model answer, and a first guess at its key
facts (times and amounts, and what the rule requires or forbids), for a supervisor to edit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_NUMERALS = "一二三四五六七八九十"
_SECTION = re.compile(rf"^([{_NUMERALS}]+)\s*[、.．]\s*(.*)$")
_SUB = re.compile(rf"^[（(]([{_NUMERALS}]+)[)）]\s*(.+)$")
_ITEM = re.compile(r"^(\d{1,2})\s*[、.．]\s*(.*)$")
_SUB_ITEM = re.compile(r"^[⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽]")
_CASE = re.compile(
    r"([^，。；,;]{0,8}?)(?:如果|如有|如|若|遇)([^，。；,;]{2,16}?)(?:时|的话|者)?[，,]"
)
_PHRASE = re.compile(r"(说|问|讲|使用)\s*[:：]?\s*[“\"]")
_AMOUNT = re.compile(r"\d+\s*[:：]\s*\d+|\d+\s*(?:分钟|点|小时|天|日|次|个)")
_MODAL = re.compile(r"(必须|不得|严禁|禁止|不能|立即|及时|需|须|应)")
_STOP = ("http", "原文链接", "www.")
_FULLWIDTH = str.maketrans(",;:!?", "，；：！？")


@dataclass
class QuizDraft:
    id: str  # quiz.<section>.<sub>.<number>, e.g. quiz.1.2.7
    section: str  # 一（二）7
    number: str  # 7
    title: str  # the section's heading
    question: str
    rule: str
    keys: list[str] = field(default_factory=list)
    line: int = 0


def draft_quiz(text: str, replace: dict[str, str] | None = None) -> list[QuizDraft]:
    """Every numbered rule without a quoted phrase, as a draft quiz turn, in rulebook order.
    ``replace`` rewrites words first (a reworded copy's odd words back to the original)."""
    text = unicodedata.normalize("NFKC", text)
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    out: list[QuizDraft] = []
    section = sub = heading = top = ""
    current: QuizDraft | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or any(stop in line for stop in _STOP):
            continue
        item = _ITEM.match(line)
        if section and not heading and not item:
            heading = top = line  # the section's title on the line after its number
        elif (m := _SECTION.match(line)) and not item:
            section, sub, heading, current = _number(m.group(1)), "0", m.group(2), None
            top = heading
        elif (m := _SUB.match(line)) and not item and section:
            sub, heading, current = _number(m.group(1)), m.group(2).rstrip("：:"), None
            heading = heading if len(heading) > 4 else f"{top}·{heading}"
        elif item and section:
            n = item.group(1)
            current = QuizDraft(
                id=f"quiz.{section}.{sub}.{n}", section=_label(section, sub, n), number=n,
                title=heading.strip(), question="", rule=item.group(2), line=number,
            )  # fmt: skip
            out.append(current)
        elif current is not None and (
            _SUB_ITEM.match(line) or not current.rule.endswith(("。", "！", "？", "”"))
        ):
            current.rule += line
    drafts = [d for d in out if d.rule and not _PHRASE.search(d.rule)]
    for d in drafts:
        d.rule = _fullwidth(d.rule.strip())
        d.question = question(d)
        d.keys = key_facts(d.rule)
    return drafts


def question(d: QuizDraft) -> str:
    case = _CASE.search(d.rule.replace("，", ","))
    if case:
        return f"{case.group(1).strip()}{case.group(2).strip()}怎么办？"
    return f"{d.title}第{d.number}条是怎么规定的？"


def key_facts(rule: str, most: int = 3) -> list[str]:
    """Times and amounts first, then the heads of what the rule requires or forbids."""
    keys = [re.sub(r"\s+", "", m.group(0)) for m in _AMOUNT.finditer(rule)]
    for clause in re.split(r"[，,；;。、：:]", rule):
        m = _MODAL.search(clause)
        if m is None:
            continue
        said = re.sub(r"^(应当|需要|需|须|应)", "", clause[m.start() :].strip())
        head = said[:6]
        if len(head) >= 2 and head not in keys and not any(head in k for k in keys):
            keys.append(head)
    return keys[:most]


def _fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def _number(numeral: str) -> str:
    values = {c: i for i, c in enumerate(_NUMERALS, 1)}
    if numeral == "十":
        return "10"
    if numeral.startswith("十"):
        return str(10 + values[numeral[1]])
    return str(
        values.get(numeral[0], 0) * (10 if numeral.endswith("十") and len(numeral) > 1 else 1)
    )


def _label(section: str, sub: str, n: str) -> str:
    numeral = _NUMERALS[int(section) - 1] if 0 < int(section) <= 10 else section
    inner = f"（{_NUMERALS[int(sub) - 1]}）" if sub != "0" and 0 < int(sub) <= 10 else " "
    return f"{numeral}{inner}{n}"

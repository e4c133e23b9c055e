"""Draft standard phrases from a company's own rulebook text (pure text processing).

A rulebook gives its phrases as numbered items that quote them after 说：/问：/使用：, e.g.

    4、对待不能立即接待的客人，应说：“对不起，请您稍候”或说“对不起，请您稍等一下”。
    3、……时说：“好！明白了”、“好！知道了”，若未听清，要说：“对不起，请您再说一遍”。

Each introducer (说：, 问：, 使用：) starts a phrase group; quotes joined by 、 或 或说 are
accepted wordings of the same group. Inside a quote, ``他（她）`` becomes the inline
alternative ``[他|她]``, ``……（或请讲）`` an alternative ending or a second wording, and any
other parenthesis (a note such as 视情况可告诉手机号码) is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_INTRO = re.compile(r"(?:说|问|讲|使用|用语|回答|答)\s*[:：]\s*$")
_ITEM = re.compile(r"^\s*(\d+)\s*[、.．]")
_QUOTE = re.compile(r"“([^”]*)”|\"([^\"]*)\"")
_PAREN = re.compile(r"[（(]([^（）()]*)[）)]")
_CLAUSE_END = re.compile(r"[，,。！!？?；;、]")


@dataclass
class DraftTurn:
    id: str
    situation: str  # the rulebook's words before the phrase (e.g. 当见到客人时)
    forms: list[str] = field(default_factory=list)
    line: int = 0


@dataclass
class Draft:
    turns: list[DraftTurn]
    company: str | None = None


def _section_prefix(heading: str) -> str | None:
    if "电话" in heading and ("规定" in heading or "接听" in heading):
        return "phone"
    if heading.endswith("用语") or "用语" in heading and len(heading) <= 12:
        return "reception"
    return None


def convert_quote(quote: str) -> list[str]:
    """One quoted phrase -> its template wordings (with [a|b] inline alternatives)."""
    text = unicodedata.normalize("NFKC", quote).strip()
    text = text.replace("(", "（").replace(")", "）")
    forms = [text]
    out: list[str] = []
    while forms:
        current = forms.pop(0)
        match = re.search(r"（([^（）]*)）", current)
        if match is None:
            out.append(_fullwidth(current))
            continue
        inner = match.group(1).strip()
        before, after = current[: match.start()], current[match.end() :]
        if inner.startswith("或"):
            alt = inner[1:].strip()
            clause = _CLAUSE_END.split(before.rstrip("，,。！!？?"))[-1]
            head = before.rstrip("，,。！!？?")
            forms.insert(0, before + after)
            if alt and clause.endswith(alt[-1]) and set(alt) <= set(clause):
                forms.insert(1, head[: len(head) - len(clause)] + alt + before[len(head) :] + after)
            else:
                forms.insert(1, alt + after.lstrip("，,"))
        elif (
            0 < len(inner) <= 3
            and len(before) >= len(inner)
            and not re.search(r"[，,。!！?？]", inner)
        ):
            word = before[-len(inner) :]
            forms.insert(0, before[: -len(inner)] + f"[{word}|{inner}]" + after)
        else:  # a note to the reader, not words to say
            forms.insert(0, before + after)
    return out


def _fullwidth(text: str) -> str:
    table = str.maketrans({",": "，", "!": "！", "?": "？", ":": "：", ";": "；"})
    return text.translate(table).strip()


def draft_from_text(text: str, company: str | None = None) -> Draft:
    """Pull the quoted standard phrases out of a rulebook text."""
    text = unicodedata.normalize("NFKC", text).replace("“", "“").replace("”", "”")
    lines = text.splitlines()
    turns: list[DraftTurn] = []
    prefix: str | None = None
    item = ""
    item_line = 0
    number = ""

    def flush() -> None:
        if prefix and item:
            turns.extend(_groups(item, prefix, number, item_line))

    for index, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        section = _section_prefix(
            re.sub(
                r"^[（(][一二三四五六七八九十]+[)）]|^[一二三四五六七八九十]+、", "", line
            ).strip()
        )
        if section and not _ITEM.match(line) and "“" not in line:
            flush()
            prefix, item, number = section, "", ""
            continue
        m = _ITEM.match(line)
        if m:
            flush()
            number, item, item_line = m.group(1), line[m.end() :], index
        elif (
            item and prefix and not ("“" in item and item.rstrip().endswith(("。", "”", "）", ")")))
        ):
            item += line
        elif re.match(r"^[一二三四五六七八九十]+、", line):
            flush()
            prefix, item = None, ""
    flush()
    if company:
        for turn in turns:
            turn.forms = [f.replace(company, "{company}") for f in turn.forms]
    return Draft(turns, company)


def _situation(before: str) -> str:
    """The rulebook's words for when the phrase is used (当见到客人时, 对待不能立即接待的客人)."""
    clauses = [c.strip() for c in re.split(r"[，,；;。]", _INTRO.sub("", before)) if c.strip()]
    while clauses and re.fullmatch(r"(应|要|应当|须|需|则|并)?(说|问)?", clauses[-1]):
        clauses.pop()
    if not clauses:
        return ""
    return re.sub(r"(应|要|应当|须|需)$", "", clauses[-1]).strip()


def _groups(item: str, prefix: str, number: str, line: int) -> list[DraftTurn]:
    groups: list[DraftTurn] = []
    pos = 0
    for m in _QUOTE.finditer(item):
        quote = m.group(1) if m.group(1) is not None else m.group(2)
        between = item[pos : m.start()]
        pos = m.end()
        joined = re.fullmatch(r"\s*(、|或说?|或者|及|和|，或)?\s*", between) is not None
        if (
            not groups
            or (_INTRO.search(between) and not joined)
            or (not joined and not groups[-1].forms)
        ):
            groups.append(DraftTurn("", _situation(between), [], line))
        groups[-1].forms.extend(convert_quote(quote))
    for i, group in enumerate(groups):
        suffix = "abcdefghij"[i] if len(groups) > 1 else ""
        group.id = f"{prefix}.{number}{suffix}"
    return [g for g in groups if g.forms]

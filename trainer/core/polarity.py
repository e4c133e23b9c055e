"""Whether a key phrase was said the way the rule says it, or turned round.

A guided turn (a rule question, a desk scenario) is carried by its key phrases, and a key can
be said while the rule is turned round: "不用办手续，也不用登记" holds 手续 and 登记 and says
the reverse of "应统一办理借用手续，并详细填写登记表"; "小礼物可以收" holds 礼物 and allows what
"不得收受任何方式的赏钱、礼物" forbids. So each place a key is said gets a stance:

- ``NEGATED``: an odd number of negators close ahead of it in its clause ("不用登记",
  "千万别用灭火器"), or a needn't-negator right after it ("手续不用办", "登记就免了"). Two
  negations affirm ("不能不登记"), and a negated key followed by a prohibition is a condition,
  not a denial ("没登记的话不能借");
- ``ALLOWED``: a permission close ahead ("可以收礼物") or after ("文件都可以给", "…也没关系");
- ``PLAIN``: neither.

The model answer gives each key its stance the same way, its written clause being the scope
("不得索取或收受任何方式的赏钱、礼物" negates 赏钱, so the key 赏钱/礼物 is negated). A reply
turns a key round when it says it negated where the rule affirms it, or allowed where the rule
negates it. A plain mention of a negated key is not turned round: the negation may come far
after it ("客户的资料任何情况下都不能泄露").

Scope is kept short and closed by what starts another predicate: a 的-phrase that is not the
key's own modifier ("不能参加的要提前…"), a consequence or an obligation (就 才 也 要 必须…).
A negator inside the key's own wording is its meaning (没人, 不能收), and set phrases that hold
a negator but negate nothing (对不起, 不要慌, 不管, 来不了) are masked. Clauses end at
punctuation, and in typed text at spaces; a recogniser writes neither, so there the windows
alone bound the scope. Chinese only: other languages keep every key as said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from trainer.core import normalize
from trainer.core.scenario import KeyPhrase

PLAIN, NEGATED, ALLOWED, OPTIONAL = "plain", "negated", "allowed", "optional"
BEFORE = 6  # units between a negator (or a permission) and the key it governs
AFTER = 3  # units between a key and a negator after it ("手续先不办", "上报上级就免了")
CONDITION = 10  # units after a negated key in which a prohibition makes it a condition
SHORT = 8  # units: a clause this short after the key's still speaks of it

_NEEDNT = "不需要|不用|不必|无需|无须|没必要|用不着|免了|甭"
_PROHIBIT = "不可以|不能|不得|不可|不准|不许|不行|不要|禁止|严禁|切勿|无法|没法|不给|不予|[别勿莫]"
_OTHER = "没有|以免|免得|防止|避免|杜绝|拒绝|谢绝|无权|[不没未]"
_NEGATOR = re.compile(f"(?P<needn>{_NEEDNT})|(?P<ban>{_PROHIBIT})|{_OTHER}")
_PERMIT_NEAR = re.compile("可以|随便|随意")
# after the key in its clause: "X就行" allows X; "X都可以" makes it optional
_PERMIT_END = re.compile("也行|就行|也可以|就可以|就好")
_OPTIONAL_END = re.compile(
    "没关系|无所谓|都行|没事|不要紧|都可以|不重要|看情况|视情况|也中|也成|不着急|不急|不用急"
)
# what a following clause may hold besides a marker and still be a reassurance on its own
# ("你先去吃吧，不着急"), not a verdict on the key ("小礼物，收一下没关系吧")
_BARE = re.compile("[吧啊呀的了呢嘛哈嗯哦也都真]")
# set phrases with a negator in them that negate nothing around them
_SET_PHRASES = """
对不起 不好意思 不客气 不用客气 不用谢 没关系 没问题 没事 没错 不要紧 不要着急
别着急 别急 不着急 不要慌 别慌 不用慌 别担心 不用担心 不要担心 不管 不论 不仅
不但 不过 不久 不断 不少 不同 差不多 不如 要不然 不然 要不 不错
不得不 不见得 了不起 来不及 忍不住 说不定 不止 不只 不光 不停 没多久 不一会
一不小心 无所谓 别处 别人 别的 别家 特别 分别 区别 级别 告别 个别 识别 类别
性别 别墅 没收 未来
""".split()  # noqa: SIM905 - a word list reads better as text
_IDIOMS = re.compile(
    "|".join(sorted(_SET_PHRASES, key=len, reverse=True))
    # a potential complement (来不了, 找不到) says what cannot happen, not what must not
    + "|(?<=[\u4e00-\u9fff])不[了到着完起下动清]"
    + r"|(\w)[不没]\1"  # a question, not a negation: 是不是, 知不知道, 有没有
    + "|了没有|了没|过没有"  # 关了没有: a question too
)
# all of the above in one pass, the first that fits at a place winning: a waiver before the
# set phrase it is (没关系), a set phrase before the negator in it (对不起), a prohibition
# before the permission in it (不可以)
_IDIOM_NAMED = _IDIOMS.pattern.replace(r"(\w)[不没]\1", r"(?P<q>\w)[不没](?P=q)")
_ONE_PASS = re.compile(
    f"(?P<optional>{_OPTIONAL_END.pattern})|(?P<end>{_PERMIT_END.pattern})"
    f"|(?P<idiom>{_IDIOM_NAMED})"
    f"|(?P<needn>{_NEEDNT})|(?P<ban>{_PROHIBIT})|(?P<other>{_OTHER})"
    f"|(?P<near>{_PERMIT_NEAR.pattern})"
)
# a reply with no negator and no permission in it is passed over at once
_MARKERS = re.compile(
    "|".join((_NEEDNT, _PROHIBIT, _OTHER, _PERMIT_NEAR.pattern, _PERMIT_END.pattern,
              _OPTIONAL_END.pattern))
)  # fmt: skip
_CLAUSE = re.compile(r"[，。！？；：,.!?;:…\n\"“”'‘’（）()]+")  # 、 lists under one verb
_SPACES = re.compile(r"\s+")
_CLAUSE_OR_SPACE = re.compile(_CLAUSE.pattern[:-2] + r"\s]+")  # typed: a space parts clauses
# what closes a negation before the key it would govern
_CLOSES_BEFORE = re.compile("的(?!话).|[就才则便也还要需须应算按]|必须|务必|一定|当作|视为")
_CLOSES_AFTER = re.compile("[后前时]")


@dataclass(frozen=True)
class _Text:
    units: tuple[str, ...]
    keys: str
    clause: tuple[int, ...]  # the clause each unit is in
    negators: tuple[tuple[int, int, str], ...]  # unit spans and kind: needn, ban or other
    permits: tuple[tuple[int, int, str], ...]  # unit spans; "near", "end" or "optional"


@lru_cache(maxsize=4096)
def _text(text: str, lang: str, *, spaces_part: bool) -> _Text:
    """Cut once per text, like a reply's units and keys (``normalize.prepare``)."""
    return _cut(text, lang, spaces_part=spaces_part)


def _cut(text: str, lang: str, *, spaces_part: bool) -> _Text:
    # the units and keys the scorer cut the reply into (cached), then the clauses
    prepared = normalize.prepare(text, lang)
    units, keys = prepared.plain.units, prepared.plain.keys
    parts = (_CLAUSE_OR_SPACE if spaces_part else _CLAUSE).split(prepared.text)
    clause: list[int] = []
    owner: list[int] = []  # the unit of each character of ``joined`` (-1: between clauses)
    pieces: list[str] = []
    first = 0
    for n, part in enumerate(parts):
        found = normalize._UNIT.findall(part)
        if not found:
            continue
        clause.extend([n] * len(found))
        piece = "".join(found)
        if len(piece) == len(found):  # one character a unit, as Chinese mostly is
            owner.extend(range(first, first + len(found)))
        else:
            owner.extend(first + i for i, u in enumerate(found) for _ in u)
        owner.append(-1)
        pieces.append(piece)
        first += len(found)
    if len(clause) != len(units):  # cut otherwise than the scorer's units: judge nothing
        return _Text(units, keys, (0,) * len(units), (), ())
    joined = "\x00".join(pieces)  # no marker spans two clauses
    negators: list[tuple[int, int, str]] = []
    permits: list[tuple[int, int, str]] = []
    for m in _ONE_PASS.finditer(joined):
        kind = m.lastgroup
        if kind is None or kind == "idiom" or kind == "q":
            continue
        at = (owner[m.start()], owner[m.end() - 1] + 1)
        if kind in ("optional", "end", "near"):
            permits.append((*at, kind))
        else:
            negators.append((*at, kind))
    return _Text(units, keys, tuple(clause), tuple(negators), tuple(permits))


def _stances(t: _Text, key: KeyPhrase, lang: str, before: int = BEFORE) -> list[tuple[str, int]]:
    """(stance, clause) for every place the key is said; ``before`` bounds how far back a
    negator reaches (the model answer's written clauses are their own bound)."""
    found = []
    for form in key.forms:
        wanted = normalize.keys_of(form, lang)
        if not wanted:
            continue
        at = t.keys.find(wanted)
        while at >= 0:
            end = at + len(wanted)
            found.append((_stance(t, at, end, before), t.clause[at]))
            at = t.keys.find(wanted, at + 1)
    return found


def _stance(t: _Text, at: int, end: int, before: int) -> str:
    c = t.clause[at]

    def governs(b: int) -> bool:  # a word ending at unit ``b`` reaches the key
        return (
            b <= at
            and at - b <= before
            and t.clause[b - 1] == c
            # what the negator itself governs does not close it (不算旷工, 不就…)
            and not _CLOSES_BEFORE.search("".join(t.units[b + 1 : at]))
        )

    ahead = [a for a, b, _ in t.negators if governs(b)]
    after = [
        a for a, _, kind in t.negators
        if kind != "ban" and end <= a <= end + AFTER and t.clause[a] == c
        and not _CLOSES_AFTER.search("".join(t.units[end:a]))
    ]  # fmt: skip
    if (len(ahead) + len(after)) % 2:
        condition = not after and any(
            kind == "ban" and end <= a <= end + CONDITION and t.clause[a] - c <= 1
            for a, _, kind in t.negators
        )
        if not condition:
            return NEGATED

    def later(a: int, b: int) -> bool:  # in the key's clause, or a short one about it
        if a < end or t.clause[a] not in (c, c + 1):
            return False
        if t.clause[a] == c:
            return True
        rest = [i for i, k in enumerate(t.clause) if k == c + 1]
        said = "".join(t.units[i] for i in rest if not a <= i < b)
        return len(rest) <= SHORT and _BARE.sub("", said) != ""

    for a, b, kind in t.permits:
        if kind == "optional" and later(a, b):
            return OPTIONAL
    for a, b, kind in t.permits:
        if kind == "end" and later(a, b):
            return ALLOWED
        if kind == "near" and (governs(b) or (end <= a <= end + BEFORE and t.clause[a] == c)):
            return ALLOWED
    return PLAIN


def _clause_text(t: _Text, c: int) -> str:
    return "".join(u for u, k in zip(t.units, t.clause, strict=True) if k == c)


@lru_cache(maxsize=1024)
def _expected(model_answer: str, key: KeyPhrase, lang: str) -> tuple[str, str]:
    """The stance the model answer gives the key (negated where any of its wordings is), and
    the clause of the rule that says so (the key itself when the rule does not hold it)."""
    text = _text(model_answer, lang, spaces_part=False)
    said = _stances(text, key, lang, 99)
    negated = [c for s, c in said if s == NEGATED]
    if negated:
        return NEGATED, _clause_text(text, negated[0])
    return PLAIN, _clause_text(text, said[0][1]) if said else key.label


def turned_round(
    reply: str, model_answer: str, keys: Sequence[KeyPhrase], lang: str, *, typed: bool = True
) -> list[tuple[KeyPhrase, str, str]]:
    """The keys the reply turns round against the model answer, each with the clause of the
    reply that does it and the clause of the rule it contradicts. Keys not found word for
    word (a recogniser's near miss) are left as judged."""
    if lang != "zh" or not keys or not _MARKERS.search(reply):
        return []  # nothing negates, allows or waives anything: every key stands as said
    return list(_turned(reply, model_answer, tuple(keys), lang, typed))


@lru_cache(maxsize=4096)
def _turned(
    reply: str, model_answer: str, keys: tuple[KeyPhrase, ...], lang: str, typed: bool
) -> tuple[tuple[KeyPhrase, str, str], ...]:
    text = _text(reply, lang, spaces_part=typed)
    negates = bool(text.negators)
    out = []
    for key in keys:
        expected, rule = _expected(model_answer, key, lang)
        if expected == PLAIN and not negates and not text.permits:
            continue  # only a negation or a waiver could turn an affirmed key round
        wrong = {OPTIONAL, ALLOWED if expected == NEGATED else NEGATED}
        turned = [clause for stance, clause in _stances(text, key, lang) if stance in wrong]
        if turned:
            out.append((key, _clause_text(text, turned[0]), rule))
    return tuple(out)

"""Turn text (typed, or a recogniser's output) into comparable units with phonetic keys.

Normalisation folds width (NFKC), drops punctuation and the spaces that Vosk puts between
Chinese words, converts traditional to simplified characters, and marks fillers
(嗯 啊 呃 那个, 음 어, um uh) so they cost nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from trainer.core import phonetic


@dataclass(frozen=True)
class Units:
    """A text cut into units (characters, syllables or words) and their interned keys."""

    units: tuple[str, ...]
    keys: str  # one interned character per unit

    def __len__(self) -> int:
        return len(self.units)

    @property
    def text(self) -> str:
        return "".join(self.units)


@dataclass(frozen=True)
class Language:
    code: str
    key: Callable[[str], str]
    near: Callable[[str, str], float]
    fillers: frozenset[str]  # whole tokens that are fillers
    filler_chars: frozenset[str]  # single characters that are fillers anywhere (zh)
    char_units: bool  # CJK-style: each character is a unit (no spaces needed)
    joiner: str  # how units are joined for display


# A unit is a CJK ideograph, a Hangul syllable, or a run of letters/digits.
_UNIT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[\uac00-\ud7a3]|[0-9A-Za-z\u00c0-\u024f']+")
_TOKEN = re.compile(r"[^\s\W_]+|[\u3400-\u9fff]+", re.UNICODE)

LANGUAGES: dict[str, Language] = {
    "zh": Language(
        "zh",
        phonetic.zh_key,
        phonetic.no_near,
        fillers=frozenset(
            {"嗯", "啊", "呃", "额", "唔", "那个", "嗯嗯", "呃呃", "那个那个", "这个这个"}
        ),
        filler_chars=frozenset("嗯呃唔啊"),
        char_units=True,
        joiner="",
    ),
    "ko": Language(
        "ko",
        phonetic.ko_key,
        phonetic.ko_near,
        fillers=frozenset({"음", "어", "아", "그", "저기", "에", "으음", "저"}),
        filler_chars=frozenset(),
        char_units=True,
        joiner="",
    ),
    "en": Language(
        "en",
        phonetic.en_key,
        phonetic.no_near,
        fillers=frozenset({"um", "uh", "er", "erm", "hmm", "ah", "uhm", "mm"}),
        filler_chars=frozenset(),
        char_units=False,
        joiner=" ",
    ),
}


def language(code: str) -> Language:
    try:
        return LANGUAGES[code]
    except KeyError:
        raise ValueError(f"unknown language {code!r}; use one of {', '.join(LANGUAGES)}") from None


_T2S: dict[int, str] | None = None


def _t2s_table() -> dict[int, str]:
    """Character-level traditional -> simplified table (from zhconv's zh-cn dictionary)."""
    global _T2S
    if _T2S is None:
        from zhconv import zhconv as zc

        zc.loaddict()
        table = zc.getdict("zh-cn")
        _T2S = {ord(k): v for k, v in table.items() if len(k) == 1 and len(v) == 1}
    return _T2S


_DIGITS = re.compile(r"\d+")
_ANY_DIGIT = re.compile(r"\d")
_UNKNOWN = re.compile(r"[\[<]unk[\]>]", re.IGNORECASE)
_KO_DIGIT = "영일이삼사오육칠팔구"
_ZH_DIGIT = "零一二三四五六七八九"


def ko_number(digits: str) -> str:
    """Sino-Korean reading of a whole number (17 -> 십칠, 2026 -> 이천이십육)."""
    n = int(digits)
    if n == 0:
        return "영"
    if len(digits) > 12:
        return "".join(_KO_DIGIT[int(d)] for d in digits)
    out = []
    for unit_value, unit_name in ((10**8, "억"), (10**4, "만"), (1, "")):
        part, n = divmod(n, unit_value)
        if not part:
            continue
        words = []
        for value, name in ((1000, "천"), (100, "백"), (10, "십"), (1, "")):
            d, part = divmod(part, value)
            if d:
                words.append(("" if d == 1 and name else _KO_DIGIT[d]) + name)
        chunk = "".join(words)
        out.append(("" if chunk == "일" and unit_name == "만" else chunk) + unit_name)
    return "".join(out)


def _spell_numbers(text: str, lang: str) -> str:
    if lang == "ko":
        text = text.replace("%", "퍼센트")
        return _DIGITS.sub(lambda m: ko_number(m.group()), text)
    if lang == "zh":
        text = text.replace("%", "百分之")  # order differs, but the units are there
        return _DIGITS.sub(lambda m: "".join(_ZH_DIGIT[int(d)] for d in m.group()), text)
    return text


def clean(text: str, lang: str) -> str:
    """Width-folded, simplified, lower-cased text with numbers spelled as spoken;
    punctuation kept as separators."""
    text = unicodedata.normalize("NFKC", text)
    if (
        "[" in text or "<" in text
    ):  # a recogniser's unknown-word token is not something the trainee said
        text = _UNKNOWN.sub(" ", text)
    if lang == "zh":
        text = text.translate(_t2s_table())
    if _ANY_DIGIT.search(text):
        text = _spell_numbers(text, lang)
    return text.lower()


@lru_cache(maxsize=4096)
def units(text: str, lang: str) -> Units:
    """Units of a standard phrase (cached: packs are scored against many times)."""
    return split(text, lang, drop_fillers=False)


@dataclass(frozen=True)
class Prepared:
    """A reply cut once into units and keys, with its fillers marked for dropping later."""

    units: tuple[str, ...]
    keys: str
    fillers: tuple[tuple[int, int, str], ...]  # (start, end, keys) of each filler

    plain: Units = field(compare=False)  # all the units, fillers included
    text: str = field(default="", compare=False)  # the cleaned text, punctuation kept

    def without_fillers(self, keep: str = "") -> Units:
        """Drop the fillers, except those whose keys occur in ``keep`` (the keys of the
        standard phrase: 哪个 is not a filler in 哪个楼门)."""
        if not self.fillers:
            return self.plain
        drop = [(a, b) for a, b, k in self.fillers if k not in keep]
        if not drop:
            return self.plain
        units: list[str] = []
        keys: list[str] = []
        pos = 0
        for a, b in drop:
            units.extend(self.units[pos:a])
            keys.append(self.keys[pos:a])
            pos = b
        units.extend(self.units[pos:])
        keys.append(self.keys[pos:])
        return Units(tuple(units), "".join(keys))


@lru_cache(maxsize=256)
def prepare(text: str, lang: str) -> Prepared:
    spec = language(lang)
    cache = _KEYS[lang]
    text = clean(text, lang)
    units: list[str] = []
    fillers: list[tuple[int, int, str]] = []
    if spec.char_units and not _WORD_FILLER[lang].search(text):
        # the common case, in one pass: no whole-word filler, so tokens do not matter
        units = _UNIT.findall(text)
        if spec.filler_chars and not spec.filler_chars.isdisjoint(text):
            fillers = [(i, i + 1, "") for i, u in enumerate(units) if u in spec.filler_chars]
        try:  # every unit seen before: the keys in one pass in C
            keys = "".join(map(cache.__getitem__, units))
        except KeyError:
            keys = "".join([cache.get(u) or key_of(u, lang) for u in units])
        cut = tuple(units)
        return Prepared(
            cut, keys, tuple((a, b, keys[a:b]) for a, b, _ in fillers), Units(cut, keys), text
        )
    for token in _TOKEN.findall(text):
        start = len(units)
        found = _UNIT.findall(token)
        units.extend(found)
        if token in spec.fillers:
            fillers.append((start, len(units), ""))
        elif spec.filler_chars:
            fillers.extend(
                (start + i, start + i + 1, "")
                for i, u in enumerate(found)
                if u in spec.filler_chars
            )
    keys = "".join([cache.get(u) or key_of(u, lang) for u in units])
    fillers = [(a, b, keys[a:b]) for a, b, _ in fillers]
    return Prepared(tuple(units), keys, tuple(fillers), Units(tuple(units), keys), text)


def split(text: str, lang: str, *, drop_fillers: bool = True, keep: str = "") -> Units:
    """Cut ``text`` into units with keys. Fillers are dropped unless their key occurs in
    ``keep`` (the keys of the standard phrase)."""
    prepared = prepare(text, lang)
    if not drop_fillers:
        return Units(prepared.units, prepared.keys)
    return prepared.without_fillers(keep)


_KEYS: dict[str, dict[str, str]] = {code: {} for code in LANGUAGES}
# any whole-word filler in a text (then fillers are told apart token by token)
_WORD_FILLER = {
    code: re.compile("|".join(re.escape(f) for f in sorted(spec.fillers, key=len, reverse=True)))
    for code, spec in LANGUAGES.items()
}


def key_of(unit: str, lang: str) -> str:
    """The interned phonetic key of one unit."""
    cache = _KEYS[lang]
    key = cache.get(unit)
    if key is None:
        key = phonetic.intern(lang + ":" + LANGUAGES[lang].key(unit))
        cache[unit] = key
    return key


@lru_cache(maxsize=8192)
def keys_of(text: str, lang: str) -> str:
    """Keys of a phrase (cached: key phrases and blockers are looked up on every reply)."""
    return "".join(key_of(u, lang) for u in _UNIT.findall(clean(text, lang)))

"""Phonetic keys per language, so that a recogniser's homophone slip costs nothing.

Every unit of speech (a Chinese character, a Hangul syllable, an English word) gets a key;
units with equal keys sound alike. Keys are interned as single private-use characters so a
whole reply becomes one string and alignment runs on plain strings (fast in rapidfuzz).

- zh: pinyin without tones, with the accent merges that Mandarin speakers and recognisers
  both make: zh/z, ch/c, sh/s, n/l, -ing/-in, -eng/-en.
- ko: Hangul jamo, with merges of sounds that are pronounced alike: the seven final-consonant
  classes (ㄱ ㄴ ㄷ ㄹ ㅁ ㅂ ㅇ), ㅐ/ㅔ, ㅒ/ㅖ and ㅙ/ㅚ/ㅞ.
- en: the lower-cased word.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_INTERN: dict[str, str] = {}
_INTERN_LOCK = threading.Lock()
_BASE = 0xF0000  # Supplementary Private Use Area-A: never in real text


def intern(key: str) -> str:
    """One private-use character per distinct key.

    Batch scoring runs in threads: reading a known key needs no lock, but a new key is
    numbered under the lock, so two threads can never give two sounds the same code (nor
    one sound two codes)."""
    code = _INTERN.get(key)
    if code is None:
        with _INTERN_LOCK:
            code = _INTERN.get(key)
            if code is None:
                code = chr(_BASE + len(_INTERN))
                _INTERN[key] = code
    return code


# ---------------------------------------------------------------- Mandarin

_INITIAL_MERGES = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"))
_FINAL_MERGES = (("ing", "in"), ("eng", "en"))


def merge_pinyin(syllable: str) -> str:
    """Fold a toneless pinyin syllable onto its accent-tolerant key (``zhong`` -> ``zon``)."""
    for full, short in _INITIAL_MERGES:
        if syllable.startswith(full):
            syllable = short + syllable[len(full) :]
            break
    for full, short in _FINAL_MERGES:
        if syllable.endswith(full):
            syllable = syllable[: -len(full)] + short
            break
    return syllable


@lru_cache(maxsize=65536)
def zh_key(unit: str) -> str:
    if len(unit) == 1 and "\u3400" <= unit <= "\u9fff":
        return merge_pinyin(lazy_pinyin(unit, style=Style.NORMAL)[0])
    return unit.lower()


# ---------------------------------------------------------------- Korean

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
# medial vowel index -> merged index (ㅐ=1 ~ ㅔ=5, ㅒ=3 ~ ㅖ=7, ㅙ=10 ~ ㅚ=11 ~ ㅞ=15)
_MEDIAL_MERGE = {5: 1, 7: 3, 11: 10, 15: 10}
# final index (0 = none) -> representative of its pronounced class
_FINAL_CLASS = {
    1: 1,
    2: 1,
    3: 1,
    24: 1,  # ㄱ ㄲ ㄳ ㅋ -> ㄱ
    4: 4,
    5: 4,
    6: 4,  # ㄴ ㄵ ㄶ -> ㄴ
    7: 7,
    19: 7,
    20: 7,
    22: 7,
    23: 7,
    25: 7,
    27: 7,  # ㄷ ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ -> ㄷ
    8: 8,
    10: 8,
    11: 8,
    12: 8,
    13: 8,
    15: 8,  # ㄹ ㄺ-ㅀ (most) -> ㄹ
    9: 16,
    16: 16,
    14: 26,
    17: 26,
    18: 26,
    26: 26,  # ㄻ ㅁ -> ㅁ ; ㄿ ㅂ ㅄ ㅍ -> ㅂ
    21: 21,  # ㅇ
}


def hangul_jamo(unit: str) -> tuple[int, int, int] | None:
    """(initial, medial, final-class) of a Hangul syllable, after the sound merges."""
    if len(unit) != 1:
        return None
    code = ord(unit)
    if not _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return None
    index = code - _HANGUL_FIRST
    initial, medial, final = index // 588, (index % 588) // 28, index % 28
    return initial, _MEDIAL_MERGE.get(medial, medial), _FINAL_CLASS.get(final, final)


@lru_cache(maxsize=65536)
def ko_key(unit: str) -> str:
    jamo = hangul_jamo(unit)
    if jamo is None:
        return unit.lower()
    return "{}.{}.{}".format(*jamo)


def ko_near(a: str, b: str) -> float:
    """Credit for two Hangul syllables that differ in one jamo (a near-miss of the recogniser)."""
    ja, jb = hangul_jamo(a), hangul_jamo(b)
    if ja is None or jb is None:
        return 0.0
    same = sum(1 for x, y in zip(ja, jb, strict=True) if x == y)
    return 0.5 if same >= 2 else 0.0


# ---------------------------------------------------------------- English


@lru_cache(maxsize=65536)
def en_key(unit: str) -> str:
    return unit.lower().replace("'", "")


def no_near(a: str, b: str) -> float:
    return 0.0

"""Hangul helpers for matching: initial consonants (choseong) and jamo sequences.

Korean users search note titles the way their phone's contact list works: typing only the initial
consonants ("ㄱㅇㅌ" for "게이트 정리"), or a syllable that the input method has not finished composing yet
("겡" on the way to "게이트", "고" on the way to "과"). Both become plain substring/subsequence matching once
titles and queries are spelled out as *compatibility jamo* (the letters on the keyboard, U+3131..U+3163),
with compound vowels and final clusters split into the basic letters the user actually types.
"""

from __future__ import annotations

import unicodedata

# Hangul Jamo, Compatibility Jamo and Syllables, as a regex character-class body: the math scanner (glue
# between pieces) and the typesetter (runs to draw as text) must agree on what counts as Korean.
HANGUL_CLASS = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
SYLLABLE_FIRST = 0xAC00
SYLLABLE_LAST = 0xD7A3
_PER_CHOSEONG = 21 * 28  # jungseong x jongseong combinations per initial consonant

# The 19 initial consonants in Unicode order, as keyboard (compatibility) letters.
CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNGSEONG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONGSEONG = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]

# Compound letters as the keys a user presses for them (ㅘ = ㅗ then ㅏ; ㄳ = ㄱ then ㅅ).
_SPLIT = {
    "ㅘ": "ㅗㅏ", "ㅙ": "ㅗㅐ", "ㅚ": "ㅗㅣ", "ㅝ": "ㅜㅓ", "ㅞ": "ㅜㅔ", "ㅟ": "ㅜㅣ", "ㅢ": "ㅡㅣ",
    "ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ", "ㄼ": "ㄹㅂ", "ㄽ": "ㄹㅅ",
    "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ",
}  # fmt: skip


def _build_tables() -> tuple[dict[int, str], dict[int, str]]:
    """Translation tables (for ``str.translate``, which runs in C) from every syllable to its letters."""
    jamo: dict[int, str] = {}
    cho: dict[int, str] = {}
    for code in range(SYLLABLE_FIRST, SYLLABLE_LAST + 1):
        offset = code - SYLLABLE_FIRST
        lead, rest = divmod(offset, _PER_CHOSEONG)
        vowel, tail = divmod(rest, 28)
        letters = CHOSEONG[lead] + _JUNGSEONG[vowel] + _JONGSEONG[tail]
        jamo[code] = "".join(_SPLIT.get(ch, ch) for ch in letters)
        cho[code] = CHOSEONG[lead]
    for compound, keys in _SPLIT.items():
        jamo[ord(compound)] = keys
    return jamo, cho


_JAMO_TABLE, _CHOSEONG_TABLE = _build_tables()


def normalize(text: str) -> str:
    """NFC + casefold: macOS stores Hangul file names decomposed, and matching ignores case."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.casefold()


def to_jamo(text: str) -> str:
    """Spell ``text`` as keyboard letters: "게이트" -> "ㄱㅔㅇㅣㅌㅡ", "과" -> "ㄱㅗㅏ". Other chars stay."""
    return normalize(text).translate(_JAMO_TABLE)


def choseong(text: str) -> str:
    """Each syllable's initial consonant: "게이트 정리" -> "ㄱㅇㅌ ㅈㄹ". Other chars stay (casefolded)."""
    return normalize(text).translate(_CHOSEONG_TABLE)


def is_choseong_query(text: str) -> bool:
    """True when ``text`` is only initial consonants (and spaces), like "ㄱㅇㅌ"."""
    stripped = text.replace(" ", "")
    return bool(stripped) and all(ch in CHOSEONG for ch in stripped)

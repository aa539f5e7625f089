"""No Korean text reaches the user from below the UI without its English (issue 11, F5 "Language").

Every user-facing string in app/ outside app/ui (engine, kernel, vault, markup, equations, CLI) is a coded
message: ``messages({code: (ko, en)})`` next to the code that uses it, worded by ``text(code, **args)`` in
the user's language. This scans every module for Korean string literals (AST, so f-string parts count too)
that are neither docstrings nor inside a ``messages()`` table. app/ui has its own scan
(tests/ui/test_language.py: Qt tr() and resources/i18n/*.ts).

What remains Korean on purpose is *note vocabulary*: words the parsers must recognise in a Korean note,
which are data, not UI. They are allowed only file by file, and only as the listed words, so a new Korean
sentence in one of these files is still caught.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.paths import REPO_DIR
from tests.hangul_literals import hangul, korean_literals

APP = REPO_DIR / "app"
HANGUL_RUN = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]+")

# Whole modules that are Hangul data, not text: the syllable/jamo tables behind the quick switcher's
# initial-consonant search (ㄱㅇㅌ finds 게이트).
HANGUL_DATA = {"vault/korean.py"}

# Note vocabulary: the Korean words each parser looks for in the notes (regular expressions).
NOTE_VOCABULARY: dict[str, set[str]] = {
    # an unlinked equation's left side that names a loss or a shape ("손실 = …", "크기 = …")
    "equations/nonmodel.py": {"손실", "크기", "모양"},
    # a shape claim's lead-in in prose ("출력의 크기는 …", "모양이 …")
    "equations/shapes/claims.py": {"크기", "모양", "차원", "은", "는", "이", "가"},
    # the conditions written around a shape ("배치가 없을 때", "양방향이면", "초기 은닉 상태")
    "equations/shapes/context.py": {
        "배치", "비배치", "없", "있", "있으면", "있을", "있는", "때", "경우", "가", "는", "차원이", "양방향",
        "마지막", "초기", "은닉", "셀", "출력", "입력", "입력이",
    },
    # a legend line naming what a letter means ("N은 배치 크기", "L: 시퀀스 길이", "층 수")
    "equations/shapes/legend.py": {
        "배치", "시퀀스", "길이", "타임", "스텝", "방향", "층", "레이어", "입력", "은닉", "크기", "크기가",
        "차원", "모양", "은", "는",
    },
}

MODULES = sorted(
    rel
    for path in APP.rglob("*.py")
    if not (rel := path.relative_to(APP).as_posix()).startswith("ui/") and rel not in HANGUL_DATA
)


def bypasses(rel: str) -> list[str]:
    """The Korean literals of ``app/<rel>`` that are neither in a messages() table nor allowed vocabulary."""
    allowed = NOTE_VOCABULARY.get(rel, set())
    return [
        f"{rel}:{line}: {value[:70]!r}"
        for line, value in korean_literals(APP / rel)
        if not set(HANGUL_RUN.findall(value)) <= allowed
    ]


@pytest.mark.parametrize("rel", MODULES)
def test_no_korean_literal_bypasses_app_i18n(rel: str) -> None:
    assert bypasses(rel) == []


def test_the_allowlists_name_real_files_and_words() -> None:
    """An allowlist that outlives its code would hide nothing but mislead: every entry is still used."""
    for rel in HANGUL_DATA:
        assert any(hangul(value) for _line, value in korean_literals(APP / rel)), rel
    for rel, words in NOTE_VOCABULARY.items():
        used = {word for _line, value in korean_literals(APP / rel) for word in HANGUL_RUN.findall(value)}
        assert words == used, (rel, sorted(words - used), sorted(used - words))


def test_the_scan_finds_what_it_should(tmp_path: Path) -> None:
    """The scanner itself: f-string parts and plain strings are found; docstrings and tables are not."""
    source = tmp_path / "sample.py"
    source.write_text(
        '"""모듈 설명."""\n'
        "from app.i18n import messages\n"
        'messages({"x.y": ("한국어", "English")})\n'
        "def f(n):\n"
        '    """함수 설명."""\n'
        '    raise ValueError(f"값 {n}이 잘못됨")\n'
        'LABEL = "복사"\n',
        encoding="utf-8",
    )
    assert korean_literals(source) == [(6, "값 "), (6, "이 잘못됨"), (7, "복사")]

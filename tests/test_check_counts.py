"""``check``'s summary line words its counts with the right number in English ("1 code block", not
"1 code blocks"); Korean counts take no plural."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

ONE_OF_EACH = "# 한 개씩\n\n$a$ 하나.\n\n```python\nx = 1\n```\n"
TWO_BLOCKS = "# 두 개\n\n```python\nx = 1\n```\n\n```python\ny = 2\n```\n"


def summary(path: Path, lang: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "app", "check", str(path), "--lang", lang],
                          cwd=REPO, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.splitlines()[0]


@pytest.mark.parametrize(("note", "lang", "words"), [
    (ONE_OF_EACH, "en", "1 math piece, 1 code block)"),
    (TWO_BLOCKS, "en", "0 math pieces, 2 code blocks)"),
    (ONE_OF_EACH, "ko", "수식 조각 1개, 코드 블록 1개"),
])  # fmt: skip
def test_counts_agree_with_their_number(tmp_path: Path, note: str, lang: str, words: str) -> None:
    path = tmp_path / "note.md"
    path.write_text(note, encoding="utf-8")
    line = summary(path, lang)
    assert line.endswith(words), line
    assert " 1 code blocks" not in line and " 1 math pieces" not in line

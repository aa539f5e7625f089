"""``check``'s code problems: worded in the chosen language, doctest blocks read as the code they show,
and the line of an error is the note's line even after a magic line."""

from __future__ import annotations

import pytest

from app import i18n
from app.markup.blocks import find_code_blocks
from app.markup.codehtml import code_errors

NOTE = """My summary of the docs:

```python
>>> gru = nn.GRU(6, 9, 2)
>>> y, h = gru(torch.randn(4, 2, 6))
>>> y.shape
torch.Size([4, 2, 9])
```

```python
%matplotlib inline
x = torch.zeros(2)
def broken(:
    pass
```

```python
print("never closed")
"""


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language(None)


@pytest.fixture
def korean():
    i18n.set_language("ko")
    yield
    i18n.set_language(None)


def _errors() -> list[list[str]]:
    return [code_errors(block) for block in find_code_blocks(NOTE)]


def test_english_words_and_note_lines(english: None) -> None:
    doctest, magic, unclosed = _errors()
    assert doctest == []  # prompts and printed output are not syntax errors
    assert magic == ["line 13: Python syntax error: invalid syntax"]  # the def line, counted with the magic
    assert unclosed == ["line 17: the code block is never closed (``` missing)"]


def test_korean_words(korean: None) -> None:
    _doctest, magic, unclosed = _errors()
    assert magic == ["13행: 파이썬 문법 오류: invalid syntax"]
    assert unclosed[0].startswith("17행: 코드 블록이 닫히지 않았습니다")

"""``python -m app equations`` words why an equation is unlinked in the CLI's language: English under
``--lang en`` (it printed the linker's Korean before), the linker's own Korean sentence under
``--lang ko``."""

from __future__ import annotations

import pytest

from app import i18n
from app.cli.equations import REASONS_EN, table
from app.equations import link_note
from app.equations.reasons import REASON_CODES

NOTE = r"""Notes on a GRU, my words.

The state $h_t$ and the input $x_t$; sizes $H_{out}$.

$$r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr})$$

$$\frac{\partial L}{\partial W} \cdot 2$$

$$y_t = W_{hy} h_t + b_y$$

$$\sigma(x) = \frac{1}{1 + e^{-x}}$$

$$\frac{1}{2}$$
"""


@pytest.fixture
def lang():
    def choose(code: str) -> None:
        i18n.set_language(code)

    yield choose
    i18n.set_language(None)


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def test_every_fixed_reason_has_english() -> None:
    assert set(REASON_CODES.values()) <= set(REASONS_EN)
    assert not any(_hangul(v) for v in REASONS_EN.values())


def test_english_table_has_no_korean(lang) -> None:
    lang("en")
    linked = link_note(NOTE)
    assert sum(1 for le in linked if le.quantity is None) >= 4  # several kinds of unlinked equations
    out = table(linked)
    assert not _hangul(out), out
    assert "Not an equation: a single symbol" in out


def test_korean_table_keeps_the_linkers_sentences(lang) -> None:
    lang("ko")
    linked = link_note(NOTE)
    out = table(linked)
    for le in linked:
        if le.quantity is None and le.reason:
            assert le.reason[:20] in out or le.reason[:10] in out

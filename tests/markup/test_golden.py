"""Golden tests: each ``golden/NAME.md`` renders to ``golden/NAME.html`` (SVG outlines replaced by a
marker, so the goldens test structure, hooks and ids, not ziamath's glyph paths).

Regenerate after an intended change with ``TN_REGEN_GOLDEN=1 .venv/bin/python -m pytest
tests/markup/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.i18n import set_language
from app.markup import render_note
from tests.markup.helpers import strip_svg

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))


@pytest.fixture(autouse=True)
def korean() -> Iterator[None]:
    """The page's own words (copy button, backlinks, properties) follow app.i18n: the goldens are Korean."""
    set_language("ko")
    yield
    set_language(None)


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    source = GOLDEN / f"{name}.md"
    note = render_note(source.read_text(encoding="utf-8"), path=source)
    html = strip_svg(note.body_html).replace(str(GOLDEN), "GOLDEN")
    expected = GOLDEN / f"{name}.html"
    if os.environ.get("TN_REGEN_GOLDEN"):
        expected.write_text(html, encoding="utf-8")
    assert expected.exists(), f"no golden for {name}; run with TN_REGEN_GOLDEN=1"
    assert html == expected.read_text(encoding="utf-8")


def test_hard_cases_key_facts() -> None:
    source = GOLDEN / "hard_cases.md"
    note = render_note(source.read_text(encoding="utf-8"), path=source)
    assert note.math_errors == []
    kinds = [e.kind for e in note.equations]
    assert kinds.count("row") == 6  # 2 (align*) + 2 (gathered/aligned) + 2 (aligned with tag)
    latex = [e.latex for e in note.equations]
    assert "h_{t-1}" in latex and "C_t" in latex
    assert r"|x_t|=(\text{batch\_size},1,\text{input\_size})" in latex
    assert "어텐션 = attention(q,k,r)" in latex
    assert not any("frac{a}{b}" in x or "dv." in x or "conda" in x for x in latex)
    assert note.tags == ["deep_learning", "RNN"]
    assert note.front_matter == {"tags": ["lstm", "딥러닝"]}
    assert note.body_html.count("checked") == 1  # "- [?]" is done, "- [ ]" is not
    assert "안쪽 펜스" in note.body_html and "#@tab pytorch" in note.body_html

"""Each distinct typeset formula once per page: a hidden SVG sprite plus a tiny ``<use>`` per occurrence.

Why: a note repeats the same symbols many times (the seed pastes its whole section twice; a 5 MB note
repeats ``$f_t$`` tens of thousands of times), and one formula's glyph outlines are 1–10 kB. Writing the
full SVG at every occurrence made a 5 MB note ~700 MB of HTML, which no WebEngine view survives. With
the sprite the page grows with the DISTINCT math, and an occurrence costs ~60 bytes.

The outlines go into ``<defs>`` as ``<symbol id="tn-m-…" viewBox="…">``; the formula's size and baseline
offset become one CSS rule for the class of the same name; an occurrence is
``<svg class="tn-m-…"><use href="#tn-m-…"/></svg>``. Chromium draws ``<use>`` with the referencing
element's ``color``, so ``fill="currentColor"`` still follows the theme and the highlight. Names are
content hashes, so an embedded note's sprite may repeat them harmlessly (identical content).
``mathsvg.typeset`` still returns whole standalone SVGs for other users (the equation panel draws them
with QtSvg).

Glyphs are shared one level further down: ziamath draws each glyph as a ``<symbol>`` placed by ``<use>``
(SVG 2), so the sprite keeps each distinct glyph outline once per page (``tn-g<n>``), and a formula's
symbol holds only ``<use>`` placements. A 2 MB note has thousands of distinct formulas but a few hundred
distinct glyphs, so this is what keeps its HTML a small multiple of the Markdown (``bench_render``).
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from app.markup.mathsvg import RE_SYMBOL

RE_HREF = re.compile(r'href="#([^"]+)"')
SPRITE_STYLE = "position:absolute;width:0;height:0;overflow:hidden"
RE_OPEN_TAG = re.compile(
    r'^<svg\b[^>]*?\swidth="([^"]+)"[^>]*?\sheight="([^"]+)"[^>]*?\sviewBox="([^"]+)"'
    r'[^>]*?\sstyle="vertical-align:([^";]+)"[^>]*>'
)


class MathSprite:
    """Collects the distinct SVGs of one render and hands out references to them."""

    def __init__(self) -> None:
        self._refs: dict[str, str] = {}  # full svg -> what to write where it appears
        self._symbols: list[str] = []
        self._rules: list[str] = []
        self._glyphs: dict[str, str] = {}  # short ids of the glyphs already in this page's sprite
        self._glyph_defs: list[str] = []
        self.memo: dict[object, object] = {}  # mathhtml's per-render memo of typeset pieces

    def __len__(self) -> int:
        return len(self._symbols)

    def use(self, svg: str) -> str:
        """The markup to put where ``svg`` appears; records ``svg`` for :meth:`html` the first time."""
        ref = self._refs.get(svg)
        if ref is not None:
            return ref
        m = RE_OPEN_TAG.match(svg)
        close = svg.rfind("</svg>")
        if m is None or close < m.end():
            self._refs[svg] = svg  # not the shape we expect: keep it inline, correct if not compact
            return svg
        entry = _split(svg, m, close)
        for short, definition in entry.glyphs:
            if short not in self._glyphs:
                self._glyphs[short] = short
                self._glyph_defs.append(definition)
        self._symbols.append(entry.symbol)
        self._rules.append(entry.rule)
        self._refs[svg] = entry.ref
        return entry.ref


    def html(self) -> str:
        """The sizes and the hidden sprite of every distinct formula (empty when the note has no math)."""
        if not self._symbols:
            return ""
        return (
            f'<style class="tn-sprite-style">{"".join(self._rules)}</style>'
            f'<svg class="tn-sprite" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
            f'style="{SPRITE_STYLE}"><defs>{"".join(self._glyph_defs)}{"".join(self._symbols)}</defs></svg>\n'
        )


class _Split(NamedTuple):
    """One formula's SVG taken apart for a sprite; the same for every page, so computed once."""

    ref: str  # what each occurrence writes
    symbol: str  # the formula's <symbol> (glyph placements only)
    rule: str  # its size and baseline
    glyphs: tuple[tuple[str, str], ...]  # (short id, <symbol> definition) of each glyph it uses


_SPLIT: dict[str, _Split] = {}
_SPLIT_MAX = 8192


def _split(svg: str, m: re.Match[str], close: int) -> _Split:
    hit = _SPLIT.get(svg)
    if hit is not None:
        return hit
    name = "tn-m-" + hashlib.sha1(svg.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    width, height, view_box, align = m.groups()
    glyphs: dict[str, tuple[str, str]] = {}

    def glyph(g: re.Match[str]) -> str:
        if g.group(1) not in glyphs:
            # content-derived, so an embedded note's sprite names the same glyph the same way
            short = "tn-g" + hashlib.sha1(g.group(1).encode("utf-8")).hexdigest()[:8]
            outline = g.group(3) or ""
            glyphs[g.group(1)] = (short, f'<symbol id="{short}" viewBox="{g.group(2)}">{outline}</symbol>')
        return ""

    inner = RE_SYMBOL.sub(glyph, svg[m.end() : close])
    def href(h: re.Match[str]) -> str:
        found = glyphs.get(h.group(1))
        return f'href="#{found[0] if found else h.group(1)}"'

    inner = RE_HREF.sub(href, inner)
    entry = _Split(
        f'<svg class="{name}" role="img"><use href="#{name}"/></svg>',
        f'<symbol id="{name}" viewBox="{view_box}">{inner}</symbol>',
        f".{name}{{width:{width};height:{height};vertical-align:{align}}}",
        tuple(glyphs.values()),
    )
    if len(_SPLIT) >= _SPLIT_MAX:
        _SPLIT.clear()
    _SPLIT[svg] = entry
    return entry

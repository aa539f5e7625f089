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
        self._glyphs: dict[str, str] = {}  # ziamath's glyph id -> our short id
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
        name = "tn-m-" + hashlib.sha1(svg.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        width, height, view_box, align = m.groups()
        inner = RE_HREF.sub(self._href, RE_SYMBOL.sub(self._glyph, svg[m.end() : close]))
        self._symbols.append(f'<symbol id="{name}" viewBox="{view_box}">{inner}</symbol>')
        self._rules.append(f".{name}{{width:{width};height:{height};vertical-align:{align}}}")
        ref = f'<svg class="{name}" role="img"><use href="#{name}"/></svg>'
        self._refs[svg] = ref
        return ref

    def _glyph(self, m: re.Match[str]) -> str:
        """Record a glyph ``<symbol>`` under a short page id (first time only); drop it from the formula."""
        if m.group(1) not in self._glyphs:
            # content-derived, so an embedded note's sprite names the same glyph the same way
            short = "tn-g" + hashlib.sha1(m.group(1).encode("utf-8")).hexdigest()[:8]
            self._glyphs[m.group(1)] = short
            outline = m.group(3) or ""
            self._glyph_defs.append(f'<symbol id="{short}" viewBox="{m.group(2)}">{outline}</symbol>')
        return ""

    def _href(self, m: re.Match[str]) -> str:
        return f'href="#{self._glyphs.get(m.group(1), m.group(1))}"'

    def html(self) -> str:
        """The sizes and the hidden sprite of every distinct formula (empty when the note has no math)."""
        if not self._symbols:
            return ""
        return (
            f'<style class="tn-sprite-style">{"".join(self._rules)}</style>'
            f'<svg class="tn-sprite" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
            f'style="{SPRITE_STYLE}"><defs>{"".join(self._glyph_defs)}{"".join(self._symbols)}</defs></svg>\n'
        )

"""Helpers for the renderer tests."""

from __future__ import annotations

import re

RE_SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.S)
RE_SPRITE_STYLE = re.compile(r'<style class="tn-sprite-style">.*?</style>', re.S)


def strip_svg(html: str) -> str:
    """Replace typeset SVG by a marker: goldens then test structure, not ziamath's glyph outlines."""
    return RE_SVG.sub("<svg/>", RE_SPRITE_STYLE.sub("<style/>", html))

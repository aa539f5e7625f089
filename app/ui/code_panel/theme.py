"""The code panel's colours in the dark theme.

The panel's widgets (stylesheet, editor gutter and chips, Pygments token colours, output) were drawn
with a GitHub-like light palette. Rather than keep a second copy of every stylesheet and table, each
light colour has its dark counterpart here (GitHub's dark palette), and the widgets translate their
colours through :func:`colour` when the theme is dark. The theme is read from the application palette
that ``app.ui.common.theme.apply`` sets, so the panel follows View → Theme and the system without wiring.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

DARK = {  # light colour -> dark colour (lower-case #rrggbb)
    # surfaces and text
    "#f6f8fa": "#1e1f22", "#ffffff": "#0d1117", "#f3f4f6": "#262c36", "#f3f6fb": "#1c2128",
    "#1f2328": "#e6edf3", "#24292f": "#e6edf3", "#57606a": "#9198a1", "#8c959f": "#6e7681",
    "#d0d7de": "#3d444d", "#94d3a2": "#1c4428",
    # notices: fix bar, messages, chips, errors
    "#fff8c5": "#3b2e00", "#d4a72c": "#9e6a03", "#4d2d00": "#f2cc60", "#7d4e00": "#e3b341",
    "#9a6700": "#d29922", "#fff3bf": "#4d3800",
    "#ffebe9": "#3c1618", "#82071e": "#ffa198", "#ff8182": "#f85149", "#cf222e": "#ff7b72",
    "#ddf4ff": "#0c2d6b", "#0a3069": "#a5d6ff", "#54aeff": "#1f6feb",
    "#dafbe1": "#0f3d1f", "#116329": "#7ee787", "#4ac26b": "#2ea043", "#bc4c00": "#ffa657",
    # syntax
    "#6a737d": "#8b949e", "#0550ae": "#79c0ff", "#953800": "#ffa657", "#8250df": "#d2a8ff",
    "#6639ba": "#d2a8ff",
}
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


def current_theme() -> str:
    """"dark" when the application palette (set by ``app.ui.common.theme.apply``) is dark, else "light"."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return "light"
    return "dark" if app.palette().color(QPalette.ColorRole.Window).lightness() < 128 else "light"


def colour(light: str, theme: str) -> str:
    """The colour to use for ``light`` in ``theme``."""
    return DARK.get(light.lower(), light) if theme == "dark" else light


def themed(style: str, theme: str) -> str:
    """A stylesheet (or any text) with its light colours swapped for ``theme``."""
    if theme != "dark":
        return style
    return _HEX.sub(lambda m: colour(m.group(0), theme), style)

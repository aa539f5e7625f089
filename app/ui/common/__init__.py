"""Shared UI parts every feature uses: fonts, themes, the UI language and the typeset-math widget.

Owns ``fonts``, ``theme``, ``i18n`` (Qt translators), ``labels`` (text that never widens its column),
``mathview``, ``math_symbols`` and ``plaintext`` (note and user text shown literally). May import only
``app.markup`` (typesetting), ``app.fonts`` and ``app.paths``; nothing else of ``app.ui``.
"""

from app.ui.common import fonts, i18n, theme
from app.ui.common.flow import FlowLayout, compact, flow, pair
from app.ui.common.labels import contain, contained_width
from app.ui.common.math_symbols import MarkedFormula, coloured, mark_formula
from app.ui.common.mathview import MathView, SymbolMathView, display_latex, math_reason, plain_label
from app.ui.common.plaintext import plain, shown, tip

__all__ = [
    "FlowLayout",
    "MarkedFormula",
    "MathView",
    "SymbolMathView",
    "coloured",
    "compact",
    "contain",
    "contained_width",
    "display_latex",
    "flow",
    "fonts",
    "i18n",
    "mark_formula",
    "math_reason",
    "pair",
    "plain",
    "plain_label",
    "shown",
    "theme",
    "tip",
]

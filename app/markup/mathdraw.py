"""The one boundary for typesetting: every LaTeX the app draws goes through :func:`draw`, which never raises.

Why one function (issue 11, F4): the note, the equation panel's big equation, its symbol chips and the
hover marks each called the typesetter and caught its error their own way; one fallback itself typeset
the broken LaTeX again (as text, with ``$`` delimiters) and threw, so clicking a red box for
``$\\frac{$`` left the panel frozen. Now each caller gets a :class:`Drawing`: the typeset formula, or a
plain reason in the user's language (``app.i18n``), never an exception, whatever the input (empty,
whitespace, stray ``$$``, unbalanced braces, nesting too deep, a library bug).

Plots never typeset: matplotlib would read ``$…$`` in a label as mathtext and raise while drawing, so
:func:`plain_label` makes every label literal text.

Callers: ``mathhtml`` (the note), ``app.ui.common.mathview`` (panel equation, chips, red fallback),
``app.ui.common.math_symbols`` (marked formulas), ``app.ui.equation_panel.plots`` (labels).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from html import escape
from typing import Any

from app import i18n
from app.markup.mathsvg import SIZE, MathSVG, MathTypesetError, typeset

log = logging.getLogger(__name__)

i18n.messages({
    "math.internal": ("이 수식을 그리는 중 오류가 났습니다", "Drawing this formula failed"),
})  # fmt: skip


@dataclass(frozen=True)
class Drawing:
    """What :func:`draw` gives: ``math`` when typeset, else ``reason`` (plain text) with its ``code``."""

    latex: str
    math: MathSVG | None = None
    code: str | None = None
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.math is not None

    @property
    def reason(self) -> str | None:
        """Why it could not be drawn, in the current language (None when it was drawn)."""
        return None if self.code is None else i18n.text(self.code, **self.args)

    def error(self) -> MathTypesetError:
        """The failure as the typesetter's exception (for callers that record ``MathError``s)."""
        return MathTypesetError(self.code or "math.internal", self.args)


def draw(latex: str, *, display: bool = False, size: float = SIZE, color: str = "currentColor") -> Drawing:
    """Typeset ``latex`` (macros already expanded); never raises. See the module docstring."""
    if not isinstance(latex, str):
        latex = "" if latex is None else str(latex)
    if not latex.strip().strip("$").strip():
        return Drawing(latex, code="math.empty")
    try:
        return Drawing(latex, math=typeset(latex, display=display, size=size, color=color))
    except MathTypesetError as exc:
        return Drawing(latex, code=exc.code, args=exc.args_)
    except RecursionError:
        return Drawing(latex, code="math.too_deep")
    except Exception:  # a bug below us must not take a panel or a page down
        log.exception("typesetting %r failed", latex[:200])
        return Drawing(latex, code="math.internal")


def error_svg(text: str, size: float = 16.0, color: str = "#b42318") -> str:
    """A red, plain-text picture of ``text`` (the LaTeX that could not be drawn), for SVG renderers.

    Written by hand, so nothing is parsed: no typesetter, no way to fail. Width is estimated from the
    character count (0.6 em per character, the monospace advance).
    """
    shown = " ".join(text.split()) or "∅"
    if len(shown) > 200:
        shown = shown[:199] + "…"
    width = max(1.0, 0.6 * size * len(shown) + 4)
    height = 1.4 * size
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}"><text x="2" y="{size:.0f}" fill="{color}" '
        f'font-family="DejaVu Sans Mono, monospace" font-size="{size:.0f}">{escape(shown)}</text></svg>'
    )


def plain_label(text: object) -> str:
    """``text`` as literal matplotlib text: each ``$`` escaped, so it is never parsed as mathtext."""
    return str(text if text is not None else "").replace("$", r"\$")

"""The equation linker (pure Python): which recurrent-cell quantity each equation of a note defines.

``link_note(text)`` gives one ``LinkedEquation`` per ``app.markup.mathscan.scan_equations`` entry;
``link_equation(latex, hint=…)`` links one LaTeX string. See docs/CONTRACTS.md §3.
"""

from app.equations import gradients  # noqa: F401  (registers the gradient linker, issue 13)
from app.equations.linker import QUANTITIES, Link, NoteHint, Symbol, link_equation
from app.equations.note import LinkedEquation, code_model, link_note, pinned_hint
from app.equations.sections import Section, Sections

__all__ = [
    "QUANTITIES",
    "Link",
    "LinkedEquation",
    "NoteHint",
    "Section",
    "Sections",
    "Symbol",
    "code_model",
    "link_equation",
    "link_note",
    "pinned_hint",
]

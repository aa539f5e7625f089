"""Obsidian-flavoured Markdown with typeset math → HTML (pure Python, no Qt).

``render_note`` renders a note; ``page_html`` wraps the result in a full HTML page; ``scan_equations``
(in ``mathscan``) finds the equations without typesetting anything.
"""

from app.markup.mathscan import Equation, MathPiece, scan_equations
from app.markup.model import Heading, MathError, RenderedNote
from app.markup.page import page_html
from app.markup.render import render_note

__all__ = [
    "Equation",
    "Heading",
    "MathError",
    "MathPiece",
    "RenderedNote",
    "page_html",
    "render_note",
    "scan_equations",
]

"""Hook point for linkers of special equation kinds, tried before the model rules.

Issue 13 links gradient equations (``∂L/∂W_{hh} = …``) in its own module: it appends a function to
``SPECIAL`` at import. Each function gets the cleaned source, the parsed nodes and the note's hint, and
returns a ``Link`` when the equation is its kind, else None (the model rules then run as usual). Kept in
its own module so that the linker and its extensions meet without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.equations.latex import Node

# (src, nodes, hint) -> Link | None; typed loosely so that this module needs nothing from the linker.
SpecialLinker = Callable[[str, list[Node], Any], Any]
SPECIAL: list[SpecialLinker] = []


def special(linker: SpecialLinker) -> SpecialLinker:
    """Register ``linker`` (use as a decorator). The linker's cache is keyed by the number of registered
    linkers, so a registration takes effect at once."""
    SPECIAL.append(linker)
    return linker

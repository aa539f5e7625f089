"""Which of the note's modules each shape claim is judged on: the module of the claim's own section.

A note may build several modules (issue 9: a GRU under one heading, a bidirectional LSTM under the next).
A shape written in the GRU's section is about the GRU, so it must be judged on the GRU, not on whatever
module the panel happens to trace. The rule, for a claim on note line ``n``:

1. the module built in the claim's section (innermost first, then each enclosing section): the nearest
   one at or above ``n``; in the innermost section, else the first one below it (shapes first, code
   after); a module further down an enclosing section belongs to a sibling section, not to this one;
2. else the nearest module built above ``n`` anywhere in the note;
3. else none (``None``): the panel's module (the live object after a run, the first module, or the
   default LSTM of a note without code).

Sections are ``app.equations.Sections`` (the linker's and the model finder's), so an equation and a shape
claim of the same section are judged on the same module. Torch-free: the modules come from
``app.engine.notecode.infer_note`` (each has ``line``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from app.equations import Sections


class HasLine(Protocol):
    @property
    def line(self) -> int | None: ...


def module_at(sections: Sections, modules: Sequence[HasLine], line: int) -> int | None:
    """The index in ``modules`` of the module a claim on ``line`` is judged on (see the module docstring)."""
    placed = [(k, m.line) for k, m in enumerate(modules) if m.line is not None]
    if not placed:
        return None
    for depth, section in enumerate(sections.chain(line)[:-1]):
        inside = [(k, at) for k, at in placed if section.holds(at)]
        above = [(at, k) for k, at in inside if at <= line]
        if above:
            return max(above)[1]
        if inside and depth == 0:  # shapes first, code after, in the same section
            return min((at, k) for k, at in inside)[1]
    above = [(at, k) for k, at in placed if at <= line]
    return max(above)[1] if above else None


def claim_modules(text: str, modules: Sequence[HasLine], lines: Sequence[int]) -> list[int | None]:
    """``module_at`` for each of ``lines`` (1-based note lines), with one section scan of ``text``."""
    if not modules:
        return [None] * len(lines)
    sections = Sections(text)
    return [module_at(sections, modules, n) for n in lines]

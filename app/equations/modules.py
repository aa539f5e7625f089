"""Which of the note's modules an equation traces, and which model kind a section is about.

A note may build several modules (an RNN, an LSTM and a GRU under three headings; an encoder and a
decoder) and explain several cells in turn. An equation is about the module of its own section:
- ``lstm.*`` traces only an LSTM (or an LSTMCell); among those, the one built in the equation's innermost
  section wins, then one in an enclosing section, then the nearest one above the equation, then the
  nearest below;
- a lone symbol or a generic ``h_t = f(x_t, h_{t-1})`` takes its section's model kind: the module built in
  the section (innermost first), else what the section's own equations define by structure, else the
  nearest module above.

The modules come from the caller (``app.engine.notecode``'s inference, a higher layer) as anything with
``line`` and ``kind``; without them, a light scan of the note's code finds the constructors
(:func:`code_modules`), so this layer stays free of the engine.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.equations.sections import Section, Sections
from app.vault.blocks import find_code_blocks

_CONSTRUCTOR = re.compile(r"\b(?:torch\.)?nn\.(LSTM|GRU|RNN)(Cell)?\s*\(")


class ModuleLike(Protocol):
    @property
    def line(self) -> int | None: ...
    @property
    def kind(self) -> str: ...


@dataclass(frozen=True)
class CodeModule:
    """A constructor found by the light scan: its note line and kind ("lstm", "gru_cell" …)."""

    line: int
    kind: str


def code_modules(text: str) -> list[CodeModule]:
    """``nn.LSTM(`` … ``nn.RNNCell(`` in the note's fenced code, in note order (no evaluation)."""
    found = []
    for block in find_code_blocks(text):
        first = block.content_lines[0]
        for n, line in enumerate(block.source.split("\n")):
            for m in _CONSTRUCTOR.finditer(line):
                kind = m.group(1).lower() + ("_cell" if m.group(2) else "")
                found.append(CodeModule(first + n, kind))
    return found


def family(kind: str) -> str:
    return kind.removesuffix("_cell")


class Scoper:
    """Section lookups for one note: its sections, its modules and its equations' structural models."""

    def __init__(
        self, text: str, modules: Sequence[ModuleLike], structural: Sequence[tuple[int, str | None]]
    ):
        self.sections = Sections(text)
        self.modules = [(k, m.line, family(m.kind)) for k, m in enumerate(modules) if m.line is not None]
        self.structural = [(line, model) for line, model in structural if model]
        self._by_section: dict[int, str | None] = {}  # innermost heading line -> what its sections say

    def module_for(self, line: int, model: str | None) -> int | None:
        """The index of the module an equation on ``line`` defining a ``model`` quantity traces."""
        if model is None:
            return None
        candidates = [(k, at) for k, at, kind in self.modules if kind == model]
        return self._best(line, candidates)

    def section_model(self, line: int) -> str | None:
        """The model kind of the section holding ``line`` (None when the section says nothing)."""
        chain = self.sections.chain(line)[:-1]
        key = chain[0].line if chain else 0
        if key not in self._by_section:
            self._by_section[key] = self._sections_say(chain, line)
        said = self._by_section[key]
        if said is not None:
            return said
        above = [(at, kind) for _, at, kind in self.modules if at <= line]
        return max(above)[1] if above else None

    def _sections_say(self, chain: list[Section], line: int) -> str | None:
        """What the sections of ``chain`` (innermost first) say: a module built there, else the model
        their equations define by structure."""
        for section in chain:
            inside = [kind for _, at, kind in self.modules if section.holds(at)]
            if inside:
                return _closest_kind(line, [(at, kind) for _, at, kind in self.modules if section.holds(at)])
            defined = Counter(model for at, model in self.structural if section.holds(at)).most_common()
            if defined and (len(defined) == 1 or defined[0][1] > defined[1][1]):
                return defined[0][0]
        return None

    def _best(self, line: int, candidates: list[tuple[int, int]]) -> int | None:
        if not candidates:
            return None
        for section in self.sections.chain(line)[:-1]:
            inside = [(k, at) for k, at in candidates if section.holds(at)]
            if inside:
                return _nearest(line, inside)
        return _nearest(line, candidates)


def _nearest(line: int, candidates: list[tuple[int, int]]) -> int:
    """The nearest candidate above ``line``, else the nearest below."""
    above = [(at, k) for k, at in candidates if at <= line]
    if above:
        return max(above)[1]
    return min((at, k) for k, at in candidates)[1]


def _closest_kind(line: int, found: list[tuple[int, str]]) -> str:
    above = [item for item in found if item[0] <= line]
    return max(above)[1] if above else min(found)[1]

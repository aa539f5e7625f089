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

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

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


class _Lines:
    """Items sorted by (line, tie-break), for "the last at or above a line / the first at or after a line
    within a span" by bisection: a scan of every module per equation was quadratic in a long note."""

    def __init__(self, items: list[tuple[int, Any]]) -> None:
        self.items = sorted(items)
        self.lines = [at for at, _ in self.items]

    def pick(self, line: int, lo: int, hi: int) -> Any | None:
        """Of the items in ``lo ≤ at ≤ hi``: the greatest at or above ``line``, else the least (None when
        the span holds none): the nearest above, else the nearest below, ties broken as ``max``/``min`` of
        the tuples."""
        i = bisect.bisect_right(self.lines, min(line, hi)) - 1
        if i >= 0 and self.lines[i] >= lo:
            return self.items[i][1]
        j = bisect.bisect_left(self.lines, lo)
        if j < len(self.items) and self.lines[j] <= hi:
            return self.items[j][1]
        return None

    def any_in(self, lo: int, hi: int) -> bool:
        j = bisect.bisect_left(self.lines, lo)
        return j < len(self.items) and self.lines[j] <= hi


class Scoper:
    """Section lookups for one note: its sections, its modules and its equations' structural models.

    Every lookup bisects line-sorted indexes built once (modules per family, modules by kind, prefix
    counts of the structural models), so linking a note is O(E log M) rather than O(E·M)."""

    def __init__(
        self, text: str, modules: Sequence[ModuleLike], structural: Sequence[tuple[int, str | None]]
    ):
        self.sections = Sections(text)
        self.modules = [(k, m.line, family(m.kind)) for k, m in enumerate(modules) if m.line is not None]
        self.structural = [(line, model) for line, model in structural if model]
        self._by_section: dict[int, str | None] = {}  # innermost heading line -> what its sections say
        by_family: dict[str, list[tuple[int, Any]]] = {}
        for k, at, kind in self.modules:
            by_family.setdefault(kind, []).append((at, k))
        self._family = {kind: _Lines(items) for kind, items in by_family.items()}  # (at, k) per family
        self._kinds = _Lines([(at, kind) for _, at, kind in self.modules])  # (at, kind): max/min as tuples
        ordered = sorted((line, model) for line, model in self.structural)
        self._structural_lines = [line for line, _ in ordered]
        self._counts: dict[str, list[int]] = {}  # model -> how many of the first i structural lines define it
        for model in {model for _, model in ordered}:
            prefix = [0]
            for _, other in ordered:
                prefix.append(prefix[-1] + (other == model))
            self._counts[model] = prefix

    def module_for(self, line: int, model: str | None) -> int | None:
        """The index of the module an equation on ``line`` defining a ``model`` quantity traces."""
        if model is None or model not in self._family:
            return None
        return self._best(line, self._family[model])

    def section_model(self, line: int) -> str | None:
        """The model kind of the section holding ``line`` (None when the section says nothing)."""
        chain = self.sections.chain(line)[:-1]
        key = chain[0].line if chain else 0
        if key not in self._by_section:
            self._by_section[key] = self._sections_say(chain, line)
        said = self._by_section[key]
        if said is not None:
            return said
        above = bisect.bisect_right(self._kinds.lines, line) - 1
        return self._kinds.items[above][1] if above >= 0 else None

    def _sections_say(self, chain: list[Section], line: int) -> str | None:
        """What the sections of ``chain`` (innermost first) say: a module built there, else the model
        their equations define by structure."""
        for section in chain:
            if self._kinds.any_in(section.line, section.end):
                return self._kinds.pick(line, section.line, section.end)
            lo = bisect.bisect_left(self._structural_lines, section.line)
            hi = bisect.bisect_right(self._structural_lines, section.end)
            counts = ((prefix[hi] - prefix[lo], model) for model, prefix in self._counts.items())
            defined = sorted((item for item in counts if item[0]), reverse=True)
            if defined and (len(defined) == 1 or defined[0][0] > defined[1][0]):
                return defined[0][1]
        return None

    def _best(self, line: int, candidates: _Lines) -> int | None:
        for section in self.sections.chain(line)[:-1]:
            found = candidates.pick(line, section.line, section.end)
            if found is not None:
                return int(found)
        found = candidates.pick(line, -(10**18), 10**18)
        return None if found is None else int(found)

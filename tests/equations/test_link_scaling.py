"""The linker's indexed section lookups answer exactly what a plain scan of every module answers.

``Scoper`` (app.equations.modules) and the nearby notation (app.equations.note) used to scan all the
note's modules and equations for every equation, which took ~13 s on the 2 MB benchmark note; they now
bisect line-sorted indexes. Here the plain scans are written out again, as the definition, and compared
with the indexes on every bundled note and on a generated long note, for every equation line and every
model kind, with modules given in note order, reversed and with two modules on one line (tie breaks).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from app.equations.linker import Link, NoteHint, link_equation
from app.equations.modules import CodeModule, Scoper, code_modules, family
from app.equations.note import _latexes, _nearby_notations
from app.equations.sections import Section
from app.markup.mathscan import scan_equations

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
from huge_note import huge_note  # noqa: E402

NOTES = sorted((REPO / "notes").glob("*.md"))


def _texts() -> list[tuple[str, str]]:
    out = [(path.name, path.read_text(encoding="utf-8")) for path in NOTES]
    out.append(("generated", huge_note(0.15)))
    return out


class PlainScoper:
    """The definition: every lookup scans all modules / structural lines (what the indexes replace)."""

    def __init__(self, scoper: Scoper) -> None:
        self.sections, self.modules, self.structural = scoper.sections, scoper.modules, scoper.structural
        self.said: dict[int, str | None] = {}

    def module_for(self, line: int, model: str) -> int | None:
        candidates = [(k, at) for k, at, kind in self.modules if kind == model]
        if not candidates:
            return None
        for section in self.sections.chain(line)[:-1]:
            inside = [(k, at) for k, at in candidates if section.holds(at)]
            if inside:
                return _nearest(line, inside)
        return _nearest(line, candidates)

    def section_model(self, line: int) -> str | None:
        """Like ``Scoper``, what a section says is settled by the first line asked in it (the linker asks
        in note order, so: by the section's first equation)."""
        chain = self.sections.chain(line)[:-1]
        key = chain[0].line if chain else 0
        if key not in self.said:
            self.said[key] = self._sections_say(chain, line)
        if self.said[key] is not None:
            return self.said[key]
        above_all = [(at, kind) for _, at, kind in self.modules if at <= line]
        return max(above_all)[1] if above_all else None

    def _sections_say(self, chain: list[Section], line: int) -> str | None:
        for section in chain:
            inside = [(at, kind) for _, at, kind in self.modules if section.holds(at)]
            if inside:
                above = [item for item in inside if item[0] <= line]
                return max(above)[1] if above else min(inside)[1]
            defined = Counter(model for at, model in self.structural if section.holds(at)).most_common()
            if defined and (len(defined) == 1 or defined[0][1] > defined[1][1]):
                return defined[0][0]
        return None


def _nearest(line: int, candidates: list[tuple[int, int]]) -> int:
    above = [(at, k) for k, at in candidates if at <= line]
    return max(above)[1] if above else min((at, k) for k, at in candidates)[1]


def _module_orders(text: str) -> list[list[CodeModule]]:
    found = code_modules(text)
    orders = [found, list(reversed(found))]
    if found:  # a second module on the first one's line, of another kind: ties are broken the same way
        other = "gru" if family(found[0].kind) != "gru" else "lstm"
        orders.append([*found, CodeModule(found[0].line, other)])
    return orders


@pytest.mark.parametrize(("name", "text"), _texts(), ids=lambda v: v if len(v) < 40 else "")
def test_indexed_lookups_equal_the_plain_scan(name: str, text: str) -> None:
    equations = scan_equations(text)
    assert equations, name
    first = [link_equation(latex, hint=NoteHint()) for latex in _latexes(equations)]
    structural = [
        (eq.lines[0], link.model if link.quantity else None)
        for eq, link in zip(equations, first, strict=True)
    ]
    checked = 0
    for modules in _module_orders(text):  # equation lines, module lines (ties at the line) and the ends
        lines = sorted({eq.lines[0] for eq in equations} | {m.line for m in modules} | {0, 1, 10**6})
        fast = Scoper(text, modules, structural)
        plain = PlainScoper(fast)
        for line in lines:
            assert fast.section_model(line) == plain.section_model(line), (name, line)
            for model in ("lstm", "gru", "rnn"):
                assert fast.module_for(line, model) == plain.module_for(line, model), (name, line, model)
                checked += 1
    assert checked >= 3 * len(equations)


def test_nearby_notation_is_the_nearest_earlier_else_later() -> None:
    context = NoteHint(None, "pytorch")
    notations = [None, "d2l", None, None, "concat", None, "pytorch", None]
    first = [Link(quantity=None, reason=None, notation=n, model=None, symbols=[]) for n in notations]
    expected = []
    for k in range(len(first)):
        earlier = next((n for n in reversed(notations[:k]) if n), None)
        later = next((n for n in notations[k + 1 :] if n), None)
        expected.append(earlier or later or context.notation)
    assert _nearby_notations(first, context) == expected
    # not itself: the first takes the later d2l, the d2l one the later concat, the last the earlier pytorch
    assert (expected[0], expected[1], expected[5], expected[7]) == ("d2l", "concat", "concat", "pytorch")
    assert _nearby_notations([], context) == []
    lone = [Link(quantity=None, reason=None, notation=None, model=None, symbols=[])]
    assert _nearby_notations(lone, context) == ["pytorch"]  # nothing near: the note's context

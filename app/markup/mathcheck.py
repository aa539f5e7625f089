"""Did the typesetter draw what the LaTeX says? A check on the drawn glyphs, after layout.

Silent loss is the worst failure of a math renderer: the student trusts a formula that is missing a
term. So every formula is verified after ziamath has laid it out, against the LaTeX it was given
(after ``texprep``, whose rewrites drop layout only):

- **ink**: every letter and digit of the source (outside command names and arguments that are not
  drawn: ``\\begin{…}``, an array's column spec, ``\\color{…}``, ``\\label{…}``, lengths…) must be drawn at
  least as often as it is written. Letters are compared after NFKC, so ``\\mathbb{R}`` (ℝ) accounts for
  ``R`` and italic 𝑓 for ``f``. This catches ``\\mathop{\\mathrm{softmax}}(z)`` drawing only ``(z)``.
- **no invented ink**: ASCII letters, digits and ``*`` drawn more often than written, and not explained by
  a command's own name (``\\log`` draws l, o, g), mean source text leaked into the drawing: ``\\\\[4pt]``
  printed as "[4pt]", ``\\operatorname*`` printed as ``*``.
- **rows**: a table environment's rows must each become a table row (``<mtr>``); latex2mathml turning
  them into a line break that ziamath ignores would otherwise put all rows on one line.

Measured: no false alarm on notes/, tests/fixtures/hard_cases (342 formulas) and 124 common constructs
(tests/markup/test_math_kinds.py keeps a sample); the check costs 2.6 % of ziamath's layout time.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

from app.markup.mathscan import split_top_level

# commands whose next N brace groups are not drawn
SKIP_GROUPS = {
    "begin": 1, "end": 1, "label": 1, "tag": 1, "color": 1, "textcolor": 1, "colorbox": 1, "hspace": 1,
    "vspace": 1, "phantom": 1, "hphantom": 1, "vphantom": 1, "href": 1, "class": 1, "style": 1,
    "cssId": 1, "rule": 2, "unicode": 1, "raisebox": 1, "scalebox": 1, "fcolorbox": 2, "bbox": 0,
}  # fmt: skip
DIMEN_COMMANDS = frozenset({"kern", "mkern", "hskip", "mskip", "hspace", "vspace", "mspace"})
RE_ROW_LENGTH = re.compile(
    r"\*?\s*\[\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*(?:pt|em|ex|mm|cm|in|mu|px|bp|pc|dd|cc|sp)\s*\]"
)
RE_DIMEN = re.compile(r"\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*(?:pt|em|ex|mm|cm|in|mu|px|bp|pc|dd|cc|sp)")
SPEC_ENVS = frozenset({"array", "subarray", "alignat", "alignat*", "alignedat"})
ROW_ENVS = frozenset({"array", "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix",
                      "cases", "subarray"})  # fmt: skip
INVENTED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*")


def _ink_char(c: str) -> str:
    """What a drawn or written character counts as: its NFKC form if that is one letter/digit/``*``."""
    n = unicodedata.normalize("NFKC", c)
    return n if len(n) == 1 and (n.isalnum() or n == "*") else ""


def _skip_group(latex: str, i: int) -> int:
    """The offset after the ``{…}`` or ``[…]`` group at ``i`` (after spaces), or ``i`` when none."""
    j = i
    while j < len(latex) and latex[j] in " \t\n":
        j += 1
    if j >= len(latex) or latex[j] not in "{[":
        return i
    opener = latex[j]
    close = "}" if opener == "{" else "]"
    depth = 0
    while j < len(latex):
        c = latex[j]
        if c == "\\":
            j += 2
            continue
        if c == opener:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return len(latex)


def expected_ink(latex: str) -> tuple[Counter[str], set[str]]:
    """(letters/digits/``*`` the LaTeX writes, letters that command names may draw on their own)."""
    ink: Counter[str] = Counter()
    allowed: set[str] = set()
    i, n = 0, len(latex)
    while i < n:
        c = latex[i]
        if c == "\\":
            m = re.match(r"[A-Za-z]+\*?", latex[i + 1 :])
            if not m:
                if latex.startswith("\\\\", i):  # a row break's length option is spacing, not text
                    length = RE_ROW_LENGTH.match(latex, i + 2)
                    if length:
                        i = length.end()
                        continue
                i += 2  # \, \{ \$ \\ …: spacing or a symbol, never a letter of the source
                continue
            name = m.group(0).rstrip("*")
            allowed.update(name)
            allowed.update(name.upper())
            i += 1 + m.end()
            if name in DIMEN_COMMANDS:
                dimen = RE_DIMEN.match(latex, i)
                if dimen:
                    i = dimen.end()
            if name == "begin":
                env = re.match(r"\s*\{([^{}]*)\}", latex[i:])
                if env:
                    i += env.end()
                    if env.group(1) in SPEC_ENVS:
                        i = _skip_group(latex, i)
                continue
            for _ in range(SKIP_GROUPS.get(name, 0)):
                i = _skip_group(latex, i)
            continue
        char = _ink_char(c)
        if char:
            ink[char] += 1
        i += 1
    return ink, allowed


def drawn_ink(node: Any) -> Counter[str]:
    """Letters/digits/``*`` of every visible glyph in a laid-out ziamath node tree."""
    out: Counter[str] = Counter()
    stack = [node]
    while stack:
        item = stack.pop()
        char = getattr(item, "char", None)
        if char and not getattr(item, "phantom", False) and getattr(item, "glyph", None) is not None:
            ink = _ink_char(char)
            if ink:
                out[ink] += 1
        stack.extend(getattr(item, "nodes", ()))
    return out


def expected_rows(latex: str) -> int:
    """How many table rows the LaTeX's table environments hold (empty trailing rows not counted)."""
    total = 0
    for m in re.finditer(r"\\begin\s*\{([A-Za-z*]+)\}", latex):
        if m.group(1) not in ROW_ENVS:
            continue
        start = m.end()
        if m.group(1) in ("array", "subarray"):
            start = _skip_group(latex, start)
        depth, end = 1, len(latex)
        for e in re.finditer(r"\\(begin|end)\s*\{([A-Za-z*]+)\}", latex[start:]):
            if e.group(2) == m.group(1):
                depth += 1 if e.group(1) == "begin" else -1
                if depth == 0:
                    end = start + e.start()
                    break
        rows = [row for _, row in split_top_level(latex, "\\\\", start, end)]
        while rows and not re.sub(r"\\hline|\\hdashline", "", rows[-1]).strip():
            rows.pop()
        total += max(1, len(rows))
    return total


def table_rows(mathml: ET.Element) -> int:
    """``<mtr>`` elements in the MathML (count before layout: ziamath renames them as it goes)."""
    return sum(1 for e in mathml.iter() if e.tag == "mtr")


def problems(latex: str, rows_drawn: int, node: Any) -> tuple[str, dict[str, Any]] | None:
    """(message code, args) for the first way the drawing falls short of ``latex``, or None."""
    want, allowed = expected_ink(latex)
    drawn = drawn_ink(node)
    lost = "".join(sorted((want - drawn).elements()))
    if lost:
        return "math.lost", {"chars": lost}
    extra = "".join(sorted(c for c, k in (drawn - want).items() for _ in range(k)
                           if c in INVENTED and c not in allowed))
    if extra:
        return "math.invented", {"chars": extra}
    rows = expected_rows(latex)
    if rows_drawn < rows:
        return "math.rows_lost", {"expected": rows, "drawn": rows_drawn}
    return None

"""Rewrite LaTeX that latex2mathml/ziamath would draw wrongly into LaTeX they draw right (pure text → text).

Each rewrite keeps every piece of ink; what it removes is layout only (lengths, position options,
wrappers). ``mathcheck`` then verifies on the drawn glyphs that nothing was lost, so a rewrite that went
wrong shows up as a reported error, never as a quiet success.

Decisions (measured on latex2mathml 3.81 / ziamath 0.13, see tests/markup/test_math_kinds.py):
- ``\\\\[4pt]``: latex2mathml prints the option as text ("[4pt]") in matrices and cases; the length only
  spaces rows, so it is dropped (only when it is a real TeX length, ``\\\\ [a, b]`` stays content).
- ``\\begin{aligned}[t]``: latex2mathml raises InvalidAlignmentError on the position option; dropped.
- ``aligned``/``alignedat``/``split``/``gathered`` anywhere but the whole block (after ``x =``, inside
  ``\\left\\{ … \\right.``): latex2mathml emits invalid XML (``<mi>&</mi>``) or a line break ziamath ignores.
  They become ``array`` with LaTeX's r/l column pairs, and ``{}`` before a relation that starts a right
  column so ``=`` keeps its spacing. (At block level the scanner already splits rows into an HTML table.)
- ``equation``/``equation*``/``displaymath`` are wrappers: removed (the tag is shown by the HTML).
  ``multline`` is drawn as a one-column array (first row left, last right is a refinement MathJax does
  and we do not).
- ``\\operatorname*{X}`` becomes ``\\mathop{\\mathrm{X}}`` (an operator with limits, as in amsmath);
  ``mathfix`` then turns latex2mathml's ``<mo>`` with element children into a real operator.
- NFD text (macOS writes Hangul as loose jamo) is composed to NFC, else NanumGothic draws jamo.
"""

from __future__ import annotations

import re
import unicodedata

from app.markup.mathscan import split_top_level

DIMEN = r"-?(?:\d+(?:\.\d*)?|\.\d+)\s*(?:pt|em|ex|mm|cm|in|mu|px|bp|pc|dd|cc|sp)"
RE_ROW_LENGTH = re.compile(r"(\\\\\*?)\s*\[\s*" + DIMEN + r"\s*\]")
RE_ENV_POSITION = re.compile(r"(\\begin\s*\{(?:aligned|alignedat|gathered|array|split)\})\s*\[[tbc]\]")
RE_WRAPPER = re.compile(r"\\(?:begin|end)\s*\{(?:equation\*?|displaymath)\}")
RE_BEGIN_ANY = re.compile(r"\\begin\s*\{([A-Za-z*]+)\}")
RE_OPERATORNAME_STAR = re.compile(r"\\operatorname\*\s*")
RE_RELATION_START = re.compile(r"^\s*(?:=|<|>|\\(?:le|ge|leq|geq|ne|neq|approx|equiv|sim|simeq|cong|to|"
                               r"rightarrow|leftarrow|Rightarrow|Leftarrow|iff|in|subset|subseteq|propto|"
                               r"coloneqq|mapsto)(?![A-Za-z])|\+|-)")
NESTED_ALIGN = frozenset({"aligned", "alignedat", "split", "gathered", "multline", "multline*", "align",
                          "align*", "gather", "gather*", "eqnarray", "eqnarray*", "flalign", "flalign*",
                          "alignat", "alignat*"})  # fmt: skip
CENTRED = frozenset({"gathered", "gather", "gather*", "multline", "multline*"})


def read_group(latex: str, pos: int) -> tuple[str, int] | None:
    """The ``{…}`` group starting at ``pos`` (after spaces): (its inside, the offset after it)."""
    while pos < len(latex) and latex[pos] in " \t\n":
        pos += 1
    if pos >= len(latex) or latex[pos] != "{":
        return None
    depth, i = 0, pos
    while i < len(latex):
        c = latex[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return latex[pos + 1 : i], i + 1
        i += 1
    return None


def read_argument(latex: str, pos: int) -> tuple[str, int] | None:
    """One TeX argument at ``pos``: a brace group, a control sequence or one character."""
    while pos < len(latex) and latex[pos] in " \t\n":
        pos += 1
    if pos >= len(latex):
        return None
    if latex[pos] == "{":
        return read_group(latex, pos)
    if latex[pos] == "\\":
        m = re.match(r"\\(?:[A-Za-z]+|.)", latex[pos:], re.S)
        assert m is not None
        return m.group(0), pos + m.end()
    return latex[pos], pos + 1


def _matching_end(latex: str, start: int, name: str) -> tuple[int, int] | None:
    """(start, end) of the ``\\end{name}`` closing the environment whose body starts at ``start``."""
    depth = 1
    for m in re.finditer(r"\\(begin|end)\s*\{([A-Za-z*]+)\}", latex[start:]):
        if m.group(2) != name:
            continue
        depth += 1 if m.group(1) == "begin" else -1
        if depth == 0:
            return start + m.start(), start + m.end()
    return None


def _as_array(name: str, body: str) -> str:
    """An align-like environment's body as an ``array`` latex2mathml lays out as a table."""
    if name.startswith("alignat") or name == "alignedat":
        group = read_group(body, 0)
        if group is not None:
            body = body[group[1] :]
    rows = [row for _, row in split_top_level(body, "\\\\")]
    if rows and not rows[-1].strip():
        rows.pop()
    if name in CENTRED:
        return "\\begin{array}{c}" + "\\\\".join(rows) + "\\end{array}"
    width = 1
    out_rows = []
    for row in rows:
        cells = [cell for _, cell in split_top_level(row, "&")]
        width = max(width, len(cells))
        fixed = [("{}" + cell if k % 2 == 1 and RE_RELATION_START.match(cell) else cell)
                 for k, cell in enumerate(cells)]
        out_rows.append("&".join(fixed))
    spec = ("rl" * ((width + 1) // 2))[:width] if width > 1 else "r"
    return "\\begin{array}{" + spec + "}" + "\\\\".join(out_rows) + "\\end{array}"


def _rewrite_envs(latex: str, depth: int = 0) -> str:
    """Every align-like environment in ``latex`` (innermost first) as an ``array``."""
    if depth > 20:
        return latex
    out: list[str] = []
    pos = 0
    for m in RE_BEGIN_ANY.finditer(latex):
        if m.start() < pos:
            continue
        name = m.group(1)
        if name not in NESTED_ALIGN:
            continue
        end = _matching_end(latex, m.end(), name)
        if end is None:
            continue
        body = _rewrite_envs(latex[m.end() : end[0]], depth + 1)
        out.append(latex[pos : m.start()])
        out.append(_as_array(name, body))
        pos = end[1]
    out.append(latex[pos:])
    return "".join(out)


def rewrite(latex: str) -> str:
    """The LaTeX to hand to latex2mathml (see the module docstring for each rewrite)."""
    latex = unicodedata.normalize("NFC", latex)
    latex = RE_ROW_LENGTH.sub(r"\1", latex)
    latex = RE_ENV_POSITION.sub(r"\1", latex)
    latex = RE_WRAPPER.sub(" ", latex)
    latex = _operatorname_star(latex)
    if "\\begin" in latex:
        latex = _rewrite_envs(latex)
    return latex


def _operatorname_star(latex: str) -> str:
    out: list[str] = []
    pos = 0
    for m in RE_OPERATORNAME_STAR.finditer(latex):
        if m.start() < pos:
            continue
        arg = read_group(latex, m.end())
        if arg is None:
            continue
        out.append(latex[pos : m.start()])
        out.append("\\mathop{\\mathrm{" + arg[0] + "}}")
        pos = arg[1]
    out.append(latex[pos:])
    return "".join(out)


TABLE_ENVS = frozenset({"array", "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix",
                        "smallmatrix", "cases", "subarray"})  # fmt: skip
RE_TABLE_START = re.compile(r"\\begin\s*\{([A-Za-z*]+)\}|\\substack(?![A-Za-z])")
RE_HLINE = re.compile(r"\\hline(?![A-Za-z])")


def table_rules(latex: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """For each table latex2mathml makes (in document order): the column boundaries that carry a
    vertical rule (0 = left edge … n = right edge, from ``|`` in an array's column spec) and the row
    boundaries that carry a ``\\hline`` (0 = above the first row … m = below the last)."""
    out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for m in RE_TABLE_START.finditer(latex):
        name = m.group(1)
        if name is None:  # \substack: a table without rules
            out.append(((), ()))
            continue
        if name not in TABLE_ENVS:
            continue
        vlines: list[int] = []
        body_start = m.end()
        if name in ("array", "subarray"):
            spec = read_group(latex, m.end())
            if spec is not None:
                column = 0
                for c in re.sub(r"\{[^{}]*\}", "", spec[0]):
                    if c == "|":
                        vlines.append(column)
                    elif c.isalpha():
                        column += 1
                body_start = spec[1]
        end = _matching_end(latex, body_start, name)
        body = latex[body_start : end[0] if end else len(latex)]
        hlines: list[int] = []
        rows = [row for _, row in split_top_level(body, "\\\\")]
        for k, row in enumerate(rows):
            stripped = row
            while True:
                lead = RE_HLINE.match(stripped.lstrip())
                if not lead:
                    break
                hlines.append(k)
                stripped = stripped.lstrip()[lead.end() :]
        out.append((tuple(sorted(set(vlines))), tuple(sorted(set(hlines)))))
    return out

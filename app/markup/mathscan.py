"""Find the math in a note the way Obsidian reads it, without typesetting anything.

The equation linker, the ``check`` CLI and the renderer all need the same answer to "where is the math
and what are its ids", so this scanner is the single source of truth. It is a left-to-right tokenizer
(leftmost construct wins, like a Markdown inline parser), linear in the note size:

- Fenced code (``blocks.code_line_mask``), indented code blocks (``blocks.indented_code_mask``: four
  spaces after a blank line, outside lists), front matter, inline code spans, ``<!-- … -->`` and
  ``%% … %%`` comments are never math.
- ``$inline$``: the opening ``$`` is not followed by whitespace, the closing ``$`` is not preceded by
  whitespace or a backslash, both on one line (a stray ``$`` then cannot swallow the next list item).
  A closing ``$`` may be glued to anything (``$h_t$는``). ``\\$`` is a literal dollar. ``$ conda`` and
  Dataview's ``$=dv.…`` are not math.
- ``$$display$$`` opens only at the start of a block (after indentation, ``>`` quote markers and list
  markers), so ``$W_{if}$$x_t$`` is two inline pieces. It may span lines, blank lines included, but not a
  fenced code block. A ``$$…$$`` closed on the same line in the middle of text is display math too
  (Obsidian draws it as a block); an unclosed ``$$`` is left as text and reported in ``problems``.
- Rows: a display block that is one align-like environment (align, aligned, gathered, eqnarray, split,
  alignat, an ``array`` of equations …; an outer ``gathered`` around ``aligned`` is looked through) yields
  one Equation per row, kind "row", instead of one for the block; so does a block of several equations
  separated by a top-level ``\\\\``.
- Inline grouping rule: consecutive inline pieces on one line form one equation when the text between
  them is "glue": at most 16 characters, no whitespace (NBSP included), no Hangul. A run of closing
  brackets right after the last piece is glue too while brackets opened in the glue are unbalanced. So
  ``$f_t$=σ($W_{if}$$x_t$+…$b_{hf}$)`` is one equation ``f_t=σ(W_{if}x_t+…b_{hf})`` while
  ``$x$와 $y$`` are two.

Ids hash the kind and cleaned LaTeX (``blocks.stable_id``), so they survive edits elsewhere in the note;
exact repeats (the seed note has its whole section twice) get ``-2``, ``-3``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app import i18n
from app.markup.blocks import code_line_mask, front_matter_end, indented_code_mask, stable_id
from app.vault.korean import HANGUL_CLASS

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060"), None)
CLEAN_MAP = {**ZERO_WIDTH, 0x2212: "-", 0x00A0: " "}
ALIGN_ENVS = frozenset(
    {
        "align", "align*", "aligned", "alignat", "alignat*", "alignedat", "gather", "gather*", "gathered",
        "eqnarray", "eqnarray*", "split", "flalign", "flalign*", "array",
    }
)  # fmt: skip
RE_ROW_EQUALS = re.compile(r"=|\\(?:coloneqq|triangleq|leftarrow|gets)\b")
i18n.messages({"math.unclosed_display": ("닫히지 않은 $$ 수식 블록", "A $$ display block is never closed")})
WRAPPER_ENVS = frozenset({"equation", "equation*"})
GLUE_MAX = 16

RE_SPECIAL = re.compile(r"[$`<%\\\n]")
RE_INLINE_CLOSE = re.compile(r"(?<![\s\\$])\$")
# What may stand before ``$$`` on its line for it to open a block: indentation, quote and list markers.
RE_BLOCK_PREFIX = re.compile(
    r"(?:[ \t\u00a0]*(?:>|[-*+](?=[ \t\u00a0])|\d{1,9}[.)](?=[ \t\u00a0])))*[ \t\u00a0]*$"
)
RE_QUOTE_PREFIX = re.compile(r"[ \t\u00a0]*>")
RE_QUOTE_STRIP = re.compile(r"^[ \t\u00a0]*(?:>[ \t]?)+", re.MULTILINE)
RE_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*(?:\n|$)")
RE_DATAVIEW = re.compile(r"=\s*dv\.")
RE_HANGUL = re.compile(f"[{HANGUL_CLASS}]")
RE_BEGIN = re.compile(r"\\begin\s*\{([A-Za-z*]+)\}")
RE_END = re.compile(r"\\end\s*\{([A-Za-z*]+)\}")
RE_ENV_OUTSIDE = re.compile(r"^(?:\s|\\(?:tag|label)\*?\{[^{}]*\}|\\(?:nonumber|notag)|\\\\)*$")
RE_ROW_OPTION = re.compile(r"^\s*\[[^\]]*\]")


@dataclass(frozen=True)
class MathPiece:
    id: str  # f"{equation.id}.{k}", k = 0.. within the equation
    latex: str  # cleaned: zero-width chars removed, U+2212 → '-', Hangul kept
    display: bool
    line: int  # 1-based note line where the piece starts


@dataclass(frozen=True)
class Equation:
    id: str  # "eq-<sha1 of kind+latex, 10 hex>" (+ "-2", "-3" for exact repeats)
    kind: str  # "inline" | "display" | "row"
    lines: tuple[int, int]  # 1-based, inclusive
    latex: str
    pieces: tuple[MathPiece, ...]
    block: str | None  # for kind "row": the id of the align-like block it belongs to


@dataclass(frozen=True)
class MathRegion:
    """A stretch of note text that the renderer replaces by typeset math.

    Inline: ``parts`` alternates pieces and the literal glue text between them (the whole region is one
    ``tn-eq``). Display: ``parts`` is the one display piece; ``rows`` holds the row equations when the
    block is align-like (then ``equation`` is None and ``block_id`` names the block).
    """

    start: int  # offset of the first character (a ``$``)
    end: int  # offset after the last character
    display: bool
    parts: tuple[MathPiece | str, ...]
    equation: Equation | None
    rows: tuple[Equation, ...] = ()
    block_id: str | None = None
    env: str | None = None  # the align-like environment of a row block

    @property
    def pieces(self) -> list[MathPiece]:
        return [p for p in self.parts if isinstance(p, MathPiece)]


@dataclass
class ScanResult:
    equations: list[Equation] = field(default_factory=list)
    regions: list[MathRegion] = field(default_factory=list)
    math_count: int = 0  # each ``$…$`` and each display block
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message), e.g. unclosed $$
    comments: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of <!-- --> and %% %%


def clean_latex(latex: str) -> str:
    """Remove zero-width characters, turn U+2212 into ``-`` and NBSP into a space (Hangul is kept)."""
    return latex.translate(CLEAN_MAP)


def scan_equations(text: str) -> list[Equation]:
    """Every equation of the note in note order (see the module docstring for the rules)."""
    return scan(text).equations


@dataclass
class _Raw:
    start: int
    end: int
    display: bool
    content: str  # between the delimiters, raw


def scan(text: str) -> ScanResult:
    """Find math regions and equations; also count math pieces and report unclosed display blocks."""
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    mask = code_line_mask(text)
    if "    " in text or "\t" in text:
        mask = [a or b for a, b in zip(mask, indented_code_mask(text, mask), strict=True)]
    fm_end = front_matter_end(text)

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset)  # 1-based

    comments: list[tuple[int, int]] = []
    raws, problems = _tokenize(text, line_starts, mask, fm_end, comments)
    result = ScanResult(problems=[(line_of(off), msg) for off, msg in problems], comments=comments)
    seen: dict[str, int] = {}
    i = 0
    while i < len(raws):
        raw = raws[i]
        if raw.display:
            result.math_count += 1
            _add_display(result, raw, line_of, seen)
            i += 1
            continue
        group = [raw]
        glues: list[str] = []
        while i + len(group) < len(raws):
            nxt = raws[i + len(group)]
            glue = text[group[-1].end : nxt.start]
            if nxt.display or not _is_glue(glue):
                break
            glues.append(glue)
            group.append(nxt)
        result.math_count += len(group)
        _add_inline(result, group, glues, text, line_of, seen)
        i += len(group)
    return result


def _tokenize(
    text: str, line_starts: list[int], mask: list[bool], fm_end: int, comments: list[tuple[int, int]]
) -> tuple[list[_Raw], list[tuple[int, str]]]:
    raws: list[_Raw] = []
    problems: list[tuple[int, str]] = []
    n = len(text)
    pos = line_starts[fm_end] if fm_end < len(line_starts) else n
    failed_ticks: dict[int, int] = {}  # run length -> paragraph end where no closing run exists
    no_inline_close_from = -1  # a failed closing-$ search from here on this line fails for later ones too
    no_display_close_from = n + 1

    def line_index(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset) - 1

    while pos < n:
        li = line_index(pos)
        if li < len(mask) and mask[li]:  # fenced code: skip the whole line
            pos = line_starts[li + 1] if li + 1 < len(line_starts) else n
            continue
        m = RE_SPECIAL.search(text, pos)
        if not m:
            break
        p = m.start()
        if line_index(p) != li:  # moved to a later line: re-check the code mask there
            pos = line_starts[line_index(p)]
            continue
        ch = text[p]
        line_end = text.find("\n", p)
        line_end = n if line_end < 0 else line_end
        if ch == "\n":
            pos = p + 1
        elif ch == "\\":
            pos = p + 2
        elif ch in "<%":
            opener, closer = ("<!--", "-->") if ch == "<" else ("%%", "%%")
            pos = _skip_pair(text, p, opener, closer)
            if pos > p + 1:
                comments.append((p, pos))
        elif ch == "`":
            run_end = p
            while run_end < n and text[run_end] == "`":
                run_end += 1
            pos = _skip_code_span(text, p, run_end, failed_ticks)
        else:  # "$"
            is_double = text.startswith("$$", p)
            at_block_start = is_double and RE_BLOCK_PREFIX.match(text, line_starts[li], p) is not None
            if is_double and at_block_start:
                close = -1 if p + 2 >= no_display_close_from else text.find("$$", p + 2)
                if close < 0:
                    no_display_close_from = min(no_display_close_from, p + 2)
                elif any(mask[line_index(p) : line_index(close) + 1]):
                    close = -1
                if close < 0 or not text[p + 2 : close].strip():
                    problems.append((p, i18n.text("math.unclosed_display")))
                    pos = p + 2
                    continue
                content = text[p + 2 : close]
                if RE_QUOTE_PREFIX.match(text, line_starts[li]):
                    content = RE_QUOTE_STRIP.sub("", content)
                raws.append(_Raw(p, close + 2, True, content))
                pos = close + 2
                continue
            if is_double:  # mid-line $$…$$ closed on the same line: display; otherwise not math
                close = text.find("$$", p + 2, line_end)
                if close > p + 2 and text[p + 2 : close].strip():
                    raws.append(_Raw(p, close + 2, True, text[p + 2 : close]))
                    pos = close + 2
                else:
                    pos = p + 2
                continue
            if p + 1 >= line_end or text[p + 1].isspace() or RE_DATAVIEW.match(text, p + 1):
                pos = p + 1
                continue
            if line_starts[li] <= no_inline_close_from <= min(p + 2, line_end):
                pos = p + 1
                continue
            cm = RE_INLINE_CLOSE.search(text, p + 2, line_end)
            if cm is None:
                no_inline_close_from = p + 2
                pos = p + 1
                continue
            raws.append(_Raw(p, cm.end(), False, text[p + 1 : cm.start()]))
            pos = cm.end()
    return raws, problems


def _skip_pair(text: str, p: int, opener: str, closer: str) -> int:
    """Skip a closed comment; an unclosed opener is ordinary text."""
    if not text.startswith(opener, p):
        return p + 1
    end = text.find(closer, p + len(opener))
    return p + 1 if end < 0 else end + len(closer)


def _skip_code_span(text: str, p: int, run_end: int, failed: dict[int, int]) -> int:
    """Skip an inline code span (closing run of the same length within the paragraph)."""
    length = run_end - p
    blank = RE_BLANK_LINE.search(text, run_end)
    para_end = blank.start() if blank else len(text)
    if failed.get(length, -1) == para_end:
        return run_end
    q = run_end
    while True:
        q = text.find("`" * length, q, para_end)
        if q < 0:
            failed[length] = para_end
            return run_end
        r = q + length
        if (q > 0 and text[q - 1] == "`") or (r < len(text) and text[r] == "`"):
            while r < len(text) and text[r] == "`":
                r += 1
            q = r
            continue
        return r


def _is_glue(glue: str) -> bool:
    return len(glue) <= GLUE_MAX and not any(c.isspace() for c in glue) and not RE_HANGUL.search(glue)


def _trailing_brackets(text: str, end: int, glue: str) -> str:
    """Closing brackets right after the last piece that balance brackets opened in the glue."""
    open_count = sum(glue.count(c) for c in "([{") - sum(glue.count(c) for c in ")]}")
    out = ""
    while open_count > 0 and end + len(out) < len(text) and text[end + len(out)] in ")]}":
        out += text[end + len(out)]
        open_count -= 1
    return out


LineOf = Callable[[int], int]


def _add_inline(
    result: ScanResult, group: list[_Raw], glues: list[str], text: str, line_of: LineOf, seen: dict[str, int]
) -> None:
    tail = _trailing_brackets(text, group[-1].end, "".join(glues))
    cleaned = [clean_latex(r.content) for r in group]
    joined = cleaned[0]
    for glue, latex in zip(glues, cleaned[1:], strict=True):
        joined += clean_latex(glue) + latex
    joined += tail
    eq_id = stable_id("eq", "inline" + joined, seen)
    line = line_of(group[0].start)
    pieces = tuple(
        MathPiece(f"{eq_id}.{k}", latex, False, line_of(r.start))
        for k, (r, latex) in enumerate(zip(group, cleaned, strict=True))
    )
    equation = Equation(eq_id, "inline", (line, line_of(group[-1].end - 1)), joined, pieces, None)
    parts: list[MathPiece | str] = [pieces[0]]
    for glue, piece in zip(glues, pieces[1:], strict=True):
        parts += [glue, piece]
    if tail:
        parts.append(tail)
    result.equations.append(equation)
    result.regions.append(
        MathRegion(group[0].start, group[-1].end + len(tail), False, tuple(parts), equation)
    )


def _strip_loose_delimiters(content: str) -> str:
    """Tolerate ``$$\\`` … ``\\ $$``: a lone backslash right after the opener or before the closer."""
    content = re.sub(r"^([ \t]*)\\(?=\s)", r"\1 ", content)
    return re.sub(r"(?<!\\)\\([ \t]*)$", r" \1", content)


def _add_display(result: ScanResult, raw: _Raw, line_of: LineOf, seen: dict[str, int]) -> None:
    content = _strip_loose_delimiters(clean_latex(raw.content))
    latex = content.strip()
    first, last = line_of(raw.start), line_of(raw.end - 1)
    content_line = line_of(raw.start + 2)
    rows = _rows(content)
    if rows is None:
        eq_id = stable_id("eq", "display" + latex, seen)
        piece = MathPiece(f"{eq_id}.0", latex, True, first)
        equation = Equation(eq_id, "display", (first, last), latex, (piece,), None)
        result.equations.append(equation)
        result.regions.append(MathRegion(raw.start, raw.end, True, (piece,), equation))
        return
    env, spans = rows
    block_id = stable_id("eq", "block" + latex, seen)
    row_eqs: list[Equation] = []
    for offset, row in spans:
        lead = len(row) - len(row.lstrip())
        row_latex = row.strip()
        a = content_line + content[: offset + lead].count("\n")
        b = a + row_latex.count("\n")
        eq_id = stable_id("eq", "row" + row_latex, seen)
        piece = MathPiece(f"{eq_id}.0", row_latex, True, a)
        row_eqs.append(Equation(eq_id, "row", (a, b), row_latex, (piece,), block_id))
    result.equations.extend(row_eqs)
    block_piece = MathPiece(f"{block_id}.0", latex, True, first)
    result.regions.append(
        MathRegion(raw.start, raw.end, True, (block_piece,), None, tuple(row_eqs), block_id, env)
    )


def _rows(content: str) -> tuple[str, list[tuple[int, str]]] | None:
    """When ``content`` is one align-like environment: its name and the (offset, text) of each row.

    An ``array`` counts only when a row is an equation (PyTorch's docs write the LSTM as
    ``\\begin{array}{ll} i_t = … \\\\ f_t = … \\end{array}``; a matrix written as an array stays one block).
    A block of several equations separated by a top-level ``\\\\`` with no environment (``$$ a = b \\\\
    c = d $$``) is split into rows too, as a ``gathered`` block."""
    env = _sole_env(content, 0, len(content))
    if env is None:
        if "\\\\" not in content:
            return None
        parts = [(off, row) for off, row in _split_rows(content, 0, len(content)) if row.strip()]
        if len(parts) > 1 and all(RE_ROW_EQUALS.search(row) for _, row in parts):
            return "gathered", parts
        return None
    name, body_start, body_end = env
    rows = _flatten(content, body_start, body_end)
    rows = [(off, row) for off, row in rows if row.strip() and row.strip() != r"\hline"]
    if name == "array" and not any(RE_ROW_EQUALS.search(row) for _, row in rows):
        return None
    return (name, rows) if rows else None


def _sole_env(content: str, start: int, end: int) -> tuple[str, int, int] | None:
    """An align-like environment that is all of ``content[start:end]`` (bar tags/labels/whitespace)."""
    m = RE_BEGIN.search(content, start, end)
    if m and m.group(1) in WRAPPER_ENVS and RE_ENV_OUTSIDE.match(content[start : m.start()]):
        # equation around split/aligned: the rows are the inner environment's
        close = _matching_end(content, m.end(), end, m.group(1))
        if close is None or not RE_ENV_OUTSIDE.match(content[close[1] : end]):
            return None
        return _sole_env(content, m.end(), close[0])
    if not m or m.group(1) not in ALIGN_ENVS or not RE_ENV_OUTSIDE.match(content[start : m.start()]):
        return None
    body_start = m.end()
    if m.group(1).startswith("alignat") or m.group(1) in ("alignedat", "array"):  # {3}, {ll}: not a row
        arg = re.match(r"\s*\{[^{}]*\}", content[body_start:end])
        body_start += arg.end() if arg else 0
    close = _matching_end(content, m.end(), end, m.group(1))
    if close is None or not RE_ENV_OUTSIDE.match(content[close[1] : end]):
        return None
    return m.group(1), body_start, close[0]


def _matching_end(content: str, pos: int, end: int, name: str) -> tuple[int, int] | None:
    depth = 1
    token = re.compile(r"\\(begin|end)\s*\{([A-Za-z*]+)\}")
    for m in token.finditer(content, pos, end):
        if m.group(2) != name:
            continue
        depth += 1 if m.group(1) == "begin" else -1
        if depth == 0:
            return m.start(), m.end()
    return None


def _flatten(content: str, start: int, end: int) -> list[tuple[int, str]]:
    """Split an environment body into rows at top-level ``\\\\``; a row that is itself an align-like
    environment (``gathered`` around ``aligned``) is replaced by its own rows."""
    out: list[tuple[int, str]] = []
    for off, row in _split_rows(content, start, end):
        inner = _sole_env(content, off, off + len(row))
        if inner is not None:
            out.extend(_flatten(content, inner[1], inner[2]))
        else:
            out.append((off, row))
    return out


def _split_rows(content: str, start: int, end: int) -> list[tuple[int, str]]:
    """Rows at top-level ``\\\\``; a row's ``[2pt]`` spacing option is dropped."""
    return split_top_level(content, "\\\\", start, end, after=RE_ROW_OPTION)


_SPECIAL: dict[str, re.Pattern[str]] = {}


def split_top_level(
    latex: str, sep: str, start: int = 0, end: int | None = None, *, after: re.Pattern[str] | None = None
) -> list[tuple[int, str]]:
    """(offset, text) of the parts of ``latex[start:end]`` between top-level ``sep`` separators: not
    inside braces or a nested ``\\begin…\\end``, and never an escaped character (``\\&`` is text).
    ``after``, when given, is skipped right after each separator. Rows (``\\\\``) and the ``&``
    cells of a row are both split here, so the two agree on what "top level" means."""
    end = len(latex) if end is None else end
    parts: list[tuple[int, str]] = []
    depth = env_depth = 0
    part_start = i = start
    special = _SPECIAL.get(sep[0])
    if special is None:
        special = _SPECIAL[sep[0]] = re.compile(r"[\\{}" + re.escape(sep[0]) + "]")
    while i < end:
        m = special.search(latex, i, end)  # jump to the next character that matters
        if m is None:
            break
        i = m.start()
        if depth == 0 and env_depth == 0 and latex.startswith(sep, i):
            parts.append((part_start, latex[part_start:i]))
            i += len(sep)
            skipped = after.match(latex, i, end) if after else None
            if skipped:
                i = skipped.end()
            part_start = i
            continue
        c = latex[i]
        if c == "\\":
            if latex.startswith("\\begin", i):
                env_depth += 1
            elif latex.startswith("\\end", i):
                env_depth -= 1
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    parts.append((part_start, latex[part_start:end]))
    return parts

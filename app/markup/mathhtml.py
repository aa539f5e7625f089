"""HTML for the math regions found by the scanner, with the hooks the page script and UI rely on.

- An inline equation is one ``span.tn-eq`` holding a ``span.tn-math`` per piece and the glue text.
- A display equation is a centred ``div.tn-eq.tn-display``.
- An align-like block becomes a table with one ``tr.tn-eq.tn-row`` per row: each ``&``-separated cell is
  typeset on its own and the columns alternate right/left alignment like LaTeX's align, so every row is
  its own clickable element and the relation signs still line up.
- LaTeX that cannot be typeset keeps its source in a red-bordered ``span.tn-math-error`` with the reason
  on hover, and is recorded as a MathError for ``check``.
- Macros (``\\newcommand``, ``\\def``) carry from formula to formula in note order (``texmacros``): each
  piece gives up its definitions, then has the known macros expanded, before it is typeset. A piece
  that only defines macros draws nothing (as MathJax).
"""

from __future__ import annotations

import re
from html import escape

from app.markup.mathdraw import draw
from app.markup.mathscan import Equation, MathPiece, MathRegion, split_top_level
from app.markup.mathsvg import MathTypesetError, find_tag
from app.markup.model import MathError
from app.markup.sprite import MathSprite
from app.markup.texmacros import MacroError, Macros

CENTRED_ENVS = ("gather", "gather*", "gathered")
# an array's column spec ({ll}, {r|c}, {@{}l}): the letters that align a column; the rest is skipped
RE_ARRAY_SPEC = re.compile(r"\\begin\s*\{array\}\s*(?:\[[a-z]\]\s*)?\{((?:[^{}]|\{[^{}]*\})*)\}")
SPEC_ALIGN = {"l": "left", "c": "center", "r": "right"}


def _attr(value: str) -> str:
    return escape(value, quote=True)


def error_span(source: str, reason: str) -> str:
    return f'<span class="tn-math-error" title="{_attr(reason)}">{escape(source)}</span>'


def _typeset(latex: str, display: bool, macros: Macros, sprite: MathSprite) -> str:
    """The sprite reference for ``latex`` after the note's macros ("" for a definitions-only piece).

    Memoised per render while no macro is (re)defined: a long note writes the same ``$h_t$`` thousands
    of times, and the macro pass, the cache lookup and the sprite lookup cost ~50 µs each time."""
    key = (latex, display, len(macros.defined), macros.generation)
    hit = sprite.memo.get(key)
    if hit is None:
        try:
            hit = _typeset_once(latex, display, macros, sprite)
        except MathTypesetError as exc:
            hit = exc
        if macros.generation == key[3]:  # this piece defined nothing: same input, same output
            sprite.memo[key] = hit
    if isinstance(hit, MathTypesetError):
        raise hit
    return str(hit)


def _typeset_once(latex: str, display: bool, macros: Macros, sprite: MathSprite) -> str:
    bare = macros.take(latex)
    if not bare.strip() and bare != latex:
        return ""
    try:
        expanded = macros.expand(bare)
    except MacroError as exc:
        raise MathTypesetError("math.macro_loop", {"name": exc.name}) from None
    drawing = draw(expanded, display=display)  # the one typesetting boundary (never raises)
    if drawing.math is None:
        raise drawing.error()
    return sprite.use(drawing.math.shared)


def _piece(piece: MathPiece, source: str, errors: list[MathError], sprite: MathSprite, macros: Macros) -> str:
    try:
        svg = _typeset(piece.latex, piece.display, macros, sprite)
    except MathTypesetError as exc:
        errors.append(MathError(piece.line, piece.latex, exc.reason))
        return error_span(source, exc.reason)
    return f'<span class="tn-math" data-piece="{_attr(piece.id)}">{svg}</span>'


def region_html(region: MathRegion, errors: list[MathError], sprite: MathSprite, macros: Macros) -> str:
    """The HTML that replaces ``region`` in the note; the SVG outlines go to ``sprite``; ``macros`` holds
    the definitions of the regions before this one (note order) and takes this one's."""
    if region.rows:
        return _rows_html(region, errors, sprite, macros)
    equation = region.equation
    assert equation is not None
    lines = f"{equation.lines[0]}-{equation.lines[1]}"
    if not region.display:
        inner = "".join(
            _piece(part, f"${part.latex}$", errors, sprite, macros)
            if isinstance(part, MathPiece)
            else escape(part)
            for part in region.parts
        )
        return f'<span class="tn-eq" data-eq="{_attr(equation.id)}" data-lines="{lines}">{inner}</span>'
    piece = equation.pieces[0]
    tag = find_tag(piece.latex)
    label = f'<span class="tn-tag">({escape(tag)})</span>' if tag else ""
    return (
        f'<div class="tn-eq tn-display" data-eq="{_attr(equation.id)}" data-lines="{lines}">'
        f"{_piece(piece, f'$${piece.latex}$$', errors, sprite, macros)}{label}</div>"
    )


def split_cells(row: str) -> list[str]:
    """Split a row at top-level ``&`` (not inside braces or a nested environment, not ``\\&``)."""
    return [cell for _, cell in split_top_level(row, "&")]


def array_columns(latex: str) -> list[str]:
    """The alignment of each column of the first ``array`` in ``latex`` (``{ll}`` → left, left), from
    the letters l/c/r of its spec (``p{…}`` is left; ``@{…}``, ``|`` are not alignments); [] if none."""
    m = RE_ARRAY_SPEC.search(latex)
    if m is None:
        return []
    spec = re.sub(r"[pmb]\{[^{}]*\}", "l", m.group(1))  # a paragraph column is set flush left
    spec = re.sub(r"[@!<>]\{[^{}]*\}", "", spec)
    return [SPEC_ALIGN[ch] for ch in spec if ch in SPEC_ALIGN]


def _cell_align(k: int, env: str | None, width: int, columns: list[str]) -> str:
    """How cell ``k`` of a row sits: an array's own column spec; gather-like rows centred, unless they
    hold &-columns (``gathered`` around ``aligned``); else LaTeX align's right/left pairs."""
    if env == "array" and columns:
        return columns[min(k, len(columns) - 1)]
    if env in CENTRED_ENVS and width == 1:
        return "center"
    return "right" if k % 2 == 0 else "left"


def _row_html(
    row: Equation,
    env: str | None,
    errors: list[MathError],
    width: int,
    sprite: MathSprite,
    macros: Macros,
    columns: list[str] | None = None,
) -> str:
    piece = row.pieces[0]
    cells = split_cells(row.latex)
    tds: list[str] = []
    failed: str | None = None
    for k, cell in enumerate(cells):
        # A cell that starts with a relation (``&= b``) needs an empty left operand for binary spacing.
        latex = ("{}" + cell) if k % 2 == 1 and cell.strip() else cell
        if not cell.strip():
            tds.append("<td></td>")
            continue
        try:
            svg = _typeset(latex.strip(), True, macros, sprite)
        except MathTypesetError as exc:
            failed = exc.reason
            break
        align = _cell_align(k, env, width, columns or [])
        tds.append(
            f'<td class="tn-{align}"><span class="tn-math" data-piece="{_attr(piece.id)}">{svg}</span></td>'
        )
    if failed is not None:
        errors.append(MathError(row.lines[0], row.latex, failed))
        tds = [f'<td colspan="{width}" class="tn-center">{error_span(row.latex, failed)}</td>']
    else:
        tds += ["<td></td>"] * (width - len(tds))
    tag = find_tag(row.latex)
    tds.append(f'<td class="tn-tagcell">{f"({escape(tag)})" if tag else ""}</td>')
    lines = f"{row.lines[0]}-{row.lines[1]}"
    return f'<tr class="tn-eq tn-row" data-eq="{_attr(row.id)}" data-lines="{lines}">{"".join(tds)}</tr>'


def _rows_html(region: MathRegion, errors: list[MathError], sprite: MathSprite, macros: Macros) -> str:
    width = max(len(split_cells(row.latex)) for row in region.rows)
    block = region.pieces[0].latex if region.pieces else ""
    columns = array_columns(block) if region.env == "array" else []
    body = "".join(_row_html(row, region.env, errors, width, sprite, macros, columns) for row in region.rows)
    first, last = region.rows[0].lines[0], region.rows[-1].lines[1]
    return (
        f'<div class="tn-display tn-align" data-block="{_attr(region.block_id or "")}" '
        f'data-lines="{first}-{last}"><table class="tn-align-table"><tbody>{body}</tbody></table></div>'
    )

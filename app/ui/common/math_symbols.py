"""Where each symbol of a typeset formula is drawn: boxes for hit-testing and recolourable glyphs.

Why colour markers: ziamath lays out MathML and emits ``<path>``/``<rect>`` elements with a ``fill``, but
keeps no link from the LaTeX source to the glyphs. Wrapping each
occurrence of a symbol in ``\\color{<marker>}`` makes ziamath paint exactly that occurrence's glyphs with
a unique fill, so ONE typeset gives both the picture and, per occurrence, the elements it drew.
The marked SVG is also the one displayed (markers recoloured to ink), so the boxes always match what
is on screen, and hover highlighting is a colour swap in the SVG text instead of a ~25 ms re-typeset.

Boxes are read under each element's ``transform`` (and its groups'): ``MathSVG.svg`` places every glyph
outline, kept in font units, with ``transform="matrix(...)"`` (ziamath's SVG 2 ``<use>`` turned into plain
paths), so the raw ``d`` coordinates alone would put every glyph at the origin.

Pure Python (no Qt): boxes are in the SVG's viewBox units; the widget maps them to its pixels.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

MARKER_BASE = 0x0A0000  # marker fills are #0a0001, #0a0002, …: no formula asks for these colours
RE_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
RE_PATH_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
RE_COMMAND_END = re.compile(r"\\[A-Za-z]+$")
RE_TRANSFORM = re.compile(r"([A-Za-z]+)\s*\(([^)]*)\)")

Affine = tuple[float, float, float, float, float, float]  # SVG matrix(a b c d e f): x' = a x + c y + e
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class SymbolBox:
    """One drawn occurrence of symbol ``symbol`` (its index in the list asked for): its marker fill
    and its bounding box ``(x, y, width, height)`` in viewBox units."""

    symbol: int
    marker: str
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class MarkedFormula:
    """A formula typeset with its symbols marked. ``svg`` still has ``currentColor`` and the marker
    fills in it: :func:`coloured` turns it into what is drawn."""

    svg: str
    boxes: tuple[SymbolBox, ...]


def marker(occurrence: int) -> str:
    return f"#{MARKER_BASE + occurrence + 1:06x}"


def _symbol_pattern(symbol: str) -> re.Pattern[str]:
    """The symbol's LaTeX, whitespace-insensitive (``W_{i f}`` and ``W_{if}`` are the same glyphs)."""
    chars = [re.escape(c) for c in symbol.replace("\u2212", "-") if not c.isspace()]
    return re.compile(r"\s*".join(chars))


def _is_whole(latex: str, start: int, end: int, symbol: str) -> bool:
    """False when the match is part of something larger: inside a command name (``h`` in ``\\tanh``),
    the base of a longer subscripted symbol (``h`` in ``h_{t-1}``), or a command that goes on
    (``\\sigma`` in ``\\sigmaup``)."""
    before = latex[start - 1] if start > 0 else ""
    after = latex[end:].lstrip()[:1]
    if symbol[:1].isalpha() and (before.isalpha() or before == "\\"):
        return False
    if after in ("_", "^") and not symbol.rstrip().endswith(("}", "'")) and "_" not in symbol:
        return False
    return not (RE_COMMAND_END.search(symbol) and after.isalpha())


def find_occurrences(latex: str, symbols: list[str]) -> list[tuple[int, int, int]]:
    """Non-overlapping ``(start, end, symbol index)`` spans of the symbols in ``latex``, in source order.

    Longer symbols win (``h_{t-1}`` before ``h``), so a symbol nested in another is not split.
    """
    taken: list[tuple[int, int, int]] = []
    order = sorted(range(len(symbols)), key=lambda k: -len("".join(symbols[k].split())))
    for k in order:
        symbol = symbols[k].strip()
        if not symbol:
            continue
        for m in _symbol_pattern(symbol).finditer(latex):
            start, end = m.span()
            if not _is_whole(latex, start, end, symbol):
                continue
            if any(start < e and s < end for s, e, _ in taken):
                continue
            taken.append((start, end, k))
    return sorted(taken)


def mark_latex(latex: str, spans: list[tuple[int, int, int]]) -> str:
    """``latex`` with the n-th span wrapped in ``{\\color{marker(n)}{…}}``."""
    out, pos = [], 0
    for n, (start, end, _k) in enumerate(spans):
        out.append(latex[pos:start])
        out.append(f"{{\\color{{{marker(n)}}}{{{latex[start:end]}}}}}")
        pos = end
    out.append(latex[pos:])
    return "".join(out)


def _compose(m: Affine, n: Affine) -> Affine:
    """``m`` after ``n`` (``n`` applied first), as SVG composes a parent's and a child's transform."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)  # fmt: skip


def _shift(x: float, y: float) -> Affine:
    return (1.0, 0.0, 0.0, 1.0, x, y)


def parse_transform(text: str | None) -> Affine | None:
    """An SVG ``transform`` list (matrix, translate, scale, rotate, skewX, skewY) as one matrix; None
    when it cannot be read (the element then gets no box rather than a wrong one)."""
    result = IDENTITY
    if not text or not text.strip():
        return result
    rest = RE_TRANSFORM.sub("", text).replace(",", " ").strip()
    if rest:
        return None
    for name, args in RE_TRANSFORM.findall(text):
        try:
            v = [float(t) for t in RE_NUMBER.findall(args)]
        except ValueError:
            return None
        step: Affine
        if name == "matrix" and len(v) == 6:
            step = (v[0], v[1], v[2], v[3], v[4], v[5])
        elif name == "translate" and len(v) in (1, 2):
            step = _shift(v[0], v[1] if len(v) == 2 else 0.0)
        elif name == "scale" and len(v) in (1, 2):
            step = (v[0], 0.0, 0.0, v[1] if len(v) == 2 else v[0], 0.0, 0.0)
        elif name == "rotate" and len(v) in (1, 3):
            cos, sin = math.cos(math.radians(v[0])), math.sin(math.radians(v[0]))
            step = (cos, sin, -sin, cos, 0.0, 0.0)
            if len(v) == 3:  # rotate(a cx cy) = translate(cx cy) rotate(a) translate(-cx -cy)
                step = _compose(_compose(_shift(v[1], v[2]), step), _shift(-v[1], -v[2]))
        elif name in ("skewX", "skewY") and len(v) == 1:
            t = math.tan(math.radians(v[0]))
            step = (1.0, 0.0, t, 1.0, 0.0, 0.0) if name == "skewX" else (1.0, t, 0.0, 1.0, 0.0, 0.0)
        else:
            return None
        result = _compose(result, step)
    return result


def _transformed(box: tuple[float, float, float, float], m: Affine) -> tuple[float, float, float, float]:
    """The axis-aligned bounds of ``box`` mapped by ``m`` (its four corners: exact for the hull)."""
    x0, y0, x1, y1 = box
    a, b, c, d, e, f = m
    xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
    ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
    return min(xs), min(ys), max(xs), max(ys)


def _path_bounds(d: str) -> tuple[float, float, float, float] | None:
    """Bounds of an SVG path of absolute M/L/H/V/Q/C/T/S/Z commands (what ziafont writes); control
    points are included, so a curve's box may be a hair larger than its ink (fine for hit-testing).
    None for anything else (relative commands, arcs): that element just gets no box."""
    xs: list[float] = []
    ys: list[float] = []
    command = ""
    pending: list[float] = []
    for token in RE_PATH_TOKEN.findall(d):
        if token.isalpha():
            if token not in "MLHVQCTSZ":
                return None
            command, pending = token, []
            continue
        pending.append(float(token))
        if command == "H":
            xs.append(pending.pop())
        elif command == "V":
            ys.append(pending.pop())
        elif len(pending) == 2:
            xs.append(pending[0])
            ys.append(pending[1])
            pending = []
    if not xs or not ys:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _element_bounds(element: ET.Element) -> tuple[float, float, float, float] | None:
    tag = element.tag.rsplit("}", 1)[-1]
    if tag == "path":
        return _path_bounds(element.get("d", ""))
    if tag == "rect":
        try:
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            w, h = float(element.get("width", 0)), float(element.get("height", 0))
        except ValueError:
            return None
        return x, y, x + w, y + h
    return None


def _placed(element: ET.Element, parent: Affine) -> Iterator[tuple[ET.Element, Affine]]:
    """Each element with the transform from its own coordinates to the root's (parents' transforms
    first, then its own). A subtree whose transform cannot be read is skipped."""
    own = parse_transform(element.get("transform"))
    if own is None:
        return
    placed = _compose(parent, own)
    yield element, placed
    for child in element:
        yield from _placed(child, placed)


def symbol_boxes(svg: str, spans: list[tuple[int, int, int]]) -> tuple[SymbolBox, ...]:
    """One box per span that drew anything: the union of the elements filled with its marker."""
    owner = {marker(n): k for n, (_s, _e, k) in enumerate(spans)}
    bounds: dict[str, list[float]] = {}
    for element, placed in _placed(ET.fromstring(svg), IDENTITY):
        fill = (element.get("fill") or "").lower()
        if fill not in owner:
            continue
        box = _element_bounds(element)
        if box is None:
            continue
        box = _transformed(box, placed)
        seen = bounds.get(fill)
        if seen is None:
            bounds[fill] = list(box)
        else:
            seen[:] = [min(seen[0], box[0]), min(seen[1], box[1]), max(seen[2], box[2]), max(seen[3], box[3])]
    boxes = [
        SymbolBox(owner[fill], fill, (x0, y0, x1 - x0, y1 - y0)) for fill, (x0, y0, x1, y1) in bounds.items()
    ]
    return tuple(sorted(boxes, key=lambda b: (b.box[0], b.box[1])))


@lru_cache(maxsize=256)
def mark_formula(latex: str, symbols: tuple[str, ...]) -> MarkedFormula | None:
    """Typeset ``latex`` with every occurrence of ``symbols`` marked (cached in memory here, and on
    disk by the typesetter). None when nothing can be marked or the marked LaTeX does not typeset:
    the caller then shows the plain formula, still clickable through the chips."""
    from app.markup.mathdraw import draw

    spans = find_occurrences(latex, list(symbols))
    if not spans:
        return None
    drawing = draw(mark_latex(latex, spans))  # the one typesetting boundary: never raises
    if drawing.math is None:
        return None
    try:
        svg = drawing.math.svg
        boxes = symbol_boxes(svg, spans)
    except (ET.ParseError, ValueError):
        return None
    return MarkedFormula(svg, boxes) if boxes else None


def coloured(formula: MarkedFormula, ink: str, accents: dict[int, str] | None = None) -> str:
    """The SVG to draw: every glyph in ``ink``, except symbols listed in ``accents`` (index → colour)."""
    svg = formula.svg.replace("currentColor", ink)
    for box in formula.boxes:
        colour = (accents or {}).get(box.symbol, ink)
        svg = svg.replace(f'fill="{box.marker}"', f'fill="{colour}"')
    return svg

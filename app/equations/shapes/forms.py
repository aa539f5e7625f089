"""Where text writes a shape: ``(L, N, H_in)``, ``[N x L x Q]``, ``N×L×H``, ``torch.Size([1, 28])``.

Only the *form* is found here: a run of axes, each a product of names and integers. Whether the names
make it a claim (``(h_n, c_n)`` is a pair of tensors, not a shape) is decided by ``claims`` with the
legend. The rules that keep prose out:
- a bracket directly after a name or a dot is a call or an index (``rnn(input, …)``, ``x[:, -1]``), not a
  shape, except ``Size([…])``;
- every item must be a bare product (``D∗num_layers``, ``4*hidden_size``, ``28``): a word with a space, an
  operator other than a product, or a comparison makes the whole bracket prose;
- inside brackets, commas separate axes; without commas, ``x``/``×`` do (``[N x L x Q]``, ``(28×28)``);
  with commas, ``x``, ``×``, ``*``, ``∗``, ``·`` are products (``(L, D x H)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.equations.shapes.names import RE_NAME

RE_FACTOR = re.compile(rf"(?:{RE_NAME}|\d+)")
PRODUCT = r"\s*(?:\*|∗|×|·|⋅)\s*|\s+x\s+|(?<=\d)x(?=\d)"
RE_PRODUCT = re.compile(PRODUCT)
RE_AXIS_SEPARATOR = re.compile(r"\s+x\s+|\s*×\s*|(?<=\d)x(?=\d)")
RE_BRACKET = re.compile(r"(?P<open>[(\[])(?P<body>[^()\[\]\n]{1,160})(?P<close>[)\]])")
RE_SIZE = re.compile(r"(?:torch\.)?Size\(\s*\[(?P<body>[^\[\]\n]{0,160})\]\s*\)")
_F = rf"(?:{RE_NAME}|\d+)"
RE_BARE_TIMES = re.compile(rf"(?<![\w.\[(]){_F}(?:\s*×\s*{_F})+(?![\w(])")
RE_BARE_X = re.compile(rf"(?<![\w.\[(]){_F}(?:\s+x\s+{_F}){{2,}}(?![\w(])")
PAIRS = {"(": ")", "[": "]"}


@dataclass(frozen=True)
class Axis:
    """One written axis: its text as written and its factors (names as written, or integers)."""

    text: str
    factors: tuple[str | int, ...]


@dataclass(frozen=True)
class Form:
    start: int  # offsets in the scanned string
    end: int
    kind: str  # "tuple" | "size" | "times"
    axes: tuple[Axis, ...]


def parse_axis(item: str) -> Axis | None:
    """``D∗num_layers`` → Axis(factors=("D", "num_layers")); None when ``item`` is not a bare product."""
    item = item.strip().strip("$").strip()
    if not item:
        return None
    factors: list[str | int] = []
    for part in RE_PRODUCT.split(item):
        part = part.strip()
        if not part or not RE_FACTOR.fullmatch(part):
            return None
        factors.append(int(part) if part.isdigit() else part)
    return Axis(re.sub(r"\s+", "", item), tuple(factors))


def parse_axes(body: str) -> tuple[Axis, ...] | None:
    """The axes of a bracket's inside, or None when it is prose."""
    body = body.strip()
    if not body:
        return None
    if "," in body:
        items = [p for p in body.split(",")]
        if items and not items[-1].strip():
            items = items[:-1]  # (4*hidden_size,)
    else:
        items = RE_AXIS_SEPARATOR.split(body)
    axes = []
    for item in items:
        axis = parse_axis(item)
        if axis is None:
            return None
        axes.append(axis)
    return tuple(axes)


def find_forms(text: str) -> list[Form]:
    """Every shape form in ``text`` (one line of prose, a math region made plain, or a code comment)."""
    found: list[Form] = []
    taken: list[tuple[int, int]] = []
    for m in RE_SIZE.finditer(text):
        axes = parse_axes(m.group("body")) if m.group("body").strip() else ()
        if axes is not None:
            found.append(Form(m.start(), m.end(), "size", axes))
            taken.append((m.start(), m.end()))
    for m in RE_BRACKET.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or PAIRS[m.group("open")] != m.group("close"):
            continue
        prev = text[m.start() - 1] if m.start() else " "
        if (prev.isascii() and prev.isalnum()) or prev in "._)]'\"":
            continue  # a call or an index: rnn(input, …), x[:, -1]
        axes = parse_axes(m.group("body"))
        if axes is None:
            continue
        found.append(Form(m.start(), m.end(), "tuple", axes))
        taken.append((m.start(), m.end()))
    for pattern in (RE_BARE_TIMES, RE_BARE_X):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            axes = tuple(a for a in (parse_axis(p) for p in RE_AXIS_SEPARATOR.split(m.group(0))) if a)
            if len(axes) >= 2:
                found.append(Form(m.start(), m.end(), "times", axes))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda f: f.start)
    return found

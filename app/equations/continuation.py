"""Rows of a derivation that continue the row above: ``&= …`` has no left side of its own.

``\\hat{y}_t = h_t &= f(x_t, h_{t-1}) \\\\ &= \\tanh(W_{ih} x_t + …)``: the second row means
``\\hat{y}_t = h_t = \\tanh(…)``. So a row whose first relation comes before anything else inherits the left
side of the row it continues (itself possibly inherited); the linker then picks, in a chain, the side the
model computes (``app.equations.linker``).
"""

from __future__ import annotations

import re

from app.markup.mathscan import split_top_level

_LEADING_RELATION = re.compile(r"^\s*(?:&\s*)?(?:=|\\approx|\\coloneqq)")


def left_side(latex: str) -> str | None:
    """Everything before a row's last top-level ``=`` (``&`` removed): ``\\hat{y}_t = h_t`` of
    ``\\hat{y}_t = h_t &= f(…)``; None when the row has no left side."""
    cells = "".join(cell for _, cell in split_top_level(latex, "&"))
    parts = [part for _, part in split_top_level(cells, "=")]
    if len(parts) < 2 or not parts[0].strip():
        return None
    return "=".join(parts[:-1]).strip()


def continued(rows: list[str]) -> list[str]:
    """Each row of one block, a continuation row given the left side of the row it continues."""
    out: list[str] = []
    lhs: str | None = None
    source: str | None = None  # the row whose left side ``lhs`` will be, read only when needed
    for row in rows:
        if _LEADING_RELATION.match(row):
            if source is not None:
                lhs, source = left_side(source) or lhs, None
            if lhs is not None:
                out.append(lhs + " " + row.replace("&", " ").strip())
                continue
        out.append(row)
        source = row
    return out

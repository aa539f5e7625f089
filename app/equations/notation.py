"""Which notation an equation is written in: PyTorch's docs, d2l's, or the concatenated (colah) form.

The orientation of the weights decides first (``app.equations.roles``): a weight multiplied on the right
without ``^T`` (``X_t W_{xi}``) is d2l's, transposed against PyTorch; on the left (``W_{xi} x_t``) it is
PyTorch's orientation whatever its label. PyTorch's own RNN docs write ``x_t W_{ih}^T``: on the right,
but with the transpose written, so still PyTorch's notation. Only when no weight shows its operand do the
letters decide (d2l's ``W_{x·}``, bold capitals, ``X_t``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.equations.latex import Node
from app.equations.roles import weight_operands
from app.equations.symbols import role, view


def has_concat(rhs: Sequence[Node]) -> bool:
    """``W_f \\cdot [h_{t-1}, x_t]``: a bracket (or bmatrix) holding both the input and the previous state."""
    for k, n in enumerate(rhs):
        if n.kind != "open" or n.value not in "[(":
            continue
        inside: set[str] = set()
        for m in rhs[k + 1 :]:
            if m.kind == "close" and m.depth == n.depth:
                break
            if m.kind == "atom" and m.depth == n.depth + 1 and (r := role(view(m))):
                inside.add(r)
        comma = any(m.kind == "op" and m.value == "," and m.depth == n.depth + 1 for m in rhs[k + 1 :])
        state = bool(inside & {"h_prev", "h", "c_prev"})  # c_prev: Ng's GRU writes its state c
        if "x" in inside and state and (n.value == "[" or comma):
            return True
    return False


def notation(nodes: Sequence[Node], concat: bool, fallback: str | None) -> str | None:
    """The equation's own evidence first (concatenation, the weights' side, then d2l's ``W_{x·}``/bold/
    ``X_t`` or PyTorch's ``W_{i·}``), then ``fallback`` (the note's) for equations without weights."""
    if concat:
        return "concat"
    operands = weight_operands(nodes)
    if operands:
        right_plain = any(op.side == "right" and not view(nodes[k]).transposed for k, op in operands.items())
        return "d2l" if right_plain else "pytorch"
    atoms = [(n, view(n)) for n in nodes if n.kind == "atom"]
    params = [(n, v) for n, v in atoms if role(v) in ("W", "U", "b")]
    d2l_weight = any(role(v) != "b" and re.fullmatch(r"x[a-z]", v.label or "") for _, v in params)
    upper_x = any(role(v) == "x" and v.upper for _, v in atoms)
    if d2l_weight or upper_x:
        return "d2l"
    if params:  # PyTorch's labels (W_{if}), bold or not: the weight multiplies on the left
        return "pytorch"
    if any(n.bold and role(v) for n, v in atoms):  # d2l's bold capitals, in an equation without weights
        return "d2l"
    if any(v.tilde and role(v) for _, v in atoms):  # colah's \tilde{C}_t, \tilde{h}_t (PyTorch: g_t, n_t)
        return "concat"
    return fallback

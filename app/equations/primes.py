"""The cell docs' notation without time indices: ``c' = f ⊙ c + i ⊙ g``, ``h' = o ⊙ \\tanh(c')``.

PyTorch documents nn.LSTMCell, nn.GRUCell and nn.RNNCell with one step and no ``t``: ``x`` is the input,
``h`` and ``c`` the state coming in, ``h'`` and ``c'`` the state going out, and the gates carry no index
(``i = σ(W_{ii} x + b_{ii} + W_{hi} h + b_{hi})``). Read with the usual rules, a primed left side looks
like a derivative and every symbol lacks a time. So such an equation is rewritten, before linking, into
the indexed form the linker knows: ``h'``/``c'`` → ``h_t``/``c_t``, ``h``/``c`` → ``h_{t-1}``/``c_{t-1}``,
``x`` → ``x_t``, a gate letter → the gate at ``t``. The source spans are kept, so every symbol still
points at what the user wrote.

It applies only when no symbol carries a time index, and the equation either has a primed state or
defines a gate from the bare input ``x``. ``f'(x) = …`` stays a derivative: ``f`` is not a state.
"""

from __future__ import annotations

from dataclasses import replace

from app.equations.latex import Node

_STATES = ("h", "c")
_GATES = frozenset("ifgorzn")


def _primed(node: Node) -> bool:
    return node.kind == "atom" and node.base in _STATES and (node.sup or "").strip() in ("'", "\\prime")


def _plain(node: Node) -> bool:
    return node.kind == "atom" and not node.sub and not node.sup and not node.bold


def timeless(nodes: list[Node]) -> list[Node] | None:
    """``nodes`` rewritten with time indices when they are in the cell docs' notation, else None."""
    atoms = [n for n in nodes if n.kind == "atom"]
    if any(n.sub and ("t" in n.sub) for n in atoms):
        return None
    eq = next((k for k, n in enumerate(nodes) if n.kind == "eq"), None)
    if eq is None or eq == 0:
        return None
    lhs = nodes[:eq]
    if len(lhs) != 1 or lhs[0].kind != "atom":
        return None
    head = lhs[0]
    after = nodes[eq + 1 :]
    gate_of_x = _plain(head) and head.base in _GATES and any(_plain(n) and n.base == "x" for n in after)
    if not (_primed(head) or gate_of_x):
        return None
    out = []
    for k, n in enumerate(nodes):
        if _primed(n):
            out.append(replace(n, sub="t", sup=None))
        elif _plain(n) and n.base in _STATES:
            out.append(replace(n, sub="t-1"))
        elif _plain(n) and (n.base == "x" or n.base in _GATES) and not _called(nodes, k):
            out.append(replace(n, sub="t"))
        else:
            out.append(n)
    return out


def _called(nodes: list[Node], k: int) -> bool:
    """``f(x)``: a letter followed by a bracket is a function name, not a gate."""
    return k + 1 < len(nodes) and nodes[k + 1].kind == "open" and nodes[k + 1].value == "("

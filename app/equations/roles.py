"""What each weight of an equation multiplies, and from which side: the weight's role, whatever its letter.

Letters lie: ``a^{(t)} = b + W h^{(t-1)} + U x^{(t)}`` (Goodfellow's RNN) names the recurrent weight W and
the input weight U, the reverse of Wikipedia's ``W x_t + U h_{t-1}``; d2l writes ``W_{xi}`` and also
multiplies it on the right (``X_t W_{xi}``), while a student copying d2l's labels often multiplies on the
left (``W_{xi} x_t``). So a weight's role comes from its operand, the symbol right after it (a left
multiplication, PyTorch's orientation) or right before it (a right multiplication, so the written matrix
is PyTorch's transposed):

- ``x_t`` or a layer's input ``h^{(l-1)}_t`` → the input weight ``W_i·``;
- ``h_{t-1}`` → the recurrent weight ``W_h·``;
- ``c_{t-1}`` / ``c_t`` inside a gate → a peephole, which nn.LSTM does not have;
- a bracket is looked into: ``(r_t ⊙ h_{t-1}) W_{hh}`` multiplies the previous state.

``\\cdot`` between the weight and its operand is a product like juxtaposition. A weight next to
``[h_{t-1}, x_t]`` is the concatenated form and is left to the linker's concatenation rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.equations.latex import Node
from app.equations.symbols import role, view

OPERANDS = ("x", "h_prev", "c_prev", "c", "h")


@dataclass(frozen=True)
class Operand:
    """What a weight multiplies (a role from ``OPERANDS``) and the side the weight stands on."""

    role: str
    side: str  # "left": W x (PyTorch's orientation) | "right": x W (the transpose of PyTorch's weight)

    @property
    def transposed(self) -> bool:
        return self.side == "right"


def _is_weight(node: Node) -> bool:
    return node.kind == "atom" and role(view(node)) in ("W", "U")


def _group_roles(nodes: Sequence[Node], start: int, step: int) -> set[str] | None:
    """The operand roles inside the bracket group starting at ``nodes[start]`` (walking by ``step``)."""
    opener = nodes[start]
    found: set[str] = set()
    k = start + step
    while 0 <= k < len(nodes):
        n = nodes[k]
        if n.depth == opener.depth and n.kind in ("open", "close") and k != start:
            return found
        if n.kind == "atom" and (r := role(view(n))) in OPERANDS:
            found.add(r)
        k += step
    return found


def _neighbour(nodes: Sequence[Node], k: int, step: int) -> set[str] | None:
    """The operand roles of the factor next to ``nodes[k]`` (after it for step 1, before it for -1)."""
    j = k + step
    while 0 <= j < len(nodes) and nodes[j].kind == "op" and nodes[j].value == "cdot":
        j += step
    if not 0 <= j < len(nodes):
        return None
    n = nodes[j]
    if n.kind == "atom":
        r = role(view(n))
        return {r} if r in OPERANDS else None
    opens = step == 1 and n.kind == "open" and n.value != "["
    closes = step == -1 and n.kind == "close" and n.value != "]"
    if opens or closes:
        return _group_roles(nodes, j, step) or None
    return None


def _single(roles: set[str] | None) -> str | None:
    if not roles:
        return None
    if "x" in roles and roles & {"h_prev", "c_prev"}:
        return None  # [h_{t-1}, x_t]: the concatenated form
    for r in OPERANDS:
        if r in roles:
            return r
    return None


def weight_operands(nodes: Sequence[Node]) -> dict[int, Operand]:
    """For each weight atom (by index in ``nodes``) whose operand can be told: its :class:`Operand`."""
    out: dict[int, Operand] = {}
    for k, n in enumerate(nodes):
        if not _is_weight(n):
            continue
        after = _single(_neighbour(nodes, k, 1))
        if after is not None:
            out[k] = Operand(after, "left")
            continue
        before = _single(_neighbour(nodes, k, -1))
        if before is not None:
            out[k] = Operand(before, "right")
    return out

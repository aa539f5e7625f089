"""Other letters students use for the hidden state, rewritten to ``h`` before linking.

Denny Britz's WildML tutorials (much copied into Korean blogs) write the RNN's state as ``s_t``:
``s_t = \\tanh(U x_t + W s_{t-1})``. ``s`` means many things elsewhere (a score, a step), so it is read as
the state only inside an equation that also holds its previous step ``s_{t-1}``: the recurrence itself
says what it is. Source spans are kept, so every symbol still points at what the user wrote.
"""

from __future__ import annotations

from dataclasses import replace

from app.equations.latex import Node

_PREVIOUS = ("t-1", "(t-1)")


def state_letters(nodes: list[Node]) -> list[Node] | None:
    """``nodes`` with a recurrent ``s`` renamed ``h`` (None when there is none)."""
    recurrent = any(
        n.kind == "atom" and n.base in ("s", "S") and (n.sub in _PREVIOUS or n.sup == "(t-1)") for n in nodes
    )
    if not recurrent:
        return None
    return [
        replace(n, base="h" if n.base == "s" else "H")
        if n.kind == "atom" and n.base in ("s", "S") and (n.sub or n.sup)
        else n
        for n in nodes
    ]

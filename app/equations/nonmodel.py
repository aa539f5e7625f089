"""The usual non-model equations of a study note: gradients, losses, activation definitions, shapes, sizes.

Recognised before any model is considered, so that ``σ(x) = 1 / (1 + e^{-x})`` or ``L = -Σ log p`` are
never linked to a gate. A prime on a state (``c'``, ``h'``: LSTMCell's docs) is the next state, not a
derivative; the linker rewrites those before this check (``app.equations.rows.timeless``).
"""

from __future__ import annotations

import re

from app.equations.latex import Node
from app.equations.reasons import (
    _ACTIVATION_NAMES,
    _R_ACTIVATION,
    R_GRADIENT,
    R_LOSS,
    R_SHAPE,
    R_SIZE,
    SIZE_NAME,
    _Reason,
    about,
    fixed,
)
from app.equations.symbols import is_size_symbol, role, view


def not_model(src: str, lhs: list[Node], rhs: list[Node]) -> _Reason | None:
    """Recognise the usual non-model equations of a study note; None when it may be a model equation."""
    everything = lhs + rhs
    ops = {n.value for n in everything if n.kind == "op"}
    lhs_ops = {n.value for n in lhs if n.kind == "op"}
    funcs = {n.value for n in rhs if n.kind == "func"}
    lhs_atoms = [n for n in lhs if n.kind == "atom"]
    lhs_words = " ".join(n.value for n in lhs if n.kind in ("word", "func")).lower()
    if {"partial", "nabla"} & ops or "'" in lhs_ops or any("'" in (n.sup or "") for n in lhs_atoms):
        return fixed(R_GRADIENT)
    if "frac" in lhs_ops and any(n.kind == "atom" and n.base == "d" and not n.sub for n in lhs):
        return fixed(R_GRADIENT)
    has_sum = "sum" in ops
    has_log = bool({"log", "ln"} & funcs)
    first = lhs_atoms[0] if lhs_atoms else None
    loss_letter = first is not None and (first.base in ("L", "J", "E", "ell") or first.font == "mathcal")
    if (
        re.search(r"loss|손실|cross|\bce\b|\bnll\b", lhs_words)
        or (has_sum and has_log)
        or (loss_letter and (has_sum or has_log or (first is not None and first.font == "mathcal")))
    ):
        return fixed(R_LOSS)
    head = next((n for n in lhs if n.kind not in ("open", "close")), None)
    if head is not None and head.kind == "func" and not any(role(view(n)) for n in lhs_atoms):
        name = _R_ACTIVATION.get(head.value, head.value)
        english = _ACTIVATION_NAMES.get(head.value, head.value)
        return about("function-definition", {"name": name}, name=english)
    exp = "exp" in funcs or any(n.kind == "atom" and n.base == "e" and n.sup for n in rhs)
    if exp and not any(role(view(n)) for n in everything if n.kind == "atom"):
        return about("function-definition", {"name": _R_ACTIVATION["phi"]}, name="activation")
    if (
        "|" in lhs_ops
        or "in" in ops
        or re.search(r"shape|size|dim|크기|모양", lhs_words)
        or any(n.kind == "op" and n.value in ("\\dim", "\\operatorname") for n in lhs)
    ):
        return fixed(R_SHAPE)
    if is_shape_tuple(lhs):
        return fixed(R_SHAPE)
    if (
        len(lhs_atoms) == 1
        and len([n for n in lhs if n.kind != "op"]) == 1
        and is_size_symbol(view(lhs_atoms[0]), lhs_atoms[0])
    ):
        return fixed(R_SIZE)
    if SIZE_NAME.fullmatch(src[: lhs[-1].end if lhs else 0]):
        return fixed(R_SIZE)
    return None


def is_shape_tuple(nodes: list[Node]) -> bool:
    """``(N, H_{in})``, ``|x_t|``: a tuple of sizes, or bars around a symbol."""
    atoms = [n for n in nodes if n.kind == "atom"]
    if not atoms:
        return False
    bars = sum(1 for n in nodes if n.kind == "op" and n.value == "|")
    if bars == 2 and nodes[0].kind == "op" and nodes[-1].kind == "op" and len(atoms) == 1:
        return True
    tuple_like = nodes[0].kind == "open" and any(n.kind == "op" and n.value == "," for n in nodes)
    return tuple_like and all(is_size_symbol(view(n), n) for n in atoms)

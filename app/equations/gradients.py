"""Gradient equations of BPTT linked to gradient quantities (issue 13), instead of "not a model equation".

Recognised derivatives, in every notation the linker reads (PyTorch's ``h_t``/``W_{hh}``, d2l's bold
``\\mathbf{H}_t``/``\\mathbf{W}_{xh}`` and its scalar ``w_h``/``w_o``, colah's ``C_t``/``W_f``) and written
as ``\\frac{\\partial A}{\\partial B}``, ``\\partial A/\\partial B`` (inline), ``\\frac{dA}{dB}``,
``\\nabla_{B} A`` or ``\\partial_{B} A``:

================================  =========================  ==========================================
derivative                        quantity                   meaning (what the panel shows)
================================  =========================  ==========================================
∂L/∂h_t (L, ℓ, J, E, 𝓛)            ``grad.h``                 ∂L/∂h_t at every step, its norm over time
∂L/∂c_t                            ``grad.c``                 ∂L/∂c_t (LSTM)
∂L/∂o_t                            ``grad.o``                 ∂L/∂o, the head's output (where a head exists)
∂L/∂W_hh, ∂L/∂W_if, ∂L/∂w_h …      ``grad.W_hh``, ``grad.W_if``  ∂L/∂W and its BPTT terms per step
∂h_t/∂W_hh, ∂h_t/∂w_h              ``grad.W_hh`` (a term)     the BPTT sum's terms of that weight
∂h_t/∂h_{t−1}, ∂h_t/∂h_k, ∏ …      ``jac.h``                  ‖∂h_t/∂h_{t−1}‖ and ‖∂h_T/∂h_t‖
∂c_t/∂c_{t−1}                      ``jac.c``                  its f_t diagonal and the paths via gates
================================  =========================  ==========================================

The subject is the derivative on the left of ``=`` (else the first one): ``∂L/∂W_hh = Σ_t …`` is
``grad.W_hh`` whatever the right side expands into. A derivative of something the note's model does not
have (``∂L/∂c_t`` in an RNN note, ``∂L/∂W_hf`` of a GRU) stays unlinked with a coded reason
(``gradient-not-in-model``); a derivative that is no model quantity at all (``σ'(x)``, ∂L/∂x_t, a bare
∂L/∂W) is left to the model rules, which reject it as before ("a gradient"). Weight names follow
``app.equations.symbols`` (d2l's ``W_{xh}`` is ``W_ih``, its scalar ``w_h`` the recurrent ``W_hh``,
``w_o`` / ``W_{qh}`` the head's weight ``W_q``).

Registered with ``app.equations.hooks`` at import (``app.equations`` imports this module), so the
linker and this module never import each other in a cycle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.equations import hooks
from app.equations.latex import Node
from app.equations.linker import Link, NoteHint, Symbol
from app.equations.symbols import quantity, role, view
from app.i18n import messages, text

GRADIENT_QUANTITIES = ("grad.h", "grad.c", "grad.o", "jac.h", "jac.c")  # plus grad.<weight>
_LOSS_BASES = frozenset({"L", "J", "E", "ell", "l", "mathcalL"})
_SUB_NABLA = re.compile(r"\\(?:nabla|partial)\s*_\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z]+)")

messages(
    {
        "gradient-not-in-model": (
            "모델에 없는 값의 기울기: {model}에는 {symbol}이(가) 없음",
            "A gradient of something the model does not have: {model} has no {symbol}",
        ),
        "gradient-bptt-term": (
            "BPTT 합 ∂L/∂W = Σ_t ∂L/∂h_t · ∂h_t/∂W의 한 항: 패널은 시점별 항을 막대로 보여 줍니다.",
            "One term of the BPTT sum ∂L/∂W = Σ_t ∂L/∂h_t · ∂h_t/∂W: the panel shows each step's term "
            "as a bar.",
        ),
        "gradient-product": (
            "여러 시점에 걸친 야코비안 ∂h_t/∂h_k = ∏ ∂h_j/∂h_{{j−1}}: 패널은 ‖∂h_T/∂h_t‖를 보여 줍니다.",
            "The Jacobian over several steps ∂h_t/∂h_k = ∏ ∂h_j/∂h_{{j−1}}: the panel shows ‖∂h_T/∂h_t‖.",
        ),
        "gradient-head": (
            "∂L/∂o는 출력 층(head)의 출력에 대한 기울기입니다 (LSTM의 출력 게이트 o_t가 아님).",
            "∂L/∂o is the gradient at the head's output (not the LSTM's output gate o_t).",
        ),
    }
)


@dataclass(frozen=True)
class _Derivative:
    top: Node  # what is differentiated (L, h_t, c_t)
    bottom: Node  # with respect to what (h_t, W_hh)
    start: int  # index of its first node


def _group(nodes: list[Node], k: int) -> tuple[list[Node], int] | None:
    """The nodes inside the brace group opening at ``k`` and the index after it."""
    if k >= len(nodes) or nodes[k].kind != "open":
        return None
    depth = nodes[k].depth
    for j in range(k + 1, len(nodes)):
        if nodes[j].kind == "close" and nodes[j].depth == depth:
            return nodes[k + 1 : j], j + 1
    return None


def _after_d(items: list[Node]) -> Node | None:
    """The atom after ∂ (or an upright d) at the start of a fraction's part: ∂L → L, dh_t → h_t."""
    atoms = [n for n in items if n.kind == "atom"]
    if items and items[0].kind == "op" and items[0].value in ("partial", "nabla"):
        return atoms[0] if atoms else None
    if atoms and atoms[0].base == "d" and not atoms[0].sub and len(atoms) > 1:
        return atoms[1]
    return None


def _derivatives(src: str, nodes: list[Node]) -> list[_Derivative]:
    found: list[_Derivative] = []
    for k, n in enumerate(nodes):
        if n.kind == "op" and n.value == "frac":
            first = _group(nodes, k + 1)
            second = _group(nodes, first[1]) if first else None
            if first and second:
                top, bottom = _after_d(first[0]), _after_d(second[0])
                if top is not None and bottom is not None:
                    found.append(_Derivative(top, bottom, k))
        elif n.kind == "op" and n.value == "/" and k >= 2 and k + 2 < len(nodes):
            a, b = nodes[k - 2 : k], nodes[k + 1 : k + 3]
            if (
                a[0].value == "partial"
                and a[1].kind == "atom"
                and b[0].value == "partial"
                and b[1].kind == "atom"
            ):
                found.append(_Derivative(a[1], b[1], k - 2))
    return found


def _is_loss(node: Node) -> bool:
    return node.base in _LOSS_BASES or (node.font == "mathcal" and node.base.upper() == "L")


def _state(node: Node) -> str | None:
    """ "h" or "c" for a state at any step (h_t, \\mathbf{H}_t, C_{t-1}, h_T, h_k, h_{j-1}), else None."""
    v = view(node)
    if v.tilde or v.letter not in ("h", "c"):
        return None
    return v.letter if node.sub else None


def _weight(node: Node, model: str) -> str | None:
    """The PyTorch docs' name of a weight or bias (``W_hh``, ``W_if``, ``b_hn``), ``W_q`` for the head."""
    v = view(node)
    if v.letter == "w" and not v.upper and not v.bold and v.label in ("h", "o", "q"):  # d2l's scalar w_h, w_o
        return "W_hh" if v.label == "h" else "W_q"
    if (v.letter in ("w", "v") and v.label in ("qh", "hq", "hy", "yh", "ho", "oh")) or (
        v.letter == "v" and v.upper
    ):
        return "W_q"
    if role(v) not in ("W", "U", "b") or v.label is None:  # a bare W (∂L/∂W) names no weight of the model
        return None
    if v.letter == "w" and v.label == "hx":  # d2l 9.7.3: h_t = W_hx x_t + W_hh h_{t−1}
        return "W_ih" if model == "rnn" else None
    name, _ = quantity(v, model, gate=None, concat=False, d2l=False)
    return name.split(".", 1)[1] if name else None


def _unlinked(src: str, nodes: list[Node], code: str, **args: str) -> Link:
    symbols = [Symbol(src[n.start : n.end], None) for n in nodes if n.kind == "atom"]
    return Link(
        None, text(code, lang="ko", **args), symbols=symbols, reason_code=code, reason_args=dict(args)
    )


def _notation(nodes: list[Node], hint: NoteHint) -> str | None:
    atoms = [n for n in nodes if n.kind == "atom"]
    if any(n.bold or (n.base == "w" and n.sub in ("h", "o")) or (n.sub or "").startswith("x") for n in atoms):
        return "d2l"
    if any(n.base == "C" for n in atoms):
        return "concat"
    if any(n.base == "W" and n.sub and len(n.sub) == 2 for n in atoms):
        return "pytorch"
    return hint.notation


def _model_weight(
    src: str, nodes: list[Node], bottom: Node, model: str | None, written: str
) -> tuple[str | None, str] | Link | None:
    """(model, weight name) of a weight, the model found from its label when the note names none
    (``W_{if}`` is the LSTM's); an unlinked Link when the note's model has no such weight."""
    for candidate in [model] if model else ["rnn", "lstm", "gru"]:
        weight = _weight(bottom, candidate)
        if weight is not None:
            return (candidate if model or weight != "W_q" else None), weight
    if model is not None and any(
        _weight(bottom, m) is not None for m in ("lstm", "gru", "rnn") if m != model
    ):
        return _unlinked(src, nodes, "gradient-not-in-model", model=model.upper(), symbol=written)
    return None  # ∂L/∂W, ∂L/∂x_t: no model quantity; the model rules say "a gradient"


def link_gradient(src: str, nodes: list[Node], hint: NoteHint) -> Link | None:
    """A Link for a gradient equation, None when the equation has no derivative we read."""
    found = _derivatives(src, nodes)
    for m in _SUB_NABLA.finditer(src):  # \nabla_{h_t} L: the subject after the subscript
        after = [n for n in nodes if n.kind == "atom" and n.start >= m.end()]
        inside = [n for n in nodes if n.kind == "atom" and m.start() <= n.start < m.end()]
        if after:
            from app.equations.latex import parse

            _, sub_nodes = parse(m.group(1).strip("{}"))
            bottom = next((n for n in sub_nodes if n.kind == "atom"), None)
            if bottom is not None and not inside:
                found.append(_Derivative(after[0], bottom, 0))
    if not found:
        return None
    eq = next((k for k, n in enumerate(nodes) if n.kind == "eq" and n.depth == 0), len(nodes))
    subject = next((d for d in found if d.start < eq), found[0])
    top, bottom = subject.top, subject.bottom
    model = hint.model
    notation = _notation(nodes, hint)
    top_state, bottom_state = _state(top), _state(bottom)
    written = (
        src[bottom.start : bottom.end]
        if bottom.end > bottom.start and bottom.end <= len(src)
        else bottom.base
    )
    quantity_name: str | None = None
    remarks: tuple[str, ...] = ()
    if _is_loss(top):
        if bottom_state is not None:
            quantity_name = f"grad.{bottom_state}"
        elif view(bottom).letter == "o" and bottom.sub:
            quantity_name, remarks = "grad.o", ("gradient-head",)
        else:
            found_weight = _model_weight(src, nodes, bottom, model, written)
            if found_weight is None or isinstance(found_weight, Link):
                return found_weight
            model, quantity_name = found_weight[0], f"grad.{found_weight[1]}"
    elif top_state is not None and bottom_state == top_state:
        quantity_name = f"jac.{top_state}"
        if view(bottom).time != "t-1" or view(top).time != "t":
            remarks = ("gradient-product",)
    elif top_state is not None:
        found_weight = _model_weight(src, nodes, bottom, model, written)
        if found_weight is None or isinstance(found_weight, Link):
            return found_weight
        model, quantity_name = found_weight[0], f"grad.{found_weight[1]}"
        remarks = ("gradient-bptt-term",)
    else:
        return None  # σ'(x), ∂f/∂x …: not ours; the model rules say why
    if quantity_name in ("grad.c", "jac.c"):
        if model in ("gru", "rnn"):
            return _unlinked(src, nodes, "gradient-not-in-model", model=model.upper(), symbol="c_t")
        model = "lstm"
    symbols = []
    for n in nodes:
        if n.kind != "atom":
            continue
        q = None
        if model is not None:
            q, _ = quantity(view(n), model, gate=None, concat=False, d2l=notation == "d2l")
        symbols.append(Symbol(src[n.start : n.end], q))
    remark = " ".join(text(code, lang="ko") for code in remarks) or None
    # from_note: a gradient never votes for the note's model (app.equations.note counts structural links)
    return Link(quantity_name, None, notation, model, symbols, remark, True, remark_codes=remarks)


hooks.special(link_gradient)

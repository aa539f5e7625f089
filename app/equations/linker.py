"""Link one equation's LaTeX to the recurrent-cell quantity it defines, or say why it is not one.

The decision is made from the equation's *structure*, not its letters alone: ``h_t`` is the LSTM's output
when the right side holds ``o_t`` and ``c_t``, the GRU's when it holds ``z_t`` and ``h_{t-1}``, the RNN's
when it is an activation of ``x_t`` and ``h_{t-1}`` with no gate. The note (``NoteHint``: front-matter pin,
other equations, code) is consulted only when the equation itself cannot decide: a lone ``$h_t$``, a
generic ``h_t = f(x_t, h_{t-1})``, or the notation of an equation without weights (``c_t = …``).

Reasons for an unlinked equation are short Korean sentences (the CLI prints them), always of the form
``"<what>: <why>"`` (e.g. ``"모델 수식이 아님: 시그모이드 함수의 정의"``). Each also comes as a stable
``reason_code`` with ``reason_args`` (``"function-definition"``, ``{"name": "sigmoid"}``) so that a UI in
another language words it itself; remarks likewise come as ``remark_codes``.

Symbols of an unlinked equation get a quantity only when they clearly are model symbols: a state with a
time index (``h_t``, ``x_t``, ``c_{t-1}``) or a parameter with a label the note's model knows
(``W_{hf}``), and only when the note's model is known. Bare letters (``x`` in ``σ(x)``) stay null.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.equations import hooks
from app.equations.aliases import state_letters
from app.equations.latex import Node, parse
from app.equations.nonmodel import is_shape_tuple, not_model
from app.equations.notation import has_concat
from app.equations.notation import notation as notation_of
from app.equations.primes import timeless
from app.equations.reasons import (
    R_EMPTY,
    R_GRADIENT,
    R_INITIAL,
    R_LONE,
    R_LOSS,
    R_MANY_LHS,
    R_NO_EQUALS,
    R_SHAPE,
    R_SIZE,
    R_UNKNOWN_SYMBOL,
    REASON_CODES,
    SIZE_NAME,
    _Reason,
    about,
    ambiguous,
    coded,
    fixed,
)
from app.equations.remarks import REMARKS
from app.equations.remarks import remarks as remarks_of
from app.equations.roles import Operand, weight_operands
from app.equations.symbols import GATES, MODELS, UPDATE, is_size_symbol, quantity, role, view
from app.equations.vocab import ACTIVATIONS

QUANTITIES = (
    "lstm.i",
    "lstm.f",
    "lstm.g",
    "lstm.o",
    "lstm.c",
    "lstm.h",
    "gru.r",
    "gru.z",
    "gru.n",
    "gru.h",
    "rnn.h",
)
NOTATIONS = ("pytorch", "d2l", "concat")
_GATE_ROLES = frozenset("ifgocrznu")  # u: Ng's update gate (LSTM's i, GRU's z)
__all__ = [  # the reasons stay importable from here (tests and callers name them by the linker)
    "NOTATIONS",
    "QUANTITIES",
    "REASON_CODES",
    "R_EMPTY",
    "R_GRADIENT",
    "R_INITIAL",
    "R_LONE",
    "R_LOSS",
    "R_MANY_LHS",
    "R_NO_EQUALS",
    "R_SHAPE",
    "R_SIZE",
    "R_UNKNOWN_SYMBOL",
    "Link",
    "NoteHint",
    "Symbol",
    "link_equation",
]  # fmt: skip


@dataclass(frozen=True)
class Symbol:
    """One written symbol of an equation (every occurrence, in source order)."""

    latex: str  # its source in the cleaned equation, e.g. "W_{if}", "\\mathbf{X}_t"
    quantity: str | None  # "lstm.W_if", "lstm.x", "gru.h_prev" … or None
    transposed: bool = False  # the written symbol is the named parameter transposed (d2l, ^T)


@dataclass(frozen=True)
class NoteHint:
    """What the note says about its model when an equation alone cannot tell."""

    model: str | None = None  # "lstm" | "gru" | "rnn"
    notation: str | None = None  # "pytorch" | "d2l" | "concat"
    pinned: bool = False  # from the front matter (``tensornote: {model: …, notation: …}``)


@dataclass(frozen=True)
class Link:
    """The linker's verdict on one equation."""

    quantity: str | None
    reason: str | None
    notation: str | None = None
    model: str | None = None
    symbols: list[Symbol] = field(default_factory=list)
    remark: str | None = None  # a Korean note for the panel (transposition, concatenation, z flipped …)
    from_note: bool = False  # the model was decided by the note, not by the equation's structure
    reason_code: str | None = None  # "shape", "function-definition" … (REASON_CODES and the f-string ones)
    reason_args: dict[str, str] = field(default_factory=dict)  # {"name": "sigmoid"}, {"symbol": "y_t"}
    remark_codes: tuple[str, ...] = ()  # one per sentence of ``remark``: "d2l-transposed", "concat" …


def link_equation(latex: str, *, hint: NoteHint | None = None) -> Link:
    """Link one equation (an inline run, a display block or an align row) to its quantity."""
    link = _link_cached(latex, hint or NoteHint(), len(hooks.SPECIAL))
    # A caller may edit its list and dict; the cache keeps its own.
    return replace(link, symbols=list(link.symbols), reason_args=dict(link.reason_args))


@functools.lru_cache(maxsize=4096)
def _link_cached(latex: str, hint: NoteHint, _specials: int) -> Link:
    src, nodes = parse(latex)
    if not any(n.kind in ("atom", "func", "word", "num") for n in nodes):
        return Link(None, R_EMPTY, reason_code=REASON_CODES[R_EMPTY])
    for special in hooks.SPECIAL:  # e.g. gradient equations (issue 13), tried before the model rules
        found = special(src, nodes, hint)
        if found is not None:
            return found
    nodes = timeless(nodes) or nodes  # LSTMCell's docs: c' = f ⊙ c + i ⊙ g
    nodes = state_letters(nodes) or nodes  # WildML's s_t = tanh(U x_t + W s_{t-1})
    eqs = [k for k, n in enumerate(nodes) if n.kind == "eq" and n.depth == 0]
    if not eqs:
        eqs = [k for k, n in enumerate(nodes) if n.kind == "eq"][:1]
    if not eqs:
        return _without_equals(src, nodes, hint)
    lhs, rhs = _sides(nodes, eqs)
    reason = not_model(src, lhs, rhs)
    if reason is not None:
        return _unlinked(src, nodes, reason, hint)
    lhs_atoms = [n for n in lhs if n.kind == "atom"]
    if len(lhs_atoms) != 1 or any(n.kind in ("func", "open", "num", "word") for n in lhs):
        return _unlinked(src, nodes, fixed(R_MANY_LHS), hint)
    target = lhs_atoms[0]
    tv = view(target)
    written = src[target.start : target.end]
    if tv.letter in ("h", "c") and tv.index == "0":
        return _unlinked(src, nodes, fixed(R_INITIAL), hint)
    lhs_role = role(tv)
    if lhs_role is None or lhs_role not in _GATE_ROLES | {"h"}:
        return _unlinked(src, nodes, about("not-computed", symbol=written), hint)
    return _link_structure(src, nodes, rhs, lhs_role, written, hint)


def _sides(nodes: list[Node], eqs: list[int]) -> tuple[list[Node], list[Node]]:
    """The left and right side; in a chain ``ŷ_t = h_t = f(…)`` the left side is the one the model
    computes (a gate or a state at t), the right side is the last one (the definition)."""
    if len(eqs) == 1:
        return nodes[: eqs[0]], nodes[eqs[0] + 1 :]
    bounds = [-1, *eqs, len(nodes)]
    sides = [nodes[a + 1 : b] for a, b in itertools.pairwise(bounds)]
    for side in sides[:-1]:
        atoms = [n for n in side if n.kind == "atom"]
        if len(atoms) == 1 and len(side) == 1 and role(view(atoms[0])) in _GATE_ROLES | {"h"}:
            return side, sides[-1]
    return nodes[: eqs[0]], nodes[eqs[0] + 1 :]


def _link_structure(
    src: str, nodes: list[Node], rhs: list[Node], lhs_role: str, written: str, hint: NoteHint
) -> Link:
    roles = {r for n in rhs if n.kind == "atom" and (r := role(view(n)))}
    has_act = any(n.kind == "func" and n.value in ACTIVATIONS for n in rhs)
    # An activation of the input and/or the previous state (notes abbreviate: ``σ(W_{if}x_t+b_{if})``).
    affine = has_act and bool({"x", "h_prev"} & roles)
    # Ng's GRU writes its state c: a gate of [c^{<t-1>}, x^{<t>}] or a candidate with \Gamma_r is the GRU's
    ng_gru = (lhs_role == "g" and "r" in roles) or (
        lhs_role == "u" and "c_prev" in roles and "h_prev" not in roles
    )
    fits = {
        "lstm": (lhs_role in "ifgou" and affine and not ng_gru)
        or (
            lhs_role == "c"
            and "c_prev" in roles
            and bool(roles & set("figu"))
            and ("u" not in roles or "f" in roles)
        )
        or (lhs_role == "h" and {"o", "c"} <= roles),
        "gru": (lhs_role in "rznu" and affine)
        or (lhs_role == "g" and affine and "r" in roles)  # Ng's GRU candidate \tilde{c} uses \Gamma_r
        or (lhs_role == "h" and {"z", "h_prev"} <= roles)
        or (lhs_role == "c" and {"u", "c_prev"} <= roles and "f" not in roles),  # Ng's GRU: c is the state
        "rnn": lhs_role == "h" and affine and not roles & _GATE_ROLES,
    }
    models = [m for m in MODELS if fits[m]]
    from_note = False
    if len(models) > 1 and hint.model in models:
        models = [hint.model]
    if not models:
        words = {n.value.lower() for n in rhs if n.kind == "word" and n.value.lower() in MODELS}
        generic = lhs_role == "h" and ({"x", "h_prev"} <= roles or bool(words))
        if not generic:
            return _unlinked(src, nodes, about("not-a-formula", symbol=written), hint)
        model = next(iter(words)) if len(words) == 1 else hint.model
        if model is None:
            return _unlinked(src, nodes, ambiguous(written), hint)
        link = _build(src, nodes, rhs, model, "h", hint, from_note=not words)
        code = "generic-model-from-equation" if words else "generic-model-from-note"
        remark = REMARKS[code]
        return Link(
            link.quantity, None, None, model, link.symbols, remark, link.from_note, remark_codes=(code,)
        )
    if models[0] == "lstm" and lhs_role in "ifo":
        peephole = _peephole(src, rhs)
        if peephole is not None:
            reason = coded("peephole", symbol=peephole)
            return _unlinked(src, nodes, reason, hint, model="lstm", gate=lhs_role)
    return _build(src, nodes, rhs, models[0], lhs_role, hint, from_note=from_note)


def _peephole(src: str, rhs: list[Node]) -> str | None:
    """``W_{ci} c_{t-1}`` (or ``p_i ⊙ c_{t-1}``) inside a gate: the written term, else None."""
    for k, n in enumerate(rhs):
        if n.kind != "atom" or role(view(n)) not in ("c_prev", "c"):
            continue
        j = k - 1
        while j >= 0 and rhs[j].kind == "op" and rhs[j].value in ("cdot", "odot"):
            j -= 1
        start = rhs[j].start if j >= 0 and rhs[j].kind == "atom" else n.start
        return src[start : n.end]
    return None


def _build(
    src: str,
    nodes: list[Node],
    rhs: list[Node],
    model: str,
    lhs_role: str,
    hint: NoteHint,
    *,
    from_note: bool,
) -> Link:
    lhs_role = UPDATE.get((model, lhs_role), lhs_role)  # Ng's \Gamma_u: the LSTM's i, the GRU's z
    concat = has_concat(rhs)
    notation = notation_of(nodes, concat, hint.notation)
    gate = "h" if model == "rnn" else lhs_role
    symbols = _symbols(src, nodes, model, gate=gate, concat=concat, d2l=notation == "d2l")
    name = f"{model}.{lhs_role}"
    remarks = remarks_of(model, lhs_role, notation, rhs)
    remark = " ".join(REMARKS[code] for code in remarks) or None
    return Link(name, None, notation, model, symbols, remark, from_note, remark_codes=remarks)


def _symbols(
    src: str, nodes: Sequence[Node], model: str | None, *, gate: str | None, concat: bool, d2l: bool
) -> list[Symbol]:
    out = []
    operands = weight_operands(nodes) if model and not concat else {}
    for k, n in enumerate(nodes):
        if n.kind != "atom" or n.font == "mathbb":  # \mathbb{R} is a set, not a symbol
            continue
        v = view(n)
        operand = operands.get(k)
        if model and operand is not None and _by_operand_applies(v, operand, model, gate):
            q, transposed = _by_operand(v, operand, model, gate), operand.transposed
        else:
            q, transposed = quantity(v, model, gate=gate, concat=concat, d2l=d2l) if model else (None, False)
        out.append(Symbol(src[n.start : n.end], q, transposed))
    return out


def _by_operand_applies(v: object, operand: Operand, model: str, gate: str | None) -> bool:
    """The operand decides a weight's role except for LSTM's projection ``W_{hr}`` and an output layer
    (a weight of ``h_t``), which keep the label rules."""
    if operand.role == "h" or getattr(v, "label", None) == "hr":
        return False
    return model == "rnn" or gate is None or gate in GATES.get(model, "")


def _by_operand(v: object, operand: Operand, model: str, gate: str | None) -> str | None:
    """``W h_{t-1}`` is the recurrent weight, ``W x_t`` (or ``W h^{(l-1)}_t``) the input weight; a weight of
    ``c`` is a peephole, which the module does not have."""
    if operand.role in ("c", "c_prev"):
        return None
    source = "i" if operand.role == "x" else "h"
    if model == "rnn":
        return f"rnn.W_{source}h"
    label = getattr(v, "label", None) or ""
    letter = gate or (label[-1:] if label else None)
    letter = {"lstm": {"c": "g"}, "gru": {"h": "n"}}.get(model, {}).get(letter or "", letter)
    if letter is None or letter not in GATES[model]:
        return None
    return f"{model}.W_{source}{letter}"


def _unlinked(
    src: str,
    nodes: Sequence[Node],
    reason: _Reason,
    hint: NoteHint,
    *,
    model: str | None = None,
    gate: str | None = None,
) -> Link:
    symbols = _symbols(src, nodes, model or hint.model, gate=gate, concat=False, d2l=False)
    return Link(None, reason.text, symbols=symbols, reason_code=reason.code, reason_args=dict(reason.args))


def _without_equals(src: str, nodes: list[Node], hint: NoteHint) -> Link:
    """An equation with no ``=``: a shape statement, a lone symbol (``$c_t$``, ``$H_in$``) or a fragment."""
    ops = {n.value for n in nodes if n.kind == "op"}
    if {"partial", "nabla"} & ops:
        return _unlinked(src, nodes, fixed(R_GRADIENT), hint)
    if "in" in ops:
        return _unlinked(src, nodes, fixed(R_SHAPE), hint)
    if SIZE_NAME.fullmatch(src):  # "$H_in$" (no braces) reads as H_i times n; it is one size name
        return Link(None, R_SIZE, symbols=[Symbol(src.strip(), None)], reason_code=REASON_CODES[R_SIZE])
    significant = [n for n in nodes if not (n.kind == "op" and n.value in ",.;:")]
    if is_shape_tuple(nodes):
        return _unlinked(src, nodes, fixed(R_SHAPE), hint)
    if len(significant) != 1 or significant[0].kind != "atom":
        return _unlinked(src, nodes, fixed(R_NO_EQUALS), hint)
    atom = significant[0]
    v = view(atom)
    if is_size_symbol(v, atom):
        return _unlinked(src, nodes, fixed(R_SIZE), hint)
    r = role(v)
    if r is None:
        return _unlinked(src, nodes, fixed(R_UNKNOWN_SYMBOL), hint)
    written = src[atom.start : atom.end]
    model = {
        "i": "lstm",
        "f": "lstm",
        "g": "lstm",
        "o": "lstm",
        "c": "lstm",
        "r": "gru",
        "z": "gru",
        "n": "gru",
    }.get(r, hint.model)
    if r not in _GATE_ROLES | {"h"}:
        return _unlinked(src, nodes, fixed(R_LONE), hint)
    if r in ("c", "o") and hint.model in ("gru", "rnn"):
        # ``$c_t$`` in a GRU section, ``$o_t$`` (an output layer) in an RNN one: the model has no such value
        reason = coded("not-in-model", symbol=written, model=hint.model.upper())
        return _unlinked(src, nodes, reason, hint)
    if model is None:
        return _unlinked(src, nodes, ambiguous(written), hint)
    notation = notation_of(nodes, False, hint.notation)
    q, _ = quantity(v, model, gate=None, concat=False, d2l=notation == "d2l")
    if q not in QUANTITIES:
        return _unlinked(src, nodes, fixed(R_UNKNOWN_SYMBOL), hint)
    return Link(q, None, notation, model, [Symbol(written, q)], None, from_note=r == "h")

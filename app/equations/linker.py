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
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.equations.latex import Node, parse
from app.equations.symbols import MODELS, is_size_symbol, quantity, role, view
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
_GATE_ROLES = frozenset("ifgocrzn")
_SIZE_NAME = re.compile(r"\s*[A-Za-z]_\{?(?:in|out|cell|hidden|proj)\}?\s*")

# Reasons (Korean, user-visible).
R_EMPTY = "빈 수식"
R_NO_EQUALS = "등식이 아님: 등호(=)가 없는 수식"
R_LONE = "등식이 아님: 기호 하나뿐인 수식"
R_UNKNOWN_SYMBOL = "모델 수식이 아님: 모델에 없는 기호"
R_SIZE = "모델 수식이 아님: 텐서 크기를 나타내는 기호"
R_SHAPE = "모델 수식이 아님: 텐서 모양(shape)의 정의"
R_GRADIENT = "모델 수식이 아님: 기울기(미분) 식"
R_LOSS = "모델 수식이 아님: 손실 함수의 정의"
R_INITIAL = "모델 수식이 아님: 초기 상태의 정의"
R_MANY_LHS = "모델 수식이 아님: 왼쪽이 기호 하나가 아님"
_R_ACTIVATION = {
    "sigma": "시그모이드",
    "sigmoid": "시그모이드",
    "tanh": "tanh",
    "relu": "ReLU",
    "gelu": "GELU",
    "softmax": "softmax",
    "phi": "활성화",
}
_ACTIVATION_NAMES = {  # the same functions' names for reason_args (English; the UI translates them)
    "sigma": "sigmoid",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "gelu": "GELU",
    "softmax": "softmax",
    "phi": "activation",
}
# The stable code of each fixed reason (the Korean text stays the CLI's and the tests' wording).
REASON_CODES = {
    R_EMPTY: "empty",
    R_NO_EQUALS: "no-equals",
    R_LONE: "lone-symbol",
    R_UNKNOWN_SYMBOL: "unknown-symbol",
    R_SIZE: "size-symbol",
    R_SHAPE: "shape",
    R_GRADIENT: "gradient",
    R_LOSS: "loss",
    R_INITIAL: "initial-state",
    R_MANY_LHS: "lhs-not-one-symbol",
}


@dataclass(frozen=True)
class _Reason:
    """Why an equation is unlinked: the Korean sentence, its code, and the code's arguments."""

    text: str
    code: str
    args: tuple[tuple[str, str], ...] = ()


def _fixed(text: str) -> _Reason:
    return _Reason(text, REASON_CODES[text])


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
    link = _link_cached(latex, hint or NoteHint())
    # A caller may edit its list and dict; the cache keeps its own.
    return replace(link, symbols=list(link.symbols), reason_args=dict(link.reason_args))


@functools.lru_cache(maxsize=4096)
def _link_cached(latex: str, hint: NoteHint) -> Link:
    src, nodes = parse(latex)
    if not any(n.kind in ("atom", "func", "word", "num") for n in nodes):
        return Link(None, R_EMPTY, reason_code=REASON_CODES[R_EMPTY])
    eq = next((k for k, n in enumerate(nodes) if n.kind == "eq" and n.depth == 0), None)
    if eq is None:
        eq = next((k for k, n in enumerate(nodes) if n.kind == "eq"), None)
    if eq is None:
        return _without_equals(src, nodes, hint)
    lhs, rhs = nodes[:eq], nodes[eq + 1 :]
    reason = _not_model(src, lhs, rhs)
    if reason is not None:
        return _unlinked(src, nodes, reason, hint)
    lhs_atoms = [n for n in lhs if n.kind == "atom"]
    if len(lhs_atoms) != 1 or any(n.kind in ("func", "open", "num", "word") for n in lhs):
        return _unlinked(src, nodes, _fixed(R_MANY_LHS), hint)
    target = lhs_atoms[0]
    tv = view(target)
    written = src[target.start : target.end]
    if tv.letter in ("h", "c") and tv.index == "0":
        return _unlinked(src, nodes, _fixed(R_INITIAL), hint)
    lhs_role = role(tv)
    if lhs_role is None or lhs_role not in _GATE_ROLES | {"h"}:
        text = f"모델 수식이 아님: 왼쪽의 {written}은(는) 모델이 계산하는 값이 아님"
        return _unlinked(src, nodes, _Reason(text, "not-computed", (("symbol", written),)), hint)
    return _link_structure(src, nodes, rhs, lhs_role, written, hint)


def _link_structure(
    src: str, nodes: list[Node], rhs: list[Node], lhs_role: str, written: str, hint: NoteHint
) -> Link:
    roles = {r for n in rhs if n.kind == "atom" and (r := role(view(n)))}
    has_act = any(n.kind == "func" and n.value in ACTIVATIONS for n in rhs)
    # An activation of the input and/or the previous state (notes abbreviate: ``σ(W_{if}x_t+b_{if})``).
    affine = has_act and bool({"x", "h_prev"} & roles)
    fits = {
        "lstm": (lhs_role in "ifgo" and affine)
        or (lhs_role == "c" and "c_prev" in roles and bool(roles & set("fig")))
        or (lhs_role == "h" and {"o", "c"} <= roles),
        "gru": (lhs_role in "rzn" and affine) or (lhs_role == "h" and {"z", "h_prev"} <= roles),
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
            text = f"모델 수식이 아님: 오른쪽이 {written}의 계산식 형태가 아님"
            return _unlinked(src, nodes, _Reason(text, "not-a-formula", (("symbol", written),)), hint)
        model = next(iter(words)) if len(words) == 1 else hint.model
        if model is None:
            return _unlinked(src, nodes, _ambiguous(written), hint)
        link = _build(src, nodes, rhs, model, "h", hint, from_note=not words)
        remark = "일반적인 점화식: 모델은 " + ("식에 적힌 이름으로" if words else "노트에서") + " 정했습니다."
        code = "generic-model-from-equation" if words else "generic-model-from-note"
        return Link(
            link.quantity, None, None, model, link.symbols, remark, link.from_note, remark_codes=(code,)
        )
    return _build(src, nodes, rhs, models[0], lhs_role, hint, from_note=from_note)


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
    concat = _has_concat(rhs)
    notation = _notation(nodes, concat, hint)
    gate = "h" if model == "rnn" else lhs_role
    symbols = _symbols(src, nodes, model, gate=gate, concat=concat, d2l=notation == "d2l")
    name = f"{model}.{lhs_role}"
    remarks = _remarks(model, lhs_role, notation, rhs)
    remark = " ".join(_REMARKS[code] for code in remarks) or None
    return Link(name, None, notation, model, symbols, remark, from_note, remark_codes=remarks)


def _symbols(
    src: str, nodes: Sequence[Node], model: str | None, *, gate: str | None, concat: bool, d2l: bool
) -> list[Symbol]:
    out = []
    for n in nodes:
        if n.kind != "atom" or n.font == "mathbb":  # \mathbb{R} is a set, not a symbol
            continue
        q, transposed = (
            quantity(view(n), model, gate=gate, concat=concat, d2l=d2l) if model else (None, False)
        )
        out.append(Symbol(src[n.start : n.end], q, transposed))
    return out


def _unlinked(src: str, nodes: Sequence[Node], reason: _Reason, hint: NoteHint) -> Link:
    symbols = _symbols(src, nodes, hint.model, gate=None, concat=False, d2l=False)
    return Link(None, reason.text, symbols=symbols, reason_code=reason.code, reason_args=dict(reason.args))


def _ambiguous(written: str) -> _Reason:
    text = (
        f"모델을 정할 수 없음: {written}은(는) LSTM·GRU·RNN에 모두 있음 "
        "(front matter에 tensornote: {model: lstm} 처럼 적어 주세요)"
    )
    return _Reason(text, "ambiguous-model", (("symbol", written),))


def _without_equals(src: str, nodes: list[Node], hint: NoteHint) -> Link:
    """An equation with no ``=``: a shape statement, a lone symbol (``$c_t$``, ``$H_in$``) or a fragment."""
    ops = {n.value for n in nodes if n.kind == "op"}
    if {"partial", "nabla"} & ops:
        return _unlinked(src, nodes, _fixed(R_GRADIENT), hint)
    if "in" in ops:
        return _unlinked(src, nodes, _fixed(R_SHAPE), hint)
    if _SIZE_NAME.fullmatch(src):  # "$H_in$" (no braces) reads as H_i times n; it is one size name
        return Link(None, R_SIZE, symbols=[Symbol(src.strip(), None)], reason_code=REASON_CODES[R_SIZE])
    significant = [n for n in nodes if not (n.kind == "op" and n.value in ",.;:")]
    if _is_shape_tuple(nodes):
        return _unlinked(src, nodes, _fixed(R_SHAPE), hint)
    if len(significant) != 1 or significant[0].kind != "atom":
        return _unlinked(src, nodes, _fixed(R_NO_EQUALS), hint)
    atom = significant[0]
    v = view(atom)
    if is_size_symbol(v, atom):
        return _unlinked(src, nodes, _fixed(R_SIZE), hint)
    r = role(v)
    if r is None:
        return _unlinked(src, nodes, _fixed(R_UNKNOWN_SYMBOL), hint)
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
        return _unlinked(src, nodes, _fixed(R_LONE), hint)
    if model is None:
        return _unlinked(src, nodes, _ambiguous(written), hint)
    notation = _notation(nodes, False, hint)
    q, _ = quantity(v, model, gate=None, concat=False, d2l=notation == "d2l")
    if q not in QUANTITIES:
        return _unlinked(src, nodes, _fixed(R_UNKNOWN_SYMBOL), hint)
    return Link(q, None, notation, model, [Symbol(written, q)], None, from_note=r == "h")


def _not_model(src: str, lhs: list[Node], rhs: list[Node]) -> _Reason | None:
    """Recognise the usual non-model equations of a study note; None when it may be a model equation."""
    everything = lhs + rhs
    ops = {n.value for n in everything if n.kind == "op"}
    lhs_ops = {n.value for n in lhs if n.kind == "op"}
    funcs = {n.value for n in rhs if n.kind == "func"}
    lhs_atoms = [n for n in lhs if n.kind == "atom"]
    lhs_words = " ".join(n.value for n in lhs if n.kind in ("word", "func")).lower()
    if {"partial", "nabla"} & ops or "'" in lhs_ops or any("'" in (n.sup or "") for n in lhs_atoms):
        return _fixed(R_GRADIENT)
    if "frac" in lhs_ops and any(n.kind == "atom" and n.base == "d" and not n.sub for n in lhs):
        return _fixed(R_GRADIENT)
    has_sum = "sum" in ops
    has_log = bool({"log", "ln"} & funcs)
    first = lhs_atoms[0] if lhs_atoms else None
    loss_letter = first is not None and (first.base in ("L", "J", "E", "ell") or first.font == "mathcal")
    if (
        re.search(r"loss|손실|cross|\bce\b|\bnll\b", lhs_words)
        or (has_sum and has_log)
        or (loss_letter and (has_sum or has_log or (first is not None and first.font == "mathcal")))
    ):
        return _fixed(R_LOSS)
    head = next((n for n in lhs if n.kind not in ("open", "close")), None)
    if head is not None and head.kind == "func" and not any(role(view(n)) for n in lhs_atoms):
        name = _R_ACTIVATION.get(head.value, head.value)
        english = _ACTIVATION_NAMES.get(head.value, head.value)
        return _Reason(f"모델 수식이 아님: {name} 함수의 정의", "function-definition", (("name", english),))
    exp = "exp" in funcs or any(n.kind == "atom" and n.base == "e" and n.sup for n in rhs)
    if exp and not any(role(view(n)) for n in everything if n.kind == "atom"):
        return _Reason(
            "모델 수식이 아님: 활성화 함수의 정의", "function-definition", (("name", "activation"),)
        )
    if (
        "|" in lhs_ops
        or "in" in ops
        or re.search(r"shape|size|dim|크기|모양", lhs_words)
        or any(n.kind == "op" and n.value in ("\\dim", "\\operatorname") for n in lhs)
    ):
        return _fixed(R_SHAPE)
    if _is_shape_tuple(lhs):
        return _fixed(R_SHAPE)
    if (
        len(lhs_atoms) == 1
        and len([n for n in lhs if n.kind != "op"]) == 1
        and is_size_symbol(view(lhs_atoms[0]), lhs_atoms[0])
    ):
        return _fixed(R_SIZE)
    if _SIZE_NAME.fullmatch(src[: lhs[-1].end if lhs else 0]):
        return _fixed(R_SIZE)
    return None


def _is_shape_tuple(nodes: list[Node]) -> bool:
    """``(N, H_{in})``, ``|x_t|``: a tuple of sizes, or bars around a symbol."""
    atoms = [n for n in nodes if n.kind == "atom"]
    if not atoms:
        return False
    bars = sum(1 for n in nodes if n.kind == "op" and n.value == "|")
    if bars == 2 and nodes[0].kind == "op" and nodes[-1].kind == "op" and len(atoms) == 1:
        return True
    tuple_like = nodes[0].kind == "open" and any(n.kind == "op" and n.value == "," for n in nodes)
    return tuple_like and all(is_size_symbol(view(n), n) for n in atoms)


def _has_concat(rhs: list[Node]) -> bool:
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
        if "x" in inside and ("h_prev" in inside or "h" in inside) and (n.value == "[" or comma):
            return True
    return False


def _notation(nodes: list[Node], concat: bool, hint: NoteHint) -> str | None:
    """The equation's own evidence first (concatenation, d2l's ``W_{x·}``/bold/``X_t``, PyTorch's
    ``W_{i·}``), then the note's notation for equations without weights."""
    if concat:
        return "concat"
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
    return hint.notation


_REMARKS = {  # Korean, for the CLI and Link.remark; the UI words remark_codes itself
    "d2l-transposed": (
        "d2l 표기: 가중치를 오른쪽에서 곱하므로 PyTorch 가중치의 전치입니다 (예: W_xi = W_iiᵀ)."
    ),
    "concat": (
        "이어 붙인 형태: W·[h_{t-1}, x_t]의 W는 PyTorch의 W_h·와 W_i·를 옆으로 이어 붙인 행렬이고, "
        "b는 두 편향의 합입니다."
    ),
    "gru-z-flipped": (
        "이 식의 z_t는 PyTorch의 1 − z_t에 해당합니다 (PyTorch: h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1})."
    ),
    "gru-reset-before-weights": (
        "리셋 게이트를 가중치 곱 앞에 적용하는 형태입니다. PyTorch는 r_t ⊙ (W_hn h_{t-1} + b_hn)로 "
        "계산하므로 값이 조금 다릅니다."
    ),
}


def _remarks(model: str, gate: str, notation: str | None, rhs: list[Node]) -> tuple[str, ...]:
    codes: list[str] = []
    if notation == "d2l":
        codes.append("d2l-transposed")
    if notation == "concat":
        codes.append("concat")
    if model == "gru" and gate == "h" and _follows(rhs, "z", "h_prev", through_one_minus=True):
        codes.append("gru-z-flipped")
    if model == "gru" and gate == "n" and _follows(rhs, "r", "h_prev"):
        codes.append("gru-reset-before-weights")
    return tuple(codes)


def _follows(rhs: list[Node], first: str, then: str, *, through_one_minus: bool = False) -> bool:
    """Whether the next symbol after a ``first`` symbol is a ``then`` symbol (``r_t ⊙ h_{t-1}``);
    with ``through_one_minus``, only a ``first`` inside ``(1 - z_t)`` counts."""
    atoms = [(k, n) for k, n in enumerate(rhs) if n.kind == "atom"]
    for idx, (k, n) in enumerate(atoms):
        if role(view(n)) != first:
            continue
        if through_one_minus:
            before = [m for m in rhs[max(0, k - 2) : k]]
            if not (
                len(before) == 2
                and before[0].kind == "num"
                and before[0].value == "1"
                and before[1].value == "-"
            ):
                continue
        if idx + 1 < len(atoms) and role(view(atoms[idx + 1][1])) == then:
            return True
    return False

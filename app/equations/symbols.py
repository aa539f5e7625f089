"""What a written symbol means in a recurrent cell, across the notations students copy from.

A symbol is first given a model-agnostic *role* (``x``, ``h_prev``, ``c_prev``, a gate letter, ``W``/``U``/
``b`` with a label), then, once the equation's model and notation are known, a trace quantity name
(CONTRACTS §3). Keeping the two steps apart is what lets one table serve PyTorch's docs, d2l and the
concatenated (colah) form: they differ in letters (``\\mathbf{X}_t`` vs ``x_t``, ``\\tilde{C}_t`` vs
``g_t``), in weight labels (``W_{xi}`` vs ``W_{ii}`` vs ``W_i``) and in orientation (d2l multiplies on the
right, so its weights are PyTorch's transposed).

Naming decisions beyond the contract's list (documented for the panel):
- a bias written once per gate (d2l's ``b_i``, the concatenated ``b_f``, Wikipedia's ``b_f``) is the sum
  of PyTorch's two biases and is named ``<model>.b_<gate>``; a concatenated weight ``W_f`` (acting on
  ``[h_{t-1}, x_t]``) is ``<model>.W_<gate>``; for the RNN they are
  ``rnn.W`` and ``rnn.b`` (the names the panel's resolver builds);
- the GRU's candidate is ``n`` everywhere (d2l's ``\\tilde{H}_t`` and its ``W_{xh}``/``W_{hh}``/``b_h``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from app.equations.latex import Node

MODELS = ("lstm", "gru", "rnn")
GATES = {"lstm": "ifgo", "gru": "rzn", "rnn": "h"}
# The letter a notation uses for a gate, mapped to PyTorch's letter.
_GATE_ALIAS = {"lstm": {"c": "g", "u": "i"}, "gru": {"h": "n", "u": "z", "c": "n"}, "rnn": {}}
# Ng's update gate \Gamma_u in each model; in Ng's GRU the memory cell c is the state (c = a = h) and
# \tilde{c} the candidate (PyTorch's n)
UPDATE = {("lstm", "u"): "i", ("gru", "u"): "z", ("gru", "c"): "h", ("gru", "g"): "n"}
_TILDES = frozenset({"tilde", "hat"})
_TIME_SUB = re.compile(r"^\(?(t)(-1)?\)?$")
# Andrew Ng's time superscripts: a^{<t>}, c^{\langle t-1 \rangle}
_ANGLE_SUP = re.compile(r"^(?:<|\\langle)\s*t\s*(-\s*1)?\s*(?:>|\\rangle)$")
_NG_GATES = frozenset("fouri")  # Ng's \Gamma_f, \Gamma_o, \Gamma_u (update), \Gamma_r, \Gamma_i
_LAYER_SUP = re.compile(r"^\((?:\\?ell|l)(-1)?\)$")  # PyTorch's h_t^{(l-1)}: the layer below's output
_SIZE_SUBS = frozenset({"in", "out", "cell", "hidden", "proj", "input", "output", "h", "x", "layers"})


@dataclass(frozen=True)
class View:
    """The parts of a written symbol that decide its meaning."""

    letter: str  # lower-case Latin letter, or a Greek name
    upper: bool
    bold: bool
    tilde: bool  # \tilde / \hat: the candidate (d2l's \tilde{C}_t, \tilde{H}_t)
    time: str | None  # "t" | "t-1" | None
    label: str | None  # a non-time subscript, lower-cased: "if", "xi", "f"
    transposed: bool  # ^T, ^\top
    index: str | None  # a subscript that is a number or other index ("0", "n")
    layer: str | None = None  # "l-1" for ``h^{(l-1)}_t`` (the layer's input), "l" for ``h^{(l)}_t``
    angle: bool = False  # Ng's time superscript ``^{<t>}``: there a GRU's ``c`` is its state


@functools.lru_cache(maxsize=8192)
def view(node: Node) -> View:
    """Read the role-relevant parts of an atom (``h^{(t-1)}`` and ``h_{(t-1)}`` are the previous step)."""
    sub = (node.sub or "").replace(",", "")
    sup = node.sup or ""
    time: str | None = None
    label: str | None = None
    index: str | None = None
    if m := _TIME_SUB.match(sub):
        time = "t-1" if m.group(2) else "t"
        sub = ""
    transposed = False
    layer: str | None = None
    angle = False
    base = node.base
    if m := _ANGLE_SUP.match(sup.strip()):
        # Andrew Ng's notation: x^{<t>}, and a^{<t>} is the hidden state (h_t); the gates are \Gamma_·
        time, sup, angle = ("t-1" if m.group(1) else "t"), "", True
        base = "h" if base == "a" else base
    if base == "Gamma" and sub in _NG_GATES and time is None:
        base, sub, time = sub, "", "t"  # \Gamma_f is f_t; \Gamma_u (update) is role "u"
    for part in re.findall(r"\([^)]*\)|T|'|[^()T']+", sup):
        if part == "T":
            transposed = not transposed
        elif m := _LAYER_SUP.match(part):
            layer = "l-1" if m.group(1) else "l"
        elif (m := _TIME_SUB.match(part)) and part.startswith("(") and time is None:
            time = "t-1" if m.group(2) else "t"
    if sub:
        if re.fullmatch(r"[A-Za-z]{1,2}", sub):
            label = sub.lower()
        else:
            index = sub
    single = len(base) == 1 and base.isascii()
    return View(
        letter=base.lower() if single else base,
        upper=single and base.isupper(),
        bold=node.bold,
        tilde=node.accent in _TILDES,
        time=time,
        label=label,
        transposed=transposed,
        index=index,
        layer=layer,
        angle=angle,
    )


def role(v: View) -> str | None:
    """The model-agnostic role: ``x``, ``h_prev``, ``c_prev``, a gate letter (``i f g o c h r z n``),
    ``W``/``U``/``b`` (parameters), or None. ``\\tilde{C}_t`` is ``g`` and ``\\tilde{H}_t`` is ``n``."""
    if v.time == "t":
        if v.layer == "l-1" and v.letter == "h" and not v.tilde:
            return "x"  # x_t^{(l)} = h_t^{(l-1)}: the output of the layer below is this layer's input
        if v.tilde:
            return {"c": "g", "h": "n"}.get(v.letter)
        if v.letter in ("x", "i", "f", "g", "o", "c", "h", "r", "z", "n", "u"):
            return v.letter  # "u": Ng's update gate, the LSTM's i or the GRU's z
        return None
    if v.time == "t-1" and not v.tilde:
        return {"h": "h_prev", "c": "c_prev"}.get(v.letter)
    if v.time is None and v.index is None and not v.tilde:
        if v.letter == "w" and (v.upper or v.bold):
            return "W"
        if v.letter == "u" and v.upper:
            return "U"
        if v.letter == "b" and not v.upper:
            return "b"
    return None


def is_size_symbol(v: View, node: Node) -> bool:
    """``N``, ``L``, ``D``, ``H_{in}``, ``h_{cell}``: sizes in the PyTorch docs' tables, not tensors."""
    sub = (node.sub or "").lower()
    if v.time is None and sub in _SIZE_SUBS and v.letter in ("h", "d", "n", "l", "x", "y"):
        return node.base.isupper() or sub not in ("h", "x")
    # PyTorch's N L D H; d2l's n (batch), d (inputs), h (hiddens), q (outputs)
    sizes = ("N", "L", "D", "H", "T", "B", "n", "d", "h", "q")
    return node.sub is None and node.sup is None and node.base in sizes


def quantity(v: View, model: str, *, gate: str | None, concat: bool, d2l: bool) -> tuple[str | None, bool]:
    """The trace name of a symbol in ``model`` and whether the written symbol is the parameter transposed.

    ``gate`` is the equation's own gate (a label-less ``W`` in ``\\tilde{h}_t = \\tanh(W\\cdot[…])`` is that
    gate's weight); ``concat`` says the equation multiplies ``[h_{t-1}, x_t]``; ``d2l`` says weights are
    written on the right (d2l's ``X_t W_{xi}``), i.e. transposed relative to PyTorch.
    """
    r = role(v)
    if r is None:
        return None, False
    if r == "x":
        return f"{model}.x", False
    if r == "h_prev":
        return f"{model}.h_prev", False
    if r == "c_prev":  # in a GRU only Ng's notation writes c: its state
        if model == "gru" and v.angle:
            return "gru.h_prev", False
        return ("lstm.c_prev", False) if model == "lstm" else (None, False)
    if model == "gru" and r == "c" and not v.angle:
        return None, False
    if r in ("W", "U", "b"):
        name = _parameter(r, v.label, model, gate=gate, concat=concat)
        if name is None:
            return None, False
        transposed = r != "b" and (d2l != v.transposed)
        return name, transposed
    # a state or gate at time t
    if model == "lstm" and r in "ifgochu":
        return f"lstm.{UPDATE.get((model, r), r)}", False
    if model == "gru" and r in "rznhucg":
        return f"gru.{UPDATE.get((model, r), r)}", False
    if model == "rnn" and r == "h":
        return "rnn.h", False
    return None, False


def _parameter(r: str, label: str | None, model: str, *, gate: str | None, concat: bool) -> str | None:
    kind = "b" if r == "b" else "W"
    gates = GATES[model]
    alias = _GATE_ALIAS[model]
    if label is not None and len(label) == 2 and label[0] in "ixh":
        source = "h" if label[0] == "h" else "i"
        g = alias.get(label[1], label[1])
        if model == "rnn":
            return f"rnn.{kind}_{source}h" if label[1] == "h" else None
        if model == "lstm" and label == "hr" and kind == "W":
            return "lstm.W_hr"  # the projection of proj_size > 0
        return f"{model}.{kind}_{source}{g}" if g in gates else None
    if label is not None and len(label) != 1:
        return None
    if model == "rnn":
        return _rnn_parameter(r, label, concat=concat)
    letter = gate if label is None else alias.get(label, label)
    if letter is None or letter not in gates:
        return None
    g = letter
    if r == "U":  # Wikipedia's U_f h_{t-1}: the hidden-to-hidden weight
        return f"{model}.W_h{g}"
    if kind == "W" and not concat:  # Wikipedia's W_f x_t
        return f"{model}.W_i{g}"
    return f"{model}.{kind}_{g}"


def _rnn_parameter(r: str, label: str | None, *, concat: bool) -> str | None:
    """The RNN has one "gate": ``W_x``/``W_h`` (or ``W``/``U``) are its two weights, ``W·[h_{t-1}, x_t]``
    is ``rnn.W`` and a single bias ``b``/``b_h`` is ``rnn.b`` (= b_ih + b_hh)."""
    if label not in (None, "h", "x", "a"):  # Ng's b_a: a is the hidden state
        return None
    if r == "b":
        return "rnn.b" if label != "x" else None
    if r == "U":
        return "rnn.W_hh"
    if concat:
        return "rnn.W"
    return "rnn.W_hh" if label == "h" else "rnn.W_ih"

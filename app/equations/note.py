"""Link every equation of a note, letting the note settle what single equations cannot.

A lone ``$h_t$`` or ``h_t = f(x_t, h_{t-1})`` could be any of the three cells, and ``c_t = f_t ⊙ c_{t-1} + …``
carries no notation. The note answers, in this order:
1. the front-matter pin ``tensornote: {model: lstm, notation: d2l}`` (the user's explicit word);
2. a hint from the caller (e.g. the panel, which knows the model the kernel actually holds);
3. the note's other equations: the gated cell (LSTM or GRU) that most equations define by structure;
4. the note's code: ``nn.LSTM`` / ``nn.GRU`` / ``nn.RNN`` (a light regex: the real config inference lives in
   ``app.engine``, a higher layer this one may not import);
5. RNN equations, when nothing else names a model.
Sections come first (``app.equations.modules``): an equation is about its own section's model, so in a
note that explains RNN, LSTM and GRU in turn, a lone ``$h_t$`` under the GRU heading is ``gru.h``; only the
pin beats the section. Each linked equation also names the note module it traces (``module``: an index
into the modules the caller passed, or the light code scan's). A continuation row (``&= …``) is linked
with the left side of the row it continues (``app.equations.continuation``).
The notation of an equation without weights (``c_t = f_t ⊙ c_{t-1} + …``) is the pin's, else that of the
nearest earlier equation that shows its notation (notes keep one notation per section: the case-12 note
has PyTorch's rows, then d2l's), else the nearest later one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.equations.continuation import continued
from app.equations.linker import NOTATIONS, Link, NoteHint, Symbol, link_equation
from app.equations.modules import ModuleLike, Scoper, code_modules
from app.equations.symbols import MODELS
from app.i18n import messages
from app.i18n import text as worded
from app.markup.blocks import parse_front_matter
from app.markup.mathscan import Equation, scan_equations

_CODE_MODEL = re.compile(r"\b(?:torch\.)?nn\.(LSTM|GRU|RNN)(?:Cell)?\b")
_NOTATION_ALIASES = {
    "torch": "pytorch",
    "pytorch": "pytorch",
    "d2l": "d2l",
    "concat": "concat",
    "concatenated": "concat",
    "colah": "concat",
}


@dataclass(frozen=True)
class LinkedEquation:
    """CONTRACTS §3: one per ``scan_equations`` entry, same order and ids."""

    equation: Equation
    quantity: str | None
    reason: str | None
    notation: str | None
    model: str | None
    symbols: list[Symbol]
    remark: str | None = None  # a Korean note for the panel (d2l transposition, concatenation, …)
    reason_code: str | None = None  # the reason as a stable code (app.equations.linker.REASON_CODES …)
    reason_args: dict[str, str] = field(default_factory=dict)  # the code's arguments ({"symbol": "y_t"})
    remark_codes: tuple[str, ...] = ()  # the remark's sentences as codes, for a UI in another language
    module: int | None = None  # the note module it traces (index into the modules linked against)

    @property
    def id(self) -> str:
        return self.equation.id


messages({
    "pin.form": ("front matter의 tensornote는 {{model: lstm, notation: d2l}} 형식이어야 합니다.",
                 "The front matter's tensornote must look like {{model: lstm, notation: d2l}}."),
    "pin.model": ("model '{model}'(lstm/gru/rnn 중 하나)", "model '{model}' (one of lstm/gru/rnn)"),
    "pin.notation": ("notation '{notation}'({choices} 중 하나)", "notation '{notation}' (one of {choices})"),
    "pin.unreadable": ("front matter의 tensornote를 읽지 못했습니다: {problems}",
                       "The front matter's tensornote could not be read: {problems}"),
})


def pinned_hint(text: str) -> tuple[NoteHint, str | None]:
    """The front-matter pin and, when the pin is malformed, a one-line warning in the user's language."""
    data = parse_front_matter(text).data.get("tensornote")
    if data is None:
        return NoteHint(), None
    if isinstance(data, str):
        data = {"model": data}
    if not isinstance(data, dict):
        return NoteHint(), worded("pin.form")
    model = str(data.get("model") or "").strip().lower() or None
    notation_raw = str(data.get("notation") or "").strip().lower() or None
    notation = _NOTATION_ALIASES.get(notation_raw) if notation_raw else None
    problems = []
    if model is not None and model not in MODELS:
        problems.append(worded("pin.model", model=model))
        model = None
    if notation_raw is not None and notation is None:
        problems.append(worded("pin.notation", notation=notation_raw, choices="/".join(NOTATIONS)))
    warning = worded("pin.unreadable", problems=", ".join(problems)) if problems else None
    return NoteHint(model, notation, pinned=model is not None or notation is not None), warning


def code_model(text: str) -> str | None:
    """The recurrent module the note's code builds (``nn.LSTM(…)``), when one kind is most frequent."""
    counts = Counter(m.group(1).lower() for m in _CODE_MODEL.finditer(text))
    ranked = counts.most_common()
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def note_hint(text: str, first_pass: list[Link], hint: NoteHint | None = None) -> NoteHint:
    """Combine the pin, the caller's hint, the equations and the code into the hint for a second pass."""
    pin, _ = pinned_hint(text)
    model = pin.model or (hint.model if hint else None)
    structural = [link.model for link in first_pass if link.model and not link.from_note]
    if model is None:
        gated = Counter(m for m in structural if m in ("lstm", "gru")).most_common()
        code = code_model(text)
        if gated and (len(gated) == 1 or gated[0][1] > gated[1][1]):
            model = gated[0][0]
        elif gated and code in {m for m, _ in gated}:
            model = code
        elif gated:
            model = next(m for m in structural if m in ("lstm", "gru"))
        else:
            model = code or ("rnn" if "rnn" in structural else None)
    notation = pin.notation or (hint.notation if hint else None)
    if notation is None:
        seen = Counter(link.notation for link in first_pass if link.notation).most_common(1)
        notation = seen[0][0] if seen else None
    return NoteHint(model, notation, pinned=pin.pinned)


def _nearby_notations(first_pass: list[Link], context: NoteHint) -> list[str | None]:
    """For each equation, the notation shown by the nearest earlier equation (else later one) of the
    first pass, else the context's. One sweep each way (linear in the note's equations: a scan from
    every equation was quadratic, ~4 s on a 2 MB note)."""
    n = len(first_pass)
    earlier: list[str | None] = [None] * n
    seen: str | None = None
    for k in range(n):
        earlier[k] = seen
        seen = first_pass[k].notation or seen
    out: list[str | None] = [None] * n
    seen = None
    for k in range(n - 1, -1, -1):
        out[k] = earlier[k] or seen or context.notation
        seen = first_pass[k].notation or seen
    return out


def _latexes(equations: list[Equation]) -> list[str]:
    """Each equation's LaTeX to link: a continuation row gets the left side of the row it continues."""
    out = [eq.latex for eq in equations]
    blocks: dict[str, list[int]] = {}
    for k, eq in enumerate(equations):
        if eq.kind == "row" and eq.block:
            blocks.setdefault(eq.block, []).append(k)
    for members in blocks.values():
        for k, latex in zip(members, continued([out[k] for k in members]), strict=True):
            out[k] = latex
    return out


def link_note(
    text: str, *, hint: NoteHint | None = None, modules: Sequence[ModuleLike] | None = None
) -> list[LinkedEquation]:
    """Link every equation of the note (two passes: the equations alone, then with the note's context).

    ``modules`` are the note's modules (anything with ``line`` and ``kind``, e.g. the engine's inferred
    ones) in the order whose indices ``LinkedEquation.module`` uses; None scans the code lightly."""
    equations = scan_equations(text)
    latexes = _latexes(equations)
    pin, _ = pinned_hint(text)
    first = [link_equation(latex, hint=pin) for latex in latexes]
    context = note_hint(text, first, hint)
    mods: Sequence[ModuleLike] = code_modules(text) if modules is None else modules
    structural = [  # what the section's own equations define by structure (not lone symbols)
        (eq.lines[0], link.model if link.quantity and not link.from_note and "=" in latex else None)
        for eq, link, latex in zip(equations, first, latexes, strict=True)
    ]
    scoper = Scoper(text, mods, structural)
    nearby = [] if pin.notation else _nearby_notations(first, context)
    hints: dict[tuple[str | None, str | None], NoteHint] = {}  # one hint per (notation, section model)
    out = []
    for k, eq in enumerate(equations):
        notation = context.notation if pin.notation else nearby[k]
        section = None if pin.model else scoper.section_model(eq.lines[0])
        local = hints.get((notation, section))
        if local is None:
            local = context if pin.notation else replace(context, notation=notation)
            if section is not None:
                local = replace(local, model=section)
            hints[(notation, section)] = local
        link = link_equation(latexes[k], hint=local)
        out.append(
            LinkedEquation(
                eq,
                link.quantity,
                link.reason,
                link.notation,
                link.model,
                link.symbols,
                link.remark,
                reason_code=link.reason_code,
                reason_args=link.reason_args,
                remark_codes=link.remark_codes,
                module=scoper.module_for(eq.lines[0], link.model) if link.quantity else None,
            )
        )
    return out

"""Every shape claim of a note judged on the note's own module: ``evaluate_note`` (``shapes.evaluate``).

The module is the one of the claim's section (``scope``: built in its section, else the nearest above,
else the panel's module, ``app.engine.serve.note_module``: the user's live object after a run, else the
first one inferred from the note's code), of the kind the section's heading names when it names one (a
``## nn.GRU`` section is judged on a GRU of the same sizes). Each row says which (``module``: its index in
``python -m app model``'s order, ``model``, ``kind``), so that a click on its badge opens the panel there.
Its input is the panel's sample (``normalise_input_spec``: the seed's digit, N = 1, L = 28).
``forward.measure`` runs it; this module decides, for each claim, which tensor it names, whether its
condition is this model's case, and hands the axes to ``app.equations.shapes.judge``.

Nothing of the note runs here: only the module (built from the inferred config, or already built by the
user's own run) is called on sample inputs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import time
from collections import OrderedDict
from typing import Any

from app.engine.claims.forward import Shapes, measure
from app.engine.claims.scope import claim_modules
from app.engine.serve import normalise_input_spec, note_module, sample_input
from app.equations.shapes import STANDARD, Claim, Legend, NoteClaims, Probe, Verdict, find_claims, judge
from app.i18n import coded, messages, text

messages(
    {
        "shapes.why.not_model": (
            "이 모델의 경우가 아닙니다({condition}): 노트의 모델은 {model}",
            "not this model ({condition}): the note's model is {model}",
        ),
        "shapes.why.no_subject": (
            "어떤 텐서의 모양인지 문맥에서 알 수 없습니다",
            "the context does not say which tensor this shape is",
        ),
        "shapes.why.not_run": (
            "코드의 {name}: 블록을 실행하면 그 줄이 만든 텐서와 비교합니다",
            "{name} in code: checked against the tensor its line makes when the block runs",
        ),
        "shapes.why.no_tensor": ("이 모델에는 {subject}이(가) 없습니다", "this model has no {subject}"),
    }
)

CACHE_SIZE = 8  # a note with several modules measures each once
_CACHE: OrderedDict[str, tuple[Shapes, str]] = OrderedDict()  # by module identity, config and input
_FAST: OrderedDict[str, tuple[Shapes, str]] = OrderedDict()  # by note text, arguments and live object
_MODULES: OrderedDict[str, list[Any]] = OrderedDict()  # note text digest -> its modules
RE_PARAM = re.compile(r"^(weight|bias)_(ih|hh|hr)_l(\[k\]|k|\d+)(_reverse)?$")


def _note_text(note_path: str, text_: str | None) -> str:
    if text_ is not None:
        return text_
    from app.engine import notestate

    if notestate.STATE.path == note_path and notestate.STATE.text:
        return notestate.STATE.text
    from app.vault import read_note

    return read_note(note_path).text


def module_shapes(
    note_path: str,
    kind: str | None,
    input_spec: dict[str, Any] | None,
    module: int | None = None,
    chosen: bool = False,
) -> tuple[Shapes, str]:
    """The measured shapes of the note's module (``module``: its index in ``python -m app model``'s order;
    of ``kind`` when given) and its description; cached by module identity, config and input, so a second
    call costs no forward. ``chosen``: the inferred module even when the user's code built a live one."""
    fast = _fast_key(note_path, kind, input_spec, module, chosen)
    if fast in _FAST:
        _FAST.move_to_end(fast)
        return _FAST[fast]
    found = _measured(note_path, kind, input_spec, module, chosen)
    _FAST[fast] = found
    while len(_FAST) > CACHE_SIZE:
        _FAST.popitem(last=False)
    return found


def _fast_key(
    note_path: str, kind: str | None, input_spec: dict[str, Any] | None, module: int | None, chosen: bool
) -> str:
    """Everything ``note_module`` decides by: the note's text (as the kernel reads it), the arguments and
    the user's live object. Reading the note's code again costs ~20 ms a module; this key costs a hash."""
    from app.engine import notestate

    state = notestate.STATE
    text_ = state.text if state.path == note_path and state.text else _note_text(note_path, None)
    live = state.module if state.path in (None, note_path) else None
    record = state.model.repr if state.model is not None else None
    digest = hashlib.sha1(text_.encode("utf-8")).hexdigest()
    return json.dumps([note_path, digest, kind, module, chosen, input_spec, id(live), record],
                      sort_keys=True, default=str)  # fmt: skip


def _measured(
    note_path: str, kind: str | None, input_spec: dict[str, Any] | None, module: int | None, chosen: bool
) -> tuple[Shapes, str]:
    built = note_module(note_path, {}, kind, module, chosen)
    spec = normalise_input_spec(built.config, input_spec or {})
    key = json.dumps([built.identity, dataclasses.asdict(built.config), spec], sort_keys=True, default=str)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    torch_module = built.module().eval()
    x = sample_input(built.config, spec)
    described = str(built.origin.get("object") or built.config.describe())
    found = (measure(torch_module, built.config, x), described)
    _CACHE[key] = found
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return found


def _not_model(claim: Claim, shapes: Shapes) -> str | None:
    """The part of the claim's condition that this module is not, or None when it applies."""
    cond, c = claim.condition, shapes.config
    if cond.batch_first is not None and cond.batch_first != c.batch_first:
        return f"batch_first={cond.batch_first}"
    if cond.bidirectional is not None and cond.bidirectional != c.bidirectional:
        return "bidirectional" if cond.bidirectional else "bidirectional=False"
    if cond.proj is not None and cond.proj != bool(c.proj_size):
        return "proj_size > 0" if cond.proj else "proj_size = 0"
    if cond.layer0 is False and c.num_layers == 1:
        return "k > 0"
    return None


def _param(claim: Claim, shapes: Shapes) -> tuple[str, tuple[int, ...]] | None:
    m = RE_PARAM.match(claim.quantity or "")
    if m is None:
        return None
    layer = m.group(3)
    if not layer.isdigit():
        layer = "1" if claim.condition.layer0 is False else "0"
    name = f"{m.group(1)}_{m.group(2)}_l{layer}{m.group(4) or ''}"
    shape = shapes.params.get(name)
    return (name, shape) if shape is not None else None


def _batched(claim: Claim, legend: Legend, shapes: Shapes) -> bool:
    """The claim's own word, else whether it writes a batch axis, else its number of axes."""
    if claim.condition.batched is not None:
        return claim.condition.batched
    if any(isinstance(f, str) and legend.role(f) == "batch" for a in claim.axes for f in a.factors):
        return True
    quantity = claim.quantity or ""
    one, many = shapes.unbatched.get(quantity), shapes.batched.get(quantity)
    if one is None or many is None:
        return True
    return not len(claim.axes) == len(one.real) != len(many.real)


def judge_claim(claim: Claim, legend: Legend, shapes: Shapes, model: str) -> Verdict:
    """One claim on one measured module (see the module docstring)."""
    if claim.quantity is None:
        why = (coded("shapes.why.not_run", name=claim.subject) if claim.where == "code" and claim.subject
               else coded("shapes.why.no_subject"))  # fmt: skip
        return Verdict(None, None, None, why)
    other = _not_model(claim, shapes)
    if other is not None:
        return Verdict(None, None, None, coded("shapes.why.not_model", condition=other, model=model))
    facts = shapes.model_facts()
    kw: dict[str, Any] = {
        "subject": claim.subject,
        "quantity": claim.quantity,
        "model": facts,
        "in_code": claim.where == "code",
    }
    if claim.quantity.startswith(("weight", "bias")):
        found = _param(claim, shapes)
        if found is None:
            return Verdict(None, None, None, coded("shapes.why.no_tensor", subject=claim.quantity))
        shape = found[1]
        return judge(claim.axes, legend, Probe(shape, shape), shapes.env_real, shapes.env_probe, **kw)
    batched = _batched(claim, legend, shapes)
    table = shapes.batched if batched else shapes.unbatched
    actual = table.get(claim.quantity)
    if actual is None:
        return Verdict(None, None, None, coded("shapes.why.no_tensor", subject=claim.quantity))
    return judge(claim.axes, legend, actual, shapes.env_real, shapes.env_probe, batched=batched, **kw)


def _symbols(found: NoteClaims, shapes: Shapes, verdicts: list[Verdict]) -> dict[str, int]:
    """Each symbol the note uses, with its value on the module: the legend's, PyTorch's, then solved."""
    env = shapes.env_real
    out: dict[str, int] = {}
    for shown, role in found.legend.roles.values():
        out[shown] = env[role]
    for claim in found.claims:
        for axis in claim.axes:
            for f in axis.factors:
                if isinstance(f, str):
                    used = found.legend.role(f)
                    std = STANDARD.get(_key(f))
                    if used is not None and std is not None and std[0] not in out and used in env:
                        out[std[0]] = env[used]
    for v in verdicts:
        for name, value in v.solved.items():
            out.setdefault(name, value)
    return out


def _key(name: str) -> str:
    from app.equations.shapes.names import key

    return key(name)


def evaluate_note(
    note_path: str,
    text_: str | None = None,
    input_spec: dict[str, Any] | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """``{"note", "module", "symbols", "claims": [...], "elapsed_ms"}``; each claim has the CLI's keys plus
    ``id``, ``where``, ``anchor``, ``block``, ``quantity``, ``why_code`` and ``notes`` for the UI."""
    started = time.perf_counter()
    note_text = _note_text(note_path, text_)
    found = find_claims(note_text)
    modules = _note_modules(note_text)
    where = claim_modules(note_text, modules, [c.line for c in found.claims])
    several = len(modules) > 1
    shapes_by_module: dict[tuple[str | None, int | None], tuple[Shapes, str]] = {}

    def shapes_for(kind: str | None, index: int | None) -> tuple[Shapes, str]:
        """One module's shapes; with several note modules, the section's inferred one (not the live one:
        the user's run builds one object, the note's sections describe several)."""
        if (kind, index) not in shapes_by_module:
            chosen = several and index is not None
            shapes_by_module[(kind, index)] = module_shapes(note_path, kind, input_spec, index, chosen)
        return shapes_by_module[(kind, index)]

    main, description = shapes_for(None, None)
    verdicts: list[Verdict] = []
    rows: list[dict[str, Any]] = []
    for claim, index in zip(found.claims, where, strict=True):
        family = modules[index].config.family if index is not None else main.config.family
        kind = claim.kind or (family if index is not None else None)
        shapes, model = shapes_for(kind, index) if (index is not None or kind != main.config.family) else (
            main, description)
        verdict = judge_claim(claim, found.legend, shapes, model)
        verdicts.append(verdict)
        rows.append({**_row(claim, verdict, lang), "module": index, "model": model,
                     "kind": shapes.config.family})  # fmt: skip
    return {
        "note": note_path,
        "module": description,
        "symbols": _symbols(found, main, verdicts),
        "claims": rows,
        "elapsed_ms": round((time.perf_counter() - started) * 1e3, 2),
    }


def _note_modules(note_text: str) -> list[Any]:
    """The note's modules in ``python -m app model``'s order (none when its code cannot be read)."""
    from app.engine.notecode import infer_note

    digest = hashlib.sha1(note_text.encode("utf-8")).hexdigest()
    if digest not in _MODULES:
        try:
            _MODULES[digest] = list(infer_note(note_text).modules)
        except (ValueError, SyntaxError):
            _MODULES[digest] = []
        while len(_MODULES) > CACHE_SIZE:
            _MODULES.popitem(last=False)
    return _MODULES[digest]


def _row(claim: Claim, verdict: Verdict, lang: str | None) -> dict[str, Any]:
    why = verdict.why
    return {
        "line": claim.line,
        "text": claim.text,
        "subject": claim.subject,
        "condition": claim.condition.describe(),
        "written": claim.written,
        "evaluated": verdict.evaluated,
        "actual": verdict.actual,
        "holds": verdict.holds,
        "why": None if why is None else text(why["code"], lang=lang, **why["args"]),
        "id": claim.id,
        "where": claim.where,
        "anchor": claim.anchor,
        "block": claim.block,
        "quantity": claim.quantity,
        "why_code": why,
        "notes": [text(n["code"], lang=lang, **n["args"]) for n in verdict.notes],
    }

"""Shape comments of a code block checked after the block ran, on the tensors its lines made.

``# x:[N x L x Q] => rnn_out:[N x L x D]`` under ``rnn_out,(hn,cn) = self.rnn(x, (h0,c0))`` is a claim
about two tensors of that run. The runner (``app.engine.run``) reports, for each note line that ran, the
tensors it assigned ``{name: {shape, …}}`` and, for a method block, the input it called the method with
(``bound.input.shape``). :func:`check_run` finds the block's comment claims (in the code that ran: the
panel may run unsaved edits), looks up each claim's tensor by name (the latest line at or above the comment
that made it, else the method's argument), and judges the written axes on those real numbers
(``app.equations.shapes.check_numbers``: by number only, no probe forward).

The symbols take their sizes from the module of the claim's section (``scope``; its directions, layers,
sizes) and N, L from the run itself, never from the panel's sample: the run's model input (the first
argument of the block's recurrent call, or the method's input) is (N, L, H_in) or (L, N, H_in) as the
module's batch_first says; without one, its output or h_n; without those, each claim solves N and L
from its own tensor. A name the
legend does not define is solved from the tensor (``Q = 28``) and a legend symbol in another sense is
reported as that (the comment's D = 256), exactly as for the model's own tensors.
"""

from __future__ import annotations

import ast
import textwrap
import time
from typing import Any

from app.engine.claims.evaluate import _not_model, _note_modules, _note_text, _row, module_shapes
from app.engine.claims.forward import Shapes
from app.engine.claims.scope import claim_modules
from app.engine.notecode import fix_indentation
from app.equations.shapes import Claim, Verdict, check_numbers, find_claims
from app.equations.shapes.claims import recurrent_names
from app.i18n import coded, messages, text
from app.vault.blocks import find_code_blocks

messages(
    {
        "shapes.why.not_made": (
            "이번 실행에서 {name}을(를) 만든 줄이 없습니다",
            "no line of this run made {name}",
        ),
        "shapes.why.no_block": (
            "코드 블록 {index}이(가) 노트에 없습니다",
            "the note has no code block {index}",
        ),
    }
)


def _ran_text(text: str, index: int, source: str | None) -> str | None:
    """The note with block ``index``'s content replaced by ``source`` (the code that ran); None when the
    note has no such block."""
    blocks = find_code_blocks(text)
    if not 0 <= index < len(blocks):
        return None
    if source is None:
        return text
    block = blocks[index]
    lines = text.split("\n")
    fence = lines[block.first_line - 1]
    prefix = fence[: len(fence) - len(fence.lstrip(" \t>"))]  # a fence in a quote or a list keeps its marks
    first, last = block.content_lines
    body = [prefix + line if line else prefix.rstrip() for line in source.split("\n")]
    return "\n".join(lines[: first - 1] + body + lines[last:])


def _arguments(code: str, first_line: int) -> dict[int, list[str]]:
    """For each note line inside a ``def``, the def's arguments after ``self`` (method blocks)."""
    try:
        tree = ast.parse(textwrap.dedent(fix_indentation(code, first_line)[0]))
    except SyntaxError:
        return {}
    found: dict[int, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names = [a.arg for a in node.args.args]
            names = names[1:] if names[:1] == ["self"] else names
            for n in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                found[first_line + n - 1] = names
    return found


class RunTensors:
    """The shapes a run reported, by note line and name."""

    def __init__(self, lines: list[dict[str, Any]], bound: dict[str, Any] | None, args: dict[int, list[str]]):
        self.by_line: dict[int, dict[str, list[int]]] = {}
        for entry in lines or []:
            try:
                n = int(entry["line"])
            except (KeyError, TypeError, ValueError):
                continue
            for name, info in (entry.get("tensors") or {}).items():
                if isinstance(info, dict) and isinstance(info.get("shape"), list):
                    self.by_line.setdefault(n, {})[str(name)] = [int(v) for v in info["shape"]]
        shape = ((bound or {}).get("input") or {}).get("shape")
        self.bound_input = [int(v) for v in shape] if isinstance(shape, list) else None
        self.args = args

    def find(self, name: str, line: int) -> tuple[list[int], int | None] | None:
        """(shape, the line that made it) of ``name`` as of ``line``; a method's first argument is the
        input the runner called it with (line None)."""
        for n in sorted((n for n in self.by_line if n <= line), reverse=True):
            if name in self.by_line[n]:
                return self.by_line[n][name], n
        args = self.args.get(line) or []
        if self.bound_input is not None and args[:1] == [name]:
            return self.bound_input, None
        return None


def _run_env(shapes: Shapes, tensors: RunTensors, names: dict[str, str], line: int) -> dict[str, int]:
    """The module's sizes (H_in, H, num_layers, D: the model pins them) with N and L of this run.

    N and L are the note's own (its ``batch_size``, its ``num_steps``), never the panel's sample: they come
    from the run's model input (the first argument of the block's recurrent call, else the method's
    input), else from the output or h_n that call made (same layout as the input; h_n's axis 2 is N).
    A run that shows none of them leaves N and L out, so each claim solves them from its own tensor
    (``N = 4: solved from the real tensor``) instead of judging them against the sample's N = 1.
    """
    env = {k: v for k, v in shapes.env_real.items() if k not in ("batch", "seq")}

    def made(quantity: str) -> list[int] | None:
        for name, q in names.items():
            if q == quantity and (found := tensors.find(name, line)) is not None:
                return found[0]
        return None

    shape = made("input") or tensors.bound_input or made("output")
    if shape and len(shape) == 3:
        n, seq = (shape[0], shape[1]) if shapes.config.batch_first else (shape[1], shape[0])
        env.update(batch=n, seq=seq)
    elif shape and len(shape) == 2:
        env.update(seq=shape[0])
    elif (state := made("h_n")) is not None and len(state) == 3:
        env.update(batch=state[1])
    return env


def _judge(claim: Claim, found: tuple[list[int], int | None] | None, legend: Any, shapes: Shapes, model: str,
           env: dict[str, int]) -> Verdict:  # fmt: skip
    if claim.subject is None:
        return Verdict(None, None, None, coded("shapes.why.no_subject"))
    other = _not_model(claim, shapes)
    if other is not None:
        return Verdict(None, None, None, coded("shapes.why.not_model", condition=other, model=model))
    if found is None:
        return Verdict(None, None, None, coded("shapes.why.not_made", name=claim.subject))
    shape = found[0]
    batched = claim.condition.batched
    if batched is None:
        one = shapes.unbatched.get(claim.quantity or "")
        many = shapes.batched.get(claim.quantity or "")
        batched = not (one is not None and many is not None and len(shape) == len(one.real) != len(many.real))
    return check_numbers(claim.axes, legend, shape, env, subject=claim.subject, quantity=claim.quantity,
                         model=shapes.model_facts(), batched=batched, in_code=True)  # fmt: skip


def check_run(
    note_path: str,
    index: int,
    lines: list[dict[str, Any]],
    bound: dict[str, Any] | None = None,
    source: str | None = None,
    note: str | None = None,
    input_spec: dict[str, Any] | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """``{"block", "claims": [...], "elapsed_ms"}``: each comment claim of block ``index`` judged on the
    run's tensors (``lines``/``bound`` as ``run.block`` returned them, ``source`` the code that ran).
    Each row has ``shapes.evaluate``'s keys plus ``run`` (True), ``tensor`` and ``made_on`` (the note line
    whose run made it; None for a method's input)."""
    started = time.perf_counter()
    note_text = _note_text(note_path, note)
    ran = _ran_text(note_text, int(index), source)
    if ran is None:
        raise ValueError(text("shapes.why.no_block", lang=lang, index=index))
    block = find_code_blocks(ran)[int(index)]
    first, last = block.content_lines
    found = find_claims(ran)
    claims = [c for c in found.claims if c.where == "code" and c.block == block.index]
    modules = _note_modules(note_text)
    where = claim_modules(note_text, modules, [c.line for c in claims])
    code_lines = ran.split("\n")[first - 1 : last]
    tensors = RunTensors(lines, bound, _arguments("\n".join(code_lines), first))
    names = recurrent_names(code_lines)
    rows = []
    for claim, module in zip(claims, where, strict=True):
        kind = claim.kind or (modules[module].config.family if module is not None else None)
        chosen = len(modules) > 1 and module is not None  # as in evaluate_note: the section's own module
        shapes, model = module_shapes(note_path, kind, input_spec, module, chosen)
        made = tensors.find(claim.subject, claim.line) if claim.subject else None
        env = _run_env(shapes, tensors, names, claim.line)
        verdict = _judge(claim, made, found.legend, shapes, model, env)
        rows.append({**_row(claim, verdict, lang), "module": module, "model": model,
                     "kind": shapes.config.family, "run": True, "tensor": claim.subject if made else None,
                     "made_on": made[1] if made else None})  # fmt: skip
    elapsed = round((time.perf_counter() - started) * 1e3, 2)
    return {"block": block.index, "claims": rows, "elapsed_ms": elapsed}

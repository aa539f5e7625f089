"""Judging one written shape against a real tensor's shape, axis by axis, with the reason in words.

Numbers alone cannot judge a shape: with the seed's N = 1 and the docs' N = L = 28 cases, a swapped
``(L, N, …)`` has the right numbers. So the kernel runs the module twice, once on the note's sample and
once on a *probe* input whose N and L differ from each other and from every size of the module
(``app.engine.claims``); a claim holds when every axis evaluates to the probe tensor's size as well as to
the real one's. Where only real numbers exist (a code block's run), they are compared as they are.

The reason of a ✗ comes from the roles PyTorch documents for the tensor (:func:`expected_roles`):
- the same sizes in another order: ``batch_first=True puts N first`` (input, output), or h_n/c_n keep
  ``(D∗num_layers, N, …)`` whatever batch_first says;
- a factor 2 off on an axis with D: ``D is 2 only when bidirectional``;
- h_n's last axis versus c_n's with proj_size: ``proj_size changes h_n's last axis but not c_n's``;
- otherwise the first axis that differs.
Before a ✗, two readings are tried: a name the legend does not define is *solved* from the tensor
(``Q = 28``), and a legend symbol written alone on an axis that is not its own role anywhere in the tensor
is read *in another sense* (the seed's ``rnn_out:[N x L x D]`` uses D for 256 while the legend's D counts
directions): reported as that, never as a false ✗. A claim that is not the model's case at all is
``holds = None`` ("not this model"), decided by the caller.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from app.equations.shapes.forms import Axis
from app.equations.shapes.legend import Legend
from app.equations.shapes.names import display
from app.i18n import coded, messages

messages(
    {
        "shapes.why.batch_first_true": (
            "batch_first=True라서 N이 맨 앞에 옵니다: {subject}의 모양은 {actual}입니다",
            "batch_first=True puts N first: {subject} is {actual}",
        ),
        "shapes.why.batch_first_false": (
            "batch_first=False라서 L이 맨 앞, N이 두 번째입니다: {subject}의 모양은 {actual}입니다",
            "batch_first=False keeps L first and N second: {subject} is {actual}",
        ),
        "shapes.why.state_layout": (
            "{subject}는 batch_first와 상관없이 (D∗num_layers, N, …) 순서입니다: {actual}",
            "{subject} is (D∗num_layers, N, …) whatever batch_first says: {actual}",
        ),
        "shapes.why.bidirectional": (
            "D는 양방향일 때만 2입니다: 이 모델은 양방향이라 {axis}번째 축이 {actual}입니다",
            "D is 2 only when bidirectional: this model is bidirectional, so axis {axis} is {actual}",
        ),
        "shapes.why.one_direction": (
            "D는 양방향일 때만 2입니다: 이 모델은 단방향이라 {axis}번째 축이 {actual}입니다",
            "D is 2 only when bidirectional: this model runs in one direction, so axis {axis} is {actual}",
        ),
        "shapes.why.proj_h": (
            "proj_size는 h_n의 마지막 축을 바꾸지만(H_out = proj_size = {proj}) "
            "c_n의 마지막 축은 바꾸지 않습니다",
            "proj_size changes h_n's last axis (H_out = proj_size = {proj}) but not c_n's",
        ),
        "shapes.why.proj_c": (
            "proj_size는 h_n의 마지막 축만 바꿉니다: c_n의 마지막 축은 hidden_size = {hidden}입니다",
            "proj_size changes h_n's last axis but not c_n's: c_n's last axis is hidden_size = {hidden}",
        ),
        "shapes.why.axis": (
            "{axis}번째 축: {written} = {value}이지만 텐서는 {actual}입니다",
            "axis {axis}: {written} = {value}, but the tensor has {actual}",
        ),
        "shapes.why.rank": (
            "축 {written}개로 썼지만 텐서는 축이 {count}개입니다: {actual}",
            "{written} axes written, but the tensor has {count}: {actual}",
        ),
        "shapes.why.rank_unknown": (
            "모르는 기호가 있고 축 수가 달라({actual}) 판단하지 않습니다",
            "unknown symbols and another number of axes ({actual}): not judged",
        ),
        "shapes.why.solved": ("{names}: 실제 텐서에서 구한 값", "{names}: solved from the real tensor"),
        "shapes.why.local": (
            "여기서 {name}은(는) {value}입니다(범례의 {name}은(는) {meaning}, 값 {legend})",
            "{name} here means {value} (the legend's {name} is {meaning}, {legend})",
        ),
    }
)

ROLE_WORDS = {
    "batch": "batch size", "seq": "sequence length", "dirs": "the number of directions",
    "layers": "num_layers", "input": "input_size", "hidden": "hidden_size", "out": "H_out",
    "proj": "proj_size",
}  # fmt: skip
STATES_H = ("h_n", "h_0", "h_t")
STATES_C = ("c_n", "c_0", "c_t")


@dataclass(frozen=True)
class Probe:
    """A tensor's real shape, and its shape on the probe input (None when only the real one is known)."""

    real: tuple[int, ...]
    probe: tuple[int, ...] | None = None


@dataclass
class Verdict:
    holds: bool | None
    evaluated: list[int] | None
    actual: list[int] | None
    why: dict[str, Any] | None = None  # a coded message (app.i18n.coded)
    solved: dict[str, int] = field(default_factory=dict)  # undefined symbols solved from the tensor
    local: dict[str, int] = field(default_factory=dict)  # legend symbols used in another sense here
    notes: list[dict[str, Any]] = field(default_factory=list)  # further coded remarks (solved, local)


def expected_roles(
    quantity: str | None, model: dict[str, Any], batched: bool
) -> list[tuple[str, ...]] | None:
    """The roles of each axis PyTorch documents for a recurrent module's tensor (None: not documented here).

    ``model`` has ``batch_first``; e.g. the output of a batch_first module: [(batch,), (seq,), (dirs, out)].
    """
    bf = bool(model.get("batch_first"))

    def batched_seq(last: tuple[str, ...]) -> list[tuple[str, ...]]:
        if not batched:
            return [("seq",), last]
        return [("batch",), ("seq",), last] if bf else [("seq",), ("batch",), last]

    if quantity == "input":
        return batched_seq(("input",))
    if quantity == "output":
        return batched_seq(("dirs", "out"))
    if quantity in ("h_n", "h_0", "c_n", "c_0"):
        last = ("out",) if quantity in ("h_n", "h_0") else ("hidden",)
        return [("dirs", "layers"), ("batch",), last] if batched else [("dirs", "layers"), last]
    if quantity in ("h_t", "c_t"):
        last = ("out",) if quantity == "h_t" else ("hidden",)
        return [("batch",), last] if batched else [last]
    return None


def _fmt(shape: tuple[int, ...] | list[int]) -> str:
    return "(" + ", ".join(str(v) for v in shape) + ")"


def judge(
    axes: tuple[Axis, ...],
    legend: Legend,
    actual: Probe,
    env_real: dict[str, int],
    env_probe: dict[str, int] | None = None,
    *,
    subject: str | None = None,
    quantity: str | None = None,
    model: dict[str, Any] | None = None,
    batched: bool = True,
    in_code: bool = False,
) -> Verdict:
    """Judge written ``axes`` against ``actual`` (see the module docstring).

    ``env_real``/``env_probe`` map roles to sizes (``{"batch": 1, "seq": 28, "dirs": 1, …}``); ``model`` has
    ``batch_first``, ``bidirectional``, ``proj_size``, ``hidden_size``.
    """
    model = model or {}
    real = tuple(actual.real)
    probe = tuple(actual.probe) if actual.probe is not None else real
    env_p = env_probe if actual.probe is not None and env_probe is not None else env_real
    names = [f for a in axes for f in a.factors if isinstance(f, str)]
    unknown = sorted({display(f) for f in names if legend.role(f) is None})
    label = subject or quantity or "tensor"
    if len(axes) != len(real):
        if unknown:
            return Verdict(None, None, list(real), coded("shapes.why.rank_unknown", actual=_fmt(real)))
        return Verdict(
            False,
            None,
            list(real),
            coded("shapes.why.rank", written=len(axes), count=len(real), actual=_fmt(real)),
        )
    solved_p = _solve(axes, legend, real, probe, env_real, env_p)
    follow_r, follow_p = _follow_input(axes, legend, real, probe, env_real, env_p, solved_p)
    solved = {**solved_p, **follow_r}
    solved_p.update(follow_p)
    values_r = [_value(a, legend, env_real, solved) for a in axes]
    values_p = [_value(a, legend, env_p, solved_p) for a in axes]
    wrong = [k for k in range(len(axes)) if values_p[k] != probe[k] or values_r[k] != real[k]]
    verdict = Verdict(True, [v if v is not None else -1 for v in values_r], list(real), solved=solved)
    if solved:
        verdict.notes.append(
            coded("shapes.why.solved", names=", ".join(f"{k} = {v}" for k, v in solved.items()))
        )
    if not wrong:
        verdict.why = verdict.notes[0] if verdict.notes else None
        return verdict
    roles = expected_roles(quantity, model, batched)
    reason = _known_reason(axes, legend, values_p, probe, real, wrong, quantity, label, model)
    if reason is None:
        local = _local_sense(axes, legend, wrong, real, roles, in_code)
        if local:
            verdict.local = local
            values_r = [real[k] if k in wrong else v for k, v in enumerate(values_r)]
            verdict.evaluated = [v if v is not None else -1 for v in values_r]
            name, value = next(iter(local.items()))
            role = legend.role(name) or ""
            note = coded(
                "shapes.why.local",
                name=name,
                value=value,
                meaning=ROLE_WORDS.get(role, role),
                legend=env_real.get(role, "?"),
            )
            verdict.notes.insert(0, note)
            verdict.why = note
            return verdict
        k = wrong[0]
        reason = coded(
            "shapes.why.axis",
            axis=k + 1,
            written=axes[k].text,
            value="?" if values_r[k] is None else values_r[k],
            actual=real[k],
        )
    if any(v is None for v in values_r):
        verdict.evaluated = None
    else:
        verdict.evaluated = [int(v) for v in values_r if v is not None]
    verdict.holds = False
    verdict.why = reason
    return verdict


def _product(
    axis: Axis, legend: Legend, env: dict[str, int], solved: dict[str, int]
) -> tuple[int, list[str]]:
    """(product of the known factors, the unknown names)."""
    value, missing = 1, []
    for f in axis.factors:
        if isinstance(f, int):
            value *= f
            continue
        role = legend.role(f)
        if role is not None and role in env:
            value *= env[role]
        elif display(f) in solved:
            value *= solved[display(f)]
        else:
            missing.append(display(f))
    return value, missing


def _solve(
    axes: tuple[Axis, ...],
    legend: Legend,
    real: tuple[int, ...],
    probe: tuple[int, ...],
    env_r: dict[str, int],
    env_p: dict[str, int],
) -> dict[str, int]:
    """Names the legend does not define, each alone unknown on an axis: size / the known factors."""
    solved: dict[str, int] = {}
    for k, axis in enumerate(axes):
        known_r, missing = _product(axis, legend, env_r, solved)
        known_p, _ = _product(axis, legend, env_p, solved)
        if len(missing) != 1 or known_r == 0 or known_p == 0:
            continue
        if real[k] % known_r == 0 and probe[k] % known_p == 0 and real[k] // known_r == probe[k] // known_p:
            solved.setdefault(missing[0], real[k] // known_r)
    return solved


def _follow_input(
    axes: tuple[Axis, ...],
    legend: Legend,
    real: tuple[int, ...],
    probe: tuple[int, ...],
    env_r: dict[str, int],
    env_p: dict[str, int],
    solved: dict[str, int],
) -> tuple[dict[str, int], dict[str, int]]:
    """Names the legend does not define that follow the input, solved per tensor: (real sizes, probe sizes).

    d2l writes ``outputs: (T, N, num_hiddens)`` with T the number of steps. T is not in the legend and
    is not one constant (the probe has other steps than the sample), so :func:`_solve` leaves it, and the
    claim was a ✗ "T = ?". Alone unknown on its axis, such a name is that axis's size on each tensor; the
    same name on two axes must still agree (``(T, T, H)`` for (28, 1, 32) is a ✗).
    """
    real_sizes: dict[str, int] = {}
    probe_sizes: dict[str, int] = {}
    for k, axis in enumerate(axes):
        known_r, missing = _product(axis, legend, env_r, solved)
        known_p, _ = _product(axis, legend, env_p, solved)
        if len(missing) != 1 or missing[0] in real_sizes or known_r == 0 or known_p == 0:
            continue
        if real[k] % known_r == 0 and probe[k] % known_p == 0:
            real_sizes[missing[0]] = real[k] // known_r
            probe_sizes[missing[0]] = probe[k] // known_p
    return real_sizes, probe_sizes


def _value(axis: Axis, legend: Legend, env: dict[str, int], solved: dict[str, int]) -> int | None:
    value, missing = _product(axis, legend, env, solved)
    return None if missing else value


def _known_reason(
    axes: tuple[Axis, ...],
    legend: Legend,
    values_p: list[int | None],
    probe: tuple[int, ...],
    real: tuple[int, ...],
    wrong: list[int],
    quantity: str | None,
    label: str,
    model: dict[str, Any],
) -> dict[str, Any] | None:
    """One of the documented mistakes (batch_first, D, proj_size), or None."""
    written_roles = {legend.role(f) for a in axes for f in a.factors if isinstance(f, str)}
    swapped = None not in values_p and sorted(values_p) == sorted(probe) and len(wrong) >= 2  # type: ignore[type-var]
    if swapped and {"batch", "seq"} <= written_roles:
        if quantity in ("input", "output"):
            code = (
                "shapes.why.batch_first_true" if model.get("batch_first") else "shapes.why.batch_first_false"
            )
            return coded(code, subject=label, actual=_fmt(real))
        if quantity in STATES_H + STATES_C:
            return coded("shapes.why.state_layout", subject=label, actual=_fmt(real))
    proj = int(model.get("proj_size") or 0)
    hidden = int(model.get("hidden_size") or 0)
    last = len(axes) - 1
    if proj and last in wrong and values_p[last] is not None:
        if (
            quantity in (*STATES_H, "output")
            and values_p[last] in (hidden, 2 * hidden)
            and real[last] in (proj, 2 * proj)
        ):
            return coded("shapes.why.proj_h", proj=proj)
        if quantity in STATES_C and values_p[last] in (proj,) and real[last] == hidden:
            return coded("shapes.why.proj_c", hidden=hidden)
    for k in wrong:
        v = values_p[k]
        if v is None:
            continue
        has_d = any(isinstance(f, str) and legend.role(f) == "dirs" for f in axes[k].factors)
        if probe[k] == 2 * v and model.get("bidirectional"):
            return coded("shapes.why.bidirectional", axis=k + 1, actual=real[k])
        if v == 2 * probe[k] and not model.get("bidirectional") and (has_d or 2 in axes[k].factors):
            return coded("shapes.why.one_direction", axis=k + 1, actual=real[k])
    return None


def _local_sense(
    axes: tuple[Axis, ...],
    legend: Legend,
    wrong: list[int],
    real: tuple[int, ...],
    roles: list[tuple[str, ...]] | None,
    in_code: bool,
) -> dict[str, int]:
    """A legend symbol alone on each wrong axis, used once, whose role is no whole axis of the tensor."""
    if roles is None or len(wrong) != 1:
        return {}
    axis = axes[wrong[0]]
    if len(axis.factors) != 1 or not isinstance(axis.factors[0], str):
        return {}
    name = axis.factors[0]
    role = legend.role(name)
    uses = sum(1 for a in axes for f in a.factors if isinstance(f, str) and display(f) == display(name))
    if role is None or uses != 1 or (role,) in roles:
        return {}
    if not in_code and not (
        len(display(name)) == 1 and display(name) in {v[0] for v in legend.roles.values()}
    ):
        return {}
    return {display(name): real[wrong[0]]}


def check_numbers(
    axes: tuple[Axis, ...], legend: Legend, shape: list[int], env: dict[str, int], **kw: Any
) -> Verdict:
    """Judge against real numbers only (a code block's run: no probe forward)."""
    return judge(axes, legend, Probe(tuple(shape)), env, None, **kw)


def prod(values: list[int]) -> int:
    return math.prod(values)

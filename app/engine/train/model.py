"""What training trains: the note's own class when we can call its forward, else the traced module and a
head.

The note's class (the seed's ``RecurrentNeuralNetworkClass``) is found in the kernel's namespace
(``app.engine.notestate``: the runner defines it there when the user runs the note's code). It is built right
after ``torch.manual_seed(WEIGHT_SEED)``, so its LSTM starts from exactly the weights the panel shows as
"untrained (random init, seed 0)", with the arguments of the note's own instantiation
(``model = Net(input_size, 64, num_layers=2)``: the call is evaluated in that namespace, where the blocks
that ran bound ``input_size``), else with its default arguments. Its head is the note's own (its
``self.fc = nn.Linear(hidden_size, n_class)``), so the task follows the class's real output size.
It is used only when a probe call ``model(x)`` on two samples in the module's layout returns ``(2, K)``;
anything else (no class, arguments without defaults and no instantiation, a forward that fails or
returns another shape) falls back to the traced module plus ``nn.Linear`` on its last step, and the
reason is kept.

The note's ``forward`` may ``print`` (the seed prints ``x.size(0)`` and ``x.size(1)``); during probing and
training its output is silenced, or every step would print twice.

Either way the recurrent module is reachable under :attr:`Target.recurrent` (its prefix in the state_dict,
``"rnn"``): that part of the trained weights is what the panel traces.
"""

from __future__ import annotations

import contextlib
import inspect
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from app.engine.config import RecurrentConfig
from app.engine.trace import WEIGHT_SEED, build, config_of, find_recurrent
from app.i18n import messages, text

messages(
    {
        "train.model.note-class": ("노트의 클래스 {name} ({rnn})", "the note's class {name} ({rnn})"),
        "train.model.note-call": (
            "노트의 클래스 {call} ({rnn}, 출력 {outputs}개)",
            "the note's class {call} ({rnn}, {outputs} outputs)",
        ),
        "train.model.head": (
            "{rnn} + 마지막 시점의 Linear({width}, {outputs}) 출력 층 (추가함)",
            "{rnn} + Linear({width}, {outputs}) head on the last step (added)",
        ),
        "train.model.why.no-class": (
            "노트 코드에 nn.Module 클래스가 없습니다",
            "the note's code has no nn.Module class",
        ),
        "train.model.why.not-run": (
            "노트의 클래스가 아직 실행되지 않았습니다 (코드 블록을 실행하면 쓸 수 있습니다)",
            "the note's class has not been run yet (run its code block to use it)",
        ),
        "train.model.why.no-forward": ("{name}에 forward가 없습니다", "{name} has no forward"),
        "train.model.why.arguments": (
            "{name}의 인자 {args}에 기본값이 없습니다",
            "{name}'s arguments {args} have no defaults",
        ),
        "train.model.why.no-recurrent": ("{name}에 LSTM/GRU/RNN이 없습니다", "{name} has no LSTM/GRU/RNN"),
        "train.model.why.probe": (
            "{name}(x)를 호출할 수 없습니다: {error}",
            "calling {name}(x) failed: {error}",
        ),
        "train.model.why.shape": (
            "{name}(x)의 출력 모양이 {shape}라 (N, K)가 아닙니다",
            "{name}(x) returned {shape}, not (N, K)",
        ),
    }
)


class _Quiet(io.TextIOBase):
    """A stdout that drops everything (the note's forward prints on every call)."""

    def write(self, s: str) -> int:
        return len(s)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence ``print`` inside the note's code while training calls it thousands of times."""
    with contextlib.redirect_stdout(_Quiet()):
        yield


class HeadModel(nn.Module):
    """The traced module plus ``nn.Linear`` on its last step: ``(N, L, F)`` or ``(L, N, F)`` → ``(N, K)``."""

    def __init__(self, rnn: nn.RNNBase, outputs: int):
        super().__init__()
        self.rnn = rnn
        width = (rnn.proj_size or rnn.hidden_size) * (2 if rnn.bidirectional else 1)
        self.lin = nn.Linear(width, outputs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x)  # (N, L, D·H_out) batch first, else (L, N, D·H_out)
        last = out[:, -1] if self.rnn.batch_first else out[-1]  # (N, D·H_out)
        return self.lin(last)  # (N, K)


@dataclass
class Target:
    """The module the optimiser trains, what it is, and how to feed it."""

    module: nn.Module
    origin: str  # "note-class" | "head"
    description: str  # in the user's language
    recurrent: str  # the recurrent submodule's name: its state_dict prefix ("rnn")
    config: RecurrentConfig  # of that recurrent submodule
    outputs: int | None  # K from the probe (None for a head still to be sized)
    why_not_class: str | None = None  # why the note's class was not used
    ident: str = (
        ""  # language-free: "class:RecurrentNeuralNetworkClass" or "head:10" (the weights' cache key)
    )

    def rnn(self) -> nn.RNNBase:
        found = dict(find_recurrent(self.module))
        return found[self.recurrent]

    def layout(self, x: torch.Tensor) -> torch.Tensor:
        """Batch-first task data ``(N, L, F)`` in the recurrent module's layout."""
        return x if self.config.batch_first else x.transpose(0, 1)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        """Logits or predictions ``(N, K)`` for batch-first ``x``."""
        return self.module(self.layout(x))  # type: ignore[no-any-return]


def note_classes(namespace: dict[str, Any]) -> list[type]:
    """nn.Module classes the note's code defined in the kernel's namespace (``__module__ == "__note__"``)."""
    return [
        v
        for k, v in namespace.items()
        if isinstance(v, type) and issubclass(v, nn.Module) and not k.startswith("_")
        and v.__module__ == namespace.get("__name__", "__note__")
    ]  # fmt: skip


def instantiations(text_: str) -> dict[str, list[str]]:
    """Class name → the note's calls that build it (``Net(input_size, 64, num_layers=2)``), in note order.

    Read statically (``app.engine.notecode.extract_code``): every call of a bare name anywhere in the
    note's code, so ``model = Net(…).to(device)`` and ``net = Net(…)`` both count. Only calls of a class
    the runner defined are ever evaluated (:func:`_build`)."""
    import ast

    from app.engine.notecode import extract_code

    found: dict[str, list[str]] = {}
    for piece in extract_code(text_):
        try:
            tree = ast.parse(piece.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                found.setdefault(node.func.id, []).append(ast.unparse(node))
    return found


def _build(cls: type, namespace: dict[str, Any], calls: list[str], device: torch.device) -> tuple[Any, str]:
    """(module, the call that built it) from the note's own instantiations, last first; else defaults.

    Raises what the note's constructor raises, or TypeError when no call works and an argument has no
    default (the caller words it)."""
    name = cls.__name__
    errors: list[Exception] = []
    for call in reversed(calls):
        try:
            torch.manual_seed(WEIGHT_SEED)
            with quiet():
                module = eval(call, dict(namespace))  # the note's own call; the user pressed Train
        except Exception as exc:  # the note's call may raise anything (a name bound in a block not run)
            errors.append(exc)
            continue
        if isinstance(module, cls):
            return module.to(device), call  # type: ignore[attr-defined]
    missing = [
        p.name
        for p in inspect.signature(cls).parameters.values()
        if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    if missing:
        if errors:
            raise errors[-1]
        raise TypeError(text("train.model.why.arguments", name=name, args=", ".join(missing)))
    torch.manual_seed(WEIGHT_SEED)
    with quiet():
        return cls().to(device), f"{name}()"


def _from_class(
    cls: type, device: torch.device, namespace: dict[str, Any] | None = None, calls: list[str] | None = None
) -> tuple[Target | None, str]:
    """The note's class as a target (built by :func:`_build`), or (None, why not)."""
    name = cls.__name__
    if cls.forward is nn.Module.forward:  # type: ignore[attr-defined]
        return None, text("train.model.why.no-forward", name=name)
    try:
        module, call = _build(cls, namespace or {}, calls or [], device)
    except TypeError as exc:
        if not calls:
            return None, str(exc)
        return None, text("train.model.why.probe", name=name, error=f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # the note's constructor may raise anything
        return None, text("train.model.why.probe", name=name, error=f"{type(exc).__name__}: {exc}")
    found = find_recurrent(module)
    if not found:
        return None, text("train.model.why.no-recurrent", name=name)
    prefix, rnn = found[0]
    config = config_of(rnn)
    probe = torch.zeros(2, 3, config.input_size, device=device)  # (N, L, F)
    if not config.batch_first:
        probe = probe.transpose(0, 1)
    try:
        with quiet(), torch.no_grad():
            out = module(probe)
    except Exception as exc:
        return None, text("train.model.why.probe", name=name, error=f"{type(exc).__name__}: {exc}")
    shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
    if not (isinstance(out, torch.Tensor) and out.dim() == 2 and out.shape[0] == 2):
        return None, text("train.model.why.shape", name=name, shape=shape)
    outputs = int(out.shape[1])
    if call == f"{name}()":  # the seed's class: built with its defaults, named as before
        description = text("train.model.note-class", name=name, rnn=config.describe())
        ident = f"class:{name}"
    else:
        description = text("train.model.note-call", call=call, rnn=config.describe(), outputs=outputs)
        ident = f"class:{call}"
    target = Target(module, "note-class", description, prefix, config, outputs, ident=ident)
    return target, ""


def _with_head(config: RecurrentConfig, outputs: int, device: torch.device, why: str | None) -> Target:
    rnn = build(config)  # torch.manual_seed(WEIGHT_SEED) inside: the panel's untrained weights
    assert isinstance(rnn, nn.RNNBase)
    module = HeadModel(rnn, outputs).to(device)
    width = module.lin.in_features
    description = text("train.model.head", rnn=config.describe(), width=width, outputs=outputs)
    return Target(module, "head", description, "rnn", config, None, why, ident=f"head:{outputs}")


def choose_target(
    namespace: dict[str, Any],
    fallback: RecurrentConfig,
    device: torch.device,
    head_outputs: Any,
    note_has_class: bool = False,
    calls: dict[str, list[str]] | None = None,
) -> Target:
    """The note's class when usable, else ``fallback`` (the traced module's config) plus a head.

    ``head_outputs(config) -> int`` sizes the head from the task (10 for digits, 1 for sine, K for sum);
    ``calls`` are the note's instantiations by class name (:func:`instantiations`).
    """
    classes = note_classes(namespace)
    why = text("train.model.why.not-run" if note_has_class else "train.model.why.no-class")
    for cls in reversed(classes):  # the most recently defined wins
        target, why = _from_class(cls, device, namespace, (calls or {}).get(cls.__name__))
        if target is not None:
            return target
    return _with_head(fallback, int(head_outputs(fallback)), device, why)


def head_target(config: RecurrentConfig, outputs: int, device: torch.device) -> Target:
    """The traced module plus a head, directly (tests, and notes whose class is not wanted)."""
    return _with_head(config, outputs, device, None)

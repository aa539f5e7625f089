"""The real shapes a note's module makes: a forward on the note's sample, and one on a probe input.

Why two forwards: a shape is judged by axis, not by its numbers (``app.equations.shapes.verdict``). The
seed's sample has N = 1 and L = 28 = H_in, so ``(N, L, H_in)`` and ``(N, H_in, L)`` give the same numbers.
The probe input's N and L are small primes that differ from each other and from every size the module
fixes (H_in, hidden_size, H_out, num_layers, D, their products), so every axis of every tensor tells which
size it is. Both batched and unbatched inputs are run (``nn.LSTM`` takes ``(L, H_in)`` too), because
notes write both. All forwards run under ``torch.no_grad()`` on the module's device; for the seed's
LSTM(28, 256, 3 layers) the four forwards take a few milliseconds.

h_0/c_0 have the shapes of h_n/c_n (the module accepts exactly those), and h_t/c_t one step of them:
(N, H_out) and (N, H_cell) per direction and layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from app.engine.config import RecurrentConfig
from app.engine.inputs import make_input
from app.equations.shapes import Probe

PRIMES = (5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43)


@dataclass
class Shapes:
    """Every tensor a claim may name, batched and unbatched, real and probe, and the sizes of each role."""

    config: RecurrentConfig
    batched: dict[str, Probe] = field(default_factory=dict)
    unbatched: dict[str, Probe] = field(default_factory=dict)
    params: dict[str, tuple[int, ...]] = field(default_factory=dict)
    env_real: dict[str, int] = field(default_factory=dict)
    env_probe: dict[str, int] = field(default_factory=dict)

    def model_facts(self) -> dict[str, Any]:
        c = self.config
        return {"batch_first": c.batch_first, "bidirectional": c.bidirectional, "proj_size": c.proj_size,
                "hidden_size": c.hidden_size, "num_layers": c.num_layers, "kind": c.kind}  # fmt: skip


def fixed_sizes(config: RecurrentConfig) -> set[int]:
    d = config.num_directions
    out = config.output_size
    gates = {"lstm": 4, "gru": 3, "rnn": 1}[config.family]
    return {config.input_size, config.hidden_size, out, d, config.num_layers, d * config.num_layers, d * out,
            gates * config.hidden_size, config.proj_size}  # fmt: skip


def probe_sizes(config: RecurrentConfig, real: tuple[int, int]) -> tuple[int, int]:
    """(N, L) for the probe: distinct primes outside the module's fixed sizes and the real N, L."""
    taken = fixed_sizes(config) | set(real)
    free = [p for p in PRIMES if p not in taken]
    return free[0], free[1]


def _states(result: Any, kind: str) -> tuple[torch.Tensor, torch.Tensor | None]:
    state = result[1]
    if kind == "lstm":
        return state[0], state[1]
    return state, None


def _shapes(module: nn.Module, x: torch.Tensor, kind: str) -> dict[str, tuple[int, ...]]:
    with torch.no_grad():
        result = module(x)
    h_n, c_n = _states(result, kind)
    found = {"input": tuple(x.shape), "output": tuple(result[0].shape), "h_n": tuple(h_n.shape),
             "h_0": tuple(h_n.shape), "h_t": tuple(h_n.shape[1:])}  # fmt: skip
    if c_n is not None:
        found.update({"c_n": tuple(c_n.shape), "c_0": tuple(c_n.shape), "c_t": tuple(c_n.shape[1:])})
    return found


def measure(module: nn.Module, config: RecurrentConfig, x: torch.Tensor) -> Shapes:
    """Run ``module`` on ``x`` (the note's sample, batched) and on probe inputs; collect every shape."""
    config = config.as_sequence()
    device = next(module.parameters()).device  # a live module stays where the user put it
    x = x.detach().to(device)
    n_real, l_real = (x.shape[0], x.shape[1]) if config.batch_first else (x.shape[1], x.shape[0])
    n_probe, l_probe = probe_sizes(config, (n_real, l_real))
    kind = config.family
    x_one = x[0] if config.batch_first else x[:, 0]
    x_probe = make_input("random", config, batch=n_probe, seq_len=l_probe).to(device)
    x_probe_one = make_input("random", config, batch=None, seq_len=l_probe).to(device)
    real, real_one = _shapes(module, x, kind), _shapes(module, x_one, kind)
    probe, probe_one = _shapes(module, x_probe, kind), _shapes(module, x_probe_one, kind)
    shapes = Shapes(config)
    shapes.batched = {k: Probe(v, probe[k]) for k, v in real.items()}
    shapes.unbatched = {k: Probe(v, probe_one[k]) for k, v in real_one.items()}
    shapes.params = {name: tuple(p.shape) for name, p in module.named_parameters()}
    base = {"dirs": config.num_directions, "layers": config.num_layers, "input": config.input_size,
            "hidden": config.hidden_size, "out": config.output_size, "proj": config.proj_size}  # fmt: skip
    shapes.env_real = {**base, "batch": int(n_real), "seq": int(l_real)}
    shapes.env_probe = {**base, "batch": n_probe, "seq": l_probe}
    return shapes

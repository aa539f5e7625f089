"""A trace as an .npz file that numpy alone can read (the CLI's ``--out``).

Layout (keys): ``state/<name>`` for each state_dict entry under the module's own parameter names;
``x`` (the input as the module received it); ``h0`` / ``c0`` when they were given; ``output``, ``h_n``,
``c_n`` exactly as the module returned them; and ``layer{k}/{fwd|bwd}/{name}`` for i f g o c h (LSTM),
r z n h (GRU), h (RNN), each (L, N, size): time first, batch second (N = 1 for unbatched input).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from app.engine.trace.tracer import GATES_AND_STATES, Trace


def _np(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().cpu().numpy()


def trace_arrays(trace: Trace) -> dict[str, np.ndarray]:
    arrays = {f"state/{name}": _np(value) for name, value in trace.module.state_dict().items()}
    arrays["x"] = _np(trace.input)
    if trace.state is not None:
        h0, c0 = trace.state if trace.kind == "lstm" else (trace.state, None)
        arrays["h0"] = _np(h0)
        if c0 is not None:
            arrays["c0"] = _np(c0)
    arrays["output"] = _np(trace.output)
    arrays["h_n"] = _np(trace.h_n)
    if trace.c_n is not None:
        arrays["c_n"] = _np(trace.c_n)
    for k in range(trace.num_layers):
        for d in range(trace.num_directions):
            for name in GATES_AND_STATES[trace.kind]:
                arrays[f"layer{k}/{'bwd' if d else 'fwd'}/{name}"] = _np(trace.get(name, k, d))
    return arrays


def save_npz(trace: Trace, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **trace_arrays(trace))  # type: ignore[arg-type]
    return path

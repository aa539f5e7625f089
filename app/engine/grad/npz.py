"""A gradient trace as an .npz file that numpy alone can read (the CLI's ``--out``).

Keys: ``x`` (time-major (L, N, H_in), N = 1 for unbatched input); ``state/<param>`` (the recurrent
module's state_dict), ``head/<param>`` when a head scored the output; ``grad/param/<param>`` (∂L/∂ each
parameter, the head's as ``grad/param/head.<param>``); ``grad/h/l{k}[_reverse]`` (∂L/∂h_t, (L, N,
H_out)); ``grad/c/l{k}[_reverse]`` (∂L/∂c_t, LSTM); ``jac/hT_ht/l{k}[_reverse]`` ((L,), ‖∂h_T/∂h_t‖₂);
``loss`` (a scalar); ``label`` when the loss scored one. Written atomically (a temporary file, then
renamed), only when asked.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import torch

from app.engine.grad.gradtrace import GradTrace
from app.engine.grad.jacobians import jacobians


def _np(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().cpu().numpy()


def grad_arrays(trace: GradTrace) -> dict[str, np.ndarray]:
    arrays = {f"state/{n}": _np(v) for n, v in trace.module.state_dict().items()}
    if trace.head is not None:
        arrays.update({f"head/{n}": _np(v) for n, v in trace.head.state_dict().items()})
    arrays["x"] = _np(trace.layers[0][0].x)
    for name, grad in {**trace.param_grads, **trace.extra_grads}.items():
        arrays[f"grad/param/{name}"] = _np(grad)
    for k, row in enumerate(trace.layers):
        for d, entry in enumerate(row):
            end = f"l{k}" + ("_reverse" if d else "")
            arrays[f"grad/h/{end}"] = _np(entry.grad_h)
            if entry.grad_c is not None:
                arrays[f"grad/c/{end}"] = _np(entry.grad_c)
            arrays[f"jac/hT_ht/{end}"] = _np(jacobians(trace, k, d).hT_ht)
    arrays["loss"] = np.asarray(trace.loss_value, dtype=np.float64)
    if trace.loss.label is not None:
        arrays["label"] = np.asarray(trace.loss.label)
    return arrays


def save_grad_npz(trace: GradTrace, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".grad-", suffix=".npz", dir=path.parent)
    os.close(fd)
    try:
        np.savez(tmp, **grad_arrays(trace))  # type: ignore[arg-type]
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path

"""Turn the tensors of one traced step into small JSON-able summaries for the equation panel.

Why a separate module: the panel's payload format (what travels from the kernel to the UI) is a
contract of its own. Arrays travel as base64 of little-endian float32 bytes, not as JSON lists of
floats: a 256×256 weight is 65 536 numbers, which JSON-encodes in tens of milliseconds but packs
into base64 in well under one, and the UI decodes it with ``numpy.frombuffer`` without touching torch.

Every summary names its axes (``N``, ``H``, ``H_in``…) so that the panel's shape chip can say what
each dimension means, and carries dtype and device because the panel shows where each tensor lives.
"""

from __future__ import annotations

import base64
from typing import Any

import torch

SATURATION_LOW = 0.05
SATURATION_HIGH = 0.95
MAX_SENT_VALUES = 1 << 17  # 128k floats (512 KiB) at most per array; larger ones are strided down


def encode_array(values: torch.Tensor) -> dict[str, Any]:
    """Pack a tensor as ``{"shape", "b64"}`` (float32, C order), striding very large ones down."""
    array = values.detach().to("cpu", torch.float32)
    stride = [1] * array.dim()
    while array.numel() > MAX_SENT_VALUES and array.dim() > 0:
        # halve the largest axis until it fits; the panel labels the stride on its axes
        axis = max(range(array.dim()), key=lambda k: array.shape[k])
        array = array[tuple(slice(None, None, 2) if k == axis else slice(None) for k in range(array.dim()))]
        stride[axis] *= 2
    data = array.contiguous().numpy().astype("<f4", copy=False).tobytes()
    return {"shape": list(array.shape), "stride": stride, "b64": base64.b64encode(data).decode("ascii")}


def stats(values: torch.Tensor, *, gate: bool) -> dict[str, float]:
    """min/mean/max/std (in float64, so float32 rounding does not show up as noise in the panel)."""
    flat = values.detach().to("cpu", torch.float64).reshape(-1)
    if flat.numel() == 0:
        return {"min": 0.0, "mean": 0.0, "max": 0.0, "std": 0.0}
    out = {
        "min": float(flat.min()),
        "mean": float(flat.mean()),
        "max": float(flat.max()),
        "std": float(flat.std(unbiased=False)),
    }
    if gate:
        # a saturated gate is (almost) closed or fully open: its gradient through σ is nearly 0
        saturated = (flat < SATURATION_LOW) | (flat > SATURATION_HIGH)
        out["saturated"] = float(saturated.double().mean())
    return out


def describe(
    values: torch.Tensor,
    *,
    name: str,
    latex: str,
    axes: list[str],
    role: str,
    source: str = "",
    gate: bool = False,
    transposed: bool = False,
    send_values: bool = True,
) -> dict[str, Any]:
    """One tensor as the panel shows it: shape with named axes, dtype, device, stats and values.

    ``role`` tells the panel how to colour it: "gate" (σ, fixed 0..1), "tanh" (−1..1), "pre"
    (pre-activations and terms, diverging around 0), "state" (c, h, x) or "param".
    """
    if len(axes) != values.dim():
        axes = [f"d{k}" for k in range(values.dim())]
    item: dict[str, Any] = {
        "name": name,
        "latex": latex,
        "shape": list(values.shape),
        "axes": axes,
        "dtype": str(values.dtype).removeprefix("torch."),
        "device": str(values.device),
        "role": role,
        "source": source,
        "transposed": transposed,
        "stats": stats(values, gate=gate),
    }
    if send_values:
        item["values"] = encode_array(values)
    return item

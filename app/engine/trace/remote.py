"""The trace CLI's report run inside a kernel: ``trace.report``, for ``python -m app trace --kernel URL``.

The CLI reads the note and infers the config on the user's machine (torch-free), then asks the kernel,
which may be a remote one with a GPU, to build the seeded module, trace it, verify it and print the same
table as a local run (the table streams back as the kernel's stdout). The ``.npz`` comes back as base64
for the CLI to write locally, since the kernel's disk is not the user's.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any

from app.engine import rpc
from app.engine.config import RecurrentConfig
from app.engine.devices import resolve_device
from app.engine.inputs import SampleError, make_input
from app.engine.trace.kinds import TraceError
from app.engine.trace.modules import build
from app.engine.trace.npz import save_npz
from app.engine.trace.report import print_table
from app.engine.trace.tracer import trace
from app.i18n import set_language


@rpc.method("trace.report")
def report(
    config: dict[str, Any], batch: int = 1, seq_len: int = 8, input: str = "random", seed: int = 0,
    device: str = "auto", npz: bool = False, lang: str | None = None,
) -> dict[str, Any]:
    """Trace and print the table in the CLI's language ``lang``; ``{"verified", "error", "npz"}`` (error: bad
    input, as the CLI's exit 2)."""
    set_language(lang)  # this kernel serves this one command: its words follow the user's CLI
    try:
        cfg = RecurrentConfig(**config)
        where = resolve_device(device)
        module = build(cfg, seed=seed).eval().to(where)
        x = make_input(input, cfg, None if batch == 0 else batch, seq_len, seed).to(where)  # (L, N, H_in)
        result = trace(module, x)
    except (ValueError, TypeError, SampleError, TraceError, OSError) as exc:
        return {"verified": False, "error": str(exc), "npz": None}
    check = result.verify()
    print_table(result, check)
    data = None
    if npz:
        with tempfile.TemporaryDirectory(prefix="tensornote-trace-") as folder:
            path = save_npz(result, Path(folder) / "trace.npz")
            data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return {"verified": bool(check.ok), "error": None, "npz": data}

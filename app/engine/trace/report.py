"""The CLI's readable table of a trace: per step, the norm of every quantity and |diff| against PyTorch.

The diff column compares the trace's recomputed h_t with PyTorch's own: the module's output for the
last layer, the module's fused kernel for the layers below (that is what fed the next layer).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import torch

from app.engine.config import RecurrentConfig
from app.engine.devices import resolve_device
from app.engine.inputs import SampleError, make_input
from app.engine.trace.modules import build
from app.engine.trace.tracer import GATES_AND_STATES, Trace, TraceError, trace
from app.engine.trace.verify import Verification
from app.i18n import messages, text

messages({
    "trace.report.layer": ("층 {layer} {direction}: {shapes}", "layer {layer} {direction}: {shapes}"),
    "trace.report.forward": ("정방향", "forward"),
    "trace.report.reverse": ("역방향", "reverse"),
    "trace.report.check": ("검증 (허용 오차 {tol:.0e}):", "check (tolerance {tol:.0e}):"),
    "trace.report.relations": ("  관계식 {relations}", "  relations {relations}"),
    "trace.report.passed": ("  결과: 통과", "  result: passed"),
    "trace.report.failed": ("  결과: 실패 — {names}", "  result: failed — {names}"),
    "trace.report.saved": ("저장: {path}", "saved: {path}"),
})


def _pytorch_h(trace: Trace, layer: int, direction: int) -> torch.Tensor:
    """PyTorch's h_t of one layer/direction, (L, N, H_out)."""
    size = trace.config.output_size
    if layer == trace.num_layers - 1:
        return trace.output_steps()[..., direction * size : (direction + 1) * size]
    return trace.get("x", layer + 1)[..., direction * size : (direction + 1) * size]


def print_table(trace: Trace, check: Verification) -> None:
    names = GATES_AND_STATES[trace.kind]
    cfg = trace.config
    print(
        f"{cfg.describe()}  L={trace.seq_len} N={trace.batch} dtype={trace.input.dtype} "
        f"device={trace.input.device}"
    )
    for k in range(trace.num_layers):
        for d in range(trace.num_directions):
            shapes = ", ".join(f"{n}{tuple(trace.get(n, k, d).shape[1:])}" for n in names)
            direction = text("trace.report.reverse" if d else "trace.report.forward")
            print("\n" + text("trace.report.layer", layer=k, direction=direction, shapes=shapes))
            print("   t  " + "".join(f"{'‖' + n + '‖':>10}" for n in names) + f"{'max|Δh| vs PyTorch':>22}")
            diff = (trace.get("h", k, d) - _pytorch_h(trace, k, d)).abs()  # (L, N, H_out)
            for t in range(trace.seq_len):
                norms = "".join(f"{trace.get(n, k, d)[t].norm().item():10.4f}" for n in names)
                print(f"{t:4d}  {norms}{diff[t].max().item():22.2e}")
    print("\n" + text("trace.report.check", tol=check.tol))
    print(
        f"  output {check.max_abs_output:.2e}  h_n {check.max_abs_h_n:.2e}"
        + (f"  c_n {check.max_abs_c_n:.2e}" if check.max_abs_c_n is not None else "")
    )
    relations = "  ".join(f"{name} {err:.1e}" for name, err in check.relations.items())
    print(text("trace.report.relations", relations=relations))
    failed = ", ".join(check.failures())
    print(text("trace.report.passed") if check.ok else text("trace.report.failed", names=failed))


def run_cli(
    args: argparse.Namespace,
    config: RecurrentConfig,
    fail: Callable[[str], int],
    weights: dict[str, torch.Tensor] | None = None,
) -> int:
    """``python -m app trace``: seeded module (or ``weights``, its state_dict), trace, table, .npz;
    0 verified, 1 failed, 2 bad input."""
    try:
        device = resolve_device(args.device)
        module = build(config, seed=args.seed)
        if weights is not None:
            module.load_state_dict(weights)
        module = module.eval().to(device)
        batch = None if args.batch == 0 else args.batch
        x = make_input(args.input, config, batch, args.seq_len, args.seed).to(device)
        result = trace(module, x)
    except (ValueError, SampleError, TraceError, OSError) as exc:
        return fail(str(exc))
    check = result.verify()
    print_table(result, check)
    if args.out is not None:
        from app.engine.trace.npz import save_npz

        print(text("trace.report.saved", path=save_npz(result, args.out)))
    return 0 if check.ok else 1

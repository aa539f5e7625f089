"""``python -m app grad``: the gradient trace of a seeded module on a sample input, as a table or JSON.

Same model, input and seeding as ``python -m app trace`` (``app.engine.trace.report``): weights from
``torch.manual_seed(--seed)`` right before the module is built, the input from ``app.engine.inputs``
with the same seed. For ``--note`` the note's ``nn.Linear`` that reads the recurrent output becomes the
head (``app.engine.grad.head``) and the loss follows the rule in ``app.engine.grad.loss``; ``--model``
has no head and its default loss is ``half_sq_last``. Exit codes: 0 verified, 1 a check failed, 2 bad
input.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from app.engine.config import RecurrentConfig
from app.engine.devices import resolve_device
from app.engine.grad.bptt import bptt_terms
from app.engine.grad.gradtrace import GradTrace, grad_trace
from app.engine.grad.head import head_for
from app.engine.grad.jacobians import jacobians
from app.engine.grad.loss import LossChoice, LossError, choose_loss, sample_label
from app.engine.grad.verify import GradVerification, verify_grads
from app.engine.inputs import SampleError, make_input
from app.engine.trace import TraceError, build
from app.i18n import messages, text

messages(
    {
        "grad.cli.loss": ("손실: {loss}", "loss: {loss}"),
        "grad.cli.layer": ("층 {layer} {direction}", "layer {layer} {direction}"),
        "grad.cli.forward": ("정방향", "forward"),
        "grad.cli.reverse": ("역방향", "reverse"),
        "grad.cli.verify": (
            "검증 (모듈 자체의 autograd와 비교, 허용 오차 {tol:.0e}): max|Δ∂L/∂W| {diff:.2e} → {verdict}",
            "check (against autograd through the module itself, tolerance {tol:.0e}): max|Δ∂L/∂W| {diff:.2e} "
            "→ {verdict}",
        ),
        "grad.cli.pass": ("통과", "passed"),
        "grad.cli.fail": ("실패", "failed"),
        "grad.cli.bptt": (
            "BPTT 항의 합과 ∂L/∂W의 최대 차이: {err:.2e} (가중치 {count}개)",
            "largest difference between the sum of the BPTT terms and ∂L/∂W: {err:.2e} ({count} weights)",
        ),
        "grad.cli.saved": ("저장: {path}", "saved: {path}"),
        "grad.cli.norm": (
            "야코비안 노름: 스펙트럴 노름 ‖·‖₂ (배치 안 표본 중 최대)",
            "Jacobian norms: spectral norm ‖·‖₂ (largest over the batch's samples)",
        ),
    }
)


def build_case(
    args: argparse.Namespace, config: RecurrentConfig, linears: tuple[Any, ...] = ()
) -> tuple[nn.Module, torch.Tensor, nn.Module | None, LossChoice]:
    """The seeded module, its input, the head (``--note`` with an nn.Linear reading the output) and the loss.

    Raises ValueError / SampleError / TraceError / LossError with a message for the user.
    """
    device = resolve_device(args.device)
    module = build(config, seed=args.seed)
    if getattr(args, "weights_state", None) is not None:  # --weights (app.cli.grad, issue 14)
        module.load_state_dict(args.weights_state)
    module = module.eval().to(device)
    batch = None if args.batch == 0 else args.batch
    x = make_input(args.input, config, batch, args.seq_len, args.seed).to(device)
    width = config.num_directions * config.output_size
    linear = next((lin for lin in linears if lin.in_features == width), None)
    head = head_for(width, linear.out_features, args.seed).to(device) if linear is not None else None
    head_state = getattr(args, "head_state", None)
    if head is not None and head_state is not None:
        head.load_state_dict(head_state)
    label = sample_label(args.input, linear.out_features if linear is not None else None)
    note_loss = getattr(args, "note_loss", None)
    classes = linear.out_features if linear is not None else None  # the note's head: scored, not ½‖y‖²
    loss = choose_loss(asked=args.loss, note_loss=note_loss, has_head=head is not None, label=label,
                       classes=classes)  # fmt: skip
    return module, x, head, loss


def report(result: GradTrace, check: GradVerification) -> dict[str, Any]:
    """The ``--json`` object, exactly as issue #13 specifies."""
    steps = []
    for k, row in enumerate(result.layers):
        for d, entry in enumerate(row):
            jac = jacobians(result, k, d).hT_ht
            h_norms = result.norms("h", k, d)
            c_norms = result.norms("c", k, d) if entry.grad_c is not None else None
            for t in range(result.seq_len):
                steps.append(
                    {
                        "t": t,
                        "layer": k,
                        "direction": d,
                        "grad_h_norm": float(h_norms[t]),
                        "grad_c_norm": float(c_norms[t]) if c_norms is not None else None,
                        "jac_hT_ht_norm": float(jac[t]),
                    }
                )
    weights = {
        name: {"grad_norm": float(terms.total.norm()), "bptt_terms_error": terms.sum_error}
        for name, terms in bptt_terms(result).items()
    }
    config = result.config
    return {
        "model": config.describe() if config is not None else type(result.module).__name__,
        "loss": result.loss.name,
        "steps": steps,
        "weights": weights,
        "verify": {"max_abs_diff": check.max_abs_diff, "ok": check.ok},
    }


def print_table(result: GradTrace, check: GradVerification) -> None:
    config = result.config
    print(config.describe() if config is not None else type(result.module).__name__)
    print(text("grad.cli.loss", loss=result.loss.describe()) + f"  L = {result.loss_value:.6g}")
    print(text("grad.cli.norm"))
    for k, row in enumerate(result.layers):
        for d, entry in enumerate(row):
            way = text("grad.cli.reverse") if d else text("grad.cli.forward")
            print("\n" + text("grad.cli.layer", layer=k, direction=way))
            jac = jacobians(result, k, d)
            lstm = entry.grad_c is not None
            head = f"{'t':>4}  {'‖∂L/∂h_t‖':>12}" + (f"{'‖∂L/∂c_t‖':>12}" if lstm else "")
            print(
                head
                + f"{'‖∂h_T/∂h_t‖':>14}{'‖∂h_t/∂h_t-1‖':>15}"
                + (f"{'f_t':>8}{'∂c/∂c':>8}" if lstm else "")
            )
            h_norms = result.norms("h", k, d)
            c_norms = result.norms("c", k, d) if lstm else None
            for t in range(result.seq_len):
                line = f"{t:4d}  {float(h_norms[t]):12.4e}"
                if c_norms is not None:
                    line += f"{float(c_norms[t]):12.4e}"
                line += f"{float(jac.hT_ht[t]):14.4e}{float(jac.ht_htm1[t]):15.4e}"
                if jac.c_paths:
                    line += f"{float(jac.c_paths['f_diag'][t]):8.3f}{float(jac.c_paths['total'][t]):8.3f}"
                print(line)
    terms = bptt_terms(result)
    print()
    print(
        text("grad.cli.bptt", err=max((t.sum_error for t in terms.values()), default=0.0), count=len(terms))
    )
    verdict = text("grad.cli.pass") if check.ok else text("grad.cli.fail")
    print(text("grad.cli.verify", tol=check.tol, diff=check.max_abs_diff, verdict=verdict))


def run_cli(
    args: argparse.Namespace,
    config: RecurrentConfig,
    fail: Callable[[str], int],
    emit: Callable[[dict[str, Any]], None],
    linears: tuple[Any, ...] = (),
) -> int:
    """Build, trace, verify, print (table or JSON), save; 0 verified, 1 failed, 2 bad input."""
    try:
        module, x, head, loss = build_case(args, config, linears)
        result = grad_trace(module, x, loss=loss, head=head, truncate=args.truncate)
    except (ValueError, SampleError, TraceError, LossError, OSError) as exc:
        return fail(str(exc))
    check = verify_grads(result)
    if args.json:
        emit(report(result, check))
    else:
        print_table(result, check)
    if args.out is not None:
        from app.engine.grad.npz import save_grad_npz

        path = save_grad_npz(result, args.out)
        if not args.json:
            print(text("grad.cli.saved", path=path))
    return 0 if check.ok else 1

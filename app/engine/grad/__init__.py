"""Gradients through time: ∂L/∂h_t, ∂L/∂c_t, Jacobian norms and the BPTT sum, on the note's own model.

Owns ``steps`` (one differentiable step per cell), ``recurrence`` (our whole-module recurrence, with
truncation), ``loss`` (which L and L itself), ``gradtrace`` (the gradients of every step in one backward
pass), ``jacobians`` (‖∂h_T/∂h_t‖₂, ‖∂h_t/∂h_{t−1}‖₂, the LSTM's ∂c_t/∂c_{t−1} paths, lazily), ``bptt``
(each step's term of ∂L/∂W = Σ_t …), ``verify`` (autograd through the module's own forward), ``head``
(a classifier head for an inferred model), ``npz`` (the CLI's ``--out``) and ``report`` (the CLI).
May import: torch, ``app.engine.config``, ``app.engine.inputs``, ``app.engine.notecode`` and
``app.engine.trace`` through their ``__init__``, ``app.i18n``. ``serve`` calls it, never the reverse.
"""

from app.engine.grad.bptt import BpttTerms, bptt_terms, weight_names
from app.engine.grad.gradtrace import GradTrace, LayerGrad, grad_trace, grad_trace_model
from app.engine.grad.head import head_for
from app.engine.grad.jacobians import Jacobians, jacobian_norms, jacobians
from app.engine.grad.loss import (
    LOSSES,
    LossChoice,
    LossError,
    choose_loss,
    last_output,
    loss_value,
    sample_label,
)
from app.engine.grad.npz import save_grad_npz
from app.engine.grad.verify import GradVerification, verify_grads

__all__ = [
    "LOSSES",
    "BpttTerms",
    "GradTrace",
    "GradVerification",
    "Jacobians",
    "LayerGrad",
    "LossChoice",
    "LossError",
    "bptt_terms",
    "choose_loss",
    "grad_trace",
    "grad_trace_model",
    "head_for",
    "jacobian_norms",
    "jacobians",
    "last_output",
    "loss_value",
    "sample_label",
    "save_grad_npz",
    "verify_grads",
    "weight_names",
]

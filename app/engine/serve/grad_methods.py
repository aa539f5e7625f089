"""Register the gradient panel's methods (``grad.*``) with the kernel's rpc registry.

``app.engine.rpc`` imports this module (its ``PROVIDERS`` table) on the first ``grad.*`` call; the
functions live in ``app.engine.serve.gradients`` and stay plain Python for in-process tests.
"""

from __future__ import annotations

from app.engine import rpc
from app.engine.serve import gradients

rpc.method("grad.open")(gradients.grad_open)
rpc.method("grad.jacobians")(gradients.grad_jacobians)
rpc.method("grad.terms")(gradients.grad_terms)

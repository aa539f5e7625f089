"""A shape badge's click opens the equation panel on its tensor: ``output``, ``h_n``, ``c_n``, ``x``…

A badge judges a written shape (``(N, L, D∗H_out)``) against one tensor of one module (the module of the
claim's section, ``app.engine.claims``). Clicking it should show that tensor the way a gate symbol's click
shows the gate: in the panel, with its real shape and named axes, and its values at step t. The kernel
serves these as panel quantities (``lstm.output``, ``lstm.h_n``, ``lstm.input``… in
``app.engine.serve.tensors``); here the claim becomes a :class:`TensorTarget`, which the controller treats
like a linked equation (it has ``quantity``, ``module`` and ``equation``), so the same ``panel.open`` /
``panel.step`` path traces the module and fetches the values, and the step slider moves t.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate  # lupdate collects translate("ShapeBadges", "…")

# the claim's tensor (``Claim.quantity``) -> the panel quantity's name after "<kind>."
PANEL_NAMES = {"output": "output", "h_n": "h_n", "c_n": "c_n", "input": "input", "h_0": "h_0", "c_0": "c_0",
               "h_t": "h", "c_t": "c"}  # fmt: skip
LATEX = {"output": r"\mathrm{output}", "input": "x", "h": "h_t", "c": "c_t"}
WHOLE = ("output", "h_n", "c_n", "input", "h_0", "c_0")  # app.engine.serve.tensors.WHOLE


@dataclass(frozen=True)
class TensorEquation:
    """What the controller reads of a linked equation (its id, LaTeX and pieces)."""

    id: str
    latex: str
    pieces: tuple[Any, ...] = ()


@dataclass(frozen=True)
class TensorTarget:
    """A claim's tensor, shown by the controller like a linked equation."""

    quantity: str  # "lstm.output"
    module: int | None  # the note module the claim was judged on (python -m app model's index)
    equation: TensorEquation
    claim: dict[str, Any] = field(default_factory=dict)
    symbols: tuple[Any, ...] = ()
    notation: str | None = None


def target_for(claim: dict[str, Any]) -> TensorTarget | None:
    """The panel target of one ``shapes.evaluate`` row (None: a tensor the panel cannot show, e.g. a
    weight, a code name the model does not return, or c_n of a GRU)."""
    name = PANEL_NAMES.get(str(claim.get("quantity") or ""))
    kind = claim.get("kind")
    if name is None or not kind or (kind != "lstm" and name in ("c_n", "c_0", "c")):
        return None
    latex = LATEX.get(name, name)
    module = claim.get("module")
    return TensorTarget(f"{kind}.{name}", None if module is None else int(module),
                        TensorEquation(str(claim.get("id") or ""), latex), dict(claim))  # fmt: skip


def show_tensor(controller: Any, claim: dict[str, Any]) -> bool:
    """Open the panel on a claim's tensor (False when it has none the panel can show)."""
    target = target_for(claim)
    if target is None:
        return False
    controller._started = time.perf_counter()
    if controller.path is None:
        controller.path = controller.window.current_note()
    if controller.path is None:
        return False
    controller.reveal()
    controller.linked = target
    latex = target.equation.latex
    tip = translate("ShapeBadges", "{0} · the tensor of the shape written on line {1}").format(
        target.quantity, claim.get("line"))
    controller.chips = [{"latex": latex, "quantity": target.quantity, "transposed": False, "tip": tip}]
    controller.panel.show_equation(latex, target.quantity, [(latex, target.quantity, tip)])
    subject = str(claim.get("subject") or target.quantity)
    written = "(" + ", ".join(str(a) for a in claim.get("written") or []) + ")"
    controller.panel.title.setText(
        translate("ShapeBadges", "{0} · written {1} on line {2}").format(subject, written, claim.get("line")))
    controller.selected = 0
    controller.panel.select_symbol(0)
    controller.ensure_open()
    return True


def whole_shape_html(item: dict[str, Any]) -> str | None:
    """The shape chip of a whole tensor: its real shape with every axis named, the time axis with the
    step shown (``(N=1, L=28 · t=5, D·H_out=256)``); None for a one-step item (a gate)."""
    whole = item.get("tensor")
    if not whole:
        return None
    dims = []
    for k, (axis, size) in enumerate(zip(whole["axes"], whole["shape"], strict=False)):
        step = f" · t={whole['t']}" if k == whole.get("time_axis") else ""
        dims.append(f"<b>{html.escape(str(axis))}</b>={int(size)}{step}")
    pills = [("(" + ", ".join(dims) + ")", "#e8eefc", "#1e3a8a"),
             (html.escape(str(item.get("dtype", ""))), "#eef2f7", "#334155"),
             (html.escape(str(item.get("device", ""))), "#e6f6ea", "#1f2933")]  # fmt: skip
    pill = "<span style='background-color:{1}; color:{2};'>&nbsp;{0}&nbsp;</span>"
    return "&nbsp;".join(pill.format(*p) for p in pills)


def repaint_shape(controller: Any) -> None:
    """After a step is painted: a whole tensor's chip shows its real shape, not the one step's slice."""
    step = getattr(controller, "last_step", None)
    if not isinstance(controller.linked, TensorTarget) or not step:
        return
    chip = whole_shape_html(step.get("result") or {})
    if chip is not None:
        controller.panel.tensor.shape.setText(chip)

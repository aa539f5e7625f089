"""The panel's words for what the kernel and the linker report as codes: where the model comes from,
why a device is unavailable, where a chain value comes from, why an equation is not linked.

The kernel (``app.engine.serve.model``, ``panel_service``) answers in data, not sentences, so one
kernel serves a Korean and an English UI alike; the words live here, English source text translated
by Qt (``resources/i18n/tensornote_ko.ts``, context "EquationPanel").
"""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app import i18n as coded
from app.ui.common import i18n as ui_language

translate = QCoreApplication.translate  # lupdate collects translate("EquationPanel", "…")

ORIGINS = {
    "live": QT_TRANSLATE_NOOP("EquationPanel", "From running your code"),
    "inferred": QT_TRANSLATE_NOOP("EquationPanel", "Inferred from the note's code"),
    "default": QT_TRANSLATE_NOOP("EquationPanel", "Default model (no LSTM/GRU/RNN code in the note)"),
}
DEVICE_REASONS = {
    "cuda-not-built": QT_TRANSLATE_NOOP("EquationPanel", "CUDA not found ({0} build, without CUDA)"),
    "cuda-no-device": QT_TRANSLATE_NOOP(
        "EquationPanel", "No CUDA device found (no driver or GPU, {0} build)"
    ),
    "mps-not-macos": QT_TRANSLATE_NOOP("EquationPanel", "MPS is available on macOS only"),
    "mps-not-built": QT_TRANSLATE_NOOP("EquationPanel", "This torch build does not support MPS ({0} build)"),
    "mps-unavailable": QT_TRANSLATE_NOOP(
        "EquationPanel", "The MPS device cannot be used (needs Apple silicon, macOS 12.3 or later)"
    ),
}
UNLINKED_REASONS = {  # app.equations.linker reason codes; {0}: the symbol or the function's name
    "empty": QT_TRANSLATE_NOOP("EquationPanel", "Empty equation"),
    "no-equals": QT_TRANSLATE_NOOP("EquationPanel", "Not an equation: it has no equals sign (=)"),
    "lone-symbol": QT_TRANSLATE_NOOP("EquationPanel", "Not an equation: a single symbol"),
    "unknown-symbol": QT_TRANSLATE_NOOP(
        "EquationPanel", "Not a model equation: a symbol the model does not have"
    ),
    "size-symbol": QT_TRANSLATE_NOOP("EquationPanel", "Not a model equation: a symbol for a tensor size"),
    "shape": QT_TRANSLATE_NOOP("EquationPanel", "Not a model equation: the definition of a tensor shape"),
    "gradient": QT_TRANSLATE_NOOP("EquationPanel", "Not a model equation: a gradient (derivative)"),
    "loss": QT_TRANSLATE_NOOP("EquationPanel", "Not a model equation: the definition of a loss function"),
    "initial-state": QT_TRANSLATE_NOOP(
        "EquationPanel", "Not a model equation: the definition of an initial state"
    ),
    "lhs-not-one-symbol": QT_TRANSLATE_NOOP(
        "EquationPanel", "Not a model equation: the left side is not a single symbol"
    ),
    "function-definition": QT_TRANSLATE_NOOP(
        "EquationPanel", "Not a model equation: the definition of the {0} function"
    ),
    "not-computed": QT_TRANSLATE_NOOP(
        "EquationPanel", "Not a model equation: {0} on the left is not a value the model computes"
    ),
    "not-a-formula": QT_TRANSLATE_NOOP(
        "EquationPanel", "Not a model equation: the right side is not a formula for {0}"
    ),
    "ambiguous-model": QT_TRANSLATE_NOOP(
        "EquationPanel",
        "Cannot tell the model: {0} exists in LSTM, GRU and RNN alike "
        "(write e.g. tensornote: {{model: lstm}} in the front matter)",
    ),
}
FUNCTION_NAMES = {  # reason_args["name"] words that differ between languages
    "sigmoid": QT_TRANSLATE_NOOP("EquationPanel", "sigmoid"),
    "activation": QT_TRANSLATE_NOOP("EquationPanel", "activation"),
}
COLD_HINT = QT_TRANSLATE_NOOP(
    "EquationPanel", "Starting the kernel… (the first time takes a few seconds to load torch)"
)


def cold_hint() -> str:
    """The progress text while the note's kernel starts (the first click waits for torch)."""
    return translate("EquationPanel", str(COLD_HINT))


def origin_label(origin: dict[str, Any]) -> str:
    """ "Inferred from the note's code", "… (config edited)": the kind of model the panel traces."""
    kind = str(origin.get("kind", ""))
    label = translate("EquationPanel", str(ORIGINS[kind])) if kind in ORIGINS else kind
    if origin.get("edited"):
        label += translate("EquationPanel", " (config edited)")
    return label


def device_reason(entry: dict[str, Any]) -> str:
    """Why a device of ``panel.devices`` cannot be used, in the UI language."""
    code = str(entry.get("reason") or "")
    text = DEVICE_REASONS.get(code)
    return translate("EquationPanel", str(text)).format(entry.get("build", "torch")) if text else code


def device_detail(entry: dict[str, Any]) -> str:
    """What a usable device is: the GPU's name, or the CPU's thread count."""
    if entry.get("threads"):
        return translate("EquationPanel", "%n thread(s)", "", int(entry["threads"]))
    return str(entry.get("detail") or "")


TRACED = re.compile(r"trace: (?P<name>\S+)\[t=(?P<t>\d+)\] \(layer (?P<layer>\d+), (?P<dir>fwd|bwd)\)")


def source_text(item: dict[str, Any]) -> str:
    """A tensor's or chain item's provenance in the UI language: the kernel's code "sum-of-terms", its
    fixed form ``trace: c[t=3] (layer 0, fwd)`` (``app.engine.serve.quantities``), or a code name
    (``weight_ih_l0[256:512]``, ``σ(pre_f)``) shown as it is."""
    source = str(item.get("source", ""))
    if source == "sum-of-terms":
        return translate("EquationPanel", "Σ of the terms")
    traced = TRACED.fullmatch(source)
    if traced is None:
        return source
    direction = (translate("EquationPanel", "forward") if traced["dir"] == "fwd"
                 else translate("EquationPanel", "backward"))  # fmt: skip
    return translate("EquationPanel", "trace: {0}[t={1}] (layer {2}, {3})").format(
        traced["name"], traced["t"], traced["layer"], direction
    )


def unlinked_reason(code: str | None, args: dict[str, str], korean: str | None) -> str | None:
    """Why an equation is not linked, in the UI language: worded by the linker's ``reason_code``; the
    linker's Korean sentence for a code this UI does not know."""
    text = UNLINKED_REASONS.get(code or "")
    if text is None:
        if code and coded.has(code):  # the linker's coded reasons (peephole, not-in-model …)
            return coded.text(code, lang=ui_language.current_language(), **args)
        return korean
    name = str(args.get("name", ""))
    if name in FUNCTION_NAMES:
        name = translate("EquationPanel", str(FUNCTION_NAMES[name]))
    value = name or str(args.get("symbol", ""))
    return translate("EquationPanel", str(text)).format(value)


def _coded(code: str, **args: Any) -> str:
    """A code registered with ``app.i18n`` (by ``app.engine.notecode``) worded in the UI language."""
    return coded.text(code, lang=ui_language.current_language(), **args)


def module_label(entry: dict[str, Any]) -> str:
    """One note module in the panel's menu: "line 6 · 인코더 · Encoder.rnn" then its configuration."""
    head = _coded("notecode.module.section", line=entry.get("line"), section=entry.get("section") or "—",
                  name=entry.get("name"))  # fmt: skip
    return f"{head} — {entry.get('object', '')}"


def module_lines(origin: dict[str, Any]) -> str:
    """HTML lines under the origin: which note module is traced, and what was assumed (with why)."""
    if origin.get("kind") != "inferred" or origin.get("name") is None:
        return ""
    out = "<br>" + html.escape(_coded(
        "notecode.module.label", line=origin.get("line"), name=origin.get("name"), model=origin.get("object")
    ))
    why = origin.get("why") or {}
    if why:
        items = "; ".join(_coded(str(reason["code"]), **reason["args"]) for reason in why.values())
        assumed = html.escape(_coded("notecode.module.assumed", items=items))
        out += f"<br><span style='color:#b45309'>{assumed}</span>"
    return out


def assumed_reasons(origin: dict[str, Any]) -> dict[str, str]:
    """Each assumed config field with why, in the UI language (the config editor's tooltips)."""
    why = origin.get("why") or {} if origin.get("kind") == "inferred" else {}
    return {name: _coded(str(reason["code"]), **reason["args"]) for name, reason in why.items()}

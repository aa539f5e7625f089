"""The panel's words for what the kernel reports as codes: where the model comes from, why a device
is unavailable, where a chain value comes from.

The kernel (``app.engine.panel_model``, ``panel_service``) answers in data, not sentences, so one
kernel serves a Korean and an English UI alike; the words live here, English source text translated
by Qt (``resources/i18n/tensornote_ko.ts``, context "EquationPanel").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

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


def source_text(item: dict[str, Any]) -> str:
    """A chain item's provenance: the kernel's code "sum-of-terms", or a name like "σ(pre_f)"."""
    source = str(item.get("source", ""))
    return translate("EquationPanel", "Σ of the terms") if source == "sum-of-terms" else source

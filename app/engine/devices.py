"""Choosing a torch device by name, with an error that says what is available.

"auto" prefers cuda, then mps, then cpu. The trace takes the same code path on every device; only
where the tensors live differs.
"""

from __future__ import annotations

import torch

from app.i18n import messages, text

messages({
    "devices.unknown": ("알 수 없는 장치 {name}: {choices} 중 하나를 고르세요",
                        "Unknown device {name}: choose one of {choices}"),
    "devices.unavailable": ("장치 {name}을(를) 쓸 수 없습니다. 사용 가능한 장치: {available}",
                            "Device {name} is not available here. Available: {available}"),
})

CHOICES = ("auto", "cpu", "cuda", "mps")


def available_devices() -> list[str]:
    found = ["cpu"]
    if torch.cuda.is_available():
        found.insert(0, "cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.insert(1 if found[0] == "cuda" else 0, "mps")
    return found


def resolve_device(name: str) -> torch.device:
    """The device for ``name``; ValueError naming the available ones when it is not here."""
    available = available_devices()
    if name == "auto":
        return torch.device(available[0])
    if name not in CHOICES:
        raise ValueError(text("devices.unknown", name=repr(name), choices=", ".join(CHOICES)))
    if name not in available:
        raise ValueError(text("devices.unavailable", name=repr(name), available=", ".join(available)))
    return torch.device(name)

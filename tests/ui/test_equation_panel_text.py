"""The panel speaks the UI language, including what the kernel reports as codes (origin, device reasons).

A real EquationPanel is built in English and in Korean (the committed translation); the kernel's
``panel.devices`` answer is produced by the real engine in this process.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.engine.serve import model as panel_model
from app.ui.common import i18n
from app.ui.equation_panel.text import device_detail, device_reason, origin_label, source_text
from app.ui.equation_panel.view import EquationPanel


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    i18n.install_translator(qapp, "en")
    yield
    i18n.install_translator(qapp, "ko")


def test_kernel_codes_are_worded_in_english(english: None, ui_app: QApplication) -> None:
    assert (
        origin_label({"kind": "inferred", "edited": True}) == "Inferred from the note's code (config edited)"
    )
    devices = {d["name"]: d for d in panel_model.devices()}
    if not devices["mps"]["available"]:
        assert "MPS" in device_reason(devices["mps"]) and not any(
            "\uac00" <= c <= "\ud7a3" for c in device_reason(devices["mps"])
        )
    assert device_detail({"threads": 1}) == "1 thread" and device_detail({"threads": 4}) == "4 threads"
    assert source_text({"source": "sum-of-terms"}) == "Σ of the terms"
    panel = EquationPanel()
    try:
        assert panel.title.text() == "Click an equation"
        panel.show_equation("f_t", "lstm.f", [], "d2l")
        assert panel.title.text() == "lstm.f  ·  forget gate"
        assert panel.notation.text().startswith("d2l notation:")
        panel.set_badge(True, 1e-7, 1e-5)
        assert panel.badge.text().startswith("✓ matches PyTorch")
    finally:
        panel.deleteLater()


def test_kernel_codes_are_worded_in_korean(ui_app: QApplication) -> None:
    assert i18n.current_language() == "ko"
    assert origin_label({"kind": "live", "edited": False}) == "내 코드 실행 결과"
    assert origin_label({"kind": "default", "edited": True}).endswith("(설정 편집됨)")
    assert device_reason({"reason": "mps-not-macos"}) == "MPS는 macOS에서만 사용할 수 있습니다"
    assert device_reason({"reason": "cuda-no-device", "build": "torch 2.0"}).endswith("torch 2.0 빌드)")
    assert device_detail({"threads": 2}) == "2 스레드"
    panel = EquationPanel()
    try:
        panel.show_equation("f_t", "lstm.f", [], None)
        assert panel.title.text() == "lstm.f  ·  망각 게이트 (forget gate)"
        panel.set_badge(False, 1.0, 1e-5)
        assert panel.badge.text().startswith("✗ PyTorch와 다름")
    finally:
        panel.deleteLater()

"""Where a step tensor comes from ("trace: n[t=3] (layer 0, fwd)") is worded in the UI language.

The provenance string is made by the real engine here (``resolve`` on a real GRU trace), exactly as the
kernel sends it; the panel words it with the committed Korean translation, and in English.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import torch
from PySide6.QtWidgets import QApplication

from app.engine.config import RecurrentConfig
from app.engine.inputs.samples import make_input
from app.engine.serve.quantities import resolve
from app.engine.trace.tracer import trace
from app.ui.common import i18n
from app.ui.equation_panel.text import source_text


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    config = RecurrentConfig("gru", 6, 5, num_layers=2, bidirectional=True)
    torch.manual_seed(0)
    module = torch.nn.GRU(**config.kwargs()).eval()
    traced = trace(module, make_input("random", config, batch=1, seq_len=4, seed=0))
    return {
        "n": resolve(traced, "gru.n", 1, 1, 3).source,  # layer 1, backward, t = 3
        "W_in": resolve(traced, "gru.W_in", 0, 0, 0).source,  # a parameter: its code name
    }


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    i18n.install_translator(qapp, "en")
    yield
    i18n.install_translator(qapp, "ko")


def test_trace_source_is_korean_in_the_korean_ui(ui_app: QApplication, sources: dict[str, str]) -> None:
    i18n.install_translator(ui_app, "ko")
    worded = source_text({"source": sources["n"]})
    assert worded == "추적: n[t=3] (1층, 역방향)", worded
    assert "trace" not in worded and "bwd" not in worded
    assert source_text({"source": sources["W_in"]}) == sources["W_in"]  # code names stay as written


def test_trace_source_in_english(english: None, sources: dict[str, str]) -> None:
    assert source_text({"source": sources["n"]}) == "trace: n[t=3] (layer 1, backward)"

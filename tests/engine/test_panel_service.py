"""The equation panel's kernel side, called in-process: the numbers it sends are the engine's numbers.

Every expected value is computed here independently: the module is rebuilt from the documented recipe
(``torch.manual_seed(0)`` then the constructor), the input comes from ``app.engine.inputs.samples``, and the
gates are recomputed with a plain per-step loop over the module's own weights.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from torch import nn

from app.engine import notestate, rpc
from app.engine.config import RecurrentConfig
from app.engine.inputs.samples import make_input
from app.engine.serve import panel as panel_service
from tests.conftest import NOTES

SEED = sorted(NOTES.glob("20*.md"))[0]
SEED_CONFIG = RecurrentConfig("lstm", 28, 256, num_layers=3, batch_first=True)


def w(module: nn.Module, name: str) -> torch.Tensor:
    """A parameter of the module by its PyTorch name, detached (typed, for mypy)."""
    value = getattr(module, name)
    assert isinstance(value, torch.Tensor)
    return value.detach()


def decode(payload: dict) -> np.ndarray:
    return np.frombuffer(base64.b64decode(payload["b64"]), dtype="<f4").reshape(payload["shape"])


def seed_module(config: RecurrentConfig = SEED_CONFIG) -> nn.LSTM:
    torch.manual_seed(0)
    return nn.LSTM(**config.kwargs()).eval()


def loop_gates(module: nn.LSTM, x: torch.Tensor) -> dict[str, torch.Tensor]:
    """Layer 0 of an LSTM, step by step from its weights (time-major x: (L, N, H_in))."""
    hidden = module.hidden_size
    w_ih, w_hh = w(module, "weight_ih_l0"), w(module, "weight_hh_l0")
    b = w(module, "bias_ih_l0") + w(module, "bias_hh_l0")
    h = torch.zeros(x.shape[1], hidden)
    c = torch.zeros(x.shape[1], hidden)
    out: dict[str, list[torch.Tensor]] = {"f": [], "pre_f": [], "c": [], "h": []}
    with torch.no_grad():
        for t in range(x.shape[0]):
            pre = x[t] @ w_ih.T + h @ w_hh.T + b  # (N, 4H)
            i, f, g, o = pre.split(hidden, dim=1)
            i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
            c = f * c + i * g
            h = o * torch.tanh(c)
            out["pre_f"].append(pre[:, hidden : 2 * hidden])
            out["f"].append(f)
            out["c"].append(c)
            out["h"].append(h)
    return {k: torch.stack(v) for k, v in out.items()}  # (L, N, H)


@pytest.fixture
def opened() -> dict:
    notestate.STATE.module, notestate.STATE.model = None, None
    return panel_service.panel_open(str(SEED), {}, {"kind": "digit"}, "cpu")


SYMBOLS: list[dict[str, Any]] = [
    {"latex": "f_t", "quantity": "lstm.f"},
    {"latex": "W_{if}", "quantity": "lstm.W_if"},
    {"latex": "x_t", "quantity": "lstm.x"},
    {"latex": "b_{if}", "quantity": "lstm.b_if"},
    {"latex": "W_{hf}", "quantity": "lstm.W_hf"},
    {"latex": "h_{t-1}", "quantity": "lstm.h_prev"},
    {"latex": "W_f", "quantity": "lstm.W_f"},
    {"latex": "b_f", "quantity": "lstm.b_f"},
    {"latex": r"\mathbf{W}_{xf}", "quantity": "lstm.W_if", "transposed": True},
    {"latex": r"\sigma", "quantity": None},
]


def test_open_describes_the_seed_model(opened: dict) -> None:
    assert opened["origin"]["kind"] == "inferred"
    assert opened["origin"]["edited"] is False  # codes, not sentences: the UI words them
    assert opened["origin"]["object"] == "LSTM(28, 256, num_layers=3, batch_first=True)"
    assert opened["dims"] == {
        "L": 28,
        "N": 1,
        "layers": 3,
        "directions": 1,
        "H": 256,
        "H_out": 256,
        "H_in": 28,
    }
    assert opened["input"]["shape"] == [1, 28, 28] and opened["device"] == "cpu"
    assert opened["verify"]["ok"] and opened["verify"]["max_abs_output"] <= opened["verify"]["tol"]
    json.dumps(opened)  # travels as JSON


def test_step_values_equal_an_independent_recomputation(opened: dict) -> None:
    module = seed_module()
    x = make_input("digit", SEED_CONFIG, batch=1, seq_len=28, seed=0).transpose(0, 1)  # (L, N, H_in)
    expected = loop_gates(module, x)
    for t in (0, 5, 27):
        step = panel_service.panel_step("lstm.f", 0, 0, 0, t, SYMBOLS, 0, str(SEED))
        result = step["result"]
        assert result["shape"] == [1, 256] and result["axes"] == ["N", "H"]
        assert result["dtype"] == "float32" and result["device"] == "cpu"
        np.testing.assert_allclose(decode(result["values"]), expected["f"][t].numpy(), atol=1e-6)
        f = expected["f"][t].double()
        assert result["stats"]["min"] == pytest.approx(float(f.min()), abs=1e-6)
        assert result["stats"]["std"] == pytest.approx(float(f.std(unbiased=False)), abs=1e-6)
        saturated = float(((f < 0.05) | (f > 0.95)).double().mean())
        assert result["stats"]["saturated"] == pytest.approx(saturated)


def test_symbols_carry_their_tensors_and_sources(opened: dict) -> None:
    module = seed_module()
    step = panel_service.panel_step("lstm.f", 0, 0, 0, 3, SYMBOLS, 4, str(SEED))
    by_latex = {s["latex"]: s for s in step["symbols"] if s}
    w_if = by_latex["W_{if}"]
    assert w_if["shape"] == [256, 28] and w_if["axes"] == ["H", "H_in"]
    assert w_if["source"] == "weight_ih_l0[256:512]"
    np.testing.assert_array_equal(decode(w_if["values"]), w(module, "weight_ih_l0")[256:512].detach().numpy())
    w_hf = by_latex["W_{hf}"]  # the selected symbol (index 4) always carries its values
    np.testing.assert_array_equal(decode(w_hf["values"]), w(module, "weight_hh_l0")[256:512].detach().numpy())
    concat = by_latex["W_f"]  # W_f = [W_hf | W_if], the order of [h_{t-1}, x_t]
    assert concat["shape"] == [256, 284] and "values" not in concat and len(concat["head"]) == 16
    expected = torch.cat([w(module, "weight_hh_l0")[256:512], w(module, "weight_ih_l0")[256:512]], dim=1)
    np.testing.assert_allclose(concat["head"], expected.reshape(-1)[:16].detach().numpy(), rtol=1e-6)
    b_f = by_latex["b_f"]
    np.testing.assert_allclose(
        decode(b_f["values"]),
        (w(module, "bias_ih_l0") + w(module, "bias_hh_l0"))[256:512].detach().numpy(),
        rtol=1e-6,
    )
    d2l = by_latex[r"\mathbf{W}_{xf}"]  # d2l writes X_t W_xf: W_xf = W_if^T
    assert d2l["transposed"] and d2l["shape"] == [28, 256] and d2l["axes"] == ["H_in", "H"]
    assert by_latex["x_t"]["axes"] == ["N", "H_in"] and by_latex["h_{t-1}"]["axes"] == ["N", "H"]
    assert step["symbols"][-1] is None  # σ is not a tensor


def test_chain_adds_up_to_the_pre_activation_and_the_gate(opened: dict) -> None:
    module = seed_module()
    x = make_input("digit", SEED_CONFIG, batch=1, seq_len=28, seed=0).transpose(0, 1)
    expected = loop_gates(module, x)
    step = panel_service.panel_step("lstm.f", 0, 0, 0, 7, [], None, str(SEED))
    names = [c["name"] for c in step["chain"]]
    assert names == ["W_if x_t", "b_if", "W_hf h_{t-1}", "b_hf", "pre-activation", "f_t"]
    assert [c["op"] for c in step["chain"]] == ["", "+", "+", "+", "=", "σ"]
    total = sum(decode(c["values"]).astype(np.float64) for c in step["chain"][:4])
    np.testing.assert_allclose(total, expected["pre_f"][7, 0].numpy(), atol=1e-5)
    np.testing.assert_allclose(decode(step["chain"][-1]["values"]), expected["f"][7, 0].numpy(), atol=1e-6)
    assert step["chain"][4]["sum_gap"] < 1e-5


def test_last_layer_step_is_checked_against_the_module_output(opened: dict) -> None:
    step = panel_service.panel_step("lstm.h", 2, 0, 0, 27, [], None, str(SEED))
    assert step["step_diff"] is not None and step["step_diff"] <= step["tol"]
    assert panel_service.panel_step("lstm.h", 0, 0, 0, 27, [], None, str(SEED))["step_diff"] is None


def test_out_of_range_selection_is_clamped(opened: dict) -> None:
    step = panel_service.panel_step("lstm.c", 99, 5, 7, 1000, [], None, str(SEED))
    assert (step["layer"], step["direction"], step["batch"], step["t"]) == (2, 0, 0, 27)


def test_heatmaps_are_time_by_units(opened: dict) -> None:
    module = seed_module()
    x = make_input("digit", SEED_CONFIG, batch=1, seq_len=28, seed=0).transpose(0, 1)
    expected = loop_gates(module, x)
    maps = panel_service.panel_heatmaps(0, 0, 0, str(SEED))
    assert list(maps["maps"]) == ["i", "f", "g", "o", "c", "h"]
    for entry in maps["maps"].values():
        assert entry["shape"] == [28, 256]
    np.testing.assert_allclose(decode(maps["maps"]["c"]), expected["c"][:, 0].numpy(), atol=1e-5)


def test_the_second_open_reuses_the_cached_trace(opened: dict) -> None:
    again = panel_service.panel_open(str(SEED), {}, {"kind": "digit"}, "cpu")
    assert again["cached"]
    assert again["key"] == opened["key"]


def test_config_overrides_and_gru(tmp_path: Path) -> None:
    note = tmp_path / "gru.md"
    note.write_text(
        "```python\nrnn = nn.GRU(input_size=5, hidden_size=4, bidirectional=True)\n```\n", "utf-8"
    )
    info = panel_service.panel_open(str(note), {"hidden_size": 6}, {"kind": "sine", "seq_len": 9}, "cpu")
    assert info["kind"] == "gru" and info["dims"]["H"] == 6 and info["dims"]["directions"] == 2
    assert info["origin"]["kind"] == "inferred" and info["origin"]["edited"] is True
    step = panel_service.panel_step(
        "gru.n", 0, 1, 0, 4, [{"latex": "r_t", "quantity": "gru.r"}], 0, str(note)
    )
    assert step["direction"] == 1 and step["result"]["shape"] == [1, 6]
    assert step["chain"][-1]["op"] == "tanh" and step["symbols"][0]["role"] == "gate"
    assert list(panel_service.panel_heatmaps(0, 1, 0, str(note))["maps"]) == ["r", "z", "n", "h"]


def test_live_object_from_the_users_code_is_traced() -> None:
    torch.manual_seed(3)
    live = nn.LSTM(28, 64, batch_first=True)
    notestate.STATE.path = str(SEED)
    notestate.STATE.module = live
    notestate.STATE.model = notestate.ModelRecord("model.rnn", repr(live), "user", "lstm")
    try:
        info = panel_service.panel_open(str(SEED), {}, {"kind": "digit"}, "cpu")
        assert info["origin"]["kind"] == "live" and not info["origin"]["edited"]
        assert info["origin"]["object"] == f"model.rnn: {live!r}" and info["dims"]["H"] == 64
        step = panel_service.panel_step(
            "lstm.f", 0, 0, 0, 0, [{"latex": "W_{if}", "quantity": "lstm.W_if"}], 0
        )
        np.testing.assert_array_equal(
            decode(step["symbols"][0]["values"]), w(live, "weight_ih_l0")[64:128].detach()
        )
    finally:
        notestate.STATE.module, notestate.STATE.model, notestate.STATE.path = None, None, None


def test_devices_explain_what_is_unavailable() -> None:
    devices = {d["name"]: d for d in panel_service.panel_devices()}
    assert devices["cpu"]["available"]
    if not torch.cuda.is_available():
        assert not devices["cuda"]["available"]
        assert devices["cuda"]["reason"] in ("cuda-not-built", "cuda-no-device")
        assert devices["cuda"]["build"] == f"torch {torch.__version__}"
        with pytest.raises(ValueError, match="CUDA"):
            panel_service.panel_open(str(SEED), {}, {}, "cuda")
    if sys.platform != "darwin":
        assert devices["mps"]["reason"] == "mps-not-macos"
    assert devices["cpu"]["threads"] == torch.get_num_threads()


def test_bad_requests_get_clear_messages(opened: dict) -> None:
    from app.i18n import set_language

    try:
        for lang, setting, kind in (("ko", "알 수 없는 설정", "알 수 없는 입력 종류"),
                                    ("en", "Unknown setting", "Unknown input kind")):
            set_language(lang)  # in the user's language (the kernel follows TENSORNOTE_LANG)
            with pytest.raises(ValueError, match=setting):
                panel_service.panel_open(str(SEED), {"hiden_size": 3}, {}, "cpu")
            with pytest.raises(ValueError, match=kind):
                panel_service.panel_open(str(SEED), {}, {"kind": "noise"}, "cpu")
    finally:
        set_language(None)
    with pytest.raises(ValueError, match="GRU"):
        panel_service.panel_step("gru.r", 0, 0, 0, 0, [], None, str(SEED))
    step = panel_service.panel_step(
        "lstm.f", 0, 0, 0, 0, [{"latex": "W_z", "quantity": "lstm.W_z"}], 0, str(SEED)
    )
    assert "error" in step["symbols"][0]


def test_methods_are_reachable_through_the_rpc_registry(opened: dict) -> None:
    envelope = rpc.handle({"method": "panel.devices", "params": {}})
    assert envelope["ok"] and envelope["result"][0]["name"] == "cpu"
    envelope = rpc.handle(
        {"method": "panel.step", "params": {"quantity": "lstm.f", "t": 2, "note_path": str(SEED)}}
    )
    assert envelope["ok"] and envelope["result"]["t"] == 2


def test_a_step_before_open_says_panel_not_open(tmp_path: Path) -> None:
    """What a restarted kernel answers: the UI re-opens on this error type instead of showing it."""
    never_opened = str(tmp_path / "never.md")
    with pytest.raises(panel_service.PanelNotOpen):
        panel_service.panel_step("lstm.f", note_path=never_opened)
    envelope = rpc.handle({"method": "panel.heatmaps", "params": {"note_path": never_opened}})
    assert not envelope["ok"] and envelope["error"]["type"] == "PanelNotOpen"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_trace_matches_cpu_and_says_where_it_lives() -> None:
    info = panel_service.panel_open(str(SEED), {}, {"kind": "digit"}, "cuda")
    assert info["device"].startswith("cuda") and info["verify"]["ok"]
    step = panel_service.panel_step("lstm.f", 0, 0, 0, 4, SYMBOLS[:2], 1, str(SEED))
    assert step["result"]["device"].startswith("cuda") and step["symbols"][1]["device"].startswith("cuda")
    panel_service.panel_open(str(SEED), {}, {"kind": "digit"}, "cpu")
    cpu = panel_service.panel_step("lstm.f", 0, 0, 0, 4, [], None, str(SEED))
    np.testing.assert_allclose(decode(step["result"]["values"]), decode(cpu["result"]["values"]), atol=1e-5)

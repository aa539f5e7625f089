"""The CLI twin through a real subprocess, the .npz layout, sample inputs and device choice."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from app.engine.config import RecurrentConfig
from app.engine.devices import available_devices, resolve_device
from app.engine.inputs.samples import SampleError, digit_image, make_input

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "trace", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_npz_round_trip_matches_pytorch(tmp_path: Path) -> None:
    out = tmp_path / "trace.npz"
    run = _cli(
        "--model",
        "lstm",
        "--input-size",
        "3",
        "--hidden-size",
        "5",
        "--num-layers",
        "2",
        "--bidirectional",
        "--batch-first",
        "--batch",
        "2",
        "--seq-len",
        "4",
        "--seed",
        "7",
        "--device",
        "cpu",
        "--out",
        str(out),
        "--lang",
        "ko",
    )
    assert run.returncode == 0, run.stderr
    assert "통과" in run.stdout and "max|Δh|" in run.stdout
    data = np.load(out)
    torch.manual_seed(7)
    lstm = torch.nn.LSTM(3, 5, num_layers=2, bidirectional=True, batch_first=True).eval()
    state = {f"state/{k}": v.numpy() for k, v in lstm.state_dict().items()}
    for key, value in state.items():
        np.testing.assert_array_equal(data[key], value)
    x = torch.from_numpy(data["x"])
    assert x.shape == (2, 4, 3)
    with torch.no_grad():
        output, (_h_n, c_n) = lstm(x)
    np.testing.assert_allclose(data["output"], output.numpy(), atol=1e-6)
    np.testing.assert_allclose(data["c_n"], c_n.numpy(), atol=1e-6)
    for k in range(2):
        for d, tag in enumerate(("fwd", "bwd")):
            for name in ("i", "f", "g", "o", "c", "h"):
                assert data[f"layer{k}/{tag}/{name}"].shape == (4, 2, 5)
            # h of the top layer, time first, is the module's output
            if k == 1:
                np.testing.assert_allclose(
                    data[f"layer1/{tag}/h"].transpose(1, 0, 2),
                    output[..., d * 5 : (d + 1) * 5].numpy(),
                    atol=1e-6,
                )
    assert "h0" not in data and "layer0/fwd/r" not in data


def test_cli_on_the_seed_note_with_a_digit() -> None:
    run = _cli("--note", "notes/2023-11-22.md", "--input", "digit", "--device", "auto", "--lang", "ko")
    assert run.returncode == 0, run.stderr
    assert "RecurrentNeuralNetworkClass.rnn = LSTM(28, 256, num_layers=3, batch_first=True)" in run.stdout
    assert "고침 25행" in run.stdout
    assert run.stdout.count("층 2 정방향") == 1


def test_cli_trace_table_speaks_english() -> None:
    """The whole table follows --lang en: no Korean word in it (layer headings, check, result, saved)."""
    run = _cli("--model", "gru", "--input-size", "3", "--hidden-size", "4", "--num-layers", "2",
               "--bidirectional", "--seq-len", "3", "--device", "cpu", "--lang", "en")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "layer 1 reverse:" in run.stdout and "result: passed" in run.stdout
    assert not any("\uac00" <= ch <= "\ud7a3" for ch in run.stdout), run.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "gru", "--input-size", "3", "--hidden-size", "4", "--device", "tpu"], "알 수 없는 장치"),
        (["--model", "rnn", "--input-size", "3"], "--hidden-size"),
        (["--model", "lstm", "--input-size", "3", "--hidden-size", "4", "--seq-len", "0"], "1 이상"),
    ],
)
def test_cli_bad_input_is_one_clear_line(args: list[str], message: str) -> None:
    run = _cli(*args, "--lang", "ko")
    assert run.returncode == 2
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_unavailable_device_names_the_available_ones() -> None:
    missing = [name for name in ("cuda", "mps") if name not in available_devices()]
    if not missing:
        pytest.skip("every device is available here")
    with pytest.raises(ValueError, match=r"(사용 가능한 장치|Available): .*cpu"):
        resolve_device(missing[0])
    assert resolve_device("auto").type == available_devices()[0]


def test_sample_shapes_follow_the_module() -> None:
    seq_first = RecurrentConfig("lstm", 28, 8)
    batch_first = RecurrentConfig("gru", 28, 8, batch_first=True)
    assert make_input("random", seq_first, 3, 5).shape == (5, 3, 28)
    assert make_input("sine", batch_first, 3, 5).shape == (3, 5, 28)
    assert make_input("random", seq_first, None, 5).shape == (5, 28)
    assert make_input("digit", batch_first, 2).shape == (2, 28, 28)
    assert torch.equal(
        make_input("random", seq_first, 2, 4, seed=1), make_input("random", seq_first, 2, 4, seed=1)
    )
    assert not torch.equal(
        make_input("random", seq_first, 2, 4, seed=1), make_input("random", seq_first, 2, 4, seed=2)
    )
    sine = make_input("sine", seq_first, 1, 50)
    assert sine.abs().max() <= 1.0 and sine[:, 0, 0].std() > 0.5


def test_digit_is_a_real_three_by_default() -> None:
    """The default digit is the first "3" of scikit-learn's test split, scaled from 8×8 to the full 28×28."""
    from app.engine.inputs import digits

    image = digit_image(28)
    chosen = digits.choose(28, 0, 3)
    assert chosen.label == 3 and chosen.split == "test"
    assert np.array_equal(image, chosen.image)
    assert image.shape == (28, 28) and image.min() >= 0.0 and image.max() == pytest.approx(1.0)
    ink_rows = (image > 0.5).any(axis=1)
    assert 14 <= ink_rows.sum() <= 28  # strokes span most of the height
    assert image[:, :8].max() < image[:, 14:22].max()  # a "3" is open on the left


def test_file_inputs(tmp_path: Path) -> None:
    config = RecurrentConfig("lstm", 4, 3)
    np.save(tmp_path / "a.npy", np.ones((5, 4), dtype=np.float32))
    assert make_input(str(tmp_path / "a.npy"), config).shape == (5, 4)
    torch.save(torch.zeros(2, 6, 4), tmp_path / "b.pt")
    assert make_input(str(tmp_path / "b.pt"), config).shape == (2, 6, 4)
    (tmp_path / "c.csv").write_text("1,2,3,4\n5,6,7,8\n", encoding="utf-8")
    assert make_input(str(tmp_path / "c.csv"), config)[1, 3].item() == 8.0
    Image.fromarray(np.full((7, 4), 255, dtype=np.uint8)).save(tmp_path / "d.png")
    assert make_input(str(tmp_path / "d.png"), config).max().item() == 1.0
    np.save(tmp_path / "bad.npy", np.ones((5, 9), dtype=np.float32))
    from app.i18n import set_language

    try:
        for lang, wrong, missing in (("ko", "input_size는 4", "없습니다"),
                                     ("en", "input_size is 4", "No such")):
            set_language(lang)  # the message is in the user's language (app.i18n)
            with pytest.raises(SampleError, match=wrong):
                make_input(str(tmp_path / "bad.npy"), config)
            with pytest.raises(SampleError, match=missing):
                make_input(str(tmp_path / "missing.npy"), config)
    finally:
        set_language(None)

"""Sample inputs for a recurrent module: noise, sine waves, a real handwritten digit, or a file.

The seed note's model reads MNIST rows (xdim=28: each of the 28 rows of a 28×28 image is one time
step), so the "digit" sample is a real handwritten digit from scikit-learn's ``load_digits`` (test split,
``app.engine.inputs.digits``), scaled the MNIST way; the panel then shows gates reacting to the strokes row
by row. All samples are
seeded and shaped by the module's conventions: (L, N, H_in), (N, L, H_in) when batch_first, or
(L, H_in) when unbatched (batch=None).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from app.engine.config import RecurrentConfig
from app.engine.inputs import digits
from app.i18n import messages, text

messages({
    "samples.digit_size": ("숫자 이미지는 input_size가 8 이상이어야 합니다 (지금 {size}); "
                           "28이 MNIST 크기입니다",
                           "A digit image needs input_size of 8 or more (now {size}); 28 is MNIST's size"),
    "samples.digit_rows": ("숫자 이미지는 행이 {rows}개라 seq_len도 {rows}이어야 합니다 (받은 값 {got})",
                           "A digit image has {rows} rows, so seq_len must be {rows} too (got {got})"),
    "samples.pt_not_tensor": ("{name}에는 텐서 하나가 있어야 합니다 ({kind}이(가) 있음)",
                              "{name} must hold one tensor (it holds a {kind})"),
    "samples.not_numbers": ("{name}: 숫자가 아닌 값이 있습니다 ({error})",
                            "{name}: it holds values that are not numbers ({error})"),
    "samples.suffix": ("{name}: .npy, .pt, .csv 또는 이미지 파일만 읽습니다",
                       "{name}: only .npy, .pt, .csv or image files are read"),
    "samples.no_file": ("입력 파일이 없습니다: {path}", "No such input file: {path}"),
    "samples.unreadable": ("{name}을(를) 읽을 수 없습니다: {error}", "Can't read {name}: {error}"),
    "samples.dims": ("{name}: 2차원 (L, H_in) 또는 3차원 배열이어야 합니다 (모양 {shape})",
                     "{name}: the array must be 2-D (L, H_in) or 3-D (shape {shape})"),
    "samples.features": ("{name}: 마지막 차원(특성 수)이 {last}인데 모듈의 input_size는 {size}입니다",
                         "{name}: the last dimension (features) is {last} but the module's input_size "
                         "is {size}"),
    "samples.batch_len": ("batch와 seq_len은 1 이상이어야 합니다", "batch and seq_len must be 1 or more"),
})

KINDS = ("random", "sine", "digit")
INPUT_KINDS = (*KINDS, "file")  # what the panels offer: the made-up kinds or a file of the user's
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}


class SampleError(ValueError):
    """An input that does not fit the module (the message is for the user, in their language)."""


def _layout(seq: torch.Tensor, config: RecurrentConfig, batch: int | None) -> torch.Tensor:
    """(L, N, F) → the module's layout; unbatched when batch is None."""
    if batch is None:
        return seq[:, 0]
    return seq.transpose(0, 1).contiguous() if config.batch_first else seq


def random_input(config: RecurrentConfig, batch: int | None, seq_len: int, seed: int = 0) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return _layout(torch.randn(seq_len, batch or 1, config.input_size, generator=generator), config, batch)


def sine_input(config: RecurrentConfig, batch: int | None, seq_len: int, seed: int = 0) -> torch.Tensor:
    """Feature j of sample n: sin(2π (t / period_j) + phase_n), periods spread from 4 to 2L steps."""
    rng = np.random.default_rng(seed)
    t = np.arange(seq_len)[:, None, None]  # (L, 1, 1)
    periods = np.linspace(4.0, max(2.0 * seq_len, 8.0), config.input_size)[None, None, :]  # (1, 1, F)
    phases = rng.uniform(0.0, 2.0 * math.pi, size=(1, batch or 1, 1))  # (1, N, 1)
    waves = np.sin(2.0 * math.pi * t / periods + phases)  # (L, N, F)
    return _layout(torch.from_numpy(waves.astype(np.float32)), config, batch)


def digit_image(size: int = 28, index: int = 0, label: int | None = digits.DEFAULT_LABEL) -> np.ndarray:
    """A real handwritten digit (scikit-learn's ``load_digits``, test split) at size×size in [0, 1].

    The ``index``-th test image of class ``label`` (any class when None); see ``app.engine.inputs.digits``.
    """
    return digits.choose(size, index, label).image


def digit_input(
    config: RecurrentConfig,
    batch: int | None,
    seq_len: int | None = None,
    seed: int = 0,
    *,
    index: int | None = None,
    label: int | None = digits.DEFAULT_LABEL,
) -> torch.Tensor:
    """Rows of real digits as time steps, scaled to input_size×input_size and standardised with the train
    split's mean and std (``digits.standardise``, the constants training uses).

    Sample n is the ``(index + n)``-th test digit of class ``label`` (any class when None); ``index``
    defaults to ``seed``, so the panel's seed picks another hand.
    """
    if config.input_size < 8:
        raise SampleError(text("samples.digit_size", size=config.input_size))
    start = seed if index is None else index
    try:
        chosen = digits.batch(config.input_size, batch or 1, start, label)
    except digits.DigitError as exc:
        raise SampleError(str(exc)) from None
    rows = [digits.standardise(d.image, config.input_size) for d in chosen]  # what training fed the model
    seq = torch.from_numpy(np.stack(rows, axis=1))  # (L=input_size, N, F)
    if seq_len is not None and seq_len != seq.shape[0]:
        raise SampleError(text("samples.digit_rows", rows=seq.shape[0], got=seq_len))
    return _layout(seq, config, batch)


def _load_array(path: Path) -> np.ndarray:
    suffix = path.suffix.lower()
    if suffix == ".npy":
        return np.load(path, allow_pickle=False)
    if suffix == ".pt":
        obj = torch.load(path, map_location="cpu", weights_only=True)
        if not isinstance(obj, torch.Tensor):
            raise SampleError(text("samples.pt_not_tensor", name=path.name, kind=type(obj).__name__))
        return obj.detach().numpy()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            rows = [row for row in csv.reader(handle) if row]
        try:
            return np.array([[float(v) for v in row] for row in rows], dtype=np.float32)
        except ValueError as exc:
            raise SampleError(text("samples.not_numbers", name=path.name, error=exc)) from None
    if suffix in IMAGE_SUFFIXES:
        with Image.open(path) as image:
            return np.asarray(image.convert("L"), dtype=np.float32) / 255.0
    raise SampleError(text("samples.suffix", name=path.name))


def file_input(config: RecurrentConfig, path: str | Path) -> torch.Tensor:
    """A tensor from a file, taken as the module's layout: 2-D is unbatched (L, H_in), 3-D is batched."""
    path = Path(path)
    if not path.is_file():
        raise SampleError(text("samples.no_file", path=path))
    try:
        array = _load_array(path)
    except SampleError:
        raise
    except Exception as exc:  # corrupt files come in many forms; the user needs one clear line
        raise SampleError(text("samples.unreadable", name=path.name, error=exc)) from None
    if array.ndim not in (2, 3):
        raise SampleError(text("samples.dims", name=path.name, shape=array.shape))
    if array.shape[-1] != config.input_size:
        raise SampleError(text("samples.features", name=path.name, last=array.shape[-1],
                               size=config.input_size))
    return torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))


def make_input(
    kind: str,
    config: RecurrentConfig,
    batch: int | None = 1,
    seq_len: int = 8,
    seed: int = 0,
    *,
    digit_index: int | None = None,
    digit_label: int | None = digits.DEFAULT_LABEL,
) -> torch.Tensor:
    """``kind`` is random, sine, digit, or a file path (a digit by test-split index and class)."""
    if (batch is not None and batch < 1) or seq_len < 1:
        raise SampleError(text("samples.batch_len"))
    if kind == "random":
        return random_input(config, batch, seq_len, seed)
    if kind == "sine":
        return sine_input(config, batch, seq_len, seed)
    if kind == "digit":
        return digit_input(config, batch, None, seed, index=digit_index, label=digit_label)
    return file_input(config, kind)

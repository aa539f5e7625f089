"""Real handwritten digits: scikit-learn's ``load_digits`` (UCI, 1,797 images of 8×8, 16 grey levels).

Why these and not MNIST: they ship inside scikit-learn, so the app works offline and vendors no data. The seed
note's model reads MNIST-shaped images (28 rows of 28 pixels, one row per time step), so an 8×8 image is
scaled (bilinear) to fill the whole 28×28 frame, values in [0, 1] with the brightest ink at 1. Why the full
frame and not MNIST's 20×20 box with a margin: every one of the 28 steps then carries ink, and no empty rows
at the end separate the last stroke from the classifier that reads the last step. A model with ``input_size``
8 gets the original 8×8; any other size ≥ 8 the same full-frame scaling.

The split is fixed: a permutation from ``numpy.random.default_rng(SPLIT_SEED)``, the first
:data:`TEST_SIZE` images are the test split (about 20 %), the rest train. Every process (kernel, CLI, test)
gets the same split, so "test accuracy" always means the same 360 images. A sample is chosen by its index in
a split, or by class (the ``k``-th image of that class in the split).

What the model reads is standardised (:func:`standardise`): ``(pixel − mean) / std`` with the train split's
mean and std at that size, as MNIST is usually fed (``Normalize((0.1307,), (0.3081,))``). Why: centred inputs
train much faster; measured on the seed's LSTM(28, 256, 3 layers), Adam(lr=0.002), 64 digits a step, the test
accuracy first reached 90 % after 120 steps on raw [0, 1] pixels and after 70 steps standardised. The panel's
sample and the training data use the same constants, so a trained model sees in the panel what it learned on;
:class:`Digit` keeps the raw [0, 1] image for showing.

Shapes: :func:`images` returns ``(N, size, size)`` float32 in [0, 1] and ``(N,)`` int64 labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
import torch.nn.functional as F

from app.i18n import messages, text

SPLIT_SEED = 0
TEST_SIZE = 360
SPLITS = ("train", "test")
DEFAULT_LABEL = 3  # the panel's first digit is a "3", like the drawn one before it

messages(
    {
        "digits.size": (
            "숫자 이미지는 input_size가 8 이상이어야 합니다 (지금 {size}); 28이 MNIST 크기입니다",
            "a digit image needs input_size of at least 8 (it is {size}); 28 is MNIST's size",
        ),
        "digits.split": (
            "분할은 train 또는 test입니다 ({split}을(를) 받음)",
            "the split is train or test (got {split})",
        ),
        "digits.label": (
            "숫자 클래스는 0–9입니다 ({label}을(를) 받음)",
            "a digit class is 0–9 (got {label})",
        ),
        "digits.index": (
            "{split} 분할에서 번호 {index}는 없습니다 (0–{last})",
            "there is no index {index} in the {split} split (0–{last})",
        ),
    }
)


class DigitError(ValueError):
    """A digit request that does not fit (the message is in the user's language)."""


@dataclass(frozen=True)
class Digit:
    """One chosen digit: its pixels at the asked size, its label, and where it sits in the data."""

    image: np.ndarray  # (size, size) float32 in [0, 1]
    label: int  # 0–9
    split: str  # "train" | "test"
    index: int  # position in the split
    source: int  # position in load_digits()


@lru_cache(maxsize=1)
def _raw() -> tuple[np.ndarray, np.ndarray]:
    """(1797, 8, 8) float32 in [0, 1] and (1797,) int64; loaded once per process (≈ 30 ms)."""
    from sklearn.datasets import load_digits

    data = load_digits()
    return (data.images.astype(np.float32) / 16.0, data.target.astype(np.int64))


@lru_cache(maxsize=1)
def _order() -> dict[str, np.ndarray]:
    """The fixed split: positions into load_digits() for "test" and "train"."""
    perm = np.random.default_rng(SPLIT_SEED).permutation(len(_raw()[1]))
    return {"test": perm[:TEST_SIZE], "train": perm[TEST_SIZE:]}


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise DigitError(text("digits.split", split=split))


def scale(images: np.ndarray, size: int) -> np.ndarray:
    """(N, 8, 8) → (N, size, size): unchanged for 8, else bilinear to the full frame; peak ink 1."""
    if size < 8:
        raise DigitError(text("digits.size", size=size))
    if size == 8:
        return _peak_one(torch.from_numpy(np.array(images, dtype=np.float32))).numpy()
    small = torch.from_numpy(np.ascontiguousarray(images, dtype=np.float32))[:, None]  # (N, 1, 8, 8)
    grown = F.interpolate(small, size=(size, size), mode="bilinear", align_corners=False)[
        :, 0
    ]  # (N, size, size)
    return _peak_one(grown.clamp(0.0, 1.0)).numpy()


def _peak_one(batch: torch.Tensor) -> torch.Tensor:
    """Each image divided by its brightest pixel, so the pen's ink is 1 as in MNIST (bilinear dims peaks)."""
    peak = batch.amax(dim=(1, 2), keepdim=True).clamp_min(1e-6)  # (N, 1, 1)
    return batch / peak


@lru_cache(maxsize=8)
def images(split: str, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Every image of a split at ``size``: ``(N, size, size)`` float32 and ``(N,)`` labels (cached)."""
    _check_split(split)
    pixels, labels = _raw()
    where = _order()[split]
    scaled = scale(pixels[where], size)
    scaled.setflags(write=False)
    chosen = labels[where]
    chosen.setflags(write=False)
    return scaled, chosen


@lru_cache(maxsize=8)
def stats(size: int) -> tuple[float, float]:
    """(mean, std) of every pixel of the train split at ``size``: the standardisation constants."""
    pixels, _ = images("train", size)
    return float(pixels.mean()), float(pixels.std())


def standardise(pixels: np.ndarray, size: int) -> np.ndarray:
    """``(pixels − mean) / std`` with the train split's constants at ``size`` (any shape, float32)."""
    mean, std = stats(size)
    return ((pixels - mean) / std).astype(np.float32)


def choose(size: int, index: int = 0, label: int | None = None, split: str = "test") -> Digit:
    """The ``index``-th image of ``split`` (or the ``index``-th of class ``label`` in it), scaled to ``size``.

    Raises :class:`DigitError` for a size under 8, an unknown split or class, or an index past the end.
    """
    _check_split(split)
    if size < 8:
        raise DigitError(text("digits.size", size=size))
    pixels, labels = _raw()
    where = _order()[split]
    if label is not None:
        if not 0 <= int(label) <= 9:
            raise DigitError(text("digits.label", label=label))
        where = where[labels[where] == int(label)]
    if not 0 <= index < len(where):
        raise DigitError(text("digits.index", split=split, index=index, last=len(where) - 1))
    source = int(where[index])
    position = int(np.flatnonzero(_order()[split] == source)[0])
    image = scale(pixels[source][None], size)[0]
    return Digit(image=image, label=int(labels[source]), split=split, index=position, source=source)


def batch(size: int, count: int, index: int = 0, label: int | None = None) -> list[Digit]:
    """``count`` consecutive test digits from ``index`` (of class ``label`` when given), wrapping around."""
    _, labels = _raw()
    where = _order()["test"]
    total = len(where) if label is None else int((labels[where] == int(label)).sum())
    return [choose(size, (index + n) % max(total, 1), label) for n in range(count)]

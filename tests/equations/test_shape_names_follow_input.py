"""A shape name the legend does not define and that follows the input (d2l's T for the steps) is the
axis's size on each tensor: ``outputs: (T, N, num_hiddens)`` holds for an LSTM(28, 32); it was a ✗
"T = ?" because the probe input has other steps than the sample, so T was no single constant."""

from __future__ import annotations

from app.equations.shapes.forms import parse_axes
from app.equations.shapes.legend import Legend
from app.equations.shapes.verdict import Probe, judge

ENV_REAL = {"batch": 1, "seq": 28, "dirs": 1, "layers": 1, "input": 28, "hidden": 32, "out": 32}
ENV_PROBE = {**ENV_REAL, "batch": 3, "seq": 5}
MODEL = {"batch_first": False, "bidirectional": False, "proj_size": 0, "hidden_size": 32}


def _judge(written: str, real: tuple[int, ...], probe: tuple[int, ...]):  # type: ignore[no-untyped-def]
    axes = parse_axes(written)
    assert axes is not None
    return judge(axes, Legend(), Probe(real, probe), ENV_REAL, ENV_PROBE, subject="outputs",
                 quantity="output", model=MODEL)  # fmt: skip


def test_d2l_steps_name_holds() -> None:
    verdict = _judge("T, N, num_hiddens", (28, 1, 32), (5, 3, 32))
    assert verdict.holds is True, verdict.why
    assert verdict.solved["T"] == 28 and verdict.evaluated == [28, 1, 32]


def test_the_same_name_on_two_axes_must_agree() -> None:
    verdict = _judge("T, T, num_hiddens", (28, 1, 32), (5, 3, 32))
    assert verdict.holds is False


def test_a_known_name_in_the_wrong_place_is_still_wrong() -> None:
    verdict = _judge("N, T, num_hiddens", (28, 1, 32), (5, 3, 32))  # N first: batch_first=False
    assert verdict.holds is False

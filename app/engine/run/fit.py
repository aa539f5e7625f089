"""The sample input a method block's class accepts, chosen from the layer its ``__init__`` builds first.

``def forward(self, x)`` pasted from a note runs bound to the note's model (``runner``), so ``x`` must be
what that model takes. The first layer it registers decides (``model.modules()`` keeps ``__init__``'s
order):

- ``nn.Embedding``: integer token ids in ``[0, num_embeddings)``, (N, L) when the model's recurrent
  layer is ``batch_first`` (or it has none), else (L, N);
- ``nn.LSTM`` / ``GRU`` / ``RNN``: (N, L, input_size) floats (time first when not ``batch_first``) for any
  input_size, 1 included; the sample kind the user chose (digit rows by default, which needs at least 8
  features), with a sine wave as the default for fewer features, where a digit means nothing;
- ``nn.Conv2d``: an image batch (N, C_in, 28, 28) of real handwritten digits (scikit-learn's
  ``load_digits``), the same digit in every channel; ``nn.Conv1d``: (N, C_in, L) random floats;
- ``nn.LSTMCell`` / ``GRUCell`` / ``RNNCell``: (N, L, input_size), the sequence its loop steps over;
- ``nn.Linear``: (N, in_features) random floats.

The description (``kind``, ``shape``, ``dtype`` and what was chosen and why, as a code with its args,
worded in ``app.engine.notecode.inputs``) goes into the run's result, so the UI and the CLI name the input.
It also lists the ``choices``: the input kinds this class accepts (``state.set_input``'s kinds for a
sequence: digit only with at least 8 features, sine, random; a single fixed kind for the others), which the
code panel offers as one-click buttons that run the block again.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from app.engine.config import RecurrentConfig
from app.engine.inputs import samples
from app.engine.notecode import INPUT_CODES  # the codes' words (torch-free: the code panel words them too)
from app.engine.trace import config_of

SEQ_LEN = 28  # a digit image read row by row: 28 steps of 28 pixels
IMAGE_SIZE = 28
MIN_DIGIT_FEATURES = 8
SEQUENCE_KINDS = ("digit", "sine", "random")  # what a sequence model may be fed (``state.set_input`` kinds)
FIRST_LAYERS = (nn.Embedding, nn.RNNBase, nn.RNNCellBase, nn.Conv2d, nn.Conv1d, nn.Linear)


class FitError(ValueError):
    """The model has no layer whose input we know how to make."""


def first_layer(model: nn.Module) -> nn.Module | None:
    """The first layer ``__init__`` registered among those whose input we can make."""
    return next((m for m in model.modules() if m is not model and isinstance(m, FIRST_LAYERS)), None) or (
        model if isinstance(model, FIRST_LAYERS) else None
    )


def _shape(x: torch.Tensor) -> str:
    return "(" + ", ".join(str(n) for n in x.shape) + ")"


def fitted_input(
    model: nn.Module, kind: str, batch: int, seed: int, file: str | None = None
) -> tuple[torch.Tensor, dict[str, Any]]:
    """An input ``model`` accepts and its description (``{"kind", "shape", "dtype", "code", "args"}``).

    ``kind`` is the sample kind the user chose (random, sine, digit, file); it applies to sequence models.
    Raises :class:`FitError` when the model starts with no layer we know."""
    first = first_layer(model)
    if first is None:
        raise FitError(type(model).__name__)
    generator = torch.Generator().manual_seed(seed)
    if isinstance(first, nn.Embedding):
        recurrent = next((m for m in model.modules() if isinstance(m, nn.RNNBase)), None)
        time_first = recurrent is not None and not recurrent.batch_first
        size = (SEQ_LEN, batch) if time_first else (batch, SEQ_LEN)
        x = torch.randint(0, first.num_embeddings, size, generator=generator)  # (N, L) or (L, N)
        return x, _described(x, "tokens", "run.input.tokens", ("tokens",), vocab=first.num_embeddings)
    if isinstance(first, nn.RNNBase | nn.RNNCellBase):
        if isinstance(first, nn.RNNBase):
            config = config_of(first)
        else:  # a cell's loop: (N, L, H_in)
            config = RecurrentConfig("lstm", first.input_size, first.hidden_size, batch_first=True)
        source = file if kind == "file" and file else kind
        few = config.input_size < MIN_DIGIT_FEATURES
        choices = tuple(k for k in SEQUENCE_KINDS if not (few and k == "digit")) + (("file",) if file else ())
        if source == "digit" and few:
            x = samples.make_input("sine", config, batch=batch, seq_len=SEQ_LEN, seed=seed)
            code = "run.input.sine-few-features"
            return x, _described(x, "sine", code, choices, features=config.input_size)
        x = samples.make_input(source, config, batch=batch, seq_len=SEQ_LEN, seed=seed)
        return x, _described(x, kind, "run.input.sequence", choices, kind=kind, features=config.input_size)
    if isinstance(first, nn.Conv2d):
        digits = samples.make_input(
            "digit", RecurrentConfig("lstm", IMAGE_SIZE, 1, batch_first=True), batch=batch, seed=seed
        )  # (N, 28, 28) in [0, 1]
        x = digits.unsqueeze(1).expand(-1, first.in_channels, -1, -1).contiguous()  # (N, C_in, 28, 28)
        return x, _described(x, "image", "run.input.image", ("image",))
    if isinstance(first, nn.Conv1d):
        x = torch.randn(batch, first.in_channels, SEQ_LEN, generator=generator)  # (N, C_in, L)
        return x, _described(x, "random", "run.input.channels", ("random",))
    assert isinstance(first, nn.Linear)
    x = torch.randn(batch, first.in_features, generator=generator)  # (N, H_in)
    return x, _described(x, "random", "run.input.features", ("random",))


def _described(
    x: torch.Tensor, input_kind: str, code: str, choices: tuple[str, ...], **args: Any
) -> dict[str, Any]:
    assert code in INPUT_CODES, code
    return {
        "kind": input_kind,
        "choices": list(choices),
        "shape": list(x.shape),
        "dtype": str(x.dtype).removeprefix("torch."),
        "code": code,
        "args": {"shape": _shape(x), **args},
    }

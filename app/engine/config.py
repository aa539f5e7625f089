"""The shape of a recurrent module, without torch.

The UI process never imports torch, yet it must show which LSTM a note describes ("LSTM(28, 256,
num_layers=3, batch_first=True)") before any kernel exists. So the configuration is a plain dataclass
that both sides share: the kernel builds ``nn.LSTM(**config.kwargs())`` from it, and the trace engine
reports the module it traced as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("lstm", "gru", "rnn")
CELL_KINDS = ("lstm_cell", "gru_cell", "rnn_cell")  # nn.LSTMCell …: one layer, one direction, one step a call
CLASS_NAMES = {
    "lstm": "LSTM", "gru": "GRU", "rnn": "RNN",
    "lstm_cell": "LSTMCell", "gru_cell": "GRUCell", "rnn_cell": "RNNCell",
}  # fmt: skip
# The options a cell's constructor does not take (they must keep their defaults).
_SEQUENCE_ONLY = ("num_layers", "batch_first", "bidirectional", "dropout", "proj_size")


@dataclass(frozen=True)
class RecurrentConfig:
    """Constructor arguments of nn.LSTM / nn.GRU / nn.RNN (and their cells), with PyTorch's defaults.

    A cell kind (``"lstm_cell"``) takes only input_size, hidden_size, bias (and nonlinearity for the RNN
    cell); its other fields keep their defaults. ``family`` is the full module it steps ("lstm"): the
    trace follows a cell as that module with one layer and one direction.
    """

    kind: str  # "lstm" | "gru" | "rnn" | "lstm_cell" | "gru_cell" | "rnn_cell"
    input_size: int
    hidden_size: int
    num_layers: int = 1
    bias: bool = True
    batch_first: bool = False
    bidirectional: bool = False
    proj_size: int = 0  # LSTM only
    nonlinearity: str = "tanh"  # RNN only: "tanh" | "relu"
    dropout: float = 0.0

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))

    def problems(self) -> list[str]:
        """Why these arguments would not build a module (empty when they would)."""
        found = []
        if self.kind not in KINDS + CELL_KINDS:
            found.append(f"kind must be one of {', '.join(KINDS + CELL_KINDS)}, not {self.kind!r}")
        if self.kind in CELL_KINDS and any(getattr(self, name) != _DEFAULTS[name] for name in _SEQUENCE_ONLY):
            found.append(f"{', '.join(_SEQUENCE_ONLY)} are not options of a cell")
        if self.input_size < 1 or self.hidden_size < 1 or self.num_layers < 1:
            found.append("input_size, hidden_size and num_layers must be positive")
        if self.proj_size < 0 or (self.proj_size and self.kind not in ("lstm",)):
            found.append("proj_size is an LSTM option and must be >= 0")
        if self.proj_size and self.proj_size >= self.hidden_size:
            found.append("proj_size must be smaller than hidden_size")
        if self.nonlinearity not in ("tanh", "relu") or (
            self.nonlinearity == "relu" and self.family != "rnn"
        ):
            found.append("nonlinearity is an RNN option: 'tanh' or 'relu'")
        if not 0.0 <= self.dropout < 1.0:
            found.append("dropout must be in [0, 1)")
        return found

    @property
    def class_name(self) -> str:
        return CLASS_NAMES[self.kind]

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def family(self) -> str:
        """The full module kind: "lstm" for both nn.LSTM and nn.LSTMCell."""
        return self.kind.removesuffix("_cell")

    def as_sequence(self) -> RecurrentConfig:
        """The one-layer, one-direction module a cell steps through (itself for a full module)."""
        if not self.is_cell:
            return self
        return RecurrentConfig(
            self.family, self.input_size, self.hidden_size, bias=self.bias, nonlinearity=self.nonlinearity
        )

    @property
    def num_directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def output_size(self) -> int:
        """H_out: the size of h_t (proj_size when projecting)."""
        return self.proj_size or self.hidden_size

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for the torch constructor (only the options this kind accepts)."""
        if self.is_cell:
            cell: dict[str, Any] = {
                "input_size": self.input_size, "hidden_size": self.hidden_size, "bias": self.bias,
            }  # fmt: skip
            if self.kind == "rnn_cell":
                cell["nonlinearity"] = self.nonlinearity
            return cell
        args: dict[str, Any] = {
            "input_size": self.input_size,
            "hidden_size": self.hidden_size,
            "num_layers": self.num_layers,
            "bias": self.bias,
            "batch_first": self.batch_first,
            "dropout": self.dropout,
            "bidirectional": self.bidirectional,
        }
        if self.kind == "lstm":
            args["proj_size"] = self.proj_size
        if self.kind == "rnn":
            args["nonlinearity"] = self.nonlinearity
        return args

    def describe(self) -> str:
        """Like PyTorch's repr: ``LSTM(28, 256, num_layers=3, batch_first=True)`` (defaults omitted)."""
        parts = [str(self.input_size), str(self.hidden_size)]
        defaults = RecurrentConfig(self.kind, 1, 2)
        for name in (
            ("bias",)
            if self.is_cell
            else ("num_layers", "bias", "batch_first", "dropout", "bidirectional", "proj_size")
        ):
            value = getattr(self, name)
            if value != getattr(defaults, name):
                parts.append(f"{name}={value}")
        if self.nonlinearity != "tanh":
            parts.append(f"nonlinearity={self.nonlinearity!r}")
        return f"{self.class_name}({', '.join(parts)})"


_DEFAULTS: dict[str, Any] = {
    "num_layers": 1, "batch_first": False, "bidirectional": False, "dropout": 0.0, "proj_size": 0,
}  # fmt: skip
DEFAULT_CONFIG = RecurrentConfig("lstm", input_size=4, hidden_size=3)

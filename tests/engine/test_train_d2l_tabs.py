"""``train`` runs the note's model-defining blocks first: not a d2l chapter's MXNet tab (its
``class LSTM(nn.Block)`` failed with "torch.nn has no attribute Block" and was reported as the note's)."""

from __future__ import annotations

from pathlib import Path

from app.engine import notestate
from app.engine.train.report import run_model_code

NOTE = """# LSTM, d2l style

```{.python .input}
#@tab pytorch
import torch
from torch import nn

class LSTM(nn.Module):
    def __init__(self, num_inputs=6, num_hiddens=5):
        super().__init__()
        self.rnn = nn.LSTM(num_inputs, num_hiddens)
```

```{.python .input}
#@tab mxnet
class LSTM(nn.Block):
    def __init__(self, num_hiddens=5):
        super().__init__()
        self.rnn = rnn.LSTM(num_hiddens)
```
"""


def test_only_the_pytorch_tab_runs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    note = tmp_path / "d2l.md"
    note.write_text(NOTE, encoding="utf-8")
    ran = run_model_code(note, "cpu")
    assert ran == [0]
    assert capsys.readouterr().err == ""  # no "block 1 failed"
    assert issubclass(notestate.STATE.namespace["LSTM"], notestate.STATE.namespace["nn"].Module)
